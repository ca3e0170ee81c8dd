"""The catalogue's search: every public record type from one box, with facets.

It reuses the API's pieces: the public querysets (``registry.publishing.visibility``),
the FilterSets (``registry.search.filtersets``, one parameter vocabulary) and
``registry.search.matching``.
Facet counts are disjunctive: each facet's counts apply every active facet but its
own, so a reader sees what choosing another value would give.
"""

import time
from contextlib import nullcontext
from dataclasses import dataclass
from heapq import merge

from django.core.cache import cache
from django.db.models import F
from django.http import HttpResponseBadRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from registry.catalogue.kinds import KIND_BY_CODE, KINDS, Kind
from registry.publishing import visibility
from registry.publishing.cache import (
    EVERY_TABLE,
    TIMEOUT,
    cached_count,
    cached_page_keys,
    code_revision,
    query_tables,
    remembered,
    versioned_key,
)
from registry.publishing.privacy import person_display_name
from registry.search.explain import matched_names
from registry.search.facets import FACET_PARAMS, FACETS, count_facets, facet_tables
from registry.search.matching import index_scans

PAGE_SIZE = 20
MAX_PAGE = 50  # deeper pages than this are for the API's exports


class SearchError(Exception):
    """A parameter does not parse: the page says which, with a 400."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors

    def response(self):
        """The 400 for a feed or a download, naming each parameter (pages show
        the errors on the search form instead)."""
        return HttpResponseBadRequest(
            "; ".join(
                f"{name}: {' '.join(str(m) for m in messages)}"
                for name, messages in self.errors.items()
            ),
            content_type="text/plain; charset=utf-8",
        )


RANK = "search_rank"  # the annotation a name search ranks its records by


def in_reading_order(queryset, query):
    """Best match first for a search, else the latest changed first
    (``_sorted_by``, highest first, then the key: ``count_facets``'s ``first``
    reads the same page)."""
    return queryset.order_by(F(_sorted_by(query)).desc(), "pk")


@dataclass
class Result:
    kind: Kind
    record: object
    rank: float
    query: str = ""

    @property
    def url(self):
        return reverse(self.kind.view, args=[self.record.public_id])

    @property
    def matched(self):
        """The name the query matched, when it is not the one shown ("matched
        «حلب»" under Ancient City of Aleppo), or its names that did together
        (``matched_names``); None otherwise. The names are the
        search's own (``search_terms``: a pseudonymous person's pseudonym only)."""
        if not self.query:
            return None
        found = matched_names(self.record.search_terms(), self.query)
        record = self.record
        shown = (
            person_display_name(record)
            if hasattr(record, "visibility")
            else getattr(record, "label", None) or str(record)
        )
        return None if found == shown else found


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


def filtered(kind, query, active, skip=None, cache=None):
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


def active_facets(params):
    """``{parameter: [values]}`` of the record types and facets chosen in
    ``params`` (SearchError for an unknown record type)."""
    active = {name: _values(params, name) for name in ["type", *FACET_PARAMS]}
    active = {name: values for name, values in active.items() if values}
    unknown = [code for code in active.get("type", []) if code not in KIND_BY_CODE]
    if unknown:
        raise SearchError({"type": [_("Unknown record type.")]})
    return active


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


def _sorted_by(query):
    """What results are sorted by: the search rank for a query, else the time of
    the last change."""
    return RANK if query else "updated_at"


def _sort_key(value, kind, query):
    """Best first, from the record's ``_sorted_by`` value: by search rank (weighted
    by kind) for a query, else newest first."""
    if query:
        return -value * kind.weight
    return -value.timestamp()


def run(params, page=1):
    """Search every public record type; ``params`` is the request's query dict.

    What the search found (counts, facet counts, the keys of this page's results)
    is kept in the cache by data version: the same for every reader until a record
    changes. The records themselves, and the labels in the reader's language, are
    read afresh for each page.
    """
    query = (params.get("q") or "").strip()
    active = active_facets(params)
    page = max(1, min(page, MAX_PAGE))

    found = _found(query, active, page)
    _asked(query, active, page)

    results = _records(found["hits"], query)
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


def _found(query, active, page):
    """What the search finds (``_find``), from the cache at the current data
    versions, or found and kept there."""
    key = versioned_key("catalogue", query, sorted(active.items()), page)
    found = cache.get(key)
    if found is None:
        with index_scans() if query else nullcontext():
            found = _find(query, active, page)
        cache.set(key, found, TIMEOUT)
    return found


# The searches readers asked lately: once a change to the data commits, its writer
# finds them anew (``refresh_recent_searches``, run as ``cache.recounted_by_writers``
# runs it), so that their next reader finds them counted. The first reader of a
# name found in 30,000 events at 1M paid 0.6-0.7 s for the search's facets and
# ranking after every publication. A question is plain data (no record, no
# language: labels are read for each reader); with a cache shared by the server
# processes (CACHE_URL), a reader of any process finds the writer's work.
RECENT_KEY = "registry:catalogue:recent-searches"
RECENT = 8  # questions kept, the most lately asked
RECENT_FOR = TIMEOUT  # seconds a question stays recent after it was last asked
RENEWED_AFTER = 60  # seconds before a question asked again is noted again
REFRESH_FOR = 1.0  # seconds after which a writer starts finding no more of them


def _question(query, active, page):
    return (query, tuple(sorted((name, tuple(v)) for name, v in active.items())), page)


def _asked(query, active, page):
    """Note that a reader asked this search now (a cache write at most once a
    minute for a search asked again and again)."""
    question = _question(query, active, page)
    recent = cache.get(RECENT_KEY) or {}
    now = time.time()
    if now - recent.get(question, 0) < RENEWED_AFTER:
        return
    recent[question] = now
    kept = sorted(recent.items(), key=lambda item: -item[1])[:RECENT]
    cache.set(RECENT_KEY, {q: t for q, t in kept if now - t < RECENT_FOR}, TIMEOUT)


def refresh_recent_searches():
    """Find the searches asked lately anew, the most lately asked first, for
    ``REFRESH_FOR`` seconds at most; one found at the current versions already
    costs a cache read."""
    recent = cache.get(RECENT_KEY) or {}
    now, started = time.time(), time.monotonic()
    for (query, active, page), asked in sorted(recent.items(), key=lambda i: -i[1]):
        if now - asked >= RECENT_FOR or time.monotonic() - started > REFRESH_FOR:
            break
        try:
            _found(query, {name: list(values) for name, values in active}, page)
        except SearchError:  # a parameter that no longer parses (a facet gone)
            continue


def _find(query, active, page):
    """What the search finds, as plain data: per-kind counts, the total, facet
    counts, and the (kind, key) of each result on ``page``."""
    streams, kinds, total = [], {}, 0
    facets = [{} for _facet in FACETS]
    for order, kind in enumerate(KINDS):
        part = _found_of_kind(kind, query, active, page * PAGE_SIZE)
        kinds[kind.code] = part["all types"]
        total += part["count"]
        for counts, counted in zip(facets, part["facets"], strict=True):
            for value, n in counted.items():
                counts[value] = counts.get(value, 0) + n
        # Each key with the value the page is ordered by (its rank for a query):
        # the kinds' pages are merged by it. Ties go to the kinds in KINDS order
        # (sites first), then to the older record.
        streams.append(
            [
                (_sort_key(v, kind, query), order, key, kind.code)
                for key, v in part["rows"]
            ]
        )
    hits = [(code, pk) for _key, _order, pk, code in merge(*streams)]
    return {
        "kinds": kinds,
        "total": total,
        "facets": facets,
        "hits": hits[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
    }


def _found_of_kind(kind, query, active, first):
    """What the search finds among the records of ``kind``, as plain data: how
    many whatever the type chosen (``all types``), how many (``count``), its part
    of each facet's counts (``facets``, in ``FACETS`` order: each facet's counts
    apply every active facet but its own) and the keys of its ``first`` records
    in reading order, each with the value they are ordered by (``rows``).

    Kept in the cache by the data versions of the tables its queries read
    (``_tables_of_kind``), not of every table: publishing an event leaves the
    sites', objects' and people's parts of every search cached, and the first
    reader after it finds the events only (at 1M events, the other seven kinds
    cost 40 ms to build, key and read from the cache one query at a time).
    """
    groups, found, typed = questions_of_kind(kind, query, active)
    tables = _tables_of_kind(kind, query, groups, (found, typed))
    key = versioned_key(
        "catalogue kind",
        code_revision(),
        kind.code,
        query,
        sorted(active.items()),
        first,
        tables=tables,
    )
    return remembered(
        key, lambda: _count_kind(kind, query, groups, found, typed, first)
    )


def questions_of_kind(kind, query, active):
    """The querysets a search asks of ``kind``'s records: ``(groups, found,
    typed)``, ``groups`` a list of ``(queryset, [indexes in FACETS of the facets
    counted over it])`` (facets asking the same question share one), ``found``
    its results, ``typed`` its results whatever the type chosen (None when an
    active facet does not apply to the kind)."""
    groups, shared = {}, {}
    for index, facet in enumerate(FACETS):
        if kind.code not in facet.paths:
            continue
        queryset = filtered(kind, query, active, skip=facet.param, cache=shared)
        if queryset is not None:
            groups.setdefault(id(queryset), (queryset, []))[1].append(index)
    found = filtered(kind, query, active, cache=shared)
    typed = filtered(kind, query, active, "type", shared)
    return list(groups.values()), found, typed


def _tables_of_kind(kind, query, groups, querysets):
    """The tables ``_count_kind`` reads (``EVERY_TABLE`` when not known): those
    of each query, of the facets' columns and related records, and those a name
    search holds the keys of as a literal list (``FilterSet.search_tables``)."""
    tables = set(kind.filterset.search_tables()) if query else set()
    parts = [facet_tables(kind.code, qs, [FACETS[i] for i in m]) for qs, m in groups]
    parts += [
        query_tables(in_reading_order(queryset, query).query)
        for queryset in querysets
        if queryset is not None
    ]
    for part in parts:
        if part is EVERY_TABLE:
            return EVERY_TABLE
        tables |= part
    return tables


def _count_kind(kind, query, groups, found, typed, first):
    """``_found_of_kind``'s answer, counted: facets that count over the same
    records in one grouped query, which also reads the ``first`` records when
    they are ``found`` (``count_facets``), and a count or a page of keys for
    what they did not cover."""
    facets, totals, rows = [{} for _facet in FACETS], {}, None
    for queryset, members in groups:
        counting = [FACETS[index] for index in members]
        page = (_sorted_by(query), first) if queryset is found else None
        counted = count_facets(kind.code, queryset, counting, page)
        if counted.total is not None:
            totals[id(queryset)] = counted.total
        if counted.first is not None:
            rows = counted.first
        for index, facet in zip(members, counting, strict=True):
            facets[index] = dict(counted[facet.param])

    def how_many(queryset):
        if queryset is None:
            return 0
        counted = totals.get(id(queryset))
        return cached_count(queryset) if counted is None else counted

    count = how_many(found)
    if not count:
        rows = []
    elif rows is None:
        ordered = in_reading_order(found, query)
        rows = cached_page_keys(ordered, 0, first, also=_sorted_by(query))
    return {
        "all types": how_many(typed),
        "count": count,
        "facets": facets,
        "rows": list(rows),
    }


def _records(hits, query=""):
    """The results for ``hits``, in order, read from the public querysets (a record
    withdrawn since would be missing, though its withdrawal moved the data version
    on, so these hits were found after it)."""
    wanted = {}
    for code, pk in hits:
        wanted.setdefault(code, []).append(pk)
    records = {}
    for code, keys in wanted.items():
        kind = KIND_BY_CODE[code]
        queryset = (kind.results or kind.queryset)().filter(pk__in=keys)
        if query and hasattr(queryset.model, "names"):
            queryset = queryset.prefetch_related("names")  # for Result.matched
        for record in queryset:
            records[code, record.pk] = Result(kind, record, 0, query)
    return [records[hit] for hit in hits if hit in records]


def found(params, limit):
    """Every public record the search ``params`` finds, best first as the search
    ranks them, at most ``limit`` of them: ``([(kind code, record)], total)``.
    Only the public querysets are read, so nothing hidden is ever found."""
    query = (params.get("q") or "").strip()
    active = active_facets(params)
    streams, total, shared = [], 0, {}
    with index_scans() if query else nullcontext():
        for order, kind in enumerate(KINDS):
            queryset = filtered(kind, query, active, cache=shared)
            if queryset is None:
                continue
            count = queryset.count()
            total += count
            if not count:
                continue
            ordered = in_reading_order(queryset, query)
            streams.append(
                [
                    (
                        _sort_key(getattr(record, _sorted_by(query)), kind, query),
                        order,
                        record.pk,
                        kind.code,
                    )
                    for record in visibility.page_of(ordered, 0, limit)
                ]
            )
    hits = [(code, pk) for _key, _order, pk, code in merge(*streams)][:limit]
    records = {}
    for code in {code for code, _pk in hits}:
        kind = KIND_BY_CODE[code]
        keys = [pk for hit_code, pk in hits if hit_code == code]
        for record in kind.model.objects.published().filter(pk__in=keys):
            records[code, record.pk] = record
    return [
        (code, records[code, pk]) for code, pk in hits if (code, pk) in records
    ], total
