"""On SQLite, an index of the phonetic keys of the records whose names tolerate
typos (sites, structures, people, actors, governorates): an FTS5 table with the
trigram tokenizer per table, kept in step with it by triggers, so that the search
for keys one letter away (``registry.search.conditions.typo_candidates_q``) reads
candidates from the index instead of scanning the table. PostgreSQL has its trigram
index on the keys already (0015)."""

from django.db import migrations

TABLES = [
    "registry_heritagesite",
    "registry_structure",
    "registry_person",
    "registry_actor",
    "registry_admindivision",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for table in TABLES:
        index = f"{table}_keys"
        for statement in (
            f"CREATE VIRTUAL TABLE {index} USING fts5(search_keys, content='{table}', "
            "content_rowid='id', tokenize='trigram')",
            f"CREATE TRIGGER {index}_insert AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO {index}(rowid, search_keys) VALUES (new.id, new.search_keys); "
            "END",
            f"CREATE TRIGGER {index}_delete AFTER DELETE ON {table} BEGIN "
            f"INSERT INTO {index}({index}, rowid, search_keys) "
            "VALUES ('delete', old.id, old.search_keys); END",
            f"CREATE TRIGGER {index}_update AFTER UPDATE OF search_keys ON {table} "
            f"BEGIN INSERT INTO {index}({index}, rowid, search_keys) "
            "VALUES ('delete', old.id, old.search_keys); "
            f"INSERT INTO {index}(rowid, search_keys) VALUES (new.id, new.search_keys); "
            "END",
            f"INSERT INTO {index}({index}) VALUES ('rebuild')",
        ):
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for table in TABLES:
        index = f"{table}_keys"
        for trigger in ("insert", "delete", "update"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {index}_{trigger}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {index}")


class Migration(migrations.Migration):
    dependencies = [("registry", "0020_plural_names")]

    operations = [migrations.RunPython(create, drop)]
