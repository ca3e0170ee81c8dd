"""The curators' admin: every record, its names, citations, media and history."""

from django.contrib import admin, messages
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter
from import_export.admin import ImportExportMixin
from simple_history.admin import SimpleHistoryAdmin

from registry import resources, services
from registry.models import (
    Actor,
    AdminDivision,
    Citation,
    CulturalObject,
    CustodyEvent,
    DamageEvent,
    Designation,
    ExternalIdentifier,
    HarmEvent,
    HeritageSite,
    LootingIncident,
    Media,
    Name,
    ObjectReference,
    Person,
    PublicationStatus,
    Source,
    Structure,
    StructureDamage,
    Term,
)


def text_direction_attrs(db_field):
    """Arabic fields are written right to left; any other text follows its content."""
    if db_field.name.endswith("_ar"):
        return {"dir": "rtl", "lang": "ar"}
    return {"dir": "auto"}


class TextDirectionMixin:
    """Sets ``dir`` on text inputs so that Arabic is typed and shown right to left."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.URLField):
            kwargs["assume_scheme"] = "https"
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if (
            formfield is not None
            and isinstance(db_field, (models.CharField, models.TextField))
            and not db_field.choices
        ):
            formfield.widget.attrs.update(text_direction_attrs(db_field))
        return formfield


def arabic(value):
    """Display Arabic text right to left in a changelist cell."""
    return format_html('<span dir="rtl" lang="ar">{}</span>', value) if value else "—"


# Inlines ---------------------------------------------------------------------------


class NameInline(TextDirectionMixin, GenericTabularInline):
    model = Name
    extra = 1
    fields = ("name", "language", "kind")
    verbose_name_plural = _("names and spellings (any language, any transliteration)")


class CitationInline(TextDirectionMixin, GenericTabularInline):
    model = Citation
    extra = 1
    fields = ("source", "locator", "quote", "accessed_on", "note")
    autocomplete_fields = ("source",)
    formfield_overrides = {
        models.TextField: {
            "widget": admin.widgets.AdminTextareaWidget(attrs={"rows": 2})
        }
    }


class MediaInline(TextDirectionMixin, GenericTabularInline):
    model = Media
    extra = 0
    fields = (
        "file",
        "kind",
        "caption",
        "caption_ar",
        "credit",
        "licence",
        "taken_on",
        "status",
    )

    def get_readonly_fields(self, request, obj=None):
        if services.can_publish(request.user, Media):
            return ()
        return ("status",)


class DesignationInline(TextDirectionMixin, admin.TabularInline):
    model = Designation
    extra = 0
    fields = ("kind", "reference", "criteria", "year_from", "year_to", "note")


class ExternalIdentifierInline(TextDirectionMixin, admin.TabularInline):
    model = ExternalIdentifier
    extra = 0
    fields = ("scheme", "value", "url")


class StructureInline(TextDirectionMixin, admin.TabularInline):
    model = Structure
    extra = 0
    fields = ("name", "name_ar", "structure_type", "condition", "status")
    readonly_fields = ("status",)
    autocomplete_fields = ("structure_type",)
    show_change_link = True


class StructureDamageInline(TextDirectionMixin, admin.TabularInline):
    model = StructureDamage
    extra = 0
    fields = ("structure", "effects", "extent", "condition_after", "note")
    autocomplete_fields = ("structure", "effects")


class ObjectReferenceInline(TextDirectionMixin, admin.TabularInline):
    model = ObjectReference
    extra = 0
    fields = ("kind", "value", "issuer")


class CustodyEventInline(TextDirectionMixin, admin.StackedInline):
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


class HarmEventInline(TextDirectionMixin, admin.StackedInline):
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


# Model admins ------------------------------------------------------------------------


class RegistryAdmin(TextDirectionMixin, SimpleHistoryAdmin):
    """History (view, compare, revert) for every model of the registry."""

    list_per_page = 50
    save_on_top = True

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Media:
            changed = [
                obj for obj, fields in formset.changed_objects if "file" in fields
            ]
            for media in [*formset.new_objects, *changed]:
                services.media_store_renditions(media)


class CuratedAdmin(RegistryAdmin):
    """A record with a publication status: publishing is an editor's action.

    Contributors add and edit drafts and submit them for review; they see published
    and withdrawn records read-only. Editors publish, withdraw and delete.
    """

    actions = ("submit_for_review", "publish", "withdraw", "return_to_draft")
    readonly_fields = ("public_id", "created_at", "updated_at", "published_at")
    curated_fieldset = (
        _("Publication"),
        {
            "fields": (
                "status",
                "curator_notes",
                ("public_id", "published_at"),
                ("created_at", "updated_at"),
            )
        },
    )

    def has_publish_permission(self, request):
        return services.can_publish(request.user, self.model)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if allowed and obj is not None and obj.status in services.EDITORIAL_STATES:
            return self.has_publish_permission(request)
        return allowed

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            fields += ("status",)
        return fields

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data:
            previous = form.initial.get("status", PublicationStatus.DRAFT)
            services.check_status_change(
                request.user, obj, obj.status, previous=previous
            )
            services.record_mark_status(obj, obj.status, previous=previous)
        super().save_model(request, obj, form, change)

    def _set_status(self, request, queryset, status, done):
        try:
            count = services.records_set_status(queryset, status, request.user)
        except PermissionDenied as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        self.message_user(request, done % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Submit selected for review"), permissions=("change",))
    def submit_for_review(self, request, queryset):
        self._set_status(
            request,
            queryset.exclude(status__in=services.EDITORIAL_STATES),
            PublicationStatus.REVIEW,
            _("%(count)d record(s) submitted for review."),
        )

    @admin.action(description=_("Publish selected"), permissions=("publish",))
    def publish(self, request, queryset):
        self._set_status(
            request,
            queryset,
            PublicationStatus.PUBLISHED,
            _("%(count)d record(s) published."),
        )

    @admin.action(
        description=_("Withdraw selected from the public"), permissions=("publish",)
    )
    def withdraw(self, request, queryset):
        self._set_status(
            request,
            queryset.filter(status=PublicationStatus.PUBLISHED),
            PublicationStatus.WITHDRAWN,
            _("%(count)d record(s) withdrawn."),
        )

    @admin.action(description=_("Return selected to draft"), permissions=("change",))
    def return_to_draft(self, request, queryset):
        self._set_status(
            request,
            queryset,
            PublicationStatus.DRAFT,
            _("%(count)d record(s) returned to draft."),
        )

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, obj):
        # Colours live in admin.css: the Content-Security-Policy refuses style="".
        return format_html(
            '<strong class="status-badge status-{}">{}</strong>',
            obj.status,
            obj.get_status_display(),
        )


@admin.register(Term)
class TermAdmin(RegistryAdmin):
    list_display = ("label_en", "label_ar_display", "vocabulary", "code", "parent")
    list_filter = ("vocabulary",)
    search_fields = ("label_en", "label_ar", "code")
    autocomplete_fields = ("parent",)
    ordering = ("vocabulary", "sort_order", "label_en")

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


class NamedAdmin(CuratedAdmin):
    """A record with English and Arabic names and other spellings."""

    @admin.display(description=_("name (Arabic)"), ordering="name_ar")
    def name_ar_display(self, obj):
        return arabic(obj.name_ar)

    @admin.display(description=_("title (Arabic)"), ordering="title_ar")
    def title_ar_display(self, obj):
        return arabic(obj.title_ar)


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
    resource_classes = [resources.SourceResource]
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


@admin.register(HeritageSite)
class HeritageSiteAdmin(ImportExportMixin, NamedAdmin):
    resource_classes = [resources.SiteResource]
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
        CuratedAdmin.curated_fieldset,
    )


@admin.register(Structure)
class StructureAdmin(NamedAdmin):
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
        CuratedAdmin.curated_fieldset,
    )


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


@admin.register(DamageEvent)
class DamageEventAdmin(ImportExportMixin, NamedAdmin):
    resource_classes = [resources.DamageEventResource]
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
    fieldsets = (
        (None, {"fields": ("site", "title", "title_ar")}),
        EVENT_DATE,
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
class CulturalObjectAdmin(ImportExportMixin, NamedAdmin):
    resource_classes = [resources.CulturalObjectResource]
    list_display = (
        "title",
        "title_ar_display",
        "object_type",
        "red_list_category",
        "current_status",
        "origin_site",
        "status_badge",
    )
    list_filter = ("status", "current_status", "red_list_category", "object_type")
    list_select_related = ("object_type", "origin_site")
    search_fields = (
        "title",
        "title_ar",
        "names__name",
        "references__value",
        "origin_site__name",
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


@admin.register(Media)
class MediaAdmin(CuratedAdmin):
    list_display = (
        "preview",
        "__str__",
        "kind",
        "content_type",
        "object_id",
        "taken_on",
        "status_badge",
    )
    list_filter = ("status", "kind", "content_type")
    search_fields = ("caption", "caption_ar", "credit", "sha256")
    readonly_fields = (
        *CuratedAdmin.readonly_fields,
        "preview",
        "original_link",
        "sha256",
        "format",
        "width",
        "height",
        "size",
        "metadata_display",
    )
    date_hierarchy = "taken_on"
    fieldsets = (
        (None, {"fields": ("content_type", "object_id", "file", "kind", "preview")}),
        (
            _("The original (evidence; never public)"),
            {
                "fields": (
                    "original_link",
                    "sha256",
                    ("format", "width", "height", "size"),
                    "metadata_display",
                )
            },
        ),
        (
            _("Description"),
            {"fields": ("caption", "caption_ar", "credit", "licence", "taken_on")},
        ),
        CuratedAdmin.curated_fieldset,
    )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "file" in form.changed_data:
            services.media_store_renditions(obj)

    def get_urls(self):
        from django.urls import path

        return [
            path(
                "<int:pk>/file/<str:which>/",
                self.admin_site.admin_view(self.file_view),
                name="registry_media_file",
            ),
            *super().get_urls(),
        ]

    def file_view(self, request, pk, which):
        """The original or a rendition, for curators (whatever the status)."""
        from django.http import FileResponse, Http404

        media = self.get_object(request, str(pk))
        if media is None or not self.has_view_permission(request, media):
            raise Http404
        if which == "original":
            return FileResponse(media.file.open("rb"), as_attachment=True)
        if which not in media.renditions:
            raise Http404
        return FileResponse(media.file.storage.open(media.renditions[which]))

    @admin.display(description=_("preview"))
    def preview(self, obj):
        from django.urls import reverse

        if not obj.pk or "thumbnail" not in obj.renditions:
            return "—"
        url = reverse("admin:registry_media_file", args=[obj.pk, "thumbnail"])
        return format_html('<img src="{}" alt="" class="media-preview">', url)

    @admin.display(description=_("original file"))
    def original_link(self, obj):
        from django.urls import reverse

        if not obj.pk:
            return "—"
        url = reverse("admin:registry_media_file", args=[obj.pk, "original"])
        return format_html('<a href="{}">{}</a>', url, _("Download the original"))

    @admin.display(description=_("metadata (EXIF, GPS)"))
    def metadata_display(self, obj):
        import json

        return format_html(
            "<pre>{}</pre>", json.dumps(obj.metadata, indent=1, ensure_ascii=False)
        )
