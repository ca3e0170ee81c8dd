"""Import batches: what each import did, and publishing a batch's sites at once."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from registry.models import HeritageSite, ImportBatch, PublicationStatus
from registry.publishing.workflow import can_publish, publish_in_bulk


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "file_name",
        "export_year",
        "user",
        "rows",
        "created",
        "updated",
        "unchanged",
        "ended",
        "drafts",
    )
    readonly_fields = [field.name for field in ImportBatch._meta.fields]
    actions = ("publish_sites",)
    autocomplete_fields = ("user",)

    def has_add_permission(self, request):
        return False  # batches are made by imports only

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("sites not yet published"))
    def drafts(self, batch):
        return batch.sites.filter(
            status__in=[PublicationStatus.DRAFT, PublicationStatus.REVIEW]
        ).count()

    def has_publish_permission(self, request):
        return can_publish(request.user, HeritageSite)

    @admin.action(
        description=_("Publish the draft sites of the selected batches"),
        permissions=("publish",),
    )
    def publish_sites(self, request, queryset):
        count = publish_in_bulk(
            HeritageSite.objects.filter(
                import_batch__in=queryset,
                status__in=[PublicationStatus.DRAFT, PublicationStatus.REVIEW],
            ),
            user=request.user,
            reason="publish import batch",
        )
        self.message_user(
            request,
            _("%(count)d site(s) published.") % {"count": count},
            messages.SUCCESS,
        )
