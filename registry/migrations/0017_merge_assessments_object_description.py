"""Two migrations written at the same time on 0015 (condition assessments, and the
objects' fuller description): this joins them; it has no operations."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0016_condition_assessments"),
        ("registry", "0016_object_description"),
    ]

    operations = []
