from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from registry import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("registry.api.urls")),
    path(
        "media/<uuid:public_id>/<str:size>.jpg",
        views.media_rendition,
        name="media-rendition",
    ),
]
# The catalogue in English at /…, in Arabic at /ar/…: each page has a permanent URL
# per language.
urlpatterns += i18n_patterns(
    path("", include("registry.urls")), prefix_default_language=False
)
