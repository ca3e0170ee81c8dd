"""Matching by photograph in the API: the public objects whose photographs are
closest to a public object's own (registry.media.perceptual)."""

import uuid

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from registry.api.nested import url_template
from registry.api.views import PublicAPIView
from registry.media.perceptual import MAX_DISTANCE, closest_objects, hashes_of_object
from registry.models import CulturalObject

MATCH = {
    "type": "object",
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "url": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "title_ar": {"type": "string"},
        "distance": {
            "type": "integer",
            "description": "Bits of the 64-bit perceptual hashes that differ "
            "(0: the same picture).",
        },
    },
}


def object_url(request, obj):
    template = url_template(request, "api:culturalobject-detail")
    return template.replace("00000000-0000-4000-8000-000000000000", str(obj.public_id))


class PhotoMatchesView(PublicAPIView, APIView):
    """Public objects whose photographs look like those of the object
    ``similar_to`` (a rescaled, recompressed, turned or mirrored copy of the same
    photograph included), nearest first, with the distance between their hashes."""

    parameters = ("format", "similar_to")

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "similar_to",
                {"type": "string", "format": "uuid"},
                required=True,
                description="The public identifier of a published object.",
            )
        ],
        responses={
            200: {
                "type": "object",
                "properties": {
                    "similar_to": {"type": "string", "format": "uuid"},
                    "max_distance": {"type": "integer"},
                    "results": {"type": "array", "items": MATCH},
                },
            },
            404: OpenApiResponse(
                response={
                    "type": "object",
                    "properties": {"detail": {"type": "string"}},
                },
                description="No public object has this identifier.",
            ),
        },
    )
    def get(self, request):
        value = request.query_params.get("similar_to", "")
        try:
            public_id = uuid.UUID(value.strip())
        except ValueError as error:
            raise ValidationError(
                {"similar_to": [_("Enter the public identifier (UUID) of an object.")]}
            ) from error
        obj = CulturalObject.objects.published().filter(public_id=public_id).first()
        if obj is None:
            raise Http404
        hashes = hashes_of_object(obj)
        matches = closest_objects(hashes, exclude=obj) if hashes else []
        return Response(
            {
                "similar_to": str(obj.public_id),
                "max_distance": MAX_DISTANCE,
                "results": [
                    {
                        "id": str(match.public_id),
                        "url": object_url(request, match),
                        "title": match.title,
                        "title_ar": match.title_ar,
                        "distance": distance,
                    }
                    for match, distance in matches
                ],
            }
        )
