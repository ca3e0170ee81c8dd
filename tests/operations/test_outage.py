"""The database unreachable: clean 503s with Retry-After, and recovery on its own."""

import contextlib
import socket
import threading
import time
import urllib.error
import urllib.request
from types import SimpleNamespace

import pytest
from django.db import connection

from tests.support import closed_port

pytestmark = pytest.mark.django_db

# What BaseDatabaseWrapper.connect() resets before it tries to connect: the test's
# own transaction state, put back afterwards so that pytest-django can roll back.
STATE = (
    "in_atomic_block",
    "savepoint_ids",
    "atomic_blocks",
    "needs_rollback",
    "close_at",
    "closed_in_transaction",
    "errors_occurred",
    "health_check_done",
    "autocommit",
    "commit_on_exit",
)


@pytest.fixture
def database(tmp_path):
    """Makes the database unreachable for real, and reachable again: the next request
    must open a new connection, to a server that is not there (PostgreSQL: a closed
    port) or to a file that cannot be created (SQLite: a missing directory)."""
    saved_connection = connection.connection
    saved_state = {name: getattr(connection, name) for name in STATE}
    saved_settings = dict(connection.settings_dict)

    def down():
        connection.connection = None
        if connection.vendor == "sqlite":
            connection.settings_dict["NAME"] = str(tmp_path / "missing" / "db.sqlite3")
        else:
            connection.settings_dict["HOST"] = "127.0.0.1"
            connection.settings_dict["PORT"] = closed_port()

    def up():
        connection.settings_dict.update(saved_settings)

    yield SimpleNamespace(down=down, up=up)

    if connection.connection is not None and connection.connection is not (
        saved_connection
    ):
        connection.connection.close()
    connection.settings_dict.update(saved_settings)
    connection.connection = saved_connection
    for name, value in saved_state.items():
        setattr(connection, name, value)


def assert_unavailable(response):
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "Traceback" not in response.content.decode()


def test_the_api_answers_503_json_while_the_database_is_down(client, database):
    database.down()
    response = client.get("/api/v1/sites/")
    assert_unavailable(response)
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "service_unavailable"
    assert "database cannot be reached" in response.json()["detail"]


def test_the_catalogue_answers_a_short_503_page_in_the_readers_language(
    client, database
):
    database.down()
    english = client.get("/")
    assert_unavailable(english)
    assert english["Content-Type"].startswith("text/html")
    assert "Temporarily unavailable" in english.content.decode()
    arabic = client.get("/ar/search/?q=x")
    assert_unavailable(arabic)
    assert "غير متاح مؤقتًا" in arabic.content.decode()


def test_health_reports_the_database(client, database):
    ok = client.get("/health/")
    assert ok.status_code == 200
    assert ok.json() == {"status": "ok", "database": "ok"}
    database.down()
    down = client.get("/health/")
    assert_unavailable(down)
    assert down.json() == {"status": "unavailable", "database": "unreachable"}


def test_the_outage_is_logged(client, database, caplog):
    database.down()
    client.get("/api/v1/sites/")
    records = [r for r in caplog.records if r.name == "registry.outage"]
    assert records and records[0].exc_info


def test_the_site_recovers_by_itself_when_the_database_is_back(client, database):
    database.down()
    assert client.get("/health/").status_code == 503
    assert client.get("/api/v1/sites/").status_code == 503
    assert client.get("/").status_code == 503
    database.up()
    assert client.get("/health/").status_code == 200
    assert client.get("/api/v1/sites/").status_code == 200
    assert client.get("/").status_code == 200


# Through gunicorn, the way production runs: the database behind a TCP proxy that is
# cut and restored while the workers hold persistent connections.


class Proxy:
    """A TCP relay to PostgreSQL that can be cut (listener and every open connection)
    and restored on the same port."""

    def __init__(self, target):
        self.target = target
        self.port = closed_port()
        self.sockets = []
        self.listener = None

    def start(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen()
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener):
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(
                    target=self._pipe, args=(source, sink), daemon=True
                ).start()

    @staticmethod
    def _pipe(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def stop(self):
        for sock in [self.listener, *self.sockets]:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        self.sockets = []


def get(url):
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, headers, body = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, headers, body = error.code, error.headers, error.read()
    return status, headers, body.decode(), time.monotonic() - started


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a network database: PostgreSQL"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_gunicorn_answers_503_while_the_database_is_cut_and_recovers_alone():
    from registry.perf.benchmark import Servers
    from tests import factories

    site = factories.SiteFactory(name="Served through the proxy")
    settings = connection.settings_dict
    proxy = Proxy((settings["HOST"] or "127.0.0.1", int(settings["PORT"] or 5432)))
    proxy.start()

    class Proxied(Servers):
        def environment(self):
            env = super().environment()
            env["DATABASE_URL"] = env["DATABASE_URL"].replace(
                f":{settings['PORT'] or 5432}/", f":{proxy.port}/"
            )
            return env

    try:
        with Proxied(workers=1, datasette=False, log=lambda *a: None) as servers:
            sites = f"{servers.ours}/api/v1/sites/"
            status, _headers, body, _took = get(sites)
            assert status == 200 and "Served through the proxy" in body

            proxy.stop()  # the workers' open connections die with it
            for url in (sites, f"{servers.ours}/health/"):
                status, headers, body, took = get(url)
                assert status == 503, body
                assert headers["Retry-After"]
                assert took < 10  # an answer, not a hang
                assert "Traceback" not in body
            assert "unavailable" in get(sites)[2].lower()

            proxy.start()
            deadline = time.monotonic() + 20
            while (status := get(sites)[0]) != 200 and time.monotonic() < deadline:
                time.sleep(0.5)
            assert status == 200
            assert str(site.public_id) in get(sites)[2]
    finally:
        proxy.stop()
