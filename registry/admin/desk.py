"""The editorial desk's own records, read-only: the review steps taken on every
record, and the changes proposed to public records (decided from the queue)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from registry.models import ProposedChange, ReviewStep


class ReadOnlyAdmin(admin.ModelAdmin):
    """Written by the workflow only: nobody adds, edits or deletes a row here."""

    list_per_page = 50

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def record_link(row):
    target = row.record
    if target is None:
        return "—"
    opts = target._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[target.pk])
    return format_html(
        '{} <a href="{}" dir="auto">{}</a>', opts.verbose_name.capitalize(), url, target
    )


@admin.register(ReviewStep)
class ReviewStepAdmin(ReadOnlyAdmin):
    list_display = ("at", "action", "record_display", "user", "comment")
    autocomplete_fields = ("user",)
    list_filter = ("action", "content_type")
    list_select_related = ("user", "content_type")
    search_fields = ("comment", "user__username")
    date_hierarchy = "at"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("record")

    @admin.display(description=_("record"))
    def record_display(self, row):
        return record_link(row)


@admin.register(ProposedChange)
class ProposedChangeAdmin(ReadOnlyAdmin):
    list_display = (
        "proposed_at",
        "record_display",
        "state",
        "proposed_by",
        "reason",
        "decided_by",
        "decision",
    )
    list_filter = ("state", "content_type")
    autocomplete_fields = ("proposed_by", "decided_by")
    list_select_related = ("proposed_by", "decided_by", "content_type")
    search_fields = ("reason", "decision_comment", "proposed_by__username")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("record")

    @admin.display(description=_("record"))
    def record_display(self, row):
        return record_link(row)

    @admin.display(description=_("difference and decision"))
    def decision(self, row):
        url = reverse("admin:review_proposal", args=[row.pk])
        return format_html('<a href="{}">{}</a>', url, _("open"))
