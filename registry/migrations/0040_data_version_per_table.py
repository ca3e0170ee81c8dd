"""Data versions per table: the one row there was becomes the registry-wide version
(its table empty), and a row per changed table joins it (``cache.bump``)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("registry", "0021_sqlite_key_index")]

    operations = [
        migrations.AddField(
            model_name="dataversion",
            name="table",
            field=models.CharField(blank=True, default="", max_length=100, unique=True),
        ),
    ]
