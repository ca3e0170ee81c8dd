"""The parameters' parsing: form fields and filters shared by every FilterSet.

Each refuses what it cannot parse with a message that names what it expected, so
that a malformed parameter is a 400 naming it.
"""

import re
import uuid
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

import django_filters as filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_filters.fields import IsoDateTimeField
from drf_spectacular.utils import extend_schema_field

from registry.models import (
    AdminDivision,
    Term,
)
from registry.models.base import sort_day, sort_year

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

    def valid_value(self, value):
        # A code is looked up, not compared with each of the 249 choices in turn.
        return value in countries.countries


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


def whole_number(text):
    """``text`` as an int when it writes a whole number: "12", and as JSON Schema
    and Django's IntegerField also read integers, "12.0" or "1.2e1". ValueError
    for anything else ("12.5", "twelve", "inf")."""
    try:
        number = Decimal(str(text).strip())
    except InvalidOperation as error:
        raise ValueError(text) from error
    if not number.is_finite() or number != number.to_integral_value():
        raise ValueError(text)
    return int(number)


class YearListField(CommaSeparatedMixin, forms.Field):
    default_error_messages = {"invalid": _("Enter years as whole numbers, e.g. 2015.")}

    def to_python(self, value):
        if value in (None, "", []):
            return []
        try:
            years = [whole_number(item) for item in super().to_python(value)]
        except ValueError as error:
            raise ValidationError(
                self.error_messages["invalid"], code="invalid"
            ) from error
        if any(not 1 <= year <= 9999 for year in years):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return years


def in_utc(moment):
    """An aware moment in UTC: any offset Python accepts ("-20:27") is then one
    PostgreSQL accepts too. A moment that falls outside the years 1–9999 once in UTC
    ("0001-01-01T00:00:02+02:00") is the first or last moment there is: asking for
    changes since the beginning of time is asking for all of them, not an error."""
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        edge = datetime.min if moment.year == 1 else datetime.max
        return edge.replace(tzinfo=UTC)


class UTCDateTimeField(IsoDateTimeField):
    """An ISO 8601 moment, in UTC (see ``in_utc``)."""

    def to_python(self, value):
        value = super().to_python(value)
        return None if value is None else in_utc(value)


# The bounding box's rule, written once: the server checks it, the schema states it.
# Decimal degrees (no exponent, no sign but "-"), longitudes in [-180, 180],
# latitudes in [-90, 90].
LONGITUDE = r"-?(?:180(?:\.0+)?|(?:1[0-7][0-9]|[1-9]?[0-9])(?:\.[0-9]+)?)"
LATITUDE = r"-?(?:90(?:\.0+)?|[1-8]?[0-9](?:\.[0-9]+)?)"
BBOX_PATTERN = f"^{LONGITUDE},{LATITUDE},{LONGITUDE},{LATITUDE}$"


class BBoxField(forms.CharField):
    """``west,south,east,north`` in WGS84 degrees (RFC 7946's bbox order).

    West greater than east is a box across the antimeridian (RFC 7946, 5.2: Fiji's
    ``177,-20,-178,-15``). South and north may come in either order: two latitudes
    bound one band whichever is written first.
    """

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        if not re.fullmatch(BBOX_PATTERN, value):
            raise ValidationError(
                _(
                    "Expected west,south,east,north: four decimal numbers, longitudes "
                    "in [-180, 180], latitudes in [-90, 90]."
                ),
                code="invalid",
            )
        west, south, east, north = (float(part) for part in value.split(","))
        return west, min(south, north), east, max(south, north)


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
        dated = qs.annotate(_year=sort_year(prefix))
        return dated.filter(_year__in=value)


@extend_schema_field({"type": "integer", "minimum": 1000, "maximum": 9999})
class YearParameterFilter(filters.NumberFilter):
    """A year as a parameter (1000 to 9999); what it selects is its FilterSet's."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1000)
        kwargs.setdefault("max_value", 9999)
        super().__init__(*args, **kwargs)


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
            Term.objects.filter(vocabulary=vocabulary).values_list("code", "label_en")
        )

    return choices


# The schema gives the form of codes that curators add (a pattern), never the codes
# of the day: a generated client must not refuse tomorrow's term. The codes are at
# /api/v1/vocabularies/; one the registry does not know is a 400 that names it.
# (Each code is an item of an array parameter: "a,b" and "x=a&x=b" both work.)
SLUG = "[-a-zA-Z0-9_]+"
DIVISION = "[A-Za-z]{2}-[A-Za-z0-9]{1,3}"


@extend_schema_field({"type": "string", "pattern": f"^{SLUG}$"})
class TermFilter(MultipleChoiceCSVFilter):
    """Codes of one vocabulary (see /api/v1/vocabularies/); a broader term includes its
    narrower ones."""

    codes_from_data = True  # curators add terms: see SLUG

    def __init__(self, *args, vocabulary, **kwargs):
        self.vocabulary = vocabulary
        kwargs.setdefault("choices", term_choices(vocabulary))
        listed = _(
            "Codes of the '%(name)s' vocabulary, comma-separated: "
            "/api/v1/vocabularies/%(name)s/ lists them."
        ) % {"name": vocabulary}
        # A parameter's own help still names where its codes are: clients (and the
        # schema fuzzer) learn the codes of the day there.
        given = kwargs.get("help_text")
        kwargs["help_text"] = format_lazy("{} {}", given, listed) if given else listed
        super().__init__(*args, **kwargs)

    def codes(self, value):
        """The codes asked for, with every narrower term at any depth."""
        terms = Term.objects.filter(vocabulary=self.vocabulary)
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
    {"type": "string", "pattern": BBOX_PATTERN, "example": "38,34,39,35"}
)
class BBoxFilter(filters.Filter):
    field_class = BBoxField


@extend_schema_field({"type": "string", "pattern": f"^{DIVISION}$"})
class AdminDivisionFilter(MultipleChoiceCSVFilter):
    codes_from_data = True  # see SLUG

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "choices",
            lambda: list(
                AdminDivision.objects.exclude(code="").values_list("code", "name")
            ),
        )
        kwargs.setdefault(
            "help_text",
            _(
                "ISO 3166-2 codes, comma-separated, e.g. SY-HI for Homs: "
                "/api/v1/vocabularies/admin_division/ lists them."
            ),
        )
        super().__init__(*args, **kwargs)


class StableOrderingFilter(filters.OrderingFilter):
    """Ordering from an allow-list, always ending in the primary key: stable pages.

    ``date`` (where offered) sorts an event by the earliest day it can have
    happened, else its latest: "before 25 February 2022" sorts before "27 February
    2022"; undated events come last either way.
    """

    def get_ordering_value(self, param):
        if param.lstrip("-") != "date":
            return super().get_ordering_value(param)
        day = sort_day()
        if param.startswith("-"):
            return day.desc(nulls_last=True)
        return day.asc(nulls_last=True)

    def filter(self, qs, value):
        # "?ordering=,," is no ordering asked for, not an order by nothing.
        qs = super().filter(qs, [term for term in value or [] if term])
        ordering = list(qs.query.order_by)
        if not ordering:
            ordering = list(qs.model._meta.ordering or [])
        if not any(
            isinstance(term, str) and term.lstrip("-") in ("pk", "id")
            for term in ordering
        ):
            ordering.append("pk")
        return qs.order_by(*ordering)


def held_designation(data):
    """The ``Q`` of a designation that satisfies every designation parameter of
    ``data`` (a SiteFilterSet's cleaned data) at once, or None when none is given.

    ``designation=`` alone means held now (no end year); with a year, the same
    designation at that time: held at any time in ``designation_active_in``, begun
    in ``designation_started_in``, ended in ``designation_ended_in``.
    """
    kinds = data.get("designation")
    active, started, ended = (
        data.get(f"designation_{name}")
        for name in ("active_in", "started_in", "ended_in")
    )
    if not kinds and active is None and started is None and ended is None:
        return None
    held = Q(kind__in=kinds) if kinds else Q()
    if active is not None:
        held &= Q(year_from__lte=active) & (
            Q(year_to__isnull=True) | Q(year_to__gte=active)
        )
    if started is not None:
        held &= Q(year_from=started)
    if ended is not None:
        held &= Q(year_to=ended)
    if active is None and started is None and ended is None:
        held &= Q(year_to__isnull=True)
    return held
