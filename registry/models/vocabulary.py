"""Open vocabularies and places: data that curators extend, in English and Arabic."""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .base import CountryField, Searchable, choice_check
from .choices import Vocabulary


class BilingualLabel:
    """``label`` in the reader's language: Arabic where it exists, English otherwise."""

    def localised(self, english_field, arabic_field):
        if (get_language() or "").startswith("ar"):
            return getattr(self, arabic_field) or getattr(self, english_field)
        return getattr(self, english_field) or getattr(self, arabic_field)


class Term(BilingualLabel, models.Model):
    """One entry of an open vocabulary (a site type, a cause type, a material…).

    Seeded from the EAMENA and Object ID lists by a migration; curators add more.
    A term may have a broader ``parent`` (object types have two levels).
    """

    vocabulary = models.CharField(_("vocabulary"), max_length=20, choices=Vocabulary)
    code = models.SlugField(
        _("code"),
        max_length=60,
        help_text=_("Stable machine code used by the API. Do not change once in use."),
    )
    label_en = models.CharField(_("label (English)"), max_length=120)
    label_ar = models.CharField(_("label (Arabic)"), max_length=120, blank=True)
    definition = models.TextField(_("definition"), blank=True)
    aat_uri = models.URLField(
        _("Getty AAT URI"), blank=True, help_text=_("The matching Getty AAT concept.")
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("broader term"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["vocabulary", "sort_order", "label_en", "pk"]
        verbose_name = _("vocabulary term")
        verbose_name_plural = _("vocabulary terms")
        constraints = [
            choice_check("vocabulary", Vocabulary),
            models.UniqueConstraint(
                fields=["vocabulary", "code"],
                name="registry_term_unique_code",
                violation_error_message=_("This vocabulary already has that code."),
            ),
        ]

    def __str__(self):
        return self.label_en

    @property
    def label(self):
        return self.localised("label_en", "label_ar")


def vocabulary(name):
    """``limit_choices_to`` for a foreign key to the terms of one vocabulary."""
    return Q(vocabulary=name)


def term_field(name, verbose_name, *, optional=False, **options):
    """A record's one term of vocabulary ``name`` (a site's type, an event's cause).

    Terms are protected: a term in use cannot be deleted from under a record.
    """
    if optional:
        options.update(null=True, blank=True)
    return models.ForeignKey(
        Term,
        verbose_name=verbose_name,
        on_delete=models.PROTECT,
        limit_choices_to=vocabulary(name),
        related_name="+",
        **options,
    )


def terms_field(name, verbose_name, **options):
    """A record's several terms of vocabulary ``name`` (periods, materials…)."""
    return models.ManyToManyField(
        Term,
        verbose_name=verbose_name,
        blank=True,
        limit_choices_to=vocabulary(name),
        related_name="+",
        **options,
    )


class AdminDivision(BilingualLabel, Searchable, models.Model):
    """A first-level administrative division: a governorate, oblast, province…"""

    search_fields = ("name", "name_ar", "code")

    country = CountryField(_("country"))
    code = models.CharField(
        _("ISO 3166-2 code"),
        max_length=10,
        blank=True,
        help_text=_("For example SY-HI for Homs Governorate."),
    )
    name = models.CharField(_("name (English)"), max_length=200)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    names = GenericRelation("registry.Name", verbose_name=_("other names"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["country", "name", "pk"]
        verbose_name = _("administrative division")
        verbose_name_plural = _("administrative divisions")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "name"], name="registry_admindivision_unique_name"
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=~Q(code=""),
                name="registry_admindivision_unique_code",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def label(self):
        return self.localised("name", "name_ar")
