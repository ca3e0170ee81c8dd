from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from registry.publishing.visibility import CachedCountPaginator
from registry.search.fields import whole_number

# What ?facet= adds to a JSON page (documented on every page: see the schema).
FACETS = {
    "type": "object",
    "description": "Present when ?facet= asks: for each facet, its values over the "
    "whole filtered list (not the page), most frequent first.",
    "additionalProperties": {
        "type": "array",
        "items": {
            "type": "object",
            "required": ["value", "label", "count"],
            "properties": {
                "value": {"type": "string"},
                "label": {"type": "string"},
                "count": {"type": "integer", "minimum": 1},
            },
        },
    },
}


def positive_int(request, name, default):
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return default
    try:
        value = whole_number(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise ValidationError({name: [_("A whole number of at least 1 is expected.")]})
    return value


class RegistryPagination(PageNumberPagination):
    """Numbered pages; ``page_size`` up to 500 (larger values are capped)."""

    django_paginator_class = CachedCountPaginator

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_number(self, request, paginator):
        return positive_int(request, self.page_query_param, 1)

    def get_page_size(self, request):
        return min(
            positive_int(request, self.page_size_query_param, self.page_size),
            self.max_page_size,
        )

    def get_paginated_response(self, data):
        """The page, with its neighbours also in a ``Link`` header (RFC 8288), as
        clients that page through GitHub-style APIs expect."""
        response = super().get_paginated_response(data)
        links = [
            f'<{url}>; rel="{rel}"'
            for rel, url in (
                ("next", self.get_next_link()),
                ("prev", self.get_previous_link()),
            )
            if url
        ]
        if links:
            response["Link"] = ", ".join(links)
        return response

    def get_paginated_response_schema(self, schema):
        page = super().get_paginated_response_schema(schema)
        for link in ("next", "previous"):  # DRF writes OpenAPI 3.0's nullable
            field = page["properties"][link]
            field.pop("nullable", None)
            field["type"] = ["string", "null"]
        page["properties"]["facets"] = FACETS
        return page
