"""A real list imported again, and a real list's long datings.

An officer imports a list of stolen objects (the shape of Ukraine's GUR list: its
own number in ``id``, a free-text ``date``), then imports it again when it is
updated: its rows find their objects by the list's own number, so the same list
changes nothing and an updated row updates its object. The rows here are invented.
"""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from registry.models import CulturalObject, ObjectReference, PublicationStatus

pytestmark = pytest.mark.django_db

HEADER = ["id", "category", "name", "author", "date", "place_incident", "url"]
ISSUER = "Invented ministry, list of stolen objects"
MAPPING = f"""
[columns]
title = "name"
maker = "author"
object_type = "category"
date_text = "date"
holding_institution = "place_incident"
source_url = "url"
other_reference = "id"
[values.object_type]
"Painting" = "painting"
"Icon" = "icon"
[constants]
country_of_origin = "UA"
current_status = "missing"
[issuers]
other_reference = "{ISSUER}"
"""
# A dating the list gives as a paragraph (far beyond the 120 characters it had).
LONG_DATING = (
    "Second half of the nineteenth century, according to the museum's inventory "
    "card; the frame was replaced in the 1950s and the canvas relined, so the "
    "label on its back, which names an earlier owner and a sale in Odesa, cannot "
    "date the painting itself. The museum's curators placed it, by its style and "
    "by the pigments found in a 1987 examination, between 1860 and 1885, and "
    "noted that the signature in the lower left corner is a later addition. "
) * 2

ROWS = [
    ["7001", "Painting", "Harvest on the steppe", "A. Painter", "1890", "Museum A"],
    ["7002", "Icon", "Saint with a book", "", LONG_DATING, "Museum A"],
    ["7003", "Painting", "Boats at dusk", "B. Painter", "XIX century", "Museum B"],
]


def write(tmp_path, rows, name="list.csv"):
    path = tmp_path / name
    with path.open("w", newline="", encoding="utf-8") as file:
        out = csv.writer(file)
        out.writerow(HEADER)
        for row in rows:
            out.writerow([*row, f"https://example.org/stolen/{row[0]}"])
    return path


def mapping(tmp_path, text=MAPPING):
    path = tmp_path / "map.toml"
    path.write_text(text, encoding="utf-8")
    return path


def run(path, toml):
    out = io.StringIO()
    call_command(
        "import_records", "objects", str(path), "--mapping", str(toml), stdout=out
    )
    return out.getvalue()


def state():
    """Everything an import could change, as a comparable value."""
    return (
        sorted(
            CulturalObject.objects.values_list(
                "public_id", "title", "maker", "date_text", "updated_at"
            )
        ),
        sorted(ObjectReference.objects.values_list("object_id", "kind", "value")),
        CulturalObject.history.count(),
    )


def test_importing_the_same_list_again_changes_nothing_and_says_so(tmp_path):
    path, toml = write(tmp_path, ROWS), mapping(tmp_path)
    assert "3 new, 0 updated, 0 unchanged" in run(path, toml)
    before = state()
    assert "0 new, 0 updated, 3 unchanged" in run(path, toml)
    assert state() == before
    assert CulturalObject.objects.count() == 3
    # The list's numbers are recorded as issued by the list.
    assert set(ObjectReference.objects.values_list("kind", "value", "issuer")) == {
        ("other", number, ISSUER) for number in ("7001", "7002", "7003")
    }


def test_an_updated_row_updates_its_object_and_keeps_its_identifier(tmp_path):
    toml = mapping(tmp_path)
    run(write(tmp_path, ROWS), toml)
    boats = CulturalObject.objects.get(references__value="7003")
    public_id = boats.public_id
    # Published meanwhile: an update from the list keeps it published.
    boats.status = PublicationStatus.PUBLISHED
    boats.save()
    updated = [
        *ROWS[:2],
        ["7003", "Painting", "Boats at dusk", "B. Painter", "1871", "Museum B"],
    ]
    assert "0 new, 1 updated, 2 unchanged" in run(
        write(tmp_path, updated, "updated.csv"), toml
    )
    boats = CulturalObject.objects.get(references__value="7003")
    assert boats.public_id == public_id
    assert boats.date_text == "1871"
    assert boats.status == PublicationStatus.PUBLISHED
    assert boats.references.count() == 1
    assert CulturalObject.objects.count() == 3
    # A row the updated list adds is a new object.
    added = [*updated, ["7004", "Icon", "Mother of God", "", "XVIII century", "M"]]
    assert "1 new, 0 updated, 3 unchanged" in run(
        write(tmp_path, added, "added.csv"), toml
    )
    assert CulturalObject.objects.count() == 4


def test_a_number_two_objects_hold_is_refused_on_its_line(tmp_path):
    toml = mapping(tmp_path)
    run(write(tmp_path, ROWS), toml)
    # A curator recorded the list's number 7003 on another object too.
    other = CulturalObject.objects.get(references__value="7001")
    other.references.create(kind="other", value="7003", issuer=ISSUER)
    before = state()
    changed = [["7001", "Painting", "Renamed", "A. Painter", "1890", "Museum A"]]
    with pytest.raises(CommandError) as refusal:
        run(write(tmp_path, [*changed, *ROWS[1:]], "again.csv"), toml)
    message = str(refusal.value)
    assert message.startswith("Nothing was imported")
    assert "line 4: other_reference:" in message  # 7003, the third row
    assert "is held by 2 objects" in message
    assert "Harvest on the steppe" in message and "Boats at dusk" in message
    assert "line 2" not in message
    assert state() == before  # not even the valid row's change


def test_a_number_two_rows_give_is_refused_on_both_lines(tmp_path):
    rows = [*ROWS, ["7001", "Icon", "Another", "", "", "Museum C"]]
    with pytest.raises(CommandError) as refusal:
        run(write(tmp_path, rows), mapping(tmp_path))
    message = str(refusal.value)
    assert "line 2: other_reference: the list's number '7001' is on lines 2, 5" in (
        message
    )
    assert "line 5: other_reference:" in message
    assert CulturalObject.objects.count() == 0


def test_another_lists_same_number_is_another_object(tmp_path):
    run(write(tmp_path, ROWS), mapping(tmp_path))
    other_list = MAPPING.replace(ISSUER, "Another museum's list of returns")
    toml = mapping(tmp_path, other_list)
    assert "3 new" in run(write(tmp_path, ROWS), toml)
    assert CulturalObject.objects.count() == 6
    assert "3 unchanged" in run(write(tmp_path, ROWS), toml)


def test_a_list_without_an_issuer_is_matched_with_numbers_without_one(tmp_path):
    toml = mapping(tmp_path, MAPPING.split("[issuers]")[0])
    path = write(tmp_path, ROWS)
    assert "3 new" in run(path, toml)
    assert "0 new, 0 updated, 3 unchanged" in run(path, toml)
    assert set(ObjectReference.objects.values_list("issuer", flat=True)) == {""}


def test_an_issuer_for_a_column_that_holds_no_numbers_is_refused(tmp_path):
    toml = mapping(tmp_path, MAPPING + 'maker = "Someone"\n')
    with pytest.raises(CommandError, match=r"\[issuers\] 'maker' is not a column"):
        run(write(tmp_path, ROWS), toml)


def test_a_long_dating_is_imported_whole_and_shown_everywhere(tmp_path, client):
    assert len(LONG_DATING) > 600
    run(write(tmp_path, ROWS), mapping(tmp_path))
    icon = CulturalObject.objects.get(references__value="7002")
    assert icon.date_text == LONG_DATING.strip()
    icon.status = PublicationStatus.PUBLISHED
    icon.save()
    api = client.get(f"/api/v1/objects/{icon.public_id}/").json()
    assert api["date_text"] == LONG_DATING.strip()
    schema = json.loads(client.get("/api/v1/schema/", {"format": "json"}).content)
    detail = schema["components"]["schemas"]
    fields = [
        spec["properties"]["date_text"]
        for spec in detail.values()
        if "date_text" in spec.get("properties", {})
    ]
    assert fields and all("maxLength" not in field for field in fields)
    page = client.get(f"/objects/{icon.public_id}/").content.decode()
    assert "the signature in the lower left corner is a later addition" in page
    linked = client.get(f"/api/v1/objects/{icon.public_id}/", {"format": "jsonld"})
    assert linked.status_code == 200
    # The registry's own export carries it whole, and reads back unchanged.
    export = tmp_path / "export.csv"
    call_command("export_records", "objects", str(export), stdout=io.StringIO())
    rows = list(csv.DictReader(export.open(encoding="utf-8-sig")))
    assert [row["date_text"] for row in rows if row["other_reference"] == "7002"] == [
        LONG_DATING.strip()
    ]
    out = io.StringIO()
    call_command("import_records", "objects", str(export), stdout=out)
    assert "0 new, 0 updated, 3 unchanged" in out.getvalue()


def test_matching_by_the_lists_number_asks_no_query_per_row(tmp_path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    toml = mapping(tmp_path)

    def rows(count):
        return [
            [str(8000 + n), "Painting", f"Study {n}", "", "1900", "Museum A"]
            for n in range(count)
        ]

    def queries(path):
        with CaptureQueriesContext(connection) as captured:
            run(path, toml)
        # What is read (the writes are batched, split by the database's limits).
        return sum(q["sql"].startswith("SELECT") for q in captured)

    ten, thirty = (
        write(tmp_path, rows(10), "ten.csv"),
        write(tmp_path, rows(30), "30.csv"),
    )
    run(ten, toml)
    run(thirty, toml)  # 20 more

    def dated(count, date, name):
        return write(tmp_path, [[*row[:4], date, row[5]] for row in rows(count)], name)

    queries(dated(10, "1901", "warm.csv"))  # the first update reads a figure or two
    # Again, changed: every row found and updated, reading as much for 30 as 10.
    assert queries(dated(10, "1902", "ten2.csv")) == queries(
        dated(30, "1903", "thirty2.csv")
    )
    assert CulturalObject.objects.count() == 30
    assert set(CulturalObject.objects.values_list("date_text", flat=True)) == {"1903"}
