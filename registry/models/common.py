"""Records attached to many others: names, citations, media; and actors and sources."""

import os

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.search.text import fold

from .base import (
    CountryField,
    Curated,
    Searchable,
    choice_check,
    curated_constraints,
    named_constraint,
)
from .choices import ActorKind, MediaKind, NameKind, PublicationStatus, SourceKind
from .vocabulary import BilingualLabel


class Attached(models.Model):
    """A row that belongs to one record of any kind (a site, an event, a person…).

    It is public exactly when that record is: public surfaces reach it only
    through its record's ``published()`` queryset, never on its own.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")

    class Meta:
        abstract = True
        indexes = [models.Index(fields=["content_type", "object_id"])]


class Name(Attached):
    """One name of a site, structure, person, actor or place, in one language.

    Every spelling that a reader may type (Tadmur, Tadmor, تدمر…) is a row here.
    ``normalised`` is the folded form the search compares (``registry.search.text``).
    """

    name = models.CharField(_("name"), max_length=300)
    language = models.CharField(
        _("language"),
        max_length=16,
        blank=True,
        help_text=_("BCP 47 code: en, ar, fr, ar-Latn (Arabic in Latin letters)…"),
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=NameKind, default=NameKind.TRANSLITERATION
    )
    normalised = models.CharField(max_length=300, editable=False, db_index=True)

    history = HistoricalRecords()

    class Meta(Attached.Meta):
        ordering = ["kind", "language", "name", "pk"]
        verbose_name = _("name")
        verbose_name_plural = _("names")
        constraints = [
            choice_check("kind", NameKind),
            models.UniqueConstraint(
                fields=["content_type", "object_id", "name", "language"],
                name="registry_name_unique_per_record",
                violation_error_message=_("This record already has that name."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # A derived column, kept in step with ``name`` wherever the row is saved.
        self.normalised = fold(self.name)
        super().save(*args, **kwargs)
        self.refresh_target()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self.refresh_target()
        return result

    def refresh_target(self):
        """The record's search text includes its names: rebuild it."""
        model = self.content_type.model_class()
        target = model._default_manager.filter(pk=self.object_id).first()
        if target is not None and hasattr(target, "refresh_search_text"):
            target.refresh_search_text()


class Actor(BilingualLabel, Searchable, Curated):
    """An organisation or group: an armed group, a state force, a monitor, a media."""

    search_fields = ("name", "name_ar")

    name = models.CharField(
        _("name (English)"),
        max_length=300,
        blank=True,
        help_text=_("In English or in Arabic: either is enough."),
    )
    name_ar = models.CharField(_("name (Arabic)"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=14, choices=ActorKind)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
        help_text=_("The larger body this one belongs to (a division of an army)."),
    )
    country = CountryField(_("country"), blank=True)
    description = models.TextField(_("description (English)"), blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    names = GenericRelation(Name, verbose_name=_("aliases and other names"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
        default_permissions = Curated.Meta.default_permissions
        constraints = [
            *curated_constraints(),
            choice_check("kind", ActorKind),
            named_constraint("name"),
        ]

    def __str__(self):
        return self.name or self.name_ar

    @property
    def label(self):
        return self.localised("name", "name_ar")


class Source(Searchable, Curated):
    """Where a claim comes from: a report, a statement, imagery, an eyewitness."""

    search_fields = ("title", "author")

    title = models.CharField(_("title"), max_length=500)
    kind = models.CharField(_("kind"), max_length=14, choices=SourceKind)
    publisher = models.ForeignKey(
        Actor,
        verbose_name=_("publisher"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sources",
    )
    author = models.CharField(_("author"), max_length=300, blank=True)
    url = models.URLField(_("URL"), max_length=1000, blank=True)
    archive_url = models.URLField(_("archived copy URL"), max_length=1000, blank=True)
    published_on = models.DateField(_("date published"), null=True, blank=True)
    accessed_on = models.DateField(_("date accessed"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=16, blank=True)
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_(
            "An eyewitness or other source that must not be identified. Cited publicly "
            "only as 'confidential source', with no title, author, URL or date."
        ),
    )
    imagery_platform = models.CharField(
        _("imagery platform"),
        max_length=120,
        blank=True,
        help_text=_("For satellite imagery: the satellite or provider."),
    )
    imagery_acquired_on = models.DateField(
        _("imagery acquisition date"), null=True, blank=True
    )
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        default_permissions = Curated.Meta.default_permissions
        constraints = [
            *curated_constraints(),
            choice_check("kind", SourceKind),
            models.CheckConstraint(
                condition=Q(published_on__isnull=True)
                | Q(accessed_on__isnull=True)
                | Q(accessed_on__gte=models.F("published_on")),
                name="registry_source_accessed_after_published",
                violation_error_message=_(
                    "A source cannot have been accessed before it was published."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    @classmethod
    def extra_published_q(cls, prefix):
        """A confidential source is never listed publicly…"""
        return Q(**{f"{prefix}confidential": False})

    @classmethod
    def citable_q(cls, prefix=""):
        """…but it may be cited, as "confidential source" (publishing.privacy)."""
        return Q(**{f"{prefix}status": PublicationStatus.PUBLISHED})


class Citation(Attached):
    """A claim's link to its source, with where in the source and what it says."""

    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        related_name="citations",
    )
    locator = models.CharField(
        _("locator"),
        max_length=200,
        blank=True,
        help_text=_("Page, paragraph, time code or figure within the source."),
    )
    quote = models.TextField(_("quotation"), blank=True)
    accessed_on = models.DateField(_("date accessed"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta(Attached.Meta):
        ordering = ["pk"]
        verbose_name = _("citation")
        verbose_name_plural = _("citations")

    def __str__(self):
        return str(self.source)


class PrivateMediaStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT, read from settings at each use (so that tests
    and deployments may move it). Nothing here has a public URL."""

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)


def media_storage():
    """Evidence and its renditions live outside the public web root: the public
    reaches renditions only through the catalogue's media view."""
    return PrivateMediaStorage()


def media_upload_to(instance, filename):
    """Kept for the first migration, which names it; see ``original_upload_to``."""
    return original_upload_to(instance, filename)


def original_upload_to(instance, filename):
    return f"originals/{instance.public_id}/{filename}"


class Media(Attached, Curated):
    """A photograph or image attached to a record, kept as evidence.

    The original is kept as uploaded, with its SHA-256 and metadata, for curators.
    The public sees only re-encoded renditions without metadata
    (``registry.media.images``).
    """

    file = models.ImageField(
        _("image"),
        upload_to=original_upload_to,
        storage=media_storage,
        help_text=_(
            "JPEG, PNG, WebP or TIFF. The original is kept as evidence and never shown "
            "publicly; the public sees copies without metadata (GPS, camera, author)."
        ),
    )
    sha256 = models.CharField(
        _("SHA-256 of the original"), max_length=64, editable=False, db_index=True
    )
    format = models.CharField(_("format"), max_length=10, editable=False, blank=True)
    width = models.PositiveIntegerField(_("width"), null=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, editable=False)
    size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, editable=False)
    metadata = models.JSONField(
        _("metadata of the original"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("EXIF and GPS tags of the original, for curators only."),
    )
    renditions = models.JSONField(
        default=dict, blank=True, editable=False, help_text="size name -> storage path"
    )
    # A 64-bit perceptual hash (imagehash's pHash, 16 hex digits) of the upright
    # image: a rotated, rescaled or recompressed copy lies a few bits away, so
    # "search by photograph" compares these (``registry.media.perceptual``).
    phash = models.CharField(
        _("perceptual hash"), max_length=16, blank=True, editable=False
    )
    kind = models.CharField(_("kind"), max_length=10, choices=MediaKind)
    caption = models.CharField(_("caption (English)"), max_length=500, blank=True)
    caption_ar = models.CharField(_("caption (Arabic)"), max_length=500, blank=True)
    credit = models.CharField(_("credit"), max_length=300, blank=True)
    licence = models.CharField(_("licence"), max_length=200, blank=True)
    taken_on = models.DateField(_("date taken"), null=True, blank=True)
    reveals_location = models.BooleanField(
        _("may reveal the location"),
        default=True,
        help_text=_(
            "Untick only for an image from which nobody could tell where the site "
            "is (a close-up, no landmark, no horizon): only such images are shown "
            "side by side for a site whose location is generalised."
        ),
    )

    history = HistoricalRecords()

    class Meta(Attached.Meta):
        ordering = ["pk"]
        verbose_name = _("photograph or image")
        verbose_name_plural = _("photographs and images")
        default_permissions = Curated.Meta.default_permissions
        constraints = [*curated_constraints(), choice_check("kind", MediaKind)]

    def __str__(self):
        return self.caption or self.file.name

    def save(self, *args, **kwargs):
        # Whatever the path (admin, import, shell), never a photograph of nothing.
        errors = self.target_errors()
        if errors:
            raise ValidationError(errors)
        super().save(*args, **kwargs)

    @staticmethod
    def attachable_models():
        """The kinds of record a photograph may belong to: the curated records
        (sources hold documents, not photographs; a photograph holds none)."""
        from django.apps import apps

        return [
            model
            for model in apps.get_app_config("registry").get_models()
            if issubclass(model, Curated) and model not in (Media, Source)
        ]

    def target_errors(self):
        """{field: message} when this photograph belongs to no record."""
        if self.content_type_id is None:
            return {"content_type": _("Choose the kind of record it belongs to.")}
        model = ContentType.objects.get_for_id(self.content_type_id).model_class()
        if model not in self.attachable_models():
            return {
                "content_type": _(
                    "A photograph belongs to a site, structure, event, incident, "
                    "object, person, actor or assessment."
                )
            }
        if self.object_id is None:
            return {"object_id": _("Choose the record it belongs to.")}
        if not model._default_manager.filter(pk=self.object_id).exists():
            return {
                "object_id": _("No %(kind)s has the number %(number)s.")
                % {"kind": model._meta.verbose_name, "number": self.object_id}
            }
        return {}

    def clean(self):
        super().clean()
        from registry.media.images import inspect

        # A row of a record's own form gets its record when that is saved.
        if self.content_type_id is not None or self.object_id is not None:
            errors = self.target_errors()
            if errors:
                raise ValidationError(errors)

        if self.file and not self.file._committed:
            try:
                inspection = inspect(self.file)
            except ValidationError as error:
                raise ValidationError({"file": error.messages}) from error
            self.sha256 = inspection.sha256
            self.format = inspection.format
            self.width, self.height = inspection.width, inspection.height
            self.size = inspection.size
            self.metadata = inspection.metadata

    @property
    def caption_label(self):
        if (get_language() or "").startswith("ar") and self.caption_ar:
            return self.caption_ar
        return self.caption or self.caption_ar
