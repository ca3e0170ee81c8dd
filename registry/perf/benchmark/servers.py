"""The servers under test: gunicorn serving the registry (production settings) on
loopback and Datasette on the same SQLite file, and the memory of their processes."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection


def find_free_port():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        return listener.getsockname()[1]


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
        port = find_free_port()
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
                # Production's settings (threaded workers, a connection per
                # request), with a thread a worker.
                "--config",
                "python:heritage.gunicorn",
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
            self.start_datasette()
        return self

    def start_datasette(self):
        datasette = shutil.which("datasette") or str(
            Path(sys.executable).with_name("datasette")
        )
        if not Path(datasette).exists():
            self.log("Datasette is not installed: its column stays empty.")
            return
        port = find_free_port()
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


def read_memory_kib(pid, key):
    """The ``key`` line (VmRSS, VmHWM…) of the process's status, in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def reset_peak_memory(pid):
    """Reset the process's peak resident set (VmHWM) to its current size."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
        return True
    except OSError:
        return False
