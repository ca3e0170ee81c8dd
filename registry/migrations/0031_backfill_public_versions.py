"""A first public version for every record that is public when versions begin:
its content now, public since its last change (earlier changes are in the
curators' history, not in public versions)."""

from django.db import migrations


def backfill(apps, schema_editor):
    from registry.publishing.versions import backfill

    backfill(apps)


class Migration(migrations.Migration):
    dependencies = [("registry", "0030_public_versions")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
