"""Figures about the published World Heritage properties, for the catalogue's
statistics page and the API's ``/statistics/sites/`` alike."""

from collections import Counter
from datetime import date

from django.db.models import Count

from registry.models import (
    Designation,
    DesignationKind,
    HeritageSite,
    UnescoRegion,
    WorldHeritageCategory,
)
from registry.publishing.cache import cached_rows


def _listed_sites():
    """Published sites on the World Heritage List now."""
    return HeritageSite.objects.published().filter(
        designations__kind=DesignationKind.WORLD_HERITAGE,
        designations__year_to__isnull=True,
    )


def site_statistics():
    """The figures as plain data: lists of ``(code, label, count)`` and of
    ``(year, count)``, each a table (and a chart) of the statistics page."""
    published = HeritageSite.objects.published().order_by().values("pk")
    held = Designation.objects.filter(site__in=published)
    by_designation = (
        held.filter(year_to__isnull=True)
        .order_by()
        .values("kind")
        .annotate(n=Count("site", distinct=True))
    )
    designations = dict(DesignationKind.choices)
    listed = _listed_sites().order_by()
    regions = Counter()
    for row in cached_rows(
        listed.values("unesco_regions").annotate(n=Count("pk", distinct=True))
    ):
        for code in filter(None, row["unesco_regions"].split(",")):
            regions[code] += row["n"]
    categories = Counter(
        {
            row["unesco_category"]: row["n"]
            for row in cached_rows(
                listed.values("unesco_category").annotate(n=Count("pk", distinct=True))
            )
            if row["unesco_category"]
        }
    )
    inscriptions = (
        held.filter(kind=DesignationKind.WORLD_HERITAGE, year_from__isnull=False)
        .order_by()
        .values("year_from")
        .annotate(n=Count("site", distinct=True))
        .order_by("year_from")
    )
    return {
        "by_designation": [
            (row["kind"], str(designations[row["kind"]]), row["n"])
            for row in sorted(cached_rows(by_designation), key=lambda r: -r["n"])
        ],
        "by_region": [
            (code, str(label), regions[code])
            for code, label in UnescoRegion.choices
            if regions[code]
        ],
        "by_category": [
            (code, str(label), categories[code])
            for code, label in WorldHeritageCategory.choices
            if categories[code]
        ],
        "in_danger_by_year": danger_list_by_year(held),
        "inscriptions_by_year": [
            (row["year_from"], row["n"]) for row in cached_rows(inscriptions)
        ],
    }


def danger_list_by_year(held):
    """The List in Danger's size each year: the properties on it at any time that
    year, from its first period to this year (or the last year a period names)."""
    periods = cached_rows(
        held.filter(kind=DesignationKind.IN_DANGER, year_from__isnull=False)
        .order_by()
        .values_list("site_id", "year_from", "year_to")
    )
    if not periods:
        return []
    first = min(start for _site, start, _end in periods)
    last = max(max(start, end or start) for _site, start, end in periods)
    if any(end is None for _site, _start, end in periods):
        last = max(last, date.today().year)
    sites = {year: set() for year in range(first, last + 1)}
    for site, start, end in periods:
        for year in range(start, (end or last) + 1):
            sites[year].add(site)
    return [(year, len(members)) for year, members in sites.items()]
