"""Condition assessments through spreadsheets: exported as the admin exports them,
imported back with import_records, all or nothing."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from registry.interchange.assessment_sheets import AssessmentResource
from registry.models import ConditionAssessment
from tests import factories

pytestmark = pytest.mark.django_db


def test_exported_assessments_import_back_as_new_drafts(tmp_path):
    structure = factories.StructureFactory(name="Tetrapylon")
    factories.AssessmentFactory(
        site=structure.site,
        structure=structure,
        date_from=datetime.date(2017, 1, 20),
        condition="very_bad",
        imagery_provider="DigitalGlobe",
        imagery_date=datetime.date(2017, 1, 18),
    )
    exported = AssessmentResource().export()
    assert "imagery_provider" in exported.headers
    # The same rows as new records (no id): they arrive as drafts.
    exported.headers[0] = "id"
    for index in range(len(exported)):
        row = list(exported[index])
        row[0] = ""
        exported[index] = row
    path = tmp_path / "assessments.csv"
    path.write_text(exported.csv, encoding="utf-8")
    call_command("import_records", "assessments", str(path))
    imported = ConditionAssessment.objects.exclude(status="published").get()
    assert imported.structure == structure
    assert imported.condition == "very_bad"
    assert imported.imagery_date == datetime.date(2017, 1, 18)
    assert imported.status == "draft"


def test_a_bad_row_is_reported_by_line_and_nothing_is_written(tmp_path):
    site = factories.SiteFactory()
    path = tmp_path / "assessments.csv"
    path.write_text(
        "site,date_mode,date_from,date_precision,method,condition\n"
        f"{site.public_id},on,2016-03-12,day,satellite,good\n"
        # Line 3: neither a condition nor "no change".
        f"{site.public_id},on,2016-04-12,day,satellite,\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as error:
        call_command("import_records", "assessments", str(path))
    assert "line 3" in str(error.value)
    assert ConditionAssessment.objects.count() == 0
