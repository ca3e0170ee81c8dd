"""On SQLite, a trigram index of the phonetic keys of the records whose names
tolerate typos, kept in step by triggers (``registry.search.sqlite_index``), so that
the search for keys one letter away reads candidates from the index instead of
scanning the table. PostgreSQL has its trigram index on the keys already (0015)."""

from django.db import migrations

from registry.search.sqlite_index import drop_key_index, ensure_key_index


def create(apps, schema_editor):
    ensure_key_index(schema_editor.connection, stale_searches=False)


def drop(apps, schema_editor):
    drop_key_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("registry", "0020_plural_names")]

    operations = [migrations.RunPython(create, drop)]
