"""An import interrupted midway leaves no partial data: all or nothing, really.

``import_registry`` (the lossless JSON) and ``import_records`` (curators' CSV) are
run as real processes on a large file and killed with SIGKILL while they are
demonstrably writing — their rows are on disk, in a transaction not yet committed —
and the database must then hold none of the file's rows. In-process, a row that the
database itself refuses midway (a trigger, which no validation foresees) must roll
back every row before it.

Transactional tests: the killed process writes to a database this test can see.
"""

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from registry.interchange.registry_json import LosslessEncoder, export_registry
from registry.models import HeritageSite, Term
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROWS = 1000  # a minute of work for either command; each is killed within seconds
DESCRIPTION = 20_000  # bytes of text per row, so that rows reach the disk early


def description(number):
    return f"Row {number}: " + os.urandom(DESCRIPTION // 2).hex()


def registry_file(path):
    """An export_registry file: the vocabularies, then ROWS new sites."""
    buffer = io.StringIO()
    export_registry(buffer)  # the seeded vocabularies (the registry has no records)
    objects = json.loads(buffer.getvalue())
    with transaction.atomic():  # a template site, never committed
        template = serializers.serialize(
            "python", [factories.SiteFactory()], use_natural_foreign_keys=True
        )[0]
        transaction.set_rollback(True)
    for number in range(1, ROWS + 1):
        site = json.loads(json.dumps(template, cls=LosslessEncoder))
        site["pk"] = number
        site["fields"].update(
            public_id=f"00000000-0000-4000-8000-{number:012d}",
            name=f"Imported site {number}",
            description=description(number),
        )
        objects.append(site)
    path.write_text(json.dumps(objects), encoding="utf-8")
    return path


def records_file(path):
    """An import_records sites CSV of ROWS new sites."""
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(
            ["id", "name", "site_type", "country", "latitude", "longitude"]
            + ["location_sensitivity", "condition", "description"]
        )
        for number in range(1, ROWS + 1):
            writer.writerow(
                ["", f"Imported site {number}", "archaeological-site", "SY"]
                + ["36.5", "41.0", "generalised", "poor", description(number)]
            )
    return path


class SQLiteTarget:
    """A file database, copied from the (migrated, seeded) test database.

    SQLite writes a transaction's rows into the database file once they outgrow
    its page cache, with the original pages saved in a rollback journal that the
    next connection plays back when the writer died.
    """

    def __init__(self, folder):
        self.path = folder / "registry.sqlite3"
        copy = sqlite3.connect(self.path)
        connection.connection.backup(copy)
        copy.close()
        self.url = f"sqlite:///{self.path}"
        self.size = self.path.stat().st_size

    def midway(self):
        """Rows written, not committed: the file grew and the journal is open."""
        journal = Path(f"{self.path}-journal")
        return journal.exists() and self.path.stat().st_size > self.size + (1 << 20)

    def count(self, table):
        database = sqlite3.connect(self.path)  # rolls back a dead writer's journal
        try:
            return database.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        finally:
            database.close()

    def finish(self):
        pass


class PostgreSQLTarget:
    """The test database itself: another session's uncommitted rows take room in
    the table's files, but no query sees them."""

    def __init__(self, folder):
        db = connection.settings_dict
        self.url = (
            f"postgres://{quote(db['USER'], safe='')}:{quote(db['PASSWORD'], safe='')}"
            f"@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"
        )
        self.size = self.table_size()

    def table_size(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_total_relation_size('registry_heritagesite')")
            return cursor.fetchone()[0]

    def others_in_transaction(self):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = "
                "current_database() AND pid <> pg_backend_pid() "
                "AND xact_start IS NOT NULL"
            )
            return cursor.fetchone()[0]

    def midway(self):
        """Rows on disk, none visible, inside another session's transaction."""
        return (
            self.table_size() > self.size + (1 << 20)
            and self.others_in_transaction()
            and self.count("registry_heritagesite") == 0
        )

    def count(self, table):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            return cursor.fetchone()[0]

    def finish(self):
        """Wait for the server to end the killed client's session (rolled back)."""
        for _ in range(100):
            if not self.others_in_transaction():
                return
            time.sleep(0.1)


@pytest.fixture
def target(tmp_path):
    if connection.vendor == "sqlite":
        return SQLiteTarget(tmp_path)
    return PostgreSQLTarget(tmp_path)


def kill_midway(target, command):
    """Run ``manage.py command`` and SIGKILL it once it is midway; return output."""
    process = subprocess.Popen(
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *command],
        env={**os.environ, "DATABASE_URL": target.url},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while not target.midway():
            assert process.poll() is None, process.communicate()[0].decode()
            assert time.monotonic() < deadline, "the import never got midway"
            time.sleep(0.02)
        assert process.poll() is None  # still importing: killed midway
        process.send_signal(signal.SIGKILL)
        output = process.communicate(timeout=30)[0].decode()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == -signal.SIGKILL
    target.finish()
    return output


def test_import_registry_killed_midway_leaves_nothing(tmp_path, target):
    path = registry_file(tmp_path / "registry.json")
    terms = Term.objects.count()
    output = kill_midway(target, ["import_registry", str(path)])
    assert "loaded" not in output
    assert target.count("registry_heritagesite") == 0
    # The import began by replacing the vocabularies: they are all still there.
    assert target.count("registry_term") == terms > 0


def test_import_records_killed_midway_leaves_nothing(tmp_path, target):
    path = records_file(tmp_path / "sites.csv")
    output = kill_midway(target, ["import_records", "sites", str(path)])
    assert "new" not in output
    assert target.count("registry_heritagesite") == 0
    assert target.count("registry_historicalheritagesite") == 0


@pytest.fixture
def refusing_database():
    """A trigger refusing one site at the database level, past every validation."""
    refused = "Imported site 50"
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "CREATE TRIGGER refuse_site BEFORE INSERT ON registry_heritagesite "
                f"WHEN NEW.name = '{refused}' "
                "BEGIN SELECT RAISE(ABORT, 'refused by the database'); END"
            )
        else:
            cursor.execute(
                "CREATE FUNCTION refuse_site() RETURNS trigger AS $$ BEGIN "
                f"IF NEW.name = '{refused}' THEN "
                "RAISE EXCEPTION 'refused by the database'; END IF; "
                "RETURN NEW; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER refuse_site BEFORE INSERT ON registry_heritagesite "
                "FOR EACH ROW EXECUTE FUNCTION refuse_site()"
            )
    yield refused
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER refuse_site")
        else:
            cursor.execute("DROP FUNCTION refuse_site() CASCADE")  # and its trigger


@pytest.fixture
def few_rows(monkeypatch):
    monkeypatch.setattr(sys.modules[__name__], "ROWS", 80)


def test_a_row_the_database_refuses_midway_rolls_back_the_registry_import(
    tmp_path, few_rows, refusing_database
):
    path = registry_file(tmp_path / "registry.json")
    terms = Term.objects.count()
    with pytest.raises(CommandError, match="Nothing was imported.*refused by the d"):
        call_command("import_registry", str(path))
    assert not HeritageSite.objects.exists()  # not even the 49 sites before it
    assert Term.objects.count() == terms


def test_a_row_the_database_refuses_midway_rolls_back_the_records_import(
    tmp_path, few_rows, refusing_database
):
    path = records_file(tmp_path / "sites.csv")
    with pytest.raises(CommandError, match="line 51: refused by the database"):
        call_command("import_records", "sites", str(path))
    assert not HeritageSite.objects.exists()
    assert not HeritageSite.history.exists()
