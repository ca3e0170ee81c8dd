"""Monitoring over time: dated condition assessments of sites and structures.

An assessment is an observation (EAMENA's assessment record): on a date, by a
method (a site visit, satellite imagery of a given date…), someone found a site or
one of its structures in a condition — or found that nothing had changed since the
last assessment, which is itself an observation. It records the disturbances seen
(each with its own certainty), the threats (category and probability) and the
recommended priority and intervention, with its sources and photographs.

A site's or structure's *current* condition is its latest published assessment's
(``current_condition``); a "no change" assessment keeps the condition of the one
before and moves its date.
"""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .base import (
    Curated,
    Dated,
    PublicationRule,
    PublicQuerySet,
    choice_check,
    curated_constraints,
    dated_constraints,
)
from .choices import Certainty, Condition, Vocabulary
from .common import Actor, Citation, Media
from .events import Assessed, assessed_constraints
from .sites import HeritageSite, Structure
from .vocabulary import term_field


class AssessmentMethod(models.TextChoices):
    SITE_VISIT = "site_visit", _("Site visit")
    SATELLITE = "satellite", _("Satellite imagery")
    AERIAL = "aerial", _("Aerial or drone imagery")
    REMOTE_REPORT = "remote_report", _("Remote report")
    PRESS = "press", _("Press report")


class Priority(models.TextChoices):
    """EAMENA's recommended priority of intervention."""

    NONE = "none", _("None needed")
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    IMMEDIATE = "immediate", _("Immediate")
    UNKNOWN = "unknown", _("Not assessed")


class ThreatProbability(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    DEFINITE = "definite", _("Definite")
    UNKNOWN = "unknown", _("Unknown")


# Conditions in which a structure is intact enough that later damage is new damage.
INTACT = (Condition.GOOD, Condition.FAIR)
DAMAGED = (Condition.POOR, Condition.VERY_BAD, Condition.DESTROYED)


class ConditionAssessment(Curated, Dated, Assessed):
    """One dated observation of a site's or one of its structures' condition."""

    publication_parents = ("site", "structure")

    site = models.ForeignKey(
        HeritageSite,
        verbose_name=_("site"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    structure = models.ForeignKey(
        Structure,
        verbose_name=_("structure"),
        on_delete=models.PROTECT,
        related_name="assessments",
        null=True,
        blank=True,
        help_text=_("Empty when the assessment is of the whole site."),
    )
    method = models.CharField(
        _("method"),
        max_length=14,
        choices=AssessmentMethod,
        default=AssessmentMethod.REMOTE_REPORT,
    )
    assessor = models.CharField(
        _("assessor"),
        max_length=200,
        blank=True,
        help_text=_(
            "Who assessed, as they may be named publicly (a team or a role is "
            "enough: never a protected person's name)."
        ),
    )
    organisation = models.ForeignKey(
        Actor,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="assessments",
        null=True,
        blank=True,
    )
    imagery_provider = models.CharField(
        _("imagery provider"),
        max_length=200,
        blank=True,
        help_text=_("e.g. Maxar WorldView-2, Airbus Pléiades, Planet."),
    )
    imagery_date = models.DateField(
        _("imagery acquired on"),
        null=True,
        blank=True,
        help_text=_("The day the image that was assessed was taken."),
    )
    no_change = models.BooleanField(
        _("no change since the last assessment"),
        default=False,
        help_text=_(
            "Nothing visible has changed since the previous assessment: its "
            "condition holds, now as of this date."
        ),
    )
    condition = models.CharField(
        _("observed condition"),
        max_length=10,
        choices=Condition,
        blank=True,
        help_text=_("Empty only with 'no change' (the previous condition holds)."),
    )
    priority = models.CharField(
        _("recommended priority"),
        max_length=10,
        choices=Priority,
        default=Priority.UNKNOWN,
    )
    recommendation = models.TextField(_("recommended intervention"), blank=True)
    description = models.TextField(_("observations (English)"), blank=True)
    description_ar = models.TextField(_("observations (Arabic)"), blank=True)

    citations = GenericRelation(Citation)
    media = GenericRelation(Media)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date_earliest", "-pk"]
        verbose_name = _("condition assessment")
        verbose_name_plural = _("condition assessments")
        default_permissions = Curated.Meta.default_permissions
        indexes = [
            models.Index(
                fields=["site", "status", "date_earliest"],
                name="assessment_site_date",
            ),
            models.Index(
                fields=["structure", "status", "date_earliest"],
                name="assessment_structure_date",
            ),
        ]
        constraints = [
            *curated_constraints(),
            *dated_constraints(),
            *assessed_constraints(),
            choice_check("method", AssessmentMethod),
            choice_check("priority", Priority),
            choice_check("condition", Condition, blank=True),
            models.CheckConstraint(
                condition=~models.Q(condition="", no_change=False),
                name="registry_assessment_condition_or_no_change",
                violation_error_message=_(
                    "Give the observed condition, or tick 'no change'."
                ),
            ),
        ]

    def __str__(self):
        target = self.structure or self.site
        return _("%(target)s, assessed %(date)s") % {
            "target": target,
            "date": self.date_display,
        }

    @property
    def label(self):
        return str(self)

    @property
    def target(self):
        return self.structure or self.site

    def clean(self):
        super().clean()
        errors = {}
        if not self.condition and not self.no_change:
            errors["condition"] = _("Give the observed condition, or tick 'no change'.")
        try:
            structure, site = self.structure, self.site
        except ObjectDoesNotExist:
            structure = site = None
        if structure is not None and site is not None and structure.site_id != site.pk:
            errors["structure"] = _(
                "%(structure)s is not part of %(site)s, the site assessed."
            ) % {"structure": structure, "site": site}
        if self.imagery_date and self.method not in (
            AssessmentMethod.SATELLITE,
            AssessmentMethod.AERIAL,
        ):
            errors["imagery_date"] = _(
                "An imagery date goes with satellite or aerial imagery: choose that "
                "method, or clear the date."
            )
        if errors:
            raise ValidationError(errors)


class Disturbance(PublicationRule, models.Model):
    """A disturbance observed in an assessment, with its own certainty."""

    publication_parents = ("assessment",)

    assessment = models.ForeignKey(
        ConditionAssessment, on_delete=models.CASCADE, related_name="disturbances"
    )
    effect = term_field(Vocabulary.EFFECT_TYPE, _("effect"))
    cause = term_field(Vocabulary.CAUSE_TYPE, _("cause"), optional=True)
    certainty = models.CharField(
        _("certainty"), max_length=14, choices=Certainty, default=Certainty.LOW
    )

    history = HistoricalRecords()
    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["assessment", "pk"]
        verbose_name = _("disturbance observed")
        verbose_name_plural = _("disturbances observed")
        constraints = [choice_check("certainty", Certainty)]

    def __str__(self):
        return str(self.effect)


class Threat(PublicationRule, models.Model):
    """A threat to the site or structure, and how likely it is."""

    publication_parents = ("assessment",)

    assessment = models.ForeignKey(
        ConditionAssessment, on_delete=models.CASCADE, related_name="threats"
    )
    category = term_field(Vocabulary.THREAT, _("threat"))
    probability = models.CharField(
        _("probability"),
        max_length=10,
        choices=ThreatProbability,
        default=ThreatProbability.UNKNOWN,
    )

    history = HistoricalRecords()
    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["assessment", "pk"]
        verbose_name = _("threat")
        verbose_name_plural = _("threats")
        constraints = [choice_check("probability", ThreatProbability)]

    def __str__(self):
        return str(self.category)
