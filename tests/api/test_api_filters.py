"""Every filter of the public API: a record it finds, a record it leaves out, and a
400 naming the parameter when a value does not parse."""

import datetime
import uuid

import pytest
from django.core.cache import cache

from registry import models as m
from tests import factories as f

pytestmark = pytest.mark.django_db

API = "/api/v1/"
SITES = f"{API}sites/"
STRUCTURES = f"{API}structures/"
EVENTS = f"{API}damage-events/"
INCIDENTS = f"{API}looting-incidents/"
OBJECTS = f"{API}objects/"
PEOPLE = f"{API}people/"
ACTORS = f"{API}actors/"
SOURCES = f"{API}sources/"


@pytest.fixture(autouse=True)
def no_throttle_carry_over():
    """The throttle counts requests in the cache: every test starts from zero."""
    cache.clear()


def ids(client, url, **params):
    """The public ids listed by ``url`` with ``params`` (a list value repeats it)."""
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return {record["id"] for record in response.json()["results"]}


def ordered_ids(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return [record["id"] for record in response.json()["results"]]


def pid(record):
    return str(record.public_id)


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
    return f.AdminDivisionFactory(country=country, name=name, code=code)


def narrower_term(vocabulary, code, parent):
    return m.Term.objects.create(
        vocabulary=vocabulary,
        code=code,
        label_en=code.replace("-", " ").capitalize(),
        parent=f.term(vocabulary, parent),
    )


# Sites -------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["tadmur", "TADMUR", "Tadmur"])
def test_sites_filter_by_q_latin_name_any_case(client, query):
    palmyra = f.SiteFactory(name="Palmyra")
    f.attach(m.Name, palmyra, name="Tadmur", language="ar-Latn")
    other = f.SiteFactory(name="Apamea")
    f.attach(m.Name, other, name="Afamia", language="ar-Latn")
    assert_filters(client, SITES, {"q": query}, [palmyra], [other])


def test_sites_filter_by_q_arabic_name_ignores_diacritics(client):
    palmyra = f.SiteFactory(name="Palmyra", name_ar="")
    f.attach(m.Name, palmyra, name="تَدْمُر", language="ar")
    other = f.SiteFactory(name="Apamea", name_ar="")
    f.attach(m.Name, other, name="أفاميا", language="ar")
    assert_filters(client, SITES, {"q": "تدمر"}, [palmyra], [other])


def test_sites_filter_by_q_folds_latin_spelling(client):
    site = f.SiteFactory(name="Citadel of Aleppo")
    f.attach(m.Name, site, name="Qal'at Ḥalab", language="ar-Latn")
    other = f.SiteFactory(name="Krak des Chevaliers")
    assert_filters(client, SITES, {"q": "qalat halab"}, [site], [other])


@pytest.mark.parametrize("code", ["SY", "sy"])
def test_sites_filter_by_country(client, code):
    syria = f.SiteFactory(country="SY")
    iraq = f.SiteFactory(country="IQ")
    assert_filters(client, SITES, {"country": code}, [syria], [iraq])


@pytest.mark.parametrize("value", ["SY,IQ", "sy, iq", ["SY", "IQ"]])
def test_sites_filter_by_several_countries(client, value):
    syria = f.SiteFactory(country="SY")
    iraq = f.SiteFactory(country="IQ")
    lebanon = f.SiteFactory(country="LB")
    assert_filters(client, SITES, {"country": value}, [syria, iraq], [lebanon])


def test_sites_filter_by_admin_division(client):
    homs = f.SiteFactory(admin_division=division("SY-HI", "Homs Governorate"))
    aleppo = f.SiteFactory(admin_division=division("SY-HL", "Aleppo Governorate"))
    nowhere = f.SiteFactory(admin_division=None)
    assert_filters(
        client, SITES, {"admin_division": "SY-HI"}, [homs], [aleppo, nowhere]
    )


def test_sites_filter_by_site_type(client):
    museum = f.SiteFactory(site_type=f.term("site_type", "museum"))
    city = f.SiteFactory(site_type=f.term("site_type", "historic-city"))
    assert_filters(client, SITES, {"site_type": "museum"}, [museum], [city])


def test_sites_filter_by_broader_site_type_includes_narrower(client):
    caravanserai = narrower_term("site_type", "caravanserai", "historic-building")
    khan = f.SiteFactory(site_type=caravanserai)
    building = f.SiteFactory(site_type=f.term("site_type", "historic-building"))
    museum = f.SiteFactory(site_type=f.term("site_type", "museum"))
    assert_filters(
        client, SITES, {"site_type": "historic-building"}, [khan, building], [museum]
    )
    # The narrower code does not widen to its broader term.
    assert_filters(client, SITES, {"site_type": "caravanserai"}, [khan], [building])


def test_sites_filter_by_current_designation(client):
    current = f.SiteFactory()
    m.Designation.objects.create(site=current, kind="world_heritage", year_from=1980)
    ended = f.SiteFactory()
    m.Designation.objects.create(
        site=ended, kind="world_heritage", year_from=1980, year_to=2000
    )
    other_kind = f.SiteFactory()
    m.Designation.objects.create(site=other_kind, kind="national", year_from=1999)
    assert_filters(
        client,
        SITES,
        {"designation": "world_heritage"},
        [current],
        [ended, other_kind],
    )


def test_sites_filter_by_condition(client):
    destroyed = f.SiteFactory(condition="destroyed")
    good = f.SiteFactory(condition="good")
    assert_filters(client, SITES, {"condition": "destroyed"}, [destroyed], [good])


def test_sites_filter_damaged_true(client):
    damaged = f.SiteFactory()
    f.DamageEventFactory(site=damaged)
    draft_only = f.SiteFactory()
    f.DamageEventFactory(site=draft_only, status="draft")
    untouched = f.SiteFactory()
    assert_filters(
        client, SITES, {"damaged": "true"}, [damaged], [draft_only, untouched]
    )


def test_sites_filter_damaged_false_ignores_unpublished_events(client):
    damaged = f.SiteFactory()
    f.DamageEventFactory(site=damaged)
    draft_only = f.SiteFactory()
    f.DamageEventFactory(site=draft_only, status="draft")
    untouched = f.SiteFactory()
    assert_filters(
        client, SITES, {"damaged": "false"}, [draft_only, untouched], [damaged]
    )


def test_sites_filter_by_period(client):
    roman = f.SiteFactory()
    roman.periods.add(f.term("period", "roman"))
    ottoman = f.SiteFactory()
    ottoman.periods.add(f.term("period", "ottoman"))
    assert_filters(client, SITES, {"period": "roman"}, [roman], [ottoman])


def test_sites_filter_by_bbox_public_site(client):
    palmyra = f.SiteFactory(latitude="34.554167", longitude="38.266667")
    aleppo = f.SiteFactory(latitude="36.199444", longitude="37.1625")
    assert_filters(client, SITES, {"bbox": "38,34,39,35"}, [palmyra], [aleppo])
    assert_filters(client, SITES, {"bbox": "37,36,38,37"}, [aleppo], [palmyra])


def test_sites_filter_by_bbox_generalised_site_uses_its_cell(client):
    # Shown publicly as 34.6, 38.3: the exact point must not be inferable.
    site = f.SiteFactory(
        latitude="34.56", longitude="38.26", location_sensitivity="generalised"
    )
    cell_only = "38.29,34.59,38.31,34.61"  # holds the cell, not the point
    point_only = "38.25,34.55,38.27,34.57"  # holds the point, not the cell
    assert pid(site) in ids(client, SITES, bbox=cell_only)
    assert pid(site) not in ids(client, SITES, bbox=point_only)


@pytest.mark.parametrize(
    "bbox", ["-180,-90,180,90", "38,34,39,35", "38.25,34.55,38.27,34.57"]
)
def test_sites_filter_by_bbox_never_finds_restricted_site(client, bbox):
    restricted = f.SiteFactory(
        latitude="34.56", longitude="38.26", location_sensitivity="restricted"
    )
    public = f.SiteFactory(latitude="34.56", longitude="38.26")
    assert_filters(client, SITES, {"bbox": bbox}, [public], [restricted])


def test_sites_filter_by_updated_since(client):
    old = f.SiteFactory()
    set_updated_at(old, datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    new = f.SiteFactory()
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
        f.SiteFactory(name=name)
    response = client.get(SITES, {"ordering": ordering})
    assert response.status_code == 200, response.content
    assert [r["name"] for r in response.json()["results"]] == expected


def test_sites_ordering_by_latitude_uses_public_location(client):
    north = f.SiteFactory(latitude="36.2", longitude="37.1")
    south = f.SiteFactory(latitude="32.5", longitude="36.3")
    middle = f.SiteFactory(latitude="34.5", longitude="38.2")
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
    bel = f.StructureFactory(name="Temple of Bel")
    f.attach(m.Name, bel, name="Ma'bad Bel", language="ar-Latn")
    theatre = f.StructureFactory(name="Theatre")
    assert_filters(client, STRUCTURES, {"q": "mabad bel"}, [bel], [theatre])


def test_structures_filter_by_q_english_name(client):
    bel = f.StructureFactory(name="Temple of Bel")
    theatre = f.StructureFactory(name="Roman theatre")
    assert_filters(client, STRUCTURES, {"q": "temple of bel"}, [bel], [theatre])


def test_structures_filter_by_site(client):
    site = f.SiteFactory()
    inside = f.StructureFactory(site=site)
    elsewhere = f.StructureFactory()
    assert_filters(client, STRUCTURES, {"site": pid(site)}, [inside], [elsewhere])


def test_structures_filter_by_structure_type(client):
    temple = f.StructureFactory(structure_type=f.term("structure_type", "temple"))
    theatre = f.StructureFactory(structure_type=f.term("structure_type", "theatre"))
    assert_filters(
        client, STRUCTURES, {"structure_type": "temple"}, [temple], [theatre]
    )


def test_structures_filter_by_broader_structure_type_includes_narrower(client):
    tower_tomb = f.StructureFactory(
        structure_type=f.term("structure_type", "tower-tomb")
    )
    tomb = f.StructureFactory(structure_type=f.term("structure_type", "tomb"))
    temple = f.StructureFactory(structure_type=f.term("structure_type", "temple"))
    assert_filters(
        client, STRUCTURES, {"structure_type": "tomb"}, [tower_tomb, tomb], [temple]
    )


def test_structures_filter_by_condition(client):
    destroyed = f.StructureFactory(condition="destroyed")
    fair = f.StructureFactory(condition="fair")
    assert_filters(client, STRUCTURES, {"condition": "destroyed"}, [destroyed], [fair])


def test_structures_filter_by_country(client):
    syria = f.StructureFactory(site=f.SiteFactory(country="SY"))
    iraq = f.StructureFactory(site=f.SiteFactory(country="IQ"))
    assert_filters(client, STRUCTURES, {"country": "iq"}, [iraq], [syria])


# Damage events -----------------------------------------------------------------------


def test_damage_events_filter_by_site(client):
    site = f.SiteFactory()
    here = f.DamageEventFactory(site=site)
    elsewhere = f.DamageEventFactory()
    assert_filters(client, EVENTS, {"site": pid(site)}, [here], [elsewhere])


def test_damage_events_filter_by_structure(client):
    damage = f.StructureDamageFactory()
    same_site = f.DamageEventFactory(site=damage.event.site)
    assert_filters(
        client,
        EVENTS,
        {"structure": pid(damage.structure)},
        [damage.event],
        [same_site],
    )


def test_damage_events_filter_by_country(client):
    syria = f.DamageEventFactory(site=f.SiteFactory(country="SY"))
    iraq = f.DamageEventFactory(site=f.SiteFactory(country="IQ"))
    assert_filters(client, EVENTS, {"country": "SY"}, [syria], [iraq])


def test_damage_events_filter_by_admin_division(client):
    homs = division("SY-HI", "Homs Governorate")
    aleppo = division("SY-HL", "Aleppo Governorate")
    in_homs = f.DamageEventFactory(site=f.SiteFactory(admin_division=homs))
    in_aleppo = f.DamageEventFactory(site=f.SiteFactory(admin_division=aleppo))
    assert_filters(client, EVENTS, {"admin_division": "SY-HL"}, [in_aleppo], [in_homs])


@pytest.mark.parametrize(
    ("param", "field", "wanted", "other"),
    [
        ("cause_category", "cause_category", "armed_conflict", "deliberate"),
        ("extent", "extent", "91-100", "1-10"),
        ("condition_after", "condition_after", "destroyed", "poor"),
        ("verification", "verification", "confirmed", "reported"),
    ],
)
def test_damage_events_filter_by_scale(client, param, field, wanted, other):
    matching = f.DamageEventFactory(**{field: wanted})
    non_matching = f.DamageEventFactory(**{field: other})
    assert_filters(client, EVENTS, {param: wanted}, [matching], [non_matching])


def test_damage_events_filter_by_cause_type(client):
    explosion = f.DamageEventFactory(cause_type=f.term("cause_type", "explosion"))
    fire = f.DamageEventFactory(cause_type=f.term("cause_type", "fire"))
    unknown = f.DamageEventFactory(cause_type=None)
    assert_filters(
        client, EVENTS, {"cause_type": "explosion"}, [explosion], [fire, unknown]
    )


def test_damage_events_filter_by_effect(client):
    collapsed = f.DamageEventFactory()
    collapsed.effects.add(f.term("effect_type", "collapse"))
    burnt = f.DamageEventFactory()
    burnt.effects.add(f.term("effect_type", "burning"))
    assert_filters(client, EVENTS, {"effect": "collapse"}, [collapsed], [burnt])


def test_damage_events_filter_by_perpetrator(client):
    actor = f.ActorFactory()
    theirs = f.DamageEventFactory(perpetrator=actor, attribution="claimed")
    others = f.DamageEventFactory(perpetrator=f.ActorFactory(), attribution="claimed")
    unattributed = f.DamageEventFactory()
    assert_filters(
        client, EVENTS, {"perpetrator": pid(actor)}, [theirs], [others, unattributed]
    )


def test_damage_events_filter_by_several_sites(client):
    first, second = f.DamageEventFactory(), f.DamageEventFactory()
    third = f.DamageEventFactory()
    value = f"{pid(first.site)},{pid(second.site)}"
    assert_filters(client, EVENTS, {"site": value}, [first, second], [third])


def test_damage_events_filter_by_perpetrator_ignores_unpublished_actor(client):
    draft = f.ActorFactory(status="draft")
    hidden = f.DamageEventFactory(perpetrator=draft, attribution="alleged")
    public = f.ActorFactory()
    shown = f.DamageEventFactory(perpetrator=public, attribution="alleged")
    value = f"{pid(draft)},{pid(public)}"
    assert_filters(client, EVENTS, {"perpetrator": value}, [shown], [hidden])


def test_damage_events_filter_by_source_ignores_confidential_source(client):
    # Which events a confidential source supports must not be revealed.
    confidential = f.SourceFactory(confidential=True)
    hidden = f.DamageEventFactory()
    f.attach(m.Citation, hidden, source=confidential)
    public = f.SourceFactory()
    shown = f.DamageEventFactory()
    f.attach(m.Citation, shown, source=public)
    value = f"{pid(confidential)},{pid(public)}"
    assert_filters(client, EVENTS, {"source": value}, [shown], [hidden])


def test_damage_events_filter_by_attribution(client):
    claimed = f.DamageEventFactory(perpetrator=f.ActorFactory(), attribution="claimed")
    alleged = f.DamageEventFactory(perpetrator=f.ActorFactory(), attribution="alleged")
    assert_filters(client, EVENTS, {"attribution": "claimed"}, [claimed], [alleged])


def test_damage_events_filter_by_several_certainties(client):
    low = f.DamageEventFactory(certainty="low")
    medium = f.DamageEventFactory(certainty="medium")
    high = f.DamageEventFactory(certainty="high")
    assert_filters(client, EVENTS, {"certainty": "medium,high"}, [medium, high], [low])
    assert_filters(
        client, EVENTS, {"certainty": ["low", "high"]}, [low, high], [medium]
    )


def test_damage_events_filter_by_certainty_min(client):
    negligible = f.DamageEventFactory(certainty="negligible")
    low = f.DamageEventFactory(certainty="low")
    medium = f.DamageEventFactory(certainty="medium")
    high = f.DamageEventFactory(certainty="high")
    definite = f.DamageEventFactory(certainty="definite")
    assert_filters(
        client,
        EVENTS,
        {"certainty_min": "medium"},
        [medium, high, definite],
        [negligible, low],
    )


def before_january_2017(**kwargs):
    """An event known only as 'before January 2017'."""
    return f.DamageEventFactory(
        date_mode="before",
        date_from=None,
        date_to=datetime.date(2017, 1, 1),
        date_precision="month",
        **kwargs,
    )


def test_damage_events_filter_by_date_range_month_precision(client):
    august = f.DamageEventFactory(
        date_mode="on", date_precision="month", date_from=datetime.date(2015, 8, 1)
    )
    march_2016 = f.DamageEventFactory(
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
    august = f.DamageEventFactory(
        date_mode="on", date_precision="month", date_from=datetime.date(2015, 8, 1)
    )
    # Known only as "2015": it may have happened after 31 August.
    year_2015 = f.DamageEventFactory(
        date_mode="on", date_precision="year", date_from=datetime.date(2015, 1, 1)
    )
    assert_filters(client, EVENTS, {"date_before": "2015-08-31"}, [august], [year_2015])


def test_damage_events_filter_by_date_after_is_strict(client):
    before_2017 = before_january_2017()
    in_2016 = f.DamageEventFactory(
        date_mode="on", date_precision="day", date_from=datetime.date(2016, 5, 20)
    )
    assert_filters(
        client, EVENTS, {"date_after": "2015-01-01"}, [in_2016], [before_2017]
    )


def test_damage_events_filter_by_date_overlap_includes_open_ended(client):
    before_2017 = before_january_2017()
    before_mid_2014 = f.DamageEventFactory(
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
    between = f.DamageEventFactory(
        date_mode="between",
        date_precision="year",
        date_from=datetime.date(2014, 1, 1),
        date_to=datetime.date(2016, 1, 1),
    )
    later = f.DamageEventFactory(
        date_mode="after", date_precision="month", date_from=datetime.date(2016, 2, 1)
    )
    params = {"date_after": "2015-03-01", "date_before": "2015-03-31"}
    assert_filters(client, EVENTS, params, [], [between, later])
    assert_filters(
        client, EVENTS, {**params, "date_overlap": "true"}, [between], [later]
    )


def test_damage_events_filter_by_source(client):
    source = f.SourceFactory()
    cited = f.DamageEventFactory()
    f.attach(m.Citation, cited, source=source)
    cites_other = f.DamageEventFactory()
    f.attach(m.Citation, cites_other, source=f.SourceFactory())
    uncited = f.DamageEventFactory()
    assert_filters(
        client, EVENTS, {"source": pid(source)}, [cited], [cites_other, uncited]
    )


def test_damage_events_filter_by_source_ignores_same_pk_of_other_model(client):
    # A Citation names its record by content type and pk: an incident citing the
    # source must not make the damage event with the same pk match.
    source = f.SourceFactory()
    event = f.DamageEventFactory()
    incident = f.LootingIncidentFactory()
    m.LootingIncident.objects.filter(pk=incident.pk).update(id=event.pk)
    incident = m.LootingIncident.objects.get(pk=event.pk)
    f.attach(m.Citation, incident, source=source)
    cited = f.DamageEventFactory()
    f.attach(m.Citation, cited, source=source)
    assert_filters(client, EVENTS, {"source": pid(source)}, [cited], [event])


def test_damage_events_filter_by_q_title(client):
    bel = f.DamageEventFactory(title="Destruction of the Temple of Bel")
    other = f.DamageEventFactory(title="Shelling of the citadel")
    assert_filters(client, EVENTS, {"q": "temple of BEL"}, [bel], [other])


def test_damage_events_filter_by_q_site_name(client):
    palmyra = f.SiteFactory(name="Palmyra")
    f.attach(m.Name, palmyra, name="Tadmur", language="ar-Latn")
    at_palmyra = f.DamageEventFactory(site=palmyra)
    elsewhere = f.DamageEventFactory(site=f.SiteFactory(name="Nimrud"))
    assert_filters(client, EVENTS, {"q": "tadmur"}, [at_palmyra], [elsewhere])


def test_damage_events_filter_by_q_perpetrator_alias(client):
    isil = f.ActorFactory(name="Islamic State")
    f.attach(m.Name, isil, name="Daesh", kind="alias", language="ar-Latn")
    theirs = f.DamageEventFactory(perpetrator=isil, attribution="claimed")
    others = f.DamageEventFactory(perpetrator=f.ActorFactory(), attribution="alleged")
    unattributed = f.DamageEventFactory()
    assert_filters(client, EVENTS, {"q": "daesh"}, [theirs], [others, unattributed])


def test_damage_events_filter_by_q_does_not_reveal_unpublished_perpetrator(client):
    # The draft actor is hidden from the event's data; searching its alias must not
    # reveal that the event is attributed to it.
    draft = f.ActorFactory(name="Unpublished brigade", status="draft")
    f.attach(m.Name, draft, name="Secret Brigade", kind="alias")
    hidden = f.DamageEventFactory(perpetrator=draft, attribution="alleged")
    public = f.ActorFactory(name="Public brigade")
    f.attach(m.Name, public, name="Open Brigade", kind="alias")
    shown = f.DamageEventFactory(perpetrator=public, attribution="alleged")
    response = client.get(f"{EVENTS}{hidden.public_id}/")
    assert response.json()["perpetrator"] is None
    assert_filters(client, EVENTS, {"q": "brigade"}, [shown], [hidden])
    assert_filters(client, EVENTS, {"q": "secret brigade"}, [], [hidden])


# Looting incidents -------------------------------------------------------------------


def incident_with_object(**object_fields):
    incident = f.LootingIncidentFactory()
    f.CulturalObjectFactory(
        origin_site=incident.site, looting_incident=incident, **object_fields
    )
    return incident


def test_looting_incidents_filter_by_q_does_not_reveal_unpublished_perpetrator(
    client,
):
    draft = f.ActorFactory(name="Unpublished brigade", status="draft")
    hidden = f.LootingIncidentFactory(perpetrator=draft, attribution="alleged")
    public = f.ActorFactory(name="Public brigade")
    shown = f.LootingIncidentFactory(perpetrator=public, attribution="alleged")
    assert_filters(client, INCIDENTS, {"q": "brigade"}, [shown], [hidden])


def test_looting_incidents_filter_by_site(client):
    site = f.SiteFactory()
    here = f.LootingIncidentFactory(site=site)
    elsewhere = f.LootingIncidentFactory()
    assert_filters(client, INCIDENTS, {"site": pid(site)}, [here], [elsewhere])


def test_looting_incidents_filter_by_country(client):
    syria = f.LootingIncidentFactory(site=f.SiteFactory(country="SY"))
    iraq = f.LootingIncidentFactory(site=f.SiteFactory(country="IQ"))
    assert_filters(client, INCIDENTS, {"country": "IQ"}, [iraq], [syria])


def test_looting_incidents_filter_by_admin_division(client):
    homs = division("SY-HI", "Homs Governorate")
    in_homs = f.LootingIncidentFactory(site=f.SiteFactory(admin_division=homs))
    nowhere = f.LootingIncidentFactory(site=f.SiteFactory(admin_division=None))
    assert_filters(client, INCIDENTS, {"admin_division": "SY-HI"}, [in_homs], [nowhere])


def test_looting_incidents_filter_by_kind(client):
    dug = f.LootingIncidentFactory(kind="illegal_excavation")
    stolen = f.LootingIncidentFactory(kind="theft_from_store")
    assert_filters(client, INCIDENTS, {"kind": "theft_from_store"}, [stolen], [dug])


def test_looting_incidents_filter_by_object_type(client):
    bust = incident_with_object(object_type=f.term("object_type", "funerary-bust"))
    coin = incident_with_object(object_type=f.term("object_type", "coin"))
    empty = f.LootingIncidentFactory()
    assert_filters(
        client, INCIDENTS, {"object_type": "funerary-bust"}, [bust], [coin, empty]
    )
    # A broader type finds incidents with objects of a narrower one.
    assert_filters(
        client, INCIDENTS, {"object_type": "sculpture"}, [bust], [coin, empty]
    )


def test_looting_incidents_filter_by_material(client):
    limestone = incident_with_object()
    limestone.cultural_objects.get().materials.add(f.term("material", "limestone"))
    bronze = incident_with_object()
    bronze.cultural_objects.get().materials.add(f.term("material", "bronze"))
    assert_filters(client, INCIDENTS, {"material": "stone"}, [limestone], [bronze])


def test_looting_incidents_filter_by_red_list_category(client):
    sculpture = incident_with_object(red_list_category="figural_sculpture")
    coins = incident_with_object(red_list_category="tesserae_coins")
    assert_filters(
        client,
        INCIDENTS,
        {"red_list_category": "figural_sculpture"},
        [sculpture],
        [coins],
    )


def test_looting_incidents_filter_by_object_status(client):
    seized = incident_with_object(current_status="seized")
    missing = incident_with_object(current_status="missing")
    assert_filters(client, INCIDENTS, {"status": "seized"}, [seized], [missing])


def test_looting_incidents_filter_by_status_lists_each_incident_once(client):
    incident = incident_with_object(current_status="seized")
    f.CulturalObjectFactory(
        origin_site=incident.site, looting_incident=incident, current_status="seized"
    )
    response = client.get(INCIDENTS, {"status": "seized"})
    assert response.status_code == 200
    assert response.json()["count"] == 1
    assert [r["id"] for r in response.json()["results"]] == [pid(incident)]


def make_coin(obj):
    obj.object_type = f.term("object_type", "coin")
    obj.save()


def make_bronze(obj):
    obj.materials.add(f.term("material", "bronze"))


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
    draft_only = f.LootingIncidentFactory()
    draft = f.CulturalObjectFactory(
        origin_site=draft_only.site, looting_incident=draft_only, status="draft"
    )
    describe(draft)
    assert_filters(client, INCIDENTS, {param: value}, [published], [draft_only])


def test_looting_incidents_filter_by_dates(client):
    in_2014 = f.LootingIncidentFactory(
        date_mode="on", date_precision="year", date_from=datetime.date(2014, 1, 1)
    )
    in_2016 = f.LootingIncidentFactory(
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


def test_looting_incidents_filter_by_certainty_min(client):
    high = f.LootingIncidentFactory(certainty="high")
    low = f.LootingIncidentFactory(certainty="low")
    assert_filters(client, INCIDENTS, {"certainty_min": "medium"}, [high], [low])


def test_looting_incidents_filter_by_q(client):
    apamea = f.SiteFactory(name="Apamea")
    f.attach(m.Name, apamea, name="Afamia", language="ar-Latn")
    at_apamea = f.LootingIncidentFactory(site=apamea, title="Pits across the tell")
    titled = f.LootingIncidentFactory(title="Theft from the Raqqa museum")
    other = f.LootingIncidentFactory(title="Digging at Dura-Europos")
    assert_filters(client, INCIDENTS, {"q": "afamia"}, [at_apamea], [titled, other])
    assert_filters(client, INCIDENTS, {"q": "raqqa"}, [titled], [at_apamea, other])


# Cultural objects --------------------------------------------------------------------


def object_from(incident=None, **fields):
    if incident is None:
        incident = f.LootingIncidentFactory()
    return f.CulturalObjectFactory(
        origin_site=incident.site, looting_incident=incident, **fields
    )


def test_objects_filter_by_site(client):
    site = f.SiteFactory()
    here = f.CulturalObjectFactory(origin_site=site)
    elsewhere = f.CulturalObjectFactory(origin_site=f.SiteFactory())
    unknown = f.CulturalObjectFactory(origin_site=None)
    assert_filters(client, OBJECTS, {"site": pid(site)}, [here], [elsewhere, unknown])


def test_objects_filter_by_country(client):
    syria = f.CulturalObjectFactory(origin_site=f.SiteFactory(country="SY"))
    iraq = f.CulturalObjectFactory(origin_site=f.SiteFactory(country="IQ"))
    assert_filters(client, OBJECTS, {"country": "sy"}, [syria], [iraq])


def test_objects_filter_by_admin_division(client):
    homs = division("SY-HI", "Homs Governorate")
    aleppo = division("SY-HL", "Aleppo Governorate")
    in_homs = f.CulturalObjectFactory(origin_site=f.SiteFactory(admin_division=homs))
    in_aleppo = f.CulturalObjectFactory(
        origin_site=f.SiteFactory(admin_division=aleppo)
    )
    assert_filters(client, OBJECTS, {"admin_division": "SY-HI"}, [in_homs], [in_aleppo])


def test_objects_filter_by_looting_incident(client):
    incident = f.LootingIncidentFactory()
    from_it = object_from(incident)
    from_another = object_from()
    assert_filters(
        client, OBJECTS, {"looting_incident": pid(incident)}, [from_it], [from_another]
    )


def test_objects_filter_by_object_type(client):
    bust = f.CulturalObjectFactory(object_type=f.term("object_type", "funerary-bust"))
    coin = f.CulturalObjectFactory(object_type=f.term("object_type", "coin"))
    assert_filters(client, OBJECTS, {"object_type": "funerary-bust"}, [bust], [coin])


def test_objects_filter_by_broader_object_type_includes_narrower(client):
    bust = f.CulturalObjectFactory(object_type=f.term("object_type", "funerary-bust"))
    statue = f.CulturalObjectFactory(object_type=f.term("object_type", "statue"))
    vessel = f.CulturalObjectFactory(
        object_type=f.term("object_type", "pottery-vessel")
    )
    assert_filters(
        client, OBJECTS, {"object_type": "sculpture"}, [bust, statue], [vessel]
    )


def test_objects_filter_by_broader_object_type_includes_all_levels_below(client):
    # Curators extend the vocabularies; nothing stops a third level.
    palmyrene = narrower_term("object_type", "palmyrene-bust", "funerary-bust")
    grandchild = f.CulturalObjectFactory(object_type=palmyrene)
    coin = f.CulturalObjectFactory(object_type=f.term("object_type", "coin"))
    assert_filters(
        client, OBJECTS, {"object_type": "funerary-bust"}, [grandchild], [coin]
    )
    assert_filters(client, OBJECTS, {"object_type": "sculpture"}, [grandchild], [coin])


def test_objects_filter_by_material(client):
    marble = f.CulturalObjectFactory()
    marble.materials.add(f.term("material", "marble"))
    bronze = f.CulturalObjectFactory()
    bronze.materials.add(f.term("material", "bronze"))
    assert_filters(client, OBJECTS, {"material": "marble"}, [marble], [bronze])
    assert_filters(client, OBJECTS, {"material": "stone"}, [marble], [bronze])


def test_objects_filter_by_red_list_category(client):
    writing = f.CulturalObjectFactory(red_list_category="writing")
    seals = f.CulturalObjectFactory(red_list_category="seals")
    uncategorised = f.CulturalObjectFactory(red_list_category="")
    assert_filters(
        client,
        OBJECTS,
        {"red_list_category": "writing"},
        [writing],
        [seals, uncategorised],
    )


def test_objects_filter_by_status(client):
    on_market = f.CulturalObjectFactory(current_status="on_market")
    returned = f.CulturalObjectFactory(current_status="returned")
    missing = f.CulturalObjectFactory(current_status="missing")
    assert_filters(
        client,
        OBJECTS,
        {"status": "on_market,returned"},
        [on_market, returned],
        [missing],
    )


def test_objects_filter_by_q_title(client):
    bust = f.CulturalObjectFactory(title="Funerary bust of a woman")
    coin = f.CulturalObjectFactory(title="Silver tetradrachm")
    assert_filters(client, OBJECTS, {"q": "BUST OF A"}, [bust], [coin])


def test_objects_filter_by_q_exact_reference_number(client):
    wanted = f.CulturalObjectFactory(title="Relief")
    m.ObjectReference.objects.create(object=wanted, kind="inventory", value="PM-1234")
    longer = f.CulturalObjectFactory(title="Statue")
    m.ObjectReference.objects.create(object=longer, kind="inventory", value="PM-12345")
    assert_filters(client, OBJECTS, {"q": "pm-1234"}, [wanted], [longer])
    # A fragment of a number is not a reference.
    assert_filters(client, OBJECTS, {"q": "PM-123"}, [], [wanted, longer])


def test_objects_filter_by_dates_of_looting_incident(client):
    looted_2014 = object_from(
        f.LootingIncidentFactory(
            date_mode="on", date_precision="year", date_from=datetime.date(2014, 1, 1)
        )
    )
    looted_2016 = object_from(
        f.LootingIncidentFactory(
            date_mode="on", date_precision="year", date_from=datetime.date(2016, 1, 1)
        )
    )
    no_incident = f.CulturalObjectFactory()
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


def test_people_filter_by_role(client):
    custodian = f.PersonFactory()
    custodian.roles.add(f.term("role", "custodian"))
    guard = f.PersonFactory()
    guard.roles.add(f.term("role", "guard"))
    assert_filters(client, PEOPLE, {"role": "custodian"}, [custodian], [guard])


def test_people_filter_by_harm(client):
    killed = f.HarmEventFactory(kind="killed").person
    detained = f.HarmEventFactory(kind="detained").person
    unharmed = f.PersonFactory()
    assert_filters(client, PEOPLE, {"harm": "killed"}, [killed], [detained, unharmed])


def test_people_filter_by_site_looked_after(client):
    site = f.SiteFactory()
    custodian = f.PersonFactory()
    custodian.sites.add(site)
    elsewhere = f.PersonFactory()
    elsewhere.sites.add(f.SiteFactory())
    assert_filters(client, PEOPLE, {"site": pid(site)}, [custodian], [elsewhere])


def test_people_filter_by_site_harmed_at(client):
    site = f.SiteFactory()
    harmed_here = f.HarmEventFactory(site=site).person
    harmed_elsewhere = f.HarmEventFactory(site=f.SiteFactory()).person
    assert_filters(
        client, PEOPLE, {"site": pid(site)}, [harmed_here], [harmed_elsewhere]
    )


def test_people_filter_by_site_ignores_unpublished_site(client):
    draft = f.SiteFactory(status="draft")
    custodian = f.PersonFactory()
    custodian.sites.add(draft)
    harmed = f.HarmEventFactory(site=draft).person
    public = f.SiteFactory()
    shown = f.HarmEventFactory(site=public).person
    value = f"{pid(draft)},{pid(public)}"
    assert_filters(client, PEOPLE, {"site": value}, [shown], [custodian, harmed])


def test_people_filter_by_q_public_name(client):
    khaled = f.PersonFactory(name="Khaled al-Asaad")
    other = f.PersonFactory(name="Omar Haddad")
    assert_filters(client, PEOPLE, {"q": "asaad"}, [khaled], [other])


def test_people_filter_by_q_attached_name_folded(client):
    khaled = f.PersonFactory(name="Khaled al-Asaad")
    f.attach(m.Name, khaled, name="خالد الأسعد", language="ar")
    other = f.PersonFactory(name="Omar Haddad")
    assert_filters(client, PEOPLE, {"q": "اسعد"}, [khaled], [other])


def test_people_filter_by_q_finds_pseudonym(client):
    pseudonymous = f.PersonFactory(
        visibility="pseudonymous", name="Real Secret Name", pseudonym="Ali"
    )
    other = f.PersonFactory(name="Omar Haddad")
    assert_filters(client, PEOPLE, {"q": "Ali"}, [pseudonymous], [other])


@pytest.mark.parametrize("query", ["Secret", "real secret name", "Name"])
def test_people_filter_by_q_never_matches_real_name_of_pseudonymous(client, query):
    pseudonymous = f.PersonFactory(
        visibility="pseudonymous", name="Real Secret Name", pseudonym="Ali"
    )
    f.attach(m.Name, pseudonymous, name="Real Secret Name", language="en")
    # The same name on a public person is found: only the visibility differs.
    public = f.PersonFactory(name="Real Secret Name", visibility="public")
    assert_filters(client, PEOPLE, {"q": query}, [public], [pseudonymous])


# Actors ------------------------------------------------------------------------------


def test_actors_filter_by_kind(client):
    group = f.ActorFactory(kind="armed_group")
    museum = f.ActorFactory(kind="museum")
    assert_filters(client, ACTORS, {"kind": "museum"}, [museum], [group])


def test_actors_filter_by_q_alias(client):
    isil = f.ActorFactory(name="Islamic State")
    f.attach(m.Name, isil, name="Daesh", kind="alias", language="ar-Latn")
    army = f.ActorFactory(name="Syrian Arab Army")
    assert_filters(client, ACTORS, {"q": "DAESH"}, [isil], [army])


# Sources -----------------------------------------------------------------------------


def test_sources_filter_by_kind(client):
    imagery = f.SourceFactory(kind="imagery")
    news = f.SourceFactory(kind="news")
    assert_filters(client, SOURCES, {"kind": "imagery"}, [imagery], [news])


def test_sources_filter_by_publisher(client):
    unesco = f.ActorFactory(kind="international")
    theirs = f.SourceFactory(publisher=unesco)
    others = f.SourceFactory(publisher=f.ActorFactory(kind="media"))
    unpublished_by = f.SourceFactory(publisher=None)
    assert_filters(
        client, SOURCES, {"publisher": pid(unesco)}, [theirs], [others, unpublished_by]
    )


def test_sources_filter_by_publisher_ignores_unpublished_actor(client):
    draft = f.ActorFactory(status="draft")
    hidden = f.SourceFactory(publisher=draft)
    public = f.ActorFactory()
    shown = f.SourceFactory(publisher=public)
    value = f"{pid(draft)},{pid(public)}"
    assert_filters(client, SOURCES, {"publisher": value}, [shown], [hidden])


def test_sources_filter_by_published_after(client):
    old = f.SourceFactory(published_on=datetime.date(2014, 12, 31))
    new = f.SourceFactory(published_on=datetime.date(2015, 1, 1))
    undated = f.SourceFactory(published_on=None)
    assert_filters(
        client, SOURCES, {"published_after": "2015-01-01"}, [new], [old, undated]
    )


def test_sources_filter_by_published_before(client):
    old = f.SourceFactory(published_on=datetime.date(2014, 12, 31))
    new = f.SourceFactory(published_on=datetime.date(2015, 1, 1))
    undated = f.SourceFactory(published_on=None)
    assert_filters(
        client, SOURCES, {"published_before": "2014-12-31"}, [old], [new, undated]
    )


def test_sources_filter_by_q_title(client):
    report = f.SourceFactory(title="Satellite-based damage assessment of Palmyra")
    other = f.SourceFactory(title="Press release")
    assert_filters(client, SOURCES, {"q": "palmyra"}, [report], [other])


# Malformed values --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "params", "name"),
    [
        (EVENTS, {"date_after": "yesterday"}, "date_after"),
        (EVENTS, {"date_before": "2015-13-01"}, "date_before"),
        (SITES, {"bbox": "1,2,3"}, "bbox"),
        (SITES, {"bbox": "10,10,5,5"}, "bbox"),
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
    f.SiteFactory()
    response = client.get(url, params)
    assert response.status_code == 400, response.content
    assert name in response.json(), response.json()


def test_unknown_but_well_formed_site_id_is_no_result(client):
    f.DamageEventFactory()
    response = client.get(EVENTS, {"site": str(uuid.uuid4())})
    assert response.status_code == 200, response.content
    assert response.json()["count"] == 0
    assert response.json()["results"] == []


def test_filters_combine(client):
    # Sanity: parameters narrow together (AND), not each on its own (OR).
    wanted = f.DamageEventFactory(
        site=f.SiteFactory(country="IQ"), cause_category="armed_conflict"
    )
    wrong_country = f.DamageEventFactory(cause_category="armed_conflict")
    wrong_cause = f.DamageEventFactory(
        site=f.SiteFactory(country="IQ"), cause_category="looting"
    )
    assert_filters(
        client,
        EVENTS,
        {"country": "IQ", "cause_category": "armed_conflict"},
        [wanted],
        [wrong_country, wrong_cause],
    )
