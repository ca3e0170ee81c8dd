"""A public version as the public may read it *today*.

A version keeps a record's raw content (``registry.publishing.versions``); this
module is the one place that turns it into what is served — on the version's page,
in the API (``?version=``, ``?as_of=``), in dossiers — and it applies today's
protection rules (``registry.publishing.privacy``), not those of the day:

- a location follows the stricter of the site's sensitivity then and now (a site
  made restricted since shows no point in any of its versions);
- a person is named as today's visibility allows (a pseudonym only, if they have
  been made pseudonymous since; their other names, sites, affiliation and birth
  year only while they are public);
- a perpetrator, a publisher, an organisation, a custody chain's parties, a
  site, a structure: only while that record is public today, else left out (with
  the perpetrator goes the attribution, which alone would still accuse);
- a citation of a source that is confidential today is "confidential source", of
  a source that is not published today nothing at all.

The document is plain JSON, the same in every language (English labels, with the
Arabic ones beside them; references are paths, not addresses, so that its digest
does not depend on the host): ``digest`` is the SHA-256 of its ``record`` written
canonically (``canonical``). ``registry.catalogue.layout`` lays a document out
for pages and PDFs.
"""

import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from registry.models import (
    Actor,
    AdminDivision,
    ConditionAssessment,
    CulturalObject,
    DamageEvent,
    HeritageSite,
    LocationSensitivity,
    LootingIncident,
    Person,
    Source,
    Structure,
    Term,
    Visibility,
)
from registry.publishing.privacy import (
    CONFIDENTIAL_SOURCE,
    person_is_named,
    person_public_name,
    public_point,
    public_precision,
)
from registry.publishing.versions import note_of


@dataclass(frozen=True)
class Kind:
    """A kind of versioned record: its code in URLs and documents, its pages."""

    code: str
    model: type
    prefix: str  # the catalogue's path of such records ("sites")
    catalogue: str  # the catalogue's view of a record
    api: str  # the API's detail view
    singular: str = ""

    def page(self, public_id, number=None):
        """The catalogue's page of a record, or of one of its versions."""
        if number is None:
            return reverse(self.catalogue, args=[public_id])
        return reverse(f"catalogue:{self.code}-version", args=[public_id, number])


KINDS = [
    Kind(
        "site",
        HeritageSite,
        "sites",
        "catalogue:site",
        "api:site-detail",
        _("Heritage site"),
    ),
    Kind(
        "structure",
        Structure,
        "structures",
        "catalogue:structure",
        "api:structure-detail",
        _("Structure"),
    ),
    Kind(
        "damage-event",
        DamageEvent,
        "damage-events",
        "catalogue:damage-event",
        "api:damageevent-detail",
        _("Damage event"),
    ),
    Kind(
        "looting-incident",
        LootingIncident,
        "looting-incidents",
        "catalogue:looting-incident",
        "api:lootingincident-detail",
        _("Looting incident"),
    ),
    Kind(
        "object",
        CulturalObject,
        "objects",
        "catalogue:object",
        "api:culturalobject-detail",
        _("Cultural object"),
    ),
    Kind(
        "person",
        Person,
        "people",
        "catalogue:person",
        "api:person-detail",
        _("Person"),
    ),
    Kind(
        "actor",
        Actor,
        "actors",
        "catalogue:actor",
        "api:actor-detail",
        _("Actor"),
    ),
    Kind(
        "source",
        Source,
        "sources",
        "catalogue:source",
        "api:source-detail",
        _("Source"),
    ),
    Kind(
        "assessment",
        ConditionAssessment,
        "assessments",
        "catalogue:assessment",
        "api:assessment-detail",
        _("Condition assessment"),
    ),
]
KIND_BY_CODE = {kind.code: kind for kind in KINDS}
KIND_BY_MODEL = {kind.model: kind for kind in KINDS}

STRICTNESS = [
    LocationSensitivity.PUBLIC,
    LocationSensitivity.GENERALISED,
    LocationSensitivity.RESTRICTED,
]


def stricter(*sensitivities):
    """The most protective of ``sensitivities`` (unknown ones count as restricted)."""
    return max(
        sensitivities,
        key=lambda value: (
            STRICTNESS.index(value) if value in STRICTNESS else len(STRICTNESS)
        ),
    )


def canonical(value):
    """The canonical UTF-8 JSON of ``value``: keys sorted, no spaces."""
    return json.dumps(
        value, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    ).encode()


def digest_of(value):
    return hashlib.sha256(canonical(value)).hexdigest()


def live_record(version):
    """The record a version belongs to, as it is now (None once deleted)."""
    model = ContentType.objects.get_for_id(version.content_type_id).model_class()
    return model._default_manager.filter(pk=version.object_id).first()


# Today's state of what a version refers to -------------------------------------------


class Today:
    """Looks up, as of now, the records and terms a version refers to: records only
    while public, each at most once per document."""

    def __init__(self):
        self._records = {}
        self._terms = {}
        self._sources = {}

    def record(self, model, key):
        if key is None:
            return None
        cache_key = (model, key)
        if cache_key not in self._records:
            self._records[cache_key] = model.objects.published().filter(pk=key).first()
        return self._records[cache_key]

    def term(self, key):
        if key is None:
            return None
        if key not in self._terms:
            self._terms[key] = Term.objects.filter(pk=key).first()
        term = self._terms[key]
        if term is None:
            return None
        return {"code": term.code, "label_en": term.label_en, "label_ar": term.label_ar}

    def terms(self, keys):
        missing = [key for key in keys if key not in self._terms]
        if missing:
            for term in Term.objects.filter(pk__in=missing):
                self._terms[term.pk] = term
        return [term for term in (self.term(key) for key in keys) if term]

    def sources(self, keys):
        """{key: source} of the citable sources (published today) among ``keys``."""
        missing = [key for key in keys if key not in self._sources]
        if missing:
            found = Source.objects.filter(Source.citable_q(), pk__in=missing)
            self._sources.update(dict.fromkeys(missing))
            self._sources.update({source.pk: source for source in found})
        return {key: self._sources[key] for key in keys}

    def ref(self, model, key):
        """A reference to a record that is public today, else None."""
        return reference(self.record(model, key))


def reference(record):
    """{type, id, label, label_ar, path} of a public record, for documents."""
    if record is None:
        return None
    kind = KIND_BY_MODEL[type(record)]
    if kind.model is Person:
        label = person_public_name(record)
        label_ar = record.name_ar if person_is_named(record) else ""
    else:
        with translation.override("en"):
            label = str(getattr(record, "label", None) or record)
        label_ar = getattr(record, "name_ar", None) or getattr(record, "title_ar", "")
    return {
        "type": kind.code,
        "id": str(record.public_id),
        "label": label,
        "label_ar": label_ar or "",
        "path": reverse(kind.api, args=[record.public_id]),
    }


def country(code):
    if not code:
        return {"code": "", "name": ""}
    return {"code": code, "name": str(countries.name(code))}


def date_of(model, values):
    """An event's date as the API gives it, from raw stored values."""
    record = model(
        date_mode=values.get("date_mode") or "unknown",
        date_from=_date(values.get("date_from")),
        date_to=_date(values.get("date_to")),
        date_precision=values.get("date_precision") or "",
    )
    earliest, latest = record.earliest, record.latest
    return {
        "mode": record.date_mode,
        "precision": record.date_precision,
        "start": values.get("date_from"),
        "end": values.get("date_to"),
        "earliest": earliest.isoformat() if earliest else None,
        "latest": latest.isoformat() if latest else None,
        "display": str(record.date_display),
    }


def _date(value):
    from datetime import date

    return date.fromisoformat(value) if value else None


def location(latitude, longitude, sensitivity):
    point = public_point(latitude, longitude, sensitivity)
    return {
        "latitude": float(point[0]) if point else None,
        "longitude": float(point[1]) if point else None,
        "precision": public_precision(
            None if latitude is None else Decimal(latitude),
            None if longitude is None else Decimal(longitude),
            sensitivity,
        ),
    }


def names(values):
    return [
        {"name": name["name"], "language": name["language"], "kind": name["kind"]}
        for name in values or []
    ]


def citations(values, today):
    """Citations as the public may read them today (``privacy.public_citation``):
    a confidential source is only that, one not published today is not cited."""
    values = values or []
    sources = today.sources([citation["source_id"] for citation in values])
    result = []
    for citation in values:
        source = sources.get(citation["source_id"])
        if source is None:
            continue  # not published today: not cited
        if source.confidential:
            result.append(
                {
                    "source": None,
                    "title": str(CONFIDENTIAL_SOURCE),
                    "confidential": True,
                }
            )
            continue
        result.append(
            {
                "source": str(source.public_id),
                "title": source.title,
                "confidential": False,
                "locator": citation.get("locator", ""),
                "quote": citation.get("quote", ""),
                "accessed_on": citation.get("accessed_on"),
            }
        )
    return result


def attributed(values, today):
    """Perpetrator and attribution: both, only while the perpetrator is public."""
    perpetrator = today.ref(Actor, values.get("perpetrator_id"))
    return {
        "perpetrator": perpetrator,
        "attribution": values.get("attribution", "") if perpetrator else "",
    }


def assessed(values):
    return {
        "certainty": values.get("certainty", ""),
        "verification": values.get("verification", ""),
    }


# The records, kind by kind -----------------------------------------------------------


def _own(values, *fields):
    return {field: values.get(field) for field in fields}


def site_record(values, live, today):
    sensitivity = stricter(
        values.get("location_sensitivity"),
        live.location_sensitivity if live else LocationSensitivity.RESTRICTED,
    )
    regions = [code for code in (values.get("unesco_regions") or "").split(",") if code]
    return {
        **_own(values, "name", "name_ar"),
        "site_type": today.term(values.get("site_type_id")),
        "country": country(values.get("country")),
        "other_countries": [
            country(code) for code in values.get("other_countries") or []
        ],
        "admin_division": _division(values.get("admin_division_id")),
        "location": location(
            values.get("latitude"), values.get("longitude"), sensitivity
        ),
        **_own(values, "location_certainty", "condition"),
        "periods": today.terms(values.get("periods", [])),
        "area_hectares": values.get("area_hectares"),
        "category": values.get("unesco_category", ""),
        "region": regions,
        **_own(values, "description", "description_ar"),
        "names": names(values.get("names")),
        "designations": [
            _own(row, "kind", "reference", "criteria", "year_from", "year_to", "note")
            for row in values.get("designations", [])
        ],
        "identifiers": [
            _own(row, "scheme", "value", "url") for row in values.get("identifiers", [])
        ],
        "citations": citations(values.get("citations"), today),
    }


def _division(key):
    division = AdminDivision.objects.filter(pk=key).first() if key else None
    if division is None:
        return None
    return {"code": division.code, "name": division.name, "name_ar": division.name_ar}


def structure_record(values, live, today):
    site = today.record(HeritageSite, values.get("site_id"))
    own = values.get("latitude") is not None and values.get("longitude") is not None
    point = (values["latitude"], values["longitude"]) if own else (None, None)
    if not own and site is not None and site.has_point:
        point = (str(site.latitude), str(site.longitude))
    sensitivity = site.location_sensitivity if site else LocationSensitivity.RESTRICTED
    return {
        "site": reference(site),
        **_own(values, "name", "name_ar"),
        "structure_type": today.term(values.get("structure_type_id")),
        "condition": values.get("condition"),
        "location": location(*point, sensitivity),
        "periods": today.terms(values.get("periods", [])),
        "materials": today.terms(values.get("materials", [])),
        **_own(values, "description", "description_ar"),
        "names": names(values.get("names")),
        "citations": citations(values.get("citations"), today),
    }


def damage_event_record(values, live, today):
    structures = []
    for row in values.get("structure_damage", []):
        structure = today.ref(Structure, row.get("structure_id"))
        if structure is None:
            continue  # not public today
        structures.append(
            {
                "structure": structure,
                "effects": today.terms(row.get("effects", [])),
                **_own(row, "extent", "condition_after", "note"),
            }
        )
    return {
        "site": today.ref(HeritageSite, values.get("site_id")),
        **_own(values, "title", "title_ar"),
        "date": date_of(DamageEvent, values),
        "cause_category": values.get("cause_category"),
        "cause_type": today.term(values.get("cause_type_id")),
        "effects": today.terms(values.get("effects", [])),
        **_own(values, "extent", "condition_after"),
        **attributed(values, today),
        **assessed(values),
        **_own(values, "description", "description_ar"),
        "structures": structures,
        "citations": citations(values.get("citations"), today),
    }


def looting_incident_record(values, live, today):
    return {
        "site": today.ref(HeritageSite, values.get("site_id")),
        **_own(values, "title", "title_ar"),
        "date": date_of(LootingIncident, values),
        **_own(values, "kind", "pit_count", "scale"),
        **attributed(values, today),
        **assessed(values),
        **_own(values, "description", "description_ar"),
        "citations": citations(values.get("citations"), today),
    }


MEASUREMENTS = ("height_cm", "width_cm", "depth_cm", "diameter_cm", "weight_g")


def cultural_object_record(values, live, today):
    from registry.models import CustodyEvent

    custody = [
        {
            "kind": row.get("kind"),
            "date": date_of(CustodyEvent, row),
            **_own(row, "place"),
            "country": country(row.get("country")),
            "from_actor": today.ref(Actor, row.get("from_actor_id")),
            "to_actor": today.ref(Actor, row.get("to_actor_id")),
            **_own(row, "price", "currency", "description"),
            "citations": citations(row.get("citations"), today),
        }
        for row in values.get("custody_events", [])
    ]
    return {
        **_own(values, "title", "title_ar"),
        "object_type": today.term(values.get("object_type_id")),
        "materials": today.terms(values.get("materials", [])),
        "techniques": today.terms(values.get("techniques", [])),
        **_own(values, *MEASUREMENTS, "measurements_note"),
        **_own(values, "inscriptions", "distinguishing_features", "subject"),
        "period": today.term(values.get("period_id")),
        **_own(values, "date_text", "maker"),
        "country_of_origin": country(values.get("country_of_origin")),
        **_own(values, "find_spot", "holding_institution", "provenance", "source_url"),
        **_own(values, "description", "description_ar"),
        **_own(values, "red_list_category"),
        "status": values.get("current_status"),
        "origin_site": today.ref(HeritageSite, values.get("origin_site_id")),
        "origin_structure": today.ref(Structure, values.get("origin_structure_id")),
        "looting_incident": today.ref(
            LootingIncident, values.get("looting_incident_id")
        ),
        "date_documented": values.get("date_documented"),
        "names": names(values.get("names")),
        "references": [
            _own(row, "kind", "value", "issuer") for row in values.get("references", [])
        ],
        "custody_chain": custody,
        "citations": citations(values.get("citations"), today),
    }


def person_record(values, live, today):
    """Named as today allows: the stricter of the visibility then and now, and
    today's pseudonym."""
    from registry.models import HarmEvent

    order = [Visibility.PUBLIC, Visibility.PSEUDONYMOUS, Visibility.CONFIDENTIAL]
    then = values.get("visibility")
    now = live.visibility if live else Visibility.CONFIDENTIAL
    visibility = max(
        (then, now), key=lambda v: order.index(v) if v in order else len(order)
    )
    person = Person(
        name=values.get("name", ""),
        name_ar=values.get("name_ar", ""),
        pseudonym=live.pseudonym if live else values.get("pseudonym", ""),
        visibility=visibility,
    )
    named = person_is_named(person)
    harm = [
        {
            "kind": row.get("kind"),
            "date": date_of(HarmEvent, row),
            "site": today.ref(HeritageSite, row.get("site_id")),
            "place": row.get("place", ""),
            **attributed(row, today),
            **assessed(row),
            **_own(row, "description", "description_ar"),
            "citations": citations(row.get("citations"), today),
        }
        for row in values.get("harm_events", [])
    ]
    deceased = bool(values.get("deceased"))
    return {
        "name": person_public_name(person),
        "name_ar": person.name_ar if named else "",
        "visibility": visibility,
        "roles": today.terms(values.get("roles", [])),
        "affiliation": today.ref(Actor, values.get("affiliation_id"))
        if named
        else None,
        "deceased": deceased,
        # A year only, and only for the dead (as on every public surface).
        "birth_year": values.get("birth_year") if named and deceased else None,
        **_own(values, "biography", "biography_ar"),
        "names": names(values.get("names")) if named else [],
        "sites": [
            ref
            for ref in (today.ref(HeritageSite, key) for key in values.get("sites", []))
            if ref
        ]
        if named
        else [],
        "harm_events": harm,
        "citations": citations(values.get("citations"), today),
    }


def actor_record(values, live, today):
    return {
        **_own(values, "name", "name_ar", "kind"),
        "country": country(values.get("country")),
        "parent": today.ref(Actor, values.get("parent_id")),
        "aliases": names(values.get("names")),
        **_own(values, "description", "description_ar"),
    }


def source_record(values, live, today):
    return {
        **_own(values, "title", "kind"),
        "publisher": today.ref(Actor, values.get("publisher_id")),
        **_own(values, "author", "url", "archive_url", "published_on", "accessed_on"),
        **_own(values, "language", "imagery_platform", "imagery_acquired_on"),
        **_own(values, "description"),
    }


def assessment_record(values, live, today):
    return {
        "site": today.ref(HeritageSite, values.get("site_id")),
        "structure": today.ref(Structure, values.get("structure_id")),
        "date": date_of(ConditionAssessment, values),
        **_own(values, "method", "assessor"),
        "organisation": today.ref(Actor, values.get("organisation_id")),
        **_own(values, "imagery_provider", "imagery_date", "no_change", "condition"),
        **assessed(values),
        **_own(values, "priority", "recommendation", "description", "description_ar"),
        "disturbances": [
            {
                "effect": today.term(row.get("effect_id")),
                "cause": today.term(row.get("cause_id")),
                "certainty": row.get("certainty"),
            }
            for row in values.get("disturbances", [])
        ],
        "threats": [
            {
                "category": today.term(row.get("category_id")),
                "probability": row.get("probability"),
            }
            for row in values.get("threats", [])
        ],
        "citations": citations(values.get("citations"), today),
    }


BUILDERS = {
    HeritageSite: site_record,
    Structure: structure_record,
    DamageEvent: damage_event_record,
    LootingIncident: looting_incident_record,
    CulturalObject: cultural_object_record,
    Person: person_record,
    Actor: actor_record,
    Source: source_record,
    ConditionAssessment: assessment_record,
}


def public_record(version, live=None, today=None):
    """The ``record`` part of a version's document (see the module's docstring)."""
    kind = kind_of(version)
    if live is None:
        live = live_record(version)
    with translation.override("en"):
        return BUILDERS[kind.model](version.snapshot, live, today or Today())


def kind_of(version):
    model = ContentType.objects.get_for_id(version.content_type_id).model_class()
    return KIND_BY_MODEL[model]


def document(version, *, latest=None, live=None, today=None):
    """A version as the public may read it today: what it is, and its record."""
    kind = kind_of(version)
    record = public_record(version, live=live, today=today)
    path = reverse(kind.api, args=[version.public_id])
    return {
        "type": kind.code,
        "id": str(version.public_id),
        "version": version.number,
        "latest_version": latest if latest is not None else version.number,
        "published_at": version.recorded_at.isoformat(),
        "note": note_of(version),
        "path": f"{path}?version={version.number}",
        "page": kind.page(version.public_id, version.number),
        "record": record,
        "sha256": digest_of(record),
    }


def tombstone_of(kind, public_id, entries):
    """What the public may know of a record that was public once and is not now,
    ``entries`` being its versions and withdrawals (oldest first): what it was (its
    kind and identifier), when and why it stopped being public (the reason the
    editor wrote for the public), the versions it had — never their content, and
    not its title either: a withdrawn record appears on no public surface, and
    what made it be withdrawn may be its very name (a person's, a site's that
    says where it is, a perpetrator named wrongly). The catalogue's tombstone page
    and the API's 410 both say this."""
    numbered = [entry for entry in entries if entry.number is not None]
    withdrawal = entries[-1] if entries and entries[-1].number is None else None
    return {
        "type": kind.code,
        "kind": kind.singular,
        "id": str(public_id),
        "withdrawn_at": withdrawal.recorded_at if withdrawal else None,
        "reason": note_of(withdrawal) if withdrawal else "",
        "versions": numbered,
    }
