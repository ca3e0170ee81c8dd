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
