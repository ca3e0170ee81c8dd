"""One FilterSet per resource: the parameter vocabulary of the API and the catalogue.

Visibility is never decided here: every view hands these FilterSets a queryset that
already went through ``published()``. A value that does not parse is a 400 naming its
parameter (django-filter's form errors); an identifier that matches nothing is simply
no result.
"""

import uuid
from datetime import UTC

import django_filters as filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_filters.fields import IsoDateTimeField
from drf_spectacular.utils import extend_schema_field

from registry import models as m
from registry.publishing.privacy import annotate_public_location
from registry.search.matching import ordered, search

# Forms -------------------------------------------------------------------------------


class CommaSeparatedMixin:
    """Accept ``?x=a,b`` as well as ``?x=a&x=b``."""

    def to_python(self, value):
        if value in (None, ""):
            return []
        values = value if isinstance(value, (list, tuple)) else [value]
        split = [part.strip() for item in values for part in str(item).split(",")]
        return [part for part in split if part]


class MultipleChoiceCSVField(CommaSeparatedMixin, forms.MultipleChoiceField):
    pass


class UpperMultipleChoiceField(MultipleChoiceCSVField):
    """Country codes: ``sy`` and ``SY`` alike."""

    def to_python(self, value):
        return [item.upper() for item in super().to_python(value)]


class UUIDListField(CommaSeparatedMixin, forms.Field):
    default_error_messages = {"invalid": _("Enter public identifiers (UUIDs).")}

    def to_python(self, value):
        if value in (None, "", []):
            return []
        try:
            return [uuid.UUID(item) for item in super().to_python(value)]
        except ValueError as error:
            raise ValidationError(
                self.error_messages["invalid"], code="invalid"
            ) from error


class StrictBooleanField(forms.Field):
    """true/false (also 1/0, yes/no); anything else is an error, not "no filter"."""

    default_error_messages = {"invalid": _("Expected true or false.")}
    values = {
        "true": True,
        "1": True,
        "yes": True,
        "false": False,
        "0": False,
        "no": False,
    }

    def to_python(self, value):
        if value in (None, ""):
            return None
        try:
            return self.values[str(value).strip().lower()]
        except KeyError as error:
            raise ValidationError(
                self.error_messages["invalid"], code="invalid"
            ) from error


class YearListField(CommaSeparatedMixin, forms.Field):
    default_error_messages = {"invalid": _("Enter years as whole numbers, e.g. 2015.")}

    def to_python(self, value):
        if value in (None, "", []):
            return []
        try:
            years = [int(item) for item in super().to_python(value)]
        except ValueError as error:
            raise ValidationError(
                self.error_messages["invalid"], code="invalid"
            ) from error
        if any(not 1 <= year <= 9999 for year in years):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return years


class UTCDateTimeField(IsoDateTimeField):
    """An ISO 8601 moment, in UTC: any offset Python accepts ("-20:27") is then one
    PostgreSQL accepts too, and a moment past the year 9999 in UTC is an error."""

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return None
        try:
            return value.astimezone(UTC)
        except OverflowError as error:
            raise ValidationError(
                self.error_messages["invalid"], code="invalid"
            ) from error


class BBoxField(forms.CharField):
    """``min_lon,min_lat,max_lon,max_lat`` in WGS84 degrees."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        message = _(
            "Expected min_lon,min_lat,max_lon,max_lat: four numbers, longitudes in "
            "[-180, 180], latitudes in [-90, 90], each minimum not above its maximum."
        )
        try:
            min_lon, min_lat, max_lon, max_lat = (
                float(part) for part in value.split(",")
            )
        except ValueError as error:
            raise ValidationError(message, code="invalid") from error
        ok = (
            -180 <= min_lon <= max_lon <= 180
            and -90 <= min_lat <= max_lat <= 90
            and all(
                abs(v) != float("inf") for v in (min_lon, min_lat, max_lon, max_lat)
            )
        )
        if not ok:
            raise ValidationError(message, code="invalid")
        return min_lon, min_lat, max_lon, max_lat


# Filters -----------------------------------------------------------------------------


@extend_schema_field({"type": "boolean"})
class BooleanFilter(filters.BooleanFilter):
    field_class = StrictBooleanField


class UTCDateTimeFilter(filters.IsoDateTimeFilter):
    field_class = UTCDateTimeField


class MultipleChoiceCSVFilter(filters.MultipleChoiceFilter):
    """Several values of one column, comma-separated.

    No DISTINCT: every field filtered this way holds one value per record (own
    columns and forward keys); filters across many-valued relations use a
    ``pk__in`` subquery instead. django-filter's default DISTINCT over every column
    made a filtered page cost a sort of the whole match (measured with bench).
    """

    field_class = MultipleChoiceCSVField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)


@extend_schema_field(
    {"type": "array", "items": {"type": "integer", "minimum": 1, "maximum": 9999}}
)
class YearFilter(filters.Filter):
    """The year an event is dated to: its earliest possible day's, else its latest's."""

    field_class = YearListField

    def filter(self, qs, value):
        if not value:
            return qs
        prefix = self.parent.date_prefix
        dated = qs.annotate(
            _year=ExtractYear(
                Coalesce(f"{prefix}date_earliest", f"{prefix}date_latest")
            )
        )
        return dated.filter(_year__in=value)


@extend_schema_field({"type": "string", "pattern": "^[A-Za-z]{2}$"})
class CountryFilter(filters.MultipleChoiceFilter):
    field_class = UpperMultipleChoiceField

    def __init__(self, *args, **kwargs):
        # Codes only: naming 249 countries in the reader's language on every request
        # would cost more than the search itself.
        kwargs.setdefault(
            "choices", lambda: [(code, code) for code in countries.countries]
        )
        kwargs.setdefault("help_text", _("ISO 3166-1 alpha-2 codes, e.g. SY."))
        kwargs.setdefault("distinct", False)  # one country per record: see above
        super().__init__(*args, **kwargs)


def term_choices(vocabulary):
    def choices():
        return list(
            m.Term.objects.filter(vocabulary=vocabulary).values_list("code", "label_en")
        )

    return choices


@extend_schema_field({"type": "string"})
class TermFilter(MultipleChoiceCSVFilter):
    """Codes of one vocabulary (see /api/v1/vocabularies/); a broader term includes its
    narrower ones."""

    def __init__(self, *args, vocabulary, **kwargs):
        self.vocabulary = vocabulary
        kwargs.setdefault("choices", term_choices(vocabulary))
        kwargs.setdefault(
            "help_text",
            _("Codes from the '%(name)s' vocabulary.") % {"name": vocabulary},
        )
        super().__init__(*args, **kwargs)

    def codes(self, value):
        """The codes asked for, with every narrower term at any depth."""
        terms = m.Term.objects.filter(vocabulary=self.vocabulary)
        codes, frontier = set(value), set(value)
        while frontier:
            frontier = (
                set(
                    terms.filter(parent__code__in=frontier).values_list(
                        "code", flat=True
                    )
                )
                - codes
            )
            codes |= frontier
        return codes

    def filter(self, qs, value):
        if not value:
            return qs
        matching = qs.model._default_manager.filter(
            **{f"{self.field_name}__code__in": self.codes(value)}
        )
        return qs.filter(pk__in=matching.values("pk"))


@extend_schema_field({"type": "array", "items": {"type": "string", "format": "uuid"}})
class PublicIdFilter(filters.Filter):
    """Public identifiers of related records, several allowed.

    Only public targets count: asking by the identifier of a withdrawn actor or a
    confidential source must not reveal what it was linked to.
    """

    field_class = UUIDListField

    def __init__(self, *args, target, **kwargs):
        self.target = target
        super().__init__(*args, **kwargs)

    def targets(self, value):
        return self.target.objects.published().filter(public_id__in=value)

    def filter(self, qs, value):
        if not value:
            return qs
        matching = qs.model._default_manager.filter(
            **{f"{self.field_name}__in": self.targets(value)}
        )
        return qs.filter(pk__in=matching.values("pk"))


@extend_schema_field(
    {
        "type": "string",
        "pattern": r"^-?[0-9.]+,-?[0-9.]+,-?[0-9.]+,-?[0-9.]+$",
        "example": "38,34,39,35",
    }
)
class BBoxFilter(filters.Filter):
    field_class = BBoxField


@extend_schema_field({"type": "string", "pattern": "^[A-Za-z]{2}-[A-Za-z0-9]{1,3}$"})
class AdminDivisionFilter(MultipleChoiceCSVFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "choices",
            lambda: list(
                m.AdminDivision.objects.exclude(code="").values_list("code", "name")
            ),
        )
        kwargs.setdefault("help_text", _("ISO 3166-2 codes, e.g. SY-HI for Homs."))
        super().__init__(*args, **kwargs)


class StableOrderingFilter(filters.OrderingFilter):
    """Ordering from an allow-list, always ending in the primary key: stable pages."""

    def filter(self, qs, value):
        # "?ordering=,," is no ordering asked for, not an order by nothing.
        qs = super().filter(qs, [term for term in value or [] if term])
        ordering = list(qs.query.order_by)
        if not ordering:
            ordering = list(qs.model._meta.ordering or [])
        if not any(term.lstrip("-") in ("pk", "id") for term in map(str, ordering)):
            ordering.append("pk")
        return qs.order_by(*ordering)


CERTAINTY_ORDER = list(m.Certainty.values)
EVENT_ORDERING = (
    ("date_earliest", "date"),
    ("updated_at", "updated_at"),
    ("title", "title"),
)


# FilterSets --------------------------------------------------------------------------


class RegistryFilterSet(filters.FilterSet):
    """Shared by every resource: ``updated_since`` for mirrors, and the search that
    each resource's ``q`` calls (best matches first, unless ``ordering`` says else)."""

    updated_since = UTCDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        help_text=_("Only records changed at or after this time (ISO 8601)."),
    )

    def search(self, qs, name, value):
        return ordered(search(qs, value))


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
        if after:
            queryset = queryset.filter(**{f"{prefix}date_earliest__gte": after})
        if before:
            queryset = queryset.filter(**{f"{prefix}date_latest__lte": before})
        return queryset


class SiteFilterSet(RegistryFilterSet):
    q = filters.CharFilter(method="search", help_text=_("Any name, in any spelling."))
    country = CountryFilter(method="filter_country")
    admin_division = AdminDivisionFilter(field_name="admin_division__code")
    site_type = TermFilter(field_name="site_type", vocabulary="site_type")
    designation = MultipleChoiceCSVFilter(
        choices=m.DesignationKind.choices,
        method="filter_designation",
        help_text=_("Holds this designation now (no end year)."),
    )
    condition = MultipleChoiceCSVFilter(choices=m.Condition.choices)
    damaged = BooleanFilter(
        method="filter_damaged",
        help_text=_("Has (true) or has no (false) damage event."),
    )
    period = TermFilter(field_name="periods", vocabulary="period")
    bbox = BBoxFilter(
        method="filter_bbox",
        help_text=_(
            "min_lon,min_lat,max_lon,max_lat. Compared with the public location only: "
            "a generalised site by its coarse cell, a restricted site never."
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
        model = m.HeritageSite
        fields = []

    def filter_country(self, qs, name, value):
        # A transboundary property is in each of its countries.
        q = Q(country__in=value)
        for code in value:
            q |= Q(other_countries__contains=code)
        return qs.filter(q)

    def filter_designation(self, qs, name, value):
        current = m.Designation.objects.filter(
            site=OuterRef("pk"), kind__in=value, year_to__isnull=True
        )
        return qs.filter(Exists(current))

    def filter_damaged(self, qs, name, value):
        events = m.DamageEvent.objects.published().filter(site=OuterRef("pk"))
        return qs.filter(Exists(events)) if value else qs.exclude(Exists(events))

    def filter_bbox(self, qs, name, value):
        min_lon, min_lat, max_lon, max_lat = value
        if "public_latitude" not in qs.query.annotations:
            qs = annotate_public_location(qs)
        return qs.filter(
            public_latitude__gte=min_lat,
            public_latitude__lte=max_lat,
            public_longitude__gte=min_lon,
            public_longitude__lte=max_lon,
        )


class StructureFilterSet(RegistryFilterSet):
    q = filters.CharFilter(method="search", help_text=_("Any name, in any spelling."))
    site = PublicIdFilter(field_name="site", target=m.HeritageSite)
    structure_type = TermFilter(
        field_name="structure_type", vocabulary="structure_type"
    )
    site_type = TermFilter(field_name="site__site_type", vocabulary="site_type")
    condition = MultipleChoiceCSVFilter(choices=m.Condition.choices)
    country = CountryFilter(field_name="site__country")
    admin_division = AdminDivisionFilter(field_name="site__admin_division__code")
    ordering = StableOrderingFilter(
        fields=(("name", "name"), ("updated_at", "updated_at"))
    )

    class Meta:
        model = m.Structure
        fields = []


class AttributedFilterMixin(filters.FilterSet):
    perpetrator = PublicIdFilter(field_name="perpetrator", target=m.Actor)
    attribution = MultipleChoiceCSVFilter(choices=m.Attribution.choices)
    certainty = MultipleChoiceCSVFilter(choices=m.Certainty.choices)
    certainty_min = filters.ChoiceFilter(
        choices=m.Certainty.choices,
        method="filter_certainty_min",
        help_text=_("At least this certainty (scale: %(scale)s).")
        % {"scale": ", ".join(CERTAINTY_ORDER)},
    )
    verification = MultipleChoiceCSVFilter(choices=m.Verification.choices)

    def filter_certainty_min(self, qs, name, value):
        return qs.filter(certainty__in=CERTAINTY_ORDER[CERTAINTY_ORDER.index(value) :])


class DamageEventFilterSet(AttributedFilterMixin, DatedFilterSet):
    q = filters.CharFilter(
        method="search", help_text=_("Title, site name or perpetrator (aliases count).")
    )
    site = PublicIdFilter(field_name="site", target=m.HeritageSite)
    structure = PublicIdFilter(
        field_name="structure_damage__structure", target=m.Structure
    )
    country = CountryFilter(field_name="site__country")
    admin_division = AdminDivisionFilter(field_name="site__admin_division__code")
    site_type = TermFilter(field_name="site__site_type", vocabulary="site_type")
    cause_category = MultipleChoiceCSVFilter(choices=m.CauseCategory.choices)
    cause_type = TermFilter(field_name="cause_type", vocabulary="cause_type")
    effect = TermFilter(field_name="effects", vocabulary="effect_type")
    extent = MultipleChoiceCSVFilter(choices=m.Extent.choices)
    condition_after = MultipleChoiceCSVFilter(choices=m.Condition.choices)
    source = PublicIdFilter(
        method="filter_source", target=m.Source, help_text=_("Cites this source.")
    )
    ordering = StableOrderingFilter(fields=EVENT_ORDERING)

    class Meta:
        model = m.DamageEvent
        fields = []

    def filter_source(self, qs, name, value):
        return filter_by_source(qs, self.filters["source"].targets(value))


def filter_by_source(qs, sources):
    citations = m.Citation.objects.filter(
        content_type=ContentType.objects.get_for_model(qs.model),
        object_id=OuterRef("pk"),
        source__in=sources,
    )
    return qs.filter(Exists(citations))


class LootingIncidentFilterSet(AttributedFilterMixin, DatedFilterSet):
    q = filters.CharFilter(method="search", help_text=_("Title or site name."))
    site = PublicIdFilter(field_name="site", target=m.HeritageSite)
    country = CountryFilter(field_name="site__country")
    admin_division = AdminDivisionFilter(field_name="site__admin_division__code")
    kind = MultipleChoiceCSVFilter(choices=m.LootingKind.choices)
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
        choices=m.RedListCategory.choices,
        method="filter_objects",
        help_text=_("Has a public object of this ICOM Red List category."),
    )
    status = MultipleChoiceCSVFilter(
        choices=m.ObjectStatus.choices,
        method="filter_objects",
        help_text=_("Has a public object in this status (missing, seized…)."),
    )
    ordering = StableOrderingFilter(fields=EVENT_ORDERING)

    class Meta:
        model = m.LootingIncident
        fields = []

    def filter_objects(self, qs, name, value):
        lookups = {
            "object_type": ("object_type__code__in", self.filters["object_type"].codes),
            "material": ("materials__code__in", self.filters["material"].codes),
            "red_list_category": ("red_list_category__in", list),
            "status": ("current_status__in", list),
        }
        lookup, expand = lookups[name]
        objects = m.CulturalObject.objects.published().filter(**{lookup: expand(value)})
        return qs.filter(pk__in=objects.values("looting_incident"))


class CulturalObjectFilterSet(DatedFilterSet):
    date_prefix = "looting_incident__"

    q = filters.CharFilter(
        method="search", help_text=_("Title, other titles or a reference number.")
    )
    site = PublicIdFilter(field_name="origin_site", target=m.HeritageSite)
    country = CountryFilter(field_name="origin_site__country")
    admin_division = AdminDivisionFilter(field_name="origin_site__admin_division__code")
    looting_incident = PublicIdFilter(
        field_name="looting_incident", target=m.LootingIncident
    )
    site_type = TermFilter(field_name="origin_site__site_type", vocabulary="site_type")
    object_type = TermFilter(field_name="object_type", vocabulary="object_type")
    material = TermFilter(field_name="materials", vocabulary="material")
    red_list_category = MultipleChoiceCSVFilter(choices=m.RedListCategory.choices)
    status = MultipleChoiceCSVFilter(
        field_name="current_status",
        choices=m.ObjectStatus.choices,
        help_text=_("The object's status: missing, on the market, seized, returned…"),
    )
    ordering = StableOrderingFilter(
        fields=(("title", "title"), ("updated_at", "updated_at"))
    )

    class Meta:
        model = m.CulturalObject
        fields = []

    def search(self, qs, name, value):
        # An exact reference number (inventory, INTERPOL, lot…) finds its object:
        # the objects' keys, looked up first, keep the trigram index usable (an
        # EXISTS inside the OR made PostgreSQL scan every object).
        referenced = list(
            m.ObjectReference.objects.filter(value__iexact=value.strip())
            .order_by()
            .values_list("object_id", flat=True)
            .distinct()[:1000]
        )
        also = Q(pk__in=referenced) if referenced else None
        return ordered(search(qs, value, also=also))


class PersonFilterSet(RegistryFilterSet):
    # Person.search_text holds a pseudonymous person's pseudonym only.
    q = filters.CharFilter(
        method="search",
        help_text=_("A public person's name or a pseudonymous person's pseudonym."),
    )
    role = TermFilter(field_name="roles", vocabulary="role")
    harm = MultipleChoiceCSVFilter(
        choices=m.HarmKind.choices,
        method="filter_harm",
        help_text=_("Suffered this harm."),
    )
    site = PublicIdFilter(
        method="filter_site",
        target=m.HeritageSite,
        help_text=_("Looked after, or was harmed at, this site."),
    )
    ordering = StableOrderingFilter(fields=(("updated_at", "updated_at"),))

    class Meta:
        model = m.Person
        fields = []

    def filter_harm(self, qs, name, value):
        harms = m.HarmEvent.objects.filter(person=OuterRef("pk"), kind__in=value)
        return qs.filter(Exists(harms))

    def filter_site(self, qs, name, value):
        sites = self.filters["site"].targets(value)
        harmed_at = m.HarmEvent.objects.filter(person=OuterRef("pk"), site__in=sites)
        looked_after = m.Person.objects.filter(sites__in=sites)
        return qs.filter(Q(pk__in=looked_after.values("pk")) | Exists(harmed_at))


class ActorFilterSet(RegistryFilterSet):
    q = filters.CharFilter(method="search", help_text=_("Name or any alias."))
    kind = MultipleChoiceCSVFilter(choices=m.ActorKind.choices)
    ordering = StableOrderingFilter(
        fields=(("name", "name"), ("updated_at", "updated_at"))
    )

    class Meta:
        model = m.Actor
        fields = []


class SourceFilterSet(RegistryFilterSet):
    q = filters.CharFilter(method="search", help_text=_("Title or author."))
    kind = MultipleChoiceCSVFilter(choices=m.SourceKind.choices)
    publisher = PublicIdFilter(field_name="publisher", target=m.Actor)
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
        model = m.Source
        fields = []
