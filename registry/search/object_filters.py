"""The parameters that describe an object (Object ID), for the objects' FilterSet.

What a customs officer or a dealer knows of an object in front of them: its type,
material, size (within a tolerance), an inscription or mark, a maker, a reference
number seen on a label, the museum it may come from, the country it comes from.
"""

from decimal import Decimal

import django_filters as filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from registry.models import ObjectReference
from registry.search.fields import CountryFilter, TermFilter
from registry.search.ligatures import fold_lam_alef, repair_arabic
from registry.search.text import fold

SIZES = {
    "height": "height_cm",
    "width": "width_cm",
    "depth": "depth_cm",
    "diameter": "diameter_cm",
    "weight": "weight_g",
}
DEFAULT_TOLERANCE = Decimal(10)
# The largest measurement a record can hold (9 digits, 2 decimals).
LARGEST = Decimal("9999999.99")


def size_filter(label):
    return filters.NumberFilter(
        method="filter_size",
        help_text=_(
            "%(label)s, found within size_tolerance per cent (10 unless given)."
        )
        % {"label": label},
    )


class ObjectDescriptionFilterSet(filters.FilterSet):
    country = CountryFilter(
        method="filter_country",
        help_text=_(
            "ISO 3166-1 alpha-2 codes, e.g. SY: the country of the site of origin, "
            "or the object's country of origin when no site is recorded."
        ),
    )
    period = TermFilter(field_name="period", vocabulary="period")
    technique = TermFilter(field_name="techniques", vocabulary="technique")
    holding_institution = filters.CharFilter(
        field_name="holding_institution",
        lookup_expr="icontains",
        help_text=_("Part of the name of the museum or collection it was taken from."),
    )
    maker = filters.CharFilter(
        field_name="maker", lookup_expr="icontains", help_text=_("Part of the maker.")
    )
    reference = filters.CharFilter(
        method="filter_reference",
        help_text=_(
            "A reference number of any kind (inventory, INTERPOL, case, lot), whole."
        ),
    )
    inscription = filters.CharFilter(
        method="filter_inscription",
        help_text=_(
            "Words of an inscription, marking or distinguishing feature, in any "
            "script (folded as names are)."
        ),
    )
    height = size_filter(_("Height in cm"))
    width = size_filter(_("Width in cm"))
    depth = size_filter(_("Depth in cm"))
    diameter = size_filter(_("Diameter in cm"))
    weight = size_filter(_("Weight in g"))
    size_tolerance = filters.NumberFilter(
        method="keep",
        help_text=_(
            "How far a size may be from the one asked for, in per cent of it "
            "(0 to 100; 10 unless given)."
        ),
    )

    def keep(self, qs, name, value):
        return qs  # read by filter_size

    def filter_country(self, qs, name, value):
        if not value:
            return qs
        return qs.filter(
            Q(origin_site__country__in=value)
            | Q(origin_site__isnull=True, country_of_origin__in=value)
        )

    def filter_reference(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        objects = ObjectReference.objects.filter(value__iexact=value).values("object")
        return qs.filter(pk__in=objects)

    def filter_inscription(self, qs, name, value):
        words = fold_lam_alef(fold(repair_arabic(value)))
        if not words:
            return qs
        for word in words.split():
            qs = qs.filter(marks_text__contains=word)
        return qs

    def tolerance(self):
        tolerance = self.form.cleaned_data.get("size_tolerance")
        if tolerance is None or not tolerance.is_finite():
            return DEFAULT_TOLERANCE
        return min(max(tolerance, Decimal(0)), Decimal(100))

    def filter_size(self, qs, name, value):
        if value is None:
            return qs
        if not value.is_finite() or value <= 0:
            return qs.none()
        share = self.tolerance() / 100
        low, high = value * (1 - share), value * (1 + share)
        if low > LARGEST:
            return qs.none()
        low = low.quantize(Decimal("0.01"))
        high = min(high, LARGEST).quantize(Decimal("0.01"))
        return qs.filter(**{f"{SIZES[name]}__range": (low, high)})
