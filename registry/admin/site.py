"""The admin site: the registry's header, plus a page of deleted records to restore."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from registry.models import PublicationStatus


class RegistryAdminSite(admin.AdminSite):
    site_header = _("Heritage damage registry")
    site_title = _("Heritage registry")
    index_title = _("Curation")

    def get_urls(self):
        return [
            path(
                "deleted/", self.admin_view(self.deleted_view), name="deleted_records"
            ),
            path(
                "deleted/<str:model_name>/<int:history_id>/restore/",
                self.admin_view(require_POST(self.restore_view)),
                name="restore_record",
            ),
            *super().get_urls(),
        ]

    def _restorable_models(self, request):
        from registry.publishing.workflow import curated_models

        return [
            model
            for model in curated_models()
            if request.user.has_perm(f"registry.delete_{model._meta.model_name}")
        ]

    def deleted_view(self, request):
        """Records deleted in the admin, each with a button that restores it."""
        from registry.publishing.workflow import deleted_records

        models = self._restorable_models(request)
        if not models:
            raise PermissionDenied
        context = {
            **self.each_context(request),
            "title": _("Deleted records"),
            "rows": [
                {
                    "record": row,
                    "model_name": row.instance_type._meta.model_name,
                    "kind": row.instance_type._meta.verbose_name,
                }
                for row in deleted_records(models)
            ],
        }
        return TemplateResponse(request, "admin/registry/deleted_records.html", context)

    def restore_view(self, request, model_name, history_id):
        from registry.publishing.workflow import can_publish, restore_record

        by_name = {
            model._meta.model_name: model for model in self._restorable_models(request)
        }
        model = by_name.get(model_name)
        if model is None:
            raise PermissionDenied
        try:
            deletion = model.history.get(history_id=history_id, history_type="-")
        except model.history.model.DoesNotExist as error:
            raise Http404 from error
        if model._default_manager.filter(pk=deletion.id).exists():
            messages.warning(request, _("This record exists already."))
            return redirect("admin:deleted_records")
        # A draft unless an editor asks for the record as it was (published again).
        as_it_was = request.POST.get("as_it_was") == "1" and can_publish(
            request.user, model
        )
        record = restore_record(deletion, request.user, as_draft=not as_it_was)
        if getattr(record, "status", None) == PublicationStatus.DRAFT and not as_it_was:
            messages.success(
                request,
                _("Restored “%(record)s” as a draft: publish it once reviewed.")
                % {"record": record},
            )
        else:
            messages.success(request, _("Restored “%(record)s”.") % {"record": record})
        opts = model._meta
        return redirect(
            reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk]
            )
        )
