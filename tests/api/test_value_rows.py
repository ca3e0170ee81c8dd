"""The lists read as values give, record by record and field by field, what the
same lists give read as model instances: in JSON pages, CSV and GeoJSON, filtered,
searched and in Arabic, over a generated registry with drafts, generalised and
restricted sites, hidden perpetrators and protected people."""

import csv
import io
import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from registry.api import rows, views
from registry.models import (
    DesignationKind,
    LocationSensitivity,
    PublicationStatus,
    Term,
    Visibility,
)
from registry.perf.synthetic import Scale, generate
from tests import factories
from tests.support import body, url

pytestmark = pytest.mark.django_db

LISTS = {
    "sites": views.SiteViewSet,
    "structures": views.StructureViewSet,
    "damage-events": views.DamageEventViewSet,
    "looting-incidents": views.LootingIncidentViewSet,
    "people": views.PersonViewSet,
    "actors": views.ActorViewSet,
    "sources": views.SourceViewSet,
    "objects": views.CulturalObjectViewSet,
}

QUESTIONS = {
    "sites": [{}, {"q": "Tadmur"}, {"country": "SY", "ordering": "name"}],
    "structures": [{}, {"q": "temple"}],
    "damage-events": [{}, {"ordering": "-date"}, {"q": "تدمير"}],
    "looting-incidents": [{}, {"ordering": "-date"}, {"q": "تنقيب"}],
    "people": [{}, {"q": "A. K."}],
    "actors": [{}, {"q": "داعش"}],
    "sources": [{}, {"q": "تقرير"}],
    "objects": [{}, {"country": "SY"}, {"q": "bust"}],
}


@pytest.fixture
def registry():
    """A generated registry and the records that test every protection rule."""
    generate(Scale(events=150, people=20, sources=20), seed=5)
    factories.full_record_set(arabic=True)
    hidden_actor = factories.ActorFactory(status=PublicationStatus.DRAFT)
    restricted = factories.SiteFactory(
        name="Hidden tell",
        location_sensitivity=LocationSensitivity.RESTRICTED,
        other_countries=["LB", "IQ"],
        unesco_regions="arb,eur",
    )
    generalised = factories.SiteFactory(
        name="Coarse tell", location_sensitivity=LocationSensitivity.GENERALISED
    )
    for kind, reference, year_from, year_to in [
        (DesignationKind.WORLD_HERITAGE, "901", 1980, None),
        (DesignationKind.IN_DANGER, "901-1982", 1982, 1990),
        (DesignationKind.IN_DANGER, "901-2013", 2013, None),
    ]:
        generalised.designations.create(
            kind=kind,
            reference=reference,
            criteria="(i)(iv)",
            year_from=year_from,
            year_to=year_to,
        )
    factories.StructureFactory(site=restricted, latitude="33.1", longitude="36.2")
    factories.StructureFactory(site=generalised)
    factories.DamageEventFactory(
        site=restricted, perpetrator=hidden_actor, attribution="alleged"
    )
    factories.LootingIncidentFactory(
        site=generalised, perpetrator=hidden_actor, attribution="claimed"
    )
    factories.DamageEventFactory(site=generalised, status=PublicationStatus.DRAFT)
    draft = factories.SiteFactory(name="Draft tell", status=PublicationStatus.DRAFT)
    factories.CulturalObjectFactory(title="Bust from a draft tell", origin_site=draft)
    bust = factories.CulturalObjectFactory(
        title="Bust of Aqmat", origin_site=generalised, country_of_origin="SY"
    )
    bust.materials.set(Term.objects.filter(vocabulary="material")[:2])
    factories.PersonFactory(
        visibility=Visibility.PSEUDONYMOUS, pseudonym="A. K.", name="Secret"
    )


def json_records(client, endpoint, params):
    records, page = [], 1
    while True:
        response = client.get(url(endpoint), {**params, "page": page, "page_size": 500})
        assert response.status_code == 200, response.content
        data = response.json()
        records += data["results"]
        if not data["next"]:
            return records
        page += 1


def csv_records(client, endpoint, params):
    response = client.get(url(endpoint), {**params, "format": "csv"})
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(body(response))))


def geojson_records(client, endpoint, params):
    response = client.get(url(endpoint), {**params, "format": "geojson"})
    assert response.status_code == 200
    return json.loads(body(response))["features"]


FORMATS = {"json": json_records, "csv": csv_records, "geojson": geojson_records}


def assert_same(as_values, as_instances, where):
    """Record by record, field by field, naming the first difference."""
    assert len(as_values) == len(as_instances), where
    for index, (mine, theirs) in enumerate(zip(as_values, as_instances, strict=True)):
        if isinstance(mine, dict):
            assert list(mine) == list(theirs), (where, index)
            for name in theirs:
                assert mine[name] == theirs[name], (where, index, name)
        else:
            assert mine == theirs, (where, index)


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("endpoint", list(LISTS))
def test_values_and_instances_give_the_same_lists(
    client, registry, monkeypatch, endpoint, language
):
    view = LISTS[endpoint]
    assert view.reader is not None  # the list is read as values
    # Exports read in chunks of 7 records: what the related readers keep from one
    # chunk to the next (a perpetrator found public or hidden) is exercised.
    monkeypatch.setattr(rows, "CHUNK", 7)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    formats = [
        name for name in FORMATS if any(r.format == name for r in view.renderer_classes)
    ]
    assert "csv" in formats
    for params in QUESTIONS[endpoint]:
        for name in formats:
            read = FORMATS[name]
            as_values = read(client, endpoint, params)
            with monkeypatch.context() as patch:
                patch.setattr(view, "reader", None)  # the instance path
                as_instances = read(client, endpoint, params)
            assert as_values, (endpoint, params, name)
            assert_same(as_values, as_instances, (endpoint, params, name))


def test_protected_values_stay_protected_on_the_values_path(client, registry):
    """What the rules hide is hidden in what the values path writes."""
    sites = {site["name"]: site for site in json_records(client, "sites", {})}
    assert "Draft tell" not in sites
    assert sites["Hidden tell"]["location"] == {
        "latitude": None,
        "longitude": None,
        "precision": "withheld",
    }
    assert sites["Hidden tell"]["countries"] == ["SY", "IQ", "LB"]
    coarse = sites["Coarse tell"]
    assert coarse["location"]["precision"] == "generalised"
    assert coarse["unesco_id"] == "901"
    assert coarse["criteria"] == ["i", "iv"]
    assert coarse["in_danger_periods"] == ["1982–1990", "2013–"]
    events = json_records(client, "damage-events", {"site": sites["Hidden tell"]["id"]})
    assert [(e["perpetrator"], e["attribution"]) for e in events] == [(None, "")]
    features = geojson_records(
        client, "structures", {"site": sites["Hidden tell"]["id"]}
    )
    assert [feature["geometry"] for feature in features] == [None]
    objects = {o["title"]: o for o in json_records(client, "objects", {})}
    assert "Bust from a draft tell" not in objects  # its site is not public
    assert objects["Bust of Aqmat"]["origin_site"]["name"] == "Coarse tell"
    assert len(objects["Bust of Aqmat"]["materials"]) == 2


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_sites_latest_records_read_as_values_are_those_read_as_instances(
    client, registry, monkeypatch, language
):
    """A site's detail reads its latest events, incidents and objects as their lists
    read them: every site's detail is what the instance path gives, field by field
    (a hidden perpetrator, a draft event and a draft site's object included)."""
    from registry.publishing import visibility

    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    sites = json_records(client, "sites", {})
    compared = 0
    for site in sites:
        as_values = client.get(site["url"]).json()
        with monkeypatch.context() as patch:
            patch.setattr(
                views.SiteViewSet,
                "complete",
                lambda self, record: visibility.attach_latest(record),
            )
            as_instances = client.get(site["url"]).json()
        for nested in ("damage_events", "looting_incidents", "cultural_objects"):
            assert_same(as_values[nested], as_instances[nested], (site["name"], nested))
            compared += len(as_values[nested])
        assert as_values == as_instances, site["name"]
    assert compared > 100  # the generated registry's events and objects


def test_an_events_row_carries_its_sites_coordinates_as_its_instance_does():
    """An event's row holds its site's latitude and longitude as the model instance
    does: Decimals to the column's six places (SQLite stores them as floats, and
    35.1 is not 35.100000), converted once for the site that its events' rows
    share."""
    from decimal import Decimal

    from registry.models import DamageEvent

    site = factories.SiteFactory(latitude="35.100000", longitude="-0.300000")
    for _ in range(2):
        factories.DamageEventFactory(site=site, status=PublicationStatus.PUBLISHED)
    queryset = DamageEvent.objects.published().order_by("pk")
    events = list(rows.damage_events.stream(queryset))
    instance = queryset.select_related("site").first().site
    assert len(events) == 2
    assert events[0].site is events[1].site
    for name in ("latitude", "longitude"):
        value = getattr(events[0].site, name)
        assert type(value) is Decimal
        assert value == getattr(instance, name) == Decimal(f"{getattr(site, name)}")
    assert str(events[0].site.latitude) == "35.100000"


def test_an_exports_perpetrators_are_read_once_each_however_many_its_chunks(
    client, monkeypatch
):
    """The same few actors are the perpetrators of thousands of events: an export
    reads each once, not once per chunk of 500 events (here 7) it streams, and
    names the hidden one in none of them."""
    monkeypatch.setattr(rows, "CHUNK", 7)
    site = factories.SiteFactory()
    known = factories.ActorFactory(name="Known brigade")
    hidden = factories.ActorFactory(
        name="Unconfirmed cell", status=PublicationStatus.DRAFT
    )
    for number in range(40):
        factories.DamageEventFactory(
            site=site,
            title=f"Shelling {number}",
            perpetrator=known if number % 2 else hidden,
            attribution="alleged",
        )
    with CaptureQueriesContext(connection) as queries:
        lines = csv_records(client, "damage-events", {})
    header, records = lines[0], lines[1:]
    assert len(records) == 40  # six chunks
    named = [line[header.index("perpetrator_name")] for line in records]
    assert sorted(set(named)) == ["", "Known brigade"]
    assert named.count("Known brigade") == 20
    actor_queries = [
        query
        for query in queries.captured_queries
        if 'FROM "registry_actor"' in query["sql"]
    ]
    assert 1 <= len(actor_queries) <= 2  # once per actor at most, not per chunk


@pytest.mark.parametrize("zone", ["UTC", "Asia/Damascus"])
def test_timestamps_read_as_values_are_written_as_the_instance_path_writes_them(
    client, monkeypatch, zone
):
    """SQLite's stored text becomes ISO 8601 without a datetime in between, in UTC;
    in any other time zone a datetime is made as before. Either way, a list's
    ``updated_at`` is the instance path's, with microseconds and without."""
    whole = datetime(2016, 3, 12, 10, 4, 5, tzinfo=UTC)
    fraction = whole.replace(microsecond=123456)
    for moment, name in ((whole, "Whole second"), (fraction, "Fraction")):
        site = factories.SiteFactory(name=name)
        type(site).objects.filter(pk=site.pk).update(updated_at=moment)
    expected = {
        "Whole second": whole.astimezone(ZoneInfo(zone)).isoformat(),
        "Fraction": fraction.astimezone(ZoneInfo(zone)).isoformat(),
    }
    expected = {
        name: text[:-6] + "Z" if text.endswith("+00:00") else text
        for name, text in expected.items()
    }
    with timezone.override(zone):
        as_values = {
            format_: read(client, "sites", {}) for format_, read in FORMATS.items()
        }
        with monkeypatch.context() as patch:
            patch.setattr(views.SiteViewSet, "reader", None)
            as_instances = {
                format_: read(client, "sites", {}) for format_, read in FORMATS.items()
            }
    for format_ in FORMATS:
        assert_same(as_values[format_], as_instances[format_], format_)
    pages = {site["name"]: site["updated_at"] for site in as_values["json"]}
    assert pages == expected
    header, *lines = as_values["csv"]
    cells = {
        line[header.index("name")]: line[header.index("updated_at")] for line in lines
    }
    assert cells == expected


def test_an_exports_terms_keep_the_vocabularys_order_from_chunk_to_chunk(
    client, monkeypatch
):
    """A record's effects are listed in the vocabulary's order (its sort order,
    then its label), whichever order they were added in, in every chunk of an
    export: here the first chunks meet one effect, a later one all three."""
    monkeypatch.setattr(rows, "CHUNK", 7)
    first, second, third = (
        Term.objects.create(
            vocabulary="effect_type", code=code, label_en=label, sort_order=order
        )
        for code, label, order in (
            ("zz-last", "Burnt", 9),
            ("zz-first", "Toppled", 1),
            ("zz-middle", "Cracked", 1),
        )
    )
    site = factories.SiteFactory()
    events = [
        factories.DamageEventFactory(site=site, title=f"Blast {n}") for n in range(30)
    ]
    for event in events:
        event.effects.add(first)
    events[-1].effects.add(second, third)
    events[0].effects.add(third)
    expected = Term.objects.filter(vocabulary="effect_type", code__startswith="zz-")
    assert [t.code for t in expected] == ["zz-middle", "zz-first", "zz-last"]
    header, *lines = csv_records(client, "damage-events", {})
    codes = {
        line[header.index("title")]: line[header.index("effects_code")]
        for line in lines
    }
    assert codes["Blast 29"] == "zz-middle; zz-first; zz-last"
    assert codes["Blast 0"] == "zz-middle; zz-last"
    assert codes["Blast 15"] == "zz-last"
    with monkeypatch.context() as patch:
        patch.setattr(views.DamageEventViewSet, "reader", None)
        assert csv_records(client, "damage-events", {}) == [header, *lines]
