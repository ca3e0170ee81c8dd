"""Condition assessments as spreadsheet rows (the admin's import and export, and
``import_records assessments``): one row per assessment, the site and structure
by public identifier. Disturbances and threats are entered in the admin."""

from registry.interchange.spreadsheets import CuratedResource, record
from registry.models import Actor, ConditionAssessment, HeritageSite, Structure


class AssessmentResource(CuratedResource):
    site = record("site", HeritageSite)
    structure = record("structure", Structure)
    organisation = record("organisation", Actor)

    class Meta(CuratedResource.Meta):
        model = ConditionAssessment
        fields = (
            "id",
            "site",
            "structure",
            "date_mode",
            "date_from",
            "date_to",
            "date_precision",
            "method",
            "assessor",
            "organisation",
            "imagery_provider",
            "imagery_date",
            "no_change",
            "condition",
            "certainty",
            "verification",
            "priority",
            "recommendation",
            "description",
            "description_ar",
            "status",
        )
