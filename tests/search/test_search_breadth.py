"""How a name search behaves when a name matches many records
(``registry.search.matching``).

The threshold is lowered here so that a handful of records stand for the thousand of a
real registry; the rule is the same.
"""

import pytest
from django.urls import reverse

from registry.models import HeritageSite, PublicationStatus
from registry.search import matching
from tests import factories
from tests.support import json_ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def sites():
    exact = {factories.SiteFactory(name=f"Qalaat {n}").public_id for n in range(4)}
    close = factories.SiteFactory(name="Qalat Sheikh").public_id
    factories.SiteFactory(name="Tell Brak")
    return exact, close


def found(client):
    return set(json_ids(client, "sites", q="Qalaat"))


def test_a_few_matches_include_close_spellings_on_either_database(client, sites):
    # Qalat is Qalaat's phonetic key (klt): a close spelling on SQLite too.
    exact, close = sites
    assert {str(key) for key in exact | {close}} == found(client)


def test_many_exact_matches_leave_close_spellings_out(client, sites, monkeypatch):
    monkeypatch.setattr(matching, "KEYS_AS_LIST", 3)
    exact, _close = sites
    assert {str(key) for key in exact} == found(client)


def test_many_close_matches_still_count_when_nothing_is_spelt_so(client, monkeypatch):
    monkeypatch.setattr(matching, "KEYS_AS_LIST", 3)
    close = {factories.SiteFactory(name=f"Qalat {n}").public_id for n in range(5)}
    assert {str(key) for key in close} == found(client)


def test_many_other_spellings_leave_the_few_exact_matches_alone(client, monkeypatch):
    # Spelt as typed: 2; spelt otherwise (the same key, klt): 5, more than the
    # list takes. The exact matches count, found before any close spelling is
    # looked up (on PostgreSQL, the costly one).
    monkeypatch.setattr(matching, "KEYS_AS_LIST", 3)
    exact = {factories.SiteFactory(name=f"Qalaat {n}").public_id for n in range(2)}
    for n in range(5):
        factories.SiteFactory(name=f"Qalat {n}")
    assert {str(key) for key in exact} == found(client)


@pytest.fixture
def titled_after_a_site():
    """Events titled after Kafr Rastada, more than the threshold below, and others:
    one at the site titled otherwise, one misspelling it, a draft, an unrelated one."""
    site = factories.SiteFactory(name="Kafr Rastada")
    elsewhere = factories.SiteFactory(name="Tell Brak")
    titled = [
        factories.DamageEventFactory(site=elsewhere, title=f"Kafr Rastada raid {n}")
        for n in range(5)
    ]
    at_the_site = factories.DamageEventFactory(site=site, title="Looting of a tomb")
    sound = factories.DamageEventFactory(site=elsewhere, title="Kefr Rastada shelling")
    factories.DamageEventFactory(
        site=elsewhere, title="Kafr Rastada draft", status=PublicationStatus.DRAFT
    )
    factories.DamageEventFactory(site=elsewhere, title="Tell Brak shelling")
    return titled, at_the_site, sound


def event_search(client, q):
    ids = json_ids(client, "damage-events", q=q)
    page = client.get(reverse("catalogue:search"), {"q": q, "type": "damage-event"})
    assert page.status_code == 200
    return ids, page.context["search"].total


@pytest.mark.parametrize("read_once", [100_000, 2], ids=["keys-read-once", "too-many"])
def test_a_name_in_many_titles_finds_them_read_once_or_not(
    client, titled_after_a_site, monkeypatch, read_once
):
    """Past the threshold the matches' keys are read once and looked up (or, past
    ``MANY``, tested as text): either way the same records, own titles first."""
    monkeypatch.setattr(matching, "KEYS_AS_LIST", 3)
    monkeypatch.setattr(matching, "MANY", read_once)
    titled, at_the_site, sound = titled_after_a_site
    ids, total = event_search(client, "Kafr Rastada")
    # As typed, it matches five titles: the phonetic Kefr is left out, and the
    # site's own event comes through the site, after them.
    assert set(ids[:5]) == {str(event.public_id) for event in titled}
    assert ids[5:] == [str(at_the_site.public_id)]
    assert total == 6
    # Nothing is spelt so: the phonetic matches count, the site's event too.
    ids, total = event_search(client, "Kfar Rastada")
    assert set(ids) == {str(e.public_id) for e in [*titled, sound, at_the_site]}
    assert total == 7


def test_keys_read_once_follow_a_publication(client, titled_after_a_site, monkeypatch):
    monkeypatch.setattr(matching, "KEYS_AS_LIST", 3)
    before, _total = event_search(client, "Kafr Rastada")
    new = factories.DamageEventFactory(title="Kafr Rastada fire", status="draft")
    assert event_search(client, "Kafr Rastada")[0] == before
    new.status = PublicationStatus.PUBLISHED
    new.save()
    after, total = event_search(client, "Kafr Rastada")
    assert set(after) == {*before, str(new.public_id)}
    assert total == len(before) + 1


def test_a_list_of_keys_passed_as_one_parameter_finds_exactly_those(db):
    """``conditions.among_q``: the keys of many matches as one parameter (an array
    on PostgreSQL, a JSON list on SQLite), with the rest of a query around it."""
    from registry.search.conditions import among_q

    sites = [factories.SiteFactory(name=f"Tell {n}") for n in range(4)]
    chosen = [sites[3].pk, sites[1].pk]
    found = HeritageSite.objects.filter(among_q(chosen)).exclude(pk=sites[1].pk)
    assert list(found.values_list("pk", flat=True)) == [sites[3].pk]
    assert not HeritageSite.objects.filter(among_q([])).exists()
