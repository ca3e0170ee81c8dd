"""Evidence in the admin: public versions (read only), sources as captured (added,
never changed), and the log of investigator dossiers (read only)."""

import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from registry.interchange.captures import copy_of, fetched, keep, uploaded
from registry.models import DossierAccess, PublicVersion, Source, SourceCapture
from registry.publishing.cache import bump
from registry.publishing.documents import kind_of
from registry.publishing.workflow import can_publish


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written by the registry itself: looked at, never edited or deleted."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PublicVersion)
class PublicVersionAdmin(ReadOnlyAdmin):
    list_display = ("public_id", "content_type", "number", "action", "recorded_at")
    list_filter = ("action", "content_type")
    search_fields = ("=public_id", "note")
    autocomplete_fields = ("user",)
    date_hierarchy = "recorded_at"
    fields = (
        "content_type",
        "public_id",
        "number",
        "action",
        "recorded_at",
        "note",
        "user",
        "page",
        "dossier",
        "raw",
    )
    readonly_fields = fields

    @admin.display(description=_("public page"))
    def page(self, version):
        if version.number is None:
            return "—"
        url = kind_of(version).page(version.public_id, version.number)
        return format_html('<a href="{}">{}</a>', url, url)

    @admin.display(description=_("investigator dossier"))
    def dossier(self, version):
        if version.number is None:
            return "—"
        url = reverse("catalogue:investigator-dossier")
        query = f"?record={version.public_id}&version={version.number}"
        return format_html('<a href="{}{}">{}</a>', url, query, _("make one (logged)"))

    @admin.display(description=_("content kept (raw, before today's rules)"))
    def raw(self, version):
        text = json.dumps(version.snapshot, indent=2, ensure_ascii=False)
        return format_html('<pre dir="auto">{}</pre>', text)


class CaptureForm(forms.ModelForm):
    """A copy of a source: a file a curator saved, or — without one — what the
    address (the source's own by default) answers now."""

    class Meta:
        model = SourceCapture
        fields = ("source", "url", "file", "note", "publishable")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].required = False
        self.fields["url"].help_text = _(
            "Without a file: the address fetched now (the source's own address if "
            "left empty). With a file: the page it was saved from, if known."
        )

    def clean(self):
        cleaned = super().clean()
        source = cleaned.get("source")
        if source is None or self.errors:
            return cleaned
        upload = cleaned.get("file")
        url = cleaned.get("url") or ""
        try:
            self.copy = uploaded(upload, url) if upload else fetched(source, url)
        except ValidationError as error:
            raise ValidationError(
                {"file" if upload else "url": error.messages}
            ) from error
        return cleaned


class CaptureInlineForm(forms.ModelForm):
    """A file uploaded on a source's page: checked as ``CaptureForm`` checks it.
    Once kept, only the note and whether it is publishable change."""

    class Meta:
        model = SourceCapture
        fields = ("file", "url", "note", "publishable")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:  # kept as it was made
            self.fields["file"].disabled = True
            self.fields["file"].widget = forms.HiddenInput()
            self.fields["url"].disabled = True

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None or self.errors:
            return cleaned
        upload = cleaned.get("file")
        if upload is None:
            return cleaned
        try:
            self.copy = uploaded(upload, cleaned.get("url") or "")
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from error
        return cleaned


class SourceCaptureInline(admin.TabularInline):
    """Captures on the source's own page: upload a copy, mark one publishable."""

    model = SourceCapture
    form = CaptureInlineForm
    extra = 1
    can_delete = False  # evidence: a copy stays as it was made
    fields = (
        "file",
        "url",
        "note",
        "publishable",
        "captured_at",
        "content_type",
        "size",
        "sha256",
        "who",
        "download",
    )
    readonly_fields = (
        "captured_at",
        "content_type",
        "size",
        "sha256",
        "who",
        "download",
    )

    def get_readonly_fields(self, request, obj=None):
        fields = self.readonly_fields
        if not can_publish(request.user, Source):
            fields = (*fields, "publishable")  # an editor's decision
        return fields

    @admin.display(description=_("captured by"))
    def who(self, capture):
        return capture.captured_by.get_username() if capture.captured_by else "—"

    @admin.display(description=_("copy"))
    def download(self, capture):
        if capture.pk is None:
            return "—"
        url = reverse("admin:registry_sourcecapture_copy", args=[capture.pk])
        return format_html('<a href="{}">{}</a>', url, _("download the copy kept"))


def save_captures(request, formset):
    """Keep the copies uploaded in ``formset`` (``keep``: hashed, stored
    privately, who captured it); save the notes and flags of those kept."""
    source = formset.instance
    # What the change message reads (nothing is saved through the formset).
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
    for form in formset.forms:
        if not form.has_changed() or form in formset.deleted_forms:
            continue
        if form.instance.pk is not None:
            changed = [
                name for name in ("note", "publishable") if name in form.changed_data
            ]
            if changed:
                values = {name: form.cleaned_data[name] for name in changed}
                SourceCapture.objects.filter(pk=form.instance.pk).update(**values)
                bump(SourceCapture)  # whether it is public: the source's page
            continue
        copy = getattr(form, "copy", None)
        if copy is None:
            continue  # a row with a note but no file: nothing to keep
        keep(
            source,
            copy,
            user=request.user,
            note=form.cleaned_data.get("note", ""),
            publishable=bool(form.cleaned_data.get("publishable"))
            and can_publish(request.user, Source),
        )


@admin.register(SourceCapture)
class SourceCaptureAdmin(admin.ModelAdmin):
    list_display = (
        "source",
        "captured_at",
        "method",
        "http_status",
        "size",
        "publishable",
        "sha256",
    )
    list_filter = ("method", "publishable")
    search_fields = ("source__title", "url", "final_url", "=sha256")
    autocomplete_fields = ("source",)
    date_hierarchy = "captured_at"
    readonly_fields = (
        "source",
        "method",
        "captured_at",
        "url",
        "final_url",
        "http_status",
        "content_type",
        "sha256",
        "size",
        "captured_by",
        "download",
    )

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = CaptureForm
        form = super().get_form(request, obj, change, **kwargs)
        form.user = request.user
        return form

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("source", "url", "file", "note", "publishable")
        return (*self.readonly_fields, "note", "publishable")

    def get_readonly_fields(self, request, obj=None):
        fields = () if obj is None else self.readonly_fields
        if not can_publish(request.user, Source):
            fields = (*fields, "publishable")  # an editor's decision
        return fields

    def save_model(self, request, obj, form, change):
        publishable = bool(obj.publishable) and can_publish(request.user, Source)
        if change:  # only the note and the flag change once a copy is kept
            SourceCapture.objects.filter(pk=obj.pk).update(
                note=obj.note, publishable=publishable
            )
            bump(SourceCapture)  # whether it is public: the source's page
            return
        capture = keep(
            obj.source,
            form.copy,
            user=request.user,
            note=obj.note,
            publishable=publishable,
        )
        for field in SourceCapture._meta.concrete_fields:
            setattr(obj, field.attname, getattr(capture, field.attname))
        self.message_user(
            request,
            _("Kept: %(size)s bytes, SHA-256 %(sha256)s.")
            % {"size": capture.size, "sha256": capture.sha256},
            messages.SUCCESS,
        )

    def get_urls(self):
        copy = path(
            "<int:pk>/copy/",
            self.admin_site.admin_view(self.copy_view),
            name="registry_sourcecapture_copy",
        )
        return [copy, *super().get_urls()]

    def copy_view(self, request, pk):
        """The kept copy, for curators and investigators (never the public)."""
        capture = get_object_or_404(SourceCapture, pk=pk)
        if not self.has_view_permission(request, capture):
            raise PermissionDenied
        response = HttpResponse(
            copy_of(capture), content_type="application/octet-stream"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{capture.file.name.rsplit("/", 1)[-1]}"'
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response

    def has_delete_permission(self, request, obj=None):
        return False  # evidence: a copy stays as it was made

    @admin.display(description=_("copy"))
    def download(self, capture):
        url = reverse("admin:registry_sourcecapture_copy", args=[capture.pk])
        return format_html('<a href="{}">{}</a>', url, _("download the copy kept"))


@admin.register(DossierAccess)
class DossierAccessAdmin(ReadOnlyAdmin):
    list_display = ("at", "user", "content_type", "public_id", "version", "purpose")
    list_filter = ("content_type",)
    search_fields = ("=public_id", "purpose", "user__username", "manifest_sha256")
    autocomplete_fields = ("user",)
    date_hierarchy = "at"
    readonly_fields = [field.name for field in DossierAccess._meta.fields]
