"""Any spelling, either script, on either database: the recall table (issue 14).

Every query of ``spellings.QUERIES`` is asked as a reader would, through the API's
``q`` and through the catalogue's search, and the record meant must come in the
first five (recall@5 ≥ 95%); the places of ``spellings.NOTHING`` must find nothing.
Run with ``-s`` to see the figures.
"""

import pytest
from django.db import connection
from django.urls import reverse

from tests.search.spellings import ENDPOINT, NOTHING, QUERIES, RECORDS, build_registry
from tests.support import url

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry():
    return build_registry()


def api_ranking(client, kind, query):
    response = client.get(url(ENDPOINT[kind]), {"q": query, "page_size": 10})
    assert response.status_code == 200, (query, response.content)
    return [record["id"] for record in response.json()["results"]]


def catalogue_ranking(client, kind, query):
    response = client.get(reverse("catalogue:search"), {"q": query, "type": kind})
    assert response.status_code == 200, query
    return [
        str(result.record.public_id) for result in response.context["search"].results
    ]


def recall(client, registry, ranking):
    at_1, at_5, misses, seconds = 0, 0, [], []
    for query, key in QUERIES:
        kind = RECORDS[key][0]
        found = ranking(client, kind, query)
        expected = str(registry[key].public_id)
        at_1 += found[:1] == [expected]
        at_5 += expected in found[:5]
        if expected not in found[:5]:
            misses.append((query, key))
        elif found[0] != expected:
            seconds.append((query, key))
    print(f"\nnot first but in the first five: {seconds}")
    return at_1 / len(QUERIES), at_5 / len(QUERIES), misses


def false_positives(client, ranking):
    return [
        (query, kind)
        for query in NOTHING
        for kind in ENDPOINT
        if ranking(client, kind, query)
    ]


def report(surface, at_1, at_5, misses, wrong):
    print(
        f"\n{connection.vendor} {surface}: recall@1 {at_1:.1%}, recall@5 {at_5:.1%} "
        f"over {len(QUERIES)} queries; false positives {len(wrong)}/"
        f"{len(NOTHING) * len(ENDPOINT)} searches of {len(NOTHING)} absent places"
        f"\nmissed at 5: {misses}; found: {wrong}"
    )


def test_the_table_is_large_enough():
    assert len(QUERIES) >= 60
    assert len({key for _query, key in QUERIES}) == len(RECORDS) - 1  # all but decoy


@pytest.mark.parametrize(
    "surface, ranking", [("api", api_ranking), ("catalogue", catalogue_ranking)]
)
def test_any_spelling_finds_its_record_in_the_first_five(
    client, registry, surface, ranking
):
    at_1, at_5, misses = recall(client, registry, ranking)
    wrong = false_positives(client, ranking)
    report(surface, at_1, at_5, misses, wrong)
    assert at_5 >= 0.95, misses
    assert at_1 >= 0.85, misses
    assert wrong == []
