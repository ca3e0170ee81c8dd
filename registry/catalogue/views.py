"""The public web catalogue: server-rendered, works without JavaScript."""

from datetime import date

from django.conf import settings
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django_countries.fields import Country

from registry.catalogue import faceted
from registry.catalogue.feeds import FEED_KINDS
from registry.interchange.captures import copy_of, extension_of
from registry.media.images import RENDITIONS
from registry.models import (
    Attribution,
    CauseCategory,
    Certainty,
    CulturalObject,
    DamageEvent,
    DateMode,
    HeritageSite,
    LocationSensitivity,
    LootingIncident,
    Media,
    ObjectStatus,
    Person,
    Verification,
    Visibility,
)
from registry.models.base import sort_year
from registry.publishing import visibility
from registry.publishing.cache import cached_count, cached_rows
from registry.publishing.monitoring import current_condition, damage_brackets
from registry.publishing.privacy import (
    person_display_name,
    public_comparison,
    public_point,
    public_precision,
)
from registry.search.similar import similar_objects
from registry.search.statistics import site_statistics


def _location(latitude, longitude, sensitivity):
    point = public_point(latitude, longitude, sensitivity)
    return {
        "point": point,
        "precision": public_precision(latitude, longitude, sensitivity),
    }


def home(request):
    counts = {
        "sites": cached_count(HeritageSite.objects.published()),
        "damage_events": cached_count(DamageEvent.objects.published()),
        "looting_incidents": cached_count(LootingIncident.objects.published()),
        "objects": cached_count(CulturalObject.objects.published()),
        "people": cached_count(
            Person.objects.published().filter(harm_events__isnull=False).distinct()
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
    context = {
        "search": result,
        "errors": errors,
        "query": request.GET.get("q", ""),
        "dossier_limit": settings.DOSSIER_SEARCH_LIMIT,
    }
    return render(request, "registry/search.html", context, status=status)


def site_detail(request, public_id):
    site = visibility.attach_latest(
        get_object_or_404(visibility.site_detail(), public_id=public_id)
    )
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
        "current": current_condition(site, latest=site.latest_assessments),
        "comparison": public_comparison(site),
    }
    return render(request, "registry/site_detail.html", context)


def structure_detail(request, public_id):
    structure = get_object_or_404(visibility.structure_detail(), public_id=public_id)
    source = structure if structure.has_point else structure.site
    context = {
        "structure": structure,
        "location": _location(
            source.latitude, source.longitude, structure.site.location_sensitivity
        ),
        "current": current_condition(structure, latest=structure.latest_assessments),
        "comparison": public_comparison(structure),
    }
    return render(request, "registry/structure_detail.html", context)


def damage_event_detail(request, public_id):
    event = get_object_or_404(visibility.damage_event_detail(), public_id=public_id)
    context = {"event": event, "brackets": damage_brackets(event)}
    return render(request, "registry/damage_event_detail.html", context)


def feeds_help(request):
    """How to follow the registry: the feeds, and the countries that have records."""
    countries = sorted(
        {code for code in visibility.sites().values_list("country", flat=True) if code}
    )
    context = {
        "kinds": FEED_KINDS,
        "countries": [(code, Country(code).name) for code in countries],
    }
    return render(request, "registry/feeds.html", context)


def assessment_detail(request, public_id):
    assessment = get_object_or_404(visibility.assessment_detail(), public_id=public_id)
    return render(
        request, "registry/assessment_detail.html", {"assessment": assessment}
    )


def looting_incident_detail(request, public_id):
    incident = get_object_or_404(
        visibility.looting_incident_detail(), public_id=public_id
    )
    return render(
        request, "registry/looting_incident_detail.html", {"incident": incident}
    )


def object_detail(request, public_id):
    obj = get_object_or_404(visibility.cultural_object_detail(), public_id=public_id)
    return render(
        request,
        "registry/object_detail.html",
        {"object": obj, "similar": similar_objects(obj)},
    )


def person_detail(request, public_id):
    person = get_object_or_404(visibility.person_detail(), public_id=public_id)
    context = {"person": person, "display_name": person_display_name(person)}
    return render(request, "registry/person_detail.html", context)


def actor_detail(request, public_id):
    actor = get_object_or_404(visibility.actors(), public_id=public_id)
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
    source = get_object_or_404(visibility.source_detail(), public_id=public_id)
    captures = [capture.public_view() for capture in source.captures.all()]
    return render(
        request,
        "registry/source_detail.html",
        {"source": source, "captures": captures},
    )


def source_capture(request, public_id, sha256):
    """A captured copy that an editor made public, while its source is public and
    not confidential; anything else is a 404, as if it did not exist."""
    source = get_object_or_404(visibility.sources(), public_id=public_id)
    capture = (
        source.captures.filter(sha256=sha256, publishable=True).order_by("pk").first()
    )
    if capture is None or not capture.is_public:
        raise Http404(_("No public copy of this source has this SHA-256."))
    response = HttpResponse(copy_of(capture), content_type=capture.content_type)
    name = f"{sha256[:16]}{extension_of(capture.content_type)}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


MAP_TABLE_ROWS = 200


def site_map(request):
    """The map draws every public site (from the API's GeoJSON); the table under it,
    for readers without JavaScript, lists them a page at a time."""
    sites = visibility.sites().order_by("name", "pk")
    paginator = visibility.CachedCountPaginator(sites, MAP_TABLE_ROWS)
    page = paginator.get_page(request.GET.get("page"))
    rows = [
        (site, _location(site.latitude, site.longitude, site.location_sensitivity))
        for site in page
    ]
    context = {"rows": rows, "page": page.number, "pages": paginator.num_pages}
    return render(request, "registry/map.html", context)


def statistics(request):
    events = DamageEvent.objects.published().order_by()
    by_year = (
        events.annotate(year=sort_year())
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
    causes = dict(CauseCategory.choices)
    statuses = dict(ObjectStatus.choices)
    objects_by_status = (
        CulturalObject.objects.published()
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
    figures = site_statistics()
    tables += [
        {
            "id": "sites-by-designation",
            "title": _("Sites by designation (held now)"),
            "label": _("Designation"),
            "rows": [(label, n) for _code, label, n in figures["by_designation"]],
        },
        {
            "id": "world-heritage-by-region",
            "title": _("World Heritage properties by UNESCO region"),
            "label": _("Region"),
            "rows": [(label, n) for _code, label, n in figures["by_region"]],
        },
        {
            "id": "world-heritage-by-category",
            "title": _("World Heritage properties by category"),
            "label": _("Category"),
            "rows": [(label, n) for _code, label, n in figures["by_category"]],
        },
        {
            "id": "danger-list-by-year",
            "title": _("Size of the List of World Heritage in Danger, year by year"),
            "label": _("Year"),
            "rows": [(str(year), n) for year, n in figures["in_danger_by_year"]],
        },
        {
            "id": "inscriptions-by-year",
            "title": _("Inscriptions on the World Heritage List by year"),
            "label": _("Year"),
            "rows": [(str(year), n) for year, n in figures["inscriptions_by_year"]],
        },
    ]
    return render(request, "registry/statistics.html", {"tables": tables})


def media_rendition(request, public_id, size):
    """A photograph as the public may see it: a re-encoded copy without metadata, of a
    published photograph of a public record. Originals are never served here."""
    if size not in RENDITIONS:
        raise Http404
    media = Media.objects.published().filter(public_id=public_id).first()
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
        target is Person
        and not manager.filter(
            pk=media.object_id, visibility=Visibility.PUBLIC
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
        "certainty": Certainty.choices,
        "verification": Verification.choices,
        "attribution": Attribution.choices,
        "sensitivity": LocationSensitivity.choices,
        "date_modes": DateMode.choices,
    }
    return render(request, "registry/methodology.html", context)
