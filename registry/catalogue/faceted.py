"""The catalogue's search: every public record type from one box, with facets.

It reuses the API's pieces: the public querysets (``registry.publishing.visibility``),
the FilterSets (``registry.search.filtersets``, one parameter vocabulary) and
``registry.search.matching``.
Facet counts are disjunctive: each facet's counts apply every active facet but its
own, so a reader sees what choosing another value would give.
"""

from contextlib import nullcontext
from dataclasses import dataclass, field
from heapq import merge

from django.core.cache import cache
from django.db.models import Count, F
from django.db.models.functions import Coalesce, ExtractYear
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from registry import models as m
from registry.publishing import visibility
from registry.publishing.cache import TIMEOUT, cached_count, cached_rows, versioned_key
from registry.search import filtersets
from registry.search.matching import index_scans

PAGE_SIZE = 20
MAX_PAGE = 50  # deeper pages than this are for the API's exports


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    model: type
    queryset: callable
    filterset: type
    view: str
    # catalogue parameter -> FilterSet parameter, for the facets this kind supports
    params: dict = field(default_factory=dict)
    # Supporting records (actors, sources) rank below the records they support.
    weight: float = 1.0
    # The records as a result line shows them, when lighter than ``queryset``.
    results: callable = None

    @property
    def singular(self):
        return SINGULAR[self.code]


def _same(*names):
    return {name: name for name in names}


KINDS = [
    Kind(
        "site",
        _("Heritage sites"),
        m.HeritageSite,
        visibility.sites,
        filtersets.SiteFilterSet,
        "catalogue:site",
        _same("country", "admin_division", "site_type", "condition"),
        # Without the counts of events: 53 ms for twenty sites with a thousand each.
        results=visibility.site_summaries,
    ),
    Kind(
        "structure",
        _("Structures"),
        m.Structure,
        visibility.structures,
        filtersets.StructureFilterSet,
        "catalogue:structure",
        _same("country", "admin_division", "site_type", "condition"),
    ),
    Kind(
        "damage-event",
        _("Damage events"),
        m.DamageEvent,
        visibility.damage_events,
        filtersets.DamageEventFilterSet,
        "catalogue:damage-event",
        {
            **_same(
                "country",
                "admin_division",
                "site_type",
                "cause_category",
                "perpetrator",
            ),
            "condition": "condition_after",
            "year": "year",
        },
    ),
    Kind(
        "looting-incident",
        _("Looting incidents"),
        m.LootingIncident,
        visibility.looting_incidents,
        filtersets.LootingIncidentFilterSet,
        "catalogue:looting-incident",
        _same("country", "admin_division", "site_type", "perpetrator", "year"),
    ),
    Kind(
        "object",
        _("Cultural objects"),
        m.CulturalObject,
        visibility.cultural_objects,
        filtersets.CulturalObjectFilterSet,
        "catalogue:object",
        _same("country", "admin_division", "site_type", "status"),
    ),
    Kind(
        "person",
        _("People"),
        m.Person,
        visibility.people,
        filtersets.PersonFilterSet,
        "catalogue:person",
    ),
    Kind(
        "actor",
        _("Actors"),
        m.Actor,
        visibility.actors,
        filtersets.ActorFilterSet,
        "catalogue:actor",
        weight=0.9,
    ),
    Kind(
        "source",
        _("Sources"),
        m.Source,
        visibility.sources,
        filtersets.SourceFilterSet,
        "catalogue:source",
        weight=0.6,
    ),
]
KIND_BY_CODE = {kind.code: kind for kind in KINDS}
SINGULAR = {
    "site": _("Heritage site"),
    "structure": _("Structure"),
    "damage-event": _("Damage event"),
    "looting-incident": _("Looting incident"),
    "object": _("Cultural object"),
    "person": _("Person"),
    "actor": _("Actor"),
    "source": _("Source"),
}


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
        terms = m.Term.objects.filter(vocabulary=self.vocabulary, code__in=values)
        return {term.code: term.label for term in terms}


class DivisionFacet(Facet):
    def labels(self, values):
        return {
            d.code: d.label for d in m.AdminDivision.objects.filter(code__in=values)
        }


class ActorFacet(Facet):
    def labels(self, values):
        actors = m.Actor.objects.published().filter(public_id__in=values)
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
        m.CauseCategory.choices,
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
        m.Condition.choices,
    ),
    ChoiceFacet(
        "status",
        _("Object status"),
        {"object": "current_status"},
        m.ObjectStatus.choices,
    ),
    Facet("year", _("Year"), {"damage-event": "year", "looting-incident": "year"}),
]
FACET_PARAMS = [facet.param for facet in FACETS]


class SearchError(Exception):
    """A parameter does not parse: the page says which, with a 400."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


@dataclass
class Result:
    kind: Kind
    record: object
    rank: float

    @property
    def url(self):
        return reverse(self.kind.view, args=[self.record.public_id])


@dataclass
class SearchPage:
    query: str
    results: list
    total: int
    page: int
    pages: int
    facets: list
    kinds: list
    active: dict


def _values(params, name):
    values = []
    for item in params.getlist(name):
        values += [part.strip() for part in item.split(",") if part.strip()]
    return values


def _filtered(kind, query, active, skip=None, cache=None):
    """Public records of ``kind`` matching the query and active facets but ``skip``.

    None when an active facet does not apply to this kind (it then has no results).
    ``cache`` shares the (costly to build) querysets between facets that end up
    asking the same question.
    """
    data = {}
    for param, values in active.items():
        if param == skip or not values:
            continue
        if param == "type":
            if kind.code not in values:
                return None
            continue
        if param not in kind.params:
            return None
        data[kind.params[param]] = ",".join(values)
    if query:
        data["q"] = query
    key = (kind.code, tuple(sorted(data.items())))
    if cache is not None and key in cache:
        return cache[key]
    filterset = kind.filterset(data=data, queryset=kind.queryset())
    if not filterset.is_valid():
        raise SearchError(filterset.errors)
    if cache is not None:
        cache[key] = filterset.qs
    return filterset.qs


def _facet_counts(query, active, shared):
    """For each facet, ``{value: count}`` over every kind, its own selection aside.

    Facets that count over the same records are counted in one query grouped by
    all their columns (every facet path is a to-one relation, so no record is
    counted twice): one query a kind when no facet is selected, where there was
    one a facet (at 1M events: 0.3 s each for a name found in 25,000 events).
    """
    results = [{} for _facet in FACETS]
    for kind in KINDS:
        groups = {}
        for index, facet in enumerate(FACETS):
            path = facet.paths.get(kind.code)
            if path is None:
                continue
            queryset = _filtered(kind, query, active, skip=facet.param, cache=shared)
            if queryset is not None:
                groups.setdefault(id(queryset), (queryset, []))[1].append((index, path))
        for queryset, members in groups.values():
            columns = {}
            for index, path in members:
                if path == "year":
                    prefix = "looting_incident__" if kind.code == "object" else ""
                    columns[f"facet{index}"] = event_year(prefix)
                else:
                    columns[f"facet{index}"] = F(path)
            rows = (
                queryset.order_by()
                .annotate(**columns)
                .values(*columns)
                .annotate(n=Count("pk", distinct=True))
            )
            for row in cached_rows(rows):
                for index, _path in members:
                    value = row[f"facet{index}"]
                    if value not in (None, ""):
                        counts = results[index]
                        counts[str(value)] = counts.get(str(value), 0) + row["n"]
    return results


def _facet_options(facet, counts, active):
    """The options of ``facet``, labelled in the reader's language."""
    labels = facet.labels(list(counts))
    selected = set(active.get(facet.param, []))
    options = [
        {
            "value": value,
            "label": labels[value],
            "count": n,
            "selected": value in selected,
        }
        for value, n in counts.items()
        # A value without a public label (a draft perpetrator) is not offered.
        if value in labels
    ]
    if facet.param == "year":
        options.sort(key=lambda option: option["value"], reverse=True)
    else:
        options.sort(key=lambda option: (-option["count"], option["label"]))
    return {"param": facet.param, "label": facet.label, "options": options}


def toggle_query(params, name, value):
    """The query string with ``value`` of facet ``name`` switched on or off (page 1)."""
    query = params.copy()
    query.pop("page", None)
    values = _values(params, name)
    values = [v for v in values if v != value] if value in values else [*values, value]
    query.setlist(name, values)
    return query.urlencode()


def _with_links(options, params, name):
    for option in options:
        option["query"] = toggle_query(params, name, option["value"])
    return options


def _sort_key(record, kind, query):
    """Best first: by search rank (weighted by kind) for a query, else newest first."""
    if query:
        return -record.search_rank * kind.weight
    return -record.updated_at.timestamp()


def run(params, page=1):
    """Search every public record type; ``params`` is the request's query dict.

    What the search found (counts, facet counts, the keys of this page's results)
    is kept in the cache by data version: the same for every reader until a record
    changes. The records themselves, and the labels in the reader's language, are
    read afresh for each page.
    """
    query = (params.get("q") or "").strip()
    active = {name: _values(params, name) for name in ["type", *FACET_PARAMS]}
    active = {name: values for name, values in active.items() if values}
    unknown = [code for code in active.get("type", []) if code not in KIND_BY_CODE]
    if unknown:
        raise SearchError({"type": [_("Unknown record type.")]})
    page = max(1, min(page, MAX_PAGE))

    key = versioned_key("catalogue", query, sorted(active.items()), page)
    found = cache.get(key)
    if found is None:
        with index_scans() if query else nullcontext():
            found = _find(query, active, page)
        cache.set(key, found, TIMEOUT)

    results = _records(found["hits"])
    kinds = [
        {
            "value": kind.code,
            "label": kind.label,
            "count": found["kinds"][kind.code],
            "selected": kind.code in active.get("type", []),
        }
        for kind in KINDS
    ]
    facets = [
        _facet_options(facet, counts, active)
        for facet, counts in zip(FACETS, found["facets"], strict=True)
    ]
    for facet in facets:
        _with_links(facet["options"], params, facet["param"])
    _with_links(kinds, params, "type")
    total = found["total"]
    pages = min(MAX_PAGE, max(1, -(-total // PAGE_SIZE)))
    return SearchPage(query, results, total, page, pages, facets, kinds, active)


def _find(query, active, page):
    """What the search finds, as plain data: per-kind counts, the total, facet
    counts, and the (kind, key) of each result on ``page``."""
    streams, kinds, total, shared = [], {}, 0, {}
    for order, kind in enumerate(KINDS):
        queryset = _filtered(kind, query, active, cache=shared)
        type_count_qs = _filtered(kind, query, active, skip="type", cache=shared)
        kinds[kind.code] = (
            cached_count(type_count_qs) if type_count_qs is not None else 0
        )
        if queryset is None:
            continue
        count = cached_count(queryset)
        total += count
        if not count:
            continue
        if query:
            ordered = queryset.order_by(F("search_rank").desc(), "pk")
        else:
            ordered = queryset.order_by("-updated_at", "pk")
        top = visibility.page_of(ordered, 0, page * PAGE_SIZE)
        # Ties go to the kinds in KINDS order (sites first), then to the older record.
        streams.append(
            [
                (_sort_key(record, kind, query), order, record.pk, kind.code)
                for record in top
            ]
        )
    hits = [(code, pk) for _key, _order, pk, code in merge(*streams)]
    return {
        "kinds": kinds,
        "total": total,
        "facets": _facet_counts(query, active, shared),
        "hits": hits[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
    }


def _records(hits):
    """The results for ``hits``, in order, read from the public querysets (a record
    withdrawn since would be missing, though its withdrawal moved the data version
    on, so these hits were found after it)."""
    wanted = {}
    for code, pk in hits:
        wanted.setdefault(code, []).append(pk)
    records = {}
    for code, keys in wanted.items():
        kind = KIND_BY_CODE[code]
        for record in (kind.results or kind.queryset)().filter(pk__in=keys):
            records[code, record.pk] = Result(kind, record, 0)
    return [records[hit] for hit in hits if hit in records]
