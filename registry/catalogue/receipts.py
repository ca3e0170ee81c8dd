"""Due-diligence receipts: what was searched for, in which state of the registry,
when, and what was found, with a SHA-256 over all of it.

A dealer, an auction house or a customs officer searches the registry's objects
before a sale or at a border; the receipt is what they keep to show the check was
made (after the Art Loss Register's search certificate). Any object search can be
downloaded as one: the same parameters as ``/api/v1/objects/`` (and the
catalogue's search, whose links carry them).

The receipt is a JSON document in canonical form (keys sorted, no spaces, UTF-8);
its SHA-256 is printed under it, and the canonical text itself is printed on the
page and in the PDF, so anyone can check the hash with ``sha256sum``.
"""

import hashlib
import json
from datetime import UTC, datetime

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from registry.publishing import visibility
from registry.publishing.cache import data_version
from registry.search.filtersets import CulturalObjectFilterSet

# Parameters that page or shape a list but do not narrow the search.
IGNORED = {"page", "page_size", "ordering", "format", "facet", "output"}
LISTED = 1000  # identifiers listed on a receipt; the count is always whole


class ReceiptError(ValueError):
    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


def criteria_of(params):
    """The search's criteria as given: sorted (parameter, value) pairs."""
    criteria = []
    for name in sorted(params):
        if name in IGNORED or (name == "type" and params.getlist(name) == ["object"]):
            continue
        for value in params.getlist(name):
            if value.strip():
                criteria.append([name, value.strip()])
    return criteria


def build_receipt(request, params, moment=None):
    """The receipt of the object search ``params`` (a QueryDict), as a dict."""
    known = set(CulturalObjectFilterSet.base_filters) - IGNORED
    criteria = criteria_of(params)
    unknown = sorted({name for name, _value in criteria if name not in known})
    if unknown:
        raise ReceiptError(
            {name: [_("Not a parameter of the object search.")] for name in unknown}
        )
    data = {
        name: ",".join(v for n, v in criteria if n == name) for name, _v in criteria
    }
    filterset = CulturalObjectFilterSet(
        data=data, queryset=visibility.cultural_objects(), request=request
    )
    if not filterset.is_valid():
        raise ReceiptError(
            {name: list(messages) for name, messages in filterset.errors.items()}
        )
    found = filterset.qs.order_by("pk")
    count = found.count()
    moment = (moment or datetime.now(UTC)).replace(microsecond=0)
    template = request.build_absolute_uri(
        reverse("catalogue:object", args=["00000000-0000-4000-8000-000000000000"])
    )
    matches = [
        {
            "id": str(public_id),
            "title": title,
            "title_ar": title_ar,
            # Who made it: a dealer's or an officer's first check of a match.
            "maker": maker,
            "url": template.replace(
                "00000000-0000-4000-8000-000000000000", str(public_id)
            ),
        }
        for public_id, title, title_ar, maker in found.values_list(
            "public_id", "title", "title_ar", "maker"
        )[:LISTED]
    ]
    return {
        "receipt": "due-diligence search of the registry's cultural objects",
        "registry": request.build_absolute_uri("/"),
        "searched": "published records only",
        "criteria": criteria,
        "data_version": data_version(),
        "time_utc": moment.isoformat().replace("+00:00", "Z"),
        "result": "no match" if count == 0 else f"{count} match(es)",
        "match_count": count,
        "matches": matches,
        "matches_listed": len(matches),
    }


def canonical(receipt):
    """The exact text the SHA-256 is taken of."""
    return json.dumps(
        receipt, ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )


def sha256_of(receipt):
    return hashlib.sha256(canonical(receipt).encode("utf-8")).hexdigest()


def object_receipt(request):
    """The printable receipt page (``?output=pdf``: the same as a PDF;
    ``?output=json``: the canonical JSON, its SHA-256 in ``X-Receipt-SHA256``)."""
    try:
        receipt = build_receipt(request, request.GET)
    except ReceiptError as error:
        return render(
            request,
            "registry/receipt.html",
            {"errors": error.errors},
            status=400,
        )
    digest = sha256_of(receipt)
    if request.GET.get("output") == "json":
        # For programs: the canonical text itself, so that its SHA-256 (in the
        # header) can be checked on the body as received.
        response = HttpResponse(
            canonical(receipt).encode("utf-8"),
            content_type="application/json; charset=utf-8",
        )
        response["X-Receipt-SHA256"] = digest
        return response
    if request.GET.get("output") == "pdf":
        from registry.catalogue.receipt_pdf import receipt_pdf

        response = HttpResponse(
            receipt_pdf(receipt, canonical(receipt), digest),
            content_type="application/pdf",
        )
        name = f"receipt-{receipt['time_utc'][:10]}-{digest[:12]}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    query = request.GET.copy()
    query["output"] = "pdf"
    return render(
        request,
        "registry/receipt.html",
        {
            "receipt": receipt,
            "canonical": canonical(receipt),
            "sha256": digest,
            "pdf_query": query.urlencode(),
        },
    )
