"""A record's API detail and catalogue page are made once per state of the public
data and kept (``cache.kept_answer``): whatever changes, the next reader sees it at
once, and nothing withdrawn or hidden is served from what was kept."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from registry.models import Citation, Name
from registry.publishing import workflow
from tests import factories

pytestmark = pytest.mark.django_db


def page(kind, record):
    with translation.override("en"):
        return reverse(f"catalogue:{kind}", args=[record.public_id])


def api(endpoint, record):
    return f"/api/v1/{endpoint}/{record.public_id}/"


def read(client, site):
    """The site's API detail and its catalogue pages (English, Arabic), each read
    twice so that the second reading is the kept one."""
    answers = []
    for url in (api("sites", site), page("site", site), f"/ar{page('site', site)}"):
        client.get(url)
        answers.append(client.get(url))
    return answers


@pytest.mark.parametrize(("factory", "endpoint", "kind"), factories.RECORD_KINDS)
def test_a_kept_detail_and_page_are_gone_once_the_record_is_withdrawn(
    client, editor, factory, endpoint, kind
):
    record = factory()
    urls = (api(endpoint, record), page(kind, record), f"/ar{page(kind, record)}")
    for url in urls:
        assert client.get(url).status_code == 200, url
        assert client.get(url).status_code == 200, url  # now from what was kept
    workflow.set_status([record], "withdrawn", editor)
    for url in urls:
        assert client.get(url).status_code == 410, url


def test_a_site_kept_shows_its_new_event_name_and_hides_a_source_made_confidential(
    client,
):
    site = factories.SiteFactory(name="Tell Brak")
    source = factories.SourceFactory(title="Field report of the guard")
    factories.attach(Citation, site, source=source)
    detail, english, arabic = read(client, site)
    assert "Field report of the guard" in detail.content.decode()
    assert "Field report of the guard" in english.content.decode()
    assert "Shelling of the east gate" not in english.content.decode()

    factories.DamageEventFactory(site=site, title="Shelling of the east gate")
    factories.attach(Name, site, name="Nagar", language="akk")
    source.confidential = True
    source.save()

    detail, english, arabic = read(client, site)
    data = detail.json()
    assert [event["title"] for event in data["damage_events"]] == [
        "Shelling of the east gate"
    ]
    assert "Nagar" in [name["name"] for name in data["names"]]
    for answer in (detail, english, arabic):
        text = answer.content.decode()
        assert "Field report of the guard" not in text
        assert "Nagar" in text
    assert "Shelling of the east gate" in english.content.decode()


def test_a_draft_is_not_kept_as_a_404(client, editor):
    site = factories.SiteFactory(status="draft")
    assert client.get(api("sites", site)).status_code == 404
    assert client.get(page("site", site)).status_code == 404
    workflow.publish_in_bulk(type(site).objects.filter(pk=site.pk), user=editor)
    assert client.get(api("sites", site)).status_code == 200
    assert client.get(page("site", site)).status_code == 200


def test_a_kept_answer_is_in_its_readers_language(client):
    site = factories.SiteFactory(name="Palmyra", name_ar="تدمر", country="SY")
    english = client.get(api("sites", site), HTTP_ACCEPT_LANGUAGE="en").json()
    arabic = client.get(api("sites", site), HTTP_ACCEPT_LANGUAGE="ar").json()
    assert english["country"]["name"] == "Syria"
    assert arabic["country"]["name"] != "Syria"
    english_page = client.get(page("site", site)).content.decode()
    arabic_page = client.get(f"/ar{page('site', site)}").content.decode()
    assert 'lang="en"' in english_page
    assert 'lang="ar"' in arabic_page


def test_a_kept_detail_costs_one_query_until_the_data_change(
    client, django_assert_max_num_queries
):
    site = factories.SiteFactory()
    factories.DamageEventFactory(site=site)
    first = client.get(api("sites", site))
    with django_assert_max_num_queries(1):  # the data versions
        again = client.get(api("sites", site))
    assert again.content == first.content
    factories.DamageEventFactory(site=site, title="A second event")
    with django_assert_max_num_queries(40):
        changed = client.get(api("sites", site)).json()
    assert "A second event" in [e["title"] for e in changed["damage_events"]]


def test_a_page_asked_with_a_query_string_is_made_afresh(client):
    site = factories.SiteFactory(name="Tell Brak")
    address = page("site", site)
    client.get(address)
    with CaptureQueriesContext(connection) as kept:
        plain = client.get(address)
    with CaptureQueriesContext(connection) as afresh:
        client.get(f"{address}?utm_source=feed")
        asked = client.get(f"{address}?utm_source=feed")
    assert len(kept) == 1  # the data versions
    assert len(afresh) > 2 * len(kept)
    assert plain.status_code == asked.status_code == 200
    assert "?utm_source=feed" in asked.content.decode()  # its language links


# A page of a list is kept as rendered, as a detail is (``registry.api.kept``).

SYRIA = "/api/v1/sites/?country=SY&ordering=name"


def names(answer):
    return [site["name"] for site in answer.json()["results"]]


def test_a_kept_page_shows_a_site_published_since_and_never_a_draft(client, editor):
    factories.SiteFactory(name="Apamea")
    withdrawn = factories.SiteFactory(name="Bosra")
    draft = factories.SiteFactory(name="Dura-Europos", status="draft")
    client.get(SYRIA)
    assert names(client.get(SYRIA)) == ["Apamea", "Bosra"]

    workflow.set_status([withdrawn], "withdrawn", editor)
    assert names(client.get(SYRIA)) == ["Apamea"]
    workflow.publish_in_bulk(type(draft).objects.filter(pk=draft.pk), user=editor)
    assert names(client.get(SYRIA)) == ["Apamea", "Dura-Europos"]


def test_a_kept_page_costs_one_query_and_keeps_its_headers(
    client, django_assert_max_num_queries
):
    for name in ("Apamea", "Bosra", "Ebla"):
        factories.SiteFactory(name=name)
    address = f"{SYRIA}&page_size=1&page=2"
    first = client.get(address)
    with django_assert_max_num_queries(1):  # the data versions
        again = client.get(address)
    assert again.content == first.content
    assert names(again) == ["Bosra"]
    for header in ("Content-Type", "Link", "ETag", "Vary"):
        assert again[header] == first[header], header
    assert 'rel="next"' in again["Link"] and 'rel="prev"' in again["Link"]
    unchanged = client.get(address, HTTP_IF_NONE_MATCH=again["ETag"])
    assert unchanged.status_code == 304


def test_a_kept_page_is_in_its_readers_language_and_indentation(client):
    factories.SiteFactory(name="Palmyra", name_ar="تدمر", country="SY")
    english = client.get(SYRIA, HTTP_ACCEPT_LANGUAGE="en")
    arabic = client.get(SYRIA, HTTP_ACCEPT_LANGUAGE="ar")
    assert english.json()["results"][0]["country"]["name"] == "Syria"
    assert arabic.json()["results"][0]["country"]["name"] != "Syria"
    indented = client.get(SYRIA, HTTP_ACCEPT="application/json; indent=4")
    plain = client.get(SYRIA, HTTP_ACCEPT="application/json")
    assert indented.content.startswith(b'{\n    "count"')
    assert plain.content.startswith(b'{"count"')
    assert indented.json() == plain.json() == english.json()


def test_a_refused_question_is_answered_each_time_and_a_large_page_made_afresh(
    client, monkeypatch
):
    from registry.api import kept

    factories.SiteFactory(name="Apamea")
    for _ in range(2):
        refused = client.get("/api/v1/sites/?condition=crumbled")
        assert refused.status_code == 400
        assert "condition" in refused.json()
    monkeypatch.setattr(kept, "KEPT_MAX_BYTES", 10)
    client.get(SYRIA)
    with CaptureQueriesContext(connection) as afresh:
        large = client.get(SYRIA)
    assert names(large) == ["Apamea"]
    assert len(afresh) > 2


def test_many_kept_answers_leave_the_cached_figures_in_place(client, settings):
    """Answers are kept apart from the figures: a crawler's hundreds of pages do not
    push a list's count out of a per-process cache (300 entries)."""
    settings.API_THROTTLE_RATE = "100000/min"
    factories.DamageEventFactory(certainty="high")
    client.get("/api/v1/damage-events/?certainty=high")  # its total counted
    for size in range(1, 401):
        assert client.get(f"{SYRIA}&page_size={size}").status_code == 200
    with CaptureQueriesContext(connection) as asked:
        page = client.get("/api/v1/damage-events/?certainty=high&page_size=7")
    assert page.json()["count"] == 1
    counted = [q["sql"] for q in asked.captured_queries if "COUNT(" in q["sql"]]
    assert counted == []
