"""An analyst's questions about the World Heritage List, answered by the API alone
after importing last year's and this year's UNESCO exports with --publish.

The rows are written from the shape of UNESCO's files (test_import_whc); every
expected figure is computed from those rows, as an analyst would from the files.
"""

import hashlib

import pytest
from django.core.management import call_command
from django.urls import reverse

from registry.interchange.whc import parse_danger
from registry.models import (
    HeritageSite,
    ImportBatch,
    PublicationStatus,
)
from tests import factories
from tests.interchange.test_import_whc import (
    ABU_MENA,
    LAST_YEAR,
    PANAMA_VIEJO,
    THIS_YEAR,
    TRANSISTHMIAN,
    site,
    write_csv,
)
from tests.support import url

pytestmark = pytest.mark.django_db


def imported(tmp_path, rows, name):
    path = write_csv(tmp_path / name, rows)
    call_command("import_whc", str(path), "--publish", verbosity=0)
    return path


@pytest.fixture
def both_years(tmp_path):
    imported(tmp_path, LAST_YEAR, "whc-sites-2024.csv")
    return imported(tmp_path, THIS_YEAR, "whc-sites-2025.csv")


def ids(client, **params):
    response = client.get(url("sites"), {**params, "page_size": 500})
    assert response.status_code == 200, response.json()
    return sorted(record["unesco_id"] for record in response.json()["results"])


def facet(client, name, **params):
    response = client.get(url("sites"), {**params, "facet": name, "page_size": 1})
    assert response.status_code == 200, response.json()
    return {
        option["value"]: option["count"] for option in response.json()["facets"][name]
    }


def in_danger_now(rows):
    return sorted(str(row["id_no"]) for row in rows if "Y" in row["danger_list"])


# The questions -----------------------------------------------------------------------


def test_how_many_properties_are_in_danger_now_jerusalem_included(client, both_years):
    expected = in_danger_now(THIS_YEAR)
    assert "148" in expected  # the property of no State Party counts too
    assert ids(client, designation="in_danger") == expected


def test_the_danger_list_by_region(client, both_years):
    regions = {"Arab States": "arab_states"}
    expected = {}
    for row in THIS_YEAR:
        if "Y" in row["danger_list"]:
            code = regions[row["region_en"]]
            expected[code] = expected.get(code, 0) + 1
    assert facet(client, "region", designation="in_danger") == expected


def test_which_properties_left_the_danger_list_this_year(client, both_years):
    assert ids(client, designation="in_danger", designation_ended_in=2025) == [
        str(ABU_MENA["id_no"])
    ]
    assert ids(client, designation="in_danger", designation_ended_in=2024) == []


def test_which_entered_the_danger_list_in_a_year(client, both_years):
    assert ids(client, designation="in_danger", designation_started_in=2015) == ["385"]


def test_the_danger_list_as_it_stood_in_a_year(client, both_years):
    # Every period, as this year's file states them, open at some time in 2024.
    def active(row, year):
        periods = parse_danger(row["danger_list"])
        return any(
            p.year_from <= year and (p.year_to is None or p.year_to >= year)
            for p in periods
        )

    for year in (2001, 2015, 2024, 2025):
        expected = sorted(str(row["id_no"]) for row in THIS_YEAR if active(row, year))
        found = ids(client, designation="in_danger", designation_active_in=year)
        assert found == expected, year


def test_which_were_inscribed_this_year(client, both_years):
    inscribed = [str(r["id_no"]) for r in THIS_YEAR if r["date_inscribed"] == 2025]
    assert ids(client, designation="world_heritage", designation_started_in=2025) == (
        inscribed
    )


def test_how_many_cultural_natural_and_mixed(client, both_years):
    expected = {}
    for row in THIS_YEAR:
        category = row["category"].lower()
        expected[category] = expected.get(category, 0) + 1
    assert facet(client, "category", designation="world_heritage") == expected


def test_top_countries_count_a_transboundary_property_in_each(client, both_years):
    counts = facet(client, "country", designation="world_heritage")
    expected = {}
    for row in THIS_YEAR:
        for code in filter(None, row["iso_code"].upper().split(",")):
            expected[code] = expected.get(code, 0) + 1
    assert counts == expected
    assert counts["BE"] == counts["FR"] == 1  # the Western Front, in both
    # The facet's rule is the filter's: each count is what ?country= lists.
    for code, n in counts.items():
        assert len(ids(client, designation="world_heritage", country=code)) == n
    assert "" not in counts  # Jerusalem is in no country


def test_how_many_are_transboundary(client, both_years):
    several = [r for r in THIS_YEAR if "," in r["iso_code"]]
    assert ids(client, transboundary="true") == sorted(str(r["id_no"]) for r in several)
    alone = ids(client, transboundary="false", designation="world_heritage")
    assert len(alone) == len(THIS_YEAR) - len(several)


def test_a_property_missing_from_the_new_export_ends_its_designation(
    client, both_years
):
    listed = ids(client, designation="world_heritage")
    assert str(PANAMA_VIEJO["id_no"]) not in listed
    assert len(listed) == len(THIS_YEAR)
    ended = ids(client, designation="world_heritage", designation_ended_in=2025)
    assert ended == [str(PANAMA_VIEJO["id_no"])]
    (record,) = client.get(url("sites"), {"q": "Panamá Viejo"}).json()["results"]
    assert record["world_heritage_until"] == 2025
    (listing,) = [d for d in record["designations"] if d["kind"] == "world_heritage"]
    assert listing["note"] == "Not in UNESCO's export of 2025."


def test_a_property_merged_into_another_says_so(client, tmp_path):
    imported(tmp_path, LAST_YEAR, "whc-sites-2024.csv")
    merged = [*THIS_YEAR[:-1], {**TRANSISTHMIAN, "rev_bis": "-790"}]
    imported(tmp_path, merged, "whc-sites-2025.csv")
    (listing,) = site(790).designations.filter(kind="world_heritage")
    assert listing.year_to == 2025
    assert listing.note == "Merged into 1582 in UNESCO's export of 2025."


def test_a_property_back_in_the_export_is_listed_again(client, tmp_path):
    imported(tmp_path, LAST_YEAR, "whc-sites-2024.csv")
    imported(tmp_path, THIS_YEAR, "whc-sites-2025.csv")
    imported(tmp_path, [*THIS_YEAR, PANAMA_VIEJO], "whc-sites-2025b.csv")
    (listing,) = site(790).designations.filter(kind="world_heritage")
    assert (listing.year_to, listing.note) == (None, "")


def test_the_property_of_no_state_party_is_imported_with_a_note(client, both_years):
    jerusalem = site(148)
    assert not jerusalem.country
    (listing,) = jerusalem.designations.filter(kind="world_heritage")
    assert "no State Party" in listing.note
    assert "Jerusalem (Site proposed by Jordan)" in listing.note
    assert jerusalem.region_codes == ["arab_states"]


# Import batches --------------------------------------------------------------------


def test_each_import_is_a_batch_that_its_sites_know(both_years):
    batch = ImportBatch.objects.order_by("pk").last()
    assert batch.file_name == "whc-sites-2025.csv"
    assert batch.sha256 == hashlib.sha256(both_years.read_bytes()).hexdigest()
    assert batch.export_year == 2025
    assert (batch.rows, batch.created) == (len(THIS_YEAR), 1)
    assert site(TRANSISTHMIAN["id_no"]).import_batch == batch
    assert site(ABU_MENA["id_no"]).import_batch == batch  # changed: left the list


def test_without_publish_an_import_leaves_drafts(tmp_path):
    path = write_csv(tmp_path / "whc-sites-2024.csv", LAST_YEAR)
    call_command("import_whc", str(path), verbosity=0)
    statuses = set(HeritageSite.objects.values_list("status", flat=True))
    assert statuses == {PublicationStatus.DRAFT}


def test_publish_keeps_a_withdrawn_site_withdrawn(tmp_path):
    imported(tmp_path, LAST_YEAR, "whc-sites-2024.csv")
    palmyra = site(23)
    palmyra.status = PublicationStatus.WITHDRAWN
    palmyra.save()
    imported(tmp_path, THIS_YEAR, "whc-sites-2025.csv")
    assert site(23).status == PublicationStatus.WITHDRAWN


def test_an_editor_publishes_a_batch_from_the_admin(client, editor, tmp_path):
    path = write_csv(tmp_path / "whc-sites-2024.csv", LAST_YEAR)
    call_command("import_whc", str(path), verbosity=0)
    batch = ImportBatch.objects.get()
    client.force_login(editor)
    client.post(
        reverse("admin:registry_importbatch_changelist"),
        {"action": "publish_sites", "_selected_action": [batch.pk]},
    )
    assert set(batch.sites.values_list("status", flat=True)) == {"published"}
    assert batch.sites.count() == len(LAST_YEAR)


def test_the_batch_pages_render(client, superuser, both_years):
    client.force_login(superuser)
    batch = ImportBatch.objects.order_by("pk").last()
    listing = client.get(reverse("admin:registry_importbatch_changelist"))
    assert listing.status_code == 200
    assert "whc-sites-2025.csv" in listing.content.decode()
    page = client.get(reverse("admin:registry_importbatch_change", args=[batch.pk]))
    assert page.status_code == 200
    assert batch.sha256 in page.content.decode()


def test_a_contributor_cannot_publish_a_batch(client, contributor, tmp_path):
    path = write_csv(tmp_path / "whc-sites-2024.csv", LAST_YEAR)
    call_command("import_whc", str(path), verbosity=0)
    batch = ImportBatch.objects.get()
    client.force_login(contributor)
    client.post(
        reverse("admin:registry_importbatch_changelist"),
        {"action": "publish_sites", "_selected_action": [batch.pk]},
    )
    assert set(batch.sites.values_list("status", flat=True)) == {"draft"}


# No guessed facts, no name overwritten ------------------------------------------------


def test_the_importer_states_no_site_type_unesco_does_not(both_years):
    assert site(23).site_type.code == "unclassified"  # UNESCO: "Cultural" only
    assert site(385).site_type.code == "unclassified"


def test_a_natural_property_is_a_natural_site(tmp_path):
    reef = {**ABU_MENA, "id_no": 9999, "name_en": "A reef", "category": "Natural"}
    imported(tmp_path, [reef], "whc-sites-2024.csv")
    assert site(9999).site_type.code == "natural-site"


def test_a_curators_name_survives_and_unesco_renames_are_variants(tmp_path):
    imported(tmp_path, LAST_YEAR, "whc-sites-2024.csv")
    palmyra = site(23)
    palmyra.name = "Palmyra"  # a curator's choice
    palmyra.save()
    renamed = [{**row, "name_en": row["name_en"] + " (renamed)"} for row in THIS_YEAR]
    imported(tmp_path, renamed, "whc-sites-2025.csv")
    palmyra = site(23)
    assert palmyra.name == "Palmyra"
    assert palmyra.names.filter(name="Site of Palmyra (renamed)").exists()
    # A name the importer gave, untouched by curators, follows UNESCO.
    assert site(385).name == "Old City of Sana'a (renamed)"


# Statistics ------------------------------------------------------------------------


def test_site_statistics_as_data_and_on_the_page(client, both_years):
    figures = client.get(reverse("api:site-statistics")).json()
    assert {row["value"]: row["count"] for row in figures["by_designation"]} == {
        "world_heritage": len(THIS_YEAR),
        "in_danger": len(in_danger_now(THIS_YEAR)),
    }
    by_year = {row["year"]: row["count"] for row in figures["in_danger_by_year"]}
    assert by_year[2024] == len(
        ids(client, designation="in_danger", designation_active_in=2024)
    )
    inscribed = {row["year"]: row["count"] for row in figures["inscriptions_by_year"]}
    assert inscribed[2025] == 1
    page = client.get(reverse("catalogue:statistics")).content.decode()
    assert 'data-chart="danger-list-by-year"' in page
    assert 'data-chart="world-heritage-by-region"' in page


def test_statistics_count_published_sites_only(client, both_years):
    draft = factories.SiteFactory(status="draft")
    draft.designations.create(kind="world_heritage", reference="77", year_from=2025)
    figures = client.get(reverse("api:site-statistics")).json()
    inscribed = {row["year"]: row["count"] for row in figures["inscriptions_by_year"]}
    assert inscribed[2025] == 1
