"""Typo tolerance on SQLite reads candidates from the keys' trigram index (migration
0021), which triggers keep in step with every write: inserts, renames, deletes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry.models import HeritageSite
from tests import factories
from tests.support import json_ids

pytestmark = pytest.mark.django_db

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="PostgreSQL has its trigram index (0015)"
)


def typo_search(client, query):
    with CaptureQueriesContext(connection) as queries:
        found = json_ids(client, "sites", q=query)
    return found, [q["sql"] for q in queries.captured_queries]


@sqlite_only
def test_a_typo_is_found_through_the_index_not_a_scan(client):
    palmyra = factories.SiteFactory(name="Palmyra")
    factories.SiteFactory(name="Aleppo")
    found, sql = typo_search(client, "Palmyta")
    assert found == [str(palmyra.public_id)]
    assert any("registry_heritagesite_keys WHERE" in s for s in sql), sql
    plan = connection.cursor().execute(
        "EXPLAIN QUERY PLAN SELECT rowid FROM registry_heritagesite_keys "
        "WHERE search_keys LIKE '% blm_r %'"
    )
    assert "VIRTUAL TABLE INDEX" in " ".join(str(row) for row in plan.fetchall())


@sqlite_only
def test_the_index_follows_renames_and_deletions(client):
    site = factories.SiteFactory(name="Palmyra")
    assert typo_search(client, "Palmira")[0] == [str(site.public_id)]
    site.name = "Tadmur"
    site.save()
    assert typo_search(client, "Palmira")[0] == []
    assert typo_search(client, "Tadmut")[0] == [str(site.public_id)]
    HeritageSite.objects.filter(pk=site.pk).delete()
    assert typo_search(client, "Tadmut")[0] == []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM registry_heritagesite_keys "
            "WHERE search_keys LIKE '% tdmr %'"
        )
        assert cursor.fetchone()[0] == 0


@sqlite_only
def test_the_index_is_made_whole_again_when_a_migration_drops_its_triggers(client):
    """SQLite drops a table's triggers when a migration rebuilds the table: after
    every migrate they are recreated and the index rebuilt."""
    from registry.search.sqlite_index import ensure_key_index

    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER registry_heritagesite_keys_insert")
    site = factories.SiteFactory(name="Palmyra")  # not indexed: no trigger
    assert typo_search(client, "Palmyta")[0] == []
    ensure_key_index(connection)  # what post_migrate runs
    assert typo_search(client, "Palmyta")[0] == [str(site.public_id)]
    other = factories.SiteFactory(name="Tetrapylon")  # the trigger is back
    assert typo_search(client, "Tetrapylom")[0] == [str(other.public_id)]
