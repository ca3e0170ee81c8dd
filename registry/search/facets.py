"""Facets: what each counts and which parameter it sets, for the catalogue's search
and the API's ``?facet=`` alike (one rule: a transboundary property is counted in
each of its countries and regions, as the country and region filters find it)."""

import sqlite3
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db import connections
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
from registry.publishing.cache import (
    EVERY_TABLE,
    cached_rows,
    query_tables,
    remembered,
    versioned_key,
)


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

    def reads(self, kind_code):
        return {Designation._meta.db_table}

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

    def reads(self, kind_code):
        model, name = RELATED_TERMS[kind_code]
        links = getattr(model, name).through
        return {links._meta.db_table, Term._meta.db_table}

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
    (None when no grouped query ran); with ``count_facets``'s ``first``, the
    first records found (``[(key, value)]``)."""

    total = None
    first = None


def count_facets(kind_code, queryset, facets, first=None):
    """``{param: {value: count}}`` of ``facets`` over every record of ``queryset``
    (a ``FacetCounts``).

    The columns of all facets are counted in one query (every path is a to-one
    relation, so a record has one value of each: any facet's counts add up to
    the records', ``total``); a record whose column lists several values (or that
    has ``more``) counts once for each. Designations and materials are counted
    from their own tables.

    ``first``: ``(name, limit)``, a column or annotation of ``queryset`` and a
    number: the keys of the first ``limit`` records by ``name``, highest first
    (then by key), with their ``name`` are read in the same pass
    (``FacetCounts.first``; ``grouped_and_first``).
    """
    results = FacetCounts({facet.param: {} for facet in facets})
    for facet in facets:
        if facet.related:
            records = queryset.order_by().values("pk")
            results[facet.param] = facet.count_related(kind_code, records)
    columns, more = _columns(kind_code, facets)
    if first is not None:
        tallies, results.first = grouped_and_first(queryset, columns, more, *first)
    else:
        tallies = _tallied(queryset, columns, more)
    for index, facet in enumerate(facets):
        name = f"facet{index}"
        if name not in columns:
            continue
        counts = results[facet.param]
        # A column's values, split once per distinct text.
        parsed = {}
        for value, extra, n in tallies[name]:
            key = (value, extra)
            values = parsed.get(key)
            if values is None:
                values = parsed[key] = set(_values(value)) | set(_values(extra))
            for each in values:
                counts[each] = counts.get(each, 0) + n
        if results.total is None:  # a record is counted once in each facet
            results.total = sum(n for _value, _extra, n in tallies[name])
    return results


def _columns(kind_code, facets):
    """``(columns, more)``: the column (an expression) ``facetN`` counted for
    each facet counted from the record's own columns (N its place in
    ``facets``), its further values' column ``moreN``, and ``{facetN: moreN}``."""
    columns, more = {}, {}
    for index, facet in enumerate(facets):
        if facet.related:
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
    return columns, more


def facet_tables(kind_code, queryset, facets):
    """The tables ``count_facets`` reads to count ``facets`` over ``queryset``
    (``cache.query_tables``: ``EVERY_TABLE`` when not known), worked out
    without compiling a query."""
    columns, _more = _columns(kind_code, facets)
    tables = query_tables(queryset.order_by().annotate(**columns).query)
    if tables is EVERY_TABLE:
        return tables
    for facet in facets:
        if facet.related:
            tables |= facet.reads(kind_code)
    return tables


def _tallied(queryset, columns, more):
    """``{column: [(value, value of its more, how many)]}`` for each facet's
    column of ``columns``, from one grouped query of every column together (a
    group for each combination of values: thousands for a name found in 30,000
    events, which repeat each facet's few values)."""
    if not columns:
        return {}
    rows = (
        queryset.order_by()
        .annotate(**columns)
        .values(*columns)
        .annotate(n=Count("pk", distinct=True))
    )
    tallies = {name: [] for name in columns if not name.startswith("more")}
    for row in cached_rows(rows):
        for name, tally in tallies.items():
            extra = more.get(name)
            tally.append((row[name], row[extra] if extra else None, row["n"]))
    return tallies


def grouped_and_first(queryset, columns, more, name, limit):
    """``(tallies, first)``: for each facet's column of ``columns`` (``more``
    names the column of further values it has, as ``count_facets``'s), its values
    and how many records of ``queryset`` have each, ``{column: [(value, value
    of its more, how many)]}``; and the keys of the first ``limit`` records by
    ``name`` descending, then key, ``[(key, value of name)]``: the page
    ``order_by(F(name).desc(), "pk")`` gives. Cached by data version, as
    ``cached_rows``.

    One query: the records found are read once (a common table expression),
    then counted by each facet and ordered. Each row is a record (a facet's path
    is a to-one relation, and filters across many-valued relations select keys
    through a subquery: ``fields.MultipleChoiceCSVFilter``), so a count is of
    rows. A name found in 30,000 events at 1M
    read their rows twice, once for the facets and once for the ranked page:
    0.65 s of the first search after a publication, where one pass takes 0.37;
    and their facets were counted by every combination of values (6,600 groups,
    sent and tallied in Python), where each facet's count is a few rows.
    """
    selected = ["pk", name, *columns]
    inner = queryset.order_by().annotate(**columns).values_list(*selected)
    compiler = inner.query.get_compiler(inner.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return {column: [] for column in columns}, []
    key = versioned_key(
        inner.db,
        "grouped and first",
        sql,
        params,
        sorted(more.items()),
        limit,
        tables=query_tables(inner.query),
    )
    return remembered(
        key, lambda: _grouped_and_first(inner, compiler, sql, params, more, limit)
    )


def _grouped_and_first(inner, compiler, sql, params, more, limit):
    """Run ``grouped_and_first``'s query. Its rows have the columns of
    ``inner`` (key, ordered by, each column), how many, and which part they
    answer: 0 for one of the first records, i + 1 for a count of the i-th
    column (its value and its more's, the other columns empty). Django's
    converters apply to them as to ``inner``'s."""
    connection = connections[inner.db]
    names = list(inner.query.selected)
    position = {name: f"c{index}" for index, name in enumerate(names)}
    width = len(names)
    found = ", ".join(position.values())
    counted = [name for name in names[2:] if not name.startswith("more")]
    parts = [
        f"SELECT * FROM (SELECT {found}, 0, 0 FROM found "
        f"ORDER BY c1 DESC, c0 LIMIT {int(limit)}) first"
    ]
    for number, name in enumerate(counted, 1):
        grouped = [position[name]] + ([position[more[name]]] if name in more else [])
        columns = ", ".join(
            column if column in grouped else "NULL" for column in position.values()
        )
        parts.append(
            f"SELECT {columns}, COUNT(*), {number} FROM found "
            f"GROUP BY {', '.join(grouped)}"
        )
    materialized = (
        "MATERIALIZED"
        if connection.vendor == "postgresql" or sqlite3.sqlite_version_info >= (3, 35)
        else ""
    )
    sql = f"WITH found ({found}) AS {materialized} ({sql}) " + " UNION ALL ".join(parts)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    expressions = [selected[0] for selected in compiler.select[: compiler.col_count]]
    converters = compiler.get_converters(expressions)
    if converters:
        rows = compiler.apply_converters(rows, converters)
    tallies = {name: [] for name in counted}
    first = []
    index = {name: number for number, name in enumerate(names)}
    for row in rows:
        which = row[width + 1]
        if not which:
            first.append((row[0], row[1]))
            continue
        name = counted[which - 1]
        extra = row[index[more[name]]] if name in more else None
        tallies[name].append((row[index[name]], extra, row[width]))
    # In the page's order (a union's parts come in no promised order).
    first.sort(key=lambda pair: pair[0])
    first.sort(key=lambda pair: pair[1], reverse=True)
    return tallies, first
