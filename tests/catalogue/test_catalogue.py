"""The public web catalogue, as a reader meets it (rendered by the server)."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from registry.models import Name
from tests import factories
from tests.catalogue.pages import titles
from tests.support import count_queries

pytestmark = pytest.mark.django_db


# Pages --------------------------------------------------------------------------------


def test_a_site_without_other_names_has_no_empty_names_heading(client):
    bare = factories.SiteFactory(name="Tell Bare")
    named = factories.SiteFactory(name="Tell Named")
    factories.attach(Name, named, name="Tall Named", language="en")
    bare_page = client.get(reverse("catalogue:site", args=[bare.public_id]))
    named_page = client.get(reverse("catalogue:site", args=[named.public_id]))
    assert 'id="names-heading"' not in bare_page.content.decode()
    assert 'id="names-heading"' in named_page.content.decode()
    assert "Tall Named" in named_page.content.decode()


def test_every_page_names_the_registry_icon_and_favicon_ico_finds_it(client):
    from django.contrib.staticfiles import finders

    home = client.get("/").content.decode()
    icons = re.findall(r'<link rel="icon" href="([^"]+)"', home)
    assert icons
    assert all(finders.find(href.removeprefix("/static/")) for href in icons)
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert finders.find(response["Location"].removeprefix("/static/"))


def test_unpublished_records_have_no_page(client):
    for factory, view in (
        (factories.SiteFactory, "catalogue:site"),
        (factories.DamageEventFactory, "catalogue:damage-event"),
        (factories.PersonFactory, "catalogue:person"),
    ):
        draft = factory(status="draft")
        assert client.get(reverse(view, args=[draft.public_id])).status_code == 404
    confidential = factories.PersonFactory(visibility="confidential")
    assert (
        client.get(
            reverse("catalogue:person", args=[confidential.public_id])
        ).status_code
        == 404
    )


# Search -------------------------------------------------------------------------------


# Facets -------------------------------------------------------------------------------


def test_a_malformed_facet_is_a_400_naming_it(client):
    response = client.get(reverse("catalogue:search"), {"country": "XX"})
    assert response.status_code == 400
    assert "<code>country</code>" in response.content.decode()
    assert client.get(reverse("catalogue:search"), {"page": "-2"}).status_code == 400
    assert (
        client.get(reverse("catalogue:search"), {"type": "nonsense"}).status_code == 400
    )


def test_browsing_without_a_query_pages_through_everything(client):
    for index in range(25):
        factories.SiteFactory(name=f"Site {index:02}")
    first = client.get(reverse("catalogue:search"), {"type": "site"})
    second = client.get(reverse("catalogue:search"), {"type": "site", "page": 2})
    assert len(titles(first)) == 20 and len(titles(second)) == 5
    assert not set(titles(first)) & set(titles(second))
    assert 'rel="next"' in first.content.decode()


# Queries ------------------------------------------------------------------------------


def test_search_page_queries_do_not_grow_with_results(client):
    def populate(count):
        for _ in range(count):
            site = factories.SiteFactory(name="Ruin")
            factories.DamageEventFactory(site=site, title="Ruin damaged")
            factories.StructureFactory(site=site, name="Ruin gate")

    populate(2)
    few = count_queries(client, reverse("catalogue:search"), {"q": "Ruin"})
    populate(10)
    many = count_queries(client, reverse("catalogue:search"), {"q": "Ruin"})
    # Records are read for the kinds on the page only: twelve sites and eight
    # structures fill it now, so no event is read.
    assert many <= few
    # A cold cache: every kind's key lookups run (on PostgreSQL each in its own
    # transaction or savepoint, to steer the planner to the trigram index).
    assert many <= 90
    again = count_queries(client, reverse("catalogue:search"), {"q": "Ruin"})
    assert again <= 40  # the key lookups and counts now come from the cache


def test_home_and_map_queries_do_not_grow_with_sites(client):
    for _ in range(2):
        factories.DamageEventFactory()
    cache.clear()  # both counts afresh: a figure of tables not grown stays cached
    few = [
        count_queries(client, reverse(v)) for v in ("catalogue:home", "catalogue:map")
    ]
    for _ in range(8):
        factories.DamageEventFactory()
    cache.clear()
    many = [
        count_queries(client, reverse(v)) for v in ("catalogue:home", "catalogue:map")
    ]
    assert few == many


# Protection ---------------------------------------------------------------------------


def test_static_files_collect_for_production(settings, tmp_path):
    """Production serves hashed, compressed static files: every vendored file must
    collect (a dangling source-map reference would break the deployment)."""
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        },
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    manifest = (tmp_path / "static" / "staticfiles.json").read_text()
    assert (
        "registry/site.css" in manifest
        and "registry/vendor/leaflet/leaflet.js" in manifest
    )
