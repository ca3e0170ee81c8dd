"""Saved searches in the admin: each staff user keeps their own."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from registry.models import SavedSearch


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):
    list_display = ("name", "query", "search_link", "last_sent_at")
    fields = ("name", "query")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(user=request.user)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.user = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("results"))
    def search_link(self, obj):
        url = reverse("catalogue:search") + (f"?{obj.query}" if obj.query else "")
        feed = reverse("catalogue:feed-search") + (f"?{obj.query}" if obj.query else "")
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            url,
            _("open"),
            feed,
            _("feed"),
        )
