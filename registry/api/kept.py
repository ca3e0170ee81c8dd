"""API answers kept as the bytes they were rendered to.

A record's detail and a page of a list, made from the public data, are the same for
every reader who asks the same question of the same public data with the same code
(``cache.made_of``: any change to any table makes them anew). Kept as data, each
reader still paid for unpickling it, encoding it to JSON again and hashing the body
for its ETag: 1.3 ms of a site's detail's 2.2 ms (in process, 100k events). Kept as
rendered, with its content type, its own headers (a page's ``Link``) and its ETag,
an answer is a cache read.

Only a 200 is kept: an error (a 404 for a record not public, a 400 for a malformed
filter) is raised while the answer is made, and made again for each request. An
answer larger than ``KEPT_MAX_BYTES`` (a page of 500 records) is made for each
request: a client paging through large pages would fill the cache with them. They
are kept in a cache of their own (``cache.answers``), apart from the figures and
the throttle's counts.
"""

import hashlib

from django.utils.http import quote_etag
from rest_framework.response import Response

from registry.publishing.cache import TIMEOUT, answer_key, answers

KEPT_MAX_BYTES = 256 * 1024


def etag_of(body):
    """The ETag Django's conditional GET gives ``body`` (``set_response_etag``)."""
    return quote_etag(hashlib.md5(body, usedforsecurity=False).hexdigest())


class KeptResponse(Response):
    """A response that keeps its rendered body under ``keep_under`` (made afresh),
    or serves a body kept earlier (``served``)."""

    keep_under = None
    body = None

    @classmethod
    def served(cls, body, headers):
        response = cls(headers=headers)
        response.body = body
        return response

    @classmethod
    def made(cls, response, key):
        """``response`` (a 200 with data, made by the view), to be kept once
        rendered."""
        own = {k: v for k, v in response.items() if k.lower() != "content-type"}
        kept = cls(response.data, status=response.status_code, headers=own)
        kept.keep_under, kept.own = key, own
        return kept

    @property
    def rendered_content(self):
        if self.body is not None:
            return self.body
        body = super().rendered_content
        if self.keep_under and self.status_code == 200 and body:
            self["ETag"] = etag_of(body)
            if len(body) <= KEPT_MAX_BYTES:
                headers = {
                    **self.own,
                    "Content-Type": self["Content-Type"],
                    "ETag": self["ETag"],
                }
                answers.set(self.keep_under, (body, headers), TIMEOUT)
        return body


def kept_response(request, make):
    """The answer to ``request`` that ``make()`` (a 200 ``Response`` with data)
    makes, kept rendered in the format and media type the request accepted (an
    indented JSON is another answer)."""
    renderer = request.accepted_renderer
    media_type = request.accepted_media_type
    key = answer_key(request, ("rendered", renderer.format, media_type))
    kept = answers.get(key)
    if kept is not None:
        return KeptResponse.served(*kept)
    return KeptResponse.made(make(), key)
