"""Looted and trafficked cultural objects, described to the Object ID standard."""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.search.ligatures import fold_lam_alef, repair_arabic

from .base import (
    CountryField,
    Curated,
    Dated,
    PublicationRule,
    PublicQuerySet,
    Searchable,
    choice_check,
    curated_constraints,
    dated_constraints,
)
from .choices import (
    CustodyKind,
    ObjectStatus,
    RedListCategory,
    ReferenceKind,
    Vocabulary,
)
from .common import Actor, Citation, Media, Name
from .events import LootingIncident
from .sites import HeritageSite, Structure
from .vocabulary import BilingualLabel, term_field, terms_field

MEASUREMENTS = ("height_cm", "width_cm", "depth_cm", "diameter_cm", "weight_g")


def _measurement(label):
    return models.DecimalField(
        label, max_digits=9, decimal_places=2, null=True, blank=True
    )


class CulturalObject(BilingualLabel, Searchable, Curated):
    """A cultural object, described so that a stolen one can be recognised.

    Following INTERPOL, an object record needs no personal names: owners, dealers
    and buyers appear only as actors in the custody chain.
    """

    # The maker too: an officer searching "Pymonenko" is looking for his paintings.
    search_fields = ("title", "title_ar", "maker")
    # Texts found by the ``inscription`` parameter (folded into ``marks_text``).
    marks_fields = ("inscriptions", "distinguishing_features")

    publication_parents = ("origin_site", "looting_incident")

    # Object ID: title, type, materials & techniques, measurements, inscriptions,
    # distinguishing features, subject, date or period, maker, description.
    title = models.CharField(
        _("title (English)"),
        max_length=300,
        blank=True,
        help_text=_("A title in English or in Arabic: either one is enough."),
    )
    title_ar = models.CharField(_("title (Arabic)"), max_length=300, blank=True)
    object_type = term_field(
        Vocabulary.OBJECT_TYPE,
        _("type of object"),
        help_text=_("The narrowest type that fits; its broader type follows from it."),
    )
    materials = terms_field(Vocabulary.MATERIAL, _("materials"))
    techniques = terms_field(Vocabulary.TECHNIQUE, _("techniques"))
    height_cm = _measurement(_("height (cm)"))
    width_cm = _measurement(_("width (cm)"))
    depth_cm = _measurement(_("depth (cm)"))
    diameter_cm = _measurement(_("diameter (cm)"))
    weight_g = _measurement(_("weight (g)"))
    measurements_note = models.CharField(
        _("measurements note"), max_length=300, blank=True
    )
    inscriptions = models.TextField(_("inscriptions and markings"), blank=True)
    distinguishing_features = models.TextField(_("distinguishing features"), blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    period = term_field(Vocabulary.PERIOD, _("period"), optional=True)
    # A text, not a short field: lists date their objects in free text, at times a
    # paragraph long (Ukraine's GUR list, 632 characters), kept as given.
    date_text = models.TextField(
        _("date"), blank=True, help_text=_("e.g. 2nd–3rd century AD")
    )
    maker = models.CharField(_("maker"), max_length=300, blank=True)
    # Where the object comes from when no site record exists (a Syrian mosaic
    # seized abroad): country_filter and the country facet read it too.
    country_of_origin = CountryField(
        _("country of origin"),
        blank=True,
        db_index=True,
        help_text=_("Where the object was made or found; the site's country wins."),
    )
    find_spot = models.CharField(
        _("find-spot"),
        max_length=300,
        blank=True,
        help_text=_("Place of discovery as the source words it, without a site."),
    )
    holding_institution = models.CharField(
        _("taken from (museum or collection)"),
        max_length=300,
        blank=True,
        db_index=True,
        help_text=_("The museum, library or collection the object was taken from."),
    )
    provenance = models.TextField(
        _("provenance"),
        blank=True,
        help_text=_(
            "Related written material: where the object was seen or held. "
            "No personal names: owners and dealers belong in the custody chain."
        ),
    )
    source_url = models.URLField(
        _("source URL"),
        max_length=500,
        blank=True,
        help_text=_("The object's own page in the list it was taken from."),
    )
    # Folded inscriptions and distinguishing features (``registry.search.text``),
    # rebuilt on every save like ``search_text``: the inscription search reads it.
    marks_text = models.TextField(editable=False, blank=True, default="")
    description = models.TextField(_("description (English)"), blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    red_list_category = models.CharField(
        _("ICOM Red List category"), max_length=18, choices=RedListCategory, blank=True
    )
    current_status = models.CharField(
        _("current status"),
        max_length=10,
        choices=ObjectStatus,
        default=ObjectStatus.UNKNOWN,
        db_index=True,
    )
    origin_site = models.ForeignKey(
        HeritageSite,
        verbose_name=_("site of origin"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cultural_objects",
    )
    origin_structure = models.ForeignKey(
        Structure,
        verbose_name=_("structure of origin"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cultural_objects",
    )
    looting_incident = models.ForeignKey(
        LootingIncident,
        verbose_name=_("looting incident"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cultural_objects",
    )
    date_documented = models.DateField(_("date documented"), null=True, blank=True)

    names = GenericRelation(Name, verbose_name=_("other titles"))
    citations = GenericRelation(Citation)
    media = GenericRelation(Media)
    history = HistoricalRecords(m2m_fields=[materials, techniques])

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("cultural object")
        verbose_name_plural = _("cultural objects")
        default_permissions = Curated.Meta.default_permissions
        indexes = [
            # The list in its default order, by title: 62 ms of sorting at 100k
            # objects without it.
            models.Index(fields=["status", "title", "id"], name="object_status_title"),
        ]
        constraints = [
            *curated_constraints(),
            models.CheckConstraint(
                condition=~Q(title="") | ~Q(title_ar=""),
                name="registry_culturalobject_has_title",
                violation_error_message=_(
                    "Give a title in English or in Arabic (either is enough)."
                ),
            ),
            choice_check("red_list_category", RedListCategory, blank=True),
            choice_check("current_status", ObjectStatus),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__gt": 0}),
                    name=f"registry_culturalobject_{name}_positive",
                    violation_error_message=_("Measurements must be positive."),
                )
                for name in MEASUREMENTS
            ),
        ]

    def __str__(self):
        return self.title or self.title_ar

    @property
    def label(self):
        return self.localised("title", "title_ar")

    def derive(self):
        super().derive()
        self.marks_text = fold_lam_alef(
            self.search_text_of(
                repair_arabic(getattr(self, name)) for name in self.marks_fields
            )
        )

    def search_terms(self):
        # Arabic lists extracted from PDFs break the lam-alef ligature ("األ"):
        # repaired for search only, the stored title stays as given. (Searchable's
        # named, not super(): the API's rows read as values borrow this method.)
        for text in Searchable.search_terms(self):
            yield repair_arabic(text)

    def clean(self):
        super().clean()
        errors = {}
        site = self.origin_site
        if (
            self.origin_structure_id
            and site
            and self.origin_structure.site_id != site.pk
        ):
            errors["origin_structure"] = _(
                "This structure is not part of the site of origin."
            )
        if (
            self.looting_incident_id
            and site
            and self.looting_incident.site_id != site.pk
        ):
            errors["looting_incident"] = _("This incident happened at another site.")
        if errors:
            raise ValidationError(errors)

    def looted_earliest(self, exclude=None):
        """The earliest day the object can have been looted, as far as is recorded."""
        dates = []
        if self.looting_incident_id and self.looting_incident.earliest:
            dates.append(self.looting_incident.earliest)
        if self.pk:
            looted = self.custody_events.filter(kind=CustodyKind.LOOTED)
            if exclude is not None and exclude.pk:
                looted = looted.exclude(pk=exclude.pk)
            dates.extend(event.earliest for event in looted if event.earliest)
        return min(dates, default=None)


class ObjectReference(PublicationRule, models.Model):
    """A number that identifies the object elsewhere: inventory, INTERPOL, a lot."""

    publication_parents = ("object",)

    object = models.ForeignKey(
        CulturalObject, on_delete=models.CASCADE, related_name="references"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ReferenceKind)
    value = models.CharField(_("number"), max_length=120)
    issuer = models.CharField(
        _("issued by"),
        max_length=300,
        blank=True,
        help_text=_("Museum, agency, auction house."),
    )

    history = HistoricalRecords()
    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "value", "pk"]
        verbose_name = _("reference number")
        verbose_name_plural = _("reference numbers")
        indexes = [
            # Search by an exact reference number, in any case (value__iexact is
            # UPPER(value) = UPPER(…) on PostgreSQL): 64 ms → an index probe at 1M.
            models.Index(Upper("value"), name="objectreference_value_upper"),
        ]
        constraints = [
            choice_check("kind", ReferenceKind),
            models.UniqueConstraint(
                fields=["kind", "value"],
                condition=Q(kind=ReferenceKind.INTERPOL),
                name="registry_objectreference_unique_interpol",
                violation_error_message=_("Another object holds this INTERPOL number."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.value}"


class CustodyEvent(PublicationRule, Dated):
    """One link of an object's custody chain: looted, smuggled, sold, seized…"""

    publication_parents = ("object",)

    object = models.ForeignKey(
        CulturalObject, on_delete=models.CASCADE, related_name="custody_events"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=CustodyKind)
    place = models.CharField(_("place"), max_length=300, blank=True)
    country = CountryField(_("country"), blank=True)
    from_actor = models.ForeignKey(
        Actor,
        verbose_name=_("from"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="custody_given",
    )
    to_actor = models.ForeignKey(
        Actor,
        verbose_name=_("to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="custody_received",
    )
    price = models.DecimalField(
        _("price"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(
        _("currency"), max_length=3, blank=True, help_text=_("ISO 4217, e.g. USD")
    )
    description = models.TextField(_("description"), blank=True)

    citations = GenericRelation(Citation)
    history = HistoricalRecords()
    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["object", "date_from", "date_to", "pk"]
        verbose_name = _("custody event")
        verbose_name_plural = _("custody events")
        constraints = [
            *dated_constraints(),
            choice_check("kind", CustodyKind),
            models.CheckConstraint(
                condition=Q(price__isnull=True) | Q(price__gte=0),
                name="registry_custodyevent_price_positive",
                violation_error_message=_("A price cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(price__isnull=True) | ~Q(currency=""),
                name="registry_custodyevent_price_currency",
                violation_error_message=_("A price needs its currency."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}, {self.date_display}"

    def clean(self):
        super().clean()
        if self.currency:
            self.currency = self.currency.upper()
        if self.kind == CustodyKind.LOOTED:
            return
        try:
            obj = self.object
        except ObjectDoesNotExist:
            return
        looted = obj.looted_earliest(exclude=self)
        latest = self.latest
        if looted and latest and latest < looted:
            raise ValidationError(
                _(
                    "This event is dated before the object was looted "
                    "(%(looted)s at the earliest)."
                )
                % {"looted": looted.isoformat()}
            )
