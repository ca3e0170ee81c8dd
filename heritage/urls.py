from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularSwaggerSplitView

from registry.catalogue import views as catalogue_views
from registry.operations import views as operations_views

urlpatterns = [
    path("health/", operations_views.health, name="health"),
    path("favicon.ico", operations_views.favicon, name="favicon"),
    # Swagger UI with its init script loaded from ?script rather than inline, so the
    # page runs under the Content-Security-Policy (script-src 'self'). Listed before
    # the API's own "docs" route, which it shadows; reverse("api:docs") is unchanged.
    path(
        "api/v1/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema"),
        name="api-docs",
    ),
    path("api/v1/", include("registry.api.urls")),
    path(
        "media/<uuid:public_id>/<str:size>.jpg",
        catalogue_views.media_rendition,
        name="media-rendition",
    ),
]
# The catalogue and the admin in English at /…, in Arabic (right to left) at /ar/…:
# each page has a permanent URL per language; curators who work in Arabic use
# /ar/admin/.
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("registry.catalogue.urls")),
    prefix_default_language=False,
)

# No traceback for the public: JSON under /api/, the catalogue's pages elsewhere.
handler404 = "registry.operations.views.page_not_found"
handler500 = "registry.operations.views.server_error"
