"""The API as an analyst questions it: strict parameters, facets over the whole
filtered list, a CSV that loses nothing, dates in order, honest locations."""

import datetime

import pytest

from registry.models import Designation
from tests import factories
from tests.support import ENDPOINTS, csv_rows, url

pytestmark = pytest.mark.django_db


# Strict parameters --------------------------------------------------------------------


def test_a_mistyped_parameter_is_a_400_that_suggests_the_right_one(client):
    factories.SiteFactory(country="SY")
    response = client.get(url("sites"), {"contry": "SY"})
    assert response.status_code == 400
    assert "country" in response.json()["contry"][0]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_every_list_refuses_an_unknown_parameter_and_keeps_its_own(client, endpoint):
    refused = client.get(url(endpoint), {"no_such_filter": "1"})
    assert refused.status_code == 400
    assert "no_such_filter" in refused.json()
    accepted = client.get(
        url(endpoint), {"format": "json", "page": 1, "page_size": 5, "q": "x"}
    )
    assert accepted.status_code == 200


def test_a_detail_refuses_an_unknown_parameter(client):
    site = factories.SiteFactory()
    assert (
        client.get(url("sites", site.public_id), {"format": "json"}).status_code == 200
    )
    refused = client.get(url("sites", site.public_id), {"fromat": "csv"})
    assert refused.status_code == 400
    assert "format" in refused.json()["fromat"][0]


# Facets -------------------------------------------------------------------------------


def facets(client, endpoint, **params):
    response = client.get(url(endpoint), params)
    assert response.status_code == 200, response.json()
    return {
        name: {option["value"]: option["count"] for option in options}
        for name, options in response.json()["facets"].items()
    }


def test_facets_count_the_whole_filtered_list_not_the_page(client):
    for _ in range(3):
        factories.SiteFactory(country="SY", condition="destroyed")
    factories.SiteFactory(country="IQ", condition="destroyed")
    factories.SiteFactory(country="IQ", condition="good")
    counted = facets(
        client,
        "sites",
        condition="destroyed",
        facet=["country", "condition"],
        page_size=1,
    )
    assert counted == {"country": {"SY": 3, "IQ": 1}, "condition": {"destroyed": 4}}


def test_facets_count_public_records_only(client):
    factories.SiteFactory(country="SY")
    factories.SiteFactory(country="SY", status="draft")
    factories.SiteFactory(country="LB", status="withdrawn")
    assert facets(client, "sites", facet="country") == {"country": {"SY": 1}}


def test_a_transboundary_site_counts_in_each_of_its_countries(client):
    factories.SiteFactory(country="BE", other_countries=["FR"])
    factories.SiteFactory(country="FR")
    counted = facets(client, "sites", facet="country")["country"]
    assert counted == {"BE": 1, "FR": 2}
    for code, n in counted.items():
        assert client.get(url("sites"), {"country": code}).json()["count"] == n


def test_a_site_made_transboundary_is_listed_in_its_new_country_at_once(client):
    """The sites naming a country among their others are looked up once per data
    version: the edit that adds one must show in the next list."""
    belgian = factories.SiteFactory(country="BE")
    factories.SiteFactory(country="FR")
    assert client.get(url("sites"), {"country": "FR"}).json()["count"] == 1
    belgian.other_countries = ["FR"]
    belgian.save()
    listed = client.get(url("sites"), {"country": "FR"}).json()
    assert listed["count"] == 2
    assert str(belgian.public_id) in {site["id"] for site in listed["results"]}


def test_the_designation_facet_counts_designations_held_now(client):
    listed = factories.SiteFactory()
    listed.designations.create(kind="world_heritage", reference="1", year_from=1980)
    listed.designations.create(kind="in_danger", reference="1", year_from=2013)
    former = factories.SiteFactory()
    former.designations.create(
        kind="in_danger", reference="2", year_from=1990, year_to=2000
    )
    assert facets(client, "sites", facet="designation") == {
        "designation": {"world_heritage": 1, "in_danger": 1}
    }


def test_events_facet_by_cause_and_year(client):
    factories.DamageEventFactory(
        cause_category="armed_conflict",
        date_mode="on",
        date_from=datetime.date(2015, 8, 1),
    )
    factories.DamageEventFactory(
        cause_category="looting", date_mode="on", date_from=datetime.date(2016, 3, 1)
    )
    counted = facets(client, "damage-events", facet="cause_category,year")
    assert counted == {
        "cause_category": {"armed_conflict": 1, "looting": 1},
        "year": {"2015": 1, "2016": 1},
    }


def test_an_unknown_facet_is_a_400_naming_facet(client):
    response = client.get(url("sites"), {"facet": "colour"})
    assert response.status_code == 400
    assert "colour" in response.json()["facet"][0]
    assert client.get(url("people"), {"facet": "country"}).status_code == 400


# A CSV that loses nothing -------------------------------------------------------------


def leaves(data, column=""):
    """(column, value, in_a_list) for every leaf of a JSON record."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from leaves(value, f"{column}_{key}" if column else key)
    elif isinstance(data, list):
        for item in data:
            for name, value, _listed in leaves(item, column):
                yield name, value, True
    else:
        yield column, data, False


def as_cell(value):
    return "" if value is None else str(value)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_every_json_value_of_every_endpoint_is_in_its_csv(client, demo, endpoint):
    wh = factories.SiteFactory(name="Listed", other_countries=["LB"])
    wh.designations.create(
        kind="world_heritage", reference="9023", criteria="(i)(iv)", year_from=1980
    )
    wh.designations.create(kind="in_danger", reference="9023", year_from=2013)
    records = client.get(url(endpoint), {"page_size": 500}).json()["results"]
    assert records
    rows = {row["id"]: row for row in csv_rows(client, endpoint)}
    checked = 0
    for record in records:
        row = rows[record["id"]]
        for column, value, listed in leaves(record):
            if value is None and column not in row:
                # A null nested record: its columns are there, and empty.
                nested = [name for name in row if name.startswith(f"{column}_")]
                assert nested and not any(row[name] for name in nested), column
                continue
            assert column in row, (endpoint, column)
            if listed:
                assert as_cell(value) in row[column], (endpoint, column, value)
            else:
                assert row[column] == as_cell(value), (endpoint, column, value)
            checked += 1
    assert checked > len(records)


def test_list_columns_keep_each_record_of_a_list_together(client):
    site = factories.SiteFactory()
    site.designations.create(
        kind="world_heritage", reference="23", criteria="(i)(ii)(iv)", year_from=1980
    )
    site.designations.create(kind="in_danger", reference="23", year_from=2013)
    (row,) = csv_rows(client, "sites")
    kinds = row["designations_kind"].split("; ")
    starts = row["designations_year_from"].split("; ")
    ends = row["designations_year_to"].split("; ")
    held = dict(zip(kinds, zip(starts, ends, strict=True), strict=True))
    assert held == {"world_heritage": ("1980", ""), "in_danger": ("2013", "")}
    assert row["criteria"] == "i; ii; iv"
    assert row["unesco_id"] == "23"
    assert row["world_heritage_since"] == "1980"
    assert row["in_danger_periods"] == "2013–"


# Dates in order; locations as they are ------------------------------------------------


def test_ordering_by_date_honours_every_date_mode(client):
    before = factories.DamageEventFactory(
        date_mode="before",
        date_precision="day",
        date_from=None,
        date_to=datetime.date(2022, 2, 25),
    )
    on = factories.DamageEventFactory(
        date_mode="on", date_precision="day", date_from=datetime.date(2022, 2, 27)
    )
    undated = factories.DamageEventFactory(
        date_mode="unknown", date_precision="", date_from=None
    )
    order = [str(event.public_id) for event in (before, on, undated)]

    def ordered(ordering):
        results = client.get(url("damage-events"), {"ordering": ordering}).json()
        return [record["id"] for record in results["results"]]

    assert ordered("date") == order
    assert ordered("-date") == [order[1], order[0], order[2]]  # undated last


@pytest.mark.parametrize(
    "endpoint, factory",
    [
        ("damage-events", factories.DamageEventFactory),
        ("looting-incidents", factories.LootingIncidentFactory),
    ],
)
def test_the_default_order_is_newest_first_undated_last(client, endpoint, factory):
    """By the day a record sorts by, as ``?ordering=-date``: "before 1 January
    2023" at that day, the undated last, on every database (PostgreSQL sorts NULLs
    first when descending: its lists once began with every undated record)."""
    site = factories.SiteFactory()
    before = factory(
        site=site,
        date_mode="before",
        date_precision="day",
        date_from=None,
        date_to=datetime.date(2023, 1, 1),
    )
    older = factory(site=site, date_mode="on", date_from=datetime.date(2015, 8, 1))
    undated = factory(site=site, date_mode="unknown", date_precision="", date_from=None)
    newer = factory(site=site, date_mode="on", date_from=datetime.date(2020, 3, 1))
    expected = [str(record.public_id) for record in (before, newer, older, undated)]
    results = client.get(url(endpoint)).json()["results"]
    assert [record["id"] for record in results] == expected
    explicit = client.get(url(endpoint), {"ordering": "-date"}).json()["results"]
    assert [record["id"] for record in explicit] == expected
    since = client.get(url(endpoint), {"date_after": "2015-01-01"}).json()["results"]
    assert [record["id"] for record in since] == expected[1:3]


def test_a_site_without_coordinates_says_not_recorded_not_withheld(client):
    nowhere = factories.SiteFactory(latitude=None, longitude=None)
    hidden = factories.SiteFactory(location_sensitivity="restricted")
    shown = {
        record["id"]: record["location"]["precision"]
        for record in client.get(url("sites")).json()["results"]
    }
    assert shown[str(nowhere.public_id)] == "not_recorded"
    assert shown[str(hidden.public_id)] == "withheld"
    page = client.get(f"/sites/{nowhere.public_id}/").content.decode()
    assert "Location not recorded" in page


def test_designation_notes_reach_the_api(client):
    site = factories.SiteFactory()
    Designation.objects.create(
        site=site, kind="world_heritage", reference="148", year_from=1981, note="n"
    )
    (record,) = client.get(url("sites")).json()["results"]
    assert record["designations"][0]["note"] == "n"
