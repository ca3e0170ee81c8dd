"""Phonetic keys beside the folded search text (issue 14: any spelling, either
script, on either database).

``search_keys`` is derived from ``search_text`` by ``registry.search.phonetic``;
existing rows are filled here (later changes to the rules: ``manage.py
rebuild_search``). On PostgreSQL a trigram index serves the LIKE patterns the
search sends (a key, a key's start, a key one letter away), as the one over
``search_text`` does.
"""

from django.db import migrations, models

from registry.search.phonetic import search_keys_of

MODELS = [
    "heritagesite",
    "structure",
    "damageevent",
    "lootingincident",
    "culturalobject",
    "person",
    "actor",
    "source",
    "admindivision",
]


def fill(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("registry", name)
        batch = []
        rows = model.objects.exclude(search_text="").only("pk", "search_text")
        for record in rows.iterator(chunk_size=2000):
            record.search_keys = search_keys_of(record.search_text)
            batch.append(record)
            if len(batch) >= 2000:
                model.objects.bulk_update(batch, ["search_keys"])
                batch = []
        if batch:
            model.objects.bulk_update(batch, ["search_keys"])


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in MODELS:
        table = f"registry_{name}"
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_keys_trgm "
            f"ON {table} USING gin (search_keys gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in MODELS:
        schema_editor.execute(f"DROP INDEX IF EXISTS registry_{name}_keys_trgm")


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0014_more_site_types'),
    ]

    operations = [
        migrations.AddField(
            model_name='actor',
            name='search_keys',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.AddField(
            model_name='admindivision',
            name='search_keys',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.AddField(
            model_name='culturalobject',
            name='search_keys',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.AddField(
            model_name='damageevent',
            name='search_keys',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.AddField(
            model_name='heritagesite',
            name='search_keys',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.AddField(
            model_name='historicalactor',
            name='search_keys',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.AddField(
            model_name='historicaladmindivision',
            name='search_keys',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.AddField(
            model_name='historicalculturalobject',
            name='search_keys',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.AddField(
            model_name='historicaldamageevent',
            name='search_keys',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.AddField(
            model_name='historicalheritagesite',
            name='search_keys',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.AddField(
            model_name='historicallootingincident',
            name='search_keys',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.AddField(
            model_name='historicalperson',
            name='search_keys',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.AddField(
            model_name='historicalsource',
            name='search_keys',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.AddField(
            model_name='historicalstructure',
            name='search_keys',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.AddField(
            model_name='lootingincident',
            name='search_keys',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.AddField(
            model_name='person',
            name='search_keys',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.AddField(
            model_name='source',
            name='search_keys',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.AddField(
            model_name='structure',
            name='search_keys',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
