from django.http import JsonResponse
from django.urls import include, path, re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from registry.api import assessments, photo_matches, reconcile, views
from registry.interchange import linked_art

app_name = "api"


@csrf_exempt
def not_found(request):
    """Any other path under the API (a malformed identifier, say) answers in JSON
    too, not with the catalogue's HTML page: 404, or 405 for a write (the API is
    read-only everywhere). Only paths ending in "/": the others still get
    APPEND_SLASH's redirect."""
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        response = JsonResponse(
            {"detail": _('Method "%s" not allowed.') % request.method}, status=405
        )
        response["Allow"] = "GET, HEAD, OPTIONS"
        return response
    return JsonResponse({"detail": _("Not found.")}, status=404)


class RegistryRouter(DefaultRouter):
    """The API root lists every place a client can start from: the resources, and
    the change feed, the statistics, the schema and its documentation."""

    more = {
        "changes": "changes",
        "statistics-sites": "site-statistics",
        "schema": "schema",
        "docs": "docs",
    }

    def get_api_root_view(self, api_urls=None):
        list_name = self.routes[0].name
        api_root_dict = {
            prefix: list_name.format(basename=basename)
            for prefix, _viewset, basename in self.registry
        }
        return self.APIRootView.as_view(api_root_dict={**api_root_dict, **self.more})


router = RegistryRouter()
router.include_format_suffixes = False
router.register("sites", views.SiteViewSet, basename="site")
router.register("structures", views.StructureViewSet, basename="structure")
router.register("damage-events", views.DamageEventViewSet, basename="damageevent")
router.register(
    "looting-incidents", views.LootingIncidentViewSet, basename="lootingincident"
)
router.register("objects", views.CulturalObjectViewSet, basename="culturalobject")
router.register("people", views.PersonViewSet, basename="person")
router.register("actors", views.ActorViewSet, basename="actor")
router.register("sources", views.SourceViewSet, basename="source")
router.register("assessments", assessments.AssessmentViewSet, basename="assessment")
router.register("vocabularies", views.VocabularyViewSet, basename="vocabulary")

urlpatterns = [
    path(
        "linked-art/context/<str:version>.json",
        linked_art.context_view,
        name="linked-art-context",
    ),
    path("changes/", views.ChangeFeedView.as_view(), name="changes"),
    path(
        "statistics/sites/",
        views.SiteStatisticsView.as_view(),
        name="site-statistics",
    ),
    path(
        "photo-matches/",
        photo_matches.PhotoMatchesView.as_view(),
        name="photo-matches",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("reconcile", reconcile.service, name="reconcile"),
    path("reconcile/", include(reconcile.urlpatterns)),
    path("", include(router.urls)),
    re_path(r"^.*/$", not_found),
]
