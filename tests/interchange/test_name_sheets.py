"""Names in bulk (``import_records names``): variant spellings from a spreadsheet."""

import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from registry.models import Name
from tests import factories
from tests.support import json_ids

pytestmark = pytest.mark.django_db


def write_csv(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(
            stream, fieldnames=["record", "name", "language", "kind"]
        )
        writer.writeheader()
        writer.writerows(rows)
    return str(path)


def import_names(path):
    out = io.StringIO()
    call_command("import_records", "names", path, stdout=out)
    return out.getvalue()


def test_names_from_a_spreadsheet_find_their_records_at_once(client, tmp_path):
    dura = factories.SiteFactory(name="Dura-Europos", name_ar="")
    isis = factories.ActorFactory(name="Islamic State", name_ar="")
    other = factories.SiteFactory(name="Mari")
    path = write_csv(
        tmp_path / "names.csv",
        [
            {"record": dura.public_id, "name": "Salhiyeh", "language": "ar-Latn"},
            {
                "record": dura.public_id,
                "name": "الصالحية",
                "language": "ar",
                "kind": "toponym",
            },
            {
                "record": isis.public_id,
                "name": "Daesh",
                "language": "en",
                "kind": "alias",
            },
        ],
    )
    assert "3 new" in import_names(path)
    assert json_ids(client, "sites", q="Salhiyeh") == [str(dura.public_id)]
    assert json_ids(client, "sites", q="الصالحية") == [str(dura.public_id)]
    assert json_ids(client, "actors", q="Daesh") == [str(isis.public_id)]
    assert str(other.public_id) not in json_ids(client, "sites", q="Salhiyeh")
    name = Name.objects.get(name="Salhiyeh")
    assert name.kind == "transliteration"  # the kind when none is given
    assert name.history.count() == 1  # saved like a curator's, with its history


def test_the_same_file_twice_adds_nothing(tmp_path):
    dura = factories.SiteFactory(name="Dura-Europos")
    row = {"record": dura.public_id, "name": "Salhiyeh", "language": "ar-Latn"}
    path = write_csv(tmp_path / "names.csv", [row, row])
    assert "1 new" in import_names(path)
    assert "0 new, 0 updated" in import_names(path)
    assert Name.objects.filter(name="Salhiyeh").count() == 1


def test_a_bad_row_is_reported_by_line_and_nothing_is_imported(tmp_path):
    dura = factories.SiteFactory(name="Dura-Europos")
    draft = factories.SiteFactory(name="Draft site", status="draft")
    path = write_csv(
        tmp_path / "names.csv",
        [
            {"record": dura.public_id, "name": "Salhiyeh", "language": "ar-Latn"},
            {"record": "not-an-id", "name": "X", "language": "en"},
            {
                "record": dura.public_id,
                "name": "Y",
                "language": "en",
                "kind": "nickname",
            },
            {"record": draft.public_id, "name": "", "language": "en"},
        ],
    )
    with pytest.raises(CommandError) as refused:
        import_names(path)
    message = str(refused.value)
    assert "Nothing was imported" in message
    assert "line 3:" in message and "not a public identifier" in message
    assert "line 4:" in message and "kind" in message
    assert "line 5:" in message and "name" in message
    assert not Name.objects.exists()


def test_names_export_in_the_columns_they_import_from(tmp_path):
    dura = factories.SiteFactory(name="Dura-Europos")
    factories.attach(Name, dura, name="Salhiyeh", language="ar-Latn")
    path = tmp_path / "names.csv"
    call_command("export_records", "names", str(path), stdout=io.StringIO())
    rows = list(csv.DictReader(path.open(encoding="utf-8-sig")))
    assert rows == [
        {
            "record": str(dura.public_id),
            "name": "Salhiyeh",
            "language": "ar-Latn",
            "kind": "transliteration",
        }
    ]


def test_curators_import_names_from_the_admin_all_or_nothing(client, editor):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client.force_login(editor)
    site = factories.SiteFactory(name="Palmyra")
    url = reverse("admin:registry_name_import")
    choices = client.get(url).context["form"].fields["format"].choices
    csv_format = {label: value for value, label in choices}["csv"]

    def upload(text):
        return client.post(
            url,
            {
                "resource": "0",
                "format": csv_format,
                "import_file": SimpleUploadedFile(
                    "names.csv", text.encode(), "text/csv"
                ),
            },
        )

    # A bad line: nothing to confirm, nothing written.
    bad = upload(
        f"record,name,language,kind\n{site.public_id},Tadmor,en,press\n"
        "00000000-0000-4000-8000-000000000000,Nowhere,en,press\n"
    )
    assert bad.context.get("confirm_form") is None
    assert not site.names.exists()
    preview = upload(f"record,name,language,kind\n{site.public_id},Tadmor,en,press\n")
    confirm = preview.context["confirm_form"]
    assert confirm is not None
    client.post(
        reverse("admin:registry_name_process_import"),
        {name: confirm.initial[name] for name in confirm.initial},
    )
    assert list(site.names.values_list("name", flat=True)) == ["Tadmor"]
    # Found by it at once.
    found = client.get("/api/v1/sites/", {"q": "Tadmor"}).json()["results"]
    assert [r["id"] for r in found] == [str(site.public_id)]
