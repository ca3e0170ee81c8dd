"""The registry's own answers, outside the catalogue and the API: the health check
for load balancers, and the 404 and 500 handlers (JSON under /api/, pages elsewhere)."""

import logging
import sys

from django.conf import settings
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views import defaults

from registry.operations.middleware import (
    DATABASE_ERRORS,
    database_unavailable,
    is_api,
)

health_logger = logging.getLogger("registry.outage")


def health(request):
    """For load balancers and monitoring: 200 when the database answers, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DATABASE_ERRORS as error:
        health_logger.warning("Health check: database unreachable: %s", error)
        response = JsonResponse(
            {"status": "unavailable", "database": "unreachable"}, status=503
        )
        response["Retry-After"] = str(settings.DATABASE_UNAVAILABLE_RETRY_AFTER)
    else:
        response = JsonResponse({"status": "ok", "database": "ok"})
    response["Cache-Control"] = "no-store"
    return response


def page_not_found(request, exception):
    """404: JSON under /api/ (for a URL no API view matched), the catalogue's page
    elsewhere."""
    if is_api(request):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception, template_name="404.html")


def server_error(request):
    """500 without a traceback: JSON under /api/, a plain page elsewhere. Rendered
    without the request, so that nothing on the way can fail again; a database that
    cannot be reached (raised outside a view) is a 503 instead."""
    if isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        return database_unavailable(request)
    if is_api(request):
        return JsonResponse(
            {"detail": _("A server error occurred."), "code": "server_error"},
            status=500,
        )
    return HttpResponse(render_to_string("500.html"), status=500)


def favicon(request):
    """Browsers and feed readers ask for /favicon.ico whatever the page says: the
    registry's icon, from the static files (a permanent redirect)."""
    return redirect(static("registry/favicon.ico"), permanent=True)
