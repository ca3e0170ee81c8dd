"""Evidence kept for courts and investigators: sources as captured, and the log of
every investigator dossier handed out.

A web page cited today may be edited or gone tomorrow. ``SourceCapture`` keeps a
copy of what a source said when it was captured — fetched from its URL by the
registry, or uploaded by a curator (a PDF saved from the page) — with the moment,
the address answered, the SHA-256 of the bytes kept and who captured it. The copy
itself is private (third-party content, and possibly an eyewitness's); its hash
and moment are public, and the copy goes into investigators' dossiers. A curator
may mark a copy *publishable* (a report published under an open licence, a
government statement): it is then downloadable by the public while its source
is public and not confidential (``is_public``; ``public_view`` is what every
public surface shows of a capture).

``DossierAccess`` is the access log of investigator dossiers, which hold what the
public never sees (exact locations, originals of photographs, captured copies,
real names): who took one, when, of which record and version, why, and the
SHA-256 of the dossier's manifest, so that a copy produced later can be matched
to the one handed out. Nobody can change or delete a row of either in the admin:
a capture is kept as it was made.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import choice_check
from .common import PublicationStatus, Source, media_storage


class CaptureMethod(models.TextChoices):
    FETCHED = "fetched", _("Fetched by the registry")
    UPLOADED = "uploaded", _("Uploaded by a curator")


def capture_upload_to(instance, filename):
    return f"captures/{instance.source.public_id}/{filename}"


class SourceCapture(models.Model):
    """A copy of a source as it was when captured, with its SHA-256."""

    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        related_name="captures",
    )
    method = models.CharField(
        _("how"), max_length=8, choices=CaptureMethod, editable=False
    )
    captured_at = models.DateTimeField(_("captured at"), editable=False)
    url = models.URLField(
        _("address asked"),
        max_length=1000,
        blank=True,
        help_text=_("For an upload: the page the file was saved from, if known."),
    )
    final_url = models.URLField(
        _("address answered"), max_length=1000, blank=True, editable=False
    )
    http_status = models.PositiveSmallIntegerField(
        _("HTTP status"), null=True, blank=True, editable=False
    )
    content_type = models.CharField(
        _("content type"), max_length=120, blank=True, editable=False
    )
    file = models.FileField(
        _("copy"),
        upload_to=capture_upload_to,
        storage=media_storage,
        max_length=300,
        help_text=_(
            "A PDF, a saved web page (HTML), a web archive (WARC), an image or a "
            "video (MP4, WebM) saved from the source. Kept as evidence, privately "
            "unless marked publishable."
        ),
    )
    sha256 = models.CharField(
        _("SHA-256"), max_length=64, editable=False, db_index=True
    )
    size = models.PositiveBigIntegerField(_("size (bytes)"), editable=False)
    note = models.CharField(
        _("note"),
        max_length=500,
        blank=True,
        help_text=_("For curators: what this copy is (e.g. 'page 3 only')."),
    )
    captured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("captured by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text=_("Staff only: never shown to the public."),
    )
    publishable = models.BooleanField(
        _("publishable"),
        default=False,
        help_text=_(
            "The public may download this copy (only while its source is public "
            "and not confidential). Leave unticked for third-party content that "
            "may not be republished, or that could expose a witness."
        ),
    )

    class Meta:
        ordering = ["source", "-captured_at", "-pk"]
        verbose_name = _("captured source")
        verbose_name_plural = _("captured sources")
        constraints = [choice_check("method", CaptureMethod)]

    def __str__(self):
        return f"{self.source} ({self.captured_at:%Y-%m-%d %H:%M} UTC)"

    @property
    def is_public(self):
        """Whether the public may download the copy itself."""
        source = self.source
        return (
            self.publishable
            and source.status == PublicationStatus.PUBLISHED
            and not source.confidential
        )

    def public_view(self):
        """What every public surface shows of this capture: its SHA-256 and
        moment; its kind, size and address too when the copy is public."""
        from django.urls import reverse
        from django.utils import translation

        view = {
            "captured_at": self.captured_at,
            "sha256": self.sha256,
            "publishable": False,
            "content_type": None,
            "size": None,
            "download": None,
        }
        if self.is_public:
            with translation.override("en"):  # one address in every language
                download = reverse(
                    "catalogue:source-capture",
                    args=[self.source.public_id, self.sha256],
                )
            view.update(
                publishable=True,
                content_type=self.content_type,
                size=self.size,
                download=download,
            )
        return view


class DossierAccess(models.Model):
    """One investigator dossier handed out: who, when, what, why."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("investigator"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(_("record"))
    version = models.PositiveIntegerField(_("version"))
    purpose = models.CharField(
        _("purpose"),
        max_length=500,
        help_text=_("The case or request the dossier is for."),
    )
    manifest_sha256 = models.CharField(_("SHA-256 of the manifest"), max_length=64)
    files = models.PositiveIntegerField(_("files"))
    address = models.GenericIPAddressField(_("from address"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("investigator dossier handed out")
        verbose_name_plural = _("investigator dossiers handed out")
        default_permissions = ("view",)
        permissions = [
            (
                "download_investigator_dossier",
                _("Can download investigator dossiers (logged)"),
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.public_id} v{self.version} · {self.at:%Y-%m-%d}"
