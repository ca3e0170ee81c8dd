from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from registry.api import linked_art, views

app_name = "api"

router = DefaultRouter()
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
router.register("vocabularies", views.VocabularyViewSet, basename="vocabulary")

urlpatterns = [
    path(
        "linked-art/context/<str:version>.json",
        linked_art.context_view,
        name="linked-art-context",
    ),
    path("changes/", views.ChangeFeedView.as_view(), name="changes"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
]
