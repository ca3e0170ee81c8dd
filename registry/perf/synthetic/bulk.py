"""Writing many rows fast: plain rows of column values, streamed with COPY on
PostgreSQL and ``executemany`` on SQLite, the derived columns ``save()`` would have
filled, and fresh planner statistics after.

No model instance is built and no ``save()`` runs. A stage gives each row as a dict
of column values by attribute name (``site_id``, not ``site``); the writer fills
the rest as Django would on an insert (each field's default, ``now`` for
``auto_now`` and ``auto_now_add``), gives every row an explicit key, adds
``search_keys`` from ``search_text`` and brings the sequences up to the keys
written at the end. The derived columns are computed with the models' own
functions (``fold``, ``word_keys``, ``fine_key``), memoised: the same words and
names come back millions of times. No history rows are written.
"""

import time
from contextlib import contextmanager
from functools import lru_cache
from operator import itemgetter

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection

from registry.search.phonetic import fine_key, word_keys
from registry.search.text import fold

# Types a SQLite row must store as Django does (UUIDs as hex, aware datetimes as
# naive UTC text…); PostgreSQL's driver takes the Python values as they are.
SQLITE_CONVERTED = {
    "DateField",
    "DateTimeField",
    "DecimalField",
    "DurationField",
    "JSONField",
    "TimeField",
    "UUIDField",
}


@lru_cache(maxsize=1 << 18)
def cached_fold(text):
    """``fold``, remembered (names and titles repeat)."""
    return fold(text)


@lru_cache(maxsize=1 << 16)
def _word(word):
    return word_keys(word), fine_key(word)


@lru_cache(maxsize=1 << 18)
def _name_keys(name):
    parts = [_word(word) for word in name.split()]
    keys = [key for found, _fine in parts for key in found]
    keys += [f"={fine}" for _found, fine in parts if fine]
    return " ".join(dict.fromkeys(keys))


def search_keys(search_text):
    """``registry.search.phonetic.search_keys_of``, with its words and names
    remembered (the same result: the perf tests compare them)."""
    if not search_text:
        return ""
    names = [keys for keys in map(_name_keys, search_text.split(" | ")) if keys]
    if not names:
        return ""
    return "| " + " | ".join(dict.fromkeys(names)) + " |"


def build_search_text(*terms):
    """The folded search text of a record whose names and titles are ``terms``, in
    the order its ``search_terms()`` gives them (``Searchable.search_text_of``)."""
    folded = (cached_fold(term) for term in terms if term)
    return " | ".join(dict.fromkeys(term for term in folded if term))


def build_name(ct_id, pk, name, language, kind):
    """A ``Name`` row for the record ``pk`` of content type ``ct_id``, normalised."""
    return {
        "content_type_id": ct_id,
        "object_id": pk,
        "name": name,
        "language": language,
        "kind": kind,
        "normalised": cached_fold(name),
    }


class SilentProgress:
    """A progress bar that shows nothing (when the caller passes none)."""

    def update(self, n):
        pass

    def close(self):
        pass


class Table:
    """How the rows of one model are written: its columns, each column's default
    (as Django would insert it), the conversions SQLite needs."""

    def __init__(self, model, now):
        self.model = model
        meta = model._meta
        fields = list(meta.concrete_fields)
        self.pk = meta.pk.attname
        self.attnames = [field.attname for field in fields]
        self.columns = [field.column for field in fields]
        self.getter = itemgetter(*self.attnames)
        self.has_keys = "search_keys" in self.attnames and "search_text" in (
            self.attnames
        )
        sqlite = connection.vendor == "sqlite"
        self.defaults, self.required = {}, set()
        self.converters = []  # (index, field): converted row by row (SQLite)
        for index, field in enumerate(fields):
            if field.primary_key:
                continue
            if getattr(field, "auto_now", False) or getattr(
                field, "auto_now_add", False
            ):
                default = now
            elif field.has_default() and callable(field.default):
                # A fresh value a row (uuid4): the row must bring its own.
                self.required.add(field.attname)
                default = None
            else:
                default = field.get_default()
            if sqlite and field.get_internal_type() in SQLITE_CONVERTED:
                # Converted with the row's own values (once, not twice).
                self.converters.append((index, field))
                self.defaults[field.attname] = default
            else:
                self.defaults[field.attname] = field.get_db_prep_save(
                    default, connection
                )
        self.first_checked = False

    def check(self, row):
        """A stage's row names only this model's columns and brings what it must
        (once a write: a misspelt column would otherwise be silently dropped)."""
        unknown = set(row) - set(self.attnames)
        missing = self.required - set(row)
        if unknown or missing:
            raise ValueError(
                f"{self.model.__name__}: unknown columns {sorted(unknown)}, "
                f"missing {sorted(missing)}"
            )

    def quoted(self):
        quote = connection.ops.quote_name
        return quote(self.model._meta.db_table), ", ".join(map(quote, self.columns))


class BulkWriter:
    """Writes rows (dicts of column values) in batches of ``batch_size``, counting
    them by model; every row gets an explicit key.

    ``progress(label, total)`` returns a bar with ``update(n)`` and ``close()``
    (tqdm's signature); without it nothing is shown. ``now`` is what ``auto_now``
    and ``auto_now_add`` columns hold. Call ``finish()`` after the last write: it
    brings the sequences past the keys written.
    """

    def __init__(self, batch_size=5000, progress=None, now=None):
        from django.utils import timezone

        self.batch_size = batch_size
        self.progress = progress or (lambda label, total: SilentProgress())
        self.now = now or timezone.now()
        self.counts = {}
        self.seconds = {}  # by model: drawing and writing (the two overlap)
        self.tables = {}
        self.next_keys = {}
        self.written = set()

    def table(self, model):
        if model not in self.tables:
            self.tables[model] = Table(model, self.now)
        return self.tables[model]

    def first_key(self, table):
        """The next free key of ``table``'s model: above any row already there and,
        on PostgreSQL, above any key its sequence handed out (a rolled-back
        transaction's too), so that no key is ever given twice."""
        if table.model not in self.next_keys:
            name, _columns = table.quoted()
            column = table.model._meta.pk.column
            quoted = connection.ops.quote_name(column)
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT MAX({quoted}) FROM {name}")
                (highest,) = cursor.fetchone()
                highest = highest or 0
                if connection.vendor == "postgresql":
                    cursor.execute(
                        "SELECT pg_get_serial_sequence(%s, %s)",
                        [table.model._meta.db_table, column],
                    )
                    (sequence,) = cursor.fetchone()
                    if sequence:
                        cursor.execute(
                            f"SELECT CASE WHEN is_called THEN last_value "
                            f"ELSE last_value - 1 END FROM {sequence}"
                        )
                        highest = max(highest, cursor.fetchone()[0])
            self.next_keys[table.model] = highest + 1
        return self.next_keys[table.model]

    def write(self, model, rows, label=None, keys=True):
        """Writes ``rows`` (an iterable of dicts); the written rows' keys in order,
        or None with ``keys=False`` (through tables, names: nobody needs them)."""
        started = time.perf_counter()
        table = self.table(model)
        bar = self.progress(label or model._meta.verbose_name_plural, None)
        start = self.first_key(table)
        tuples = self.tuples(table, rows, start)
        if connection.vendor == "postgresql":
            count = self.copy(table, tuples, bar)
        else:
            count = self.insert(table, tuples, bar)
        bar.close()
        self.next_keys[model] = start + count
        if count:
            self.written.add(model)
        key = model._meta.model_name
        self.counts[key] = self.counts.get(key, 0) + count
        self.seconds[key] = self.seconds.get(key, 0) + time.perf_counter() - started
        return list(range(start, start + count)) if keys else None

    def tuples(self, table, rows, start):
        """The rows as tuples in column order, keyed from ``start`` and derived."""
        defaults, getter, pk = table.defaults, table.getter, table.pk
        has_keys, converters = table.has_keys, table.converters
        key = start
        for row in rows:
            if key == start:
                table.check(row)
            values = {**defaults, **row}
            values[pk] = key
            key += 1
            if has_keys:
                values["search_keys"] = search_keys(values["search_text"])
            if converters:
                out = list(getter(values))
                for index, field in converters:
                    value = out[index]
                    if value is not None:
                        out[index] = field.get_db_prep_save(value, connection)
                yield out
            else:
                yield getter(values)

    def copy(self, table, tuples, bar):
        from psycopg.copy import QueuedLibpqWriter

        name, columns = table.quoted()
        count, pending = 0, 0
        step = self.batch_size
        sql = f"COPY {name} ({columns}) FROM STDIN"
        with connection.cursor() as wrapper:
            cursor = wrapper.cursor
            # A thread sends the rows to the server while the next ones are drawn.
            writer = QueuedLibpqWriter(cursor)
            with cursor.copy(sql, writer=writer) as copy:
                write_row = copy.write_row
                for row in tuples:
                    write_row(row)
                    pending += 1
                    if pending == step:
                        bar.update(pending)
                        count += pending
                        pending = 0
        bar.update(pending)
        return count + pending

    def insert(self, table, tuples, bar):
        name, columns = table.quoted()
        marks = ", ".join("?" * len(table.columns))
        sql = f"INSERT INTO {name} ({columns}) VALUES ({marks})"
        count, batch = 0, []
        connection.ensure_connection()
        cursor = connection.connection.cursor()
        try:
            for row in tuples:
                batch.append(row)
                if len(batch) == self.batch_size:
                    cursor.executemany(sql, batch)
                    bar.update(len(batch))
                    count += len(batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
                bar.update(len(batch))
                count += len(batch)
        finally:
            cursor.close()
        return count

    def finish(self):
        """Moves each written table's key sequence past its highest key (what
        ``loaddata`` does after writing explicit keys; nothing to do on SQLite)."""
        written = [model for model in self.tables if model in self.written]
        statements = connection.ops.sequence_reset_sql(no_style(), written)
        if statements:
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)


@contextmanager
def built_after(models, timings):
    """On PostgreSQL, the rows written inside are written to ``models``' tables
    without their secondary indexes and foreign keys, which are made again at
    the end, inside the same transaction (``timings`` gets their seconds:
    ``(indexes)``, ``(foreign keys)``).

    Each row kept every index up to date as it came (two trigram indexes of each
    event's text among them), and each foreign key was checked row by row at the
    commit, the keys being deferred: 4.8M rows at 1M events took 350 s, 61 of them
    in the commit. An index built over the rows written, and a key checked over
    them in one query, take a fraction of that. Primary keys and unique indexes
    stay: the rows written are checked against them as they come.
    Elsewhere (SQLite), nothing is set aside.
    """
    if connection.vendor != "postgresql":
        yield
        return
    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) "
            "FROM pg_constraint c WHERE c.contype = 'f' "
            "AND c.conrelid::regclass::text = ANY(%s) ORDER BY 1, 2",
            [tables],
        )
        keys = cursor.fetchall()
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) "
            "FROM pg_index i WHERE i.indrelid::regclass::text = ANY(%s) "
            "AND NOT i.indisprimary AND NOT i.indisunique AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) "
            "ORDER BY 1",
            [tables],
        )
        indexes = cursor.fetchall()
        # Rows written before in this transaction have their keys' checks pending
        # (Django defers them), and a table with pending checks cannot be altered:
        # they are made now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table, name, _definition in keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {_quoted(name)}")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        # With PostgreSQL's own maintenance_work_mem: 4 times as much built the
        # trigram index of 1M titles in 24.1 s against 25.5, 16 times in 24.5.
        started = time.perf_counter()
        for _name, definition in indexes:
            cursor.execute(definition)
        checking = time.perf_counter()
        for table, name, definition in keys:
            cursor.execute(
                f"ALTER TABLE {table} ADD CONSTRAINT {_quoted(name)} {definition}"
            )
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # as Django makes them
        timings["(indexes)"] = checking - started
        timings["(foreign keys)"] = time.perf_counter() - checking


def _quoted(name):
    return connection.ops.quote_name(name)


def analyze_tables():
    """On PostgreSQL, what autovacuum would do a while later: fresh planner
    statistics (without them it guessed 8 published sites out of 9,000 and
    chose nested loops that took 100 times longer) and a visibility map (without
    it, counting a site's events from the index read the table too)."""
    if connection.vendor != "postgresql":
        return
    models = apps.get_app_config("registry").get_models(include_auto_created=True)
    # VACUUM cannot run inside a transaction (a caller's, or a test's).
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        for model in models:
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"{command} {table}")
