"""How a name search behaves when a name matches many records
(``registry.search.matching``).

The threshold is lowered here so that a handful of records stand for the thousand of a
real registry; the rule is the same.
"""

import pytest

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
