"""The catalogue's search keeps what it found of each kind of record by the data
versions of the tables that kind's queries read: a publication finds anew the
kinds it touches, and only those."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from registry.catalogue import faceted
from registry.catalogue.kinds import KINDS
from registry.models import DamageEvent, Structure
from registry.publishing.cache import bump
from tests.factories import DamageEventFactory, StructureFactory, full_record_set

pytestmark = pytest.mark.django_db


def search(text):
    return faceted.run(QueryDict(f"q={text}"))


def kind_counts(page):
    return {kind["value"]: kind["count"] for kind in page.kinds}


def queries_of_a_search_after(change):
    search("Palmyra")
    change()
    with CaptureQueriesContext(connection) as queries:
        search("Palmyra")
    return len(queries)


def test_a_new_event_is_found_at_once_and_the_other_kinds_are_not_found_again():
    site = full_record_set()[DamageEvent].site
    before = kind_counts(search("Palmyra"))
    assert before["structure"] == 1 and before["damage-event"] == 1

    new_events = queries_of_a_search_after(lambda: DamageEventFactory(site=site))
    everything = queries_of_a_search_after(bump)  # every table moved on

    after = kind_counts(search("Palmyra"))
    assert after["damage-event"] == 2
    assert after["structure"] == before["structure"]
    # The sites', structures', objects'… parts were kept: fewer queries.
    assert new_events < everything


def test_a_new_structure_is_found_at_once_though_the_events_did_not_change():
    site = full_record_set()[DamageEvent].site
    search("Palmyra")
    StructureFactory(site=site, name="Tetrapylon")
    assert kind_counts(search("Palmyra"))["structure"] == 2
    Structure.objects.filter(name="Tetrapylon").get().delete()
    assert kind_counts(search("Palmyra"))["structure"] == 1


TABLE = re.compile(r'"(registry_[a-z_]+)"')


def read_by(queries):
    return {
        table
        for query in queries
        for table in TABLE.findall(query["sql"])
        if table != "registry_dataversion"  # the versions themselves
    }


def facet_choices():
    """Every facet value the full record set has, as the search counts them."""
    page = search("Palmyra")
    return [
        (facet["param"], option["value"])
        for facet in page.facets
        for option in facet["options"]
    ]


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.code)
def test_each_kind_is_kept_by_every_table_its_queries_read(kind):
    """What a kind's part of a search reads, with a query and with each facet
    chosen, is among the tables its cached answer is keyed by: a change to any
    of them finds it anew."""
    full_record_set()
    questions = [("Palmyra", {}), ("", {})]
    questions += [("Palmyra", {param: [value]}) for param, value in facet_choices()]
    for query, active in questions:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            faceted._found_of_kind(kind, query, active, faceted.PAGE_SIZE)
        groups, found, typed = faceted.questions_of_kind(kind, query, active)
        keyed_by = faceted._tables_of_kind(kind, query, groups, (found, typed))
        assert read_by(queries) <= keyed_by, (query, active)
