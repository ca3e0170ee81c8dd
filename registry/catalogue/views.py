"""The public web catalogue: server-rendered, works without JavaScript."""

from datetime import date

from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from registry import models as m
from registry.catalogue import faceted
from registry.media.images import RENDITIONS
from registry.publishing import visibility
from registry.publishing.cache import cached_count, cached_rows
from registry.publishing.privacy import (
    location_precision,
    person_display_name,
    public_point,
)


def _detail(queryset, public_id):
    try:
        return queryset.get(public_id=public_id)
    except queryset.model.DoesNotExist as error:
        raise Http404 from error


def _location(latitude, longitude, sensitivity):
    point = public_point(latitude, longitude, sensitivity)
    return {
        "point": point,
        "precision": location_precision(sensitivity) if point else "withheld",
    }


def home(request):
    counts = {
        "sites": cached_count(m.HeritageSite.objects.published()),
        "damage_events": cached_count(m.DamageEvent.objects.published()),
        "looting_incidents": cached_count(m.LootingIncident.objects.published()),
        "objects": cached_count(m.CulturalObject.objects.published()),
        "people": cached_count(
            m.Person.objects.published().filter(harm_events__isnull=False).distinct()
        ),
    }
    newest = visibility.damage_events().order_by("-published_at", "-pk")
    latest = visibility.page_of(newest, 0, 6)
    return render(request, "registry/home.html", {"counts": counts, "latest": latest})


def search(request):
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 0
    status = 200
    try:
        if page < 1:
            raise faceted.SearchError(
                {"page": [_("A whole number of at least 1 is expected.")]}
            )
        result = faceted.run(request.GET, page)
        errors = None
    except faceted.SearchError as error:
        result, errors, status = None, error.errors, 400
    context = {"search": result, "errors": errors, "query": request.GET.get("q", "")}
    return render(request, "registry/search.html", context, status=status)


def site_detail(request, public_id):
    site = visibility.attach_latest(_detail(visibility.site_detail(), public_id))
    # Damage and looting together, oldest first; undated events last.
    timeline = sorted(
        [*site.latest_damage_events, *site.latest_looting_incidents],
        key=lambda event: (
            event.date_earliest or event.date_latest or date.max,
            event.pk,
        ),
    )
    shown_events, shown_looting = (
        site.latest_damage_events,
        site.latest_looting_incidents,
    )
    context = {
        "site": site,
        "location": _location(site.latitude, site.longitude, site.location_sensitivity),
        "timeline": timeline,
        "timeline_limit": visibility.NESTED_LIMIT,
        "timeline_more": site.damage_event_count > len(shown_events)
        or site.looting_incident_count > len(shown_looting),
        "people": [
            (person, person_display_name(person)) for person in site.people.all()
        ],
    }
    return render(request, "registry/site_detail.html", context)


def structure_detail(request, public_id):
    structure = _detail(visibility.structure_detail(), public_id)
    source = structure if structure.has_point else structure.site
    context = {
        "structure": structure,
        "location": _location(
            source.latitude, source.longitude, structure.site.location_sensitivity
        ),
    }
    return render(request, "registry/structure_detail.html", context)


def damage_event_detail(request, public_id):
    event = _detail(visibility.damage_event_detail(), public_id)
    return render(request, "registry/damage_event_detail.html", {"event": event})


def looting_incident_detail(request, public_id):
    incident = _detail(visibility.looting_incident_detail(), public_id)
    return render(
        request, "registry/looting_incident_detail.html", {"incident": incident}
    )


def object_detail(request, public_id):
    obj = _detail(visibility.cultural_object_detail(), public_id)
    return render(request, "registry/object_detail.html", {"object": obj})


def person_detail(request, public_id):
    person = _detail(visibility.person_detail(), public_id)
    context = {"person": person, "display_name": person_display_name(person)}
    return render(request, "registry/person_detail.html", context)


def actor_detail(request, public_id):
    actor = _detail(visibility.actors(), public_id)
    attributed = visibility.damage_events().filter(perpetrator=actor)
    # The most recent ones, shown oldest first; the search lists every one.
    events = visibility.newest_first(attributed)[::-1]
    total = (
        cached_count(attributed)
        if len(events) == visibility.NESTED_LIMIT
        else len(events)
    )
    context = {"actor": actor, "events": events, "events_total": total}
    return render(request, "registry/actor_detail.html", context)


def source_detail(request, public_id):
    source = _detail(visibility.sources(), public_id)
    return render(request, "registry/source_detail.html", {"source": source})


MAP_TABLE_ROWS = 200


def site_map(request):
    """The map draws every public site (from the API's GeoJSON); the table under it,
    for readers without JavaScript, lists them a page at a time."""
    sites = visibility.sites().order_by("name", "pk")
    pages = max(1, -(-cached_count(sites) // MAP_TABLE_ROWS))
    try:
        page = min(max(int(request.GET.get("page", "1")), 1), pages)
    except ValueError:
        page = 1
    start = (page - 1) * MAP_TABLE_ROWS
    rows = [
        (site, _location(site.latitude, site.longitude, site.location_sensitivity))
        for site in visibility.page_of(sites, start, start + MAP_TABLE_ROWS)
    ]
    context = {"rows": rows, "page": page, "pages": pages}
    return render(request, "registry/map.html", context)


def statistics(request):
    events = m.DamageEvent.objects.published().order_by()
    by_year = (
        events.annotate(year=faceted.event_year())
        .exclude(year=None)
        .values("year")
        .annotate(n=Count("pk"))
        .order_by("year")
    )
    by_division = (
        events.values("site__admin_division__name", "site__admin_division__name_ar")
        .annotate(n=Count("pk"))
        .order_by("-n", "site__admin_division__name")
    )
    by_cause = events.values("cause_category").annotate(n=Count("pk")).order_by("-n")
    causes = dict(m.CauseCategory.choices)
    statuses = dict(m.ObjectStatus.choices)
    objects_by_status = (
        m.CulturalObject.objects.published()
        .order_by()
        .values("current_status")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    arabic = request.LANGUAGE_CODE.startswith("ar")
    tables = [
        {
            "id": "damage-by-year",
            "title": _("Damage events by year"),
            "label": _("Year"),
            "rows": [(str(row["year"]), row["n"]) for row in cached_rows(by_year)],
        },
        {
            "id": "damage-by-governorate",
            "title": _("Damage events by governorate"),
            "label": _("Governorate"),
            "rows": [
                (
                    (row["site__admin_division__name_ar"] if arabic else None)
                    or row["site__admin_division__name"]
                    or _("Unknown"),
                    row["n"],
                )
                for row in cached_rows(by_division)
            ],
        },
        {
            "id": "damage-by-cause",
            "title": _("Damage events by cause"),
            "label": _("Cause"),
            "rows": [
                (str(causes[row["cause_category"]]), row["n"])
                for row in cached_rows(by_cause)
            ],
        },
        {
            "id": "objects-by-status",
            "title": _("Looted objects by status"),
            "label": _("Status"),
            "rows": [
                (str(statuses[row["current_status"]]), row["n"])
                for row in cached_rows(objects_by_status)
            ],
        },
    ]
    return render(request, "registry/statistics.html", {"tables": tables})


def media_rendition(request, public_id, size):
    """A photograph as the public may see it: a re-encoded copy without metadata, of a
    published photograph of a public record. Originals are never served here."""
    if size not in RENDITIONS:
        raise Http404
    media = m.Media.objects.published().filter(public_id=public_id).first()
    if media is None or size not in media.renditions:
        raise Http404
    target = media.content_type.model_class()
    manager = target._default_manager
    if (
        not hasattr(manager, "published")
        or not manager.published().filter(pk=media.object_id).exists()
    ):
        raise Http404
    if (
        target is m.Person
        and not manager.filter(
            pk=media.object_id, visibility=m.Visibility.PUBLIC
        ).exists()
    ):
        raise Http404  # a photograph would identify a pseudonymous person
    response = FileResponse(
        media.file.storage.open(media.renditions[size]),
        content_type="image/jpeg",
        as_attachment=False,
        filename=f"{media.public_id}-{size}.jpg",
    )
    # Short: a withdrawn photograph must not linger in caches for long.
    response["Cache-Control"] = "public, max-age=300"
    # A rendition is always a JPEG that the registry re-encoded; the browser must not
    # guess otherwise (SecurityMiddleware sets nosniff too, said here for clarity).
    response["X-Content-Type-Options"] = "nosniff"
    return response


def methodology(request):
    context = {
        "certainty": m.Certainty.choices,
        "verification": m.Verification.choices,
        "attribution": m.Attribution.choices,
        "sensitivity": m.LocationSensitivity.choices,
        "date_modes": m.DateMode.choices,
    }
    return render(request, "registry/methodology.html", context)
