"""The editorial desk in the admin: workflow buttons on a record's page, publishing
with what a record needs, changes proposed to public records, edits that cross.

The rules live in ``registry.publishing.review`` and ``workflow``; this module
only asks and shows.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from registry.models import (
    Media,
    ProposalState,
    ProposedChange,
    PublicationStatus,
    ReviewStep,
    SourceCapture,
)
from registry.publishing import review, versions, workflow


class CuratedForm(forms.ModelForm):
    """A record's admin form: a reason asked for when a public record changes, and
    a token that refuses a save over someone else's meanwhile."""

    change_reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"size": 60, "dir": "auto"}),
        help_text=_(
            "Required when the record is public: kept in its history and shown to "
            "the editor who reviews the change."
        ),
    )
    public_note = forms.CharField(
        label=_("Public change note"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"size": 60, "dir": "auto"}),
        help_text=_(
            "Optional, public: shown with the new version of the record (“Arabic "
            "name added”). Never write here what only curators may know; left "
            "empty, the version says “Updated”."
        ),
    )
    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["edit_token"].initial = review.edit_token(self.instance)

    def clean(self):
        cleaned = super().clean()
        instance = self.instance
        if instance.pk is None:
            return cleaned
        changed = [
            name
            for name in self.changed_data
            if name not in ("change_reason", "public_note")
        ]
        if (
            instance.status == PublicationStatus.PUBLISHED
            and changed
            and not cleaned.get("change_reason", "").strip()
        ):
            self.add_error(
                "change_reason",
                _("Say why this public record changes: the reason is kept."),
            )
        self._check_not_overtaken(cleaned)
        return cleaned

    def _check_not_overtaken(self, cleaned):
        """Refuse a save when the record changed since this form was opened.

        The form comes back with the other curator's values in the fields this
        curator left alone, this curator's input in the fields they changed, and
        the error says what changed and where both changed the same field; the
        next save goes through (the curator has seen it).
        """
        sent = cleaned.get("edit_token") or ""
        stored = (
            type(self.instance)._default_manager.filter(pk=self.instance.pk).first()
        )
        if stored is None or not sent:
            return
        current = review.edit_token(stored)
        if sent == current:
            return
        data = self.data.copy()
        data[self.add_prefix("edit_token")] = current
        both = self._take_theirs(data, stored, sent)
        self.data = data
        changes = review.changes_since(stored, sent) or [gettext("saved")]
        message = gettext(
            "Someone else saved this record while you were editing it: %(changes)s. "
            "Their changes are now in the form; your own input is kept. Check and "
            "save again."
        ) % {"changes": "; ".join(changes)}
        if both:
            message += " " + gettext(
                "You both changed: %(fields)s — the form shows yours."
            ) % {"fields": ", ".join(both)}
        raise ValidationError(message, code="overtaken")

    def _take_theirs(self, data, stored, token):
        """Put ``stored``'s values in ``data`` for the fields this curator did not
        change since ``token``; return the labels of those both changed."""
        then, _when = review.as_of_token(stored, token)
        if then is None:
            return []
        before = forms.models.model_to_dict(then, fields=list(self.fields))
        now = forms.models.model_to_dict(stored, fields=list(self.fields))
        both = []
        for name, field in self.fields.items():
            if name not in now or name not in before:
                continue
            submitted = self[name].data
            theirs_changed = field.has_changed(before[name], _as_data(field, now[name]))
            if not theirs_changed:
                continue
            if field.has_changed(before[name], submitted):
                both.append(str(field.label))
                continue
            key = self.add_prefix(name)
            value = now[name]
            if isinstance(value, (list, tuple)):
                data.setlist(key, [str(getattr(v, "pk", v)) for v in value])
            elif value is None or value is False:
                data.pop(key, None)
            elif value is True:
                data[key] = "on"
            else:
                data[key] = str(getattr(value, "pk", value))
        return both


def _as_data(field, value):
    """A stored value as a form would submit it (for ``has_changed``)."""
    if isinstance(value, (list, tuple)):
        return [str(getattr(v, "pk", v)) for v in value]
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    return str(getattr(value, "pk", value))


class ReviewDeskMixin:
    """The editorial desk on a curated record's admin (see the module)."""

    form = CuratedForm
    review_actions = ("submit", "publish", "send_back", "withdraw")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Over any mixin's: this one extends the export form's template.
        self.change_form_template = "admin/registry/curated_change_form.html"

    def get_fieldsets(self, request, obj=None):
        """The reason and the token only where the record can be saved."""
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and self.has_change_permission(request, obj):
            return fieldsets
        form_only = {"change_reason", "public_note", "edit_token"}
        return [
            (name, {**options, "fields": _without(options["fields"], form_only)})
            for name, options in fieldsets
        ]

    # --- Who may do what -----------------------------------------------------------

    def is_proposing(self, request, obj):
        """A contributor's edit of a public record becomes a proposal."""
        return (
            obj is not None
            and obj.pk is not None
            and obj.status == PublicationStatus.PUBLISHED
            and not self.has_publish_permission(request)
        )

    def available_review_actions(self, request, obj):
        editor = self.has_publish_permission(request)
        actions = []
        if obj.status == PublicationStatus.DRAFT and self.has_change_permission(
            request, obj
        ):
            actions.append(("submit", _("Submit for review")))
        if editor and obj.status in review.UNPUBLISHED:
            actions.append(("publish", _("Publish…")))
        if editor and obj.status == PublicationStatus.REVIEW:
            actions.append(("send_back", _("Send back with a comment…")))
        if editor and obj.status == PublicationStatus.PUBLISHED:
            actions.append(("withdraw", _("Withdraw…")))
        return actions

    # --- The record's page --------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        extra_context = dict(extra_context or {})
        if obj is not None:
            content_type = ContentType.objects.get_for_model(self.model)
            extra_context.update(
                review_actions=self.available_review_actions(request, obj),
                proposing=self.is_proposing(request, obj),
                pending_proposals=ProposedChange.objects.filter(
                    content_type=content_type,
                    object_id=obj.pk,
                    state=ProposalState.PENDING,
                ).select_related("proposed_by"),
                review_steps=ReviewStep.objects.filter(
                    content_type=content_type, object_id=obj.pk
                ).select_related("user")[:10],
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        return [
            path(
                "<path:object_id>/review/<str:action>/",
                self.admin_site.admin_view(self.review_view),
                name=f"{name}_review",
            ),
            *super().get_urls(),
        ]

    def _change_url(self, obj):
        opts = self.model._meta
        return reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]
        )

    def review_view(self, request, object_id, action):
        """One workflow step on one record: submit at once; publish, send back and
        withdraw after a page that says what will happen."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(_("No record has this identifier."))
        allowed = dict(self.available_review_actions(request, obj))
        if action not in allowed:
            raise PermissionDenied
        companions = review.companions(obj) if action == "publish" else []
        hidden = (
            workflow.hidden_with(self.model._default_manager.filter(pk=obj.pk))
            if action == "withdraw"
            else []
        )
        error = None
        if request.method == "POST":
            comment = request.POST.get("comment", "").strip()
            try:
                done = self._do_review_action(request, obj, action, comment, companions)
            except ValidationError as refusal:
                error = " ".join(refusal.messages)
            except PermissionDenied as refusal:
                error = str(refusal) or gettext("You may not do this.")
            else:
                self.message_user(request, done, messages.SUCCESS)
                if hidden:
                    self.message_user(
                        request,
                        gettext("No longer public with it: %(what)s.")
                        % {"what": ", ".join(hidden)},
                        messages.WARNING,
                    )
                return redirect(self._change_url(obj))
            if action == "submit":
                self.message_user(request, error, messages.ERROR)
                return redirect(self._change_url(obj))
        elif action == "submit":
            raise PermissionDenied  # a state change is a POST
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": obj,
            "action": action,
            "title": allowed[action].rstrip("…"),
            "companions": [
                {
                    "key": companion_key(other),
                    "record": other,
                    "kind": other._meta.verbose_name,
                    "status": other.get_status_display(),
                    "why": why,
                    "withdrawn": other.status == PublicationStatus.WITHDRAWN,
                }
                for other, why in companions
            ],
            "hidden": hidden,
            "error": error,
            "change_url": self._change_url(obj),
            "comment": request.POST.get("comment", ""),
            "public_note": request.POST.get("public_note", ""),
            "comment_required": action in ("send_back", "withdraw"),
        }
        return TemplateResponse(request, "admin/registry/review_step.html", context)

    def _do_review_action(self, request, obj, action, comment, companions):
        user = request.user
        if action == "submit":
            workflow.set_status([obj], PublicationStatus.REVIEW, user, comment=comment)
            return gettext("Submitted for review: an editor will look at it.")
        if action in ("send_back", "withdraw") and not comment:
            raise ValidationError(gettext("Write a comment: it says why."))
        public_note = request.POST.get("public_note", "").strip()[:200]
        if action == "withdraw" and not public_note:
            raise ValidationError(
                gettext("Write the public reason: the record's tombstone shows it.")
            )
        if action == "send_back":
            workflow.set_status([obj], PublicationStatus.DRAFT, user, comment=comment)
            return gettext("Sent back to its contributor with your comment.")
        if action == "withdraw":
            workflow.set_status(
                [obj],
                PublicationStatus.WITHDRAWN,
                user,
                comment=comment,
                public_note=public_note,
            )
            return gettext("Withdrawn from the public.")
        chosen = set(request.POST.getlist("with"))
        others = [other for other, _why in companions if companion_key(other) in chosen]
        count = review.publish_with(
            obj, others, user, comment=comment, public_note=public_note
        )
        return gettext("Published %(count)d record(s) together.") % {"count": count}

    # --- Saving: proposals, reasons ------------------------------------------------

    def save_model(self, request, obj, form, change):
        if change and self.is_proposing(request, obj):
            request._review_proposal = True
            return
        reason = form.cleaned_data.get("change_reason", "").strip()
        if reason:
            obj._change_reason = reason
        previous = form.initial.get("status") if change else None
        super().save_model(request, obj, form, change)
        if "status" in form.changed_data:
            workflow.log_step(
                obj,
                workflow.review_action(previous, obj.status),
                request.user,
                reason,
            )

    def save_related(self, request, form, formsets, change):
        if not getattr(request, "_review_proposal", False):
            saved = super().save_related(request, form, formsets, change)
            # The record and its inlines are one change, one version: its note.
            versions.note_change(form.instance, form.cleaned_data.get("public_note"))
            return saved
        evidence = [fs for fs in formsets if fs.model is SourceCapture]
        for formset in evidence:  # a copy is kept at once, never proposed
            self.save_formset(request, form, formset, change)
        formsets = [fs for fs in formsets if fs.model is not SourceCapture]
        for formset in formsets:  # nothing saved: the change message says so
            formset.new_objects, formset.changed_objects = [], []
            formset.deleted_objects = []
        photos = [fs for fs in formsets if fs.model is Media]
        if any(fs.has_changed() for fs in photos):
            self.message_user(
                request,
                _(
                    "Photographs are not part of a proposed change: add them from "
                    "the photograph form, where they wait as drafts."
                ),
                messages.WARNING,
            )
        changes = review.proposal_from_forms(
            form, [fs for fs in formsets if fs.model is not Media]
        )
        if not changes["fields"] and not changes["rows"]:
            request._review_proposal_made = None
            return None
        request._review_proposal_made = review.propose(
            form.instance, changes, request.user, form.cleaned_data["change_reason"]
        )
        return None

    def log_change(self, request, obj, message):
        if getattr(request, "_review_proposal", False):
            return None
        return super().log_change(request, obj, message)

    def response_change(self, request, obj):
        if not getattr(request, "_review_proposal", False):
            return super().response_change(request, obj)
        if getattr(request, "_review_proposal_made", None) is None:
            self.message_user(request, _("Nothing changed."), messages.INFO)
        else:
            self.message_user(
                request,
                _(
                    "Your change is kept as a proposal for an editor. The public sees "
                    "the record as published until an editor accepts it."
                ),
                messages.SUCCESS,
            )
        return redirect(self._change_url(obj))


def _without(fields, names):
    """A fieldset's ``fields`` (names or tuples of names) without ``names``."""
    kept = []
    for field in fields:
        if isinstance(field, (list, tuple)):
            row = tuple(name for name in field if name not in names)
            if row:
                kept.append(row)
        elif field not in names:
            kept.append(field)
    return tuple(kept)


def companion_key(record):
    """How the publish page names a record to publish along: "registry.site:3"."""
    return f"{record._meta.label_lower}:{record.pk}"
