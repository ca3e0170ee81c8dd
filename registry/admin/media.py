"""Photographs: uploaded as evidence, shown to the public only as renditions."""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from registry.admin.base import CuratedAdmin
from registry.media import files
from registry.models import (
    Media,
)


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
            {
                "fields": (
                    "caption",
                    "caption_ar",
                    "credit",
                    "licence",
                    "taken_on",
                    "reveals_location",
                )
            },
        ),
        CuratedAdmin.curated_fieldset,
    )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "file" in form.changed_data:
            files.store_renditions(obj)

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
