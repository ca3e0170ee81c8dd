"""The first reader after a publication: a publication moves the data version of
its table on, and the figures cached under the old version (a list's total, a
search's counts and facets) are stale. The next reader of a list or a search asks
for them at the new version: counted by the writer already (with a shared cache:
``cache.recounted_by_writers``: the unfiltered lists' totals and the catalogue's
searches asked lately), or counted by that reader.

Both are measured: once as readers find them (every path was asked just before),
and once with the catalogue's record of lately asked searches emptied before each
publication (a search nobody asked lately: its reader pays). The writer's commit is
timed too: the recounts it runs are what its readers no longer pay."""

import statistics
import time

from django.core.cache import cache
from django.db import transaction

from registry.catalogue.faceted import RECENT_KEY
from registry.models import DamageEvent
from registry.perf.benchmark.load import BenchmarkError, fetch
from registry.publishing.cache import bump

ASKED = "asked lately"
NOT_ASKED = "not asked lately"
COMMIT = "the publication's commit, its recounts included"


def measure_after_publication(servers, paths, publications=5):
    """``{round: {path: [ms of the first request after each of publications]}}``
    for both rounds (``ASKED``, ``NOT_ASKED``), and ``{COMMIT: [ms]}`` of the
    writer's commits in the first. Each publication moves the damage events'
    version on, as publishing an event does (without changing a record of the
    benchmark's database), and commits; then each path is read once."""
    timings = {ASKED: {p: [] for p in paths}, NOT_ASKED: {p: [] for p in paths}}
    commits = []
    for path in paths:  # every page served once before: only the data moves on
        fetch(servers.ours + path)
    for round_ in (ASKED, NOT_ASKED):
        for _ in range(publications):
            if round_ == NOT_ASKED:
                cache.delete(RECENT_KEY)
            started = time.perf_counter()
            with transaction.atomic():
                bump(DamageEvent)
            if round_ == ASKED:
                commits.append((time.perf_counter() - started) * 1000)
            for path in paths:
                status, _body, seconds = fetch(servers.ours + path)
                if status != 200:
                    raise BenchmarkError(f"{path} answered {status} after publishing")
                timings[round_][path].append(seconds * 1000)
    return {**timings, COMMIT: commits}


def format_after_publication(timings, shared_cache):
    cached = "shared by the workers" if shared_cache else "per worker: set CACHE_URL"
    commits = timings[COMMIT]
    lines = [
        "",
        "The first request after a publication (ms; median and worst of "
        f"{len(commits)}; cache {cached}):",
    ]
    for round_ in (ASKED, NOT_ASKED):
        lines.append(f"  {round_}:")
        for path, values in timings[round_].items():
            lines.append(
                f"  {statistics.median(values):>8.1f} {max(values):>8.1f}  {path}"
            )
    lines.append(
        f"  {statistics.median(commits):>8.1f} {max(commits):>8.1f}  ({COMMIT})"
    )
    return lines
