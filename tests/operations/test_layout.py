"""``cluster_by_site``: a site's records rewritten next to each other on disk
(PostgreSQL), with nothing else changed."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from registry.models import DamageEvent, LootingIncident
from tests.factories import DamageEventFactory, LootingIncidentFactory, SiteFactory

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="only PostgreSQL keeps rows as written"
)


def sites_on_disk(model):
    """The site of each row of ``model``, in the order the rows lie on disk."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT site_id FROM {model._meta.db_table} ORDER BY ctid")
        return [site for (site,) in cursor.fetchall()]


def runs(sites):
    """How many runs of the same site: one a site when they lie together."""
    return sum(1 for i, site in enumerate(sites) if i == 0 or site != sites[i - 1])


def interleaved():
    """Two sites whose events and looting incidents were written turn by turn."""
    palmyra, nimrud = SiteFactory(name="Palmyra"), SiteFactory(name="Nimrud")
    for number in range(12):
        site = (palmyra, nimrud)[number % 2]
        DamageEventFactory(site=site, title=f"Shelling {number}")
        LootingIncidentFactory(site=site)
    return palmyra, nimrud


def public_answers(client, sites):
    return [
        client.get(f"/api/v1/damage-events/?site={site.public_id}").json()
        for site in sites
    ]


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_sites_records_lie_together_after_clustering_and_read_the_same(
    client, vocabularies
):
    sites = interleaved()
    assert runs(sites_on_disk(DamageEvent)) == 12
    answers = public_answers(client, sites)
    stored = list(DamageEvent.objects.order_by("pk").values())

    out = StringIO()
    call_command("cluster_by_site", stdout=out)

    assert runs(sites_on_disk(DamageEvent)) == 2
    assert runs(sites_on_disk(LootingIncident)) == 2
    assert "damage events: order not measured yet" in out.getvalue()
    assert "-> site order 1.00 (by event_site_date" in out.getvalue()
    assert "structures: none with a site, nothing to order" in out.getvalue()
    # Nothing but the order on disk moved: every value, every public answer.
    assert list(DamageEvent.objects.order_by("pk").values()) == stored
    assert public_answers(client, sites) == answers


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_check_reports_the_order_and_rewrites_nothing(vocabularies):
    interleaved()
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {DamageEvent._meta.db_table}")
    before = sites_on_disk(DamageEvent)

    out = StringIO()
    call_command("cluster_by_site", "--check", stdout=out)

    assert sites_on_disk(DamageEvent) == before
    assert "damage events: site order" in out.getvalue()
    assert "->" not in out.getvalue()


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite's answer")
def test_on_sqlite_there_is_nothing_to_do():
    interleaved()
    stored = list(DamageEvent.objects.order_by("pk").values())

    out = StringIO()
    call_command("cluster_by_site", stdout=out)

    assert "Nothing to do on sqlite" in out.getvalue()
    assert list(DamageEvent.objects.order_by("pk").values()) == stored
