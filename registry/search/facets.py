"""Facets: what each counts and which parameter it sets, for the catalogue's search
and the API's ``?facet=`` alike (one rule: a transboundary property is counted in
each of its countries and regions, as the country and region filters find it)."""

from dataclasses import dataclass, field

from django.db.models import Case, CharField, Count, F, Value, When
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from registry.models import (
    Actor,
    AdminDivision,
    AssessmentMethod,
    CauseCategory,
    Condition,
    CulturalObject,
    Designation,
    DesignationKind,
    ObjectStatus,
    Priority,
    Term,
    UnescoRegion,
    WorldHeritageCategory,
)
from registry.models.base import sort_year
from registry.publishing.cache import cached_rows


@dataclass(frozen=True)
class Facet:
    param: str
    label: str
    # kind code -> the field (or expression) whose values are counted; a value that
    # lists several ("arab_states,europe_north_america") counts for each
    paths: dict
    # kind code -> a second field listing more values of the same record (a
    # transboundary site's other countries)
    more: dict = field(default_factory=dict)
    # counted through the site's designations rather than a column of the record
    related = False

    def labels(self, values):
        return {value: str(value) for value in values}


class ChoiceFacet(Facet):
    def __init__(self, param, label, paths, choices, more=None):
        super().__init__(param, label, paths, more or {})
        object.__setattr__(self, "choices", dict(choices))

    def labels(self, values):
        return {value: str(self.choices.get(value, value)) for value in values}


class CountryFacet(Facet):
    def labels(self, values):
        return {value: str(countries.name(value) or value) for value in values}


class DesignationFacet(ChoiceFacet):
    """The designations a site holds now (a site may hold several)."""

    related = True

    def count_related(self, kind_code, records):
        held = Designation.objects.filter(site__in=records, year_to__isnull=True)
        rows = held.values("kind").annotate(n=Count("site", distinct=True))
        return {row["kind"]: row["n"] for row in cached_rows(rows)}


class TermFacet(Facet):
    def __init__(self, param, label, paths, vocabulary):
        super().__init__(param, label, paths)
        object.__setattr__(self, "vocabulary", vocabulary)

    def labels(self, values):
        terms = Term.objects.filter(vocabulary=self.vocabulary, code__in=values)
        return {term.code: term.label for term in terms}


class TermsFacet(TermFacet):
    """Several terms a record may hold (an object's materials), counted from the
    link table: a record counts once for each of its terms."""

    related = True

    def count_related(self, kind_code, records):
        model, name = RELATED_TERMS[kind_code]
        links = getattr(model, name).through.objects.filter(
            **{f"{model._meta.model_name}__in": records}
        )
        rows = links.values(code=F("term__code")).annotate(
            n=Count(f"{model._meta.model_name}", distinct=True)
        )
        return {row["code"]: row["n"] for row in cached_rows(rows)}


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
    "assessment": "site__",
}

FACETS = [
    CountryFacet(
        "country",
        _("Country"),
        {k: f"{p}country" for k, p in SITE_PATHS.items()},
        # An object without a site counts in its own country of origin (the
        # country filter finds it there); one with a site, in the site's.
        {"site": "other_countries", "object": "origin_country"},
    ),
    ChoiceFacet(
        "region",
        _("UNESCO region"),
        {"site": "unesco_regions"},
        UnescoRegion.choices,
    ),
    ChoiceFacet(
        "category",
        _("World Heritage category"),
        {"site": "unesco_category"},
        WorldHeritageCategory.choices,
    ),
    DesignationFacet(
        "designation", _("Designation"), {"site": "pk"}, DesignationKind.choices
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
            "assessment": "condition",
        },
        Condition.choices,
    ),
    ChoiceFacet(
        "method", _("Method"), {"assessment": "method"}, AssessmentMethod.choices
    ),
    ChoiceFacet(
        "priority", _("Priority"), {"assessment": "priority"}, Priority.choices
    ),
    TermFacet(
        "object_type",
        _("Type of object"),
        {"object": "object_type__code"},
        "object_type",
    ),
    TermFacet("period", _("Period"), {"object": "period__code"}, "period"),
    TermsFacet("material", _("Material"), {"object": "materials"}, "material"),
    ChoiceFacet(
        "status",
        _("Object status"),
        {"object": "current_status"},
        ObjectStatus.choices,
    ),
    Facet(
        "year",
        _("Year"),
        {"damage-event": "year", "looting-incident": "year", "assessment": "year"},
    ),
]
# kind code -> (model, its many-to-many field of terms), for TermsFacet.
RELATED_TERMS = {"object": (CulturalObject, "materials")}

# "more" values computed rather than read from a column.
MORE = {
    "origin_country": Case(
        When(origin_site__isnull=True, then=F("country_of_origin")),
        default=Value(""),
        output_field=CharField(),
    ),
}
FACET_PARAMS = [facet.param for facet in FACETS]
FACET_BY_PARAM = {facet.param: facet for facet in FACETS}


def facets_of(kind_code):
    """The facets that count records of a kind (catalogue kind code)."""
    return [facet for facet in FACETS if kind_code in facet.paths]


def _values(value):
    return [part for part in str(value).split(",") if part] if value else []


class FacetCounts(dict):
    """``{param: {value: count}}``, and ``total``: how many records were counted
    (None when no grouped query ran)."""

    total = None


def count_facets(kind_code, queryset, facets):
    """``{param: {value: count}}`` of ``facets`` over every record of ``queryset``
    (a ``FacetCounts``).

    The columns of all facets are counted in one grouped query (every path is a
    to-one relation, so a record is in one group: the groups' counts add up to
    the records', ``total``); a record whose column lists several values (or that
    has ``more``) counts once for each. Designations and materials are counted
    from their own tables.
    """
    results = FacetCounts({facet.param: {} for facet in facets})
    columns, more = {}, {}
    for index, facet in enumerate(facets):
        if facet.related:
            records = queryset.order_by().values("pk")
            results[facet.param] = facet.count_related(kind_code, records)
            continue
        path = facet.paths[kind_code]
        if path == "year":
            prefix = "looting_incident__" if kind_code == "object" else ""
            columns[f"facet{index}"] = sort_year(prefix)
        else:
            columns[f"facet{index}"] = F(path)
        if kind_code in facet.more:
            more[f"facet{index}"] = f"more{index}"
            columns[f"more{index}"] = MORE.get(facet.more[kind_code]) or F(
                facet.more[kind_code]
            )
    if columns:
        rows = (
            queryset.order_by()
            .annotate(**columns)
            .values(*columns)
            .annotate(n=Count("pk", distinct=True))
        )
        grouped = cached_rows(rows)
        results.total = sum(row["n"] for row in grouped)
        # A column's values, split once per distinct text: the groups (one per
        # combination of every facet's value: thousands for a name found in
        # 30,000 events) repeat each facet's few values.
        parsed = {}

        def values_of(text):
            try:
                return parsed[text]
            except KeyError:
                found = parsed[text] = frozenset(_values(text))
                return found

        counted = [
            (name, more.get(name), results[facet.param])
            for index, facet in enumerate(facets)
            if not facet.related and (name := f"facet{index}") in columns
        ]
        for row in grouped:
            n = row["n"]
            for name, extra, counts in counted:
                values = values_of(row[name])
                if extra is not None:
                    values = values | values_of(row[extra])
                for value in values:
                    counts[value] = counts.get(value, 0) + n
    return results
