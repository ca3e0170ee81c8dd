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
            path("review/", self.admin_view(self.review_queue), name="review_queue"),
            path(
                "review/proposal/<int:pk>/",
                self.admin_view(self.proposal_view),
                name="review_proposal",
            ),
            path(
                "deleted/<str:model_name>/<int:history_id>/restore/",
                self.admin_view(require_POST(self.restore_view)),
                name="restore_record",
            ),
            *super().get_urls(),
        ]

    def _reviewable_models(self, request, action="view"):
        from registry.publishing.workflow import curated_models

        return [
            model
            for model in curated_models()
            if request.user.has_perm(f"registry.{action}_{model._meta.model_name}")
        ]

    def review_queue(self, request):
        """Everything awaiting review across record types, the changes proposed
        to public records, and a contributor's own drafts and what was sent back."""
        from django.contrib.auth import get_user_model
        from django_countries import countries

        from registry.models import ProposalState, ProposedChange
        from registry.publishing import review

        models = self._reviewable_models(request)
        if not models:
            raise PermissionDenied
        editor_models = self._reviewable_models(request, "publish")
        kind = request.GET.get("kind", "")
        country = request.GET.get("country", "").upper()
        submitter = request.GET.get("submitter", "")
        submitter = int(submitter) if submitter.isdigit() else None
        rows = review.awaiting_review(
            models, kind=kind, country=country, submitter=submitter
        )
        users = {
            user.pk: user
            for user in get_user_model().objects.filter(
                pk__in={row["submitted_by_id"] for row in rows} - {None}
            )
        }
        for row in rows:
            row["submitted_by"] = users.get(row["submitted_by_id"])
            row["can_publish"] = type(row["record"]) in editor_models
            row["change_url"] = reverse(
                f"admin:registry_{row['model_name']}_change", args=[row["record"].pk]
            )
        proposals = ProposedChange.objects.filter(
            state=ProposalState.PENDING
        ).select_related("proposed_by", "content_type")
        if kind:
            proposals = proposals.filter(content_type__model=kind)
        if submitter:
            proposals = proposals.filter(proposed_by=submitter)
        context = {
            **self.each_context(request),
            "title": _("Review queue"),
            "rows": rows,
            "proposals": proposals[:200],
            "is_editor": bool(editor_models),
            "kinds": [(m._meta.model_name, m._meta.verbose_name) for m in models],
            "countries": list(countries),
            "submitters": get_user_model()
            .objects.filter(review_steps__action="submitted")
            .distinct()
            .order_by("username"),
            "chosen": {"kind": kind, "country": country, "submitter": submitter},
            "my_drafts": review.drafts_of(request.user, models),
            "sent_back": review.sent_back_to(request.user, models),
        }
        return TemplateResponse(request, "admin/registry/review_queue.html", context)

    def proposal_view(self, request, pk):
        """A proposed change: its diff, and an editor's accept or reject."""
        from django.core.exceptions import ValidationError

        from registry.models import ProposalState, ProposedChange
        from registry.publishing import review, workflow

        try:
            proposal = ProposedChange.objects.select_related(
                "proposed_by", "decided_by", "content_type"
            ).get(pk=pk)
        except ProposedChange.DoesNotExist as error:
            raise Http404 from error
        record = proposal.record
        if record is None:
            raise Http404
        model = type(record)
        opts = model._meta
        if not request.user.has_perm(f"registry.view_{opts.model_name}"):
            raise PermissionDenied
        may_decide = (
            workflow.can_publish(request.user, model)
            and proposal.state == ProposalState.PENDING
        )
        error = None
        if request.method == "POST":
            if not may_decide:
                raise PermissionDenied
            comment = request.POST.get("comment", "").strip()
            try:
                if request.POST.get("decision") == "accept":
                    review.accept(
                        proposal,
                        request.user,
                        comment=comment,
                        public_note=request.POST.get("public_note", "").strip()[:200],
                    )
                    messages.success(
                        request, _("Accepted: the public record shows the change.")
                    )
                else:
                    review.reject(proposal, request.user, comment=comment)
                    messages.success(request, _("Rejected, with your reason kept."))
            except ValidationError as refusal:
                error = " ".join(refusal.messages)
            else:
                return redirect("admin:review_queue")
        context = {
            **self.each_context(request),
            "title": _("Proposed change"),
            "proposal": proposal,
            "record": record,
            "kind": opts.verbose_name,
            "change_url": reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk]
            ),
            "lines": review.diff(proposal),
            "changed_since": proposal.state == ProposalState.PENDING
            and proposal.based_on is not None
            and record.updated_at != proposal.based_on,
            "may_decide": may_decide,
            "error": error,
            "comment": request.POST.get("comment", ""),
            "public_note": request.POST.get("public_note", ""),
        }
        return TemplateResponse(request, "admin/registry/proposal.html", context)

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
