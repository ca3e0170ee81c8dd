"""Properties, checked on generated input (hypothesis):

- ``registry.search.text.fold``: never fails, is idempotent, removes what its
  docstring says it removes, and folds every variant spelling it promises to fold
  (case, diacritics, apostrophes, separators, Arabic letter variants, tashkeel,
  tatweel, digits) alike;
- every filter of every API list: any string is a 200 or a 400 naming the parameter,
  never a 500; well-formed values (dates, years, bbox, certainty, booleans, UUIDs,
  ordering, codes) are accepted and select the records they should.

Bounded (``max_examples``, no deadline, no example database) to stay fast on SQLite
and PostgreSQL alike.
"""

import datetime
import re
import string
import unicodedata
import uuid

import django_filters
import pytest
from django_countries import countries
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from registry.api.urls import router
from registry.models import DamageEvent, HeritageSite, LocationSensitivity
from registry.search.filtersets import CERTAINTY_ORDER
from registry.search.text import (
    _APOSTROPHES,
    _ARABIC_LETTERS,
    _ARABIC_MARKS,
    _INVISIBLE,
    fold,
)
from tests import factories
from tests.support import API, pid

FAST = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def bounded(n):
    return settings(FAST, max_examples=n)


# fold ---------------------------------------------------------------------------------

# What fold promises to remove or replace: none of it may be left in its output.
REMOVED = (
    # alef and hamza forms, ta marbuta, alef maqsura, tatweel, Arabic-Indic digits…
    {chr(code) for code in _ARABIC_LETTERS}
    | {chr(c) for c in range(0x0610, 0x061B)}
    | {chr(c) for c in range(0x064B, 0x0660)}
    | {"\u0670"}
    | {chr(c) for c in range(0x06D6, 0x06EE)}
    | set("'\u2018\u2019\u02bb\u02bc\u02be\u02bf\u02b9\u0060\u00b4")
    | set('-\u2010\u2011\u2012\u2013\u2014\u2015_/.,;:()[]"«»')
)

ANY_TEXT = st.text(st.characters(codec="utf-8"), max_size=40)
# Text that stresses what fold works on: Arabic, Latin with marks, separators.
FOLDABLE = st.text(
    st.sampled_from(
        list(string.ascii_letters + " -'_/.")
        + list("اأإآٱٲٳبتثجحخدذرزسشصضطظعغفقكلمنهةويىیکؤئءـ")
        + [chr(c) for c in range(0x064B, 0x0653)]
        + list("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹0123456789")
        + list("éèêëáàâäãåçñøöüúùïîíıİßẞʿʾ‘’ḤḥṢṣṬṭ")
        # Cyrillic (Ukrainian, Russian), and characters that are not seen.
        + list("абвгґдеєжзиіїйклмнопрстуфхцчшщьюяыэёъАБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯ")
        + ["\u00ad", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\ufeff"]
    ),
    max_size=30,
)


@given(ANY_TEXT)
@FAST
def test_fold_never_fails_and_gives_text(text):
    folded = fold(text)
    assert isinstance(folded, str)
    assert folded == folded.strip()
    assert "  " not in folded


@given(st.one_of(ANY_TEXT, FOLDABLE))
@example("آلAL:0")  # found: stripping "ال" uncovered "al", dropped on a second fold
@example("الالكتاب")  # found: a repeated article lost one "ال" per fold
@FAST
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(st.one_of(ANY_TEXT, FOLDABLE))
@example(":AR")  # found: a name of articles only came back whole, ":" and all
@example("el-")
@FAST
def test_fold_leaves_nothing_it_promises_to_remove(text):
    folded = fold(text)
    assert not (set(folded) & REMOVED), [ch for ch in folded if ch in REMOVED]
    assert not _ARABIC_MARKS.search(folded)
    assert not _APOSTROPHES.search(folded)
    # Cyrillic is written in Latin letters; what is not seen goes.
    assert not re.search("[\u0400-\u04ff]", folded), folded
    assert not _INVISIBLE.search(folded) and "\u200b" not in folded, folded
    # Case and diacritics go.
    assert folded == folded.casefold()
    decomposed = unicodedata.normalize("NFKD", folded)
    assert not any(unicodedata.combining(ch) for ch in decomposed), folded


ARABIC_BASE = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
ALEF_FORMS = "اأإآٱ"
ARABIC_VARIANTS = {"ا": ALEF_FORMS, "ه": "هة", "ي": "يىئ", "و": "وؤ"}
TASHKEEL = [chr(c) for c in range(0x064B, 0x0653)] + ["\u0670"]


@st.composite
def arabic_spellings(draw):
    """A word of plain letters, and the same word in variant spelling."""
    word = draw(st.text(st.sampled_from(ARABIC_BASE), min_size=1, max_size=8))
    variant = []
    for letter in word:
        variant.append(draw(st.sampled_from(ARABIC_VARIANTS.get(letter, letter))))
        variant.extend(draw(st.lists(st.sampled_from(TASHKEEL), max_size=2)))
        if draw(st.booleans()):
            variant.append(draw(st.sampled_from(["ـ", "ء", ""])))
    return word, "".join(variant)


@given(arabic_spellings())
@FAST
def test_arabic_letter_variants_tashkeel_and_tatweel_fold_alike(spellings):
    word, variant = spellings
    assert fold(variant) == fold(word)


@given(st.integers(min_value=0, max_value=10**12))
@FAST
def test_arabic_indic_digits_fold_to_ascii(number):
    ascii_digits = str(number)
    arabic = ascii_digits.translate({ord(str(d)): chr(0x0660 + d) for d in range(10)})
    persian = ascii_digits.translate({ord(str(d)): chr(0x06F0 + d) for d in range(10)})
    assert fold(arabic) == fold(persian) == fold(ascii_digits) == ascii_digits


COMBINING = ["\u0301", "\u0300", "\u0302", "\u0308", "\u0303", "\u0327", "\u0323"]


@st.composite
def latin_spellings(draw):
    """Words of ASCII letters, and the same words with other case, diacritics,
    apostrophes and separators."""
    words = draw(
        st.lists(st.text(string.ascii_lowercase, min_size=1, max_size=8), min_size=1)
    )
    variants = []
    for word in words:
        letters = []
        for letter in word:
            letters.append(letter.upper() if draw(st.booleans()) else letter)
            if draw(st.booleans()):
                letters.append(draw(st.sampled_from(COMBINING)))
            if draw(st.integers(0, 5)) == 0:
                letters.append(draw(st.sampled_from(["'", "ʿ", "ʾ", "’"])))
        variants.append(unicodedata.normalize("NFC", "".join(letters)))
    separators = st.sampled_from([" ", "  ", "-", " - ", "_", "/", "\t", "–"])
    joined = variants[0]
    for variant in variants[1:]:
        joined += draw(separators) + variant
    return " ".join(words), joined


@given(latin_spellings())
@FAST
def test_latin_case_diacritics_apostrophes_and_separators_fold_alike(spellings):
    plain, variant = spellings
    assert fold(variant) == fold(plain)


@given(st.text(string.ascii_lowercase, min_size=2, max_size=10))
@FAST
def test_the_article_goes_in_any_of_its_spellings(name):
    folded = fold(name)
    for article in ("al-", "Al ", "el-", "AL-", "al‐"):
        assert fold(f"Qasr {article}{name}") == fold(f"qasr {name}") == f"qasr {folded}"
    assert fold(f"ال{name}") == fold(name)


# Filters: arbitrary values ------------------------------------------------------------

ENDPOINTS = {
    prefix: viewset.filterset_class
    for prefix, viewset, _basename in router.registry
    if getattr(viewset, "filterset_class", None)
}
PARAMETERS = sorted(
    (endpoint, name)
    for endpoint, filterset in ENDPOINTS.items()
    for name in [*filterset.base_filters, "page", "page_size", "format"]
)
NASTY = [
    "",
    " ",
    ",,",
    "\x00",
    "-1",
    "0",
    "1e999",
    "nan",
    "9" * 40,
    "2015-02-30",
    "SY,sy,XX",
    "٢٠١٥",
    "%_\\'\"",
    "\ud7ff\ue000\U0010ffff",
    "x" * 2000,
]


@pytest.fixture
def records(db):
    return factories.full_record_set(arabic=True)


def assert_parsed_or_refused(client, endpoint, name, value):
    response = client.get(f"{API}{endpoint}/", {name: value})
    status = response.status_code
    assert status in (200, 400, 404, 406), (endpoint, name, value, status)
    if status == 400:
        assert name in response.json(), (endpoint, name, value, response.json())
    if status == 404:  # a page past the last one, only
        assert name == "page", (endpoint, name, value)
    if status == 406:  # a format not offered here, only
        assert name == "format", (endpoint, name, value)
    return status


@pytest.mark.parametrize("endpoint", sorted(ENDPOINTS))
def test_any_value_of_any_filter_is_a_200_or_a_400_naming_it(client, records, endpoint):
    names = [name for e, name in PARAMETERS if e == endpoint]
    for name in names:
        for value in NASTY:
            assert_parsed_or_refused(client, endpoint, name, value)

    @given(st.sampled_from(names), st.text(st.characters(codec="utf-8"), max_size=30))
    @bounded(40)
    def check(name, value):
        assert_parsed_or_refused(client, endpoint, name, value)

    check()


def test_any_value_of_the_change_feeds_parameters_is_a_200_or_a_400(client, records):
    for name in ("since", "page", "page_size"):
        for value in [*NASTY, "2015-02-30T00:00", "2015-01-01T00:00+23:59"]:
            response = client.get(f"{API}changes/", {name: value})
            assert response.status_code in (200, 400, 404), (name, value)
            if response.status_code == 400:
                assert name in response.json(), (name, value)


@given(
    st.lists(
        st.tuples(
            st.sampled_from(PARAMETERS),
            st.one_of(st.sampled_from(NASTY), st.text(max_size=12)),
        ),
        min_size=2,
        max_size=6,
    )
)
@bounded(40)
def test_any_combination_of_values_is_never_a_server_error(client, records, pairs):
    endpoint = pairs[0][0][0]
    params = {name: value for (e, name), value in pairs if e == endpoint}
    response = client.get(f"{API}{endpoint}/", params)
    assert response.status_code in (200, 400, 404, 406), (params, response.status_code)
    if response.status_code == 400:
        assert set(response.json()) <= set(params), (params, response.json())


# Filters: well-formed values select the right records -------------------------------


def listed(client, endpoint, **params):
    response = client.get(f"{API}{endpoint}/", {**params, "page_size": 500})
    assert response.status_code == 200, (params, response.content)
    return {record["id"] for record in response.json()["results"]}


D = datetime.date
DATES = st.dates(datetime.date(1900, 1, 1), datetime.date(2100, 12, 31))


@pytest.fixture
def dated_events(db):
    """Events dated to a day, a month, a year, a range, 'before' a day, 'after' a
    year, and not dated at all."""
    day, month, year = "day", "month", "year"
    specs = [
        {"date_mode": "on", "date_precision": day, "date_from": D(2015, 8, 23)},
        {"date_mode": "on", "date_precision": month, "date_from": D(2015, 8, 1)},
        {"date_mode": "on", "date_precision": year, "date_from": D(2014, 1, 1)},
        {
            "date_mode": "between",
            "date_precision": day,
            "date_from": D(2012, 3, 1),
            "date_to": D(2016, 10, 31),
        },
        {
            "date_mode": "before",
            "date_precision": day,
            "date_from": None,
            "date_to": D(2017, 1, 1),
        },
        {"date_mode": "after", "date_precision": year, "date_from": D(2013, 1, 1)},
        {"date_mode": "unknown", "date_precision": "", "date_from": None},
    ]
    events = [factories.DamageEventFactory(**spec) for spec in specs]
    for event in events:
        event.refresh_from_db()
    return events


@given(DATES, DATES, st.booleans())
@bounded(40)
def test_date_range_selects_exactly_the_events_it_should(
    client, dated_events, after, before, overlap
):
    params = {"date_after": after.isoformat(), "date_before": before.isoformat()}
    if overlap:
        params["date_overlap"] = "true"
    found = listed(client, "damage-events", **params)
    for event in dated_events:
        earliest, latest = event.date_earliest, event.date_latest
        if overlap:
            expected = (latest is None or latest >= after) and (
                earliest is None or earliest <= before
            )
            expected = expected and (earliest or latest) is not None
        else:
            expected = (
                earliest is not None
                and latest is not None
                and earliest >= after
                and latest <= before
            )
        assert (pid(event) in found) == expected, (params, earliest, latest)


@given(st.integers(1900, 2100))
@bounded(15)
def test_year_selects_events_dated_to_it(client, dated_events, year):
    found = listed(client, "damage-events", year=str(year))
    for event in dated_events:
        day = event.date_earliest or event.date_latest
        dated = day.year if day else None
        assert (pid(event) in found) == (dated == year), (year, event.date_display)


# Any offset Python allows (PostgreSQL's own stop at 15:59), any moment of years 2-9998.
OFFSETS = st.integers(-(24 * 60 - 1), 24 * 60 - 1).map(
    lambda minutes: datetime.timezone(datetime.timedelta(minutes=minutes))
)
MOMENTS = st.datetimes(
    datetime.datetime(2, 1, 1), datetime.datetime(9998, 12, 31), timezones=OFFSETS
)


@given(MOMENTS)
@bounded(30)
def test_moments_in_any_offset_are_accepted_and_compared_in_utc(client, records, when):
    site = records[HeritageSite]
    found = listed(client, "sites", updated_since=when.isoformat())
    assert (pid(site) in found) == (site.updated_at >= when), when.isoformat()
    response = client.get(f"{API}changes/", {"since": when.isoformat()})
    assert response.status_code == 200, (when.isoformat(), response.content)


COORDINATE = st.decimals(-180, 180, places=3, allow_nan=False, allow_infinity=False)
LATITUDE = st.decimals(-90, 90, places=3, allow_nan=False, allow_infinity=False)


@given(COORDINATE, COORDINATE, LATITUDE, LATITUDE)
@bounded(30)
def test_bbox_selects_sites_inside_it(client, records, lon1, lon2, lat1, lat2):
    site = records[HeritageSite]  # exact location 34.554167 N, 38.266667 E
    min_lon, max_lon = sorted((lon1, lon2))
    min_lat, max_lat = sorted((lat1, lat2))
    bbox = f"{min_lon},{min_lat},{max_lon},{max_lat}"
    found = listed(client, "sites", bbox=bbox)
    inside = min_lon <= 38.266667 <= max_lon and min_lat <= 34.554167 <= max_lat
    assert (pid(site) in found) == inside, bbox


@given(st.sampled_from(["38,34,39,35", "30,30,40,40", "-180,-90,180,90"]))
@bounded(3)
def test_bbox_never_finds_a_restricted_site(client, db, bbox):
    site = factories.SiteFactory(location_sensitivity=LocationSensitivity.RESTRICTED)
    assert pid(site) not in listed(client, "sites", bbox=bbox)


@pytest.fixture
def certain_events(db):
    return {
        value: factories.DamageEventFactory(certainty=value)
        for value in CERTAINTY_ORDER
    }


@given(
    st.sets(st.sampled_from(CERTAINTY_ORDER), min_size=1),
    st.sampled_from(CERTAINTY_ORDER),
)
@bounded(25)
def test_certainty_and_certainty_min_select_by_the_scale(
    client, certain_events, chosen, minimum
):
    found = listed(client, "damage-events", certainty=",".join(sorted(chosen)))
    for value, event in certain_events.items():
        assert (pid(event) in found) == (value in chosen), (chosen, value)
    found = listed(client, "damage-events", certainty_min=minimum)
    at_least = CERTAINTY_ORDER[CERTAINTY_ORDER.index(minimum) :]
    for value, event in certain_events.items():
        assert (pid(event) in found) == (value in at_least), (minimum, value)


def spelt(word):
    """A boolean word in any case, with any surrounding spaces."""
    return st.tuples(
        st.sampled_from(["", " "]),
        st.lists(st.booleans(), min_size=len(word), max_size=len(word)),
        st.sampled_from(["", " "]),
    ).map(
        lambda t: (
            t[0]
            + "".join(c.upper() if up else c for c, up in zip(word, t[1], strict=True))
            + t[2]
        )
    )


TRUE = st.sampled_from(["true", "1", "yes"]).flatmap(spelt)
FALSE = st.sampled_from(["false", "0", "no"]).flatmap(spelt)


@given(st.one_of(TRUE.map(lambda v: (v, True)), FALSE.map(lambda v: (v, False))))
@bounded(25)
def test_boolean_filters_accept_every_spelling(client, records, spelling):
    value, meaning = spelling
    damaged = records[HeritageSite]
    intact = factories.SiteFactory()
    found = listed(client, "sites", damaged=value)
    assert (pid(damaged) in found) == meaning, value
    assert (pid(intact) in found) != meaning, value
    listed(client, "damage-events", date_overlap=value, date_after="2015-01-01")


@given(
    st.sampled_from(
        [
            str,
            lambda u: str(u).upper(),
            lambda u: u.hex,
            lambda u: f"{{{u}}}",
            lambda u: u.urn,
        ]
    ),
    st.uuids(),
)
@bounded(20)
def test_public_id_filters_accept_any_uuid_spelling(client, records, spelling, other):
    event = records[DamageEvent]
    site = records[HeritageSite]
    elsewhere = factories.DamageEventFactory()
    found = listed(client, "damage-events", site=spelling(site.public_id))
    assert pid(event) in found and pid(elsewhere) not in found
    both = f"{spelling(site.public_id)},{spelling(other)}"
    assert listed(client, "damage-events", site=both) == found
    assert listed(client, "damage-events", site=str(other)) == set()


def ordering_values(endpoint):
    ordering = ENDPOINTS[endpoint].base_filters["ordering"]
    return sorted(
        {f"{sign}{name}" for name in ordering.param_map for sign in ("", "-")}
    )


ORDERINGS = [
    (endpoint, value) for endpoint in ENDPOINTS for value in ordering_values(endpoint)
]


@given(st.lists(st.sampled_from(ORDERINGS), min_size=1, max_size=3))
@bounded(30)
def test_every_ordering_is_accepted_and_only_orders(client, records, orderings):
    endpoint = orderings[0][0]
    values = [value for e, value in orderings if e == endpoint]
    unordered = listed(client, endpoint)
    response = client.get(f"{API}{endpoint}/", {"ordering": ",".join(values)})
    assert response.status_code == 200, (values, response.content)
    assert {r["id"] for r in response.json()["results"]} == unordered
    if values[0].lstrip("-") == "updated_at":
        stamps = [r["updated_at"] for r in response.json()["results"]]
        assert stamps == sorted(stamps, reverse=values[0].startswith("-"))


@given(
    st.sampled_from(sorted(countries.countries)),
    st.sampled_from([str.upper, str.lower, str.title]),
)
@bounded(25)
def test_country_codes_are_accepted_in_any_case(client, records, code, case):
    site = records[HeritageSite]  # in SY
    for endpoint in ("sites", "structures", "damage-events", "objects"):
        found = listed(client, endpoint, country=f"{case(code)},{case('sy')}")
        if endpoint == "sites":
            assert pid(site) in found


@given(st.data())
@bounded(30)
def test_choice_filters_accept_any_subset_of_their_choices(client, records, data):
    endpoint = data.draw(st.sampled_from(sorted(ENDPOINTS)))
    filters = ENDPOINTS[endpoint].base_filters
    choice_filters = sorted(
        name
        for name, filter_ in filters.items()
        if "choices" in filter_.extra and not callable(filter_.extra["choices"])
    )
    if not choice_filters:
        return
    name = data.draw(st.sampled_from(choice_filters))
    codes = [code for code, _label in filters[name].extra["choices"]]
    # A filter of several values takes any subset; one of a single value (the
    # minimum of a scale) takes any one of them.
    several = isinstance(filters[name], django_filters.MultipleChoiceFilter)
    chosen = data.draw(
        st.lists(st.sampled_from(codes), min_size=1, max_size=4 if several else 1)
    )
    listed(client, endpoint, **{name: ",".join(chosen)})


def test_well_formed_but_unknown_uuid_is_no_result_everywhere(client, records):
    unknown = str(uuid.uuid4())
    for endpoint, filterset in ENDPOINTS.items():
        for name, filter_ in filterset.base_filters.items():
            if type(filter_).__name__ == "PublicIdFilter":
                assert listed(client, endpoint, **{name: unknown}) == set(), name
