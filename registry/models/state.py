from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DataVersion(models.Model):
    """A number that changes whenever a registry table changes: one row per table
    (``table``: its name), and the registry-wide row (``table`` empty) that a bulk
    change moves on when it cannot say which tables it touched.

    Cached results (counts, facets, statistics: see ``registry.publishing.cache``)
    are keyed by the versions of the tables their query reads (and the
    registry-wide one), so a publish, a withdrawal or an edit makes every figure
    that reads that table stale at once, in every process, and nothing withdrawn
    lingers in a cache; a figure that does not read it stays valid.
    """

    table = models.CharField(max_length=100, unique=True, blank=True, default="")
    version = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        default_permissions = ()

    def __str__(self):
        return f"data version {self.version} of {self.table or 'the registry'}"


class ImportBatch(models.Model):
    """One import of a file: what, by whom, when, and what it did.

    Every site the import created or changed points to it (``HeritageSite.
    import_batch``), so that an editor can review and publish a batch as one.
    """

    kind = models.CharField(_("kind"), max_length=20, default="whc")
    file_name = models.CharField(_("file"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    export_year = models.PositiveSmallIntegerField(_("year of the export"), null=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    ended = models.PositiveIntegerField(_("designations ended"), default=0)
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")

    def __str__(self):
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"
