"""The benchmark the project ships: ``manage.py bench`` (see README, "Performance").

On the configured database it starts the registry under gunicorn (production
settings) on loopback, and — on SQLite — Datasette on the same file, asks both the
same questions with a real load tool (wrk; a small Python client only where wrk is
missing), runs the same SQL directly and serialises it to JSON (the floor), and
prints latency percentiles, throughput and the ratios ours/Datasette and ours/floor.
A streamed CSV export is timed once and the peak memory of the serving worker
measured, for two row counts, to show whether memory grows with the rows.
"""

import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection
from django.db.models import Count, Q
from rest_framework.test import APIRequestFactory

from registry.api import views as api
from registry.models import DamageEvent, HeritageSite, Name
from registry.models.choices import NameKind, PublicationStatus
from registry.publishing import visibility
from registry.search.text import fold

WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "errors": %d, "status_errors": %d, '
    .. '"p50": %d, "p95": %d, "p99": %d, "bytes": %d}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout,
    e.status, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), summary.bytes))
end
"""


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


@dataclass
class Scenario:
    name: str
    ours: str
    datasette: str | None = None
    floor: object = None  # a function returning (sql, params) pairs to run
    results: dict = field(default_factory=dict)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                response.read()
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


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


def run_wrk(script, url, duration, connections, threads, marker):
    """Run wrk with the Lua ``script`` against ``url``; the JSON its done() printed
    after ``marker`` on a line of its own."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as file:
        file.write(script)
    try:
        output = subprocess.run(
            [
                "wrk",
                f"-t{min(threads, connections)}",
                f"-c{connections}",
                f"-d{max(1, round(duration))}s",
                "--timeout",
                "30s",
                "-s",
                file.name,
                url,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(file.name)
    line = next(x for x in output.splitlines() if x.startswith(marker + " "))
    return json.loads(line[len(marker) + 1 :])


def load(url, duration, connections, threads):
    """Drive ``url`` for ``duration`` seconds; Figures. wrk if present."""
    if shutil.which("wrk"):
        raw = run_wrk(WRK_SCRIPT, url, duration, connections, threads, "BENCH")
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
    return python_load(url, duration, connections)


def python_load(url, duration, connections):
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
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.monotonic() - started
    return Figures(
        *percentiles(latencies),
        rps=len(latencies) / elapsed,
        requests=len(latencies),
        errors=errors[0],
        tool="python",
    )


def percentiles(values):
    if not values:
        return 0.0, 0.0, 0.0
    if len(values) == 1:
        return values[0], values[0], values[0]
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return cuts[49], cuts[94], cuts[98]


# -- the servers ------------------------------------------------------------------


class Servers:
    """gunicorn serving the registry, and Datasette on the same SQLite file."""

    def __init__(self, workers=2, datasette=True, log=print, throttle=None):
        self.workers = workers
        # The benchmark measures serving, not the per-address limit: unthrottled
        # unless asked (the load run keeps the production limit).
        self.throttle = throttle or "100000000/min"
        self.want_datasette = datasette
        self.log = log
        self.processes = []
        self.ours = self.datasette = None
        self.gunicorn = None
        self.tmp = Path(tempfile.mkdtemp(prefix="heritage-bench-"))

    def environment(self):
        env = os.environ.copy()
        database = settings.DATABASES["default"]
        if database["ENGINE"].endswith("sqlite3"):
            env["DATABASE_URL"] = f"sqlite:///{database['NAME']}"
        else:
            user = quote(database["USER"] or "")
            password = quote(database["PASSWORD"] or "")
            host = database["HOST"] or "localhost"
            env["DATABASE_URL"] = (
                f"postgres://{user}:{password}@{host}:"
                f"{database['PORT'] or 5432}/{database['NAME']}"
            )
        env.update(
            DEBUG="0",
            SECRET_KEY="benchmark-only-" + "x" * 40,
            ALLOWED_HOSTS="127.0.0.1,localhost",
            SECURE_SSL_REDIRECT="0",
            API_THROTTLE_RATE=self.throttle,
            STATIC_ROOT=str(self.tmp / "static"),
            CONN_MAX_AGE="600",
            LOG_LEVEL="WARNING",
        )
        return env

    def __enter__(self):
        env = self.environment()
        manage = str(Path(settings.BASE_DIR) / "manage.py")
        subprocess.run(
            [sys.executable, manage, "collectstatic", "--noinput", "-v0"],
            env=env,
            check=True,
        )
        port = free_port()
        self.gunicorn = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "heritage.wsgi",
                "--workers",
                str(self.workers),
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
                "--no-control-socket",
                # As in production (README): a threaded worker keeps its heartbeat
                # while a long export streams, where a sync worker is killed after
                # --timeout seconds.
                "--worker-class",
                "gthread",
                "--threads",
                "1",
            ],
            cwd=settings.BASE_DIR,
            env=env,
        )
        self.processes.append(self.gunicorn)
        self.ours = f"http://127.0.0.1:{port}"
        wait_until_up(f"{self.ours}/api/v1/", self.gunicorn)
        if self.want_datasette and connection.vendor == "sqlite":
            datasette = shutil.which("datasette") or str(
                Path(sys.executable).with_name("datasette")
            )
            if Path(datasette).exists():
                port = free_port()
                process = subprocess.Popen(
                    [
                        datasette,
                        "serve",
                        str(settings.DATABASES["default"]["NAME"]),
                        "--port",
                        str(port),
                        "--setting",
                        "suggest_facets",
                        "off",
                        "--setting",
                        "max_csv_mb",
                        "0",
                        "--setting",
                        "sql_time_limit_ms",
                        "30000",
                        "--setting",
                        "default_page_size",
                        "50",
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                self.processes.append(process)
                self.datasette = f"http://127.0.0.1:{port}"
                wait_until_up(f"{self.datasette}/-/versions.json", process)
            else:
                self.log("Datasette is not installed: its column stays empty.")
        return self

    def __exit__(self, *exc):
        for process in self.processes:
            process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def worker_pids(self):
        """The gunicorn workers (children of the master)."""
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            if parent == self.gunicorn.pid:
                pids.append(int(entry.name))
        return pids


def memory_kib(pid, key):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def reset_peak(pid):
    """Reset the process's peak resident set (VmHWM) to its current size."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
        return True
    except OSError:
        return False


# -- the questions ------------------------------------------------------------------


def view_queryset(viewset, url, action="list", **kwargs):
    """The queryset the API view runs for ``url`` (same filters, same SQL)."""
    request = APIRequestFactory().get(url)
    view = viewset(action_map={"get": action})
    view.format_kwarg = None
    view.args, view.kwargs = (), kwargs
    view.request = view.initialize_request(request)
    view.headers = {}
    return view.filter_queryset(view.get_queryset())


def page_floor(viewset, url, size=50):
    """The floor of a JSON page: the count and the page's rows, as plain SQL."""

    def queries():
        queryset = view_queryset(viewset, url)
        page_sql, page_params = queryset[:size].query.sql_with_params()
        base_sql, base_params = queryset.order_by().query.sql_with_params()
        return [
            (f"SELECT COUNT(*) FROM ({base_sql}) counted", base_params),
            (page_sql, page_params),
        ]

    return queries


def all_rows_floor(viewset, url):
    def queries():
        return [view_queryset(viewset, url).query.sql_with_params()]

    return queries


def detail_floor(public_id):
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
            for sql, params in statements:
                cursor.execute(sql, params)
                columns = [c[0] for c in cursor.description]
                payload.append([dict(zip(columns, r, strict=True)) for r in cursor])
            json.dumps(payload, default=str)
            latencies.append((time.perf_counter() - started) * 1000)
            rows = sum(len(p) for p in payload)
    finally:
        cursor.close()
    p50, p95, p99 = percentiles(latencies)
    return Figures(
        p50=p50,
        p95=p95,
        p99=p99,
        rps=len(latencies) / max(sum(latencies) / 1000, 1e-9),
        requests=len(latencies),
        errors=0,
        tool=f"sql ({rows} rows)",
    )


def pick_parameters():
    """Real values from the data: the most damaged site, names to search, dates."""
    published = PublicationStatus.PUBLISHED
    site = (
        HeritageSite.objects.published()
        .filter(location_sensitivity="public")
        .annotate(
            events=Count("damage_events", filter=Q(damage_events__status=published))
        )
        .order_by("-events", "pk")
        .first()
    )
    if site is None:
        raise RuntimeError(
            "No published site: generate data first (generate_synthetic)."
        )
    middle = HeritageSite.objects.published().exclude(name_ar="").order_by("pk")
    arabic_site = middle[middle.count() // 2]
    arabic = arabic_site.name_ar.replace("ة", "ه")  # typed with ha for ta marbuta
    variant = (
        Name.objects.filter(
            kind=NameKind.TRANSLITERATION,
            content_type__model="heritagesite",
            object_id__in=HeritageSite.objects.published().values("pk"),
        )
        .order_by("pk")
        .first()
    )
    latin = variant.name if variant else site.name
    return {
        "site": site,
        "arabic": arabic,
        "latin": latin,
        "country": site.country.code,
    }


def csv_cut_off(rows):
    """The date after which about ``rows`` public damage events fall."""
    events = DamageEvent.objects.published().filter(date_earliest__isnull=False)
    dates = events.order_by("-date_earliest").values_list("date_earliest", flat=True)
    total = events.count()
    if total == 0:
        return None, 0
    return dates[min(rows, total) - 1], min(rows, total)


def scenarios(params):
    """The questions, as our URLs, Datasette's URLs and the floor's SQL."""
    site = params["site"]
    country = params["country"]
    db = Path(settings.DATABASES["default"]["NAME"]).stem
    arabic_folded, latin_folded = fold(params["arabic"]), fold(params["latin"])
    published = "status__exact=published"
    site_filters = f"country={country}&condition=poor,very_bad"
    event_filters = "cause_category=armed_conflict&certainty=high&date_after=2015-01-01"
    return [
        Scenario(
            "API site list, 2 filters",
            f"/api/v1/sites/?{site_filters}&ordering=name",
            f"/{db}/registry_heritagesite.json?{published}&country__exact={country}"
            "&condition__in=poor,very_bad&_sort=name&_size=50",
            page_floor(api.SiteViewSet, f"/api/v1/sites/?{site_filters}&ordering=name"),
        ),
        Scenario(
            "API event list, 3 filters + order",
            f"/api/v1/damage-events/?{event_filters}&ordering=-date",
            f"/{db}/registry_damageevent.json?{published}"
            "&cause_category__exact=armed_conflict&certainty__exact=high"
            "&date_earliest__gte=2015-01-01&_sort_desc=date_earliest&_size=50",
            page_floor(
                api.DamageEventViewSet,
                f"/api/v1/damage-events/?{event_filters}&ordering=-date",
            ),
        ),
        Scenario(
            "API site detail (nested)",
            f"/api/v1/sites/{site.public_id}/",
            f"/{db}/registry_heritagesite/{site.pk}.json",
            detail_floor(site.public_id),
        ),
        Scenario(
            "API search, Arabic name",
            f"/api/v1/sites/?q={quote(params['arabic'])}",
            f"/{db}/registry_heritagesite.json?{published}"
            f"&_search={quote(arabic_folded)}&_size=50",
            page_floor(api.SiteViewSet, f"/api/v1/sites/?q={quote(params['arabic'])}"),
        ),
        Scenario(
            "API search, Latin spelling",
            f"/api/v1/sites/?q={quote(params['latin'])}",
            f"/{db}/registry_heritagesite.json?{published}"
            f"&_search={quote(latin_folded)}&_size=50",
            page_floor(api.SiteViewSet, f"/api/v1/sites/?q={quote(params['latin'])}"),
        ),
        Scenario(
            "API GeoJSON, sites of a country",
            f"/api/v1/sites/?country={country}&condition=destroyed&format=geojson",
            f"/{db}/registry_heritagesite.json?{published}&country__exact={country}"
            "&condition__exact=destroyed&_size=max&_shape=array",
            all_rows_floor(
                api.SiteViewSet, f"/api/v1/sites/?country={country}&condition=destroyed"
            ),
        ),
        Scenario("Catalogue search page", f"/search/?q={quote(params['latin'])}"),
        Scenario("Catalogue site page", f"/sites/{site.public_id}/"),
        Scenario("Catalogue home page", "/"),
    ]


def ensure_datasette_search():
    """Datasette's full-text search needs an FTS5 table over the site names: made
    here (on the benchmark database only) from the same folded search text."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS registry_heritagesite_fts USING "
            'fts5(search_text, content="registry_heritagesite", content_rowid="id")'
        )
        cursor.execute(
            "INSERT INTO registry_heritagesite_fts(registry_heritagesite_fts) "
            "VALUES('rebuild')"
        )


def measure_csv(servers, cut_off, rows, datasette_db):
    """Time a streamed CSV export and the serving worker's peak memory, for the
    full row count and for a tenth of it: the two peaks should be about equal."""
    results = {}
    total = DamageEvent.objects.published().filter(date_earliest__gte=cut_off).count()
    small_cut_off, small_rows = csv_cut_off(max(1, rows // 10))
    for label, date, _rows in (
        ("small", small_cut_off, small_rows),
        ("full", cut_off, total),
    ):
        url = f"{servers.ours}/api/v1/damage-events/?format=csv&date_after={date}"
        fetch(url)  # warm up: imports, connections, caches
        pids = servers.worker_pids()
        baseline = {pid: memory_kib(pid, "VmRSS") for pid in pids}
        can_reset = all(reset_peak(pid) for pid in pids)
        status, body, seconds = fetch(url)
        peak = max(
            (memory_kib(pid, "VmHWM") - baseline[pid] for pid in pids), default=0
        )
        lines = body.count(b"\n") - 1
        results[label] = {
            "rows": lines,
            "seconds": seconds,
            "status": status,
            "peak_growth_mib": peak / 1024 if can_reset else None,
            "rows_per_s": lines / seconds if seconds else 0,
        }
    if servers.datasette:
        url = (
            f"{servers.datasette}/{datasette_db}/registry_damageevent.csv?"
            f"status__exact=published&date_earliest__gte={cut_off}&_stream=on&_size=max"
        )
        fetch(url)
        status, body, seconds = fetch(url)
        results["datasette"] = {
            "rows": body.count(b"\n") - 1,
            "seconds": seconds,
            "status": status,
        }
    return results


def registry_counts():
    return {
        "sites": HeritageSite.objects.count(),
        "damage events": DamageEvent.objects.count(),
        "published events": DamageEvent.objects.published().count(),
    }
