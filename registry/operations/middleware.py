"""Answers that stay clean when things go wrong: the database unreachable, a crash.

The public never sees a traceback: the catalogue answers with a short page in the
reader's language, the API with a JSON body (DRF's own exception handler only covers
exceptions that DRF views raise, not a database that cannot be reached or a crash
outside a view).
"""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.middleware import http
from django.template.loader import render_to_string
from django.utils.cache import get_conditional_response, set_response_etag
from django.utils.http import parse_http_date_safe
from django.utils.translation import gettext as _

logger = logging.getLogger("registry.outage")

DATABASE_ERRORS = (OperationalError, InterfaceError)


def is_api(request):
    return request.path.startswith("/api/")


def database_unavailable(request):
    """503 with Retry-After: JSON under /api/, a short page elsewhere."""
    retry_after = settings.DATABASE_UNAVAILABLE_RETRY_AFTER
    message = _(
        "The registry is temporarily unavailable: its database cannot be reached. "
        "Please try again in a few minutes."
    )
    if is_api(request):
        response = JsonResponse(
            {"detail": message, "code": "service_unavailable"}, status=503
        )
    else:
        # Rendered without a request: no context processor, no template tag may touch
        # the database that is missing.
        response = HttpResponse(
            render_to_string("503.html", {"message": message}), status=503
        )
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Turns an unreachable database into a 503 with Retry-After.

    ``OperationalError`` and ``InterfaceError`` are what the database drivers raise
    when a connection cannot be made or is lost. Nothing is cached about the failure:
    the next request connects afresh, so the site recovers by itself once the database
    is back. Each occurrence is logged with its traceback, for the operators.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_ERRORS):
            return None
        logger.error(
            "Database unavailable for %s %s",
            request.method,
            request.path,
            exc_info=exception,
        )
        return database_unavailable(request)


class ConditionalGetMiddleware(http.ConditionalGetMiddleware):
    """Django's conditional GET, for HEAD as well: an ETag on every response (from
    its body, unless the view set one, as the streamed exports do), and 304 when
    ``If-None-Match`` or ``If-Modified-Since`` says the client's copy is current.

    Django skips HEAD because a server may have emptied its body; here the views
    answer HEAD exactly as GET (DRF's and Django's views both do) and the server
    drops the body only after the middleware, so HEAD's validator is GET's.
    """

    def process_response(self, request, response):
        if request.method not in ("GET", "HEAD"):
            return response
        if self.needs_etag(response) and not response.has_header("ETag"):
            set_response_etag(response)
        etag = response.get("ETag")
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        if not (etag or last_modified):
            return response
        return get_conditional_response(
            request, etag=etag, last_modified=last_modified, response=response
        )
