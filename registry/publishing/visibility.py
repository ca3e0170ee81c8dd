"""The public querysets: published records with the related data a reader needs.

Shared by the API and the catalogue. Every relation is fetched through a
``published()`` queryset (``Prefetch``), forward foreign keys included, so a draft
perpetrator or a withdrawn structure is simply absent from nested data: nothing
downstream checks statuses again. Query counts stay constant per page.
"""

import functools

from django.core.paginator import Paginator
from django.core.signals import setting_changed
from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.functional import cached_property

from registry.models import (
    Actor,
    Citation,
    ConditionAssessment,
    CulturalObject,
    CustodyEvent,
    DamageEvent,
    Disturbance,
    HarmEvent,
    HeritageSite,
    LootingIncident,
    Media,
    Person,
    Source,
    Structure,
    StructureDamage,
    Threat,
)
from registry.publishing.cache import cached_count, cached_page_keys, keyed_by
from registry.publishing.monitoring import ORDER
from registry.publishing.privacy import annotate_public_location

_built = []


def built_once(make):
    """A public queryset built once per process and cloned for each reader.

    Building one (its joins, annotations and prefetches resolved by the ORM) cost
    2-5 ms of every list and detail request; a clone costs microseconds. The
    queryset depends on nothing but the code and the settings (no time, no language,
    no reader): a changed setting (a test's) builds it anew."""
    cache = {}

    @functools.wraps(make)
    def public():
        try:
            built = cache["queryset"]
        except KeyError:
            built = cache["queryset"] = make()
        return built.all()

    _built.append(cache)
    return public


def _rebuild(**kwargs):
    for cache in _built:
        cache.clear()


setting_changed.connect(_rebuild, dispatch_uid="registry-visibility-rebuild")


_PUBLISHED = {}


def published(model):
    """``model.objects.published()``, built once per process (``built_once``): a
    site's detail asks for four kinds' public records seven times, and resolving
    their rules (a record's status and its parents') cost more than cloning."""
    try:
        public = _PUBLISHED[model]
    except KeyError:
        public = _PUBLISHED[model] = built_once(model.objects.published)
    return public()


def prefetch_published(model, lookup, queryset=None):
    """Prefetch ``lookup`` keeping only public records of ``model``."""
    return Prefetch(
        lookup,
        queryset=(queryset if queryset is not None else model.objects).published(),
    )


# A record's nested lists of events and objects show the most recent ones only: a
# heavily damaged site or a prolific armed group has thousands, and a page or an API
# detail must not grow with them. The counts say how many there are in all, and the
# filtered lists (API ?site=…, catalogue search) give every one.
NESTED_LIMIT = 50


def newest_first(queryset, limit=NESTED_LIMIT, read=None):
    """The ``limit`` most recent records, newest first, undated ones last.

    Dated and undated records are read separately: "date DESC NULLS LAST" in one
    query cannot walk the (site, status, date, id) index, and a sort of every event
    of a heavily damaged site cost 100 ms at a million events.

    ``read``: a function of the ordered, sliced queryset giving its records (the
    API reads them as values rows, in the same query); None reads model instances.
    """
    read = read or list
    dated = read(
        queryset.filter(date_earliest__isnull=False).order_by("-date_earliest", "-pk")[
            :limit
        ]
    )
    if len(dated) < limit:
        undated = queryset.filter(date_earliest__isnull=True).order_by("-pk")
        dated += read(undated[: limit - len(dated)])
    return dated


def attach_latest(site, read=None):
    """Give a site (one record: a detail page) its ``NESTED_LIMIT`` most recent
    public damage events, looting incidents and objects, as lists in
    ``latest_damage_events``, ``latest_looting_incidents`` and
    ``latest_cultural_objects``, and the totals of each (``damage_event_count``…);
    and its own latest assessments (``latest_assessments``, as
    ``public_assessments`` gives a structure's).

    One LIMIT query each, walking the (site, date) index backwards: a sliced
    prefetch would number every event of the site first (a window function over
    thousands of rows for a heavily damaged site).

    ``read``: {model: a function of an ordered, sliced queryset giving its
    records}, to read them other than as model instances (the API: as values rows,
    150 instances cost 25 ms).
    """
    read = read or {}
    perpetrator = prefetch_published(Actor, "perpetrator")
    site.latest_damage_events = newest_first(
        published(DamageEvent).filter(site=site).prefetch_related(perpetrator),
        read=read.get(DamageEvent),
    )
    site.latest_looting_incidents = newest_first(
        published(LootingIncident).filter(site=site).prefetch_related(perpetrator),
        read=read.get(LootingIncident),
    )
    objects = (
        published(CulturalObject)
        .filter(origin_site=site)
        .order_by("-pk")[:NESTED_LIMIT]
    )
    site.latest_cultural_objects = read.get(CulturalObject, list)(objects)
    # Its own latest assessments: one LIMIT query down the (site, status, date)
    # index; a sliced prefetch numbered all 6,000 of the most monitored site at
    # 1M events first (40 ms).
    site.latest_assessments = list(
        published(ConditionAssessment)
        .filter(site=site, structure__isnull=True)
        .order_by(*(f"-{field}" for field in ORDER))[:NESTED_LIMIT]
    )
    # The totals, cached by data version: counting the 30,000 events of the most
    # damaged site at 1M events took 70 ms of every reading of its page.
    # Each keyed by its question, not its SQL: compiling three queries for their
    # keys cost about 2 ms of every reading of the page.
    site.damage_event_count = _site_total(
        published(DamageEvent).filter(site=site), site
    )
    site.looting_incident_count = _site_total(
        published(LootingIncident).filter(site=site), site
    )
    site.cultural_object_count = _site_total(
        published(CulturalObject).filter(origin_site=site), site
    )
    return site


def _site_total(queryset, site):
    """How many public records of ``queryset`` (one kind's, of ``site``) there are,
    cached by data version."""
    return cached_count(
        keyed_by(queryset, "site total", queryset.model._meta.label, site.pk)
    )


def page_of(queryset, start, stop):
    """Rows ``start:stop`` of ``queryset``, in its order: keys first, then records.

    The first query orders and slices bare primary keys; the second fetches the
    full records, with their annotations (public location, counts) and
    prefetches, for those keys only. In one query the database computes every
    annotation for every matching row before it sorts (SQLite always, PostgreSQL
    for a sort on disk), which cost seconds on a large table.
    """
    if not hasattr(queryset, "values_list"):
        return list(queryset[start:stop])
    keys = cached_page_keys(queryset, start, stop)
    if not keys:
        return []
    read = getattr(queryset, "_registry_read_page", None)
    if read is not None:  # records read as values rows (registry.api.rows)
        return read(queryset, keys)
    records = {record.pk: record for record in queryset.order_by().filter(pk__in=keys)}
    return [records[key] for key in keys if key in records]


class CachedCountPaginator(Paginator):
    """Pages of a public list: the total counted once per question and data version
    (every match is counted while the page itself stops at 50, the costly part on
    a large table), the page read keys first (``page_of``)."""

    @cached_property
    def count(self):
        return cached_count(self.object_list)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(page_of(self.object_list, bottom, top), number, self)


def citations():
    """Citations whose source is public (a confidential one is shown as such)."""
    return Prefetch(
        "citations",
        queryset=Citation.objects.filter(Source.citable_q("source__")).select_related(
            "source"
        ),
    )


def media():
    """Published photographs (the record itself is public, or it would not be here)."""
    return Prefetch("media", queryset=Media.objects.published().order_by("pk"))


def count_of(model, fk):
    """A subquery counting the public ``model`` rows pointing at a record by ``fk``."""
    rows = (
        model.objects.published()
        .filter(**{fk: OuterRef("pk")})
        .order_by()
        .values(fk)
        # COUNT(*): the (site, status, …) indexes answer it alone, no table reads.
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


# Sites -------------------------------------------------------------------------------


def _sites():
    return annotate_public_location(
        HeritageSite.objects.published()
        .select_related("site_type", "admin_division")
        .prefetch_related("designations")
    )


@built_once
def sites():
    return _sites().annotate(
        damage_event_count=count_of(DamageEvent, "site"),
        looting_incident_count=count_of(LootingIncident, "site"),
    )


@built_once
def site_summaries():
    """Sites as a line of search results shows them: name, governorate, country."""
    return HeritageSite.objects.published().select_related("admin_division")


# A detail's chosen before/after images (see privacy.public_comparison).
COMPARED = ("before_image", "after_image")


@built_once
def site_detail():
    """One site with all it holds; ``attach_latest`` adds its events and totals."""
    return (
        _sites()
        .select_related(*COMPARED)
        .prefetch_related(
            "names",
            "identifiers",
            "periods",
            citations(),
            media(),
            prefetch_published(
                Structure,
                "structures",
                Structure.objects.select_related("structure_type"),
            ),
            prefetch_published(Person, "people"),
        )
    )


# Structures --------------------------------------------------------------------------


@built_once
def structures():
    return annotate_public_location(
        Structure.objects.published().select_related("site", "structure_type"),
        site_prefix="site__",
        point_prefixes=("", "site__"),
    )


@built_once
def structure_detail():
    return (
        structures()
        .select_related(*COMPARED)
        .prefetch_related(
            "names",
            "periods",
            "materials",
            citations(),
            media(),
            prefetch_published(
                StructureDamage,
                "damage",
                StructureDamage.objects.select_related("event").prefetch_related(
                    "effects"
                ),
            ),
            public_assessments(),
        )
    )


# Events ------------------------------------------------------------------------------


@built_once
def damage_events():
    return annotate_public_location(
        DamageEvent.objects.published()
        .select_related("site", "site__admin_division", "cause_type")
        .prefetch_related("effects", prefetch_published(Actor, "perpetrator")),
        site_prefix="site__",
        point_prefixes=("site__",),
    )


@built_once
def damage_event_detail():
    return damage_events().prefetch_related(
        citations(),
        media(),
        prefetch_published(
            StructureDamage,
            "structure_damage",
            StructureDamage.objects.select_related("structure").prefetch_related(
                "effects"
            ),
        ),
    )


@built_once
def looting_incidents():
    return annotate_public_location(
        LootingIncident.objects.published()
        .select_related("site", "site__admin_division")
        .prefetch_related(prefetch_published(Actor, "perpetrator")),
        site_prefix="site__",
        point_prefixes=("site__",),
    )


@built_once
def looting_incident_detail():
    return looting_incidents().prefetch_related(
        citations(),
        media(),
        prefetch_published(
            CulturalObject,
            "cultural_objects",
            CulturalObject.objects.select_related("object_type"),
        ),
    )


# Objects -----------------------------------------------------------------------------


@built_once
def cultural_objects():
    return (
        CulturalObject.objects.published()
        .select_related("object_type", "object_type__parent", "period")
        .prefetch_related(
            "materials",
            prefetch_published(HeritageSite, "origin_site"),
            prefetch_published(LootingIncident, "looting_incident"),
        )
    )


@built_once
def cultural_object_detail():
    actors = Actor.objects.all()
    return cultural_objects().prefetch_related(
        "techniques",
        "references",
        "names",
        citations(),
        media(),
        prefetch_published(Structure, "origin_structure"),
        prefetch_published(
            CustodyEvent,
            "custody_events",
            CustodyEvent.objects.order_by("date_earliest", "pk").prefetch_related(
                prefetch_published(Actor, "from_actor", actors),
                prefetch_published(Actor, "to_actor", actors),
                citations(),
            ),
        ),
    )


# People, actors, sources -------------------------------------------------------------


@built_once
def people():
    return Person.objects.published().prefetch_related(
        "roles",
        prefetch_published(Actor, "affiliation"),
        prefetch_published(HeritageSite, "sites"),
    )


@built_once
def person_detail():
    return people().prefetch_related(
        "names",
        citations(),
        media(),
        prefetch_published(
            HarmEvent,
            "harm_events",
            HarmEvent.objects.order_by("date_earliest", "pk").prefetch_related(
                prefetch_published(HeritageSite, "site"),
                prefetch_published(Actor, "perpetrator"),
                citations(),
            ),
        ),
    )


@built_once
def actors():
    return Actor.objects.published().prefetch_related(
        "names", prefetch_published(Actor, "parent")
    )


@built_once
def sources():
    """Public sources; a confidential one is not (``Source.extra_published_q``)."""
    return Source.objects.published().prefetch_related(
        prefetch_published(Actor, "publisher")
    )


@built_once
def source_detail():
    """A public source with the copies the registry captured of it."""
    return sources().prefetch_related("captures")


# Assessments -------------------------------------------------------------------------


def public_assessments():
    """A Prefetch of a structure's latest published assessments, newest first, as
    ``latest_assessments``: at most NESTED_LIMIT, so that a page does not grow with
    a structure monitored for years (the API's ``assessments/?structure=`` lists
    every one). A site's are read by ``attach_latest``."""
    queryset = ConditionAssessment.objects.published().order_by(
        *(f"-{field}" for field in ORDER)
    )
    return Prefetch(
        "assessments", queryset[:NESTED_LIMIT], to_attr="latest_assessments"
    )


@built_once
def assessments():
    """Published assessments of published sites and structures, located by their
    site's public location."""
    return annotate_public_location(
        ConditionAssessment.objects.published()
        .select_related("site", "site__admin_division", "structure")
        .prefetch_related(prefetch_published(Actor, "organisation")),
        site_prefix="site__",
        point_prefixes=("site__",),
    )


@built_once
def assessment_detail():
    return assessments().prefetch_related(
        citations(),
        media(),
        Prefetch(
            "disturbances",
            Disturbance.objects.select_related("effect", "cause"),
        ),
        Prefetch("threats", Threat.objects.select_related("category")),
    )
