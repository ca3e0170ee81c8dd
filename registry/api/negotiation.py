"""Content negotiation as the registry's clients need it.

- ``?format=`` wins. A URL that names a format the endpoint offers gets that format
  whatever ``Accept`` says: GDAL sends ``Accept: text/plain, application/json`` with
  a ``?format=geojson`` URL, a browser sends ``text/html,…`` with a ``?format=csv``
  link, and both mean the URL. An unknown format is still a 406 (see the views).
- Without ``format``, ``Accept`` decides with its quality values honoured
  (``text/csv;q=0.9, application/json`` is JSON; ``q=0`` refuses a type); between
  types of equal quality the more specific wins (``application/json`` over
  ``*/*``), and between equals the endpoint's own order (JSON first).
- ``Accept-Language`` chooses the language of its words (``LanguageMiddleware``).
"""

from django.utils import translation
from rest_framework import exceptions
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.utils.mediatypes import _MediaType

from registry.operations.middleware import is_api


def quality(media_type):
    """The ``q`` of a parsed media type: 1 when absent, 0 when malformed."""
    raw = media_type.params.get("q", "1")
    try:
        value = float(raw)
    except ValueError:
        return 0.0
    return value if 0 <= value <= 1 else 0.0


class FormatFirstNegotiation(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        format = format_suffix or request.query_params.get(
            self.settings.URL_FORMAT_OVERRIDE
        )
        if format:
            # Raises Http404 for a format this endpoint does not offer (a 406).
            renderer = self.filter_renderers(renderers, format)[0]
            return renderer, renderer.media_type
        accepted = [_MediaType(token) for token in self.get_accept_list(request)]
        if not accepted:  # an empty Accept asks for nothing in particular
            accepted = [_MediaType("*/*")]
        # Highest quality first; among equals the most specific; sorted() is stable,
        # so the client's own order breaks the remaining ties.
        ranked = sorted(
            (media for media in accepted if quality(media) > 0),
            key=lambda media: (-quality(media), -media.precedence),
        )
        for wanted in ranked:
            for renderer in renderers:
                if _MediaType(renderer.media_type).match(wanted):
                    if wanted.main_type == "*" or wanted.sub_type == "*":
                        return renderer, renderer.media_type
                    return renderer, wanted.orig
        raise exceptions.NotAcceptable(available_renderers=renderers)


class LanguageMiddleware:
    """The API in the language its client asks for (``Accept-Language``; English
    by default): a country's name, a date's words, an error.

    The catalogue names its language in its URLs (``/ar/…``); with
    ``prefix_default_language=False``, Django's ``LocaleMiddleware`` gives every
    other path the default language, and the API, one URL per resource, was English
    for every reader. Placed after ``LocaleMiddleware``, whose response then says
    ``Content-Language`` and ``Vary: Accept-Language``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_api(request):
            translation.activate(translation.get_language_from_request(request))
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
