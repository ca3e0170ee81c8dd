"""PostgreSQL search indexes over ``search_text`` (the folded names).

- a trigram GIN index: substring matches (LIKE '%…%') and typo-tolerant similarity;
- a full-text GIN index on to_tsvector('simple', …): word matches and ranking.

The text is folded by the registry (registry/text.py) before it is stored, so the
'simple' configuration (no stemming, no stop words) is the right one for every
language. SQLite has no such indexes; its search falls back to substring matching.
"""

from django.db import migrations

TABLES = [
    "registry_heritagesite",
    "registry_structure",
    "registry_damageevent",
    "registry_lootingincident",
    "registry_culturalobject",
    "registry_person",
    "registry_actor",
    "registry_source",
    "registry_admindivision",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table in TABLES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_search_trgm "
            f"ON {table} USING gin (search_text gin_trgm_ops)"
        )
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_search_fts ON {table} USING gin "
            f"(to_tsvector('simple'::regconfig, COALESCE(search_text, '')))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_trgm")
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_fts")


class Migration(migrations.Migration):
    dependencies = [("registry", "0004_search_text")]

    operations = [migrations.RunPython(create, drop)]
