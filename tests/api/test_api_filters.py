"""Every filter of the public API: a record it finds, a record it leaves out, and a
400 naming the parameter when a value does not parse."""

import datetime
import functools
import uuid

import pytest

from registry.models import (
    Citation,
    Designation,
    LootingIncident,
    Name,
    ObjectReference,
    Term,
)
from tests import factories
from tests.support import API, pid

pytestmark = pytest.mark.django_db

SITES = f"{API}sites/"
STRUCTURES = f"{API}structures/"
EVENTS = f"{API}damage-events/"
INCIDENTS = f"{API}looting-incidents/"
OBJECTS = f"{API}objects/"
PEOPLE = f"{API}people/"
ACTORS = f"{API}actors/"
SOURCES = f"{API}sources/"


def ids(client, url, **params):
    """The public ids listed by ``url`` with ``params`` (a list value repeats it)."""
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return {record["id"] for record in response.json()["results"]}


def ordered_ids(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return [record["id"] for record in response.json()["results"]]


def assert_filters(client, url, params, matching, non_matching):
    """``params`` finds every record of ``matching`` and none of ``non_matching``."""
    found = ids(client, url, **params)
    for record in matching:
        assert pid(record) in found, (params, record)
    for record in non_matching:
        assert pid(record) not in found, (params, record)


def set_updated_at(record, moment):
    # ``update()`` bypasses auto_now: the only way to age a record.
    type(record).objects.filter(pk=record.pk).update(updated_at=moment)


def division(code, name, country="SY"):
    return factories.AdminDivisionFactory(country=country, name=name, code=code)


def narrower_term(vocabulary, code, parent):
    return Term.objects.create(
        vocabulary=vocabulary,
        code=code,
        label_en=code.replace("-", " ").capitalize(),
        parent=factories.term(vocabulary, parent),
    )


# Filters of one shape, on several endpoints ------------------------------------------
#
# Each case makes the records its filter must find and the records it must leave out,
# then asks: every case proves both. The ids name the endpoint and the filter.

FACTORY = {
    SITES: factories.SiteFactory,
    STRUCTURES: factories.StructureFactory,
    EVENTS: factories.DamageEventFactory,
    INCIDENTS: factories.LootingIncidentFactory,
    OBJECTS: factories.CulturalObjectFactory,
    PEOPLE: factories.PersonFactory,
    ACTORS: factories.ActorFactory,
    SOURCES: factories.SourceFactory,
}


def site_field(url):
    """The field that holds the site of a record of ``url``."""
    return "origin_site" if url == OBJECTS else "site"


def later(make, *args, **kwargs):
    """``make(*args, **kwargs)``, called when the test runs: cases are collected
    before the test database exists."""
    return functools.partial(make, *args, **kwargs)


def term(vocabulary, code):
    """A term of a seeded vocabulary, looked up when the test runs."""
    return later(factories.term, vocabulary, code)


def made(value):
    """``value``, or what it makes if it is made ``later`` (or is a factory)."""
    return value() if callable(value) else value


HOMS = later(division, "SY-HI", "Homs Governorate")
ALEPPO = later(division, "SY-HL", "Aleppo Governorate")


def case(url, params, *values, also=""):
    """A case whose id names the endpoint, the filter (``params``: its parameters
    or its name) and, if given, ``also``."""
    names = [params] if isinstance(params, str) else list(params)
    endpoint = url.removeprefix(API).strip("/")
    return pytest.param(
        url, params, *values, id="-".join([endpoint, *names, *filter(None, [also])])
    )


@pytest.mark.parametrize(
    ("url", "params", "field", "found", "left_out"),
    [
        case(
            SITES, {"admin_division": "SY-HI"}, "admin_division", [HOMS], [ALEPPO, None]
        ),
        case(
            SITES,
            {"site_type": "museum"},
            "site_type",
            [term("site_type", "museum")],
            [term("site_type", "historic-city")],
        ),
        case(SITES, {"condition": "destroyed"}, "condition", ["destroyed"], ["good"]),
        case(
            STRUCTURES,
            {"q": "temple of bel"},
            "name",
            ["Temple of Bel"],
            ["Roman theatre"],
            also="english_name",
        ),
        case(
            STRUCTURES,
            {"structure_type": "temple"},
            "structure_type",
            [term("structure_type", "temple")],
            [term("structure_type", "theatre")],
        ),
        case(
            STRUCTURES,
            {"structure_type": "tomb"},
            "structure_type",
            [term("structure_type", "tower-tomb"), term("structure_type", "tomb")],
            [term("structure_type", "temple")],
            also="broader_includes_narrower",
        ),
        case(
            STRUCTURES, {"condition": "destroyed"}, "condition", ["destroyed"], ["fair"]
        ),
        case(
            EVENTS,
            {"cause_category": "armed_conflict"},
            "cause_category",
            ["armed_conflict"],
            ["deliberate"],
        ),
        case(EVENTS, {"extent": "91-100"}, "extent", ["91-100"], ["1-10"]),
        case(
            EVENTS,
            {"condition_after": "destroyed"},
            "condition_after",
            ["destroyed"],
            ["poor"],
        ),
        case(
            EVENTS,
            {"verification": "confirmed"},
            "verification",
            ["confirmed"],
            ["reported"],
        ),
        case(
            EVENTS,
            {"cause_type": "explosion"},
            "cause_type",
            [term("cause_type", "explosion")],
            [term("cause_type", "fire"), None],
        ),
        case(
            EVENTS,
            {"certainty": "medium,high"},
            "certainty",
            ["medium", "high"],
            ["low"],
            also="several_in_one_value",
        ),
        case(
            EVENTS,
            {"certainty": ["low", "high"]},
            "certainty",
            ["low", "high"],
            ["medium"],
            also="several_values",
        ),
        case(
            EVENTS,
            {"certainty_min": "medium"},
            "certainty",
            ["medium", "high", "definite"],
            ["negligible", "low"],
        ),
        case(
            EVENTS,
            {"q": "temple of BEL"},
            "title",
            ["Destruction of the Temple of Bel"],
            ["Shelling of the citadel"],
            also="title",
        ),
        case(
            INCIDENTS,
            {"kind": "theft_from_store"},
            "kind",
            ["theft_from_store"],
            ["illegal_excavation"],
        ),
        case(INCIDENTS, {"certainty_min": "medium"}, "certainty", ["high"], ["low"]),
        case(
            OBJECTS,
            {"object_type": "funerary-bust"},
            "object_type",
            [term("object_type", "funerary-bust")],
            [term("object_type", "coin")],
        ),
        case(
            OBJECTS,
            {"object_type": "sculpture"},
            "object_type",
            [term("object_type", "funerary-bust"), term("object_type", "statue")],
            [term("object_type", "pottery-vessel")],
            also="broader_includes_narrower",
        ),
        case(
            OBJECTS,
            {"red_list_category": "writing"},
            "red_list_category",
            ["writing"],
            ["seals", ""],
        ),
        case(
            OBJECTS,
            {"status": "on_market,returned"},
            "current_status",
            ["on_market", "returned"],
            ["missing"],
        ),
        case(
            OBJECTS,
            {"q": "BUST OF A"},
            "title",
            ["Funerary bust of a woman"],
            ["Silver tetradrachm"],
            also="title",
        ),
        case(
            PEOPLE,
            {"q": "asaad"},
            "name",
            ["Khaled al-Asaad"],
            ["Omar Haddad"],
            also="public_name",
        ),
        case(ACTORS, {"kind": "museum"}, "kind", ["museum"], ["armed_group"]),
        case(SOURCES, {"kind": "imagery"}, "kind", ["imagery"], ["news"]),
        case(
            SOURCES,
            {"published_after": "2015-01-01"},
            "published_on",
            [datetime.date(2015, 1, 1)],
            [datetime.date(2014, 12, 31), None],
        ),
        case(
            SOURCES,
            {"published_before": "2014-12-31"},
            "published_on",
            [datetime.date(2014, 12, 31)],
            [datetime.date(2015, 1, 1), None],
        ),
        case(
            SOURCES,
            {"q": "palmyra"},
            "title",
            ["Satellite-based damage assessment of Palmyra"],
            ["Press release"],
            also="title",
        ),
    ],
)
def test_filter_by_a_field_of_the_record(client, url, params, field, found, left_out):
    """Records that differ in one field: those with a value the filter asks for
    are found, the others are not."""
    matching = [FACTORY[url](**{field: made(value)}) for value in found]
    non_matching = [FACTORY[url](**{field: made(value)}) for value in left_out]
    assert_filters(client, url, params, matching, non_matching)


@pytest.mark.parametrize(
    ("url", "params", "field", "found", "left_out"),
    [
        case(STRUCTURES, {"country": "iq"}, "country", ["IQ"], ["SY"]),
        case(EVENTS, {"country": "SY"}, "country", ["SY"], ["IQ"]),
        case(EVENTS, {"admin_division": "SY-HL"}, "admin_division", [ALEPPO], [HOMS]),
        case(INCIDENTS, {"country": "IQ"}, "country", ["IQ"], ["SY"]),
        case(INCIDENTS, {"admin_division": "SY-HI"}, "admin_division", [HOMS], [None]),
        case(OBJECTS, {"country": "sy"}, "country", ["SY"], ["IQ"]),
        case(OBJECTS, {"admin_division": "SY-HI"}, "admin_division", [HOMS], [ALEPPO]),
    ],
)
def test_filter_by_a_field_of_the_records_site(
    client, url, params, field, found, left_out
):
    """Records at sites that differ in one field: those at a site with a value the
    filter asks for are found, the others are not."""

    def at_site(value):
        site = factories.SiteFactory(**{field: made(value)})
        return FACTORY[url](**{site_field(url): site})

    matching = [at_site(value) for value in found]
    non_matching = [at_site(value) for value in left_out]
    assert_filters(client, url, params, matching, non_matching)


@pytest.mark.parametrize(
    ("url", "param", "field", "linked", "others"),
    [
        case(
            STRUCTURES, "site", "site", factories.SiteFactory, [factories.SiteFactory]
        ),
        case(EVENTS, "site", "site", factories.SiteFactory, [factories.SiteFactory]),
        case(INCIDENTS, "site", "site", factories.SiteFactory, [factories.SiteFactory]),
        case(
            OBJECTS,
            "site",
            "origin_site",
            factories.SiteFactory,
            [factories.SiteFactory, None],
        ),
        case(
            SOURCES,
            "publisher",
            "publisher",
            later(factories.ActorFactory, kind="international"),
            [later(factories.ActorFactory, kind="media"), None],
        ),
    ],
)
def test_filter_by_a_linked_records_id(client, url, param, field, linked, others):
    """The record linked to ``linked`` is found by its public id; records linked to
    another record, or to none, are not."""
    record = made(linked)
    matching = FACTORY[url](**{field: record})
    non_matching = [FACTORY[url](**{field: made(other)}) for other in others]
    assert_filters(client, url, {param: pid(record)}, [matching], non_matching)


@pytest.mark.parametrize(
    ("url", "params", "relation", "vocabulary", "found", "left_out"),
    [
        case(SITES, {"period": "roman"}, "periods", "period", ["roman"], ["ottoman"]),
        case(
            EVENTS,
            {"effect": "collapse"},
            "effects",
            "effect_type",
            ["collapse"],
            ["burning"],
        ),
        case(
            OBJECTS,
            {"material": "marble"},
            "materials",
            "material",
            ["marble"],
            ["bronze"],
        ),
        case(
            OBJECTS,
            {"material": "stone"},
            "materials",
            "material",
            ["marble"],
            ["bronze"],
            also="broader_includes_narrower",
        ),
        case(PEOPLE, {"role": "custodian"}, "roles", "role", ["custodian"], ["guard"]),
    ],
)
def test_filter_by_a_term_the_record_holds(
    client, url, params, relation, vocabulary, found, left_out
):
    """Records holding different terms of a vocabulary (periods, effects,
    materials, roles): those holding a term the filter asks for are found."""

    def holding(code):
        record = FACTORY[url]()
        getattr(record, relation).add(factories.term(vocabulary, code))
        return record

    matching = [holding(code) for code in found]
    non_matching = [holding(code) for code in left_out]
    assert_filters(client, url, params, matching, non_matching)


# Sites -------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["tadmur", "TADMUR", "Tadmur"])
def test_sites_filter_by_q_latin_name_any_case(client, query):
    palmyra = factories.SiteFactory(name="Palmyra")
    factories.attach(Name, palmyra, name="Tadmur", language="ar-Latn")
    other = factories.SiteFactory(name="Apamea")
    factories.attach(Name, other, name="Afamia", language="ar-Latn")
    assert_filters(client, SITES, {"q": query}, [palmyra], [other])


def test_sites_filter_by_q_arabic_name_ignores_diacritics(client):
    palmyra = factories.SiteFactory(name="Palmyra", name_ar="")
    factories.attach(Name, palmyra, name="تَدْمُر", language="ar")
    other = factories.SiteFactory(name="Apamea", name_ar="")
    factories.attach(Name, other, name="أفاميا", language="ar")
    assert_filters(client, SITES, {"q": "تدمر"}, [palmyra], [other])


def test_sites_filter_by_q_folds_latin_spelling(client):
    site = factories.SiteFactory(name="Citadel of Aleppo")
    factories.attach(Name, site, name="Qal'at Ḥalab", language="ar-Latn")
    other = factories.SiteFactory(name="Krak des Chevaliers")
    assert_filters(client, SITES, {"q": "qalat halab"}, [site], [other])


@pytest.mark.parametrize("code", ["SY", "sy"])
def test_sites_filter_by_country(client, code):
    syria = factories.SiteFactory(country="SY")
    iraq = factories.SiteFactory(country="IQ")
    assert_filters(client, SITES, {"country": code}, [syria], [iraq])


@pytest.mark.parametrize("value", ["SY,IQ", "sy, iq", ["SY", "IQ"]])
def test_sites_filter_by_several_countries(client, value):
    syria = factories.SiteFactory(country="SY")
    iraq = factories.SiteFactory(country="IQ")
    lebanon = factories.SiteFactory(country="LB")
    assert_filters(client, SITES, {"country": value}, [syria, iraq], [lebanon])


def test_sites_filter_by_broader_site_type_includes_narrower(client):
    caravanserai = narrower_term("site_type", "caravanserai", "historic-building")
    khan = factories.SiteFactory(site_type=caravanserai)
    building = factories.SiteFactory(
        site_type=factories.term("site_type", "historic-building")
    )
    museum = factories.SiteFactory(site_type=factories.term("site_type", "museum"))
    assert_filters(
        client, SITES, {"site_type": "historic-building"}, [khan, building], [museum]
    )
    # The narrower code does not widen to its broader term.
    assert_filters(client, SITES, {"site_type": "caravanserai"}, [khan], [building])


def test_sites_filter_by_current_designation(client):
    current = factories.SiteFactory()
    Designation.objects.create(site=current, kind="world_heritage", year_from=1980)
    ended = factories.SiteFactory()
    Designation.objects.create(
        site=ended, kind="world_heritage", year_from=1980, year_to=2000
    )
    other_kind = factories.SiteFactory()
    Designation.objects.create(site=other_kind, kind="national", year_from=1999)
    assert_filters(
        client,
        SITES,
        {"designation": "world_heritage"},
        [current],
        [ended, other_kind],
    )


@pytest.mark.parametrize(
    ("value", "found", "left_out"),
    [
        pytest.param("true", ["damaged"], ["draft_only", "untouched"], id="true"),
        # A site whose only event is unpublished counts as undamaged.
        pytest.param("false", ["draft_only", "untouched"], ["damaged"], id="false"),
    ],
)
def test_sites_filter_damaged_ignores_unpublished_events(
    client, value, found, left_out
):
    sites = {
        "damaged": factories.SiteFactory(),
        "draft_only": factories.SiteFactory(),
        "untouched": factories.SiteFactory(),
    }
    factories.DamageEventFactory(site=sites["damaged"])
    factories.DamageEventFactory(site=sites["draft_only"], status="draft")
    assert_filters(
        client,
        SITES,
        {"damaged": value},
        [sites[name] for name in found],
        [sites[name] for name in left_out],
    )


def test_sites_filter_by_bbox_public_site(client):
    palmyra = factories.SiteFactory(latitude="34.554167", longitude="38.266667")
    aleppo = factories.SiteFactory(latitude="36.199444", longitude="37.1625")
    assert_filters(client, SITES, {"bbox": "38,34,39,35"}, [palmyra], [aleppo])
    assert_filters(client, SITES, {"bbox": "37,36,38,37"}, [aleppo], [palmyra])


def test_sites_filter_by_bbox_generalised_site_uses_its_cell(client):
    # Shown publicly as 34.6, 38.3: the exact point must not be inferable.
    site = factories.SiteFactory(
        latitude="34.56", longitude="38.26", location_sensitivity="generalised"
    )
    cell_only = "38.29,34.59,38.31,34.61"  # holds the cell, not the point
    point_only = "38.25,34.55,38.27,34.57"  # holds the point, not the cell
    assert pid(site) in ids(client, SITES, bbox=cell_only)
    assert pid(site) not in ids(client, SITES, bbox=point_only)


def test_sites_bbox_across_the_antimeridian_and_in_either_latitude_order(client):
    """RFC 7946: west above east is a box across the antimeridian (Fiji's)."""
    fiji = factories.SiteFactory(latitude="-18.1", longitude="178.4")
    palmyra = factories.SiteFactory()
    assert_filters(client, SITES, {"bbox": "177,-20,-178,-15"}, [fiji], [palmyra])
    assert_filters(client, SITES, {"bbox": "177,-15,-178,-20"}, [fiji], [palmyra])
    assert_filters(client, SITES, {"bbox": "38,35,39,34"}, [palmyra], [fiji])


@pytest.mark.parametrize(
    "bbox", ["-180,-90,180,90", "38,34,39,35", "38.25,34.55,38.27,34.57"]
)
def test_sites_filter_by_bbox_never_finds_restricted_site(client, bbox):
    restricted = factories.SiteFactory(
        latitude="34.56", longitude="38.26", location_sensitivity="restricted"
    )
    public = factories.SiteFactory(latitude="34.56", longitude="38.26")
    assert_filters(client, SITES, {"bbox": bbox}, [public], [restricted])


def test_sites_filter_by_updated_since(client):
    old = factories.SiteFactory()
    set_updated_at(old, datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    new = factories.SiteFactory()
    set_updated_at(new, datetime.datetime(2024, 6, 1, tzinfo=datetime.UTC))
    assert_filters(
        client, SITES, {"updated_since": "2024-01-01T00:00:00Z"}, [new], [old]
    )


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("name", ["Alpha", "Bravo", "Charlie"]),
        ("-name", ["Charlie", "Bravo", "Alpha"]),
    ],
)
def test_sites_ordering_by_name(client, ordering, expected):
    for name in ("Bravo", "Charlie", "Alpha"):
        factories.SiteFactory(name=name)
    response = client.get(SITES, {"ordering": ordering})
    assert response.status_code == 200, response.content
    assert [r["name"] for r in response.json()["results"]] == expected


def test_sites_ordering_by_latitude_uses_public_location(client):
    north = factories.SiteFactory(latitude="36.2", longitude="37.1")
    south = factories.SiteFactory(latitude="32.5", longitude="36.3")
    middle = factories.SiteFactory(latitude="34.5", longitude="38.2")
    assert ordered_ids(client, SITES, ordering="latitude") == [
        pid(south),
        pid(middle),
        pid(north),
    ]
    assert ordered_ids(client, SITES, ordering="-latitude") == [
        pid(north),
        pid(middle),
        pid(south),
    ]


# Structures --------------------------------------------------------------------------


def test_structures_filter_by_q_attached_name(client):
    bel = factories.StructureFactory(name="Temple of Bel")
    factories.attach(Name, bel, name="Ma'bad Bel", language="ar-Latn")
    theatre = factories.StructureFactory(name="Theatre")
    assert_filters(client, STRUCTURES, {"q": "mabad bel"}, [bel], [theatre])


# Damage events -----------------------------------------------------------------------


def test_damage_events_filter_by_structure(client):
    damage = factories.StructureDamageFactory()
    same_site = factories.DamageEventFactory(site=damage.event.site)
    assert_filters(
        client,
        EVENTS,
        {"structure": pid(damage.structure)},
        [damage.event],
        [same_site],
    )


def test_damage_events_filter_by_perpetrator(client):
    actor = factories.ActorFactory()
    theirs = factories.DamageEventFactory(perpetrator=actor, attribution="claimed")
    others = factories.DamageEventFactory(
        perpetrator=factories.ActorFactory(), attribution="claimed"
    )
    unattributed = factories.DamageEventFactory()
    assert_filters(
        client, EVENTS, {"perpetrator": pid(actor)}, [theirs], [others, unattributed]
    )


def test_damage_events_filter_by_several_sites(client):
    first, second = factories.DamageEventFactory(), factories.DamageEventFactory()
    third = factories.DamageEventFactory()
    value = f"{pid(first.site)},{pid(second.site)}"
    assert_filters(client, EVENTS, {"site": value}, [first, second], [third])


def test_damage_events_filter_by_perpetrator_ignores_unpublished_actor(client):
    draft = factories.ActorFactory(status="draft")
    hidden = factories.DamageEventFactory(perpetrator=draft, attribution="alleged")
    public = factories.ActorFactory()
    shown = factories.DamageEventFactory(perpetrator=public, attribution="alleged")
    value = f"{pid(draft)},{pid(public)}"
    assert_filters(client, EVENTS, {"perpetrator": value}, [shown], [hidden])


def test_damage_events_filter_by_source_ignores_confidential_source(client):
    # Which events a confidential source supports must not be revealed.
    confidential = factories.SourceFactory(confidential=True)
    hidden = factories.DamageEventFactory()
    factories.attach(Citation, hidden, source=confidential)
    public = factories.SourceFactory()
    shown = factories.DamageEventFactory()
    factories.attach(Citation, shown, source=public)
    value = f"{pid(confidential)},{pid(public)}"
    assert_filters(client, EVENTS, {"source": value}, [shown], [hidden])


def test_damage_events_filter_by_attribution(client):
    claimed = factories.DamageEventFactory(
        perpetrator=factories.ActorFactory(), attribution="claimed"
    )
    alleged = factories.DamageEventFactory(
        perpetrator=factories.ActorFactory(), attribution="alleged"
    )
    assert_filters(client, EVENTS, {"attribution": "claimed"}, [claimed], [alleged])


def before_january_2017(**kwargs):
    """An event known only as 'before January 2017'."""
    return factories.DamageEventFactory(
        date_mode="before",
        date_from=None,
        date_to=datetime.date(2017, 1, 1),
        date_precision="month",
        **kwargs,
    )


def test_damage_events_filter_by_date_range_month_precision(client):
    august = factories.DamageEventFactory(
        date_mode="on", date_precision="month", date_from=datetime.date(2015, 8, 1)
    )
    march_2016 = factories.DamageEventFactory(
        date_mode="on", date_precision="month", date_from=datetime.date(2016, 3, 1)
    )
    assert_filters(
        client,
        EVENTS,
        {"date_after": "2015-08-01", "date_before": "2015-08-31"},
        [august],
        [march_2016],
    )


def test_damage_events_filter_by_date_before_is_strict(client):
    august = factories.DamageEventFactory(
        date_mode="on", date_precision="month", date_from=datetime.date(2015, 8, 1)
    )
    # Known only as "2015": it may have happened after 31 August.
    year_2015 = factories.DamageEventFactory(
        date_mode="on", date_precision="year", date_from=datetime.date(2015, 1, 1)
    )
    assert_filters(client, EVENTS, {"date_before": "2015-08-31"}, [august], [year_2015])


def test_damage_events_filter_by_date_after_is_strict(client):
    before_2017 = before_january_2017()
    in_2016 = factories.DamageEventFactory(
        date_mode="on", date_precision="day", date_from=datetime.date(2016, 5, 20)
    )
    assert_filters(
        client, EVENTS, {"date_after": "2015-01-01"}, [in_2016], [before_2017]
    )


def test_damage_events_filter_by_date_overlap_includes_open_ended(client):
    before_2017 = before_january_2017()
    before_mid_2014 = factories.DamageEventFactory(
        date_mode="before",
        date_from=None,
        date_to=datetime.date(2014, 6, 1),
        date_precision="month",
    )
    assert_filters(
        client,
        EVENTS,
        {"date_after": "2015-01-01", "date_overlap": "true"},
        [before_2017],
        [before_mid_2014],
    )


def test_damage_events_filter_by_date_overlap_with_both_bounds(client):
    between = factories.DamageEventFactory(
        date_mode="between",
        date_precision="year",
        date_from=datetime.date(2014, 1, 1),
        date_to=datetime.date(2016, 1, 1),
    )
    later = factories.DamageEventFactory(
        date_mode="after", date_precision="month", date_from=datetime.date(2016, 2, 1)
    )
    params = {"date_after": "2015-03-01", "date_before": "2015-03-31"}
    assert_filters(client, EVENTS, params, [], [between, later])
    assert_filters(
        client, EVENTS, {**params, "date_overlap": "true"}, [between], [later]
    )


def test_damage_events_filter_by_source(client):
    source = factories.SourceFactory()
    cited = factories.DamageEventFactory()
    factories.attach(Citation, cited, source=source)
    cites_other = factories.DamageEventFactory()
    factories.attach(Citation, cites_other, source=factories.SourceFactory())
    uncited = factories.DamageEventFactory()
    assert_filters(
        client, EVENTS, {"source": pid(source)}, [cited], [cites_other, uncited]
    )


def test_damage_events_filter_by_source_ignores_same_pk_of_other_model(client):
    # A Citation names its record by content type and pk: an incident citing the
    # source must not make the damage event with the same pk match.
    source = factories.SourceFactory()
    event = factories.DamageEventFactory()
    incident = factories.LootingIncidentFactory()
    LootingIncident.objects.filter(pk=incident.pk).update(id=event.pk)
    incident = LootingIncident.objects.get(pk=event.pk)
    factories.attach(Citation, incident, source=source)
    cited = factories.DamageEventFactory()
    factories.attach(Citation, cited, source=source)
    assert_filters(client, EVENTS, {"source": pid(source)}, [cited], [event])


def test_damage_events_filter_by_q_site_name(client):
    palmyra = factories.SiteFactory(name="Palmyra")
    factories.attach(Name, palmyra, name="Tadmur", language="ar-Latn")
    at_palmyra = factories.DamageEventFactory(site=palmyra)
    elsewhere = factories.DamageEventFactory(site=factories.SiteFactory(name="Nimrud"))
    assert_filters(client, EVENTS, {"q": "tadmur"}, [at_palmyra], [elsewhere])


def test_damage_events_filter_by_q_perpetrator_alias(client):
    isil = factories.ActorFactory(name="Islamic State")
    factories.attach(Name, isil, name="Daesh", kind="alias", language="ar-Latn")
    theirs = factories.DamageEventFactory(perpetrator=isil, attribution="claimed")
    others = factories.DamageEventFactory(
        perpetrator=factories.ActorFactory(), attribution="alleged"
    )
    unattributed = factories.DamageEventFactory()
    assert_filters(client, EVENTS, {"q": "daesh"}, [theirs], [others, unattributed])


def test_damage_events_filter_by_q_does_not_reveal_unpublished_perpetrator(client):
    # The draft actor is hidden from the event's data; searching its alias must not
    # reveal that the event is attributed to it.
    draft = factories.ActorFactory(name="Unpublished brigade", status="draft")
    factories.attach(Name, draft, name="Secret Brigade", kind="alias")
    hidden = factories.DamageEventFactory(perpetrator=draft, attribution="alleged")
    public = factories.ActorFactory(name="Public brigade")
    factories.attach(Name, public, name="Open Brigade", kind="alias")
    shown = factories.DamageEventFactory(perpetrator=public, attribution="alleged")
    response = client.get(f"{EVENTS}{hidden.public_id}/")
    assert response.json()["perpetrator"] is None
    assert_filters(client, EVENTS, {"q": "brigade"}, [shown], [hidden])
    assert_filters(client, EVENTS, {"q": "secret brigade"}, [], [hidden])


# Looting incidents -------------------------------------------------------------------


def incident_with_object(**object_fields):
    incident = factories.LootingIncidentFactory()
    factories.CulturalObjectFactory(
        origin_site=incident.site, looting_incident=incident, **object_fields
    )
    return incident


def test_looting_incidents_filter_by_q_does_not_reveal_unpublished_perpetrator(
    client,
):
    draft = factories.ActorFactory(name="Unpublished brigade", status="draft")
    hidden = factories.LootingIncidentFactory(perpetrator=draft, attribution="alleged")
    public = factories.ActorFactory(name="Public brigade")
    shown = factories.LootingIncidentFactory(perpetrator=public, attribution="alleged")
    assert_filters(client, INCIDENTS, {"q": "brigade"}, [shown], [hidden])


WITHOUT_OBJECTS = object()  # in a case: an incident with no object at all


@pytest.mark.parametrize(
    ("url", "params", "field", "found", "left_out"),
    [
        case(
            INCIDENTS,
            {"object_type": "funerary-bust"},
            "object_type",
            [term("object_type", "funerary-bust")],
            [term("object_type", "coin"), WITHOUT_OBJECTS],
        ),
        # A broader type finds incidents with objects of a narrower one.
        case(
            INCIDENTS,
            {"object_type": "sculpture"},
            "object_type",
            [term("object_type", "funerary-bust")],
            [term("object_type", "coin"), WITHOUT_OBJECTS],
            also="broader_includes_narrower",
        ),
        case(
            INCIDENTS,
            {"red_list_category": "figural_sculpture"},
            "red_list_category",
            ["figural_sculpture"],
            ["tesserae_coins"],
        ),
        case(
            INCIDENTS, {"status": "seized"}, "current_status", ["seized"], ["missing"]
        ),
    ],
)
def test_looting_incidents_filter_by_a_field_of_their_objects(
    client, url, params, field, found, left_out
):
    """Incidents whose objects differ in one field: those with an object the filter
    asks for are found; the others, and an incident ``WITHOUT_OBJECTS``, are not."""

    def with_object(value):
        if value is WITHOUT_OBJECTS:
            return factories.LootingIncidentFactory()
        return incident_with_object(**{field: made(value)})

    matching = [with_object(value) for value in found]
    non_matching = [with_object(value) for value in left_out]
    assert_filters(client, url, params, matching, non_matching)


def test_looting_incidents_filter_by_material(client):
    limestone = incident_with_object()
    limestone.cultural_objects.get().materials.add(
        factories.term("material", "limestone")
    )
    bronze = incident_with_object()
    bronze.cultural_objects.get().materials.add(factories.term("material", "bronze"))
    assert_filters(client, INCIDENTS, {"material": "stone"}, [limestone], [bronze])


def test_looting_incidents_filter_by_status_lists_each_incident_once(client):
    incident = incident_with_object(current_status="seized")
    factories.CulturalObjectFactory(
        origin_site=incident.site, looting_incident=incident, current_status="seized"
    )
    response = client.get(INCIDENTS, {"status": "seized"})
    assert response.status_code == 200
    assert response.json()["count"] == 1
    assert [r["id"] for r in response.json()["results"]] == [pid(incident)]


def make_coin(obj):
    obj.object_type = factories.term("object_type", "coin")
    obj.save()


def make_bronze(obj):
    obj.materials.add(factories.term("material", "bronze"))


def make_seal(obj):
    obj.red_list_category = "seals"
    obj.save()


def make_seized(obj):
    obj.current_status = "seized"
    obj.save()


@pytest.mark.parametrize(
    ("param", "value", "describe"),
    [
        ("object_type", "coin", make_coin),
        ("material", "bronze", make_bronze),
        ("red_list_category", "seals", make_seal),
        ("status", "seized", make_seized),
    ],
)
def test_looting_incidents_filter_by_object_ignores_unpublished_objects(
    client, param, value, describe
):
    # Like a draft damage event for ``damaged``, a draft object must not count: its
    # type, material or status is not public yet.
    published = incident_with_object()
    describe(published.cultural_objects.get())
    draft_only = factories.LootingIncidentFactory()
    draft = factories.CulturalObjectFactory(
        origin_site=draft_only.site, looting_incident=draft_only, status="draft"
    )
    describe(draft)
    assert_filters(client, INCIDENTS, {param: value}, [published], [draft_only])


def test_looting_incidents_filter_by_dates(client):
    in_2014 = factories.LootingIncidentFactory(
        date_mode="on", date_precision="year", date_from=datetime.date(2014, 1, 1)
    )
    in_2016 = factories.LootingIncidentFactory(
        date_mode="on", date_precision="year", date_from=datetime.date(2016, 1, 1)
    )
    assert_filters(
        client,
        INCIDENTS,
        {"date_after": "2014-01-01", "date_before": "2014-12-31"},
        [in_2014],
        [in_2016],
    )
    assert_filters(
        client, INCIDENTS, {"date_after": "2015-01-01"}, [in_2016], [in_2014]
    )


def test_looting_incidents_filter_by_q(client):
    apamea = factories.SiteFactory(name="Apamea")
    factories.attach(Name, apamea, name="Afamia", language="ar-Latn")
    at_apamea = factories.LootingIncidentFactory(
        site=apamea, title="Pits across the tell"
    )
    titled = factories.LootingIncidentFactory(title="Theft from the Raqqa museum")
    other = factories.LootingIncidentFactory(title="Digging at Dura-Europos")
    assert_filters(client, INCIDENTS, {"q": "afamia"}, [at_apamea], [titled, other])
    assert_filters(client, INCIDENTS, {"q": "raqqa"}, [titled], [at_apamea, other])


# Cultural objects --------------------------------------------------------------------


def object_from(incident=None, **fields):
    if incident is None:
        incident = factories.LootingIncidentFactory()
    return factories.CulturalObjectFactory(
        origin_site=incident.site, looting_incident=incident, **fields
    )


def test_objects_filter_by_looting_incident(client):
    incident = factories.LootingIncidentFactory()
    from_it = object_from(incident)
    from_another = object_from()
    assert_filters(
        client, OBJECTS, {"looting_incident": pid(incident)}, [from_it], [from_another]
    )


def test_objects_filter_by_broader_object_type_includes_all_levels_below(client):
    # Curators extend the vocabularies; nothing stops a third level.
    palmyrene = narrower_term("object_type", "palmyrene-bust", "funerary-bust")
    grandchild = factories.CulturalObjectFactory(object_type=palmyrene)
    coin = factories.CulturalObjectFactory(
        object_type=factories.term("object_type", "coin")
    )
    assert_filters(
        client, OBJECTS, {"object_type": "funerary-bust"}, [grandchild], [coin]
    )
    assert_filters(client, OBJECTS, {"object_type": "sculpture"}, [grandchild], [coin])


def test_objects_filter_by_q_exact_reference_number(client):
    wanted = factories.CulturalObjectFactory(title="Relief")
    ObjectReference.objects.create(object=wanted, kind="inventory", value="PM-1234")
    longer = factories.CulturalObjectFactory(title="Statue")
    ObjectReference.objects.create(object=longer, kind="inventory", value="PM-12345")
    assert_filters(client, OBJECTS, {"q": "pm-1234"}, [wanted], [longer])
    # A fragment of a number is not a reference.
    assert_filters(client, OBJECTS, {"q": "PM-123"}, [], [wanted, longer])


def test_objects_filter_by_dates_of_looting_incident(client):
    looted_2014 = object_from(
        factories.LootingIncidentFactory(
            date_mode="on", date_precision="year", date_from=datetime.date(2014, 1, 1)
        )
    )
    looted_2016 = object_from(
        factories.LootingIncidentFactory(
            date_mode="on", date_precision="year", date_from=datetime.date(2016, 1, 1)
        )
    )
    no_incident = factories.CulturalObjectFactory()
    assert_filters(
        client,
        OBJECTS,
        {"date_after": "2014-01-01", "date_before": "2014-12-31"},
        [looted_2014],
        [looted_2016, no_incident],
    )
    assert_filters(
        client,
        OBJECTS,
        {"date_after": "2015-01-01"},
        [looted_2016],
        [looted_2014, no_incident],
    )


# People ------------------------------------------------------------------------------


def test_people_filter_by_harm(client):
    killed = factories.HarmEventFactory(kind="killed").person
    detained = factories.HarmEventFactory(kind="detained").person
    unharmed = factories.PersonFactory()
    assert_filters(client, PEOPLE, {"harm": "killed"}, [killed], [detained, unharmed])


def test_people_filter_by_site_looked_after(client):
    site = factories.SiteFactory()
    custodian = factories.PersonFactory()
    custodian.sites.add(site)
    elsewhere = factories.PersonFactory()
    elsewhere.sites.add(factories.SiteFactory())
    assert_filters(client, PEOPLE, {"site": pid(site)}, [custodian], [elsewhere])


def test_people_filter_by_site_harmed_at(client):
    site = factories.SiteFactory()
    harmed_here = factories.HarmEventFactory(site=site).person
    harmed_elsewhere = factories.HarmEventFactory(site=factories.SiteFactory()).person
    assert_filters(
        client, PEOPLE, {"site": pid(site)}, [harmed_here], [harmed_elsewhere]
    )


def test_people_filter_by_site_ignores_unpublished_site(client):
    draft = factories.SiteFactory(status="draft")
    custodian = factories.PersonFactory()
    custodian.sites.add(draft)
    harmed = factories.HarmEventFactory(site=draft).person
    public = factories.SiteFactory()
    shown = factories.HarmEventFactory(site=public).person
    value = f"{pid(draft)},{pid(public)}"
    assert_filters(client, PEOPLE, {"site": value}, [shown], [custodian, harmed])


def test_people_filter_by_q_attached_name_folded(client):
    khaled = factories.PersonFactory(name="Khaled al-Asaad")
    factories.attach(Name, khaled, name="خالد الأسعد", language="ar")
    other = factories.PersonFactory(name="Omar Haddad")
    assert_filters(client, PEOPLE, {"q": "اسعد"}, [khaled], [other])


def test_people_filter_by_q_finds_pseudonym(client):
    pseudonymous = factories.PersonFactory(
        visibility="pseudonymous", name="Real Secret Name", pseudonym="Ali"
    )
    other = factories.PersonFactory(name="Omar Haddad")
    assert_filters(client, PEOPLE, {"q": "Ali"}, [pseudonymous], [other])


@pytest.mark.parametrize("query", ["Secret", "real secret name", "Name"])
def test_people_filter_by_q_never_matches_real_name_of_pseudonymous(client, query):
    pseudonymous = factories.PersonFactory(
        visibility="pseudonymous", name="Real Secret Name", pseudonym="Ali"
    )
    factories.attach(Name, pseudonymous, name="Real Secret Name", language="en")
    # The same name on a public person is found: only the visibility differs.
    public = factories.PersonFactory(name="Real Secret Name", visibility="public")
    assert_filters(client, PEOPLE, {"q": query}, [public], [pseudonymous])


# Actors ------------------------------------------------------------------------------


def test_actors_filter_by_q_alias(client):
    isil = factories.ActorFactory(name="Islamic State")
    factories.attach(Name, isil, name="Daesh", kind="alias", language="ar-Latn")
    army = factories.ActorFactory(name="Syrian Arab Army")
    assert_filters(client, ACTORS, {"q": "DAESH"}, [isil], [army])


# Sources -----------------------------------------------------------------------------


def test_sources_filter_by_publisher_ignores_unpublished_actor(client):
    draft = factories.ActorFactory(status="draft")
    hidden = factories.SourceFactory(publisher=draft)
    public = factories.ActorFactory()
    shown = factories.SourceFactory(publisher=public)
    value = f"{pid(draft)},{pid(public)}"
    assert_filters(client, SOURCES, {"publisher": value}, [shown], [hidden])


# Malformed values --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "params", "name"),
    [
        (EVENTS, {"date_after": "yesterday"}, "date_after"),
        (EVENTS, {"date_before": "2015-13-01"}, "date_before"),
        (SITES, {"bbox": "1,2,3"}, "bbox"),
        (SITES, {"bbox": "1e1,10,20,20"}, "bbox"),
        (SITES, {"bbox": "+10,10,20,20"}, "bbox"),
        (SITES, {"bbox": "0,0,200,10"}, "bbox"),
        (SITES, {"bbox": "0,-95,10,10"}, "bbox"),
        (SITES, {"bbox": "a,b,c,d"}, "bbox"),
        (SITES, {"bbox": "nan,0,10,10"}, "bbox"),
        (EVENTS, {"certainty": "maybe"}, "certainty"),
        (EVENTS, {"certainty_min": "maybe"}, "certainty_min"),
        (SITES, {"country": "XX"}, "country"),
        (SITES, {"country": "SY,XX"}, "country"),
        (EVENTS, {"site": "not-a-uuid"}, "site"),
        (OBJECTS, {"looting_incident": "123"}, "looting_incident"),
        (SITES, {"page": "-1"}, "page"),
        (SITES, {"page": "abc"}, "page"),
        (SITES, {"page_size": "0"}, "page_size"),
        (SITES, {"updated_since": "notadate"}, "updated_since"),
        (SITES, {"site_type": "not-a-type"}, "site_type"),
        (OBJECTS, {"object_type": "temple"}, "object_type"),  # another vocabulary
        (SITES, {"ordering": "secret_field"}, "ordering"),
        (SITES, {"ordering": "curator_notes"}, "ordering"),
        (SITES, {"damaged": "perhaps"}, "damaged"),
        (EVENTS, {"date_overlap": "maybe"}, "date_overlap"),
        (SOURCES, {"published_after": "2015"}, "published_after"),
    ],
)
def test_malformed_value_is_400_naming_the_parameter(client, url, params, name):
    factories.SiteFactory()
    response = client.get(url, params)
    assert response.status_code == 400, response.content
    assert name in response.json(), response.json()


def test_unknown_but_well_formed_site_id_is_no_result(client):
    factories.DamageEventFactory()
    response = client.get(EVENTS, {"site": str(uuid.uuid4())})
    assert response.status_code == 200, response.content
    assert response.json()["count"] == 0
    assert response.json()["results"] == []


def test_filters_combine(client):
    # Sanity: parameters narrow together (AND), not each on its own (OR).
    wanted = factories.DamageEventFactory(
        site=factories.SiteFactory(country="IQ"), cause_category="armed_conflict"
    )
    wrong_country = factories.DamageEventFactory(cause_category="armed_conflict")
    wrong_cause = factories.DamageEventFactory(
        site=factories.SiteFactory(country="IQ"), cause_category="looting"
    )
    assert_filters(
        client,
        EVENTS,
        {"country": "IQ", "cause_category": "armed_conflict"},
        [wanted],
        [wrong_country, wrong_cause],
    )
