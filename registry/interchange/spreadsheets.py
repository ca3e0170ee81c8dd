"""Bulk import and export for curators (django-import-export): CSV and XLSX.

One resource per record type, used by the admin's Import/Export buttons and by
``manage.py import_records`` / ``export_records``. Rows are matched by the record's
public identifier (``id``; empty for a new record); related records are named by
their public identifier, vocabulary terms by their code, divisions by ISO code.

- Every row is validated like a curator's form (model validation and database
  constraints), and an error names its line and the reason.
- All or nothing: any error and the whole file is rolled back.
- At bulk speed: the records a column names (sites, terms, divisions) and the
  file's own records are read once per file, not once per row; rows are written a
  thousand at a time with their history, public versions and cached figures as a
  save would leave them (``registry.interchange.batched``).
- Publication is not imported: new records arrive as drafts, and an import never
  changes a record's status (``status`` is exported for information only).
"""

import uuid

from import_export import fields

from registry.interchange.batched import (
    BatchedResource,
    NamedForeignKeyWidget,
    PublicIdWidget,
    RecordLoader,
)
from registry.models import (
    Actor,
    AdminDivision,
    DamageEvent,
    HeritageSite,
    PublicationStatus,
    Source,
    Term,
)


class TermWidget(NamedForeignKeyWidget):
    """A vocabulary term by its code, within one vocabulary."""

    def __init__(self, vocabulary):
        super().__init__(Term, "code")
        self.vocabulary = vocabulary

    def get_queryset(self, value, row, *args, **kwargs):
        return Term.objects.filter(vocabulary=self.vocabulary)


class RecordWidget(NamedForeignKeyWidget):
    """A related record by its public identifier."""

    def __init__(self, model):
        super().__init__(model, "public_id")

    def key(self, value):
        try:
            return uuid.UUID(str(value).strip())
        except ValueError:
            return None  # refused on its line by ``clean``


def term(attribute, vocabulary):
    return fields.Field(
        attribute=attribute, column_name=attribute, widget=TermWidget(vocabulary)
    )


def record(attribute, model):
    return fields.Field(
        attribute=attribute, column_name=attribute, widget=RecordWidget(model)
    )


class CuratedResource(BatchedResource):
    id = fields.Field(attribute="public_id", column_name="id", widget=PublicIdWidget())
    status = fields.Field(attribute="status", column_name="status", readonly=True)

    class Meta:
        abstract = True
        import_id_fields = ("id",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True
        use_bulk = True
        batch_size = 1000
        instance_loader_class = RecordLoader

    def before_import_row(self, row, **kwargs):
        # A spreadsheet's empty cell is "nothing": an empty text, or no value.
        for key, value in row.items():
            if value is None:
                row[key] = ""

    def get_instance(self, instance_loader, row):
        if not row.get("id"):
            return None  # a new record
        return super().get_instance(instance_loader, row)

    def before_save_instance(self, instance, row, **kwargs):
        if instance.public_id is None:
            instance.public_id = uuid.uuid4()
        if instance._state.adding:
            instance.status = PublicationStatus.DRAFT


class SiteResource(CuratedResource):
    site_type = term("site_type", "site_type")
    admin_division = fields.Field(
        attribute="admin_division",
        column_name="admin_division",
        widget=NamedForeignKeyWidget(AdminDivision, "code"),
    )

    class Meta(CuratedResource.Meta):
        model = HeritageSite
        fields = (
            "id",
            "name",
            "name_ar",
            "site_type",
            "country",
            "admin_division",
            "latitude",
            "longitude",
            "location_certainty",
            "location_sensitivity",
            "condition",
            "area_hectares",
            "description",
            "description_ar",
            "status",
        )

    def dehydrate_country(self, site):
        return site.country.code


class DamageEventResource(CuratedResource):
    site = record("site", HeritageSite)
    cause_type = term("cause_type", "cause_type")
    perpetrator = record("perpetrator", Actor)

    class Meta(CuratedResource.Meta):
        model = DamageEvent
        fields = (
            "id",
            "site",
            "title",
            "title_ar",
            "date_mode",
            "date_from",
            "date_to",
            "date_precision",
            "cause_category",
            "cause_type",
            "extent",
            "condition_after",
            "perpetrator",
            "attribution",
            "certainty",
            "verification",
            "description",
            "description_ar",
            "status",
        )


class SourceResource(CuratedResource):
    publisher = record("publisher", Actor)

    class Meta(CuratedResource.Meta):
        model = Source
        fields = (
            "id",
            "title",
            "kind",
            "publisher",
            "author",
            "url",
            "archive_url",
            "published_on",
            "accessed_on",
            "language",
            "confidential",
            "imagery_platform",
            "imagery_acquired_on",
            "description",
            "status",
        )


# Objects have a module of their own (Object ID in full, reference numbers, the
# closest codes); it builds on the classes above.
from .assessment_sheets import AssessmentResource  # noqa: E402
from .name_sheets import NameResource  # noqa: E402
from .object_sheets import CulturalObjectResource  # noqa: E402

RESOURCES = {
    "sites": SiteResource,
    "damage-events": DamageEventResource,
    "objects": CulturalObjectResource,
    "sources": SourceResource,
    "assessments": AssessmentResource,
    "names": NameResource,
}
