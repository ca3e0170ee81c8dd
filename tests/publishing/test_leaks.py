"""The leak crawler: nothing the public must not know is reachable on any surface.

It seeds every kind of secret the registry keeps — drafts, records in review and
withdrawn records of every type; published records that point at hidden ones;
confidential and pseudonymous people; a confidential source; curator notes; the
exact points of generalised and restricted sites and of structures inside them;
photographs carrying GPS and camera EXIF; earlier public versions that held what is
protected now (a site made restricted, a person made pseudonymous, a source made
confidential, perpetrators and sources withdrawn since) and copies captured of a
source protected since — then fetches everything a reader or a scraper can reach:
every catalogue page linked from / and /ar/ (facets one level deep: every record's
versions, every version's page and every dossier among them), every API endpoint
the API root lists (JSON pages, every page of two records, CSV, GeoJSON, every
record in every format, its versions), in English and, as its reader's language, in
Arabic, the vocabularies, the change feed, the
schema and the documentation, every photograph served; and, deliberately, every
hidden record's and photograph's URL (its page, versions and dossier: a tombstone
410 for a record once public, else a 404), searches for every secret name and
filters by every hidden identifier. Every body and every header of every response
is then scanned for the secrets — every file inside a dossier too, its PDFs read
back as text — and every image served is opened and checked for EXIF.

Secrets are marked so that a scan cannot miss them: every secret text holds a marker
``qzleak0000`` (unique per field, so a failure names the field); every protected
coordinate has integer degrees above 59, which no clock's seconds, date or count in
the seed can produce, so any of its roundings found in a response is a leak.
"""

import io
import json
import re
import zipfile
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

import pypdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import CharField, TextField, URLField
from django.test import Client
from django.urls import reverse
from django.utils import translation
from PIL import ExifTags, Image

from registry.api import assessments as api_assessments
from registry.api import views as api_views
from registry.interchange import captures
from registry.media import files
from registry.media.images import RENDITIONS
from registry.models import (
    Actor,
    Citation,
    ConditionAssessment,
    CulturalObject,
    DamageEvent,
    Designation,
    ExternalIdentifier,
    HeritageSite,
    LootingIncident,
    Media,
    Name,
    Person,
    PublicVersion,
    Source,
    Structure,
)
from registry.publishing import review, workflow
from registry.search.fields import PublicIdFilter
from registry.search.matching import RELATED
from tests import factories
from tests.support import Crawler, Fetched

pytestmark = pytest.mark.django_db

MARKER = "qzleak"
MARKER_RE = re.compile(MARKER + r"\d{4}")
UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# A number as any locale may write it: Latin or Arabic-Indic digits, a point, a comma
# or the Arabic decimal separator.
NUMBER_RE = re.compile(r"[0-9\u0660-\u0669]+(?:[.,\u066b][0-9\u0660-\u0669]+)?")
ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
TO_LATIN = str.maketrans("٠١٢٣٤٥٦٧٨٩,\u066b", "0123456789..")
HIDDEN_STATES = ("draft", "review", "withdrawn")

# Exact points that must never be published (integer degrees > 59: see above), and
# a public site whose exact point must be.
GENERALISED = ("67.384729", "143.627381")
GENERALISED_STRUCTURE = ("67.391857", "143.614928")
GENERALISED_CELL = ("67.4", "143.6")
RESTRICTED = ("73.258461", "118.746293")
RESTRICTED_STRUCTURE = ("73.262947", "118.739516")
PUBLIC_POINT = ("64.915372", "131.472856")
# A site published at its exact point, made restricted since: no version shows it.
RESTRICTED_SINCE = ("76.518364", "152.907143")
# Birth years kept private: a confidential person's, a pseudonymous one's, a living
# public person's.
SECRET_YEARS = (1931, 1947, 1953)
ARABIC_SECRETS = ("نزار المخفي", "سلمى الخفية", "بديع المستور")

API_KINDS = {
    HeritageSite: ("sites", "catalogue:site", api_views.SiteViewSet),
    Structure: ("structures", "catalogue:structure", api_views.StructureViewSet),
    DamageEvent: (
        "damage-events",
        "catalogue:damage-event",
        api_views.DamageEventViewSet,
    ),
    LootingIncident: (
        "looting-incidents",
        "catalogue:looting-incident",
        api_views.LootingIncidentViewSet,
    ),
    CulturalObject: ("objects", "catalogue:object", api_views.CulturalObjectViewSet),
    Person: ("people", "catalogue:person", api_views.PersonViewSet),
    Actor: ("actors", "catalogue:actor", api_views.ActorViewSet),
    Source: ("sources", "catalogue:source", api_views.SourceViewSet),
    ConditionAssessment: (
        "assessments",
        "catalogue:assessment",
        api_assessments.AssessmentViewSet,
    ),
}


# The protected coordinates and every close rounding of them -------------------------


def coordinate_forms(value):
    """Every way a close rounding of ``value`` may be written: 2 to 6 decimals,
    rounded and truncated, with a point or a comma (Arabic-Indic digits are read
    back to Latin ones by ``numbers_in``)."""
    forms = set()
    for decimals in range(2, 7):
        step = Decimal(1).scaleb(-decimals)
        for rounding in (ROUND_HALF_UP, ROUND_DOWN):
            forms.add(str(Decimal(value).quantize(step, rounding=rounding)))
    return forms


def numbers_in(text):
    """Every number written in ``text``, as Latin digits with a decimal point."""
    return [token.translate(TO_LATIN) for token in NUMBER_RE.findall(text)]


def leaked_coordinates(text, forbidden):
    """The numbers in ``text`` that begin with a forbidden rounding (more digits
    after it are as much a leak)."""
    found = []
    for number in numbers_in(text):
        if "." not in number:
            continue
        whole, decimals = number.split(".")
        for length in range(2, min(len(decimals), 6) + 1):
            if f"{whole}.{decimals[:length]}" in forbidden:
                found.append(number)
                break
    return found


# The seed ----------------------------------------------------------------------------


class Secrets:
    """Everything the seed hid, and the records it published."""

    def __init__(self):
        self.markers = {}  # marker -> what it marks
        self.hidden = []  # (model, public_id, what)
        self.ever_public = set()  # hidden ids that were public once (tombstones)
        self.hidden_media = []  # (public_id, what)
        self.public_media = []
        self.originals = []  # SHA-256 of every original and of protected copies
        self.public_captures = []  # copies an editor made public (downloadable)
        self.private_captures = []  # copies only their SHA-256 may be shown of
        self.search_words = []  # (model, secret name) a search must not find
        self.to_withdraw = []
        self.coordinates = set()
        for point in (
            GENERALISED,
            GENERALISED_STRUCTURE,
            RESTRICTED,
            RESTRICTED_STRUCTURE,
            RESTRICTED_SINCE,
        ):
            for value in point:
                self.coordinates |= coordinate_forms(value)

    def mark(self, what):
        marker = f"{MARKER}{len(self.markers):04d}"
        self.markers[marker] = what
        return marker

    @property
    def hidden_ids(self):
        ids = {str(public_id): what for _model, public_id, what in self.hidden}
        ids.update({str(public_id): what for public_id, what in self.hidden_media})
        return ids


def text_fields(model):
    """The free-text fields of ``model`` a curator types into (codes excluded)."""
    for field in model._meta.concrete_fields:
        if (
            isinstance(field, (CharField, TextField))
            and field.editable
            and not field.choices
            and (field.max_length or 1000) >= 40
        ):
            yield field


def secret_values(secrets, model, what):
    """A marker in every free-text field of ``model``; Arabic text in Arabic ones."""
    values = {}
    for field in text_fields(model):
        marker = secrets.mark(f"{what}: {field.name}")
        if isinstance(field, URLField):
            values[field.name] = f"https://example.org/{marker}"
        elif field.name.endswith("_ar"):
            values[field.name] = f"سري {marker}"
        else:
            values[field.name] = marker
    return values


def photograph(secrets, what, point=None):
    """A JPEG whose EXIF names secrets, with a GPS fix at ``point`` if given."""
    exif = Image.Exif()
    for tag in ("Make", "Model", "Artist", "ImageDescription", "Copyright", "Software"):
        exif[getattr(ExifTags.Base, tag)] = secrets.mark(f"{what}: EXIF {tag}")
    if point is not None:

        def dms(value):
            value = abs(float(value))
            degrees = int(value)
            minutes = int((value - degrees) * 60)
            return (
                float(degrees),
                float(minutes),
                round((value - degrees - minutes / 60) * 3600, 4),
            )

        exif.get_ifd(ExifTags.IFD.GPSInfo).update(
            {
                ExifTags.GPS.GPSLatitudeRef: "N",
                ExifTags.GPS.GPSLatitude: dms(point[0]),
                ExifTags.GPS.GPSLongitudeRef: "E",
                ExifTags.GPS.GPSLongitude: dms(point[1]),
            }
        )
    buffer = io.BytesIO()
    Image.new("RGB", (48, 32), (150, 110, 60)).save(buffer, "JPEG", exif=exif)
    name = f"{secrets.mark(f'{what}: file name')}.jpg"
    return SimpleUploadedFile(name, buffer.getvalue())


def add_photo(secrets, target, what, *, point=None, status="published", public=True):
    values = {
        "caption": f"Photograph of {what}",
        "curator_notes": secrets.mark(f"{what}: photograph curator notes"),
    }
    if not public or status != "published":
        values = secret_values(secrets, Media, f"{what}: photograph")
    media = files.add_media(
        target,
        photograph(secrets, what, point),
        kind="after",
        status=status,
        **values,
    )
    secrets.originals.append(media.sha256)
    if public and status == "published":
        secrets.public_media.append(media)
    else:
        secrets.hidden_media.append((media.public_id, f"photograph of {what}"))
    return media


def hide(secrets, factory, state, what, **values):
    """A hidden record with a marker in every text, a secret other name, a citation
    and a photograph; ``state`` is its status (withdrawn: published, then withdrawn
    once everything is seeded)."""
    model = factory._meta.model
    what = f"{state} {model.__name__} {what}".strip()
    record = factory(
        **secret_values(secrets, model, what),
        **values,
        status="published" if state == "withdrawn" else state,
    )
    secrets.hidden.append((model, record.public_id, what))
    if state == "withdrawn":
        secrets.to_withdraw.append(record)
        secrets.ever_public.add(str(record.public_id))
    if hasattr(record, "names"):
        other = factories.attach(
            Name, record, name=secrets.mark(f"{what}: other name"), language="en"
        )
        secrets.search_words.append((model, other.name))
        factories.attach(Name, record, name=f"اسم {secrets.mark(what)}", language="ar")
    for name in ("name", "title"):
        if hasattr(record, name):
            secrets.search_words.append((model, getattr(record, name)))
    if hasattr(record, "citations"):
        factories.attach(
            Citation,
            record,
            source=secrets.public_source,
            **secret_values(secrets, Citation, f"{what}: citation"),
        )
    if hasattr(record, "media"):
        add_photo(secrets, record, what, public=False)
    return record


def hidden_child(secrets, record, state):
    """A published record hidden because ``record`` (its parent) is hidden."""
    secrets.hidden.append((type(record), record.public_id, f"child of a {state}"))
    if state == "withdrawn":
        secrets.ever_public.add(str(record.public_id))
    return record


def notes(secrets, what):
    return {"curator_notes": secrets.mark(f"published {what}: curator notes")}


def seed():
    secrets = Secrets()
    mark = secrets.mark
    actor = factories.ActorFactory(
        name="Leak test armed group", **notes(secrets, "actor")
    )
    secrets.public_source = factories.SourceFactory(
        title="Leak test public report", publisher=actor, **notes(secrets, "source")
    )
    confidential = factories.SourceFactory(
        confidential=True, **secret_values(secrets, Source, "confidential source")
    )
    secrets.hidden.append((Source, confidential.public_id, "confidential source"))
    secrets.search_words.append((Source, confidential.title))

    def cite(record, source=None):
        """A public citation, and one of the confidential source."""
        factories.attach(Citation, record, source=source or secrets.public_source)
        factories.attach(
            Citation,
            record,
            source=confidential,
            **secret_values(secrets, Citation, f"confidential citation of {record}"),
        )

    # Sites: exact, generalised and restricted, each with a structure, events, an
    # object, a photograph with GPS at the exact point.
    sites = {}
    for label, sensitivity, point, inside in (
        ("public", "public", PUBLIC_POINT, None),
        ("generalised", "generalised", GENERALISED, GENERALISED_STRUCTURE),
        ("restricted", "restricted", RESTRICTED, RESTRICTED_STRUCTURE),
    ):
        site = factories.SiteFactory(
            name=f"Leak test {label} site",
            latitude=point[0],
            longitude=point[1],
            location_sensitivity=sensitivity,
            description=f"A {label} site.",
            **notes(secrets, f"{label} site"),
        )
        factories.attach(
            Name, site, name=f"Leak test {label} other name", language="en"
        )
        cite(site)
        add_photo(secrets, site, f"{label} site", point=point)
        structure = factories.StructureFactory(
            site=site,
            name=f"Leak test {label} structure",
            latitude=inside[0] if inside else None,
            longitude=inside[1] if inside else None,
            **notes(secrets, f"{label} structure"),
        )
        add_photo(secrets, structure, f"{label} structure", point=inside or point)
        event = factories.DamageEventFactory(
            site=site,
            title=f"Leak test damage at the {label} site",
            perpetrator=actor,
            attribution="reported",
            **notes(secrets, f"{label} event"),
        )
        cite(event)
        add_photo(secrets, event, f"{label} event", point=point)
        factories.StructureDamageFactory(event=event, structure=structure)
        incident = factories.LootingIncidentFactory(
            site=site,
            title=f"Leak test looting at the {label} site",
            **notes(secrets, f"{label} incident"),
        )
        obj = factories.CulturalObjectFactory(
            title=f"Leak test object from the {label} site",
            origin_site=site,
            origin_structure=structure,
            looting_incident=incident,
            **notes(secrets, f"{label} object"),
        )
        sites[label] = (site, structure, event, incident, obj)
    site, structure, event, incident, obj = sites["public"]
    factories.DamageEventFactory(
        site=sites["generalised"][0],
        title="Leak test damage at the generalised site with a private photograph",
    )
    # Photographs not for the public, on a public record.
    for state in HIDDEN_STATES:
        add_photo(secrets, site, f"{state} photograph", status=state, public=False)

    # People: public, pseudonymous, confidential.
    person = factories.PersonFactory(
        name="Leak test public custodian",
        birth_year=SECRET_YEARS[2],
        contact_notes=mark("public person: contact notes"),
        **notes(secrets, "public person"),
    )
    person.sites.add(site, sites["generalised"][0])
    add_photo(secrets, person, "public person")
    factories.HarmEventFactory(person=person, site=site, description="Leak test harm.")
    pseudonymous = factories.PersonFactory(
        visibility="pseudonymous",
        pseudonym="Leak test pseudonym",
        name=mark("pseudonymous person: real name"),
        name_ar=f"{ARABIC_SECRETS[0]} {mark('pseudonymous person: Arabic name')}",
        contact_notes=mark("pseudonymous person: contact notes"),
        birth_year=SECRET_YEARS[1],
        deceased=True,
        affiliation=actor,
        biography="Leak test biography of a protected researcher.",
        **notes(secrets, "pseudonymous person"),
    )
    pseudonymous.sites.add(sites["restricted"][0])
    for variant in (mark("pseudonymous person: name variant"), ARABIC_SECRETS[1]):
        factories.attach(Name, pseudonymous, name=variant, language="ar")
    factories.HarmEventFactory(person=pseudonymous, site=sites["generalised"][0])
    cite(pseudonymous)
    add_photo(secrets, pseudonymous, "pseudonymous person", public=False)
    secrets.search_words += [
        (Person, word)
        for word in (pseudonymous.name, ARABIC_SECRETS[0], ARABIC_SECRETS[1])
    ]
    confidential_person = factories.PersonFactory(
        visibility="confidential",
        birth_year=SECRET_YEARS[0],
        **secret_values(secrets, Person, "confidential person"),
    )
    confidential_person.name_ar = ARABIC_SECRETS[2]
    confidential_person.save()
    secrets.hidden.append((Person, confidential_person.public_id, "confidential"))
    secrets.search_words += [
        (Person, word)
        for word in (
            confidential_person.name,
            confidential_person.pseudonym,
            ARABIC_SECRETS[2],
        )
    ]
    confidential_person.sites.add(site)
    factories.attach(Name, confidential_person, name=mark("confidential: other name"))
    factories.HarmEventFactory(
        person=confidential_person,
        site=site,
        place=mark("confidential person: harm place"),
        description=mark("confidential person: harm description"),
    )
    add_photo(secrets, confidential_person, "confidential person", public=False)

    # Hidden records of every type, each pointed at by published records.
    for state in HIDDEN_STATES:
        hidden_actor = hide(secrets, factories.ActorFactory, state, "")
        for model_factory, title in (
            (factories.DamageEventFactory, "damage"),
            (factories.LootingIncidentFactory, "looting"),
        ):
            model_factory(
                site=site,
                title=f"Leak test {title} by a {state} actor",
                perpetrator=hidden_actor,
                attribution="alleged",
            )
        factories.ActorFactory(
            name=f"Leak test unit of a {state} actor", parent=hidden_actor
        )
        factories.SourceFactory(
            title=f"Leak test report published by a {state} actor",
            publisher=hidden_actor,
        )
        factories.CustodyEventFactory(object=obj, from_actor=hidden_actor, kind="sold")
        factories.CustodyEventFactory(object=obj, to_actor=hidden_actor, kind="seized")
        factories.HarmEventFactory(
            person=person,
            kind="threatened",
            perpetrator=hidden_actor,
            attribution="claimed",
        )
        if state == "draft":
            person.affiliation = hidden_actor
            person.save()

        hidden_source = hide(
            secrets, factories.SourceFactory, state, "", publisher=actor
        )
        for record in (site, event, obj, person):
            factories.attach(
                Citation,
                record,
                source=hidden_source,
                **secret_values(secrets, Citation, f"citation of a {state} source"),
            )

        hidden_structure = hide(
            secrets, factories.StructureFactory, state, "", site=site
        )
        factories.StructureDamageFactory(
            event=event,
            structure=hidden_structure,
            note=mark(f"damage to a {state} structure: note"),
        )
        factories.CulturalObjectFactory(
            title=f"Leak test object from a {state} structure",
            origin_site=site,
            origin_structure=hidden_structure,
        )

        hide(
            secrets,
            factories.DamageEventFactory,
            state,
            "",
            site=site,
            perpetrator=actor,
            attribution="claimed",
        )
        hidden_incident = hide(
            secrets, factories.LootingIncidentFactory, state, "", site=site
        )
        # Assessments: hidden ones, one of a hidden structure, and a public one
        # whose organisation is hidden.
        hide(
            secrets,
            factories.AssessmentFactory,
            state,
            "",
            site=site,
            structure=structure,
            condition="destroyed",
        )
        hidden_child(
            secrets,
            factories.AssessmentFactory(
                site=site,
                structure=hidden_structure,
                **secret_values(secrets, ConditionAssessment, f"{state} structure's"),
            ),
            state,
        )
        factories.AssessmentFactory(site=site, organisation=hidden_actor)
        hidden_child(
            secrets,
            factories.CulturalObjectFactory(
                origin_site=site,
                looting_incident=hidden_incident,
                **secret_values(secrets, CulturalObject, f"{state} incident's"),
            ),
            state,
        )
        hidden_object = hide(
            secrets,
            factories.CulturalObjectFactory,
            state,
            "",
            origin_site=site,
            looting_incident=incident,
        )
        factories.attach(Citation, hidden_object, source=confidential)
        hidden_person = hide(
            secrets, factories.PersonFactory, state, "", birth_year=1931
        )
        hidden_person.sites.add(site)
        factories.HarmEventFactory(
            person=hidden_person,
            site=site,
            place=mark(f"{state} person: harm place"),
            description=mark(f"{state} person: harm description"),
        )

        hidden_site = hide(
            secrets,
            factories.SiteFactory,
            state,
            "",
            latitude=RESTRICTED[0],
            longitude=RESTRICTED[1],
            location_sensitivity="public",
        )
        Designation.objects.create(
            site=hidden_site, kind="national", note=mark(f"{state} site: designation")
        )
        ExternalIdentifier.objects.create(
            site=hidden_site, scheme="wikidata", value=mark(f"{state} site: Q-id")
        )
        child_structure = hidden_child(
            secrets,
            factories.StructureFactory(
                site=hidden_site,
                latitude=RESTRICTED_STRUCTURE[0],
                longitude=RESTRICTED_STRUCTURE[1],
                **secret_values(secrets, Structure, f"{state} site's"),
            ),
            state,
        )
        child_event = hidden_child(
            secrets,
            factories.DamageEventFactory(
                site=hidden_site,
                **secret_values(secrets, DamageEvent, f"{state} site's"),
            ),
            state,
        )
        factories.StructureDamageFactory(event=child_event, structure=child_structure)
        child_incident = hidden_child(
            secrets,
            factories.LootingIncidentFactory(
                site=hidden_site,
                **secret_values(secrets, LootingIncident, f"{state} site's"),
            ),
            state,
        )
        hidden_child(
            secrets,
            factories.CulturalObjectFactory(
                origin_site=hidden_site,
                looting_incident=child_incident,
                **secret_values(secrets, CulturalObject, f"{state} site's"),
            ),
            state,
        )
        person.sites.add(hidden_site)
        factories.HarmEventFactory(person=person, site=hidden_site, kind="injured")
    protected_since(secrets, site)
    for record in secrets.to_withdraw:
        workflow.mark_status(record, "withdrawn")
        record.save()
    # Changes proposed to public records, and the editors' comments on the way to
    # publication: the curators' conversation, never public.
    for record, what in ((site, "site"), (event, "event"), (person, "person")):
        review.propose(
            record,
            {
                "fields": secret_values(secrets, type(record), f"proposed {what}"),
                "rows": [
                    {
                        "model": "registry.name",
                        "pk": None,
                        "fields": {
                            "name": mark(f"proposed {what}: other name"),
                            "language": "en",
                            "kind": "alias",
                        },
                        "delete": False,
                    }
                ],
            },
            None,
            mark(f"proposed {what}: reason"),
        )
        workflow.log_step(
            record, "sent_back", None, mark(f"comment on the {what}'s review")
        )
    secrets.sites = sites
    secrets.people = (person, pseudonymous)
    return secrets


def protected_since(secrets, public_site):
    """Records whose earlier public versions held what is protected now."""
    mark = secrets.mark
    site = factories.SiteFactory(
        name="Leak test site restricted since",
        latitude=RESTRICTED_SINCE[0],
        longitude=RESTRICTED_SINCE[1],
        location_sensitivity="public",
    )
    site.location_sensitivity = "restricted"
    site.save()
    person = factories.PersonFactory(
        name=mark("person made pseudonymous since: real name"),
        biography="Leak test biography of a person protected since.",
    )
    factories.attach(Name, person, name=mark("person made pseudonymous: other name"))
    secrets.search_words.append((Person, person.name))
    person.visibility = "pseudonymous"
    person.pseudonym = "Leak test pseudonym given since"
    person.save()
    source = factories.SourceFactory(
        **secret_values(secrets, Source, "source made confidential since")
    )
    event = factories.DamageEventFactory(
        site=public_site, title="Leak test damage citing a source protected since"
    )
    factories.attach(
        Citation,
        event,
        source=source,
        **secret_values(secrets, Citation, "citation of a source protected since"),
    )
    public_copy = captures.keep(
        secrets.public_source,
        captures.Copy(
            b"Leak test public report, as captured.", "fetched", "text/plain"
        ),
        publishable=True,  # downloadable: its source is public
    )
    secrets.public_captures.append(public_copy)
    unpublished_copy = captures.keep(
        secrets.public_source,
        captures.Copy(
            f"{mark('copy of a public source not made publishable')}".encode(),
            "uploaded",
            "text/plain",
        ),
    )
    secrets.private_captures.append(unpublished_copy)
    # Marked publishable, but its source is confidential since: never served.
    protected_copy = captures.keep(
        source,
        captures.Copy(
            f"{mark('copy of a source protected since')}".encode(),
            "uploaded",
            "text/plain",
        ),
        publishable=True,
    )
    secrets.originals.append(protected_copy.sha256)
    secrets.private_captures.append(protected_copy)
    source.confidential = True
    source.save()
    secrets.hidden.append((Source, source.public_id, "source made confidential"))
    secrets.ever_public.add(str(source.public_id))
    secrets.search_words.append((Source, source.title))


# The scan ----------------------------------------------------------------------------


class Scan:
    """Scans responses for every secret and counts what it checked."""

    def __init__(self, secrets):
        self.secrets = secrets
        self.hidden_ids = secrets.hidden_ids
        self.originals = set(secrets.originals)
        years = "|".join(
            f"{year}|{str(year).translate(ARABIC_DIGITS)}" for year in SECRET_YEARS
        )
        self.years = re.compile(rf"(?<![\w.-])(?:{years})(?![\w.-])")
        # What each body and header set is checked against, one by one.
        self.forbidden = (
            len(secrets.markers)
            + len(ARABIC_SECRETS)
            + len(SECRET_YEARS) * 2
            + len(secrets.coordinates)
            + len(self.hidden_ids)
            + len(self.originals)
            + 2  # the EXIF tag names GPSInfo and GPSLatitude
        )
        self.checks = 0
        self.assertions = 0
        self.dossiers = 0

    def check(self, condition, message):
        self.assertions += 1
        assert condition, message

    def texts(self, page):
        body = page.text
        if "json" in page.content_type and page.status < 300 and body:
            # Non-ASCII escaped as \\uXXXX would hide Arabic: read it back.
            body += json.dumps(json.loads(body), ensure_ascii=False)
        headers = "\n".join(f"{name}: {value}" for name, value in page.headers.items())
        return {"body": body, "headers": headers}

    def leaks(self, text, exempt=()):
        """Every secret found in ``text`` (``exempt``: identifiers the request itself
        named, which a body may repeat)."""
        lowered = text.lower()
        found = [
            f"{marker} ({self.secrets.markers.get(marker, '?')})"
            for marker in MARKER_RE.findall(lowered)
        ]
        if MARKER in lowered and not found:
            found.append(MARKER)
        found += [secret for secret in ARABIC_SECRETS if secret in text]
        found += [f"birth year {year}" for year in self.years.findall(text)]
        found += [
            f"coordinate {number}"
            for number in leaked_coordinates(text, self.secrets.coordinates)
        ]
        found += [
            f"hidden id {uuid} ({self.hidden_ids[uuid]})"
            for uuid in UUID_RE.findall(lowered)
            if uuid in self.hidden_ids and uuid not in exempt
        ]
        found += [
            digest
            for digest in self.originals
            if digest in lowered and digest not in exempt
        ]
        found += [tag for tag in ("gpsinfo", "gpslatitude") if tag in lowered]
        return found

    def tombstones(self, page):
        """The hidden ids a change feed may name: as tombstones of records that
        were public once, with nothing but type, id and moment."""
        if not page.url.startswith("/api/v1/changes/") or page.status != 200:
            return set()
        exempt = set()
        for entry in page.json()["results"]:
            if entry["id"] in self.hidden_ids:
                self.check(
                    entry["action"] == "withdrawn"
                    and entry["url"] is None
                    and entry["id"] in self.secrets.ever_public,
                    (page.url, entry, self.hidden_ids[entry["id"]]),
                )
                exempt.add(entry["id"])
        return exempt

    def response(self, page, exempt=()):
        exempt = {
            *exempt,
            *UUID_RE.findall(page.url.lower()),
            # A digest the request itself named (a probe for a copy), repeated.
            *re.findall(r"[0-9a-f]{64}", page.url.lower()),
            *self.tombstones(page),
        }
        for part, text in self.texts(page).items():
            leaks = self.leaks(text, exempt)
            self.checks += self.forbidden
            self.assertions += 1
            assert not leaks, (page.url, page.status, part, leaks)
        if page.is_image:
            self.image(page)
        if page.content_type.startswith("application/zip"):
            self.dossier(page, exempt)

    def dossier(self, page, exempt):
        """Every file of a dossier: texts as they are, PDFs read back as text,
        photographs opened and checked like every image served."""
        archive = zipfile.ZipFile(io.BytesIO(page.body))
        names = archive.namelist()
        self.check(any(name.endswith("/MANIFEST") for name in names), page.url)
        self.dossiers += 1
        for name in names:
            data = archive.read(name)
            if name.endswith(".pdf"):
                reader = pypdf.PdfReader(io.BytesIO(data))
                text = "\n".join(pdf_page.extract_text() for pdf_page in reader.pages)
                self.check(len(text) > 100, (page.url, name, "PDF text read"))
            elif name.endswith(".jpg"):
                self.image(Fetched(f"{page.url}#{name}", 200, "image/jpeg", {}, data))
                text = data.decode("latin-1")
            else:
                text = data.decode("utf-8")
            leaks = self.leaks(text, exempt)
            self.checks += self.forbidden
            self.assertions += 1
            assert not leaks, (page.url, name, leaks)

    def image(self, page):
        data = page.body
        served = Image.open(io.BytesIO(data))
        served.load()
        exif = served.getexif()
        self.check(dict(exif) == {}, (page.url, dict(exif)))
        self.check(exif.get_ifd(ExifTags.IFD.GPSInfo) == {}, page.url)
        self.check(
            not {"exif", "xmp", "comment", "XML:com.adobe.xmp"} & set(served.info),
            (page.url, served.info.keys()),
        )
        for needle in (b"Exif", b"GPS", MARKER.encode(), b"http://ns.adobe.com/xap"):
            self.check(needle not in data, (page.url, needle))


# The test ----------------------------------------------------------------------------


def finding(model):
    """The kinds of record whose names also find a record of ``model``."""
    return [related for _field, related, _weight in RELATED.get(model, [])]


def api_url(model, public_id, **params):
    endpoint = API_KINDS[model][0]
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"/api/v1/{endpoint}/{public_id}/" + (f"?{query}" if query else "")


def catalogue_urls(model, public_id):
    route = API_KINDS[model][1]
    with_language = reverse(route, args=[public_id])
    return [with_language, f"/ar{with_language}"]


def test_no_secret_reaches_any_public_surface(client, settings, capsys):
    settings.API_THROTTLE_RATE = "1000000/min"
    secrets = seed()
    scan = Scan(secrets)
    check = scan.check

    # The scan itself finds what it looks for.
    for form in sorted(secrets.coordinates):
        for written in (form, form.replace(".", ","), form.translate(ARABIC_DIGITS)):
            check(scan.leaks(f'"x": {written}7,'), ("scan misses", written))
    check(not scan.leaks(f"{GENERALISED_CELL[0]}00000"), "the cell is no leak")
    for marker in secrets.markers:
        check(scan.leaks(f"<p>{marker.upper()}</p>"), ("scan misses", marker))

    crawler = Crawler(client)
    crawler.catalogue()
    crawler.api()
    reached = dict(crawler.fetched)
    # The API answers in its reader's language (its words, not its data): read again
    # as a reader of Arabic reads it.
    # (The test client serves requests in this thread: the language its last one
    # activated is put back, so that the addresses reversed below are unprefixed.)
    arabic = Crawler(Client(HTTP_ACCEPT_LANGUAGE="ar"))
    with translation.override(translation.get_language()):
        arabic.api()
    check(
        all(
            page.headers.get("Content-Language") == "ar"
            for page in arabic.fetched.values()
            if page.status == 200 and "json" in page.content_type
        ),
        "the API's Arabic crawl is in Arabic",
    )

    # Deliberate requests: every hidden record's page, versions and dossier, as
    # data too, is a tombstone (410) if it was public once, else a 404; every
    # hidden photograph a 404.
    probes = Crawler(client)
    for model, public_id, _what in secrets.hidden:
        gone = (410,) if str(public_id) in secrets.ever_public else (404,)
        for url in catalogue_urls(model, public_id):
            for suffix in ("", "versions/", "v/1/", "dossier/"):
                probes.fetch(url + suffix, expect=gone)
            # The old address of a version only points to its new one.
            moved = probes.fetch(url + "versions/1/", expect=(301,))
            assert moved.headers["Location"] == url + "v/1/"
        for fmt in ({}, {"format": "jsonld"}, {"format": "csv"}, {"version": 1}):
            probes.fetch(api_url(model, public_id, **fmt), expect=(*gone, 406))
        probes.fetch(api_url(model, public_id) + "versions/", expect=gone)
    # A copy not made public, or whose source is protected since, is no download.
    for capture in secrets.private_captures:
        url = f"/sources/{capture.source.public_id}/captures/{capture.sha256}/"
        probes.fetch(url, expect=(404,))
    # The dossiers of searches: of everything, of each record type, of the words
    # every seeded record holds; they hold public records only (the scan below).
    probes.fetch("/search/dossier/")
    probes.fetch("/search/dossier/?q=leak+test")
    for code in ("site", "damage-event", "looting-incident", "object", "person"):
        probes.fetch(f"/search/dossier/?type={code}")
    # Investigators' dossiers are for signed-in investigators only.
    for url in ("/investigators/dossier/", "/ar/investigators/dossier/"):
        probes.fetch(url, expect=(302,))
    for public_id, _what in secrets.hidden_media:
        for size in RENDITIONS:
            probes.fetch(f"/media/{public_id}/{size}.jpg", expect=(404,))
    # No filter by a hidden record's identifier reveals what it is linked to.
    for endpoint, _route, viewset in API_KINDS.values():
        for name, field in viewset.filterset_class.base_filters.items():
            if not isinstance(field, PublicIdFilter):
                continue
            for model, public_id, what in secrets.hidden:
                if model is field.target:
                    page = probes.fetch(f"/api/v1/{endpoint}/?{name}={public_id}")
                    check(page.json()["count"] == 0, (page.url, what))
    for _model, public_id, what in secrets.hidden:
        if _model is Actor:
            page = probes.fetch(f"/search/?perpetrator={public_id}", expect=(200, 400))
            check("result-title" not in page.text, (page.url, what))
    # Neither does a search for a secret name, nor a box around a protected point.
    searches = {}
    searched = set()
    for model, word in secrets.search_words:
        if model not in searched or not word.startswith(MARKER):
            # One catalogue search per kind (and every Arabic or personal name):
            # a search page counts every kind, facets included, which is slow.
            searched.add(model)
            page = probes.fetch(f"/search/?{urlencode({'q': word})}")
            check("result-title" not in page.text, (page.url, word))
            searches[page.url] = word
        # The API's search is the catalogue's: ask the kinds that a match of this
        # kind of record would find (an event by its perpetrator's names…).
        for finder, (endpoint, _route, _viewset) in API_KINDS.items():
            if finder is not model and model not in finding(finder):
                continue
            page = probes.fetch(f"/api/v1/{endpoint}/?{urlencode({'q': word})}")
            check(page.json()["count"] == 0, (page.url, word))
            searches[page.url] = word
    for latitude, longitude in (
        GENERALISED,
        GENERALISED_STRUCTURE,
        RESTRICTED,
        RESTRICTED_STRUCTURE,
    ):
        lat, lon = Decimal(latitude), Decimal(longitude)
        box = f"{lon - Decimal('0.002')},{lat - Decimal('0.002')},"
        box += f"{lon + Decimal('0.002')},{lat + Decimal('0.002')}"
        page = probes.fetch(f"/api/v1/sites/?bbox={box}")
        check(page.json()["count"] == 0, page.url)
        searches[page.url] = None

    # Asked again, an API detail or page is served as it was kept when first made
    # (``registry.api.kept``): the bytes the scan below reads.
    kept = 0
    with translation.override(translation.get_language()):
        for crawl in (crawler, arabic):
            for page in list(crawl.fetched.values()):
                if page.status == 200 and page.url.startswith("/api/v1/"):
                    again = crawl.client.get(page.url)
                    if not getattr(again, "streaming", False):
                        check(again.content == page.body, ("kept", page.url))
                        kept += 1
    check(kept > 100, kept)

    # Every body and header of every response, every image.
    every = [*reached.values(), *probes.fetched.values(), *arabic.fetched.values()]
    for page in every:
        word = searches.get(page.url)
        if word is not None:  # a search page repeats its query: that is no leak
            page = Fetched(
                page.url,
                page.status,
                page.content_type,
                {k: v for k, v in page.headers.items() if k != "Content-Disposition"},
                page.body.decode().replace(word, "").encode(),
            )
        scan.response(page)

    # The crawl reached every public record and photograph, in both languages and
    # as data, and each photograph in every size.
    for model in API_KINDS:
        queryset = model.objects.published()
        check(queryset.exists(), model)
        for public_id in queryset.values_list("public_id", flat=True):
            for url in catalogue_urls(model, public_id):
                check(url in reached and reached[url].status == 200, url)
            url = api_url(model, public_id)
            check(url in reached and reached[url].status == 200, url)
            found = arabic.fetched.get(url)
            check(found is not None and found.status == 200, ("in Arabic", url))
    # Every public record's versions, each version's page and its dossier were
    # read, in both languages, and the API's versions of it.
    for model in API_KINDS:
        for public_id in model.objects.published().values_list("public_id", flat=True):
            numbers = PublicVersion.objects.filter(
                public_id=public_id, number__isnull=False
            ).values_list("number", flat=True)
            check(numbers, (model, public_id, "has versions"))
            for url in catalogue_urls(model, public_id):
                for suffix in ("versions/", "dossier/"):
                    check(reached.get(url + suffix), url + suffix)
                for number in numbers:
                    check(reached.get(f"{url}v/{number}/"), (url, number))
            check(reached.get(api_url(model, public_id) + "versions/"), public_id)
    check(scan.dossiers >= len(reached) // 50, scan.dossiers)
    # The search page's own dossier link was followed too, and the public copy of
    # a public source was downloaded from its page.
    check(any(url.startswith("/search/dossier/") for url in reached), "search dossier")
    for capture in secrets.public_captures:
        url = f"/sources/{capture.source.public_id}/captures/{capture.sha256}/"
        check(url in reached and reached[url].status == 200, url)
    # The feeds the pages announce were read (and scanned like every page).
    for url in ("/feeds/all/", "/ar/feeds/all/"):
        check(url in reached and reached[url].status == 200, url)
    for prefix in ("/feeds/site/", "/feeds/actor/", "/search/feed/", "/feeds/type/"):
        check(any(url.startswith(prefix) for url in reached), prefix)
    for media in secrets.public_media:
        for size in RENDITIONS:
            url = f"/media/{media.public_id}/{size}.jpg"
            check(url in reached and reached[url].is_image, url)
    images = [page for page in reached.values() if page.is_image]
    check(len(images) == len(secrets.public_media) * len(RENDITIONS), len(images))

    # A generalised site and its structure are shown only as the coarse cell; a
    # restricted one not at all; a public one exactly (so the scan is not blind).
    cell = {
        "latitude": Decimal(GENERALISED_CELL[0]),
        "longitude": Decimal(GENERALISED_CELL[1]),
        "precision": "generalised",
    }
    withheld = {"latitude": None, "longitude": None, "precision": "withheld"}

    def point_of(location):
        return {
            key: None if value is None or key == "precision" else Decimal(str(value))
            for key, value in location.items()
        } | {"precision": location["precision"]}

    for label, expected in (("generalised", cell), ("restricted", withheld)):
        site, structure, event, incident, _obj = secrets.sites[label]
        for model, record in (
            (HeritageSite, site),
            (Structure, structure),
            (DamageEvent, event),
            (LootingIncident, incident),
        ):
            location = reached[api_url(model, record.public_id)].json()["location"]
            check(point_of(location) == expected, (label, model, location))
    features = json.loads(reached["/api/v1/sites/?format=geojson"].text)["features"]
    by_name = {feature["properties"]["name"]: feature for feature in features}
    point = by_name["Leak test generalised site"]["geometry"]["coordinates"]
    check(point == [float(GENERALISED_CELL[1]), float(GENERALISED_CELL[0])], point)
    check(by_name["Leak test restricted site"]["geometry"] is None, "restricted")
    for language in ("", "/ar"):
        site = secrets.sites["generalised"][0]
        page = reached[f"{language}/sites/{site.public_id}/"].text
        check(f"{GENERALISED_CELL[0]}, {GENERALISED_CELL[1]}" in page, "cell shown")
    public = reached[api_url(HeritageSite, secrets.sites["public"][0].public_id)]
    exact = point_of(public.json()["location"])["latitude"]
    check(exact == Decimal(PUBLIC_POINT[0]), "exact point")

    urls = len(reached) + len(probes.fetched)
    print(
        f"\nleak crawl: {urls} URLs ({len(reached)} crawled, {len(probes.fetched)} "
        f"deliberate), {scan.assertions + scan.checks} assertions "
        f"({scan.checks} absence checks: {scan.forbidden} secrets in each of "
        f"{scan.checks // scan.forbidden} bodies and header sets; "
        f"{scan.assertions} other assertions); {len(images)} images; "
        f"{scan.dossiers} dossiers"
    )
