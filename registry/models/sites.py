"""Heritage sites, what protects them, and the structures within them."""

import re

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .base import (
    CountryField,
    Curated,
    PublicationRule,
    PublicQuerySet,
    Searchable,
    choice_check,
    curated_constraints,
    named_constraint,
)
from .choices import (
    Condition,
    DesignationKind,
    IdentifierScheme,
    LocationCertainty,
    LocationSensitivity,
    UnescoRegion,
    Vocabulary,
    WorldHeritageCategory,
)
from .common import Citation, Media, Name
from .vocabulary import (
    AdminDivision,
    BilingualLabel,
    term_field,
    terms_field,
)


def located_constraints():
    """Coordinates are WGS84 degrees, in range, and given as a pair or not at all."""
    return [
        models.CheckConstraint(
            condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
            name="%(app_label)s_%(class)s_latitude_range",
            violation_error_message=_("Latitude must lie between -90 and 90."),
        ),
        models.CheckConstraint(
            condition=Q(longitude__isnull=True)
            | Q(longitude__gte=-180, longitude__lte=180),
            name="%(app_label)s_%(class)s_longitude_range",
            violation_error_message=_("Longitude must lie between -180 and 180."),
        ),
        models.CheckConstraint(
            condition=Q(latitude__isnull=True, longitude__isnull=True)
            | Q(latitude__isnull=False, longitude__isnull=False),
            name="%(app_label)s_%(class)s_coordinates_paired",
            violation_error_message=_("Give both latitude and longitude, or neither."),
        ),
    ]


class Located(models.Model):
    """A WGS84 point. Who may see it is decided by the site's location sensitivity."""

    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    class Meta:
        abstract = True

    @property
    def has_point(self):
        return self.latitude is not None and self.longitude is not None


def _comparison_image(role):
    return models.ForeignKey(
        Media,
        verbose_name=role,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "One of this record's own photographs or imagery captures, with its date."
        ),
    )


class Compared(models.Model):
    """Two dated images that a curator chose to show side by side: before and after.

    Never shown for a restricted site, and for a generalised one only when a curator
    marked both as not revealing where it is (``public_comparison``)."""

    before_image = _comparison_image(_("before"))
    after_image = _comparison_image(_("after"))

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        errors = {}
        chosen = {"before_image": self.before_image, "after_image": self.after_image}
        if bool(self.before_image) != bool(self.after_image):
            missing = "after_image" if self.before_image else "before_image"
            errors[missing] = _("Choose both images, or neither.")
        for name, media in chosen.items():
            if media is not None and (
                media.object_id != self.pk
                or media.content_type.model_class() is not type(self)
            ):
                errors[name] = _("Choose one of this record's own images.")
        before, after = self.before_image, self.after_image
        if (
            not errors
            and before
            and after
            and before.taken_on
            and after.taken_on
            and before.taken_on > after.taken_on
        ):
            errors["after_image"] = _(
                "The 'after' image (%(after)s) is older than the 'before' one "
                "(%(before)s)."
            ) % {"after": after.taken_on, "before": before.taken_on}
        if errors:
            raise ValidationError(errors)


class HeritageSite(BilingualLabel, Located, Compared, Searchable, Curated):
    """A heritage place: an archaeological site, a historic city, a museum…"""

    search_fields = ("name", "name_ar")

    name = models.CharField(
        _("name (English)"),
        max_length=300,
        blank=True,
        help_text=_(
            "The preferred English name (or leave it empty and give the Arabic "
            "one). Other spellings go under 'Names'."
        ),
    )
    name_ar = models.CharField(_("name (Arabic)"), max_length=300, blank=True)
    site_type = term_field(Vocabulary.SITE_TYPE, _("site type"))
    country = CountryField(
        _("country"),
        blank=True,
        help_text=_(
            "The country, or the first of a transboundary property. Empty only for "
            "a property that UNESCO lists under no State Party (say why in a note)."
        ),
    )
    other_countries = CountryField(
        _("other countries"),
        multiple=True,
        blank=True,
        help_text=_("The other countries of a transboundary property."),
    )
    admin_division = models.ForeignKey(
        AdminDivision,
        verbose_name=_("administrative division"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sites",
    )
    location_certainty = models.CharField(
        _("location certainty"),
        max_length=12,
        choices=LocationCertainty,
        default=LocationCertainty.APPROXIMATE,
    )
    location_sensitivity = models.CharField(
        _("location sensitivity"),
        max_length=12,
        choices=LocationSensitivity,
        default=LocationSensitivity.GENERALISED,
        help_text=_(
            "Publishing the exact point of a vulnerable site guides looters. "
            "'Generalised' shows only a cell of about 11 km everywhere (maps, API, "
            "exports); 'restricted' shows no coordinates at all. Structures and find "
            "spots inside the site follow the same rule."
        ),
    )
    condition = models.CharField(
        _("overall condition"),
        max_length=10,
        choices=Condition,
        default=Condition.UNKNOWN,
    )
    periods = terms_field(Vocabulary.PERIOD, _("periods"))
    area_hectares = models.DecimalField(
        _("area (hectares)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    unesco_category = models.CharField(
        _("World Heritage category"),
        max_length=8,
        choices=WorldHeritageCategory,
        blank=True,
        help_text=_("UNESCO's category of a World Heritage property."),
    )
    # Codes of UnescoRegion joined by ",": a transboundary property may lie in several
    # (no code is part of another, so ``contains`` finds one exactly).
    unesco_regions = models.CharField(
        _("UNESCO regions"),
        max_length=200,
        blank=True,
        help_text=_("UNESCO's region(s) of a World Heritage property."),
    )
    import_batch = models.ForeignKey(
        "registry.ImportBatch",
        verbose_name=_("last import"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="sites",
        help_text=_("The import that last created or changed this site."),
    )
    description = models.TextField(_("description (English)"), blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)

    names = GenericRelation(Name, verbose_name=_("names"))
    citations = GenericRelation(Citation)
    media = GenericRelation(Media)
    history = HistoricalRecords(m2m_fields=[periods])

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("heritage site")
        verbose_name_plural = _("heritage sites")
        indexes = [
            # The site list in its default order, by name; and a country's sites by
            # name (?country=SY&condition=poor,very_bad at 100k sites: a 32 ms scan
            # and sort of 40,000 rows, now a walk of the index to the 50th match).
            models.Index(fields=["status", "name", "id"], name="site_status_name"),
            models.Index(
                fields=["status", "country", "name", "id"], name="site_country_name"
            ),
        ]
        default_permissions = Curated.Meta.default_permissions
        constraints = [
            *curated_constraints(),
            *located_constraints(),
            named_constraint("name"),
            choice_check("location_certainty", LocationCertainty),
            choice_check("location_sensitivity", LocationSensitivity),
            choice_check("condition", Condition),
            models.CheckConstraint(
                condition=Q(unesco_category="")
                | Q(unesco_category__in=WorldHeritageCategory.values),
                name="registry_heritagesite_unesco_category_valid",
            ),
            models.CheckConstraint(
                condition=Q(area_hectares__isnull=True) | Q(area_hectares__gte=0),
                name="registry_heritagesite_area_positive",
                violation_error_message=_("The area cannot be negative."),
            ),
        ]

    def __str__(self):
        return self.name or self.name_ar

    @property
    def label(self):
        return self.localised("name", "name_ar")

    @property
    def region_codes(self):
        return [code for code in self.unesco_regions.split(",") if code]

    @property
    def country_codes(self):
        """Every country of the site, the first one first ([] for none)."""
        first = [self.country.code] if self.country else []
        return first + [country.code for country in self.other_countries]

    # The World Heritage facts an analyst asks about, read from the designations
    # (prefetched by the public querysets: no query of their own).
    def _designations(self, kind):
        held = [d for d in self.designations.all() if d.kind == kind]
        return sorted(held, key=lambda d: (d.year_from or 0, d.pk or 0))

    @property
    def world_heritage(self):
        listed = self._designations(DesignationKind.WORLD_HERITAGE)
        return listed[-1] if listed else None

    @property
    def unesco_id(self):
        return self.world_heritage.reference if self.world_heritage else None

    @property
    def world_heritage_since(self):
        return self.world_heritage.year_from if self.world_heritage else None

    @property
    def world_heritage_until(self):
        return self.world_heritage.year_to if self.world_heritage else None

    @property
    def criteria_codes(self):
        """ "(i)(ii)(iv)" as ["i", "ii", "iv"]."""
        text = self.world_heritage.criteria if self.world_heritage else ""
        return re.findall(r"[ivx]+", text.lower())

    @property
    def in_danger_periods(self):
        """["1982–", "1997–2005"]: each period on the List in Danger, oldest first."""
        return [
            f"{d.year_from or ''}–{d.year_to or ''}"
            for d in self._designations(DesignationKind.IN_DANGER)
        ]

    def clean_fields(self, exclude=None):
        super().clean_fields(exclude)
        unknown = set(self.region_codes) - set(UnescoRegion.values)
        if unknown and "unesco_regions" not in (exclude or ()):
            raise ValidationError(
                {"unesco_regions": _("Unknown UNESCO region: %s") % ", ".join(unknown)}
            )

    def clean(self):
        super().clean()
        division = self.admin_division
        if division is not None and self.country and division.country != self.country:
            raise ValidationError(
                {
                    "admin_division": _("%(division)s is not in %(country)s.")
                    % {"division": division, "country": self.country.name}
                }
            )


class Designation(PublicationRule, models.Model):
    """A protection status with its years: World Heritage, In Danger, national."""

    publication_parents = ("site",)

    site = models.ForeignKey(
        HeritageSite, on_delete=models.CASCADE, related_name="designations"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=DesignationKind)
    reference = models.CharField(
        _("reference"),
        max_length=50,
        blank=True,
        help_text=_("The list's own number, e.g. the UNESCO reference 23 for Palmyra."),
    )
    criteria = models.CharField(
        _("criteria"), max_length=100, blank=True, help_text=_("e.g. (i)(ii)(iv)")
    )
    year_from = models.PositiveSmallIntegerField(_("from year"), null=True, blank=True)
    year_to = models.PositiveSmallIntegerField(_("to year"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    history = HistoricalRecords()
    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["year_from", "kind", "pk"]
        verbose_name = _("designation")
        verbose_name_plural = _("designations")
        constraints = [
            choice_check("kind", DesignationKind),
            models.CheckConstraint(
                condition=Q(year_from__isnull=True)
                | Q(year_to__isnull=True)
                | Q(year_to__gte=models.F("year_from")),
                name="registry_designation_year_order",
                violation_error_message=_("The end year precedes the start year."),
            ),
            # One World Heritage property per UNESCO reference number.
            models.UniqueConstraint(
                fields=["kind", "reference"],
                condition=Q(kind=DesignationKind.WORLD_HERITAGE) & ~Q(reference=""),
                name="registry_designation_unique_whc_reference",
                violation_error_message=_(
                    "Another site already holds this World Heritage reference."
                ),
            ),
        ]

    def __str__(self):
        reference = f" {self.reference}" if self.reference else ""
        years = f"{self.year_from or '?'}–{self.year_to or ''}"
        return f"{self.get_kind_display()}{reference} ({years})"


class ExternalIdentifier(PublicationRule, models.Model):
    """The site's identifier in another system (UNESCO, Wikidata, Pleiades, TGN…)."""

    publication_parents = ("site",)

    site = models.ForeignKey(
        HeritageSite, on_delete=models.CASCADE, related_name="identifiers"
    )
    scheme = models.CharField(_("scheme"), max_length=12, choices=IdentifierScheme)
    value = models.CharField(_("identifier"), max_length=100)
    url = models.URLField(_("URL"), max_length=500, blank=True)

    history = HistoricalRecords()
    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["scheme", "value", "pk"]
        verbose_name = _("external identifier")
        verbose_name_plural = _("external identifiers")
        constraints = [
            choice_check("scheme", IdentifierScheme),
            models.UniqueConstraint(
                fields=["scheme", "value"],
                name="registry_externalidentifier_unique",
                violation_error_message=_(
                    "Another site already holds this identifier in that scheme."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.get_scheme_display()}: {self.value}"


class Structure(BilingualLabel, Located, Compared, Searchable, Curated):
    """A structure within a site: a temple, a theatre, a tetrapylon, a tomb…"""

    search_fields = ("name", "name_ar")

    publication_parents = ("site",)

    site = models.ForeignKey(
        HeritageSite,
        verbose_name=_("site"),
        on_delete=models.PROTECT,
        related_name="structures",
    )
    name = models.CharField(
        _("name (English)"),
        max_length=300,
        blank=True,
        help_text=_("In English or in Arabic: either is enough."),
    )
    name_ar = models.CharField(_("name (Arabic)"), max_length=300, blank=True)
    structure_type = term_field(Vocabulary.STRUCTURE_TYPE, _("structure type"))
    periods = terms_field(Vocabulary.PERIOD, _("periods"))
    materials = terms_field(Vocabulary.MATERIAL, _("materials"))
    condition = models.CharField(
        _("current condition"),
        max_length=10,
        choices=Condition,
        default=Condition.UNKNOWN,
        help_text=_("Its condition now; earlier states are kept in the history."),
    )
    description = models.TextField(_("description (English)"), blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)

    names = GenericRelation(Name, verbose_name=_("names"))
    citations = GenericRelation(Citation)
    media = GenericRelation(Media)
    history = HistoricalRecords(m2m_fields=[periods, materials])

    class Meta:
        ordering = ["site", "name", "pk"]
        verbose_name = _("structure")
        verbose_name_plural = _("structures")
        default_permissions = Curated.Meta.default_permissions
        constraints = [
            *curated_constraints(),
            *located_constraints(),
            named_constraint("name"),
            choice_check("condition", Condition),
        ]

    def __str__(self):
        return self.name or self.name_ar

    @property
    def label(self):
        return self.localised("name", "name_ar")
