"""The floor: the SQL an API view runs to answer a question from the data, run
directly in this process, every row fetched and serialised to JSON, with no HTTP,
no serializer and no cache around it.

The view keeps what it looked up (a name search's matching keys, a country's sites)
in the cache, by data version: the floor's SQL is recorded with the cache out of
the way, so that it holds those lookups, as answering the question from the data
takes them."""

import json
import time
from contextlib import contextmanager

from django.core.cache.backends.dummy import DummyCache
from django.db import connection, transaction
from rest_framework.test import APIRequestFactory

from registry.perf.benchmark.load import Figures, compute_percentiles
from registry.publishing import cache as publishing_cache
from registry.publishing import visibility


def build_view_queryset(viewset, url, action="list", **kwargs):
    """The queryset the API view runs for ``url`` (same filters, same SQL)."""
    request = APIRequestFactory().get(url)
    view = viewset(action_map={"get": action})
    view.format_kwarg = None
    view.args, view.kwargs = (), kwargs
    view.request = view.initialize_request(request)
    view.headers = {}
    return view.filter_queryset(view.get_queryset())


class Recorded:
    """The statements run while it is active (``connection.execute_wrapper``),
    with their parameters."""

    def __init__(self):
        self.statements = []

    def __call__(self, execute, sql, params, many, context):
        # Not the data versions: they key the cache, which the floor has not.
        if not many and sql != publishing_cache._versions_sql():
            self.statements.append((sql, params))
        return execute(sql, params, many, context)


@contextmanager
def recorded_uncached():
    """The statements run inside it (``Recorded``), every cache lookup of the
    registry's figures missing (nothing read from the cache, nothing kept)."""
    recorded, kept = Recorded(), publishing_cache.cache
    publishing_cache.cache = DummyCache("floor", {})
    try:
        with connection.execute_wrapper(recorded):
            yield recorded
    finally:
        publishing_cache.cache = kept


def build_page_floor(viewset, url, size=50):
    """The floor of a JSON page: the count and the page's rows, as plain SQL,
    after whatever SQL building them ran (a name search looks up the keys of the
    records its words find, and its query holds them)."""

    def queries():
        with recorded_uncached() as recorded:
            queryset = build_view_queryset(viewset, url)
            page_sql, page_params = queryset[:size].query.sql_with_params()
            base_sql, base_params = queryset.order_by().query.sql_with_params()
        return [
            *recorded.statements,
            (f"SELECT COUNT(*) FROM ({base_sql}) counted", base_params),
            (page_sql, page_params),
        ]

    return queries


def build_all_rows_floor(viewset, url):
    """The floor of an unpaged answer (GeoJSON): every row the view selects."""

    def queries():
        return [build_view_queryset(viewset, url).query.sql_with_params()]

    return queries


def build_detail_floor(public_id):
    """The floor of a site's detail: the site's row."""

    def queries():
        queryset = visibility.sites().filter(public_id=public_id)
        return [queryset.query.sql_with_params()]

    return queries


def run_floor(queries, duration):
    """Run the SQL directly, fetch every row and serialise it to JSON, repeatedly."""
    statements = queries()
    latencies, deadline, rows = [], time.monotonic() + duration, 0
    connection.ensure_connection()
    # The backend's own cursor, without Django's query logging around it.
    cursor = connection.create_cursor()
    try:
        while time.monotonic() < deadline or not latencies:
            started = time.perf_counter()
            payload = []
            # In one transaction, as the view runs them: a search's key lookup on
            # PostgreSQL sets its planner's options for its transaction only
            # (``matching.index_scans``).
            with transaction.atomic():
                for sql, params in statements:
                    cursor.execute(sql, params)
                    if cursor.description is None:  # a setting: nothing to read
                        continue
                    columns = [c[0] for c in cursor.description]
                    payload.append([dict(zip(columns, r, strict=True)) for r in cursor])
            json.dumps(payload, default=str)
            latencies.append((time.perf_counter() - started) * 1000)
            rows = sum(len(p) for p in payload)
    finally:
        cursor.close()
    p50, p95, p99 = compute_percentiles(latencies)
    return Figures(
        p50=p50,
        p95=p95,
        p99=p99,
        rps=len(latencies) / max(sum(latencies) / 1000, 1e-9),
        requests=len(latencies),
        errors=0,
        tool=f"sql ({rows} rows)",
    )
