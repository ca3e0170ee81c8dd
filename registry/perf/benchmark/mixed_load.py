"""The load run: wrk over a mix of API lists, details, exports, searches and
catalogue pages in turn, counting the answers by status."""

from django.urls import reverse

from registry.perf.benchmark.load import WRK_SCRIPTS, BenchmarkError, fetch, run_wrk
from registry.publishing import visibility

LOAD_MIX_SCRIPT = WRK_SCRIPTS / "load_mix.lua"


def build_load_paths():
    """The paths of the mix, for the first published site and event."""
    site = visibility.sites().order_by("pk").first()
    event = visibility.damage_events().order_by("pk").first()
    if site is None or event is None:
        raise BenchmarkError("No published site and event: load data first.")
    name = site.name.split()[0]
    return [
        "/",
        reverse("catalogue:search") + f"?q={name}",
        reverse("catalogue:search") + "?type=damage-event",
        reverse("catalogue:site", args=[site.public_id]),
        reverse("catalogue:damage-event", args=[event.public_id]),
        reverse("catalogue:statistics"),
        reverse("catalogue:map"),
        "/ar/",
        "/api/v1/sites/",
        f"/api/v1/sites/?q={name}",
        f"/api/v1/sites/{site.public_id}/",
        "/api/v1/damage-events/?ordering=-date&certainty_min=medium",
        f"/api/v1/damage-events/{event.public_id}/",
        f"/api/v1/damage-events/?site={site.public_id}&format=csv",
        "/api/v1/sites/?format=geojson&page_size=100&condition=destroyed",
        "/api/v1/objects/",
        "/api/v1/people/",
        "/api/v1/changes/",
        "/api/v1/vocabularies/",
        "/health/",
    ]


def warm_up(base_url, paths):
    """GET each path once: imports and caches warm, and a broken page fails early
    (BenchmarkError)."""
    for path in paths:
        status, body, _seconds = fetch(base_url + path)
        if status != 200:
            raise BenchmarkError(f"{path} answered {status}: {body[:200]!r}")


def run_mixed_load(base_url, paths, duration, connections, threads):
    """wrk over ``paths`` in turn; the figures its done() printed: requests,
    duration_us, socket_errors, p50/p95/p99/max (µs) and statuses (counts by
    status code, as strings)."""
    return run_wrk(
        LOAD_MIX_SCRIPT,
        base_url + "/",
        duration,
        connections,
        threads,
        "LOAD",
        script_args=paths,
    )


def count_answers(result):
    """The answers of a run by status code."""
    return {int(status): n for status, n in result["statuses"].items()}


def count_error_answers(result, throttled):
    """Answers other than 2xx (and other than 429 when the per-address limit was
    kept), and socket errors."""
    intended = {429} if throttled else set()
    return (
        sum(
            n
            for status, n in count_answers(result).items()
            if status >= 300 and status not in intended
        )
        + result["socket_errors"]
    )
