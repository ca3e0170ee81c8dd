"""The database unreachable: clean 503s with Retry-After, and recovery on its own."""

import socket
from types import SimpleNamespace

import pytest
from django.db import connection

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


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
