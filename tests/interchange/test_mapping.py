"""Lists of looted objects imported through a column mapping (issue 15).

The files in lists/ have the columns and the kinds of values of three real public
lists (Ukraine's stolen objects, the Museum of Looted Antiquities' repatriations,
Yemen's looted antiquities in Arabic); their rows are invented.
"""

import io
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from registry.models import CulturalObject, ObjectReference, PublicationStatus

pytestmark = pytest.mark.django_db

LISTS = Path(__file__).parent / "lists"


def run(name, *options, data=None):
    out = io.StringIO()
    call_command(
        "import_records",
        "objects",
        str(data or LISTS / f"{name}.csv"),
        "--mapping",
        str(LISTS / f"{name}.toml"),
        *options,
        stdout=out,
    )
    return out.getvalue()


def test_ukraine_shaped_list_imports_paintings_graphics_and_icons():
    assert "5 new" in run("stolen_ukraine")
    painting = CulturalObject.objects.get(title="Evening on the Dnipro")
    assert painting.object_type.code == "painting"
    assert painting.maker == "Test Painter"
    assert painting.country_of_origin.code == "UA"
    assert painting.holding_institution == "Test Regional Art Museum"
    assert painting.source_url == "https://example.org/stolen/objects/9001"
    assert painting.current_status == "missing"
    assert painting.status == PublicationStatus.DRAFT
    assert list(painting.references.values_list("kind", "value")) == [("other", "9001")]
    codes = set(CulturalObject.objects.values_list("object_type__code", flat=True))
    assert codes == {"painting", "drawing", "icon", "ceramics", "coin"}


def test_mola_shaped_list_keeps_several_materials_and_its_country_of_origin():
    run("repatriated_mola")
    mosaic = CulturalObject.objects.get(title="Test Mosaic Panel")
    assert mosaic.object_type.code == "mosaic"
    assert sorted(mosaic.materials.values_list("code", flat=True)) == [
        "glass",
        "stone",
    ]
    assert mosaic.country_of_origin.code == "SY"
    assert mosaic.find_spot == "Idlib, Syria"
    assert mosaic.current_status == "returned"
    assert "Cut into three pieces." in mosaic.description
    head = CulturalObject.objects.get(title="Test Marble Head")
    assert head.object_type.code == "sculpture"  # "| Fragment" left out
    assert head.provenance == "Test Museum of Art"
    group = CulturalObject.objects.get(title="Test Group of Vessels")
    assert group.object_type.code == "object-group"
    assert group.country_of_origin.code == "TR"  # the first of the list
    assert group.current_status == "unknown"  # the constant for an empty cell
    assert list(group.materials.values_list("code", flat=True)) == ["clay"]


def test_yemen_shaped_list_needs_no_english_title_and_stores_arabic_as_given():
    run("looted_yemen")
    stele = CulturalObject.objects.get(title_ar="شاهد قبر")
    assert stele.title == ""
    assert stele.label == "شاهد قبر"
    assert "باإلضافة" in stele.description_ar  # stored as given
    assert stele.object_type.code == "stele"
    assert stele.measurements_note == "االرتفاع 30 سم"
    assert stele.references.get(kind="inventory").value == "YM-101"
    statue = CulturalObject.objects.get(title_ar="تمثال آدمي")
    assert sorted(statue.materials.values_list("code", flat=True)) == [
        "bronze",
        "gold",
    ]
    assert CulturalObject.objects.get(title_ar="مبخرة").object_type.code == (
        "other-object"
    )


def test_an_unmapped_value_names_its_line_and_the_closest_codes(tmp_path):
    text = (LISTS / "stolen_ukraine.csv").read_text()
    data = tmp_path / "list.csv"
    data.write_text(text.replace("9004,Numismatic,", "9004,Graphic works,"))
    with pytest.raises(CommandError) as error:
        run("stolen_ukraine", data=data)
    message = str(error.value)
    assert "line 5: object_type: 'Graphic works' is not a code" in message
    assert "drawing" in message.split("closest codes:")[1]
    assert CulturalObject.objects.count() == 0  # all or nothing
    assert ObjectReference.objects.count() == 0


def test_a_row_without_a_title_in_either_language_is_refused(tmp_path):
    text = (LISTS / "looted_yemen.csv").read_text(encoding="utf-8-sig")
    data = tmp_path / "list.csv"
    data.write_text(text.replace(",مبخرة,", ",,"), encoding="utf-8")
    with pytest.raises(CommandError) as error:
        run("looted_yemen", data=data)
    assert "line 4: title: Give a title in English or in Arabic" in str(error.value)
    assert CulturalObject.objects.count() == 0


def test_dry_run_reports_and_writes_nothing():
    assert "Dry run: 5 new" in run("stolen_ukraine", "--dry-run")
    assert CulturalObject.objects.count() == 0


def test_a_mapping_naming_a_column_the_file_lacks_is_refused(tmp_path):
    mapping = tmp_path / "map.toml"
    mapping.write_text('[columns]\ntitle = "Name of object"\n')
    with pytest.raises(CommandError, match="no column 'Name of object'"):
        call_command(
            "import_records",
            "objects",
            str(LISTS / "stolen_ukraine.csv"),
            "--mapping",
            str(mapping),
        )


def test_a_mapping_targeting_an_unknown_registry_column_is_refused(tmp_path):
    mapping = tmp_path / "map.toml"
    mapping.write_text('[columns]\nartist = "author"\n')
    with pytest.raises(CommandError, match="'artist' is not a registry column"):
        call_command(
            "import_records",
            "objects",
            str(LISTS / "stolen_ukraine.csv"),
            "--mapping",
            str(mapping),
        )


def test_an_xlsx_list_imports_through_the_same_mapping(tmp_path):
    import csv

    book = openpyxl.Workbook()
    sheet = book.active
    with open(LISTS / "stolen_ukraine.csv", encoding="utf-8") as file:
        for row in csv.reader(file):
            sheet.append([int(v) if v.isdigit() else v for v in row])
    path = tmp_path / "list.xlsx"
    book.save(path)
    run("stolen_ukraine", data=path)
    coin = CulturalObject.objects.get(title="Silver coin")
    assert coin.references.get().value == "9004"  # a number cell, read as text


def test_the_export_header_names_every_column_a_mapping_may_target():
    from registry.interchange.spreadsheets import RESOURCES

    header = RESOURCES["objects"]().get_export_headers()
    for column in [
        "title",
        "title_ar",
        "object_type",
        "materials",
        "techniques",
        "height_cm",
        "width_cm",
        "depth_cm",
        "diameter_cm",
        "weight_g",
        "measurements_text",
        "inscriptions",
        "maker",
        "date_text",
        "period",
        "country_of_origin",
        "find_spot",
        "holding_institution",
        "inventory_number",
        "current_status",
        "description",
        "description_ar",
        "source_url",
    ]:
        assert column in header


def admin_import(client, data, **extra):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    url = reverse("admin:registry_culturalobject_import")
    choices = client.get(url).context["form"].fields["format"].choices
    formats = {label: value for value, label in choices}
    return client.post(
        url,
        {
            "resource": "0",
            "format": formats.get("csv", "0"),
            "import_file": SimpleUploadedFile("list.csv", data, "text/csv"),
            **extra,
        },
    )


def test_the_admin_imports_a_list_through_its_mapping(client, editor):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client.force_login(editor)
    mapping = (LISTS / "stolen_ukraine.toml").read_bytes()
    preview = admin_import(
        client,
        (LISTS / "stolen_ukraine.csv").read_bytes(),
        mapping=SimpleUploadedFile("map.toml", mapping),
    )
    assert preview.status_code == 200
    confirm = preview.context["confirm_form"]
    assert confirm is not None, preview.content.decode()[:2000]
    assert "Evening on the Dnipro" in preview.content.decode()
    assert CulturalObject.objects.count() == 0  # a preview writes nothing
    response = client.post(
        reverse("admin:registry_culturalobject_process_import"),
        {name: confirm.initial[name] for name in confirm.initial},
    )
    assert response.status_code == 302
    painting = CulturalObject.objects.get(title="Evening on the Dnipro")
    assert painting.object_type.code == "painting"
    assert painting.status == PublicationStatus.DRAFT
    assert CulturalObject.objects.count() == 5
    assert painting.history.get().history_user == editor  # who imported it


def test_the_admin_refuses_a_mapping_that_names_an_unknown_column(client, editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(editor)
    response = admin_import(
        client,
        (LISTS / "stolen_ukraine.csv").read_bytes(),
        mapping=SimpleUploadedFile("map.toml", b'[columns]\nartist = "author"\n'),
    )
    assert "&#x27;artist&#x27; is not a registry column" in response.content.decode()
    assert response.context.get("confirm_form") is None


def test_the_admin_imports_the_same_list_again_without_duplicating_it(client, editor):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client.force_login(editor)
    run("stolen_ukraine")
    painting = CulturalObject.objects.get(title="Evening on the Dnipro")
    mapping = (LISTS / "stolen_ukraine.toml").read_bytes()
    preview = admin_import(
        client,
        (LISTS / "stolen_ukraine.csv").read_bytes(),
        mapping=SimpleUploadedFile("map.toml", mapping),
    )
    confirm = preview.context["confirm_form"]
    assert confirm is not None, preview.content.decode()[:2000]
    assert preview.context["result"].totals["skip"] == 5
    client.post(
        reverse("admin:registry_culturalobject_process_import"),
        {name: confirm.initial[name] for name in confirm.initial},
    )
    assert CulturalObject.objects.count() == 5
    assert CulturalObject.objects.get(title="Evening on the Dnipro") == painting
