"""The public API: what it shows, what it never shows, and how it answers."""

import csv
import datetime
import io
import json
import re

import pytest
from django.core.cache import cache
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename  # noqa: F401

from registry.demo.founding import demo_id
from registry.models import Certainty, Citation, Designation, Name, PublicationStatus
from tests import factories
from tests.support import (
    API,
    ENDPOINTS,
    LOCATED,
    all_public_bodies,
    body,
    count_queries,
    csv_rows,
    geojson,
    json_ids,
    url,
)

pytestmark = pytest.mark.django_db

FACTORIES = {
    "sites": factories.SiteFactory,
    "structures": factories.StructureFactory,
    "damage-events": factories.DamageEventFactory,
    "looting-incidents": factories.LootingIncidentFactory,
    "objects": factories.CulturalObjectFactory,
    "people": factories.PersonFactory,
    "actors": factories.ActorFactory,
    "sources": factories.SourceFactory,
}


def hidden_by_parent(endpoint):
    """A record published itself but hidden by what it belongs to (None if n/a)."""
    draft_site = factories.SiteFactory(status="review")
    if endpoint in ("structures", "damage-events", "looting-incidents"):
        return FACTORIES[endpoint](site=draft_site)
    if endpoint == "objects":
        incident = factories.LootingIncidentFactory(status="draft")
        return factories.CulturalObjectFactory(
            origin_site=incident.site, looting_incident=incident
        )
    if endpoint == "people":
        return factories.PersonFactory(visibility="confidential")
    if endpoint == "sources":
        return factories.SourceFactory(confidential=True)
    return None


# Visibility ---------------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_only_published_records_appear_on_every_surface(client, endpoint):
    records = {
        status: FACTORIES[endpoint](status=status)
        for status in ("draft", "review", "withdrawn", "published")
    }
    orphan = hidden_by_parent(endpoint)
    hidden = [records["draft"], records["review"], records["withdrawn"], orphan]
    hidden = [str(record.public_id) for record in hidden if record is not None]
    published = str(records["published"].public_id)

    listed = json_ids(client, endpoint)
    assert published in listed
    exported = [row["id"] for row in csv_rows(client, endpoint)]
    assert published in exported
    surfaces = [listed, exported]
    if endpoint in LOCATED:
        mapped = [feature["id"] for feature in geojson(client, endpoint)]
        assert published in mapped
        surfaces.append(mapped)
    feed = {entry["id"] for entry in client.get(f"{API}changes/").json()["results"]}
    assert published in feed
    surfaces.append(feed)
    for surface in surfaces:
        assert not set(hidden) & set(surface)

    assert client.get(url(endpoint, published)).status_code == 200
    for public_id in hidden:
        assert client.get(url(endpoint, public_id)).status_code == 404


def test_nested_data_is_built_from_public_records_only(client):
    site = factories.SiteFactory(name="Palmyra")
    factories.StructureFactory(site=site, name="Public temple")
    factories.StructureFactory(site=site, name="SECRET draft structure", status="draft")
    draft_actor = factories.ActorFactory(name="SECRET draft actor", status="draft")
    event = factories.DamageEventFactory(
        site=site, perpetrator=draft_actor, attribution="alleged"
    )
    factories.DamageEventFactory(site=site, title="SECRET draft event", status="review")
    factories.LootingIncidentFactory(
        site=site, title="SECRET withdrawn incident", status="withdrawn"
    )
    factories.CulturalObjectFactory(
        origin_site=site, title="SECRET draft object", status="draft"
    )
    public_person = factories.PersonFactory(name="Khaled al-Asaad")
    hidden_person = factories.PersonFactory(
        name="SECRET confidential", visibility="confidential"
    )
    public_person.sites.add(site)
    hidden_person.sites.add(site)
    factories.attach(
        Citation,
        event,
        source=factories.SourceFactory(title="SECRET draft source", status="draft"),
    )
    factories.attach(
        Citation, event, source=factories.SourceFactory(title="A published report")
    )

    detail = client.get(url("sites", site.public_id)).json()
    assert [s["name"] for s in detail["structures"]] == ["Public temple"]
    assert [e["id"] for e in detail["damage_events"]] == [str(event.public_id)]
    assert detail["damage_event_count"] == 1
    assert detail["looting_incident_count"] == 0
    assert detail["looting_incidents"] == [] and detail["cultural_objects"] == []
    assert [p["name"] for p in detail["people"]] == ["Khaled al-Asaad"]
    event_detail = client.get(url("damage-events", event.public_id)).json()
    assert event_detail["perpetrator"] is None  # a draft actor is not shown
    assert event_detail["attribution"] == ""  # nor that someone is accused
    assert [c["title"] for c in event_detail["citations"]] == ["A published report"]
    for text in all_public_bodies(client):
        assert "SECRET" not in text


def test_withdrawing_a_site_hides_its_events_and_tombstones_them(client):
    site = factories.SiteFactory()
    event = factories.DamageEventFactory(site=site)
    before = datetime.datetime.now(datetime.UTC)
    assert str(event.public_id) in json_ids(client, "damage-events")
    site.status = "withdrawn"
    site.status_changed_at = datetime.datetime.now(datetime.UTC)
    site.save()
    assert str(event.public_id) not in json_ids(client, "damage-events")
    feed = client.get(f"{API}changes/", {"since": before.isoformat()}).json()["results"]
    tombstones = {(e["type"], e["id"]): e for e in feed if e["action"] == "withdrawn"}
    assert ("site", str(site.public_id)) in tombstones
    assert ("damage-event", str(event.public_id)) in tombstones
    tombstone = tombstones[("site", str(site.public_id))]
    assert set(tombstone) == {"type", "id", "action", "at", "url"}
    assert tombstone["url"] is None  # nothing but the identifier


def test_change_feed_reports_publication_update_and_deletion(client):
    site = factories.SiteFactory(status="draft")
    start = datetime.datetime.now(datetime.UTC)
    assert (
        client.get(f"{API}changes/", {"since": start.isoformat()}).json()["count"] == 0
    )
    site.status = "published"
    site.status_changed_at = datetime.datetime.now(datetime.UTC)
    site.save()
    (entry,) = client.get(f"{API}changes/", {"since": start.isoformat()}).json()[
        "results"
    ]
    assert (entry["id"], entry["action"]) == (str(site.public_id), "published")
    later = datetime.datetime.now(datetime.UTC)
    site.name = "Renamed"
    site.save()
    (entry,) = client.get(f"{API}changes/", {"since": later.isoformat()}).json()[
        "results"
    ]
    assert entry["action"] == "updated"
    deleted_at = datetime.datetime.now(datetime.UTC)
    site.delete()
    (entry,) = client.get(f"{API}changes/", {"since": deleted_at.isoformat()}).json()[
        "results"
    ]
    assert (entry["id"], entry["action"]) == (str(site.public_id), "withdrawn")


def test_a_never_public_record_leaves_no_tombstone(client):
    draft = factories.SiteFactory(status="draft")
    draft.delete()
    factories.PersonFactory(visibility="confidential")
    assert client.get(f"{API}changes/").json()["count"] == 0


# Locations ----------------------------------------------------------------------------

EXACT = ("34.567891", "38.123456")


def without_timestamps(text):
    """Times like 19:44:38.127835 would look like coordinates to a substring check."""
    return re.sub(r"\d{2}:\d{2}:\d{2}(\.\d+)?", "", text)


def exact_traces():
    """Strings that would betray the exact point (or a close rounding of it)."""
    return ["34.567", "34.568", "34.57", "38.123", "38.12"]


def test_generalised_site_shows_only_its_coarse_cell_everywhere(client):
    site = factories.SiteFactory(
        latitude=EXACT[0], longitude=EXACT[1], location_sensitivity="generalised"
    )
    structure = factories.StructureFactory(
        site=site, latitude="34.561111", longitude="38.131111"
    )
    factories.DamageEventFactory(site=site)
    detail = client.get(url("sites", site.public_id)).json()
    assert detail["location"] == {
        "latitude": 34.6,
        "longitude": 38.1,
        "precision": "generalised",
    }
    (feature,) = geojson(client, "sites")
    assert feature["geometry"]["coordinates"] == [38.1, 34.6]
    assert (
        client.get(url("structures", structure.public_id)).json()["location"][
            "latitude"
        ]
        == 34.6
    )
    for text in map(without_timestamps, all_public_bodies(client)):
        for trace in exact_traces():
            assert trace not in text, trace


def test_bbox_cannot_narrow_a_generalised_site_down(client):
    site = factories.SiteFactory(
        latitude=EXACT[0], longitude=EXACT[1], location_sensitivity="generalised"
    )
    public_id = str(site.public_id)
    # A box around the exact point that misses the coarse cell finds nothing…
    assert public_id not in json_ids(client, "sites", bbox="38.12,34.56,38.13,34.57")
    # …and boxes are answered on the cell (38.1, 34.6), whatever their size.
    assert public_id in json_ids(client, "sites", bbox="38.09,34.59,38.11,34.61")
    assert public_id in json_ids(client, "sites", bbox="38,34,39,35")
    assert public_id not in json_ids(client, "sites", bbox="38.11,34.5,38.2,34.59")


def test_restricted_site_shows_no_coordinates_anywhere(client):
    site = factories.SiteFactory(
        latitude=EXACT[0], longitude=EXACT[1], location_sensitivity="restricted"
    )
    factories.StructureFactory(site=site, latitude=EXACT[0], longitude=EXACT[1])
    factories.DamageEventFactory(site=site)
    factories.LootingIncidentFactory(site=site)
    detail = client.get(url("sites", site.public_id)).json()
    assert detail["location"] == {
        "latitude": None,
        "longitude": None,
        "precision": "withheld",
    }
    for endpoint in LOCATED:
        for feature in geojson(client, endpoint):
            assert feature["geometry"] is None
    assert str(site.public_id) not in json_ids(client, "sites", bbox="-180,-90,180,90")
    for text in map(without_timestamps, all_public_bodies(client)):
        for trace in [*exact_traces(), "34.6", "38.1"]:
            assert trace not in text, trace


def test_ordering_by_latitude_uses_the_public_value(client):
    north = factories.SiteFactory(
        latitude="34.66", longitude="38", location_sensitivity="public"
    )
    cell = factories.SiteFactory(
        latitude="34.64", longitude="38", location_sensitivity="generalised"
    )  # shown as 34.6: below the public 34.66
    assert json_ids(client, "sites", ordering="-latitude")[:2] == [
        str(north.public_id),
        str(cell.public_id),
    ]


# People and sources -------------------------------------------------------------------


def test_pseudonymous_person_appears_only_under_the_pseudonym(client):
    site = factories.SiteFactory()
    ali = factories.PersonFactory(
        name="Realname Hidden",
        name_ar="اسم حقيقي",
        pseudonym="Ali",
        visibility="pseudonymous",
        affiliation=factories.ActorFactory(name="Small NGO"),
        birth_year=1980,
    )
    ali.sites.add(site)
    factories.attach(Name, ali, name="Hidden Variant", language="en")
    factories.HarmEventFactory(person=ali, kind="threatened", site=site)
    detail = client.get(url("people", ali.public_id)).json()
    assert detail["name"] == "Ali"
    assert detail["name_ar"] == "" and detail["names"] == [] and detail["sites"] == []
    assert detail["affiliation"] is None and detail["birth_year"] is None
    assert [h["kind"] for h in detail["harm_events"]] == ["threatened"]
    site_people = client.get(url("sites", site.public_id)).json()["people"]
    assert [p["name"] for p in site_people] == ["Ali"]
    for text in all_public_bodies(client):
        for secret in ("Realname", "Hidden", "اسم حقيقي"):
            assert secret not in text


def test_confidential_person_never_appears(client):
    site = factories.SiteFactory()
    guard = factories.PersonFactory(name="Guard Secretname", visibility="confidential")
    guard.sites.add(site)
    factories.HarmEventFactory(person=guard, site=site, kind="detained")
    assert json_ids(client, "people") == []
    assert client.get(url("people", guard.public_id)).status_code == 404
    assert client.get(url("people"), {"harm": "detained"}).json()["count"] == 0
    for text in all_public_bodies(client):
        assert "Secretname" not in text


def test_confidential_source_is_cited_as_such_and_never_listed(client):
    witness = factories.SourceFactory(
        title="Interview with SECRETWITNESS", confidential=True
    )
    event = factories.DamageEventFactory()
    factories.attach(
        Citation, event, source=witness, quote="SECRETQUOTE", locator="p. 3"
    )
    (citation,) = client.get(url("damage-events", event.public_id)).json()["citations"]
    assert citation == {
        "source": None,
        "title": "confidential source",
        "confidential": True,
    }
    assert str(witness.public_id) not in json_ids(client, "sources")
    assert client.get(url("sources", witness.public_id)).status_code == 404
    for text in all_public_bodies(client):
        assert "SECRET" not in text


def test_living_persons_birth_year_is_not_shown(client):
    living = factories.PersonFactory(birth_year=1970, deceased=False)
    dead = factories.PersonFactory(birth_year=1933, deceased=True)
    assert client.get(url("people", living.public_id)).json()["birth_year"] is None
    assert client.get(url("people", dead.public_id)).json()["birth_year"] == 1933


# Formats ------------------------------------------------------------------------------


def test_csv_is_utf8_with_bom_and_keeps_arabic(client):
    factories.SiteFactory(name="Palmyra", name_ar="تدمر")
    response = client.get(url("sites"), {"format": "csv"})
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")  # spreadsheets then read UTF-8
    (row,) = csv_rows(client, "sites")
    assert row["name_ar"] == "تدمر"
    assert row["country_code"] == "SY"
    assert 'filename="sites.csv"' in response["Content-Disposition"]


NAMES_TO_QUOTE = [
    "Tell Plain",
    "Qal'at Salah El-Din, the castle",
    'The "Lion" of Al-lat',
    "Temple of Bel\nnorth wall",
    "Arch\r\nof Triumph",
    "قلعة حلب، الباب",
]


def test_csv_cells_are_quoted_exactly_when_they_need_it(client):
    """A spreadsheet reads back every name as it was entered: a comma, a double
    quote or a line break in a cell quotes that cell (and doubles its quotes);
    every other line is left as it is, as csv.writer writes it."""
    for name in NAMES_TO_QUOTE:
        factories.SiteFactory(name=name)
    rows = csv_rows(client, "sites")
    assert sorted(row["name"] for row in rows) == sorted(NAMES_TO_QUOTE)
    lines = body(client.get(url("sites"), {"format": "csv"})).lstrip("\ufeff")
    expected = io.StringIO()
    writer = csv.writer(expected)
    for row in csv.reader(io.StringIO(lines)):
        writer.writerow(row)
    assert lines == expected.getvalue()
    assert '"The ""Lion"" of Al-lat"' in lines
    assert ",Tell Plain," in lines and '"Tell Plain"' not in lines


def test_csv_and_geojson_exports_are_whole_and_filtered(client):
    for _ in range(3):
        factories.SiteFactory(country="SY")
    factories.SiteFactory(country="IQ")
    assert len(csv_rows(client, "sites", country="SY", page_size=1)) == 3
    assert len(geojson(client, "sites", country="SY")) == 3


def test_a_record_url_never_carries_the_format(client):
    factories.SiteFactory()
    (row,) = csv_rows(client, "sites")
    assert "format" not in row["url"]


# Bad input and methods ---------------------------------------------------------------


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_writes_are_refused_with_405(client, endpoint):
    record = FACTORIES[endpoint]()
    list_url, detail_url = url(endpoint), url(endpoint, record.public_id)
    assert client.post(list_url, {}).status_code == 405
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)(
            detail_url, {}, content_type="application/json"
        )
        assert response.status_code == 405, method
    record.refresh_from_db()
    assert record.status == "published"


@pytest.mark.parametrize(
    ("endpoint", "params", "parameter"),
    [
        ("damage-events", {"date_after": "yesterday"}, "date_after"),
        ("sites", {"bbox": "1,2,3"}, "bbox"),
        ("damage-events", {"certainty": "maybe"}, "certainty"),
        ("sites", {"page": "-1"}, "page"),
        ("sites", {"page_size": "many"}, "page_size"),
        ("sites", {"format": "csv", "country": "XX"}, "country"),
        ("damage-events", {"format": "geojson", "site": "nope"}, "site"),
    ],
)
def test_bad_input_is_a_400_naming_the_parameter(client, endpoint, params, parameter):
    response = client.get(url(endpoint), params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert parameter in response.json()


def test_unknown_identifiers_are_404(client):
    assert (
        client.get(url("sites", "6f0c3a52-6a55-4d8c-9a56-2f4d1b0de0a1")).status_code
        == 404
    )
    assert client.get(url("sites", "palmyra")).status_code == 404
    assert client.get(f"{API}vocabularies/nonsense/").status_code == 404


def test_a_page_past_the_end_is_404(client):
    factories.SiteFactory()
    assert client.get(url("sites"), {"page": 5}).status_code == 404


def test_change_feed_refuses_a_malformed_since(client):
    response = client.get(f"{API}changes/", {"since": "last week"})
    assert response.status_code == 400
    assert "since" in response.json()


# HTTP ---------------------------------------------------------------------------------


def test_conditional_requests_get_304(client):
    site = factories.SiteFactory()
    response = client.get(url("sites", site.public_id))
    assert response.status_code == 200
    etag = response["ETag"]
    assert (
        client.get(url("sites", site.public_id), HTTP_IF_NONE_MATCH=etag).status_code
        == 304
    )
    listing = client.get(url("sites"))
    assert (
        client.get(url("sites"), HTTP_IF_NONE_MATCH=listing["ETag"]).status_code == 304
    )
    site.name = "Renamed"
    site.save()
    assert (
        client.get(url("sites", site.public_id), HTTP_IF_NONE_MATCH=etag).status_code
        == 200
    )


def test_cors_is_open_for_reading(client):
    response = client.get(url("sites"), HTTP_ORIGIN="https://newsroom.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        url("sites"),
        HTTP_ORIGIN="https://newsroom.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "POST" not in preflight["Access-Control-Allow-Methods"]


def test_anonymous_clients_are_throttled_with_retry_after(client, settings):
    settings.API_THROTTLE_RATE = "3/min"
    statuses = [client.get(url("sites")).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get(url("sites"))
    assert int(response["Retry-After"]) > 0


# Schema and docs ----------------------------------------------------------------------


def test_the_openapi_schema_validates_and_documents_parameters(client):
    response = client.get(f"{API}schema/", {"format": "json"})
    assert response.status_code == 200
    schema = json.loads(response.content)
    validate(schema)
    events = schema["paths"]["/api/v1/damage-events/"]["get"]
    parameters = {p["name"]: p for p in events["parameters"]}
    for name in ("certainty_min", "date_after", "perpetrator", "ordering", "page", "q"):
        assert name in parameters, name
    certainty = parameters["certainty"]["schema"]
    assert set(certainty["items"]["enum"]) == set(Certainty.values)
    assert {"200", "400", "404", "429"} <= set(events["responses"])
    detail = schema["paths"]["/api/v1/sites/{public_id}/"]["get"]
    assert "404" in detail["responses"]


def test_interactive_docs_are_served_without_a_cdn(client):
    page = client.get(f"{API}docs/").content.decode()
    assert "swagger-ui" in page
    assert "cdn" not in page.lower() and "unpkg" not in page


# Query counts ---------------------------------------------------------------------


def populate(endpoint, count):
    for _ in range(count):
        record = FACTORIES[endpoint]()
        if endpoint == "sites":
            factories.attach(Name, record, name="Variant", language="en")
            Designation.objects.create(site=record, kind="national")
        if endpoint == "damage-events":
            record.effects.add(factories.term("effect_type"))
            record.perpetrator = factories.ActorFactory()
            record.attribution = "reported"
            record.save()
        if endpoint == "people":
            record.roles.add(factories.term("role"))


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_list_queries_do_not_grow_with_the_page(client, endpoint):
    populate(endpoint, 2)
    client.get(url(endpoint))  # warm-up: content types are cached after it
    cache.clear()  # …but counts are not: both runs below count afresh
    few = count_queries(client, url(endpoint), {"page_size": 50})
    populate(endpoint, 8)
    many = count_queries(client, url(endpoint), {"page_size": 50})
    assert many == few
    assert many <= 14


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_detail_queries_are_bounded(client, endpoint):
    populate(endpoint, 1)
    public_id = json_ids(client, endpoint)[0]
    assert count_queries(client, url(endpoint, public_id)) <= 20


@pytest.mark.parametrize("endpoint", LOCATED)
def test_export_queries_do_not_grow_with_rows(client, endpoint):
    populate(endpoint, 2)
    few = count_queries(client, url(endpoint), {"format": "csv"})
    populate(endpoint, 8)
    assert count_queries(client, url(endpoint), {"format": "csv"}) == few


# The demo data answers -----------------------------------------------------------


def test_demo_palmyras_damage_events(client, demo):
    palmyra = demo_id("site:palmyra")
    events = client.get(url("damage-events"), {"site": palmyra}).json()["results"]
    assert len(events) == 5
    detail = client.get(url("sites", palmyra)).json()
    assert {d["kind"] for d in detail["designations"]} == {
        "world_heritage",
        "in_danger",
    }
    assert detail["damage_event_count"] == 5


def test_demo_isis_events_in_homs_in_2015(client, demo):
    params = {
        "perpetrator": demo_id("actor:isis"),
        "admin_division": "SY-HI",
        "date_after": "2015-01-01",
        "date_before": "2015-12-31",
    }
    titles = {
        e["title"] for e in client.get(url("damage-events"), params).json()["results"]
    }
    assert titles == {
        "Destruction of the Temple of Bel",
        "Destruction of the Temple of Baalshamin",
        "Destruction of the Monumental Arch",
    }
    # Events that may fall in 2015 (dated only 'between' or 'before') when asked.
    possible = client.get(
        url("damage-events"), {**params, "date_overlap": "true"}
    ).json()
    assert possible["count"] == 5
    by_alias = client.get(url("damage-events"), {"q": "Daesh"}).json()
    assert by_alias["count"] == 5


def test_demo_khaled_al_asaads_harm_events(client, demo):
    (person,) = client.get(url("people"), {"q": "al-Asa'ad"}).json()["results"]
    detail = client.get(person["url"]).json()
    assert detail["name"] == "Khaled al-Asaad"
    assert [h["kind"] for h in detail["harm_events"]] == ["killed", "remains_found"]
    assert detail["harm_events"][0]["date"]["display"] == "in August 2015"
    assert detail["harm_events"][0]["perpetrator"]["name"] == "Islamic State (ISIS)"


def test_demo_objects_looted_from_deir_ez_zor_sites(client, demo):
    objects = client.get(url("objects"), {"admin_division": "SY-DY"}).json()["results"]
    assert {o["origin_site"]["name"] for o in objects} == {"Dura-Europos", "Mari"}
    assert all(o["status"] == "missing" for o in objects)


def test_demo_mari_is_restricted_and_dura_generalised(client, demo):
    mari = client.get(url("sites", demo_id("site:mari"))).json()
    dura = client.get(url("sites", demo_id("site:dura-europos"))).json()
    assert mari["location"]["precision"] == "withheld"
    assert dura["location"] == {
        "latitude": 34.7,
        "longitude": 40.7,
        "precision": "generalised",
    }
    assert "40.889" not in without_timestamps(
        body(client.get(url("sites"), {"format": "csv"}))
    )


def test_asking_by_a_withdrawn_or_confidential_identifier_reveals_nothing(client):
    actor = factories.ActorFactory(status="withdrawn")
    factories.DamageEventFactory(perpetrator=actor, attribution="alleged")
    witness = factories.SourceFactory(confidential=True)
    cited = factories.DamageEventFactory()
    factories.attach(Citation, cited, source=witness)
    site = factories.SiteFactory(status="withdrawn")
    person = factories.PersonFactory()
    person.sites.add(site)
    assert json_ids(client, "damage-events", perpetrator=actor.public_id) == []
    assert json_ids(client, "damage-events", source=witness.public_id) == []
    assert json_ids(client, "people", site=site.public_id) == []
    assert json_ids(client, "damage-events", q=actor.name) == []


def is_arabic(text):
    return any("\u0600" <= char <= "\u06ff" for char in text)


def test_vocabularies_give_every_code_an_english_and_an_arabic_label(client):
    vocabularies = client.get(f"{API}vocabularies/").json()
    names = {vocabulary["name"] for vocabulary in vocabularies}
    assert {"certainty", "condition", "extent", "site_type", "effect_type"} <= names
    proper_names = {"Getty TGN", "GeoNames", "EAMENA"}
    for vocabulary in vocabularies:
        assert is_arabic(vocabulary["label_ar"]), vocabulary["name"]
        if vocabulary["name"] == "admin_division":
            continue  # places, named as curators know them (test_api_clients.py)
        assert vocabulary["terms"], vocabulary["name"]
        for term in vocabulary["terms"]:
            assert term["label_en"] and term["code"]
            if term["label_en"] not in proper_names:
                assert is_arabic(term["label_ar"]), (vocabulary["name"], term)
    certainty = client.get(f"{API}vocabularies/certainty/").json()
    assert [t["code"] for t in certainty["terms"]] == list(Certainty.values)
    assert certainty["terms"][-1]["label_ar"] == "قاطعة"


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_csv_header_is_the_same_with_or_without_rows(client, endpoint):
    empty = body(client.get(url(endpoint), {"format": "csv"})).splitlines()
    assert len(empty) == 1 and "id" in empty[0].split(",")
    FACTORIES[endpoint]()
    filled = body(client.get(url(endpoint), {"format": "csv"})).splitlines()
    assert filled[0] == empty[0]
    assert len(filled) == 2


def test_a_hidden_perpetrators_attribution_is_not_shown(client):
    hidden = factories.ActorFactory(status=PublicationStatus.DRAFT)
    event = factories.DamageEventFactory(perpetrator=hidden, attribution="alleged")
    detail = client.get(f"/api/v1/damage-events/{event.public_id}/").json()
    assert detail["perpetrator"] is None
    assert detail["attribution"] == ""
    site = client.get(f"/api/v1/sites/{event.site.public_id}/").json()
    assert site["damage_events"][0]["attribution"] == ""
    hidden.status = PublicationStatus.PUBLISHED
    hidden.save()
    detail = client.get(f"/api/v1/damage-events/{event.public_id}/").json()
    assert detail["attribution"] == "alleged"


def test_a_date_reads_the_same_in_the_api_the_csv_and_the_page(client):
    event = factories.DamageEventFactory(
        date_mode="on", date_precision="month", date_from=datetime.date(2017, 6, 1)
    )
    detail = client.get(url("damage-events", event.public_id)).json()
    assert detail["date"]["display"] == "in June 2017"
    (row,) = csv_rows(client, "damage-events")
    assert row["date_display"] == "in June 2017"
    page = client.get(f"/damage-events/{event.public_id}/").content.decode()
    assert "In June 2017" in page
    assert "(on (" not in page and "known to the" not in page
    arabic = client.get(f"/ar/damage-events/{event.public_id}/").content.decode()
    assert "في يونيو 2017" in arabic
