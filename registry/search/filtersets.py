"""One FilterSet per resource: the parameter vocabulary of the API and the catalogue.

Visibility is never decided here: every view hands these FilterSets a queryset that
already went through ``published()``. A value that does not parse is a 400 naming its
parameter (django-filter's form errors); an identifier that matches nothing is simply
no result.
"""

import copy

import django_filters as filters
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django_filters.filters import FilterMethod

from registry.models import (
    Actor,
    ActorKind,
    Attribution,
    CauseCategory,
    Certainty,
    Citation,
    Condition,
    CulturalObject,
    DamageEvent,
    Designation,
    DesignationKind,
    Extent,
    HarmEvent,
    HarmKind,
    HeritageSite,
    LootingIncident,
    LootingKind,
    ObjectReference,
    ObjectStatus,
    Person,
    RedListCategory,
    Source,
    SourceKind,
    Structure,
    UnescoRegion,
    Verification,
    WorldHeritageCategory,
)
from registry.models.base import sort_day
from registry.publishing.cache import cached_rows, keyed_by
from registry.publishing.privacy import annotate_public_location
from registry.search.fields import (
    AdminDivisionFilter,
    BBoxFilter,
    BooleanFilter,
    CountryFilter,
    MultipleChoiceCSVFilter,
    PublicIdFilter,
    StableOrderingFilter,
    TermFilter,
    UTCDateTimeFilter,
    YearFilter,
    YearParameterFilter,
    held_designation,
)
from registry.search.matching import ordered, reads, search
from registry.search.object_filters import ObjectDescriptionFilterSet

CERTAINTY_ORDER = list(Certainty.values)
EVENT_ORDERING = (
    ("date", "date"),  # see StableOrderingFilter: earliest day, else latest
    ("updated_at", "updated_at"),
    ("title", "title"),
)


# FilterSets --------------------------------------------------------------------------


class SharedFields(dict):
    """A form class's fields, shared by its forms rather than deep-copied into each:
    parsing a parameter changes nothing in its field (choices that come from the data
    are read afresh on each use, see ``fields.term_choices``), and copying some
    thirty fields with their widgets cost more than the page's own query."""

    def __deepcopy__(self, memo):
        return SharedFields(self)


class BuiltOnce(filters.FilterSet):
    """A FilterSet whose filters' form fields and form class are built once per
    class, not per request: each request gets shallow copies of the filters (each
    knows its own FilterSet, for ``method=``) sharing the class's fields."""

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        model = queryset.model
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {}
        for name, base in self.base_filters.items():
            base.field  # noqa: B018 -- built once, then shared by the copies
            own = copy.copy(base)
            own.model = model
            own.parent = self
            if isinstance(own.__dict__.get("filter"), FilterMethod):
                own.filter = FilterMethod(own)  # the method of this FilterSet
            self.filters[name] = own

    def get_form_class(self):
        cls = type(self)
        form_class = cls.__dict__.get("_form_class")
        if form_class is None:
            fields = {name: base.field for name, base in cls.base_filters.items()}
            form_class = type(f"{cls.__name__}Form", (self._meta.form,), fields)
            form_class.base_fields = SharedFields(form_class.base_fields)
            cls._form_class = form_class
        return form_class


class RegistryFilterSet(BuiltOnce):
    """Shared by every resource: ``updated_since`` for mirrors, and the search that
    each resource's ``q`` calls (best matches first, unless ``ordering`` says else)."""

    updated_since = UTCDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        help_text=_("Only records changed at or after this time (ISO 8601)."),
    )

    def search(self, qs, name, value):
        return ordered(search(qs, value))

    @classmethod
    def search_tables(cls):
        """The tables a search (``q``) reads beyond its query's own: those whose
        records' keys it holds as a literal list (``matching.reads``)."""
        return reads(cls._meta.model)


class DatedFilterSet(RegistryFilterSet):
    """``date_after`` / ``date_before`` that honour date modes and precision."""

    date_after = filters.DateFilter(
        method="filter_dates",
        help_text=_(
            "Known to have happened on or after this date (YYYY-MM-DD). A date known "
            "only to the month or year counts from the first day it can be."
        ),
    )
    date_before = filters.DateFilter(
        method="filter_dates",
        help_text=_("Known to have happened on or before this date (YYYY-MM-DD)."),
    )
    date_overlap = BooleanFilter(
        method="filter_dates",
        help_text=_(
            "true: also include events that may have happened in the range (for "
            "instance 'before 2017' for a range in 2015)."
        ),
    )
    year = YearFilter(
        help_text=_(
            "Dated to this year (by the earliest day it can have happened, else the "
            "latest); several allowed."
        )
    )
    date_prefix = ""

    def filter_dates(self, qs, name, value):
        # Applied once, in filter_queryset, with all three values together.
        return qs

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        after, before = data.get("date_after"), data.get("date_before")
        prefix = self.date_prefix
        if data.get("date_overlap"):
            # Could have happened in the range: its span meets the range.
            if after:
                queryset = queryset.filter(
                    Q(**{f"{prefix}date_latest__gte": after})
                    | Q(
                        **{f"{prefix}date_latest__isnull": True},
                        **{f"{prefix}date_earliest__isnull": False},
                    )
                )
            if before:
                queryset = queryset.filter(
                    Q(**{f"{prefix}date_earliest__lte": before})
                    | Q(
                        **{f"{prefix}date_earliest__isnull": True},
                        **{f"{prefix}date_latest__isnull": False},
                    )
                )
            return queryset
        # The bounds are said again of the day a record sorts by (its earliest,
        # else its latest: within the bounds whenever they hold, the earliest
        # never being after the latest): the same rows, but an index on (status,
        # that day) serves the range and the newest-first order at once (SQLite's
        # planner sorted every match of the earliest day's index instead: 700 ms a
        # page at 100k events; PostgreSQL, bounded below only, walked every later
        # event: 2.2 s at 1M).
        if after:
            queryset = queryset.filter(
                Q(**{f"{prefix}date_earliest__gte": after}),
                GreaterThanOrEqual(sort_day(prefix), after),
            )
        if before:
            queryset = queryset.filter(
                Q(**{f"{prefix}date_latest__lte": before}),
                LessThanOrEqual(sort_day(prefix), before),
            )
        return queryset


def in_countries(codes):
    """The ``Q`` of the sites in any of ``codes``: a transboundary property is in
    each of its countries. Its other countries are a text the database cannot
    index, so the few sites naming one of ``codes`` there are looked up first (by
    data version): a country's list then reads the country index instead of
    scanning every site (12 of 13 ms for a country's map at 10,000 sites)."""
    q = Q(country__in=codes)
    several = Q()
    for code in codes:
        several |= Q(other_countries__contains=code)
    keys = cached_rows(
        keyed_by(
            HeritageSite.objects.exclude(other_countries="")
            .filter(several)
            .values_list("pk", flat=True),
            "transboundary",
            tuple(codes),
        )
    )
    return q | Q(pk__in=keys) if keys else q


class SiteFilterSet(RegistryFilterSet):
    q = filters.CharFilter(method="search", help_text=_("Any name, in any spelling."))
    country = CountryFilter(method="filter_country")
    admin_division = AdminDivisionFilter(field_name="admin_division__code")
    site_type = TermFilter(field_name="site_type", vocabulary="site_type")
    designation = MultipleChoiceCSVFilter(
        choices=DesignationKind.choices,
        method="by_designation",
        help_text=_(
            "Holds this designation now (no end year); with designation_active_in, "
            "_started_in or _ended_in, the same designation at that time instead."
        ),
    )
    designation_active_in = YearParameterFilter(
        method="by_designation",
        help_text=_(
            "Held a designation (of the kinds in designation=, else any) at any time "
            "in this year."
        ),
    )
    designation_started_in = YearParameterFilter(
        method="by_designation",
        help_text=_("A designation (as above) began in this year (inscribed, listed)."),
    )
    designation_ended_in = YearParameterFilter(
        method="by_designation",
        help_text=_(
            "A designation (as above) ended in this year: designation=in_danger&"
            "designation_ended_in=2025 lists what left the Danger List in 2025."
        ),
    )
    region = MultipleChoiceCSVFilter(
        choices=UnescoRegion.choices,
        method="filter_region",
        help_text=_("UNESCO region; a transboundary property is in each of its own."),
    )
    category = MultipleChoiceCSVFilter(
        choices=WorldHeritageCategory.choices,
        field_name="unesco_category",
        help_text=_("UNESCO's category of a World Heritage property."),
    )
    transboundary = BooleanFilter(
        method="filter_transboundary",
        help_text=_("In several countries (true) or in one or none (false)."),
    )
    condition = MultipleChoiceCSVFilter(choices=Condition.choices)
    damaged = BooleanFilter(
        method="filter_damaged",
        help_text=_("Has (true) or has no (false) damage event."),
    )
    period = TermFilter(field_name="periods", vocabulary="period")
    bbox = BBoxFilter(
        method="filter_bbox",
        help_text=_(
            "west,south,east,north in decimal degrees (west above east crosses the "
            "antimeridian). Compared with the public location only: a generalised "
            "site by its coarse cell, a restricted site never."
        ),
    )
    ordering = StableOrderingFilter(
        fields=(
            ("name", "name"),
            ("updated_at", "updated_at"),
            ("public_latitude", "latitude"),
            ("public_longitude", "longitude"),
        )
    )

    class Meta:
        model = HeritageSite
        fields = []

    def filter_country(self, qs, name, value):
        return qs.filter(in_countries(value))

    def by_designation(self, qs, name, value):
        return qs  # the designation parameters act together: see filter_queryset

    def filter_queryset(self, queryset):
        return self.filter_designations(super().filter_queryset(queryset))

    def filter_designations(self, qs):
        """One designation that satisfies every designation parameter at once."""
        held = held_designation(self.form.cleaned_data)
        if held is None:
            return qs
        return qs.filter(Exists(Designation.objects.filter(held, site=OuterRef("pk"))))

    def filter_region(self, qs, name, value):
        q = Q()
        for code in value:
            q |= Q(unesco_regions__contains=code)
        return qs.filter(q)

    def filter_transboundary(self, qs, name, value):
        several = Q(other_countries="")
        return qs.exclude(several) if value else qs.filter(several)

    def filter_damaged(self, qs, name, value):
        events = DamageEvent.objects.published().filter(site=OuterRef("pk"))
        return qs.filter(Exists(events)) if value else qs.exclude(Exists(events))

    def filter_bbox(self, qs, name, value):
        west, south, east, north = value
        if "public_latitude" not in qs.query.annotations:
            qs = annotate_public_location(qs)
        longitude = Q(public_longitude__gte=west) & Q(public_longitude__lte=east)
        if west > east:  # across the antimeridian
            longitude = Q(public_longitude__gte=west) | Q(public_longitude__lte=east)
        return qs.filter(
            longitude, public_latitude__gte=south, public_latitude__lte=north
        )


class StructureFilterSet(RegistryFilterSet):
    q = filters.CharFilter(method="search", help_text=_("Any name, in any spelling."))
    site = PublicIdFilter(field_name="site", target=HeritageSite)
    structure_type = TermFilter(
        field_name="structure_type", vocabulary="structure_type"
    )
    site_type = TermFilter(field_name="site__site_type", vocabulary="site_type")
    condition = MultipleChoiceCSVFilter(choices=Condition.choices)
    country = CountryFilter(field_name="site__country")
    admin_division = AdminDivisionFilter(field_name="site__admin_division__code")
    ordering = StableOrderingFilter(
        fields=(("name", "name"), ("updated_at", "updated_at"))
    )

    class Meta:
        model = Structure
        fields = []


class AttributedFilterMixin(filters.FilterSet):
    perpetrator = PublicIdFilter(field_name="perpetrator", target=Actor)
    attribution = MultipleChoiceCSVFilter(choices=Attribution.choices)
    certainty = MultipleChoiceCSVFilter(choices=Certainty.choices)
    certainty_min = filters.ChoiceFilter(
        choices=Certainty.choices,
        method="filter_certainty_min",
        help_text=_("At least this certainty (scale: %(scale)s).")
        % {"scale": ", ".join(CERTAINTY_ORDER)},
    )
    verification = MultipleChoiceCSVFilter(choices=Verification.choices)

    def filter_certainty_min(self, qs, name, value):
        return qs.filter(certainty__in=CERTAINTY_ORDER[CERTAINTY_ORDER.index(value) :])


class DamageEventFilterSet(AttributedFilterMixin, DatedFilterSet):
    q = filters.CharFilter(
        method="search", help_text=_("Title, site name or perpetrator (aliases count).")
    )
    site = PublicIdFilter(field_name="site", target=HeritageSite)
    structure = PublicIdFilter(
        field_name="structure_damage__structure", target=Structure
    )
    country = CountryFilter(field_name="site__country")
    admin_division = AdminDivisionFilter(field_name="site__admin_division__code")
    site_type = TermFilter(field_name="site__site_type", vocabulary="site_type")
    cause_category = MultipleChoiceCSVFilter(choices=CauseCategory.choices)
    cause_type = TermFilter(field_name="cause_type", vocabulary="cause_type")
    effect = TermFilter(field_name="effects", vocabulary="effect_type")
    extent = MultipleChoiceCSVFilter(choices=Extent.choices)
    condition_after = MultipleChoiceCSVFilter(choices=Condition.choices)
    source = PublicIdFilter(
        method="filter_source", target=Source, help_text=_("Cites this source.")
    )
    ordering = StableOrderingFilter(fields=EVENT_ORDERING)

    class Meta:
        model = DamageEvent
        fields = []

    def filter_source(self, qs, name, value):
        return filter_by_source(qs, self.filters["source"].targets(value))


def filter_by_source(qs, sources):
    citations = Citation.objects.filter(
        content_type=ContentType.objects.get_for_model(qs.model),
        object_id=OuterRef("pk"),
        source__in=sources,
    )
    return qs.filter(Exists(citations))


class LootingIncidentFilterSet(AttributedFilterMixin, DatedFilterSet):
    q = filters.CharFilter(method="search", help_text=_("Title or site name."))
    site = PublicIdFilter(field_name="site", target=HeritageSite)
    country = CountryFilter(field_name="site__country")
    admin_division = AdminDivisionFilter(field_name="site__admin_division__code")
    kind = MultipleChoiceCSVFilter(choices=LootingKind.choices)
    site_type = TermFilter(field_name="site__site_type", vocabulary="site_type")
    # The object filters look at published objects only: a draft object's type or
    # status must not show through its incident.
    object_type = TermFilter(
        vocabulary="object_type",
        method="filter_objects",
        help_text=_("Has a public object of this type (or a narrower one)."),
    )
    material = TermFilter(
        vocabulary="material",
        method="filter_objects",
        help_text=_("Has a public object of this material."),
    )
    red_list_category = MultipleChoiceCSVFilter(
        choices=RedListCategory.choices,
        method="filter_objects",
        help_text=_("Has a public object of this ICOM Red List category."),
    )
    status = MultipleChoiceCSVFilter(
        choices=ObjectStatus.choices,
        method="filter_objects",
        help_text=_("Has a public object in this status (missing, seized…)."),
    )
    ordering = StableOrderingFilter(fields=EVENT_ORDERING)

    class Meta:
        model = LootingIncident
        fields = []

    def filter_objects(self, qs, name, value):
        lookups = {
            "object_type": ("object_type__code__in", self.filters["object_type"].codes),
            "material": ("materials__code__in", self.filters["material"].codes),
            "red_list_category": ("red_list_category__in", list),
            "status": ("current_status__in", list),
        }
        lookup, expand = lookups[name]
        objects = CulturalObject.objects.published().filter(**{lookup: expand(value)})
        return qs.filter(pk__in=objects.values("looting_incident"))


class CulturalObjectFilterSet(ObjectDescriptionFilterSet, DatedFilterSet):
    date_prefix = "looting_incident__"

    q = filters.CharFilter(
        method="search", help_text=_("Title, other titles or a reference number.")
    )
    site = PublicIdFilter(field_name="origin_site", target=HeritageSite)
    admin_division = AdminDivisionFilter(field_name="origin_site__admin_division__code")
    looting_incident = PublicIdFilter(
        field_name="looting_incident", target=LootingIncident
    )
    site_type = TermFilter(field_name="origin_site__site_type", vocabulary="site_type")
    object_type = TermFilter(field_name="object_type", vocabulary="object_type")
    material = TermFilter(field_name="materials", vocabulary="material")
    red_list_category = MultipleChoiceCSVFilter(choices=RedListCategory.choices)
    status = MultipleChoiceCSVFilter(
        field_name="current_status",
        choices=ObjectStatus.choices,
        help_text=_("The object's status: missing, on the market, seized, returned…"),
    )
    ordering = StableOrderingFilter(
        fields=(("title", "title"), ("updated_at", "updated_at"))
    )

    class Meta:
        model = CulturalObject
        fields = []

    def search(self, qs, name, value):
        # An exact reference number (inventory, INTERPOL, lot…) finds its object:
        # the objects' keys, looked up first, keep the trigram index usable (an
        # EXISTS inside the OR made PostgreSQL scan every object).
        referenced = list(
            ObjectReference.objects.filter(value__iexact=value.strip())
            .order_by()
            .values_list("object_id", flat=True)
            .distinct()[:1000]
        )
        also = Q(pk__in=referenced) if referenced else None
        return ordered(search(qs, value, also=also))

    @classmethod
    def search_tables(cls):
        # The objects a reference number finds go in as a list of keys too.
        return {*super().search_tables(), ObjectReference._meta.db_table}


class PersonFilterSet(RegistryFilterSet):
    # Person.search_text holds a pseudonymous person's pseudonym only.
    q = filters.CharFilter(
        method="search",
        help_text=_("A public person's name or a pseudonymous person's pseudonym."),
    )
    role = TermFilter(field_name="roles", vocabulary="role")
    harm = MultipleChoiceCSVFilter(
        choices=HarmKind.choices,
        method="filter_harm",
        help_text=_("Suffered this harm."),
    )
    site = PublicIdFilter(
        method="filter_site",
        target=HeritageSite,
        help_text=_("Looked after, or was harmed at, this site."),
    )
    ordering = StableOrderingFilter(fields=(("updated_at", "updated_at"),))

    class Meta:
        model = Person
        fields = []

    def filter_harm(self, qs, name, value):
        harms = HarmEvent.objects.filter(person=OuterRef("pk"), kind__in=value)
        return qs.filter(Exists(harms))

    def filter_site(self, qs, name, value):
        sites = self.filters["site"].targets(value)
        harmed_at = HarmEvent.objects.filter(person=OuterRef("pk"), site__in=sites)
        looked_after = Person.objects.filter(sites__in=sites)
        return qs.filter(Q(pk__in=looked_after.values("pk")) | Exists(harmed_at))


class ActorFilterSet(RegistryFilterSet):
    q = filters.CharFilter(method="search", help_text=_("Name or any alias."))
    kind = MultipleChoiceCSVFilter(choices=ActorKind.choices)
    ordering = StableOrderingFilter(
        fields=(("name", "name"), ("updated_at", "updated_at"))
    )

    class Meta:
        model = Actor
        fields = []


class SourceFilterSet(RegistryFilterSet):
    q = filters.CharFilter(method="search", help_text=_("Title or author."))
    kind = MultipleChoiceCSVFilter(choices=SourceKind.choices)
    publisher = PublicIdFilter(field_name="publisher", target=Actor)
    published_after = filters.DateFilter(field_name="published_on", lookup_expr="gte")
    published_before = filters.DateFilter(field_name="published_on", lookup_expr="lte")
    ordering = StableOrderingFilter(
        fields=(
            ("title", "title"),
            ("published_on", "published_on"),
            ("updated_at", "updated_at"),
        )
    )

    class Meta:
        model = Source
        fields = []
