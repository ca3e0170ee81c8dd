"""Dossiers to download (``registry.interchange.dossiers``).

- ``<kind>/<id>/dossier/[?version=n]``: the public dossier of a public record's
  version (the current one by default), for anyone; a record no longer public has
  none (its tombstone answers);
- ``search/dossier/?<the search's query>``: the public dossier of a catalogue
  search: every public record it finds (at most ``DOSSIER_SEARCH_LIMIT``), each
  at its current version;
- ``investigators/dossier/``: an investigator's dossier, for signed-in users with
  the ``download_investigator_dossier`` permission, who state its purpose; every
  one handed out is logged (who, when, what, why, the SHA-256 of its MANIFEST).
"""

import hashlib
from dataclasses import dataclass

from axes.helpers import get_client_ip_address
from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.catalogue import faceted
from registry.catalogue.versions import gone_or_404, public_record
from registry.interchange.dossiers import (
    cited_now,
    investigator_dossier,
    public_dossier,
    search_dossier,
)
from registry.models import PublicVersion
from registry.publishing.cache import TIMEOUT, versioned_key
from registry.publishing.documents import KIND_BY_CODE, KIND_BY_MODEL
from registry.publishing.versions import entries_of

PERMISSION = "registry.download_investigator_dossier"


def _base_url(request):
    return request.build_absolute_uri("/").rstrip("/")


@dataclass
class Made:
    """A dossier as it is sent: its name, its ZIP, its MANIFEST."""

    name: str
    data: bytes
    manifest: bytes


def _zip_response(made):
    response = HttpResponse(made.data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{made.name}.zip"'
    response["X-Dossier-Manifest-SHA256"] = hashlib.sha256(made.manifest).hexdigest()
    return response


def _chosen(entries, raw):
    """The version ``raw`` names (the latest when empty), or None."""
    numbered = {entry.number: entry for entry in entries if entry.number}
    if not raw:
        return numbered[max(numbered)] if numbered else None
    return numbered.get(int(raw))


def public_dossier_view(request, public_id, kind):
    kind = KIND_BY_CODE[kind]
    record = public_record(kind, public_id)
    if record is None:
        return gone_or_404(request, kind, public_id)
    raw = request.GET.get("version", "")
    if raw and not (raw.isascii() and raw.isdigit() and len(raw) < 10):
        return HttpResponseBadRequest(
            _("version: a version number (1, 2, 3…)."),
            content_type="text/plain; charset=utf-8",
        )
    entries = entries_of(kind.model, public_id)
    version = _chosen(entries, raw)
    if version is None:
        raise Http404(_("No such version of this record."))
    return _zip_response(cached_dossier(record, version, entries, request))


# A dossier is the same bytes in every language: made once per version and data
# version (which any public change moves on), not at each download.
CACHE_LIMIT = 8 * 1024 * 1024


def cached_dossier(record, version, entries, request):
    base_url = _base_url(request)
    key = versioned_key("dossier", version.pk, base_url)
    cached = cache.get(key)
    if cached is not None:
        return Made(*cached)
    dossier = public_dossier(record, version, entries, base_url, request=request)
    made = Made(dossier.name, dossier.zip(), dossier.manifest())
    if len(made.data) <= CACHE_LIMIT:
        cache.set(key, (made.name, made.data, made.manifest), TIMEOUT)
    return made


def search_dossier_view(request):
    """The public dossier of the catalogue search that the query string asks."""
    try:
        hits, total = faceted.found(request.GET, settings.DOSSIER_SEARCH_LIMIT)
    except faceted.SearchError as error:
        return error.response()
    asked = sorted((name, values) for name, values in request.GET.lists())
    key = versioned_key("search-dossier", asked, _base_url(request))
    cached = cache.get(key)
    if cached is not None:
        return _zip_response(Made(*cached))
    cited = [cited_now(record) for _code, record in hits]
    cited = [item for item in cited if item is not None]  # none kept yet
    dossier = search_dossier(
        cited,
        query=request.META.get("QUERY_STRING", ""),
        total=total,
        base_url=_base_url(request),
        request=request,
    )
    made = Made(dossier.name, dossier.zip(), dossier.manifest())
    if len(made.data) <= CACHE_LIMIT:
        cache.set(key, (made.name, made.data, made.manifest), TIMEOUT)
    return _zip_response(made)


class InvestigatorForm(forms.Form):
    record = forms.UUIDField(
        label=gettext_lazy("Record"),
        help_text=gettext_lazy("Its permanent identifier, as on its page."),
    )
    version = forms.IntegerField(
        label=gettext_lazy("Version"),
        min_value=1,
        required=False,
        help_text=gettext_lazy("Empty: the latest version."),
    )
    purpose = forms.CharField(
        label=gettext_lazy("Purpose"),
        max_length=500,
        help_text=gettext_lazy(
            "The case or request this dossier is for: it is logged with your name."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        public_id = cleaned.get("record")
        if public_id is None:
            return cleaned
        first = (
            PublicVersion.objects.filter(public_id=public_id, number__isnull=False)
            .order_by("pk")
            .first()
        )
        if first is None:
            raise forms.ValidationError(
                {"record": _("No record with this identifier was ever public.")}
            )
        model = ContentType.objects.get_for_id(first.content_type_id).model_class()
        entries = entries_of(model, public_id)
        version = _chosen(entries, str(cleaned.get("version") or ""))
        if version is None:
            raise forms.ValidationError(
                {"version": _("This record has no such version.")}
            )
        cleaned.update(
            kind=KIND_BY_MODEL[model],
            entries=entries,
            chosen=version,
            live=model._default_manager.filter(public_id=public_id).first(),
        )
        return cleaned


@login_required(login_url=reverse_lazy("admin:login"))
def investigator_dossier_view(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    form = InvestigatorForm(request.POST or None, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        dossier = investigator_dossier(
            data["kind"],
            data["live"],
            data["chosen"],
            data["entries"],
            user=request.user,
            purpose=data["purpose"],
            # The client's address as the login lockouts read it (behind proxies).
            address=get_client_ip_address(request),
            base_url=_base_url(request),
            request=request,
        )
        response = _zip_response(Made(dossier.name, dossier.zip(), dossier.manifest()))
        response["Cache-Control"] = "private, no-store"
        return response
    return render(request, "registry/investigator_dossier.html", {"form": form})
