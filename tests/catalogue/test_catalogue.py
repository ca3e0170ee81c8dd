"""The public web catalogue, as a reader meets it (rendered by the server)."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from registry.demo.founding import demo_id
from registry.models import HeritageSite, Name
from tests import factories
from tests.support import count_queries, crawl

pytestmark = pytest.mark.django_db


def titles(response):
    return [
        re.sub(r"\s+", " ", title).strip()
        for title in re.findall(
            r'class="result-title"[^>]*>([^<]*)<', response.content.decode()
        )
    ]


# Pages --------------------------------------------------------------------------------


def test_every_page_renders_in_english_and_arabic(client, demo):
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


def test_site_page_shows_what_a_reader_needs(client, demo):
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


def test_a_site_without_other_names_has_no_empty_names_heading(client):
    bare = factories.SiteFactory(name="Tell Bare")
    named = factories.SiteFactory(name="Tell Named")
    factories.attach(Name, named, name="Tall Named", language="en")
    bare_page = client.get(reverse("catalogue:site", args=[bare.public_id]))
    named_page = client.get(reverse("catalogue:site", args=[named.public_id]))
    assert 'id="names-heading"' not in bare_page.content.decode()
    assert 'id="names-heading"' in named_page.content.decode()
    assert "Tall Named" in named_page.content.decode()


def test_every_page_names_the_registry_icon_and_favicon_ico_finds_it(client):
    from django.contrib.staticfiles import finders

    home = client.get("/").content.decode()
    icons = re.findall(r'<link rel="icon" href="([^"]+)"', home)
    assert icons
    assert all(finders.find(href.removeprefix("/static/")) for href in icons)
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert finders.find(response["Location"].removeprefix("/static/"))


def test_event_page_shows_evidence_and_certainty(client, demo):
    url = reverse(
        "catalogue:damage-event",
        args=[demo_id("damage:palmyra:tetrapylon-and-theatre")],
    )
    page = client.get(url).content.decode()
    assert "before January 2017" in page
    assert "Islamic State (ISIS)</a> — reported" in page
    assert "ISIS members destroyed or defaced much of the historic sites" in page
    assert "How sure is this?" in page and "medium" in page


def test_person_pages_respect_visibility(client, demo):
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


def test_object_page_shows_the_custody_chain(client, demo):
    page = client.get(
        reverse("catalogue:object", args=[demo_id("object:isis-black-market")])
    )
    text = page.content.decode()
    assert "Custody chain" in text and "Sold" in text and "Islamic State (ISIS)" in text


def test_unpublished_records_have_no_page(client):
    for factory, view in (
        (factories.SiteFactory, "catalogue:site"),
        (factories.DamageEventFactory, "catalogue:damage-event"),
        (factories.PersonFactory, "catalogue:person"),
    ):
        draft = factory(status="draft")
        assert client.get(reverse(view, args=[draft.public_id])).status_code == 404
    confidential = factories.PersonFactory(visibility="confidential")
    assert (
        client.get(
            reverse("catalogue:person", args=[confidential.public_id])
        ).status_code
        == 404
    )


def test_statistics_give_the_numbers_as_tables(client, demo):
    page = client.get(reverse("catalogue:statistics")).content.decode()
    assert re.search(r"<th scope=\"row\" dir=\"auto\">2015</th><td>4</td>", page)
    assert "Homs Governorate</th><td>5</td>" in page
    assert "Missing</th><td>2</td>" in page


def test_map_page_lists_sites_with_public_locations_only(client, demo):
    page = client.get(reverse("catalogue:map")).content.decode()
    assert "34.554167, 38.266667" in page  # Palmyra: public
    assert "34.7, 40.7" in page  # Dura-Europos: generalised
    assert "40.889" not in page and "34.55, 40" not in page  # Mari: restricted


# Search -------------------------------------------------------------------------------


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
def test_any_spelling_finds_the_record_first(client, demo, query, expected):
    response = client.get(reverse("catalogue:search"), {"q": query})
    assert response.status_code == 200
    assert titles(response)[0] == expected


@pytest.mark.parametrize("alias", ["Daesh", "ISIL", "Islamic State", "داعش"])
def test_aliases_find_isis_attributed_events(client, demo, alias):
    response = client.get(
        reverse("catalogue:search"), {"q": alias, "type": "damage-event"}
    )
    assert len(titles(response)) == 5


def test_governorate_spellings_find_the_same_records(client, demo):
    # The places in the governorate; a source's title is only as spelt by its author.
    kinds = ["site", "looting-incident", "object"]
    results = [
        set(titles(client.get(reverse("catalogue:search"), {"q": q, "type": kinds})))
        for q in ("Deir ez-Zor", "Deir Ezzor", "Dayr az-Zawr", "دير الزور")
    ]
    assert results[0] == results[1] == results[2] == results[3]
    assert {"Dura-Europos", "Mari"} <= results[0]


def test_close_spellings_find_the_record_on_either_database(client, demo):
    assert (
        titles(client.get(reverse("catalogue:search"), {"q": "Palmira"}))[0]
        == "Palmyra"
    )


def test_search_never_finds_unpublished_or_hidden_records(client, demo):
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


# Facets -------------------------------------------------------------------------------


def facet(response, param):
    (group,) = [g for g in response.context["search"].facets if g["param"] == param]
    return {option["label"]: option for option in group["options"]}


def test_facets_narrow_and_keep_the_query(client, demo):
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


def test_facet_counts_respect_visibility(client, demo):
    palmyra = HeritageSite.objects.get(public_id=demo_id("site:palmyra"))
    factories.DamageEventFactory(
        site=palmyra, status="draft", cause_category="armed_conflict"
    )
    response = client.get(reverse("catalogue:search"), {"q": "Palmyra"})
    assert "Military / armed conflict" not in facet(response, "cause_category")
    assert facet(response, "country")["Syria"]["count"] == 12


def test_a_malformed_facet_is_a_400_naming_it(client):
    response = client.get(reverse("catalogue:search"), {"country": "XX"})
    assert response.status_code == 400
    assert "<code>country</code>" in response.content.decode()
    assert client.get(reverse("catalogue:search"), {"page": "-2"}).status_code == 400
    assert (
        client.get(reverse("catalogue:search"), {"type": "nonsense"}).status_code == 400
    )


def test_browsing_without_a_query_pages_through_everything(client):
    for index in range(25):
        factories.SiteFactory(name=f"Site {index:02}")
    first = client.get(reverse("catalogue:search"), {"type": "site"})
    second = client.get(reverse("catalogue:search"), {"type": "site", "page": 2})
    assert len(titles(first)) == 20 and len(titles(second)) == 5
    assert not set(titles(first)) & set(titles(second))
    assert 'rel="next"' in first.content.decode()


# Queries ------------------------------------------------------------------------------


def test_search_page_queries_do_not_grow_with_results(client):
    def populate(count):
        for _ in range(count):
            site = factories.SiteFactory(name="Ruin")
            factories.DamageEventFactory(site=site, title="Ruin damaged")
            factories.StructureFactory(site=site, name="Ruin gate")

    populate(2)
    few = count_queries(client, reverse("catalogue:search"), {"q": "Ruin"})
    populate(10)
    many = count_queries(client, reverse("catalogue:search"), {"q": "Ruin"})
    # Records are read for the kinds on the page only: twelve sites and eight
    # structures fill it now, so no event is read.
    assert many <= few
    # A cold cache: every kind's key lookups run (on PostgreSQL each in its own
    # transaction or savepoint, to steer the planner to the trigram index).
    assert many <= 90
    again = count_queries(client, reverse("catalogue:search"), {"q": "Ruin"})
    assert again <= 40  # the key lookups and counts now come from the cache


@pytest.mark.parametrize(
    "view",
    [
        "catalogue:site",
        "catalogue:damage-event",
        "catalogue:person",
        "catalogue:object",
    ],
)
def test_detail_page_queries_are_bounded(client, demo, view):
    key = {
        "catalogue:site": "site:palmyra",
        "catalogue:damage-event": "damage:palmyra:tetrapylon-and-theatre",
        "catalogue:person": "person:khaled-al-asaad",
        "catalogue:object": "object:isis-black-market",
    }[view]
    assert count_queries(client, reverse(view, args=[demo_id(key)])) <= 30


def test_home_and_map_queries_do_not_grow_with_sites(client):
    for _ in range(2):
        factories.DamageEventFactory()
    cache.clear()  # both counts afresh: a figure of tables not grown stays cached
    few = [
        count_queries(client, reverse(v)) for v in ("catalogue:home", "catalogue:map")
    ]
    for _ in range(8):
        factories.DamageEventFactory()
    cache.clear()
    many = [
        count_queries(client, reverse(v)) for v in ("catalogue:home", "catalogue:map")
    ]
    assert few == many


# Protection ---------------------------------------------------------------------------


def test_static_files_collect_for_production(settings, tmp_path):
    """Production serves hashed, compressed static files: every vendored file must
    collect (a dangling source-map reference would break the deployment)."""
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        },
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    manifest = (tmp_path / "static" / "staticfiles.json").read_text()
    assert (
        "registry/site.css" in manifest
        and "registry/vendor/leaflet/leaflet.js" in manifest
    )


def result_links(response):
    return re.findall(
        r'class="result-title"[^>]*href="([^"]*)"', response.content.decode()
    ) or re.findall(
        r'href="([^"]*)"[^>]*class="result-title"', response.content.decode()
    )


def test_a_search_found_in_english_is_labelled_in_arabic(client, demo):
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
