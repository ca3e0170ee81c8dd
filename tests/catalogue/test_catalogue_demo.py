"""The public web catalogue over the founding demo data set, loaded once for the
module (``demo_for_the_module``): its pages, its searches and its facets, as a
reader meets them."""

import re

import pytest
from django.urls import reverse

from registry.demo.founding import demo_id
from registry.models import HeritageSite
from tests import factories
from tests.catalogue.pages import facet, result_links, titles
from tests.support import count_queries, crawl

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_for_the_module")]


def test_every_page_renders_in_english_and_arabic(client):
    pages = crawl(client)
    html = {url: text for url, text in pages.items() if "<html" in text}
    assert len(html) > 20
    for url, text in html.items():
        if url.startswith("/ar/"):
            assert '<html lang="ar" dir="rtl">' in text, url
        else:
            assert '<html lang="en" dir="ltr">' in text, url
    kinds = {"/sites/", "/structures/", "/damage-events/", "/looting-incidents/"}
    kinds |= {"/objects/", "/people/", "/actors/", "/sources/", "/map/", "/statistics/"}
    for kind in kinds:
        assert any(kind in url for url in html), kind
        assert any(url.startswith("/ar" + kind) for url in html), kind


def test_site_page_shows_what_a_reader_needs(client):
    page = client.get(
        reverse("catalogue:site", args=[demo_id("site:palmyra")])
    ).content.decode()
    for text in (
        "Palmyra",
        "تدمر",
        "Tadmur",
        "Homs Governorate",
        "reference 23",
        "(i)(ii)(iv)",
        "since 2013",
        "Tetrapylon",
        "Destruction of the Temple of Bel",
        "August 2015",
        "Khaled al-Asaad",
        "Site of Palmyra — UNESCO World Heritage List entry",
        "Cite this record",
        str(demo_id("site:palmyra")),
    ):
        assert text in page, text


def test_event_page_shows_evidence_and_certainty(client):
    url = reverse(
        "catalogue:damage-event",
        args=[demo_id("damage:palmyra:tetrapylon-and-theatre")],
    )
    page = client.get(url).content.decode()
    assert "before January 2017" in page
    assert "Islamic State (ISIS)</a> — reported" in page
    assert "ISIS members destroyed or defaced much of the historic sites" in page
    assert "How sure is this?" in page and "medium" in page


def test_person_pages_respect_visibility(client):
    asaad = client.get(
        reverse("catalogue:person", args=[demo_id("person:khaled-al-asaad")])
    )
    assert "In memory" in asaad.content.decode()
    assert "Killed / executed" in asaad.content.decode()
    arabic = client.get(
        "/ar" + reverse("catalogue:person", args=[demo_id("person:khaled-al-asaad")])
    )
    assert '<h1 dir="auto">خالد الأسعد</h1>' in arabic.content.decode()
    ali = factories.PersonFactory(
        name="Hidden Realname", pseudonym="Ali2", visibility="pseudonymous"
    )
    page = client.get(
        reverse("catalogue:person", args=[ali.public_id])
    ).content.decode()
    assert "Ali2" in page and "Realname" not in page


def test_object_page_shows_the_custody_chain(client):
    page = client.get(
        reverse("catalogue:object", args=[demo_id("object:isis-black-market")])
    )
    text = page.content.decode()
    assert "Custody chain" in text and "Sold" in text and "Islamic State (ISIS)" in text


def test_statistics_give_the_numbers_as_tables(client):
    page = client.get(reverse("catalogue:statistics")).content.decode()
    assert re.search(r"<th scope=\"row\" dir=\"auto\">2015</th><td>4</td>", page)
    assert "Homs Governorate</th><td>5</td>" in page
    assert "Missing</th><td>2</td>" in page


def test_map_page_lists_sites_with_public_locations_only(client):
    page = client.get(reverse("catalogue:map")).content.decode()
    assert "34.554167, 38.266667" in page  # Palmyra: public
    assert "34.7, 40.7" in page  # Dura-Europos: generalised
    assert "40.889" not in page and "34.55, 40" not in page  # Mari: restricted


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("تدمر", "Palmyra"),
        ("تَدْمُر", "Palmyra"),
        ("موقع تدمر", "Palmyra"),
        ("Tadmur", "Palmyra"),
        ("Tadmor", "Palmyra"),
        ("Palmyra", "Palmyra"),
        ("al-Asaad", "Khaled al-Asaad"),
        ("al-Asa'ad", "Khaled al-Asaad"),
        ("Asaad", "Khaled al-Asaad"),
        ("Khaled al Asaad", "Khaled al-Asaad"),
        ("خالد الاسعد", "Khaled al-Asaad"),
        ("Deir ez-Zor", "Dura-Europos"),
        ("Deir Ezzor", "Dura-Europos"),
        ("Dayr az-Zawr", "Dura-Europos"),
    ],
)
def test_any_spelling_finds_the_record_first(client, query, expected):
    response = client.get(reverse("catalogue:search"), {"q": query})
    assert response.status_code == 200
    assert titles(response)[0] == expected


@pytest.mark.parametrize("alias", ["Daesh", "ISIL", "Islamic State", "داعش"])
def test_aliases_find_isis_attributed_events(client, alias):
    response = client.get(
        reverse("catalogue:search"), {"q": alias, "type": "damage-event"}
    )
    assert len(titles(response)) == 5


def test_governorate_spellings_find_the_same_records(client):
    # The places in the governorate; a source's title is only as spelt by its author.
    kinds = ["site", "looting-incident", "object"]
    results = [
        set(titles(client.get(reverse("catalogue:search"), {"q": q, "type": kinds})))
        for q in ("Deir ez-Zor", "Deir Ezzor", "Dayr az-Zawr", "دير الزور")
    ]
    assert results[0] == results[1] == results[2] == results[3]
    assert {"Dura-Europos", "Mari"} <= results[0]


def test_close_spellings_find_the_record_on_either_database(client):
    assert (
        titles(client.get(reverse("catalogue:search"), {"q": "Palmira"}))[0]
        == "Palmyra"
    )


def test_search_never_finds_unpublished_or_hidden_records(client):
    factories.SiteFactory(name="Tadmur draft copy", status="draft")
    factories.PersonFactory(name="Asaad Confidential", visibility="confidential")
    factories.PersonFactory(
        name="Asaad Realname", pseudonym="Samir", visibility="pseudonymous"
    )
    for query in ("Tadmur", "Asaad"):
        found = titles(client.get(reverse("catalogue:search"), {"q": query}))
        assert not any(
            "draft" in t or "Confidential" in t or "Realname" in t for t in found
        )
    assert titles(client.get(reverse("catalogue:search"), {"q": "Realname"})) == []


def test_facets_narrow_and_keep_the_query(client):
    response = client.get(reverse("catalogue:search"), {"q": "Palmyra"})
    causes = facet(response, "cause_category")
    assert causes["Deliberate destruction (ideological)"]["count"] == 5
    link = causes["Deliberate destruction (ideological)"]["query"]
    assert "q=Palmyra" in link and "cause_category=deliberate" in link
    narrowed = client.get(reverse("catalogue:search") + "?" + link)
    assert len(titles(narrowed)) == 5
    assert all(t.startswith("Destruction") for t in titles(narrowed))
    # The cause facet still offers its own values (disjunctive counts)…
    assert facet(narrowed, "cause_category")["Deliberate destruction (ideological)"][
        "selected"
    ]
    # …and the other facets count only what is left.
    assert facet(narrowed, "year") == {
        "2017": facet(narrowed, "year")["2017"],
        "2015": facet(narrowed, "year")["2015"],
    }
    assert facet(narrowed, "year")["2015"]["count"] == 4


def test_facet_counts_respect_visibility(client):
    palmyra = HeritageSite.objects.get(public_id=demo_id("site:palmyra"))
    factories.DamageEventFactory(
        site=palmyra, status="draft", cause_category="armed_conflict"
    )
    response = client.get(reverse("catalogue:search"), {"q": "Palmyra"})
    assert "Military / armed conflict" not in facet(response, "cause_category")
    assert facet(response, "country")["Syria"]["count"] == 12


@pytest.mark.parametrize(
    "view",
    [
        "catalogue:site",
        "catalogue:damage-event",
        "catalogue:person",
        "catalogue:object",
    ],
)
def test_detail_page_queries_are_bounded(client, view):
    key = {
        "catalogue:site": "site:palmyra",
        "catalogue:damage-event": "damage:palmyra:tetrapylon-and-theatre",
        "catalogue:person": "person:khaled-al-asaad",
        "catalogue:object": "object:isis-black-market",
    }[view]
    assert count_queries(client, reverse(view, args=[demo_id(key)])) <= 30


def test_a_search_found_in_english_is_labelled_in_arabic(client):
    """What a search found is kept for the next reader; its labels are not."""
    search = reverse("catalogue:search")
    english = client.get(search, {"q": "Palmyra"})
    arabic = client.get("/ar" + search, {"q": "Palmyra"})
    assert "Syria" in english.content.decode()
    assert "سوريا" not in english.content.decode()
    assert "سوريا" in arabic.content.decode()
    found = result_links(english)
    assert found
    assert [link.removeprefix("/ar") for link in result_links(arabic)] == found
