"""Photographs: uploaded as evidence, shown to the public only as renditions."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminFileWidget
from django.contrib.contenttypes.models import ContentType
from django.http import JsonResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from registry.admin.base import CuratedAdmin
from registry.admin.review import CuratedForm
from registry.media import files
from registry.models import (
    Media,
)


class _OriginalLink:
    """A stored image as the file widget links it: to the original, through the
    admin (the storage itself is private and serves nothing)."""

    def __init__(self, value):
        self.value = value
        self.url = reverse(
            "admin:registry_media_file", args=[value.instance.pk, "original"]
        )

    def __str__(self):
        return str(self.value)

    def __bool__(self):
        return bool(self.value)


class OriginalFileWidget(AdminFileWidget):
    def format_value(self, value):
        value = super().format_value(value)
        if value and getattr(getattr(value, "instance", None), "pk", None):
            return _OriginalLink(value)
        return value


class KeepsUploadMixin:
    """A form with errors cannot give a chosen file back to the browser: say so on
    the file field rather than drop it silently."""

    def full_clean(self):
        super().full_clean()
        if not self.is_bound or not self._errors or "file" in self._errors:
            return
        if self.files.get(self.add_prefix("file")):
            self.add_error(
                "file",
                _(
                    "Choose the image again: it was not kept because of the "
                    "other errors on this form."
                ),
            )


class RecordTypeField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj.model_class()._meta.verbose_name).capitalize()


class MediaForm(KeepsUploadMixin, CuratedForm):
    record_search = forms.CharField(
        label=_("Find the record"),
        required=False,
        widget=forms.TextInput(
            attrs={
                "list": "record-choices",
                "autocomplete": "off",
                "dir": "auto",
                "size": 50,
                "class": "record-picker",
            }
        ),
        help_text=_("Type a few letters of its name and pick it from the list."),
    )

    class Meta:
        widgets = {"file": OriginalFileWidget}


class MediaInlineForm(KeepsUploadMixin, forms.ModelForm):
    class Meta:
        widgets = {"file": OriginalFileWidget}


@admin.register(Media)
class MediaAdmin(CuratedAdmin):
    form = MediaForm
    list_display = (
        "preview",
        "__str__",
        "kind",
        "attached_to",
        "taken_on",
        "status_badge",
    )
    list_filter = ("status", "kind", "content_type")
    search_fields = ("caption", "caption_ar", "credit", "sha256")
    readonly_fields = (
        *CuratedAdmin.readonly_fields,
        "attached_to",
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
        (
            None,
            {
                "fields": (
                    "attached_to",
                    ("content_type", "record_search", "object_id"),
                    "file",
                    "kind",
                    "preview",
                )
            },
        ),
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

    class Media:
        js = ("registry/record-picker.js",)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("target")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "content_type":
            models = Media.attachable_models()
            ids = [ContentType.objects.get_for_model(model).pk for model in models]
            kwargs.update(
                queryset=ContentType.objects.filter(pk__in=ids).order_by("model"),
                form_class=RecordTypeField,
                label=_("attached to a"),
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "object_id":
            formfield.label = _("record number")
            formfield.widget.attrs["class"] = "record-number"
            formfield.widget.attrs["data-lookup"] = reverse(
                "admin:registry_media_records"
            )
        return formfield

    @admin.display(description=_("attached to"))
    def attached_to(self, obj):
        target = obj.target if obj.pk or obj.object_id else None
        if target is None:
            return "—"
        opts = target._meta
        url = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change", args=[target.pk]
        )
        return format_html(
            '{} <a href="{}" dir="auto">{}</a>',
            opts.verbose_name.capitalize(),
            url,
            target,
        )

    def records_view(self, request):
        """Records of one kind whose names match what the curator typed, for the
        photograph form's picker: [{"id", "label"}…] (at most 20)."""
        try:
            content_type = ContentType.objects.get_for_id(int(request.GET["type"]))
        except (KeyError, ValueError, ContentType.DoesNotExist):
            return JsonResponse({"error": "type: a record type's number"}, status=400)
        model = content_type.model_class()
        if model not in Media.attachable_models() or not request.user.has_perm(
            f"{model._meta.app_label}.view_{model._meta.model_name}"
        ):
            return JsonResponse({"error": "type: not a record type"}, status=400)
        admin_of = self.admin_site._registry.get(model)
        queryset = model._default_manager.all()
        term = request.GET.get("q", "").strip()
        if admin_of is not None and term:
            queryset, _duplicates = admin_of.get_search_results(request, queryset, term)
        rows = [
            {"id": record.pk, "label": f"{record} (#{record.pk})"}
            for record in queryset.order_by("-pk")[:20]
        ]
        return JsonResponse({"results": rows})

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "file" in form.changed_data:
            files.store_renditions(obj)

    def get_urls(self):
        from django.urls import path

        return [
            path(
                "records/",
                self.admin_site.admin_view(self.records_view),
                name="registry_media_records",
            ),
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
