"""Curators' bulk import and export (CSV, XLSX): checked by line, all or nothing."""

import csv
import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registry.demo.founding import load_demo
from registry.models import CulturalObject, DamageEvent, HeritageSite, Source, Term
from registry.publishing import cache, versions
from tests import factories

pytestmark = pytest.mark.django_db


def write_csv(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def site_row(**values):
    return {
        "id": "",
        "name": "Tell Brak",
        "name_ar": "تل براك",
        "site_type": "archaeological-site",
        "country": "SY",
        "admin_division": "",
        "latitude": "36.667",
        "longitude": "41.058",
        "location_certainty": "approximate",
        "location_sensitivity": "generalised",
        "condition": "poor",
        **values,
    }


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
@pytest.mark.parametrize("kind", ["sites", "damage-events", "objects", "sources"])
def test_an_export_imports_back_unchanged(tmp_path, kind, extension):
    load_demo()
    path = tmp_path / f"{kind}.{extension}"
    call_command("export_records", kind, str(path))
    model = {
        "sites": HeritageSite,
        "damage-events": DamageEvent,
        "objects": CulturalObject,
        "sources": Source,
    }[kind]
    history = model.history.count()
    out = io.StringIO()
    call_command("import_records", kind, str(path), stdout=out)
    assert "0 new, 0 updated" in out.getvalue()
    assert model.history.count() == history  # nothing rewritten


def test_new_rows_arrive_as_drafts_and_rows_update_by_id(tmp_path):
    existing = factories.SiteFactory(name="Old name", status="published")
    rows = [
        site_row(status="published"),
        site_row(id=str(existing.public_id), name="New name", status="draft"),
    ]
    call_command("import_records", "sites", str(write_csv(tmp_path / "s.csv", rows)))
    brak = HeritageSite.objects.get(name="Tell Brak")
    assert brak.status == "draft" and brak.name_ar == "تل براك"
    existing.refresh_from_db()
    assert existing.name == "New name"
    assert existing.status == "published"  # an import never changes publication


def test_a_bad_row_is_reported_by_line_and_nothing_is_imported(tmp_path):
    rows = [
        site_row(name="Good one"),
        site_row(name="Bad type", site_type="volcano"),
        site_row(name="Bad latitude", latitude="95"),
    ]
    with pytest.raises(CommandError) as error:
        call_command(
            "import_records", "sites", str(write_csv(tmp_path / "s.csv", rows))
        )
    message = str(error.value)
    assert "line 3" in message and "site_type" in message
    assert "line 4" in message and "atitude" in message
    assert not HeritageSite.objects.filter(name="Good one").exists()


def test_a_damage_event_row_checks_the_hedged_attribution(tmp_path):
    site = factories.SiteFactory()
    actor = factories.ActorFactory()
    row = {
        "id": "",
        "site": str(site.public_id),
        "title": "Shelling",
        "date_mode": "on",
        "date_from": "2016-05-01",
        "date_precision": "month",
        "cause_category": "armed_conflict",
        "perpetrator": str(actor.public_id),
        "attribution": "",
        "certainty": "low",
        "verification": "reported",
        "extent": "unknown",
        "condition_after": "unknown",
    }
    path = write_csv(tmp_path / "e.csv", [row])
    with pytest.raises(CommandError, match="line 2"):
        call_command("import_records", "damage-events", str(path))
    row["attribution"] = "alleged"
    call_command(
        "import_records", "damage-events", str(write_csv(tmp_path / "e.csv", [row]))
    )
    event = DamageEvent.objects.get(title="Shelling")
    assert event.perpetrator == actor and event.status == "draft"


def test_dry_run_writes_nothing(tmp_path):
    path = write_csv(tmp_path / "s.csv", [site_row()])
    call_command("import_records", "sites", str(path), "--dry-run")
    assert not HeritageSite.objects.filter(name="Tell Brak").exists()


def test_the_admin_offers_import_and_export(client, editor):
    client.force_login(editor)
    factories.SiteFactory(name="Palmyra")
    page = client.get(
        reverse("admin:registry_heritagesite_changelist")
    ).content.decode()
    assert "import/" in page and "export/" in page
    assert client.get(reverse("admin:registry_heritagesite_import")).status_code == 200
    response = client.post(
        reverse("admin:registry_heritagesite_export"),
        {
            "format": "0",
            "resource": "0",
            **{f"siteresource_{n}": "on" for n in ("id", "name")},
        },
    )
    assert response.status_code == 200


def test_the_admin_import_shows_errors_by_line_and_writes_nothing(
    client, editor, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(editor)
    path = write_csv(
        tmp_path / "s.csv",
        [site_row(name="Fine site"), site_row(name="Bad site", site_type="volcano")],
    )
    page = client.get(reverse("admin:registry_heritagesite_import"))
    choices = page.context["form"].fields["format"].choices
    formats = {label: value for value, label in choices}
    response = client.post(
        reverse("admin:registry_heritagesite_import"),
        {
            "resource": "0",
            "format": formats.get("csv", "0"),
            "import_file": SimpleUploadedFile("s.csv", path.read_bytes(), "text/csv"),
        },
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "volcano" in text  # the reason, on the row that has it
    # The errors table: data row 2, its field and reason.
    plain = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text))
    assert re.search(r"Row Errors .* 2 1 site_type unknown vocabulary term", plain)
    assert response.context.get("confirm_form") is None  # no way to go on
    assert not HeritageSite.objects.filter(name="Fine site").exists()


# At bulk speed: a batch at a time, as saves would have written it -----------------


def event_row(site, number, **values):
    return {
        "id": "",
        "site": str(site.public_id),
        "title": f"Shelling {number}",
        "date_mode": "on",
        "date_from": "2016-05-01",
        "date_precision": "month",
        "cause_category": "armed_conflict",
        "certainty": "low",
        "verification": "reported",
        "extent": "unknown",
        "condition_after": "unknown",
        **values,
    }


def queries_to_import(path, kind, rows):
    write_csv(path, rows)
    with CaptureQueriesContext(connection) as queries:
        call_command("import_records", kind, str(path), stdout=io.StringIO())
    return len(queries)


def test_thirty_rows_take_as_many_queries_as_ten_and_each_is_saved_in_full(tmp_path):
    site = factories.SiteFactory()
    path = tmp_path / "e.csv"
    queries_to_import(path, "damage-events", [event_row(site, 0)])  # the first figures
    ten = queries_to_import(
        path, "damage-events", [event_row(site, n) for n in range(10)]
    )
    thirty = queries_to_import(
        path, "damage-events", [event_row(site, n) for n in range(10, 40)]
    )
    assert thirty == ten
    events = DamageEvent.objects.filter(title__startswith="Shelling")
    assert events.count() == 41
    for event in events:
        assert event.status == "draft" and event.history.count() == 1
        assert event.date_latest == datetime.date(2016, 5, 31)  # derived, as a save
        assert "shelling" in event.search_text


def test_a_published_record_changed_by_an_import_gets_its_history_and_new_version(
    tmp_path,
):
    event = factories.DamageEventFactory(title="Shelling")
    versions_before = len(versions.entries_of(DamageEvent, event.public_id))
    row = event_row(event.site, 0, id=str(event.public_id), title="Shelling, again")
    path = write_csv(tmp_path / "e.csv", [row])
    figures = cache.data_version()
    call_command("import_records", "damage-events", str(path), stdout=io.StringIO())
    assert cache.data_version() > figures  # a public record changed: figures stale
    event.refresh_from_db()
    assert event.title == "Shelling, again" and event.status == "published"
    assert event.history.first().history_type == "~"
    assert event.history.first().title == "Shelling, again"
    assert "again" in event.search_text
    entries = versions.entries_of(DamageEvent, event.public_id)
    assert len(entries) == versions_before + 1
    figures = cache.data_version()
    out = io.StringIO()
    call_command("import_records", "damage-events", str(path), stdout=out)
    assert "0 new, 0 updated, 1 unchanged" in out.getvalue()
    assert event.history.count() == 2
    assert cache.data_version() == figures  # nothing changed: figures still valid


def test_objects_keep_their_materials_references_and_history_in_bulk(tmp_path):
    materials = Term.objects.filter(vocabulary="material")
    stone, metal = (term.code for term in materials[:2])
    row = {
        "id": "",
        "title": "Funerary bust of Aqmat",
        "object_type": "funerary-bust",
        "current_status": "missing",
        "materials": f"{stone}|{metal}",
        "inventory_number": "PM-1|PM-2",
    }
    path = write_csv(tmp_path / "o.csv", [row])
    call_command("import_records", "objects", str(path), stdout=io.StringIO())
    bust = CulturalObject.objects.get(title="Funerary bust of Aqmat")
    assert sorted(m.code for m in bust.materials.all()) == sorted([stone, metal])
    assert sorted(r.value for r in bust.references.all()) == ["PM-1", "PM-2"]
    assert sorted(m.term.code for m in bust.history.get().materials.all()) == sorted(
        [stone, metal]
    )
    path = write_csv(
        tmp_path / "o.csv", [{**row, "id": str(bust.public_id), "materials": stone}]
    )
    out = io.StringIO()
    call_command("import_records", "objects", str(path), stdout=out)
    assert "0 new, 1 updated" in out.getvalue()
    assert [m.code for m in bust.materials.all()] == [stone]
    latest = bust.history.first()
    assert latest.history_type == "~"
    assert [m.term.code for m in latest.materials.all()] == [stone]
