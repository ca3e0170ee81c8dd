from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from registry.publishing.visibility import CachedCountPaginator


def positive_int(request, name, default):
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
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
