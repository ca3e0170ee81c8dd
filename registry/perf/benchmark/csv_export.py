"""The streamed CSV export: its time (the fastest of ``TIMED`` exports, each made
afresh) and the serving worker's peak memory for two row counts (they should be
about equal), the time of the same export asked again (served from the file the
first made), beside Datasette's CSV of the same rows (the fastest of as many)."""

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.conf import settings

from registry.models import DamageEvent
from registry.perf.benchmark.load import fetch
from registry.perf.benchmark.servers import read_memory_kib, reset_peak_memory

# Each export is timed this many times, the fastest kept: one request alone
# varied by a tenth from run to run on a shared machine, ours and Datasette's.
TIMED = 3


def fastest(runs):
    """The fastest of ``runs`` ((status, body, seconds) each) that succeeded, else
    the first."""
    ok = [run for run in runs if run[0] == 200]
    return min(ok, key=lambda run: run[2]) if ok else runs[0]


def find_csv_cut_off(rows):
    """The date after which about ``rows`` public damage events fall, and how many
    do; (None, 0) when no public event is dated."""
    events = DamageEvent.objects.published().filter(date_earliest__isnull=False)
    dates = events.order_by("-date_earliest").values_list("date_earliest", flat=True)
    total = events.count()
    if total == 0:
        return None, 0
    return dates[min(rows, total) - 1], min(rows, total)


def measure_csv(servers, rows):
    """Time a streamed CSV export of about ``rows`` events and the serving worker's
    peak memory, for the full row count and for a tenth of it: the two peaks should
    be about equal. {} when no public event is dated."""
    cut_off, rows = find_csv_cut_off(rows)
    if cut_off is None:
        return {}
    results = {}
    small_cut_off, _small_rows = find_csv_cut_off(max(1, rows // 10))
    for label, date in (("small", small_cut_off), ("full", cut_off)):
        url = f"{servers.ours}/api/v1/damage-events/?format=csv&date_after={date}"
        # Warm up (imports, connections, caches: a date's words and cells are
        # worked out once per worker) with other exports of the same rows, as many
        # at once as there are workers, so that whichever worker serves the export
        # is warm, as Datasette's one process is: an export is made once, then
        # served from its file (exports.py).
        pids = servers.worker_pids()
        warm_ups = [f"{url}&page_size={50 + n}" for n in range(len(pids) or 1)]
        with ThreadPoolExecutor(max_workers=len(warm_ups)) as pool:
            list(pool.map(fetch, warm_ups))
        baseline = {pid: read_memory_kib(pid, "VmRSS") for pid in pids}
        can_reset = all(reset_peak_memory(pid) for pid in pids)
        # Each timed export made afresh (another page size: another file).
        timed = [fetch(url)]
        timed += [fetch(f"{url}&page_size={10 + n}") for n in range(1, TIMED)]
        peak = max(
            (read_memory_kib(pid, "VmHWM") - baseline[pid] for pid in pids),
            default=0,
        )
        status, body, seconds = fastest(timed)
        lines = body.count(b"\n") - 1
        results[label] = {
            "rows": lines,
            "seconds": seconds,
            "status": status,
            "peak_growth_mib": peak / 1024 if can_reset else None,
            "rows_per_s": lines / seconds if seconds else 0,
            "all_seconds": [run[2] for run in timed],
        }
        # The same export asked again: answered from the file the first made.
        status, body, seconds = fetch(url)
        results[f"{label}_again"] = {
            "rows": body.count(b"\n") - 1,
            "seconds": seconds,
            "status": status,
            "rows_per_s": (body.count(b"\n") - 1) / seconds if seconds else 0,
        }
    if servers.datasette:
        datasette_db = Path(settings.DATABASES["default"]["NAME"]).stem
        url = (
            f"{servers.datasette}/{datasette_db}/registry_damageevent.csv?"
            f"status__exact=published&date_earliest__gte={cut_off}&_stream=on&_size=max"
        )
        fetch(url)
        timed = [fetch(url) for _ in range(TIMED)]
        status, body, seconds = fastest(timed)
        results["datasette"] = {
            "rows": body.count(b"\n") - 1,
            "seconds": seconds,
            "status": status,
            "all_seconds": [run[2] for run in timed],
        }
    return results
