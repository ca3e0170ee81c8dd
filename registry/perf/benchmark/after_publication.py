"""The first reader after a publication: a publication moves the data version of
its table on, and the figures cached under the old version (a list's total, a
search's counts and facets) are stale. The next reader of a list or a search asks
for them at the new version: counted by the writer already (with a shared cache:
``cache.recounted_by_writers``), or counted by that reader."""

import statistics

from django.db import transaction

from registry.models import DamageEvent
from registry.perf.benchmark.load import BenchmarkError, fetch
from registry.publishing.cache import bump


def measure_after_publication(servers, paths, publications=5):
    """{path: [ms of the first request after each of ``publications``]}: each
    publication moves the damage events' version on, as publishing an event does
    (without changing a record of the benchmark's database), and commits; then
    each path is read once."""
    timings = {path: [] for path in paths}
    for path in paths:  # every page served once before: only the data moves on
        fetch(servers.ours + path)
    for _ in range(publications):
        with transaction.atomic():
            bump(DamageEvent)
        for path in paths:
            status, _body, seconds = fetch(servers.ours + path)
            if status != 200:
                raise BenchmarkError(f"{path} answered {status} after a publication")
            timings[path].append(seconds * 1000)
    return timings


def format_after_publication(timings, shared_cache):
    lines = [
        "",
        "The first request after a publication (ms; median and worst of "
        f"{len(next(iter(timings.values()), []))}; cache "
        + ("shared by the workers" if shared_cache else "per worker: set CACHE_URL")
        + "):",
    ]
    for path, values in timings.items():
        lines.append(f"  {statistics.median(values):>8.1f} {max(values):>8.1f}  {path}")
    return lines
