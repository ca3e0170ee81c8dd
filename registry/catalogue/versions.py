"""A record's public versions in the catalogue, and the tombstones of records that
are no longer public.

- ``<kind>/<id>/versions/``: every version, with its date and change note;
- ``<kind>/<id>/v/<n>/``: one version, as today's rules let it be read
  (``registry.publishing.documents``), citable at that address (its first
  address, ``<kind>/<id>/versions/<n>/``, redirects there for good);
- a record that was public once and is not now (withdrawn, made confidential,
  deleted, hidden with its site) answers ``410 Gone`` at every one of these
  addresses and at its own page: a tombstone that says only what it was, since
  when it is gone and which versions it had — never what they said. A record that
  was never public is a plain 404, as if it did not exist.
"""

from functools import wraps

from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _

from registry.catalogue.layout import bilingual, layout
from registry.publishing import versions
from registry.publishing.cache import kept_answer
from registry.publishing.documents import KIND_BY_CODE, document, tombstone_of
from registry.publishing.privacy import person_display_name


def public_record(kind, public_id):
    """The record as it is public now, or None."""
    return kind.model.objects.published().filter(public_id=public_id).first()


def tombstone(request, kind, public_id, entries):
    """410 Gone: the record was public and is not any more."""
    gone = tombstone_of(kind, public_id, entries)
    context = {**gone, "kind": kind, "public_id": public_id}
    return render(request, "registry/tombstone.html", context, status=410)


def gone_or_404(request, kind, public_id):
    entries = versions.entries_of(kind.model, public_id)
    if any(entry.number is not None for entry in entries):
        return tombstone(request, kind, public_id, entries)
    raise Http404


def tombstoned(code):
    """A record page that answers with a tombstone where it would be a 404 for a
    record that was public once; made once per state of the public data, as the
    API's details and exports are (``cache.kept_answer``: any change to the data
    makes it anew). Only a page (200) asked without a query string is kept: a
    tombstone or a 404 is made for each request. Made afresh, the page of the most
    damaged site at 1M events took 45 ms; kept, a few."""
    kind = KIND_BY_CODE[code]

    def decorate(view):
        @wraps(view)
        def page(request, public_id, **kwargs):
            def made():
                response = view(request, public_id, **kwargs)
                if response.status_code != 200 or response.streaming:
                    raise NotKept(response)
                return response.content, response["Content-Type"]

            try:
                if request.META.get("QUERY_STRING"):
                    # Not kept: a record page reads no parameter, but its language
                    # links repeat the query string, so that each one would be
                    # another page to keep: a crawler could fill the cache.
                    return view(request, public_id, **kwargs)
                content, content_type = kept_answer(request, "html", made)
            except NotKept as not_kept:
                return not_kept.response
            except Http404:
                return gone_or_404(request, kind, public_id)
            return HttpResponse(content, content_type=content_type)

        return page

    return decorate


class NotKept(Exception):  # noqa: N818 (not an error: an answer not to keep)
    """A page's answer that is not kept (not a 200), carried out of ``made``."""

    def __init__(self, response):
        super().__init__(response.status_code)
        self.response = response


def _title(kind, record):
    if kind.code == "person":
        return person_display_name(record)
    return str(getattr(record, "label", None) or record)


def _version_title(kind, doc, record):
    """The record's name or title as this version held it (a person's as today's
    rules allow), in the reader's language."""
    values = doc["record"]
    for english, arabic in (("name", "name_ar"), ("title", "title_ar")):
        if values.get(english) or values.get(arabic):
            if kind.code == "person":
                return values["name"]
            return bilingual(values.get(english), values.get(arabic))
    return _title(kind, record)


def version_list(request, public_id, kind):
    kind = KIND_BY_CODE[kind]
    record = public_record(kind, public_id)
    if record is None:
        return gone_or_404(request, kind, public_id)
    entries = versions.entries_of(kind.model, public_id)
    rows = [
        {"entry": entry, "note": versions.note_of(entry)} for entry in reversed(entries)
    ]
    context = {
        "kind": kind,
        "record": record,
        "title": _title(kind, record),
        "rows": rows,
        "latest": max((e.number for e in entries if e.number), default=None),
    }
    return render(request, "registry/versions.html", context)


def version_page(request, public_id, number, kind):
    kind = KIND_BY_CODE[kind]
    record = public_record(kind, public_id)
    if record is None:
        return gone_or_404(request, kind, public_id)
    entries = versions.entries_of(kind.model, public_id)
    numbered = {entry.number: entry for entry in entries if entry.number}
    version = numbered.get(number)
    if version is None:
        raise Http404(_("No such version of this record."))
    latest = max(numbered)
    doc = document(version, latest=latest, live=record)
    context = {
        "kind": kind,
        "record": record,
        "title": _version_title(kind, doc, record),
        "version": version,
        "document": doc,
        "rows": layout(doc),
        "latest": latest,
        "previous": numbered.get(number - 1),
        "next": numbered.get(number + 1),
    }
    return render(request, "registry/version.html", context)


def old_version_address(request, public_id, number, kind):
    """``<kind>/<id>/versions/<n>/``: moved for good to ``<kind>/<id>/v/<n>/``."""
    address = KIND_BY_CODE[kind].page(public_id, number)
    if request.META.get("QUERY_STRING"):
        address = f"{address}?{request.META['QUERY_STRING']}"
    return HttpResponsePermanentRedirect(address)
