"""Load drivers: wrk with a Lua script from ``registry/perf/wrk/`` (a small Python
client only where wrk is missing), one-off GETs, and the figures of a run."""

import http.client
import json
import shutil
import statistics
import subprocess
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

# The Lua scripts wrk runs, read by wrk at run time.
WRK_SCRIPTS = Path(__file__).resolve().parent.parent / "wrk"
BENCH_SCRIPT = WRK_SCRIPTS / "bench.lua"


class BenchmarkError(RuntimeError):
    """A benchmark or load run cannot go on (no data, a page that fails)."""


@dataclass
class Figures:
    """One load run: latencies in milliseconds, throughput in requests/s."""

    p50: float
    p95: float
    p99: float
    rps: float
    requests: int
    errors: int
    tool: str

    def as_dict(self):
        return self.__dict__.copy()


def fetch(url):
    """(status, body bytes, seconds) of one GET, read to the end; status 0 when the
    connection broke before the end."""
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=600) as response:
            body = response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        body, status = error.read(), error.code
    except (OSError, http.client.HTTPException) as error:
        body, status = str(error).encode(), 0
    return status, body, time.perf_counter() - started


def run_wrk(script, url, duration, connections, threads, marker, script_args=()):
    """Run wrk with the Lua ``script`` (a path) against ``url``, passing it
    ``script_args``; the JSON its done() printed after ``marker`` on a line of its
    own."""
    command = [
        "wrk",
        f"-t{min(threads, connections)}",
        f"-c{connections}",
        f"-d{max(1, round(duration))}s",
        "--timeout",
        "30s",
        "-s",
        str(script),
        url,
    ]
    if script_args:
        command += ["--", *script_args]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(x for x in output.splitlines() if x.startswith(marker + " "))
    return json.loads(line[len(marker) + 1 :])


def drive_load(url, duration, connections, threads):
    """Drive ``url`` for ``duration`` seconds; Figures. wrk if present."""
    if shutil.which("wrk"):
        raw = run_wrk(BENCH_SCRIPT, url, duration, connections, threads, "BENCH")
        seconds = raw["duration_us"] / 1e6
        return Figures(
            p50=raw["p50"] / 1000,
            p95=raw["p95"] / 1000,
            p99=raw["p99"] / 1000,
            rps=raw["requests"] / seconds if seconds else 0.0,
            requests=raw["requests"],
            errors=raw["errors"] + raw["status_errors"],
            tool="wrk",
        )
    return run_python_load(url, duration, connections)


def drive_checked_load(url, duration, connections, threads):
    """``drive_load`` once one GET of ``url`` answered 200 (else BenchmarkError)."""
    status, body, _seconds = fetch(url)
    if status != 200:
        raise BenchmarkError(f"{url} answered {status}: {body[:300]!r}")
    return drive_load(url, duration, connections, threads)


def run_python_load(url, duration, connections):
    """A fallback load generator (threads, keep-alive-less): slower than wrk."""
    latencies, errors, lock = [], [0], threading.Lock()
    deadline = time.monotonic() + duration

    def worker():
        while time.monotonic() < deadline:
            status, _body, seconds = fetch(url)
            with lock:
                latencies.append(seconds * 1000)
                if status >= 400:
                    errors[0] += 1

    started = time.monotonic()
    workers = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    elapsed = time.monotonic() - started
    return Figures(
        *compute_percentiles(latencies),
        rps=len(latencies) / elapsed,
        requests=len(latencies),
        errors=errors[0],
        tool="python",
    )


def compute_percentiles(values):
    """(p50, p95, p99) of ``values``; zeros when there are none."""
    if not values:
        return 0.0, 0.0, 0.0
    if len(values) == 1:
        return values[0], values[0], values[0]
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return cuts[49], cuts[94], cuts[98]
