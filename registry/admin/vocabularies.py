"""Vocabularies curators extend: terms and administrative divisions."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter

from registry.admin.base import RegistryAdmin, arabic
from registry.admin.inlines import NameInline
from registry.models import (
    AdminDivision,
    Term,
    Vocabulary,
)


@admin.register(Term)
class TermAdmin(RegistryAdmin):
    list_display = ("label_en", "label_ar_display", "vocabulary", "code", "parent")
    list_filter = ("vocabulary",)
    search_fields = ("label_en", "label_ar", "code")
    autocomplete_fields = ("parent",)
    ordering = ("vocabulary", "sort_order", "label_en")

    def get_form(self, request, obj=None, **kwargs):
        """A term added from the "+" beside a vocabulary field (``?vocabulary=``)
        belongs to that vocabulary: it is chosen, and no other is offered."""
        form = super().get_form(request, obj, **kwargs)
        vocabulary = request.GET.get("vocabulary")
        if obj is None and vocabulary in Vocabulary.values:
            field = form.base_fields["vocabulary"]
            field.choices = [(vocabulary, Vocabulary(vocabulary).label)]
            field.initial = vocabulary
        return form

    @admin.display(description=_("label (Arabic)"), ordering="label_ar")
    def label_ar_display(self, obj):
        return arabic(obj.label_ar)


@admin.register(AdminDivision)
class AdminDivisionAdmin(RegistryAdmin):
    list_display = ("name", "name_ar_display", "country", "code")
    list_filter = (("country", CountryFilter),)
    search_fields = ("name", "name_ar", "code", "names__name", "names__normalised")
    inlines = (NameInline,)

    @admin.display(description=_("name (Arabic)"), ordering="name_ar")
    def name_ar_display(self, obj):
        return arabic(obj.name_ar)

    def get_search_results(self, request, queryset, search_term):
        """A record form's division field offers the divisions of the country
        chosen on that form (``place-picker.js`` sends it as ``country``)."""
        queryset, duplicates = super().get_search_results(
            request, queryset, search_term
        )
        country = request.GET.get("country", "")
        if request.path.endswith("/autocomplete/") and country:
            queryset = queryset.filter(country=country.upper())
        return queryset, duplicates
