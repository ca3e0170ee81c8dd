"""The parameters of the condition assessments (API and catalogue alike)."""

from django.utils.translation import gettext_lazy as _

from registry.models import (
    AssessmentMethod,
    Condition,
    ConditionAssessment,
    HeritageSite,
    Priority,
    Structure,
)
from registry.search.fields import (
    AdminDivisionFilter,
    BooleanFilter,
    CountryFilter,
    MultipleChoiceCSVFilter,
    PublicIdFilter,
    StableOrderingFilter,
    TermFilter,
)
from registry.search.filtersets import DatedFilterSet


class AssessmentFilterSet(DatedFilterSet):
    site = PublicIdFilter(field_name="site", target=HeritageSite)
    structure = PublicIdFilter(field_name="structure", target=Structure)
    country = CountryFilter(field_name="site__country")
    admin_division = AdminDivisionFilter(field_name="site__admin_division__code")
    site_type = TermFilter(field_name="site__site_type", vocabulary="site_type")
    method = MultipleChoiceCSVFilter(choices=AssessmentMethod.choices)
    condition = MultipleChoiceCSVFilter(
        choices=Condition.choices,
        help_text=_("The condition observed (a 'no change' assessment states none)."),
    )
    no_change = BooleanFilter(
        help_text=_("true: only assessments that found no change since the last one.")
    )
    priority = MultipleChoiceCSVFilter(choices=Priority.choices)
    threat = TermFilter(field_name="threats__category", vocabulary="threat")
    effect = TermFilter(field_name="disturbances__effect", vocabulary="effect_type")
    ordering = StableOrderingFilter(
        fields=(("date", "date"), ("updated_at", "updated_at"))
    )

    class Meta:
        model = ConditionAssessment
        fields = []
