"""People who protected heritage and were harmed, and what happened to them."""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
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
)
from .choices import HarmKind, Visibility, Vocabulary
from .common import Actor, Citation, Media, Name
from .events import Assessed, assessed_constraints
from .sites import HeritageSite
from .vocabulary import terms_field


class Person(Searchable, Curated):
    """Someone who looked after heritage: a custodian, a guard, a researcher.

    Visibility protects them: a pseudonymous person appears only under the
    pseudonym, a confidential one on no public surface at all.
    """

    search_fields = ("name", "name_ar", "pseudonym")

    name = models.CharField(
        _("name"),
        max_length=300,
        blank=True,
        help_text=_("Real name, if known. Shown publicly only for public visibility."),
    )
    name_ar = models.CharField(_("name (Arabic)"), max_length=300, blank=True)
    pseudonym = models.CharField(
        _("pseudonym"),
        max_length=200,
        blank=True,
        help_text=_("The name under which a pseudonymous person appears, e.g. 'Ali'."),
    )
    visibility = models.CharField(
        _("visibility"),
        max_length=12,
        choices=Visibility,
        default=Visibility.CONFIDENTIAL,
        help_text=_(
            "Public: the name is shown. Pseudonymous: only the pseudonym. "
            "Confidential: never on any public surface. Choose with care: a leak "
            "can put a living person in danger."
        ),
    )
    roles = terms_field(Vocabulary.ROLE, _("roles"))
    affiliation = models.ForeignKey(
        Actor,
        verbose_name=_("affiliation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    sites = models.ManyToManyField(
        HeritageSite,
        verbose_name=_("sites looked after"),
        blank=True,
        related_name="people",
    )
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"),
        null=True,
        blank=True,
        help_text=_("The year only: exact birth dates of living people are not kept."),
    )
    deceased = models.BooleanField(_("deceased"), default=False)
    biography = models.TextField(_("biography (English)"), blank=True)
    biography_ar = models.TextField(_("biography (Arabic)"), blank=True)
    contact_notes = models.TextField(
        _("contact details"),
        blank=True,
        help_text=_("For curators only. Never shown on any public surface."),
    )

    names = GenericRelation(Name, verbose_name=_("other names and spellings"))
    citations = GenericRelation(Citation)
    media = GenericRelation(Media)
    history = HistoricalRecords(m2m_fields=[roles, sites])

    class Meta:
        ordering = ["name", "pseudonym", "pk"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        default_permissions = Curated.Meta.default_permissions
        constraints = [
            *curated_constraints(),
            choice_check("visibility", Visibility),
            models.CheckConstraint(
                condition=~Q(name="") | ~Q(pseudonym=""),
                name="registry_person_named",
                violation_error_message=_("Give a name or a pseudonym."),
            ),
            models.CheckConstraint(
                condition=~Q(visibility=Visibility.PSEUDONYMOUS) | ~Q(pseudonym=""),
                name="registry_person_pseudonym_given",
                violation_error_message=_("A pseudonymous person needs a pseudonym."),
            ),
        ]

    def __str__(self):
        if self.name and self.pseudonym:
            return f"{self.name} ({self.pseudonym})"
        return self.name or self.pseudonym

    def search_terms(self):
        """A public person by every name; a pseudonymous one by the pseudonym only; a
        confidential one by nothing, so that no search can reach a hidden name."""
        if self.visibility == Visibility.PUBLIC:
            # Named, not super(): a list's rows borrow this rule (registry.api.rows).
            yield from Searchable.search_terms(self)
        elif self.visibility == Visibility.PSEUDONYMOUS:
            yield self.pseudonym

    @classmethod
    def extra_published_q(cls, prefix):
        """A confidential person is never public, whatever the status says."""
        return ~Q(**{f"{prefix}visibility": Visibility.CONFIDENTIAL})


class HarmEvent(PublicationRule, Dated, Attributed, Assessed):
    """What was done to a person: killed, injured, abducted, detained…"""

    publication_parents = ("person",)

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="harm_events"
    )
    kind = models.CharField(_("kind"), max_length=14, choices=HarmKind)
    site = models.ForeignKey(
        HeritageSite,
        verbose_name=_("site"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="harm_events",
    )
    place = models.CharField(_("place"), max_length=300, blank=True)
    description = models.TextField(_("description (English)"), blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)

    citations = GenericRelation(Citation)
    history = HistoricalRecords()
    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["person", "date_from", "pk"]
        verbose_name = _("harm event")
        verbose_name_plural = _("harm events")
        constraints = [
            *dated_constraints(),
            *attributed_constraints(),
            *assessed_constraints(),
            choice_check("kind", HarmKind),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}, {self.date_display}"
