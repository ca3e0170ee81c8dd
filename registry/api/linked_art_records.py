"""A record's Linked Art JSON-LD outside an API request (for dossiers): built as
``?format=jsonld`` builds it — from the API's own detail of the record, through
the same public querysets and serializers, so every protection rule applies."""

from django.urls import reverse
from django.utils import translation
from rest_framework.request import Request

from registry.api import assessments, views
from registry.interchange.linked_art import CONTEXT_VERSION

VIEWSETS = (
    views.SiteViewSet,
    views.DamageEventViewSet,
    views.LootingIncidentViewSet,
    views.CulturalObjectViewSet,
    views.PersonViewSet,
    assessments.AssessmentViewSet,
)


def _viewset_of(model):
    for viewset in VIEWSETS:
        if viewset.querysets[1]().model is model:
            return viewset
    return None


def _as_served(node, absolute):
    """A version's references in the shape the API's details give them (``url``,
    and ``name`` or ``title``) for the Linked Art mapping to read."""
    if isinstance(node, list):
        return [_as_served(item, absolute) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _as_served(value, absolute) for key, value in node.items()}
    if "path" in node and "label" in node:
        node.setdefault("url", absolute(node["path"]))
        node.setdefault("name", node["label"])
        node.setdefault("title", node["label"])
    return node


def linked_art_of_version(record, document, request):
    """The JSON-LD of an earlier public version of ``record`` from its public
    ``document`` (``registry.publishing.documents``: built with today's protection
    rules), or None for a kind with no Linked Art shape."""
    viewset = _viewset_of(type(record))
    if viewset is None:
        return None
    data = _as_served(document["record"], request.build_absolute_uri)
    data["url"] = request.build_absolute_uri(document["path"])
    data["id"] = str(record.public_id)
    with translation.override("en"):
        path = reverse("api:linked-art-context", args=[CONTEXT_VERSION])
    return {"@context": request.build_absolute_uri(path), **viewset.linked_art(data)}


def linked_art_of(record, request):
    """The JSON-LD of ``record`` as the API serves it now, or None (a kind with no
    Linked Art shape, or a record not public)."""
    viewset = _viewset_of(type(record))
    if viewset is None:
        return None
    view = viewset()
    view.action, view.format_kwarg, view.args = "retrieve", None, ()
    view.kwargs = {"public_id": record.public_id}
    view.request = Request(request)
    found = view.get_queryset().filter(pk=record.pk).first()
    if found is None:
        return None
    data = view.get_serializer(view.complete(found)).data
    with translation.override("en"):
        path = reverse("api:linked-art-context", args=[CONTEXT_VERSION])
    return {"@context": request.build_absolute_uri(path), **view.linked_art(data)}
