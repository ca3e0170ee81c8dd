"""Names in bulk: variant spellings attached to records from a spreadsheet.

``manage.py import_records names FILE`` (CSV or XLSX), one name a row:

- ``record``: the public identifier of a site, structure, person or actor;
- ``name``: the spelling (Arabic or Latin letters);
- ``language``: BCP 47 (``ar``, ``en``, ``fr``; ``ar-Latn``: Arabic in Latin
  letters);
- ``kind``: official, toponym, historic, transliteration, press or alias
  (transliteration when empty).

Like every import it is all or nothing, checked by line; a name the record already
has in that language is left alone (or its kind changed), so the same file imported
twice adds nothing. Each new name is saved like a curator's (with its history) and
rebuilds its record's search text and phonetic keys, so the record is found by it at
once. ``export_records names FILE`` writes every name in the same columns.
"""

import uuid

from django.contrib.contenttypes.models import ContentType
from import_export import fields, resources, widgets

from registry.models import Actor, HeritageSite, Name, NameKind, Person, Structure

RECORD_MODELS = (HeritageSite, Structure, Person, Actor)


def find_record(value):
    """The site, structure, person or actor whose public identifier is ``value``."""
    try:
        public_id = uuid.UUID(str(value).strip())
    except ValueError as error:
        raise ValueError(f"not a public identifier: {value!r}") from error
    for model in RECORD_MODELS:
        record = model.objects.filter(public_id=public_id).first()
        if record is not None:
            return record
    raise ValueError(f"no site, structure, person or actor has the identifier {value}")


class RecordWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return find_record(value)

    def render(self, value, obj=None, **kwargs):
        return str(value.public_id) if value is not None else ""


class NameResource(resources.ModelResource):
    record = fields.Field(
        attribute="target", column_name="record", widget=RecordWidget()
    )

    class Meta:
        model = Name
        fields = ("record", "name", "language", "kind")
        import_id_fields = ("record", "name", "language")
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    def get_queryset(self):
        return Name.objects.filter(
            content_type__in=ContentType.objects.get_for_models(*RECORD_MODELS).values()
        ).prefetch_related("target")

    def before_import_row(self, row, **kwargs):
        for key, value in row.items():
            row[key] = "" if value is None else str(value).strip()
        if not row.get("kind"):
            row["kind"] = NameKind.TRANSLITERATION

    def get_instance(self, instance_loader, row):
        """The record's name in that language and spelling, if it has it already."""
        try:
            record = find_record(row.get("record", ""))
        except ValueError:
            return None  # reported by the field, on its line
        return Name.objects.filter(
            content_type=ContentType.objects.get_for_model(record),
            object_id=record.pk,
            name=row.get("name", ""),
            language=row.get("language", ""),
        ).first()
