"""A whole registry in one file, and back: for moving, mirroring and disaster recovery.

``export_registry(stream)`` writes every record of the registry — vocabularies,
places, sites, events, objects, people, actors, sources, names, citations, photograph
records, and every history row (so the history of publication survives) — as
Django's JSON serialisation, with natural keys for content types and users so that
the file loads into another database. ``import_registry(stream)`` loads such a file
into an empty registry, all or nothing.

Photograph *files* are not in the JSON; they are copied with PRIVATE_MEDIA_ROOT (their
SHA-256 is in the export, so a copy can be checked).
"""

import datetime
import decimal
import json
import uuid

from django.apps import apps
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils.translation import gettext as _

from registry.models import Term
from registry.models.base import Curated
from registry.publishing.cache import bump


class LosslessEncoder(json.JSONEncoder):
    def default(self, value):
        if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
            return value.isoformat()
        if isinstance(value, (decimal.Decimal, uuid.UUID)):
            return str(value)
        return super().default(value)


def registry_models():
    """Every model of the registry, parents before children (history last); not the
    cache's bookkeeping (the data versions of its tables), which is no record."""
    models = [
        model
        for model in apps.get_app_config("registry").get_models()
        if model._meta.model_name != "dataversion"
    ]
    history = [model for model in models if model.__name__.startswith("Historical")]
    live = [model for model in models if model not in history]
    return serializers.sort_dependencies([("registry", live)]) + history


def export_registry(stream):
    """Write the whole registry as JSON to ``stream``; returns the number of objects."""
    count = 0

    # Django's "python" serialisation, written with full-precision times: its JSON
    # format would round them to milliseconds, and the export must be lossless.
    stream.write("[\n")
    first = True
    for model in registry_models():
        rows = model._default_manager.order_by("pk").iterator(chunk_size=2000)
        for data in serializers.serialize(
            "python",
            rows,
            use_natural_foreign_keys=True,
            use_natural_primary_keys=False,
        ):
            count += 1
            stream.write(
                ("" if first else ",\n") + json.dumps(data, cls=LosslessEncoder)
            )
            first = False
    stream.write("\n]\n")
    return count


def registry_is_empty():
    return not any(
        model._default_manager.exists()
        for model in registry_models()
        if issubclass(model, Curated)
    )


@transaction.atomic
def import_registry(stream):
    """Load an export into an empty registry; refuses to merge into existing records."""
    if not registry_is_empty():
        raise ValidationError(
            _("The registry already holds records: import into an empty database.")
        )
    # The seeded vocabularies are in the export too, with their primary keys.
    Term.objects.filter(parent__isnull=False).delete()
    Term.objects.all().delete()
    count = 0
    # The history rows come from the file: saving the records must not add more
    # (a command-line operation, so switching the setting here touches no request).
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        for deserialized in serializers.deserialize(
            "python", json.load(stream), handle_forward_references=True
        ):
            deserialized.save()
            count += 1
    # Rows came with their primary keys: move PostgreSQL's sequences past them.
    statements = connection.ops.sequence_reset_sql(no_style(), registry_models())
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
    bump()  # whatever was cached is of another registry
    return count
