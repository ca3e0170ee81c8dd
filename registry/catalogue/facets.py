"""The catalogue's facets: what each counts and which parameter it sets."""

from dataclasses import dataclass

from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from registry.models import (
    Actor,
    AdminDivision,
    CauseCategory,
    Condition,
    ObjectStatus,
    Term,
)


def event_year(prefix=""):
    """The year an event is dated to: its earliest possible day's, else its latest's."""
    return ExtractYear(Coalesce(f"{prefix}date_earliest", f"{prefix}date_latest"))


@dataclass(frozen=True)
class Facet:
    param: str
    label: str
    # kind code -> the field (or expression) whose values are counted
    paths: dict

    def labels(self, values):
        return {value: str(value) for value in values}


class ChoiceFacet(Facet):
    def __init__(self, param, label, paths, choices):
        super().__init__(param, label, paths)
        object.__setattr__(self, "choices", dict(choices))

    def labels(self, values):
        return {value: str(self.choices.get(value, value)) for value in values}


class CountryFacet(Facet):
    def labels(self, values):
        return {value: str(countries.name(value) or value) for value in values}


class TermFacet(Facet):
    def __init__(self, param, label, paths, vocabulary):
        super().__init__(param, label, paths)
        object.__setattr__(self, "vocabulary", vocabulary)

    def labels(self, values):
        terms = Term.objects.filter(vocabulary=self.vocabulary, code__in=values)
        return {term.code: term.label for term in terms}


class DivisionFacet(Facet):
    def labels(self, values):
        return {d.code: d.label for d in AdminDivision.objects.filter(code__in=values)}


class ActorFacet(Facet):
    def labels(self, values):
        actors = Actor.objects.published().filter(public_id__in=values)
        return {str(actor.public_id): actor.label for actor in actors}


SITE_PATHS = {
    "site": "",
    "structure": "site__",
    "damage-event": "site__",
    "looting-incident": "site__",
    "object": "origin_site__",
}

FACETS = [
    CountryFacet(
        "country", _("Country"), {k: f"{p}country" for k, p in SITE_PATHS.items()}
    ),
    DivisionFacet(
        "admin_division",
        _("Governorate"),
        {k: f"{p}admin_division__code" for k, p in SITE_PATHS.items()},
    ),
    TermFacet(
        "site_type",
        _("Site type"),
        {k: f"{p}site_type__code" for k, p in SITE_PATHS.items()},
        "site_type",
    ),
    ChoiceFacet(
        "cause_category",
        _("Cause"),
        {"damage-event": "cause_category"},
        CauseCategory.choices,
    ),
    ActorFacet(
        "perpetrator",
        _("Perpetrator"),
        {
            "damage-event": "perpetrator__public_id",
            "looting-incident": "perpetrator__public_id",
        },
    ),
    ChoiceFacet(
        "condition",
        _("Condition"),
        {
            "site": "condition",
            "structure": "condition",
            "damage-event": "condition_after",
        },
        Condition.choices,
    ),
    ChoiceFacet(
        "status",
        _("Object status"),
        {"object": "current_status"},
        ObjectStatus.choices,
    ),
    Facet("year", _("Year"), {"damage-event": "year", "looting-incident": "year"}),
]
FACET_PARAMS = [facet.param for facet in FACETS]
