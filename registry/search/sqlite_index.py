"""SQLite only: the trigram index of the phonetic keys of the records whose names
tolerate typos (``conditions.typo_candidates_q`` reads it).

One FTS5 table (trigram tokenizer, external content) per table, kept in step by
triggers. SQLite drops a table's triggers when a migration rebuilds the table (as
Django does to alter a column), so ``ensure_key_index`` runs after every migrate
(``apps.py``): it recreates what is missing and then rebuilds the index.
PostgreSQL needs none of this: its trigram index on the keys is a plain index.
"""

TABLES = [
    "registry_heritagesite",
    "registry_structure",
    "registry_person",
    "registry_actor",
    "registry_admindivision",
]


def statements(table):
    index = f"{table}_keys"
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {index} USING fts5(search_keys, "
        f"content='{table}', content_rowid='id', tokenize='trigram')",
        f"CREATE TRIGGER IF NOT EXISTS {index}_insert AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {index}(rowid, search_keys) VALUES (new.id, new.search_keys); "
        "END",
        f"CREATE TRIGGER IF NOT EXISTS {index}_delete AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {index}({index}, rowid, search_keys) "
        "VALUES ('delete', old.id, old.search_keys); END",
        f"CREATE TRIGGER IF NOT EXISTS {index}_update AFTER UPDATE OF search_keys "
        f"ON {table} BEGIN INSERT INTO {index}({index}, rowid, search_keys) "
        "VALUES ('delete', old.id, old.search_keys); "
        f"INSERT INTO {index}(rowid, search_keys) VALUES (new.id, new.search_keys); "
        "END",
    ]


def _triggers(cursor):
    cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    return {row[0] for row in cursor.fetchall()}


def ensure_key_index(connection, *, stale_searches=True):
    """Create the index and its triggers where missing; rebuild an index whose
    triggers were missing (its content may have moved on without it), and then
    mark cached searches stale (``stale_searches``; not in the migration that
    first makes the index: nothing read it before)."""
    if connection.vendor != "sqlite":
        return
    rebuilt = False
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        existing = _triggers(cursor)
        for table in TABLES:
            if table not in tables:
                continue  # before the migration that makes it
            index = f"{table}_keys"
            complete = all(
                f"{index}_{event}" in existing
                for event in ("insert", "delete", "update")
            )
            for statement in statements(table):
                cursor.execute(statement)
            if not complete:
                cursor.execute(f"INSERT INTO {index}({index}) VALUES ('rebuild')")
                rebuilt = True
    if rebuilt and stale_searches:
        # Searches cached while the index lagged behind are stale now.
        from registry.publishing.cache import bump

        bump()


def drop_key_index(connection):
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for table in TABLES:
            index = f"{table}_keys"
            for event in ("insert", "delete", "update"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {index}_{event}")
            cursor.execute(f"DROP TABLE IF EXISTS {index}")
