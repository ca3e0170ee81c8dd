"""Backup and restore of the whole registry: the database and the uploaded files.

``create_backup(path)`` writes one ``.tar.gz`` archive holding

- ``manifest.json``: when it was made, the database vendor, the applied migrations,
  the number of rows of every ``registry_*`` table (records, history, links) and
  the SHA-256 and size of the database copy and of every uploaded file;
- the database: on SQLite a consistent online copy made with SQLite's backup API
  (``database.sqlite3``); on PostgreSQL ``pg_dump --format=custom``
  (``database.pgdump``), taken in the same snapshot as the counted rows;
- ``media/`` and ``private-media/``: the contents of MEDIA_ROOT and
  PRIVATE_MEDIA_ROOT (photograph originals and renditions).

``restore_backup(path)`` checks the archive before touching anything — every hash,
the vendor, the migrations — then replaces the database (SQLite: backup API from the
copy into the live database; PostgreSQL: ``pg_restore --clean --if-exists
--no-owner`` in a single transaction) and the two media folders, and checks the
restored row counts against the manifest.

Problems are raised as ``BackupError`` with a message for the operator.
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.db.backends.postgresql.client import DatabaseClient

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
# The first bytes of each kind of database copy.
DATABASE_MAGIC = {"sqlite": b"SQLite format 3\x00", "postgresql": b"PGDMP"}
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# Archive folder -> setting naming the folder it is copied from and restored to.
MEDIA_FOLDERS = {"media": "MEDIA_ROOT", "private-media": "PRIVATE_MEDIA_ROOT"}
TABLE_PREFIX = "registry_"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


def sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def media_roots():
    """{archive folder: the folder it holds}; the two must not contain each other."""
    roots = {
        folder: Path(getattr(settings, name)).resolve()
        for folder, name in MEDIA_FOLDERS.items()
    }
    first, second = roots.values()
    if first == second or first in second.parents or second in first.parents:
        raise BackupError(
            f"MEDIA_ROOT ({roots['media']}) and PRIVATE_MEDIA_ROOT "
            f"({roots['private-media']}) must be separate folders, neither inside "
            "the other."
        )
    return roots


def default_name(now=None):
    now = now or datetime.datetime.now(datetime.UTC)
    return f"registry-backup-{now:%Y%m%dT%H%M%SZ}.tar.gz"


def _vendor(connection):
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(
            f"Backups support SQLite and PostgreSQL, not {connection.vendor}."
        )
    return connection.vendor


def _outside_transaction(connection):
    connection.ensure_connection()
    if connection.in_atomic_block:
        raise BackupError(
            "Backup and restore must run outside a database transaction "
            "(they work on committed data)."
        )


# Backup ------------------------------------------------------------------------------


def create_backup(destination, using="default"):
    """Write a backup archive to ``destination`` (a file, or a folder to put it in).

    Returns (path of the archive, manifest).
    """
    connection = connections[using]
    vendor = _vendor(connection)
    _outside_transaction(connection)
    now = datetime.datetime.now(datetime.UTC)
    destination = Path(destination)
    if destination.is_dir():
        destination = destination / default_name(now)
    if destination.exists():
        raise BackupError(f"{destination} already exists; choose another name.")
    if not destination.parent.is_dir():
        raise BackupError(f"No folder {destination.parent} to write the backup in.")

    with tempfile.TemporaryDirectory(
        prefix=".registry-backup-", dir=destination.parent
    ) as staging:
        staging = Path(staging)
        database = staging / DATABASE_FILES[vendor]
        # The database first: every file a copied record names already exists.
        if vendor == "sqlite":
            counts, migrations = _dump_sqlite(connection, database)
        else:
            counts, migrations = _dump_postgresql(connection, database)
        media = {}
        for folder, root in media_roots().items():
            media.update(_copy_media(root, staging / folder, folder))
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat(),
            "database": {
                "vendor": vendor,
                "file": database.name,
                "sha256": sha256_file(database),
                "size": database.stat().st_size,
            },
            "migrations": migrations,
            "counts": counts,
            "media": media,
        }
        (staging / MANIFEST).write_text(
            json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8"
        )
        partial = destination.with_name(destination.name + ".partial")
        try:
            with tarfile.open(partial, "w:gz") as archive:
                archive.add(staging / MANIFEST, arcname=MANIFEST)
                archive.add(database, arcname=database.name)
                for folder in MEDIA_FOLDERS:
                    archive.add(staging / folder, arcname=folder)
            os.replace(partial, destination)  # never a half-written archive
        finally:
            partial.unlink(missing_ok=True)
    return destination, manifest


def _copy_media(root, target, folder):
    """Copy the files under ``root`` to ``target``; {archive path: hash, size}."""
    target.mkdir()
    files = {}
    if not root.is_dir():
        return files
    for path in sorted(root.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        relative = path.relative_to(root)
        copy = target / relative
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, copy)
        files[f"{folder}/{relative.as_posix()}"] = {
            "sha256": sha256_file(copy),
            "size": copy.stat().st_size,
        }
    return files


def _dump_sqlite(connection, path):
    target = sqlite3.connect(path)
    try:
        # An online, consistent copy; works for a file and an in-memory database.
        connection.connection.backup(target)
        cursor = target.cursor()
        tables = [
            row[0]
            for row in cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        counts = {
            table: cursor.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
            for table in tables
            if table.startswith(TABLE_PREFIX)
        }
        migrations = _migrations(
            cursor.execute("SELECT app, name FROM django_migrations").fetchall()
        )
    except sqlite3.Error as error:
        raise BackupError(f"Could not copy the SQLite database: {error}") from error
    finally:
        target.close()
    return counts, migrations


def _migrations(rows):
    applied = {}
    for app, name in sorted(rows):
        applied.setdefault(app, []).append(name)
    return applied


def _postgresql_command(connection, program, arguments):
    """Run pg_dump or pg_restore against ``connection``'s database."""
    executable = shutil.which(program)
    if executable is None:
        raise BackupError(
            f"{program} is not on PATH: install the PostgreSQL client programs "
            "(the same major version as the server)."
        )
    settings_dict = connection.settings_dict
    command = [executable, "--no-password"]
    if settings_dict.get("HOST"):
        command += ["--host", settings_dict["HOST"]]
    if settings_dict.get("PORT"):
        command += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        command += ["--username", settings_dict["USER"]]
    command += [*arguments, "--dbname", settings_dict["NAME"]]
    # PGPASSWORD (and any SSL or service option) as Django's dbshell passes them.
    _args, extra = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    result = subprocess.run(
        command,
        env={**os.environ, **(extra or {})},
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(
            f"{program} failed (exit status {result.returncode}):\n"
            + (result.stderr.strip() or result.stdout.strip())
        )


def _dump_postgresql(connection, path):
    using = connection.alias
    with transaction.atomic(using=using), connection.cursor() as cursor:
        # One snapshot for the counts and for pg_dump: they describe the same data.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = {}
        for table in sorted(connection.introspection.table_names(cursor)):
            if table.startswith(TABLE_PREFIX):
                cursor.execute(
                    f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}"
                )
                counts[table] = cursor.fetchone()[0]
        cursor.execute("SELECT app, name FROM django_migrations")
        migrations = _migrations(cursor.fetchall())
        _postgresql_command(
            connection,
            "pg_dump",
            ["--format=custom", f"--snapshot={snapshot}", f"--file={path}"],
        )
    return counts, migrations


# Restore -----------------------------------------------------------------------------


def restore_backup(archive, using="default", verify_only=False):
    """Check ``archive`` and (unless ``verify_only``) restore it over the registry.

    Nothing is changed unless every check passes. Returns the manifest.
    """
    connection = connections[using]
    vendor = _vendor(connection)
    roots = media_roots()
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"No backup archive at {archive}.")
    with tempfile.TemporaryDirectory(prefix=".registry-restore-") as work:
        work = Path(work)
        _extract(archive, work)
        manifest = verify_backup(work, vendor)
        if verify_only:
            return manifest
        _outside_transaction(connection)
        database = work / manifest["database"]["file"]
        if vendor == "sqlite":
            _restore_sqlite(connection, database)
        else:
            _restore_postgresql(connection, database)
        for folder, root in roots.items():
            _replace_folder(work / folder, root)
    restored = table_counts(connection)
    differences = {
        table: (count, restored.get(table))
        for table, count in manifest["counts"].items()
        if restored.get(table) != count
    }
    if differences:
        raise BackupError(
            "The database was restored but its rows differ from the manifest: "
            + ", ".join(
                f"{t}: {a} expected, {b} found" for t, (a, b) in differences.items()
            )
        )
    return manifest


def _extract(archive, work):
    allowed = {MANIFEST, *DATABASE_FILES.values(), *MEDIA_FOLDERS}
    try:
        with tarfile.open(archive, "r:*") as tar:
            for member in tar.getmembers():
                top = member.name.split("/", 1)[0]
                if top not in allowed or not (member.isfile() or member.isdir()):
                    raise BackupError(
                        f"{archive} is not a registry backup: unexpected entry "
                        f"{member.name!r}."
                    )
            tar.extractall(work, filter="data")
    except (tarfile.TarError, EOFError, OSError, zlib.error) as error:
        raise BackupError(
            f"{archive} is not a readable backup archive ({error})."
        ) from error


def verify_backup(work, vendor):
    """Check an extracted backup against its manifest; returns the manifest."""
    try:
        manifest = json.loads((work / MANIFEST).read_text(encoding="utf-8"))
        database = manifest["database"]
        theirs, media = database["vendor"], manifest["media"]
        missing = {"counts", "migrations", "created_at"} - set(manifest)
        if missing:
            raise KeyError(", ".join(sorted(missing)))
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise BackupError(
            f"The backup's manifest is missing or unreadable ({error})."
        ) from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    if theirs != vendor:
        raise BackupError(
            f"This backup is of a {VENDOR_NAMES.get(theirs, theirs)} database and "
            f"this registry runs on {VENDOR_NAMES[vendor]}: it cannot be restored "
            "here. Restore it into a registry on the same database, then move the "
            "records with export_registry and import_registry."
        )

    problems = []
    path = work / str(database["file"])
    if database["file"] != DATABASE_FILES[vendor] or not path.is_file():
        problems.append(f"the database copy {database['file']} is missing")
    elif sha256_file(path) != database["sha256"]:
        problems.append(f"the database copy {database['file']} has been altered")
    else:
        with open(path, "rb") as stream:
            if not stream.read(16).startswith(DATABASE_MAGIC[vendor]):
                problems.append(
                    f"{database['file']} is not a {VENDOR_NAMES[vendor]} copy"
                )
    found = {
        file.relative_to(work).as_posix(): file
        for folder in MEDIA_FOLDERS
        for file in (work / folder).rglob("*")
        if file.is_file()
    }
    for name in sorted(set(media) - set(found)):
        problems.append(f"{name} is missing")
    for name in sorted(set(found) - set(media)):
        problems.append(f"{name} is not in the manifest")
    for name in sorted(set(media) & set(found)):
        if sha256_file(found[name]) != media[name]["sha256"]:
            problems.append(f"{name} has been altered (SHA-256 differs)")
    if problems:
        shown = problems[:20] + (
            [f"… and {len(problems) - 20} more"] if len(problems) > 20 else []
        )
        raise BackupError(
            "The backup failed its checks and nothing was restored:\n- "
            + "\n- ".join(shown)
        )
    unknown = _unknown_migrations(manifest["migrations"])
    if unknown:
        raise BackupError(
            "The backup was made by a newer version of the registry (migrations "
            f"unknown here: {', '.join(unknown)}); upgrade the code, then restore."
        )
    return manifest


def _unknown_migrations(applied):
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    for migration in loader.disk_migrations.values():
        known.update(migration.replaces or [])
    return [
        f"{app}.{name}"
        for app, names in sorted(applied.items())
        if app in loader.migrated_apps
        for name in names
        if (app, name) not in known
    ]


def pending_migrations(using="default"):
    """Migrations of this code not applied to the (restored) database."""
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[using])
    targets = executor.loader.graph.leaf_nodes()
    return [migration for migration, _ in executor.migration_plan(targets)]


def _restore_sqlite(connection, path):
    source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        # Page by page into the live database, under its write lock: readers see
        # the old database or the restored one, never a mixture.
        source.backup(connection.connection)
    except sqlite3.Error as error:
        raise BackupError(f"Could not restore the SQLite database: {error}") from error
    finally:
        source.close()


def _restore_postgresql(connection, path):
    connections.close_all()  # pg_restore drops the tables: let go of them
    _postgresql_command(
        connection,
        "pg_restore",
        [
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",  # all or nothing
            "--exit-on-error",
            str(path),
        ],
    )


def _replace_folder(source, root):
    """Make ``root`` hold exactly the files of ``source`` (moved, not copied)."""
    root.mkdir(parents=True, exist_ok=True)
    for child in root.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    if source.is_dir():
        for child in source.iterdir():
            shutil.move(child, root / child.name)


def table_counts(connection):
    """Rows in every ``registry_*`` table of the live database."""
    try:
        with connection.cursor() as cursor:
            tables = connection.introspection.table_names(cursor)
            counts = {}
            for table in sorted(tables):
                if table.startswith(TABLE_PREFIX):
                    cursor.execute(
                        f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}"
                    )
                    counts[table] = cursor.fetchone()[0]
    except DatabaseError as error:
        raise BackupError(f"Could not read the restored database: {error}") from error
    return counts
