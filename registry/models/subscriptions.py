"""Saved searches: a staff user's catalogue searches, for an email digest of what
was newly published or updated among their results (``manage.py send_digests``)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SavedSearch(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="saved_searches",
        editable=False,
    )
    name = models.CharField(_("name"), max_length=200)
    query = models.CharField(
        _("search"),
        max_length=2000,
        blank=True,
        help_text=_(
            "The catalogue search's parameters, as in its address after '?': "
            "q=palmyra&type=damage-event&country=SY. Empty: every public record."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_sent_at = models.DateTimeField(
        _("last digest"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The next digest lists what changed after this moment."),
    )

    class Meta:
        ordering = ["user", "name", "pk"]
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")

    def __str__(self):
        return self.name
