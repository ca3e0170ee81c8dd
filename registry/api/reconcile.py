"""OpenRefine's reconciliation service (Reconciliation Service API 0.2) at
``/api/v1/reconcile``: a journalist's spreadsheet of place names matched against the
registry in batches, not one search per row.

- ``GET /api/v1/reconcile``: the service manifest (JSONP with ``callback``).
- ``GET`` or ``POST`` (form) with ``queries={"q0": {"query": …, "type": …,
  "limit": …, "properties": [{"pid": "country", "v": "SY"}]}, …}``: a batch; or
  ``query=`` (a string or one such object): one query. They read, never write.
- ``/suggest/entity``, ``/suggest/type``, ``/suggest/property``: auto-complete;
  ``/preview?id=``: a card for OpenRefine's pop-up; ``/view/<id>``: the catalogue.

Candidates come from the public records only (``published()``: no draft, no
confidential person, pseudonymous people by their pseudonym alone) and are found by
the registry's own search (``registry.search.matching``), so every spelling rule
holds here; each is scored by the name it matched (``registry.search.explain``).
Properties narrow with the API's own parameters (``country``, ``site_type``,
``designation``…), through the same FilterSets; the API's rate limit holds. The
service documents itself through its manifest: it is not in the OpenAPI schema.
"""

import functools
import json
import re
import uuid
from dataclasses import dataclass

from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from registry.api.views import AnonymousThrottle
from registry.models import Actor, CulturalObject, HeritageSite, Person, Structure
from registry.publishing.privacy import person_public_name
from registry.search import filtersets
from registry.search.explain import best_name
from registry.search.matching import ordered, search


@dataclass(frozen=True)
class EntityType:
    id: str
    name: str
    model: type
    filterset: type  # the API's, for the properties; the catalogue's page is id

    def label(self, record):
        """The record's name as the public may see it."""
        if self.model is Person:
            return person_public_name(record) or ""
        return getattr(record, "name", None) or getattr(record, "title", "")

    def names(self, record):
        """Every name the search may have matched (a pseudonymous person's
        pseudonym only: ``search_terms`` keeps the privacy rule)."""
        return [text for text in record.search_terms() if text]


TYPES = {
    entity.id: entity
    for entity in (
        EntityType("site", "Heritage site", HeritageSite, filtersets.SiteFilterSet),
        EntityType("structure", "Structure", Structure, filtersets.StructureFilterSet),
        EntityType(
            "object",
            "Cultural object",
            CulturalObject,
            filtersets.CulturalObjectFilterSet,
        ),
        EntityType("actor", "Actor", Actor, filtersets.ActorFilterSet),
        EntityType("person", "Person", Person, filtersets.PersonFilterSet),
    )
}
# The API's parameters a query may narrow by, where the type has them.
PROPERTIES = {
    "country": "Country (ISO 3166-1 alpha-2 code, e.g. SY)",
    "admin_division": "Governorate (code, e.g. SY-HI)",
    "site_type": "Site type (vocabulary code)",
    "designation": "Designation (world_heritage, in_danger, tentative, national)",
    "structure_type": "Structure type (vocabulary code)",
    "object_type": "Object type (vocabulary code)",
    "kind": "Kind of actor (armed_group, state_force, …)",
    "role": "Role of a person (vocabulary code)",
}
MAX_QUERIES = 50  # a batch; OpenRefine sends 10 at a time
MAX_LIMIT = 25
DEFAULT_LIMIT = 10
MATCH_SCORE = 90  # a name this close, well ahead of the next, is a match
MATCH_MARGIN = 5  # a spelling (Palmyra) beats a sound (Palmeraie) by more
CALLBACK = re.compile(r"^[A-Za-z_$][\w$.]{0,63}$")


class BadRequest(Exception):
    pass


def throttled(view):
    """The API's per-address rate limit (``AnonymousThrottle``), a batch counting as
    one request: a 429 with Retry-After beyond it."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        throttle = AnonymousThrottle()
        if throttle.allow_request(request, None):
            return view(request, *args, **kwargs)
        response = JsonResponse({"detail": "Request was throttled."}, status=429)
        response["Retry-After"] = str(max(1, int(throttle.wait() or 1)))
        return response

    return wrapper


def properties_of(entity):
    return [name for name in PROPERTIES if name in entity.filterset.base_filters]


def _json(request, data, status=200):
    callback = request.GET.get("callback", "")
    if callback and CALLBACK.match(callback):
        body = f"{callback}({json.dumps(data, ensure_ascii=False)})"
        return HttpResponse(body, content_type="application/javascript", status=status)
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def _absolute(request, name, **kwargs):
    return request.build_absolute_uri(reverse(name, kwargs=kwargs or None))


def manifest(request):
    """What the service offers, with the URL templates OpenRefine fills in."""
    service = _absolute(request, "api:reconcile")
    view = service + "/view/{{id}}"
    return {
        "versions": ["0.2"],
        "name": "Heritage damage registry",
        "identifierSpace": request.build_absolute_uri("/api/v1/"),
        "schemaSpace": service + "#types",
        "documentation": request.build_absolute_uri("/api/v1/docs/"),
        "view": {"url": view},
        "preview": {"url": service + "/preview?id={{id}}", "width": 400, "height": 140},
        "defaultTypes": [{"id": t.id, "name": t.name} for t in TYPES.values()],
        "suggest": {
            kind: {"service_url": service, "service_path": f"/suggest/{kind}"}
            for kind in ("entity", "type", "property")
        },
    }


def _types(value):
    """The entity types a query asks for (all when none)."""
    if value in (None, "", []):
        return list(TYPES.values())
    ids = [value] if isinstance(value, str) else value
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise BadRequest("type: a type id or a list of them is expected.")
    unknown = [i for i in ids if i not in TYPES]
    if unknown:
        raise BadRequest(f"type: unknown {', '.join(unknown)}; see defaultTypes.")
    return [TYPES[i] for i in ids]


def _value(v):
    if isinstance(v, dict):
        v = v.get("id", "")
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v).strip()


def _narrowed(entity, queryset, properties):
    """``queryset`` narrowed by the query's properties; None when a value is not one
    the API knows (no candidate then), unknown properties ignored."""
    data = {}
    for item in properties or []:
        if not isinstance(item, dict) or "pid" not in item or "v" not in item:
            raise BadRequest("properties: each needs a pid and a v.")
        if item["pid"] not in properties_of(entity):
            continue
        values = item["v"] if isinstance(item["v"], list) else [item["v"]]
        data[item["pid"]] = ",".join(_value(v) for v in values)
    if not data:
        return queryset
    filterset = entity.filterset(data=data, queryset=queryset)
    return filterset.qs if filterset.is_valid() else None


def _description(entity, record, matched):
    parts = [entity.name]
    country = getattr(record, "country", None)
    if country:
        parts.append(str(country.name))
    if matched and matched.name != entity.label(record):
        parts.append(f"matched «{matched.name}»")
    return " · ".join(parts)


def _spelt(matched):
    """Whether a name matched as spelt (folded), not only by sound or typo."""
    return bool(matched) and matched.how in ("exact", "spelling")


def candidates(query, types, limit, properties=None):
    """The best public records for ``query`` among ``types``, best first."""
    found = []
    for entity in types:
        queryset = _narrowed(entity, entity.model.objects.published(), properties)
        if queryset is None:
            continue
        for position, record in enumerate(ordered(search(queryset, query))[:limit]):
            matched = best_name(entity.names(record), query)
            # Found through a related record only (a governorate's name): behind
            # every name match, in the search's order.
            score = matched.score if matched else round(30 - position / 10, 1)
            found.append((score, entity, record, matched))
    found.sort(key=lambda item: -item[0])
    found = found[:limit]
    results = []
    for index, (score, entity, record, matched) in enumerate(found):
        runner_up = found[index + 1][0] if index + 1 < len(found) else 0
        results.append(
            {
                "id": str(record.public_id),
                "name": entity.label(record),
                "description": _description(entity, record, matched),
                "score": score,
                "match": index == 0
                and score >= MATCH_SCORE
                and runner_up <= score - MATCH_MARGIN,
                "type": [{"id": entity.id, "name": entity.name}],
                "features": [
                    {"id": "name_score", "value": score},
                    {"id": "spelling_matched", "value": _spelt(matched)},
                ],
            }
        )
    return results


def _answer(spec):
    """The result of one query object."""
    if isinstance(spec, str):
        spec = {"query": spec}
    if not isinstance(spec, dict):
        raise BadRequest("Each query must be an object with a query.")
    query = spec.get("query", "")
    if not isinstance(query, str):
        raise BadRequest("query: a string is expected.")
    try:
        limit = int(spec.get("limit") or DEFAULT_LIMIT)
    except (TypeError, ValueError):
        raise BadRequest("limit: a whole number is expected.") from None
    limit = max(1, min(limit, MAX_LIMIT))
    if not query.strip():
        return {"result": []}
    types = _types(spec.get("type"))
    return {"result": candidates(query, types, limit, spec.get("properties"))}


def _load(text, name):
    try:
        return json.loads(text)
    except ValueError:
        if name == "query":
            return text  # a plain name
        raise BadRequest(f"{name}: JSON is expected.") from None


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
@throttled
def service(request):
    """The manifest, or the answers to a batch (``queries``) or a query (``query``)."""
    params = request.POST if request.method == "POST" else request.GET
    try:
        if "queries" in params:
            batch = _load(params["queries"], "queries")
            if not isinstance(batch, dict):
                raise BadRequest("queries: an object of named queries is expected.")
            if len(batch) > MAX_QUERIES:
                raise BadRequest(f"queries: at most {MAX_QUERIES} in one batch.")
            return _json(request, {key: _answer(spec) for key, spec in batch.items()})
        if "query" in params:
            return _json(request, _answer(_load(params["query"], "query")))
    except BadRequest as error:
        return _json(request, {"detail": str(error)}, status=400)
    return _json(request, manifest(request))


def _prefix(request):
    return (request.GET.get("prefix") or "").strip()


@require_http_methods(["GET", "HEAD"])
@throttled
def suggest_entity(request):
    """Records whose names start like (or sound like) ``prefix``."""
    prefix = _prefix(request)
    try:
        types = _types(request.GET.get("type") or None)
    except BadRequest as error:
        return _json(request, {"detail": str(error)}, status=400)
    found = candidates(prefix, types, DEFAULT_LIMIT) if prefix else []
    result = [
        {
            "id": item["id"],
            "name": item["name"],
            "description": item["description"],
            "notable": item["type"],
        }
        for item in found
    ]
    return _json(request, {"result": result})


@require_http_methods(["GET", "HEAD"])
@throttled
def suggest_type(request):
    prefix = _prefix(request).casefold()
    result = [
        {"id": t.id, "name": t.name}
        for t in TYPES.values()
        if t.id.startswith(prefix) or t.name.casefold().startswith(prefix)
    ]
    return _json(request, {"result": result})


@require_http_methods(["GET", "HEAD"])
@throttled
def suggest_property(request):
    prefix = _prefix(request).casefold()
    entity = TYPES.get(request.GET.get("type", ""))
    names = properties_of(entity) if entity else list(PROPERTIES)
    result = [
        {"id": name, "name": PROPERTIES[name]}
        for name in names
        if name.startswith(prefix) or PROPERTIES[name].casefold().startswith(prefix)
    ]
    return _json(request, {"result": result})


def _find(public_id):
    """The public record with this identifier, and its type (None when none)."""
    try:
        public_id = uuid.UUID(str(public_id))
    except ValueError:
        return None, None
    for entity in TYPES.values():
        record = entity.model.objects.published().filter(public_id=public_id).first()
        if record is not None:
            return entity, record
    return None, None


@require_http_methods(["GET", "HEAD"])
@throttled
def preview(request):
    entity, record = _find(request.GET.get("id", ""))
    if record is None:
        return HttpResponse("Not found.", status=404, content_type="text/plain")
    link = request.build_absolute_uri(
        reverse(f"catalogue:{entity.id}", args=[record.public_id])
    )
    html = format_html(
        '<html><body style="margin:0;font:14px sans-serif">'
        '<p><a href="{}" target="_blank"><strong dir="auto">{}</strong></a></p>'
        "<p>{}</p></body></html>",
        link,
        entity.label(record),
        _description(entity, record, None),
    )
    return HttpResponse(html)


@require_http_methods(["GET", "HEAD"])
@throttled
def view(request, public_id):
    entity, record = _find(public_id)
    if record is None:
        return JsonResponse({"detail": "Not found."}, status=404)
    return redirect(f"catalogue:{entity.id}", record.public_id)


# Under /api/v1/reconcile/ (the service itself is /api/v1/reconcile, beside them).
urlpatterns = [
    path("", service),
    path("suggest/entity", suggest_entity, name="reconcile-suggest-entity"),
    path("suggest/type", suggest_type, name="reconcile-suggest-type"),
    path("suggest/property", suggest_property, name="reconcile-suggest-property"),
    path("preview", preview, name="reconcile-preview"),
    path("view/<uuid:public_id>", view, name="reconcile-view"),
]
