"""What every record admin shares: text direction, history, the publication
workflow (contributors draft, editors publish), names in two scripts."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.admin import SimpleHistoryAdmin

from registry.admin import history
from registry.admin.deletion import deleted_objects
from registry.admin.review import ReviewDeskMixin
from registry.admin.widgets import as_long_list, with_vocabulary_popup
from registry.media import files
from registry.models import (
    Media,
    PublicationStatus,
)
from registry.publishing import workflow


def text_direction_attrs(db_field):
    """Arabic fields are written right to left; any other text follows its content."""
    if db_field.name.endswith("_ar"):
        return {"dir": "rtl", "lang": "ar"}
    return {"dir": "auto"}


class CuratorFieldsMixin:
    """Form fields as curators need them: Arabic typed and shown right to left
    (``dir`` on text inputs), URLs assumed https, and the "+" beside a vocabulary
    field adding a term of that vocabulary."""

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
        if formfield is not None and db_field.is_relation:
            formfield = with_vocabulary_popup(formfield, db_field)
        if formfield is not None and isinstance(db_field, CountryField):
            formfield = as_long_list(formfield)
        if formfield is not None and isinstance(db_field, models.DateField):
            say_the_date_format(formfield)
        return formfield


DATE_FORMAT_HINT = _(
    "Format: YYYY-MM-DD, e.g. 2015-08-23. Known only to the month or the year? "
    "Enter its first day (2015-08-01) and choose the precision."
)


def say_the_date_format(formfield):
    """A date field says the format it takes, before and after a wrong entry."""
    formfield.widget.attrs.setdefault("placeholder", "YYYY-MM-DD")
    formfield.help_text = format_lazy(
        "{} {}", formfield.help_text or "", DATE_FORMAT_HINT
    ).strip()
    formfield.error_messages["invalid"] = _(
        "Enter the date as YYYY-MM-DD, e.g. 2015-08-23."
    )


def arabic(value):
    """Display Arabic text right to left in a changelist cell."""
    return format_html('<span dir="rtl" lang="ar">{}</span>', value) if value else "—"


class RegistryAdmin(CuratorFieldsMixin, SimpleHistoryAdmin):
    """History (view, compare, revert) for every model of the registry."""

    list_per_page = 50
    save_on_top = True

    def _require_key(self, object_id):
        """A history URL whose identifier cannot be a record's (a mistyped
        ".../change/history/") is a 404, not a crash."""
        try:
            self.model._meta.pk.to_python(unquote(object_id))
        except ValidationError as error:
            raise Http404(_("No record has this identifier.")) from error

    def history_view(self, request, object_id, extra_context=None):
        self._require_key(object_id)
        extra_context = {
            **(extra_context or {}),
            "row_changes": history.row_changes(self.model, unquote(object_id)),
        }
        return super().history_view(request, object_id, extra_context)

    def get_historical_record_context_helper(self, request, historical_record):
        return history.ReadableHistory(self.model, historical_record)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._require_key(object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_deleted_objects(self, objs, request):
        return deleted_objects(objs, request, self.admin_site)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Media:
            changed = [
                obj for obj, fields in formset.changed_objects if "file" in fields
            ]
            for media in [*formset.new_objects, *changed]:
                files.store_renditions(media)


class CuratedAdmin(ReviewDeskMixin, RegistryAdmin):
    """A record with a publication status: publishing is an editor's action.

    Contributors add and edit drafts and submit them for review; they see published
    and withdrawn records read-only. Editors publish, withdraw and delete.
    """

    actions = ("submit_for_review", "publish", "withdraw", "return_to_draft")

    class Media:
        js = ("registry/long-lists.js",)

    readonly_fields = ("public_id", "created_at", "updated_at", "published_at")
    curated_fieldset = (
        _("Publication"),
        {
            "fields": (
                "status",
                "change_reason",
                "public_note",
                "edit_token",
                "curator_notes",
                ("public_id", "published_at"),
                ("created_at", "updated_at"),
            )
        },
    )

    def has_publish_permission(self, request):
        return workflow.can_publish(request.user, self.model)

    def has_change_permission(self, request, obj=None):
        """Contributors edit drafts; a public record they edit becomes a proposal
        (``ReviewDeskMixin``); a withdrawn one is an editor's to change."""
        allowed = super().has_change_permission(request, obj)
        if allowed and obj is not None and obj.status == PublicationStatus.WITHDRAWN:
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
            workflow.check_status_change(
                request.user, obj, obj.status, previous=previous
            )
            workflow.mark_status(obj, obj.status, previous=previous)
        super().save_model(request, obj, form, change)
        for name, typed, kept in getattr(obj, "date_adjustments", ()):
            self.message_user(
                request,
                _(
                    "%(field)s: %(typed)s was stored as %(kept)s, as its precision "
                    "says (the day or month beyond it is not kept)."
                )
                % {
                    "field": obj._meta.get_field(name).verbose_name,
                    "typed": typed.isoformat(),
                    "kept": kept,
                },
                messages.INFO,
            )

    def _set_status(self, request, queryset, status, done, **notes):
        try:
            count = workflow.set_status(queryset, status, request.user, **notes)
        except PermissionDenied as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        self.message_user(request, done % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Submit selected for review"), permissions=("change",))
    def submit_for_review(self, request, queryset):
        self._set_status(
            request,
            queryset.exclude(status__in=workflow.EDITORIAL_STATES),
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
        """Asks first, as the record page's *Withdraw…* does: what disappears with
        them, an internal comment and the public reason their tombstones give."""
        published = queryset.filter(status=PublicationStatus.PUBLISHED)
        # What disappears with them, counted while it is still public.
        hidden = workflow.hidden_with(published)
        comment = request.POST.get("comment", "").strip()
        public_note = request.POST.get("public_note", "").strip()[:200]
        confirmed = request.POST.get("post") == "yes"
        if not (confirmed and public_note and published):
            return TemplateResponse(
                request,
                "admin/registry/withdraw_selected.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Withdraw from the public"),
                    "opts": self.model._meta,
                    "records": published,
                    "hidden": hidden,
                    "comment": comment,
                    "public_note": public_note,
                    "error": confirmed
                    and published
                    and _("Write the public reason: the tombstones show it."),
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                },
            )
        self._set_status(
            request,
            published,
            PublicationStatus.WITHDRAWN,
            _("%(count)d record(s) withdrawn."),
            comment=comment,
            public_note=public_note,
        )
        if hidden:
            self.message_user(
                request,
                _("No longer public with them: %(what)s.")
                % {"what": ", ".join(hidden)},
                messages.WARNING,
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


class NamedAdmin(CuratedAdmin):
    """A record with English and Arabic names and other spellings."""

    @admin.display(description=_("name (Arabic)"), ordering="name_ar")
    def name_ar_display(self, obj):
        return arabic(obj.name_ar)

    @admin.display(description=_("title (Arabic)"), ordering="title_ar")
    def title_ar_display(self, obj):
        return arabic(obj.title_ar)
