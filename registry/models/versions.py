"""Public versions: every state of a record that the public could read, kept.

A court, a journalist or a mirror cites a record *as it stood*: version 3 of the
Temple of Bel, published on 31 August 2015. ``PublicVersion`` rows are that public
history, one row per change that reached the public (``published``, ``updated``)
and one per moment the record stopped being public (``withdrawn``: withdrawn,
sent back to review or draft, made confidential, deleted, or hidden with the record
it belongs to). They are written by ``registry.publishing.versions`` only.

A version keeps the record's *raw* content (``snapshot``: its fields, names,
citations and the rows it owns), never what a page showed on the day: it is always
served through today's protection rules (``registry.publishing.documents``), so a
site whose location was made restricted later, or a person made pseudonymous, is
protected in their old versions too. Curator-only fields are never kept.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .base import choice_check


class VersionAction(models.TextChoices):
    PUBLISHED = "published", _("Published")
    UPDATED = "updated", _("Updated")
    WITHDRAWN = "withdrawn", _("No longer public")


class PublicVersion(models.Model):
    """One public state of a record (or the moment it stopped being public)."""

    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+"
    )
    # The record's key, kept after the record is deleted: its tombstone says that
    # it was public once, and when it stopped being so.
    object_id = models.PositiveBigIntegerField()
    public_id = models.UUIDField(_("record"), editable=False)
    number = models.PositiveIntegerField(
        _("version"), null=True, blank=True, help_text=_("1, 2, 3… per record.")
    )
    action = models.CharField(_("what happened"), max_length=10, choices=VersionAction)
    recorded_at = models.DateTimeField(_("public since"), db_index=True)
    note = models.CharField(
        _("change note"),
        max_length=500,
        blank=True,
        help_text=_("Public: shown with the version (the change reason, if given)."),
    )
    snapshot = models.JSONField(default=dict, blank=True, editable=False)
    # Internal: who made the change public. Never shown on a public surface.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["content_type", "object_id", "recorded_at", "pk"]
        verbose_name = _("public version")
        verbose_name_plural = _("public versions")
        default_permissions = ("view",)
        indexes = [
            # Every page that cites a record reads its latest version; every
            # version page and tombstone finds the record's versions by public id.
            models.Index(
                fields=["public_id", "content_type", "recorded_at"],
                name="version_record_time",
            ),
            models.Index(
                fields=["content_type", "object_id", "recorded_at"],
                name="version_key_time",
            ),
        ]
        constraints = [
            choice_check("action", VersionAction),
            models.UniqueConstraint(
                fields=["content_type", "object_id", "number"],
                condition=Q(number__isnull=False),
                name="registry_publicversion_unique_number",
            ),
            models.CheckConstraint(
                condition=Q(action=VersionAction.WITHDRAWN, number__isnull=True)
                | (~Q(action=VersionAction.WITHDRAWN) & Q(number__isnull=False)),
                name="registry_publicversion_numbered",
                violation_error_message=_(
                    "A version has a number; a withdrawal has none."
                ),
            ),
        ]

    def __str__(self):
        if self.number is None:
            return f"{self.public_id}: {self.get_action_display()}"
        return f"{self.public_id} v{self.number}"

    @property
    def is_version(self):
        return self.number is not None
