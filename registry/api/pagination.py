from django.core.paginator import Paginator
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from registry.publishing.cache import cached_count
from registry.publishing.visibility import page_of


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


class CachedCountPaginator(Paginator):
    """The total of a filtered list is the costly part of a page on a large table
    (every match is counted, the page itself stops at 50): it is computed once per
    question and data version, and shared by every page and every reader."""

    @cached_property
    def count(self):
        return cached_count(self.object_list)

    def page(self, number):
        """The page's keys first, then its records (see ``public.page_of``)."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(page_of(self.object_list, bottom, top), number, self)


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
