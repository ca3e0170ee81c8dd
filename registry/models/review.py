"""The editorial desk: the steps a record goes through on its way to the public,
and changes proposed to records that are public already.

Neither is ever shown on a public surface: they are the curators' conversation.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewAction(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted for review")
    PUBLISHED = "published", _("Published")
    SENT_BACK = "sent_back", _("Sent back")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    RETURNED = "returned", _("Returned to draft")
    PROPOSED = "proposed", _("Change proposed")
    ACCEPTED = "accepted", _("Proposed change accepted")
    REJECTED = "rejected", _("Proposed change rejected")


class OnRecord(models.Model):
    """A row about one curated record of any kind."""

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("record type")
    )
    object_id = models.PositiveBigIntegerField(_("record"))
    record = GenericForeignKey("content_type", "object_id")

    class Meta:
        abstract = True
        indexes = [models.Index(fields=["content_type", "object_id"])]


class ReviewStep(OnRecord):
    """Who moved a record along the workflow, when, and what they said."""

    action = models.CharField(_("action"), max_length=12, choices=ReviewAction)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="review_steps",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta(OnRecord.Meta):
        ordering = ["-at", "-pk"]
        verbose_name = _("review step")
        verbose_name_plural = _("review steps")
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.get_action_display()} ({self.at:%Y-%m-%d %H:%M})"


class ProposalState(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class ProposedChange(OnRecord):
    """An edit of a published record, kept aside until an editor accepts it.

    ``changes`` holds the proposed values: ``{"fields": {name: value}, "rows":
    [{"model": "registry.name", "pk": 3 or null, "fields": {…}, "delete": bool}]}``
    in the serialised form Django's serialisers use. The public keeps seeing the
    published record until the change is accepted; a rejected one stays here with
    the editor's reason.
    """

    state = models.CharField(
        _("state"),
        max_length=10,
        choices=ProposalState,
        default=ProposalState.PENDING,
        db_index=True,
    )
    changes = models.JSONField(_("proposed values"), default=dict)
    reason = models.TextField(
        _("reason"), help_text=_("Why the record should change: the public sees it.")
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="proposed_changes",
        verbose_name=_("proposed by"),
    )
    proposed_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    # The record's last change when the proposal was made: an accepted proposal
    # says so when the record changed since.
    based_on = models.DateTimeField(_("record as of"), null=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decided_changes",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_comment = models.TextField(_("editor's comment"), blank=True)

    class Meta(OnRecord.Meta):
        ordering = ["-proposed_at", "-pk"]
        verbose_name = _("proposed change")
        verbose_name_plural = _("proposed changes")
        default_permissions = ("add", "view", "change")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=ProposalState.values),
                name="registry_proposedchange_state_valid",
            )
        ]

    def __str__(self):
        return _("Change to %(record)s proposed %(when)s") % {
            "record": self.record,
            "when": f"{self.proposed_at:%Y-%m-%d %H:%M}" if self.proposed_at else "",
        }
