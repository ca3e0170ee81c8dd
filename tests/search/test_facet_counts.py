"""Facet counts and a search's first results read in one pass
(``facets.count_facets`` with ``first``) are those of the separate queries: the
grouped count of every facet, and the page in reading order."""

import datetime

import pytest

from registry.catalogue.faceted import _sorted_by, filtered, in_reading_order
from registry.catalogue.kinds import KINDS
from registry.models import CauseCategory, Condition, PublicationStatus
from registry.search.facets import count_facets, facets_of
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry():
    """Records of every kind spread over two countries and several values of each
    facet, with drafts among them; many share a rank (found through their site
    alone), so the order between them is the key's."""
    actor = factories.ActorFactory(name="Jaysh Qalaat")
    sites = [
        factories.SiteFactory(name="Qalaat Halab", country="SY"),
        factories.SiteFactory(name="Qalaat Tall", country="IQ", other_countries="SY"),
        factories.SiteFactory(name="Tell Brak", country="SY", condition="poor"),
        factories.SiteFactory(name="Qalaat Draft", status=PublicationStatus.DRAFT),
    ]
    causes = list(CauseCategory.values)
    for n in range(12):
        site = sites[n % 4]
        factories.DamageEventFactory(
            site=site,
            title=f"Shelling {n}" if n % 3 else f"Qalaat shelled {n}",
            cause_category=causes[n % len(causes)],
            condition_after=list(Condition.values)[n % 3],
            perpetrator=actor if n % 2 else None,
            attribution="reported" if n % 2 else "",
            date_from=datetime.date(2013 + n % 4, 1, 1),
            status=PublicationStatus.DRAFT if n == 5 else PublicationStatus.PUBLISHED,
        )
        factories.StructureFactory(site=site, name=f"Qalaat wall {n}")
    for n in range(5):
        factories.LootingIncidentFactory(
            site=sites[n % 3], perpetrator=actor, attribution="reported"
        )
        factories.CulturalObjectFactory(
            origin_site=sites[n % 3] if n % 2 else None,
            country_of_origin="IQ" if n % 2 else "SY",
            title=f"Qalaat relief {n}",
        )
        factories.AssessmentFactory(site=sites[n % 3], condition="poor")


@pytest.mark.parametrize("query", ["", "Qalaat", "Shelling"])
def test_counts_and_first_results_read_together_are_those_read_apart(registry, query):
    compared = set()
    for kind in KINDS:
        facets = facets_of(kind.code)
        queryset = filtered(kind, query, {})
        if not facets or queryset is None:
            continue
        apart = count_facets(kind.code, queryset, facets)
        order = _sorted_by(query)
        together = count_facets(kind.code, queryset, facets, (order, 4))
        assert dict(together) == dict(apart), kind.code
        assert together.total == apart.total == queryset.count(), kind.code
        page = in_reading_order(queryset, query).values_list("pk", order)[:4]
        assert together.first == list(page), kind.code
        if together.first:
            compared.add(kind.code)
    assert "damage-event" in compared
    if query != "Shelling":  # the events' titles only
        assert {"site", "structure", "object"} <= compared
