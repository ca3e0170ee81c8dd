"""Inlines: names, citations, photographs and the parts of a record edited with it."""

from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.db import models
from django.utils.translation import gettext_lazy as _

from registry.admin.base import CuratorFieldsMixin
from registry.admin.media import MediaInlineForm
from registry.models import (
    Citation,
    CustodyEvent,
    Designation,
    ExternalIdentifier,
    HarmEvent,
    Media,
    Name,
    ObjectReference,
    Structure,
    StructureDamage,
)
from registry.publishing import workflow


class NameInline(CuratorFieldsMixin, GenericTabularInline):
    model = Name
    extra = 1
    fields = ("name", "language", "kind")
    verbose_name_plural = _("names and spellings (any language, any transliteration)")


class CitationInline(CuratorFieldsMixin, GenericTabularInline):
    model = Citation
    extra = 1
    fields = ("source", "locator", "quote", "accessed_on", "note")
    autocomplete_fields = ("source",)
    formfield_overrides = {
        models.TextField: {
            "widget": admin.widgets.AdminTextareaWidget(attrs={"rows": 2})
        }
    }


class MediaInline(CuratorFieldsMixin, GenericTabularInline):
    model = Media
    form = MediaInlineForm
    extra = 0
    fields = (
        "file",
        "kind",
        "caption",
        "caption_ar",
        "credit",
        "licence",
        "taken_on",
        "reveals_location",
        "status",
    )

    def get_readonly_fields(self, request, obj=None):
        if workflow.can_publish(request.user, Media):
            return ()
        return ("status",)


class DesignationInline(CuratorFieldsMixin, admin.TabularInline):
    model = Designation
    extra = 0
    fields = ("kind", "reference", "criteria", "year_from", "year_to", "note")


class ExternalIdentifierInline(CuratorFieldsMixin, admin.TabularInline):
    model = ExternalIdentifier
    extra = 0
    fields = ("scheme", "value", "url")


class StructureInline(CuratorFieldsMixin, admin.TabularInline):
    model = Structure
    extra = 0
    fields = ("name", "name_ar", "structure_type", "condition", "status")
    readonly_fields = ("status",)
    autocomplete_fields = ("structure_type",)
    show_change_link = True


class StructureDamageInline(CuratorFieldsMixin, admin.TabularInline):
    model = StructureDamage
    extra = 0
    fields = ("structure", "effects", "extent", "condition_after", "note")
    autocomplete_fields = ("structure", "effects")


class ObjectReferenceInline(CuratorFieldsMixin, admin.TabularInline):
    model = ObjectReference
    extra = 0
    fields = ("kind", "value", "issuer")


class CustodyEventInline(CuratorFieldsMixin, admin.StackedInline):
    model = CustodyEvent
    extra = 0
    fields = (
        ("kind", "date_mode", "date_precision"),
        ("date_from", "date_to"),
        ("place", "country"),
        ("from_actor", "to_actor"),
        ("price", "currency"),
        "description",
    )
    autocomplete_fields = ("from_actor", "to_actor")
    show_change_link = True


class HarmEventInline(CuratorFieldsMixin, admin.StackedInline):
    model = HarmEvent
    extra = 0
    fields = (
        ("kind", "date_mode", "date_precision"),
        ("date_from", "date_to"),
        ("site", "place"),
        ("perpetrator", "attribution"),
        ("certainty", "verification"),
        "description",
        "description_ar",
    )
    autocomplete_fields = ("site", "perpetrator")
    show_change_link = True
