"""The Ukraine demo data set: UNESCO-verified damage, enriched by Linked4Resilience."""

import csv
import datetime

import pytest
from django.core.management import call_command
from django.db import transaction

from registry.demo.ukraine import DATA, read_rows
from registry.models import AdminDivision, DamageEvent, HeritageSite, Source
from tests.support import row_counts

pytestmark = pytest.mark.django_db

DATASET_TITLE = (
    "UNESCO-verified damaged cultural sites in Ukraine, enriched by Linked4Resilience"
)


@pytest.fixture(scope="module")
def ukraine_once(django_db_setup, django_db_blocker):
    """The data set loaded once for the module (a minute's work on CI's machine),
    in a transaction rolled back after the module's last test. Each test runs in
    its own savepoint inside it, as pytest-django's ``db`` does, so what a test
    changes is still undone before the next one."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_ukraine_demo")
        with django_db_blocker.block():
            yield
        transaction.set_rollback(True)


@pytest.fixture
def ukraine(ukraine_once, db):
    """The loaded data set, for a test (its checks only read it)."""


def test_the_shipped_copy_keeps_factual_columns_only():
    with open(DATA, encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    for dropped in (
        "address",
        "comment_by_volunteers",
        "note_on_wikipedia",
        "other_references",
        "include",
    ):
        assert dropped not in header
    rows = read_rows()
    assert len(rows) == 211  # the 351 rows less the 140 marked "Include: No"
    assert len({row["row_key"] for row in rows}) == len(rows)


def test_the_command_is_idempotent_alongside_the_founding_demo(capsys):
    call_command("load_demo")
    call_command("load_ukraine_demo")
    first = row_counts()
    updated_at = dict(HeritageSite.objects.values_list("public_id", "updated_at"))
    call_command("load_demo")
    call_command("load_ukraine_demo")
    out = capsys.readouterr().out.splitlines()
    assert "0 created, 0 updated" in out[-2] and "0 created, 0 updated" in out[-1]
    assert row_counts() == first  # not even a new history row
    assert (
        dict(HeritageSite.objects.values_list("public_id", "updated_at")) == updated_at
    )


def test_each_row_is_a_public_cited_site_with_one_event(ukraine, client):
    # Loading takes seconds: one load serves these checks.
    rows = read_rows()
    sites = HeritageSite.objects.published().filter(country="UA")
    assert sites.count() == len(rows)
    assert DamageEvent.objects.filter(site__country="UA").count() == len(rows)
    assert not DamageEvent.objects.filter(perpetrator__isnull=False).exists()

    dataset = Source.objects.get(title=DATASET_TITLE)
    assert "CC BY 4.0" in dataset.description
    assert "Linked 4 Resilience" in dataset.description
    assert "UNESCO" in dataset.description
    keys = {row["row_key"] for row in rows}
    for model in (HeritageSite, DamageEvent):
        records = model.objects.all()
        assert records.exists()
        for record in records:
            citation = record.citations.get(source=dataset)
            assert citation.locator in keys

    response = client.get("/api/v1/sites/?country=UA")
    assert response.status_code == 200
    assert response.json()["count"] == len(rows)


def test_known_rows(ukraine):
    church = HeritageSite.objects.get(name="Church of St. Theodosius")
    assert church.admin_division.name == "Chernihiv Oblast"
    assert church.admin_division.code == "UA-74"
    assert church.site_type.code == "religious-building"
    assert church.location_sensitivity == "public"
    assert str(church.latitude) == "51.533349"
    assert church.names.filter(
        name="Церква святителя Феодосія", language="uk", kind="official"
    ).exists()
    event = church.damage_events.get()
    assert (event.date_mode, event.date_precision) == ("before", "day")
    assert event.date_to == datetime.date(2022, 3, 13)
    assert event.date_from is None
    assert event.perpetrator is None and event.attribution == ""
    assert event.cause_category == "armed_conflict"
    assert event.verification == "corroborated"

    # A month-precise report is stored as the 1st of the month.
    catherine = HeritageSite.objects.get(name="St. Catherine Church of Chernihiv")
    event = catherine.damage_events.get()
    assert (event.date_precision, event.date_to) == ("month", datetime.date(2022, 3, 1))

    # Two dates in one cell are not guessed at.
    irpin = HeritageSite.objects.get(name="Holy Trinity Church (built in 1909-15)")
    assert irpin.damage_events.get().date_mode == "unknown"

    # Regions spelt differently land in one division; no region, no division.
    assert AdminDivision.objects.filter(country="UA", code="UA-32").count() == 1
    assert HeritageSite.objects.filter(
        name="Ivankiv Museum", admin_division__code="UA-32"
    ).exists()
