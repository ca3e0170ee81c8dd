"""The benchmark's questions: real values picked from the data, each question as
our URL, Datasette's URL and the floor's SQL, and one run of a question."""

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection
from django.db.models import Count, Q

from registry.api.views import DamageEventViewSet, SiteViewSet
from registry.models import DamageEvent, HeritageSite, Name
from registry.models.choices import NameKind, PublicationStatus
from registry.perf.benchmark.floor import (
    build_all_rows_floor,
    build_detail_floor,
    build_page_floor,
    run_floor,
)
from registry.perf.benchmark.load import BenchmarkError, drive_checked_load
from registry.search.text import fold


@dataclass
class Scenario:
    name: str
    ours: str
    datasette: str | None = None
    floor: object = None  # a function returning (sql, params) pairs to run
    # Whether its first request after a publication is measured too.
    first: bool = False
    results: dict = field(default_factory=dict)


def pick_parameters():
    """Real values from the data: the most damaged site, names to search, dates."""
    published = PublicationStatus.PUBLISHED
    site = (
        HeritageSite.objects.published()
        .filter(location_sensitivity="public")
        .annotate(
            events=Count("damage_events", filter=Q(damage_events__status=published))
        )
        .order_by("-events", "pk")
        .first()
    )
    if site is None:
        raise BenchmarkError(
            "No published site: generate data first (generate_synthetic)."
        )
    middle = HeritageSite.objects.published().exclude(name_ar="").order_by("pk")
    arabic_site = middle[middle.count() // 2]
    arabic = arabic_site.name_ar.replace("ة", "ه")  # typed with ha for ta marbuta
    variant = (
        Name.objects.filter(
            kind=NameKind.TRANSLITERATION,
            content_type__model="heritagesite",
            object_id__in=HeritageSite.objects.published().values("pk"),
        )
        .order_by("pk")
        .first()
    )
    latin = variant.name if variant else site.name
    return {
        "site": site,
        "arabic": arabic,
        "latin": latin,
        "country": site.country.code,
    }


def build_scenarios(params):
    """The questions, as our URLs, Datasette's URLs and the floor's SQL."""
    site = params["site"]
    country = params["country"]
    db = Path(settings.DATABASES["default"]["NAME"]).stem
    arabic_folded, latin_folded = fold(params["arabic"]), fold(params["latin"])
    published = "status__exact=published"
    site_filters = f"country={country}&condition=poor,very_bad"
    event_filters = "cause_category=armed_conflict&certainty=high&date_after=2015-01-01"
    return [
        Scenario(
            "API site list, 2 filters",
            f"/api/v1/sites/?{site_filters}&ordering=name",
            f"/{db}/registry_heritagesite.json?{published}&country__exact={country}"
            "&condition__in=poor,very_bad&_sort=name&_size=50",
            build_page_floor(
                SiteViewSet, f"/api/v1/sites/?{site_filters}&ordering=name"
            ),
            # Asked again, a page is the one its first request made (kept by
            # data version, as a detail is); its first request after a
            # publication makes it anew.
            first=True,
        ),
        Scenario(
            "API event list, 3 filters + order",
            f"/api/v1/damage-events/?{event_filters}&ordering=-date",
            f"/{db}/registry_damageevent.json?{published}"
            "&cause_category__exact=armed_conflict&certainty__exact=high"
            "&date_earliest__gte=2015-01-01&_sort_desc=date_earliest&_size=50",
            build_page_floor(
                DamageEventViewSet,
                f"/api/v1/damage-events/?{event_filters}&ordering=-date",
            ),
            first=True,
        ),
        Scenario(
            "API site detail (nested)",
            f"/api/v1/sites/{site.public_id}/",
            f"/{db}/registry_heritagesite/{site.pk}.json",
            build_detail_floor(site.public_id),
            first=True,
        ),
        Scenario(
            "API search, Arabic name",
            f"/api/v1/sites/?q={quote(params['arabic'])}",
            f"/{db}/registry_heritagesite.json?{published}"
            f"&_search={quote(arabic_folded)}&_size=50",
            build_page_floor(
                SiteViewSet, f"/api/v1/sites/?q={quote(params['arabic'])}"
            ),
            first=True,
        ),
        Scenario(
            "API search, Latin spelling",
            f"/api/v1/sites/?q={quote(params['latin'])}",
            f"/{db}/registry_heritagesite.json?{published}"
            f"&_search={quote(latin_folded)}&_size=50",
            build_page_floor(SiteViewSet, f"/api/v1/sites/?q={quote(params['latin'])}"),
            first=True,
        ),
        Scenario(
            "API GeoJSON, sites of a country",
            f"/api/v1/sites/?country={country}&condition=destroyed&format=geojson",
            f"/{db}/registry_heritagesite.json?{published}&country__exact={country}"
            "&condition__exact=destroyed&_size=max&_shape=array",
            build_all_rows_floor(
                SiteViewSet, f"/api/v1/sites/?country={country}&condition=destroyed"
            ),
            # Asked again, an export is served from the file its first request
            # made; its first request after a publication makes it anew.
            first=True,
        ),
        Scenario(
            "Catalogue search page",
            f"/search/?q={quote(params['latin'])}",
            first=True,
        ),
        Scenario(
            "API event list, unfiltered",
            "/api/v1/damage-events/",
            f"/{db}/registry_damageevent.json?{published}&_sort_desc=date_from"
            "&_size=50",
            build_page_floor(DamageEventViewSet, "/api/v1/damage-events/"),
            first=True,
        ),
        Scenario("Catalogue site page", f"/sites/{site.public_id}/", first=True),
        Scenario("Catalogue home page", "/"),
    ]


def run_scenario(servers, scenario, duration, connections, threads):
    """Ask ``scenario``'s question of our server, of Datasette (when it runs and the
    question has a Datasette form) and of the floor; the figures go into
    ``scenario.results`` by "ours", "datasette" and "floor"."""
    scenario.results["ours"] = drive_checked_load(
        servers.ours + scenario.ours, duration, connections, threads
    )
    if servers.datasette and scenario.datasette:
        scenario.results["datasette"] = drive_checked_load(
            servers.datasette + scenario.datasette, duration, connections, threads
        )
    if scenario.floor:
        scenario.results["floor"] = run_floor(scenario.floor, min(duration, 5))


def ensure_datasette_search():
    """Datasette's full-text search needs an FTS5 table over the site names: made
    here (on the benchmark database only) from the same folded search text."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS registry_heritagesite_fts USING "
            'fts5(search_text, content="registry_heritagesite", content_rowid="id")'
        )
        cursor.execute(
            "INSERT INTO registry_heritagesite_fts(registry_heritagesite_fts) "
            "VALUES('rebuild')"
        )


def count_records():
    """The registry's size, as the benchmark reports it."""
    return {
        "sites": HeritageSite.objects.count(),
        "damage events": DamageEvent.objects.count(),
        "published events": DamageEvent.objects.published().count(),
    }
