"""Names in bulk from the admin: a list of variant spellings (record, name, language,
kind) imported as the other spreadsheets are, previewed, then confirmed, all or
nothing. A record's names are edited on the record's own page."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin

from registry.admin.base import RegistryAdmin
from registry.interchange import spreadsheets
from registry.models import Name


@admin.register(Name)
class NameAdmin(ImportExportMixin, RegistryAdmin):
    resource_classes = [spreadsheets.NameResource]
    list_display = ("name", "language", "kind", "record_link")
    list_filter = ("kind", "language")
    search_fields = ("name", "normalised")
    list_select_related = ("content_type",)

    # Browsed and imported here; changed with the record they belong to.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("record"))
    def record_link(self, obj):
        target = obj.target
        if target is None:
            return "—"
        opts = target._meta
        url = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change", args=[target.pk]
        )
        return format_html('<a href="{}">{}</a>', url, target)
