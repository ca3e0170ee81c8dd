"""What happened to sites: damage events and looting incidents."""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .base import (
    Attributed,
    Curated,
    Dated,
    PublicationRule,
    PublicQuerySet,
    Searchable,
    attributed_constraints,
    choice_check,
    curated_constraints,
    dated_constraints,
    named_constraint,
    newest_first,
    newest_first_index,
    sort_day,
)
from .choices import (
    CauseCategory,
    Certainty,
    Condition,
    Extent,
    LootingKind,
    Verification,
    Vocabulary,
)
from .common import Citation, Media
from .sites import HeritageSite, Structure
from .vocabulary import BilingualLabel, term_field, terms_field


class Assessed(models.Model):
    """How sure the registry is (EAMENA certainty) and how far the claim is verified."""

    certainty = models.CharField(
        _("certainty"),
        max_length=14,
        choices=Certainty,
        default=Certainty.LOW,
        help_text=_("How sure we are that this happened as described."),
    )
    verification = models.CharField(
        _("verification"),
        max_length=12,
        choices=Verification,
        default=Verification.REPORTED,
        help_text=_(
            "Reported: one source says so. Corroborated: independent sources agree. "
            "Confirmed: verified (imagery, site visit). A claim known only from one "
            "press report is 'reported'."
        ),
    )

    class Meta:
        abstract = True


def assessed_constraints():
    return [
        choice_check("certainty", Certainty),
        choice_check("verification", Verification),
    ]


class DamageEvent(BilingualLabel, Searchable, Curated, Dated, Attributed, Assessed):
    """Something that happened to a site and some of its structures."""

    search_fields = ("title", "title_ar")

    publication_parents = ("site",)

    site = models.ForeignKey(
        HeritageSite,
        verbose_name=_("site"),
        on_delete=models.PROTECT,
        related_name="damage_events",
    )
    title = models.CharField(
        _("title (English)"),
        max_length=300,
        blank=True,
        help_text=_(
            "A short summary, e.g. 'Destruction of the Temple of Bel' (or leave "
            "it empty and give the Arabic title)."
        ),
    )
    title_ar = models.CharField(_("title (Arabic)"), max_length=300, blank=True)
    cause_category = models.CharField(
        _("cause category"),
        max_length=16,
        choices=CauseCategory,
        default=CauseCategory.UNKNOWN,
    )
    cause_type = term_field(Vocabulary.CAUSE_TYPE, _("cause type"), optional=True)
    effects = terms_field(Vocabulary.EFFECT_TYPE, _("effects"))
    extent = models.CharField(
        _("extent"), max_length=8, choices=Extent, default=Extent.UNKNOWN
    )
    condition_after = models.CharField(
        _("condition after"),
        max_length=10,
        choices=Condition,
        default=Condition.UNKNOWN,
    )
    description = models.TextField(_("description (English)"), blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)

    citations = GenericRelation(Citation)
    media = GenericRelation(Media)
    history = HistoricalRecords(m2m_fields=[effects])

    class Meta:
        ordering = newest_first()
        verbose_name = _("damage event")
        verbose_name_plural = _("damage events")
        default_permissions = Curated.Meta.default_permissions
        # Public lists filter on status and sort by date or publication, newest
        # first: with the status in front, the planner walks the index backwards and
        # stops after a page instead of sorting every published event (100k events
        # on SQLite: the filtered event list's key query 79 -> 10 ms, the home
        # page's latest events 163 -> 0.3 ms).
        indexes = [
            models.Index(fields=["status", "date_earliest"], name="event_status_date"),
            models.Index(
                fields=["status", "published_at", "id"], name="event_status_pub"
            ),
            # A site's public events: counted from the index alone (the counts in
            # every site list: 2.4 -> 0.1 ms a site with 700 events, PostgreSQL),
            # and its most recent ones read backwards, LIMIT 50, for its page.
            models.Index(
                fields=["site", "status", "date_earliest", "id"],
                name="event_site_date",
            ),
            # The same for an actor's page: its most recent attributed events.
            models.Index(
                fields=["perpetrator", "status", "date_earliest", "id"],
                name="event_perpetrator_date",
            ),
            # The list in its default order (newest_first, ?ordering=-date): at
            # 1M events, a top-50 sort of 800,000 rows (360 ms) without it.
            newest_first_index("event_status_day", sort_day()),
        ]
        constraints = [
            *curated_constraints(),
            *dated_constraints(),
            *attributed_constraints(),
            *assessed_constraints(),
            named_constraint("title"),
            choice_check("cause_category", CauseCategory),
            choice_check("extent", Extent),
            choice_check("condition_after", Condition),
        ]

    def __str__(self):
        return self.title or self.title_ar

    @property
    def label(self):
        return self.localised("title", "title_ar")


class StructureDamage(PublicationRule, models.Model):
    """What one damage event did to one structure of its site."""

    publication_parents = ("event", "structure")

    event = models.ForeignKey(
        DamageEvent, on_delete=models.CASCADE, related_name="structure_damage"
    )
    structure = models.ForeignKey(
        Structure,
        verbose_name=_("structure"),
        on_delete=models.PROTECT,
        related_name="damage",
    )
    effects = terms_field(Vocabulary.EFFECT_TYPE, _("effects"))
    extent = models.CharField(
        _("extent"), max_length=8, choices=Extent, default=Extent.UNKNOWN
    )
    condition_after = models.CharField(
        _("condition after"),
        max_length=10,
        choices=Condition,
        default=Condition.UNKNOWN,
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    history = HistoricalRecords(m2m_fields=[effects])
    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["event", "structure", "pk"]
        verbose_name = _("damage to a structure")
        verbose_name_plural = _("damage to structures")
        constraints = [
            choice_check("extent", Extent),
            choice_check("condition_after", Condition),
            models.UniqueConstraint(
                fields=["event", "structure"],
                name="registry_structuredamage_unique",
                violation_error_message=_("This structure is already listed."),
            ),
        ]

    def __str__(self):
        return f"{self.structure} ({self.get_condition_after_display()})"

    def clean(self):
        super().clean()
        try:
            event, structure = self.event, self.structure
        except ObjectDoesNotExist:
            return  # the form reports the missing field itself
        if structure.site_id != event.site_id:
            raise ValidationError(
                {
                    "structure": _(
                        "%(structure)s is not part of %(site)s, the site of this event."
                    )
                    % {"structure": structure, "site": event.site}
                }
            )


class LootingIncident(BilingualLabel, Searchable, Curated, Dated, Attributed, Assessed):
    """Looting at a site: illegal excavation, theft from a store, structural robbing."""

    search_fields = ("title", "title_ar")

    publication_parents = ("site",)

    site = models.ForeignKey(
        HeritageSite,
        verbose_name=_("site"),
        on_delete=models.PROTECT,
        related_name="looting_incidents",
    )
    title = models.CharField(
        _("title (English)"),
        max_length=300,
        blank=True,
        help_text=_("In English or in Arabic: either is enough."),
    )
    title_ar = models.CharField(_("title (Arabic)"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=LootingKind)
    pit_count = models.PositiveIntegerField(
        _("looting pits counted"),
        null=True,
        blank=True,
        help_text=_("Illegal excavation pits counted, e.g. on satellite imagery."),
    )
    scale = models.CharField(
        _("scale"),
        max_length=300,
        blank=True,
        help_text=_("The scale in words where no count is known."),
    )
    description = models.TextField(_("description (English)"), blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)

    citations = GenericRelation(Citation)
    media = GenericRelation(Media)
    history = HistoricalRecords()

    class Meta:
        ordering = newest_first()
        verbose_name = _("looting incident")
        verbose_name_plural = _("looting incidents")
        default_permissions = Curated.Meta.default_permissions
        indexes = [
            models.Index(
                fields=["status", "date_earliest"], name="looting_status_date"
            ),
            models.Index(
                fields=["site", "status", "date_earliest", "id"],
                name="looting_site_date",
            ),
            # The list in its default order (newest_first): 27 ms of sorting at
            # 50,000 incidents without it.
            newest_first_index("looting_status_day", sort_day()),
        ]
        constraints = [
            *curated_constraints(),
            *dated_constraints(),
            *attributed_constraints(),
            *assessed_constraints(),
            named_constraint("title"),
            choice_check("kind", LootingKind),
        ]

    def __str__(self):
        return self.title or self.title_ar

    @property
    def label(self):
        return self.localised("title", "title_ar")
