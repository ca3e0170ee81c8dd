"""The public, read-only API v1."""

import threading
from datetime import UTC, datetime

from django.conf import settings
from django.db.models import Model, prefetch_related_objects
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import (
    MethodNotAllowed,
    NotAcceptable,
    NotFound,
    ValidationError,
)
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from registry.api import rows
from registry.api.changes import change_feed
from registry.api.exports import export_etag, export_response
from registry.api.fields import forget_representations, sharing
from registry.api.kept import kept_response
from registry.api.objects import (
    CulturalObjectDetailSerializer,
    CulturalObjectListSerializer,
)
from registry.api.pagination import RegistryPagination
from registry.api.parameters import (
    facet_data,
    refuse_unknown_parameters,
    requested_facets,
)
from registry.api.renderers import CSVRenderer, GeoJSONRenderer, StreamingRenderer
from registry.api.serializers import (
    ActorSerializer,
    ChangeSerializer,
    DamageEventDetailSerializer,
    DamageEventListSerializer,
    LootingIncidentDetailSerializer,
    LootingIncidentListSerializer,
    PersonDetailSerializer,
    PersonListSerializer,
    SiteDetailSerializer,
    SiteListSerializer,
    SourceDetailSerializer,
    SourceSerializer,
    StructureDetailSerializer,
    StructureListSerializer,
    VocabularySerializer,
)
from registry.api.versions import VERSION_PARAMETER_NAMES, VersionedDetail
from registry.api.vocabularies import vocabularies
from registry.interchange import linked_art
from registry.models import CulturalObject, DamageEvent, LootingIncident
from registry.publishing import visibility
from registry.publishing.cache import cached_count, keyed_by
from registry.search import filtersets
from registry.search.explain import matched_names
from registry.search.fields import in_utc
from registry.search.statistics import site_statistics


def add_matched_names(data, records, query):
    """Each result of a search says which of its own names the query matched
    (``matched``: "Tadmur" for Palmyra, «حلب» for Aleppo; "Mykola Pymonenko · Palm
    Sunday" when the words are in two of them), or null when it was found through
    a related record (an event by its site's name). The names are
    the search's own (a pseudonymous person's pseudonym only); one query reads
    the names of the whole page."""
    named = [
        record
        for record in records
        if isinstance(record, Model) and hasattr(record, "names")
    ]
    if named:
        prefetch_related_objects(named, "names")
    for item, record in zip(data, records, strict=True):
        item["matched"] = matched_names(record.search_terms(), query)


_serializers = threading.local()


def reused(serializer_class, context):
    """A serializer of ``serializer_class`` for ``context``, its fields built once
    per thread. Its fields read the context from it (DRF's ``Field.context`` is the
    root's); what a serializer keeps between records depends on the record and
    the language alone, or notes the request it was made for (``RecordSerializer``)."""
    made = getattr(_serializers, "made", None)
    if made is None:
        made = _serializers.made = {}
    found = made.get(serializer_class)
    if found is None:
        serializer = serializer_class(context=context)
        serializer.fields  # noqa: B018 (built and bound now, once)
        found = made[serializer_class] = (serializer, sharing(serializer))
    # What the thread's serializers remembered of the last request's records is of
    # no use to this one: forgotten, every serializer's, so that no record outlives
    # the request after its own.
    for _serializer, remembering in made.values():
        forget_representations(remembering)
    serializer = found[0]
    serializer._context = context
    return serializer


class AnonymousThrottle(AnonRateThrottle):
    """Per-address rate limit; the rate comes from settings (API_THROTTLE_RATE)."""

    def get_rate(self):
        return settings.API_THROTTLE_RATE


class PublicAPIView:
    """What every endpoint shares: anonymous, throttled, JSON errors, and only the
    parameters it knows (a mistyped one is a 400, not a silently unfiltered list)."""

    # Anonymous: REST_FRAMEWORK's settings name no authentication and no permission.
    throttle_classes = [AnonymousThrottle]
    parameters = ("format",)

    def initial(self, request, *args, **kwargs):
        # A write is a 405 whatever else is wrong with it (an unknown format, say).
        method = request.method.lower()
        if method not in self.http_method_names or not hasattr(self, method):
            raise MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)
        refuse_unknown_parameters(request, self.known_parameters())

    def known_parameters(self):
        return set(self.parameters)

    def perform_content_negotiation(self, request, force=False):
        try:
            return super().perform_content_negotiation(request, force)
        except Http404 as error:
            # DRF answers an unknown ?format= with a 404, as if nothing were there.
            raise NotAcceptable(
                _("This format is not offered here: %(format)s.")
                % {"format": request.query_params.get("format", "")}
            ) from error

    def handle_exception(self, exc):
        # Errors are always JSON, even when CSV or GeoJSON was asked for.
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)


class PublicViewSet(VersionedDetail, PublicAPIView, viewsets.ReadOnlyModelViewSet):
    """A list (JSON pages; CSV and GeoJSON streamed whole) and a detail by public id,
    with its public versions (``registry.api.versions``)."""

    # The catalogue's kind of record whose facets ``?facet=`` counts (None: none).
    facet_kind = None

    lookup_field = "public_id"
    lookup_value_regex = "[0-9a-fA-F-]{36}"
    # Filtered and paged as REST_FRAMEWORK's settings say (django-filter, 50 a page).
    renderer_classes = [JSONRenderer, CSVRenderer]
    querysets = (
        None,
        None,
    )  # (list, detail): functions of registry.publishing.visibility
    list_serializer_class = detail_serializer_class = None
    export_name = "records"
    # How the list reads its records as values (registry.api.rows); None: as model
    # instances. Either way the same serializer writes them.
    reader = None

    def get_queryset(self):
        list_queryset, detail_queryset = self.querysets
        if self.action == "retrieve":
            return detail_queryset()
        return list_queryset()

    def get_serializer_class(self):
        if self.action == "retrieve":
            return self.detail_serializer_class
        return self.list_serializer_class

    def known_parameters(self):
        if self.action == "retrieve":
            return {*self.parameters, *VERSION_PARAMETER_NAMES}
        if self.action != "list":
            return set(self.parameters)
        filters = set(self.filterset_class.base_filters) if self.filterset_class else ()
        return {*self.parameters, *filters, "page", "page_size", "facet"}

    def list(self, request, *args, **kwargs):
        renderer = request.accepted_renderer
        if isinstance(renderer, linked_art.JSONLDRenderer):
            raise NotAcceptable(_("Linked Art JSON-LD is offered for single records."))
        facets = requested_facets(request, self.facet_kind)
        if not getattr(renderer, "streams", False):
            # A page is kept rendered, as a detail is (``kept.kept_response``).
            return kept_response(request, lambda: self.page(request, facets))
        # The whole list is streamed, unpaged; a malformed page is still a 400.
        self.paginator.get_page_number(request, None)
        self.paginator.get_page_size(request)
        queryset = self.filter_queryset(self.get_queryset())
        return self.stream(renderer, queryset)

    def page(self, request, facets):
        """A JSON page of the filtered list, with its facets when asked."""
        query = (request.query_params.get("q") or "").strip()
        queryset = self.filter_queryset(self.get_queryset())
        queryset = keyed_by(
            queryset,
            *self.question(
                sorted(
                    (name, tuple(values))
                    for name, values in request.query_params.lists()
                    if name not in ("page", "page_size", "format", "facet")
                )
            ),
            reads=self.filterset_class.search_tables() if query else (),
        )
        if self.reader is not None:
            # A page's rows are read by their keys from the public list, not
            # the filtered one: the filters chose the keys already, and
            # repeated beside ``id IN (…)`` they led SQLite's planner to a
            # range scan (50 ms a page of the filtered event list, 100k).
            reader, public = self.reader, self.get_queryset()
            queryset._registry_read_page = lambda qs, keys: reader.page(
                public, keys, searched=bool(query)
            )
        page = self.paginate_queryset(queryset)
        serializer = self.reused_serializer()
        data = [serializer.to_representation(record) for record in page]
        if query:
            add_matched_names(data, page, query)
        response = self.get_paginated_response(data)
        if facets:
            response.data["facets"] = facet_data(self.facet_kind, queryset, facets)
        return response

    def stream(self, renderer: StreamingRenderer, queryset):
        """The whole filtered list, serialised in chunks: memory does not grow."""
        # One serializer for every row: building its fields per row (DRF deep-copies
        # them on each instantiation) cost ten times the row's own serialising. Its
        # own, not the reused one: the body is read after the view has returned.
        serializer = self.get_serializer()

        if self.reader is not None:
            records = self.reader.stream(queryset)
        else:
            records = queryset.iterator(chunk_size=500)

        # A streamed body has no hash to take: its ETag names what it is made of,
        # so that a client revalidates instead of downloading (see exports).
        return export_response(
            self.request,
            renderer.stream(records, serializer, self.export_name),
            etag=export_etag(self.request, renderer),
            content_type=f"{renderer.media_type}; charset={renderer.charset}",
            filename=f"{self.export_name}.{renderer.format}",
        )

    @classmethod
    def question(cls, parameters):
        """What a page's total is cached by: the list and its filter parameters."""
        return cls.__name__, parameters

    @classmethod
    def count_unfiltered(cls):
        """The whole list's total, as its first page counts it (``cached_count``
        with its question and no parameter): the writers' recount."""
        list_queryset, _detail = cls.querysets
        return cached_count(keyed_by(list_queryset(), *cls.question([])))

    def reused_serializer(self):
        """The serializer of a page or a detail, built once per class and thread and
        given this request's context: DRF deep-copies every declared field of a
        serializer and its nested ones when it is made, and ours plan each one's
        reading (2-3 ms of a page of 50, 5 ms of a site's detail)."""
        return reused(self.get_serializer_class(), self.get_serializer_context())

    def retrieve_record(self, request, *args, **kwargs):
        """A record's detail, made once per state of the public data as an export
        is (``cache.kept_answer``): any change to the data (a withdrawal, a name,
        an event of the site) makes it anew for the next reader. A record not
        public is a 404, never kept. Made afresh, the detail of the most damaged
        site at 1M events took 30 ms (15 queries, their compiling, the
        serialising); kept, 3 ms."""

        # No Last-Modified: a detail shows its structures, events, names, sources…,
        # whose changes its own ``updated_at`` does not follow. The ETag, from the
        # body (see ConditionalGetMiddleware), moves with anything it shows.
        def detail():
            record = self.complete(self.get_object())
            return Response(self.reused_serializer().to_representation(record))

        return kept_response(request, detail)

    def complete(self, record):
        """What a detail adds to its record after fetching it (nothing by default)."""
        return record


class LocatedViewSet(PublicViewSet):
    renderer_classes = [JSONRenderer, CSVRenderer, GeoJSONRenderer]


LINKED_ART_RENDERERS = [linked_art.JSONLDRenderer]


class SiteViewSet(LocatedViewSet):
    """Heritage sites. Locations follow each site's sensitivity: exact, a coarse cell
    (generalised), or withheld (restricted), in every format and filter."""

    querysets = (visibility.sites, visibility.site_detail)

    def complete(self, record):
        # Its latest events, incidents and objects read as their lists read them.
        return visibility.attach_latest(
            record,
            read={
                DamageEvent: rows.damage_events_in_site.ordered,
                LootingIncident: rows.looting_incidents_in_site.ordered,
                CulturalObject: rows.cultural_objects_in_site.ordered,
            },
        )

    list_serializer_class = SiteListSerializer
    detail_serializer_class = SiteDetailSerializer
    filterset_class = filtersets.SiteFilterSet
    facet_kind = "site"
    export_name = "sites"
    reader = rows.sites
    linked_art = staticmethod(linked_art.site)
    renderer_classes = [*LocatedViewSet.renderer_classes, *LINKED_ART_RENDERERS]


class StructureViewSet(LocatedViewSet):
    """Structures within sites (temples, theatres, tombs…), located by their site."""

    querysets = (visibility.structures, visibility.structure_detail)
    list_serializer_class = StructureListSerializer
    detail_serializer_class = StructureDetailSerializer
    filterset_class = filtersets.StructureFilterSet
    facet_kind = "structure"
    export_name = "structures"
    reader = rows.structures


class DamageEventViewSet(LocatedViewSet):
    """Damage events: dated as precisely as known, with hedged attribution, certainty,
    verification, the structures affected and their sources."""

    querysets = (visibility.damage_events, visibility.damage_event_detail)
    list_serializer_class = DamageEventListSerializer
    detail_serializer_class = DamageEventDetailSerializer
    filterset_class = filtersets.DamageEventFilterSet
    facet_kind = "damage-event"
    export_name = "damage-events"
    reader = rows.damage_events
    linked_art = staticmethod(linked_art.damage_event)
    renderer_classes = [*LocatedViewSet.renderer_classes, *LINKED_ART_RENDERERS]


class LootingIncidentViewSet(LocatedViewSet):
    """Looting incidents at sites, with the objects known to come from them."""

    querysets = (visibility.looting_incidents, visibility.looting_incident_detail)
    list_serializer_class = LootingIncidentListSerializer
    detail_serializer_class = LootingIncidentDetailSerializer
    filterset_class = filtersets.LootingIncidentFilterSet
    facet_kind = "looting-incident"
    export_name = "looting-incidents"
    reader = rows.looting_incidents
    linked_art = staticmethod(linked_art.looting_incident)
    renderer_classes = [*LocatedViewSet.renderer_classes, *LINKED_ART_RENDERERS]


class CulturalObjectViewSet(PublicViewSet):
    """Looted and trafficked objects (Object ID) with their custody chain."""

    querysets = (visibility.cultural_objects, visibility.cultural_object_detail)
    list_serializer_class = CulturalObjectListSerializer
    detail_serializer_class = CulturalObjectDetailSerializer
    filterset_class = filtersets.CulturalObjectFilterSet
    facet_kind = "object"
    export_name = "objects"
    reader = rows.cultural_objects
    linked_art = staticmethod(linked_art.cultural_object)
    renderer_classes = [*PublicViewSet.renderer_classes, *LINKED_ART_RENDERERS]


class PersonViewSet(PublicViewSet):
    """People who protected heritage, with the harm they suffered. Pseudonymous people
    appear under their pseudonym only; confidential people never appear."""

    querysets = (visibility.people, visibility.person_detail)
    list_serializer_class = PersonListSerializer
    detail_serializer_class = PersonDetailSerializer
    filterset_class = filtersets.PersonFilterSet
    export_name = "people"
    reader = rows.people
    linked_art = staticmethod(linked_art.person)
    renderer_classes = [*PublicViewSet.renderer_classes, *LINKED_ART_RENDERERS]


class ActorViewSet(PublicViewSet):
    """Armed groups, forces, authorities, monitors and media, with their aliases."""

    querysets = (visibility.actors, visibility.actors)
    list_serializer_class = detail_serializer_class = ActorSerializer
    filterset_class = filtersets.ActorFilterSet
    export_name = "actors"
    reader = rows.actors


class SourceViewSet(PublicViewSet):
    """Sources of the registry's claims. Confidential sources are not listed."""

    querysets = (visibility.sources, visibility.source_detail)
    list_serializer_class = SourceSerializer
    detail_serializer_class = SourceDetailSerializer
    filterset_class = filtersets.SourceFilterSet
    export_name = "sources"
    reader = rows.sources


# Vocabularies and the change feed -------------------------------------------------


class VocabularyViewSet(PublicAPIView, viewsets.ViewSet):
    """The codes used by the API's fields and filters, with English and Arabic labels:
    fixed scales (certainty, condition…) and curated vocabularies (site types…)."""

    lookup_field = "name"
    lookup_value_regex = "[a-z_]+"

    @extend_schema(responses=VocabularySerializer(many=True))
    def list(self, request):
        return Response(vocabularies())

    @extend_schema(responses=VocabularySerializer)
    def retrieve(self, request, name=None):
        for vocabulary in vocabularies():
            if vocabulary["name"] == name:
                return Response(vocabulary)
        raise NotFound(_("No vocabulary of that name."))


class ChangeFeedView(PublicAPIView, APIView):
    """Changes for mirrors, oldest first: records published or updated since ``since``,
    and tombstones (type and identifier only) for records withdrawn or deleted."""

    # An APIView has no paginator of its own: the list's pages are the API's.
    pagination_class = RegistryPagination
    parameters = ("format", "since", "page", "page_size")

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "since",
                OpenApiTypes.DATETIME,
                description="Only changes after this moment (ISO 8601). Omit for all.",
            ),
            OpenApiParameter(
                "page", OpenApiTypes.INT, description="Page number, from 1."
            ),
            OpenApiParameter("page_size", OpenApiTypes.INT, description="Up to 500."),
        ],
        responses=ChangeSerializer(many=True),
    )
    def get(self, request):
        raw = request.query_params.get("since")
        since = None
        if raw:
            try:
                since = parse_datetime(raw) if "T" in raw or " " in raw else None
                if since is None:
                    since = datetime.fromisoformat(raw)
                if timezone.is_naive(since):
                    since = timezone.make_aware(since, UTC)
                since = in_utc(since)
            except (ValueError, OverflowError) as error:
                # Malformed, or well formed but no such moment (30 February).
                raise ValidationError(
                    {"since": [_("An ISO 8601 date and time is expected.")]}
                ) from error
        paginator = self.pagination_class()
        entries = change_feed(since)
        page = paginator.paginate_queryset(entries, request, view=self)
        data = [
            {
                "type": type_name,
                "id": public_id,
                "action": action,
                "at": moment,
                "url": reverse(view, args=[public_id], request=request)
                if view
                else None,
            }
            for moment, type_name, public_id, action, view in page
        ]
        return paginator.get_paginated_response(ChangeSerializer(data, many=True).data)


COUNTED = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "value": {"type": "string"},
            "label": {"type": "string"},
            "count": {"type": "integer"},
        },
    },
}
BY_YEAR = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {"year": {"type": "integer"}, "count": {"type": "integer"}},
    },
}


class SiteStatisticsView(PublicAPIView, APIView):
    """Figures about published sites: designations held now; World Heritage
    properties by UNESCO region and by category; the List in Danger's size year by
    year; inscriptions per year. The tables of the catalogue's statistics page."""

    @extend_schema(
        responses={
            200: {
                "type": "object",
                "properties": {
                    "by_designation": COUNTED,
                    "by_region": COUNTED,
                    "by_category": COUNTED,
                    "in_danger_by_year": BY_YEAR,
                    "inscriptions_by_year": BY_YEAR,
                },
            }
        }
    )
    def get(self, request):
        figures = site_statistics()
        counted = ("by_designation", "by_region", "by_category")
        by_year = ("in_danger_by_year", "inscriptions_by_year")
        data = {
            name: [
                {"value": code, "label": label, "count": n}
                for code, label, n in figures[name]
            ]
            for name in counted
        }
        for name in by_year:
            data[name] = [{"year": year, "count": n} for year, n in figures[name]]
        return Response(data)


def count_unfiltered_lists():
    """Every public list's total (registered with ``cache.recounted_by_writers``)."""
    from registry.api import assessments  # noqa: F401 (its list too)

    lists = [PublicViewSet]
    while lists:
        viewset = lists.pop()
        lists += viewset.__subclasses__()
        if viewset.querysets[0] is not None:
            viewset.count_unfiltered()
