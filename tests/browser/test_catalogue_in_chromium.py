"""The catalogue as a reader uses it, in real Chromium: typing, clicking, switching."""

import contextlib
import io
import re
import zipfile
from collections import Counter
from urllib.parse import urlsplit

import pypdf
import pytest
from playwright.sync_api import expect

from registry.demo.founding import demo_id
from registry.models import HeritageSite
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def search_from_home(page, live_server, query):
    page.goto(live_server.url + "/")
    page.get_by_label(re.compile("Search sites")).fill(query)
    page.get_by_label(re.compile("Search sites")).press("Enter")
    # The home page lists results too (its latest events): wait for the search's.
    expect(page).to_have_url(re.compile(r"/search/\?"))
    page.wait_for_load_state()


@pytest.mark.parametrize(
    ("query", "heading"),
    [
        ("تدمر", "Palmyra"),
        ("تَدْمُر", "Palmyra"),
        ("موقع تدمر", "Palmyra"),
        ("Tadmur", "Palmyra"),
        ("Tadmor", "Palmyra"),
        ("al-Asaad", "Khaled al-Asaad"),
        ("al-Asa'ad", "Khaled al-Asaad"),
        ("Asaad", "Khaled al-Asaad"),
        ("Khaled al Asaad", "Khaled al-Asaad"),
        ("Deir ez-Zor", "Dura-Europos"),
        ("Deir Ezzor", "Dura-Europos"),
        ("Dayr az-Zawr", "Dura-Europos"),
    ],
)
def test_typing_any_spelling_lands_on_the_record(
    page, live_server, demo, query, heading
):
    search_from_home(page, live_server, query)
    page.locator(".result-title").first.click()
    expect(page.locator("h1")).to_have_text(heading)


@pytest.mark.parametrize("alias", ["Daesh", "ISIL", "Islamic State"])
def test_an_alias_finds_the_events_attributed_to_isis(page, live_server, demo, alias):
    search_from_home(page, live_server, alias)
    page.get_by_role("link", name=re.compile("^Damage events")).click()
    expect(page.locator(".result")).to_have_count(5)
    page.locator(".result-title").first.click()
    expect(page.locator(".facts")).to_contain_text("Islamic State (ISIS)")


def test_clicking_a_facet_narrows_the_results(page, live_server, demo, screenshot):
    search_from_home(page, live_server, "Palmyra")
    before = page.locator(".result").count()
    expect(page.locator(".result-count")).to_have_text(f"{before} records")
    screenshot("search-results-en")
    page.get_by_role("link", name=re.compile("Deliberate destruction")).click()
    expect(page.locator(".result")).to_have_count(5)
    assert before > 5
    kinds = page.locator(".result-kind").all_inner_texts()
    assert {kind.strip().lower() for kind in kinds} == {"damage event"}
    expect(
        page.get_by_role("link", name=re.compile("Deliberate destruction"))
    ).to_have_attribute("aria-current", "true")
    assert "q=Palmyra" in page.url
    page.get_by_role("link", name=re.compile("^2017")).click()
    expect(page.locator(".result")).to_have_count(1)


def test_switching_to_arabic_gives_a_right_to_left_page(
    page, live_server, demo, screenshot
):
    page.goto(live_server.url + f"/sites/{demo_id('site:palmyra')}/")
    screenshot("site-palmyra-en")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    page.get_by_role("link", name="العربية").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("h1")).to_have_text("تدمر")
    direction = page.evaluate("getComputedStyle(document.body).direction")
    assert direction == "rtl"
    assert urlsplit(page.url).path.startswith("/ar/sites/")
    screenshot("site-palmyra-ar")
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("dir", "ltr")


def test_home_and_arabic_search_screenshots(page, live_server, demo, screenshot):
    page.goto(live_server.url + "/")
    expect(
        page.locator(".map .leaflet-container, .map.leaflet-container")
    ).to_have_count(1)
    # Palmyra as a point, Dura-Europos as its coarse cell, Mari (restricted) not at all.
    expect(page.locator("path.site-point")).to_have_count(1)
    expect(page.locator("path.site-cell")).to_have_count(1)
    screenshot("home-en")
    page.goto(live_server.url + "/ar/")
    screenshot("home-ar")
    page.goto(live_server.url + "/ar/search/?q=تدمر")
    expect(page.locator(".result-title").first).to_have_text("تدمر")
    screenshot("search-results-ar")


def test_statistics_draw_charts_from_their_tables(page, live_server, demo):
    page.goto(live_server.url + "/statistics/")
    expect(page.locator("table[data-chart]")).to_have_count(9)
    # A chart above every table that has numbers (the demo has no UNESCO regions or
    # categories: those tables say "No data yet." and get no chart).
    with_numbers = page.locator("table[data-chart]:has(tbody td:not([colspan]))")
    expect(with_numbers).to_have_count(7)
    expect(page.locator("canvas")).to_have_count(7)


def test_pages_load_without_a_failed_request_favicon_included(page, live_server, demo):
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.on("console", lambda m: failed.append(m.text) if m.type == "error" else None)
    site = live_server.url + f"/sites/{demo_id('site:palmyra')}/"
    for url in (live_server.url + "/", site, live_server.url + "/ar/"):
        page.goto(url)
        page.wait_for_load_state("networkidle")
    icon = page.evaluate("fetch('/favicon.ico').then(r => [r.status, r.url])")
    assert icon[0] == 200 and icon[1].endswith("/static/registry/favicon.ico")
    assert failed == []


def test_the_catalogue_works_without_javascript(browser, live_server, demo):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_label(re.compile("Search sites")).fill("Tadmur")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=re.compile("^Heritage sites")).click()
    expect(page.locator(".result")).to_have_count(1)
    page.goto(live_server.url + "/map/")
    expect(page.locator("table.map-table tbody tr")).to_have_count(3)
    context.close()


def test_keyboard_reaches_the_search_box_and_results(page, live_server, demo):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.get_by_label(re.compile("Search sites")).focus()
    page.keyboard.type("Tadmur")
    page.keyboard.press("Enter")
    # The home page lists results too (its latest events): wait for the search's.
    expect(page).to_have_url(re.compile(r"/search/\?q=Tadmur"))
    page.wait_for_load_state()
    page.locator(".result-title").first.focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Palmyra")


# A crawler of everything a reader (or a scraper) can reach --------------------------


SECRETS = ("SECRETDRAFT", "SECRETPERSON", "SECRETREVIEW", "SECRETWITHDRAWN")
RESTRICTED = ("35.123456", "41.654321")


def traces_of_restricted_point():
    """The point and any close rounding of it."""
    return ["35.12", "41.65", "35.1,", "41.7", "[41.6", "[41.7"]


def shape(target):
    """What kind of page a URL opens: its path with identifiers and numbers blanked
    (a search with other facets is the same page drawn by the same scripts)."""
    path = urlsplit(target).path
    path = re.sub(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", "{id}", path)
    return re.sub(r"\d+", "{n}", path)


PAGES_PER_SHAPE = 1


def test_a_crawler_finds_no_draft_no_confidential_person_no_restricted_point(
    page, live_server, demo
):
    palmyra = HeritageSite.objects.get(public_id=demo_id("site:palmyra"))
    factories.DamageEventFactory(
        site=palmyra, title="SECRETDRAFT destruction", status="draft"
    )
    factories.StructureFactory(site=palmyra, name="SECRETREVIEW gate", status="review")
    guard = factories.PersonFactory(
        name="SECRETPERSON guard", visibility="confidential"
    )
    guard.sites.add(palmyra)
    factories.HarmEventFactory(person=guard, site=palmyra)
    tell = factories.SiteFactory(
        name="Restricted tell",
        latitude=RESTRICTED[0],
        longitude=RESTRICTED[1],
        location_sensitivity="restricted",
    )
    factories.DamageEventFactory(site=tell, title="Damage at the restricted tell")
    # Public once (its versions were), withdrawn since: a tombstone, no contents.
    withdrawn = factories.DamageEventFactory(
        site=palmyra, title="SECRETWITHDRAWN looting of the museum"
    )
    withdrawn.status = "withdrawn"
    withdrawn.save()

    # Chromium adds to the exhaustive crawl of tests/publishing/test_leaks.py what a
    # browser alone sees (what scripts fetch and draw: maps, charts, suggestions), so
    # it opens one page of each kind (feeds, XML, are left to it) and every page of
    # the records next to the
    # secrets: Palmyra (the draft event, the structure in review, the confidential
    # guard, the withdrawn event) and the restricted tell.
    always = (str(palmyra.public_id), str(tell.public_id))
    shapes = Counter()
    bodies = []
    dossiers = []

    def keep(response):
        if response.url.startswith(live_server.url) and "/static/" not in response.url:
            # A redirect or an aborted request has no body to read.
            with contextlib.suppress(Exception):
                bodies.append((response.url, response.text()))

    page.on("response", keep)
    queue, seen = ["/", "/ar/"], set()
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        bodies.append((path, page.content()))
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            parts = urlsplit(href)
            if parts.netloc != urlsplit(live_server.url).netloc:
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target.startswith(("/admin/", "/ar/admin/", "/static/", "/api/")):
                continue
            if "/feeds/" in target:
                continue  # (XML, no scripts: read by the other crawler)
            if target in seen or "output=pdf" in parts.query:
                continue  # (a PDF is a download, not a page to open)
            facets = [p for p in parts.query.split("&") if p and not p.startswith("q=")]
            if "/search/" in parts.path and len(facets) > 1:
                continue
            if not any(key in target for key in always):
                if shapes[shape(target)] >= PAGES_PER_SHAPE:
                    continue
                shapes[shape(target)] += 1
            if parts.path.endswith("/dossier/"):
                # A dossier is a download too: fetched, and read file by file.
                if target not in dossiers:
                    dossiers.append(target)
                continue
            queue.append(target)

    for target in dossiers:
        seen.add(target)
        response = page.request.get(live_server.url + target)
        assert response.status == 200, target
        archive = zipfile.ZipFile(io.BytesIO(response.body()))
        for name in archive.namelist():
            data = archive.read(name)
            if name.endswith(".pdf"):
                text = "".join(
                    p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages
                )
            else:
                text = data.decode("latin-1")
            bodies.append((f"{target}#{name}", text))
    tombstone = page.goto(f"{live_server.url}/damage-events/{withdrawn.public_id}/")
    assert tombstone.status == 410
    bodies.append(("tombstone", page.content()))

    assert len(seen) > 40
    assert dossiers and any("/versions/" in path for path in seen)
    assert any("Restricted tell" in body for _, body in bodies)
    assert any("geo+json" in url or "format=geojson" in url for url, _ in bodies)
    for url, body in bodies:
        body = re.sub(r"\d{2}:\d{2}:\d{2}(\.\d+)?", "", body)
        for secret in SECRETS:
            assert secret not in body, (url, secret)
        for trace in traces_of_restricted_point():
            assert trace not in body, (url, trace)
