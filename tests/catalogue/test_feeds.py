"""Atom feeds: valid for a feed parser, public records only, stable entry ids, a
search's feed that follows publication, and pages that announce their feed."""

import datetime
import re

import feedparser
import pytest
from django.urls import reverse

from registry.models import LocationSensitivity
from tests import factories

pytestmark = pytest.mark.django_db


def read(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed, response


def titles(feed):
    return [entry.title for entry in feed.entries]


def test_the_everything_feed_holds_public_records_only(client):
    factories.SiteFactory(name="Palmyra")
    factories.SiteFactory(name="Secret draft", status="draft")
    factories.DamageEventFactory(title="Withdrawn event", status="withdrawn")
    factories.PersonFactory(
        name="Real Name", visibility="pseudonymous", pseudonym="Ali"
    )
    factories.PersonFactory(name="Hidden Witness", visibility="confidential")
    factories.SiteFactory(
        name="Looted tell",
        location_sensitivity=LocationSensitivity.RESTRICTED,
        latitude="35.123456",
        longitude="40.654321",
    )
    feed, response = read(client, reverse("catalogue:feed-all"))
    text = response.content.decode()
    assert "Heritage site: Palmyra" in titles(feed)
    assert "Person: Ali" in titles(feed)
    for secret in ("Secret draft", "Withdrawn event", "Real Name", "Hidden Witness"):
        assert secret not in text
    assert "35.123456" not in text and "40.654321" not in text
    # Every entry links to its public page and has an id and a change note.
    for entry in feed.entries:
        assert client.get(entry.link).status_code == 200
        assert entry.id.startswith("tag:")
        assert re.match(r"(Published|Updated) on ", entry.summary)


def test_entry_ids_are_stable_and_a_change_is_a_new_entry(client):
    site = factories.SiteFactory(name="Palmyra")
    first, _ = read(client, reverse("catalogue:feed-all"))
    again, _ = read(client, reverse("catalogue:feed-all"))
    assert [e.id for e in first.entries] == [e.id for e in again.entries]
    site.name = "Tadmur"
    site.save()
    changed, _ = read(client, reverse("catalogue:feed-all"))
    assert changed.entries[0].id != first.entries[0].id
    assert changed.entries[0].id.split("/")[:-1] == first.entries[0].id.split("/")[:-1]
    assert changed.entries[0].title == "Heritage site: Tadmur"


def test_a_search_feed_gains_an_entry_when_a_matching_record_is_published(client):
    site = factories.SiteFactory(name="Palmyra", admin_division=None)
    factories.DamageEventFactory(site=site, title="Destruction of the Temple of Bel")
    url = reverse("catalogue:feed-search")
    params = {"q": "Tetrapylon", "type": "damage-event"}
    event = factories.DamageEventFactory(
        site=site, title="Destruction of the Tetrapylon", status="draft"
    )
    feed, first = read(client, url, **params)
    assert feed.entries == []
    # Not before: a draft, then a record in review, change nothing.
    event.status = "review"
    event.save()
    assert client.get(url, params, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    event.status = "published"
    event.save()
    response = client.get(url, params, HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert titles(feed) == ["Damage event: Destruction of the Tetrapylon"]
    # The feed of a search holds what the search page finds.
    page = client.get(reverse("catalogue:search"), params).content.decode()
    assert "Destruction of the Tetrapylon" in page
    assert "Temple of Bel" not in response.content.decode()


def test_site_country_actor_and_kind_feeds_hold_what_belongs_to_them(client):
    isis = factories.ActorFactory(name="ISIS")
    palmyra = factories.SiteFactory(name="Palmyra", country="SY")
    nimrud = factories.SiteFactory(name="Nimrud", country="IQ")
    factories.DamageEventFactory(
        site=palmyra, title="Temple of Bel", perpetrator=isis, attribution="reported"
    )
    factories.DamageEventFactory(site=nimrud, title="Nimrud palace")
    factories.AssessmentFactory(site=palmyra, date_from=datetime.date(2016, 3, 12))

    site_feed, _ = read(
        client, reverse("catalogue:feed-site", args=[palmyra.public_id])
    )
    assert "Damage event: Temple of Bel" in titles(site_feed)
    assert any(t.startswith("Condition assessment:") for t in titles(site_feed))
    assert "Damage event: Nimrud palace" not in titles(site_feed)

    iraq, _ = read(client, reverse("catalogue:feed-country", args=["IQ"]))
    assert set(titles(iraq)) == {"Heritage site: Nimrud", "Damage event: Nimrud palace"}

    actor, _ = read(client, reverse("catalogue:feed-actor", args=[isis.public_id]))
    assert set(titles(actor)) == {"Actor: ISIS", "Damage event: Temple of Bel"}

    events, _ = read(client, reverse("catalogue:feed-kind", args=["damage-event"]))
    assert set(titles(events)) == {
        "Damage event: Temple of Bel",
        "Damage event: Nimrud palace",
    }
    # Each feed is its own: distinct ids.
    assert len({site_feed.feed.id, iraq.feed.id, actor.feed.id, events.feed.id}) == 4


def test_feeds_of_what_is_not_public_or_not_known_are_404_and_bad_searches_400(
    client,
):
    draft_site = factories.SiteFactory(status="draft")
    assert (
        client.get(
            reverse("catalogue:feed-site", args=[draft_site.public_id])
        ).status_code
        == 404
    )
    assert (
        client.get(reverse("catalogue:feed-kind", args=["nothing"])).status_code == 404
    )
    assert client.get(reverse("catalogue:feed-country", args=["XX"])).status_code == 404
    bad = client.get(reverse("catalogue:feed-search"), {"type": "bogus"})
    assert bad.status_code == 400
    assert "type" in bad.content.decode()


def test_a_feed_answers_304_until_something_public_changes(client):
    site = factories.SiteFactory(name="Palmyra")
    url = reverse("catalogue:feed-all")
    response = client.get(url)
    assert "Last-Modified" not in response  # a withdrawal would not move it
    etag = response["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    site.status = "withdrawn"
    site.save()
    after = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert after.status_code == 200
    assert "Palmyra" not in after.content.decode()


def test_pages_announce_their_feeds(client):
    isis = factories.ActorFactory(name="ISIS")
    site = factories.SiteFactory(name="Palmyra")
    pages = {
        reverse("catalogue:home"): reverse("catalogue:feed-all"),
        reverse("catalogue:site", args=[site.public_id]): reverse(
            "catalogue:feed-site", args=[site.public_id]
        ),
        reverse("catalogue:actor", args=[isis.public_id]): reverse(
            "catalogue:feed-actor", args=[isis.public_id]
        ),
        reverse("catalogue:search") + "?q=palmyra": reverse("catalogue:feed-search")
        + "?q=palmyra",
    }
    for page, feed in pages.items():
        html = client.get(page).content.decode()
        assert '<link rel="alternate" type="application/atom+xml" title=' in html, page
        assert f'href="{feed}"' in html, (page, feed)
    help_page = client.get(reverse("catalogue:feeds")).content.decode()
    assert "feed reader" in help_page


def test_the_arabic_feed_speaks_arabic(client):
    factories.SiteFactory(name="Palmyra", name_ar="تدمر")
    feed, _ = read(client, "/ar" + reverse("catalogue:feed-all"))
    assert feed.feed.language == "ar"
    assert any("تدمر" in title for title in titles(feed))
