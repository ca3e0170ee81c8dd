"""The record admins: sites, structures, events, looting, objects, people, actors,
sources."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter
from import_export.admin import ImportExportMixin

from registry.admin.base import CuratedAdmin, NamedAdmin, RegistryAdmin
from registry.admin.evidence import SourceCaptureInline, save_captures
from registry.admin.inlines import (
    CitationInline,
    CustodyEventInline,
    DesignationInline,
    ExternalIdentifierInline,
    HarmEventInline,
    MediaInline,
    NameInline,
    ObjectReferenceInline,
    StructureDamageInline,
    StructureInline,
)
from registry.admin.monitoring import AssessmentBracketMixin, ComparedAdminMixin
from registry.admin.object_import import MappingImportMixin
from registry.interchange import spreadsheets
from registry.models import (
    Actor,
    CulturalObject,
    CustodyEvent,
    DamageEvent,
    HarmEvent,
    HeritageSite,
    LootingIncident,
    Person,
    Source,
    SourceCapture,
    Structure,
)


@admin.register(Actor)
class ActorAdmin(NamedAdmin):
    list_display = (
        "name",
        "name_ar_display",
        "kind",
        "country",
        "status_badge",
        "updated_at",
    )
    list_filter = ("status", "kind", ("country", CountryFilter))
    search_fields = ("name", "name_ar", "names__name", "names__normalised")
    autocomplete_fields = ("parent",)
    inlines = (NameInline, CitationInline, MediaInline)
    fieldsets = (
        (None, {"fields": ("name", "name_ar", "kind", "parent", "country")}),
        (_("Description"), {"fields": ("description", "description_ar")}),
        CuratedAdmin.curated_fieldset,
    )


@admin.register(Source)
class SourceAdmin(ImportExportMixin, CuratedAdmin):
    resource_classes = [spreadsheets.SourceResource]
    list_display = (
        "title",
        "kind",
        "publisher",
        "published_on",
        "confidential",
        "status_badge",
    )
    list_filter = ("status", "kind", "confidential")
    search_fields = ("title", "author", "publisher__name", "url")
    autocomplete_fields = ("publisher",)
    date_hierarchy = "published_on"
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "title",
                    "kind",
                    "publisher",
                    "author",
                    "language",
                    "confidential",
                )
            },
        ),
        (
            _("Where to find it"),
            {"fields": ("url", "archive_url", "published_on", "accessed_on")},
        ),
        (
            _("Satellite imagery"),
            {"fields": ("imagery_platform", "imagery_acquired_on")},
        ),
        (None, {"fields": ("description",)}),
        CuratedAdmin.curated_fieldset,
    )
    inlines = (SourceCaptureInline,)

    def save_formset(self, request, form, formset, change):
        if formset.model is SourceCapture:
            save_captures(request, formset)  # kept as evidence, never a proposal
            return
        super().save_formset(request, form, formset, change)


@admin.register(HeritageSite)
class HeritageSiteAdmin(ComparedAdminMixin, ImportExportMixin, NamedAdmin):
    resource_classes = [spreadsheets.SiteResource]
    list_display = (
        "name",
        "name_ar_display",
        "site_type",
        "country",
        "admin_division",
        "condition",
        "location_sensitivity",
        "status_badge",
        "updated_at",
    )
    list_filter = (
        "status",
        ("country", CountryFilter),
        "site_type",
        "condition",
        "location_sensitivity",
        "designations__kind",
    )
    list_select_related = ("site_type", "admin_division")
    search_fields = (
        "name",
        "name_ar",
        "names__name",
        "names__normalised",
        "identifiers__value",
        "designations__reference",
    )
    autocomplete_fields = ("site_type", "admin_division", "periods")
    date_hierarchy = "updated_at"
    inlines = (
        NameInline,
        DesignationInline,
        ExternalIdentifierInline,
        StructureInline,
        CitationInline,
        MediaInline,
    )
    fieldsets = (
        (None, {"fields": ("name", "name_ar", "site_type", "periods", "condition")}),
        (
            _("Place"),
            {
                "fields": (
                    ("country", "admin_division"),
                    ("latitude", "longitude"),
                    ("location_certainty", "location_sensitivity"),
                    "area_hectares",
                )
            },
        ),
        (_("Description"), {"fields": ("description", "description_ar")}),
        ComparedAdminMixin.comparison_fieldset,
        CuratedAdmin.curated_fieldset,
    )

    class Media:
        css = {"all": ("registry/vendor/leaflet/leaflet.css",)}
        js = ("registry/vendor/leaflet/leaflet.js", "registry/place-picker.js")


@admin.register(Structure)
class StructureAdmin(ComparedAdminMixin, NamedAdmin):
    list_display = (
        "name",
        "name_ar_display",
        "site",
        "structure_type",
        "condition",
        "status_badge",
    )
    list_filter = ("status", "condition", "structure_type")
    list_select_related = ("site", "structure_type")
    search_fields = (
        "name",
        "name_ar",
        "names__name",
        "names__normalised",
        "site__name",
    )
    autocomplete_fields = ("site", "structure_type", "periods", "materials")
    inlines = (NameInline, CitationInline, MediaInline)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "site",
                    "name",
                    "name_ar",
                    "structure_type",
                    "periods",
                    "materials",
                )
            },
        ),
        (_("State"), {"fields": ("condition", ("latitude", "longitude"))}),
        (_("Description"), {"fields": ("description", "description_ar")}),
        ComparedAdminMixin.comparison_fieldset,
        CuratedAdmin.curated_fieldset,
    )

    class Media:
        css = {"all": ("registry/vendor/leaflet/leaflet.css",)}
        js = ("registry/vendor/leaflet/leaflet.js", "registry/place-picker.js")


EVENT_ASSESSMENT = (
    _("Attribution and evidence"),
    {"fields": (("perpetrator", "attribution"), ("certainty", "verification"))},
)
EVENT_DATE = (
    _("When"),
    {
        "fields": (("date_mode", "date_precision"), ("date_from", "date_to")),
        "description": _(
            "Enter only what is known: a month as its first day with precision "
            "'month', a year as 1 January with precision 'year'."
        ),
    },
)


# A damage event's dates, with what its structures' assessments propose.
EVENT_DATE_WITH_BRACKET = (
    EVENT_DATE[0],
    {**EVENT_DATE[1], "fields": (*EVENT_DATE[1]["fields"], "assessment_bracket")},
)


@admin.register(DamageEvent)
class DamageEventAdmin(AssessmentBracketMixin, ImportExportMixin, NamedAdmin):
    resource_classes = [spreadsheets.DamageEventResource]
    list_display = (
        "title",
        "site",
        "date_display",
        "cause_category",
        "perpetrator",
        "attribution",
        "certainty",
        "verification",
        "status_badge",
    )
    list_filter = (
        "status",
        "cause_category",
        "certainty",
        "verification",
        "attribution",
        "extent",
        "condition_after",
        "site__country",
    )
    list_select_related = ("site", "perpetrator")
    search_fields = (
        "title",
        "title_ar",
        "site__name",
        "site__names__name",
        "perpetrator__name",
        "perpetrator__names__name",
    )
    autocomplete_fields = ("site", "cause_type", "effects", "perpetrator")
    date_hierarchy = "date_from"
    inlines = (StructureDamageInline, CitationInline, MediaInline)
    actions = (*NamedAdmin.actions, "date_from_assessments")
    readonly_fields = (*NamedAdmin.readonly_fields, "assessment_bracket")
    fieldsets = (
        (None, {"fields": ("site", "title", "title_ar")}),
        EVENT_DATE_WITH_BRACKET,
        (
            _("What happened"),
            {
                "fields": (
                    "cause_category",
                    "cause_type",
                    "effects",
                    "extent",
                    "condition_after",
                )
            },
        ),
        EVENT_ASSESSMENT,
        (_("Description"), {"fields": ("description", "description_ar")}),
        CuratedAdmin.curated_fieldset,
    )

    @admin.display(description=_("date"), ordering="date_from")
    def date_display(self, obj):
        return obj.date_display


@admin.register(LootingIncident)
class LootingIncidentAdmin(NamedAdmin):
    list_display = (
        "title",
        "site",
        "kind",
        "date_display",
        "pit_count",
        "certainty",
        "status_badge",
    )
    list_filter = ("status", "kind", "certainty", "verification", "site__country")
    list_select_related = ("site",)
    search_fields = ("title", "title_ar", "site__name", "site__names__name")
    autocomplete_fields = ("site", "perpetrator")
    date_hierarchy = "date_from"
    inlines = (CitationInline, MediaInline)
    fieldsets = (
        (None, {"fields": ("site", "title", "title_ar", "kind", "pit_count", "scale")}),
        EVENT_DATE,
        EVENT_ASSESSMENT,
        (_("Description"), {"fields": ("description", "description_ar")}),
        CuratedAdmin.curated_fieldset,
    )

    date_display = DamageEventAdmin.date_display


@admin.register(CulturalObject)
class CulturalObjectAdmin(MappingImportMixin, ImportExportMixin, NamedAdmin):
    resource_classes = [spreadsheets.CulturalObjectResource]
    list_display = (
        "title",
        "title_ar_display",
        "object_type",
        "red_list_category",
        "current_status",
        "origin_site",
        "status_badge",
    )
    list_filter = (
        "status",
        "current_status",
        "red_list_category",
        "object_type",
        ("country_of_origin", CountryFilter),
    )
    list_select_related = ("object_type", "origin_site")
    search_fields = (
        "title",
        "title_ar",
        "names__name",
        "references__value",
        "origin_site__name",
        "holding_institution",
    )
    autocomplete_fields = (
        "object_type",
        "materials",
        "techniques",
        "period",
        "origin_site",
        "origin_structure",
        "looting_incident",
    )
    date_hierarchy = "date_documented"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # A dating is mostly a few words, at times a paragraph (a list's free
        # text): two lines that grow, beside the period.
        if db_field.name == "date_text":
            kwargs["widget"] = admin.widgets.AdminTextareaWidget(attrs={"rows": 2})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    inlines = (
        ObjectReferenceInline,
        CustodyEventInline,
        NameInline,
        CitationInline,
        MediaInline,
    )
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "title",
                    "title_ar",
                    "object_type",
                    "red_list_category",
                    "current_status",
                )
            },
        ),
        (
            _("Object ID description"),
            {
                "fields": (
                    ("materials", "techniques"),
                    ("height_cm", "width_cm", "depth_cm", "diameter_cm", "weight_g"),
                    "measurements_note",
                    "inscriptions",
                    "distinguishing_features",
                    "subject",
                    ("period", "date_text"),
                    "maker",
                    "description",
                    "description_ar",
                )
            },
        ),
        (
            _("Origin"),
            {
                "fields": (
                    ("country_of_origin", "find_spot"),
                    "holding_institution",
                    "provenance",
                    "source_url",
                    "origin_site",
                    "origin_structure",
                    "looting_incident",
                    "date_documented",
                )
            },
        ),
        CuratedAdmin.curated_fieldset,
    )


@admin.register(CustodyEvent)
class CustodyEventAdmin(RegistryAdmin):
    list_display = ("object", "kind", "date_display", "country", "place", "to_actor")
    list_filter = ("kind", ("country", CountryFilter))
    list_select_related = ("object", "to_actor")
    search_fields = ("object__title", "place")
    autocomplete_fields = ("object", "from_actor", "to_actor")
    inlines = (CitationInline,)

    date_display = DamageEventAdmin.date_display


@admin.register(Person)
class PersonAdmin(NamedAdmin):
    list_display = (
        "__str__",
        "name_ar_display",
        "visibility",
        "affiliation",
        "deceased",
        "status_badge",
    )
    list_filter = ("status", "visibility", "deceased", "roles")
    list_select_related = ("affiliation",)
    search_fields = ("name", "name_ar", "pseudonym", "names__name", "names__normalised")
    autocomplete_fields = ("roles", "affiliation", "sites")
    inlines = (HarmEventInline, NameInline, CitationInline, MediaInline)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "visibility",
                    "name",
                    "name_ar",
                    "pseudonym",
                    "roles",
                    "affiliation",
                    "sites",
                )
            },
        ),
        (
            _("Life"),
            {"fields": ("birth_year", "deceased", "biography", "biography_ar")},
        ),
        (_("Private"), {"fields": ("contact_notes",)}),
        CuratedAdmin.curated_fieldset,
    )


@admin.register(HarmEvent)
class HarmEventAdmin(RegistryAdmin):
    list_display = (
        "person",
        "kind",
        "date_display",
        "site",
        "perpetrator",
        "certainty",
    )
    list_filter = ("kind", "certainty", "verification")
    list_select_related = ("person", "site", "perpetrator")
    search_fields = ("person__name", "person__pseudonym", "place")
    autocomplete_fields = ("person", "site", "perpetrator")
    inlines = (CitationInline,)

    date_display = DamageEventAdmin.date_display
