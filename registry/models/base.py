"""What every record of the registry shares: publication, dating, constraints.

Visibility is defined here once. ``published_q()`` is the rule; ``published()`` on
every QuerySet applies it. A record is public when its own status is *published*
and every record it depends on (``publication_parents``) is public too, so a
published structure of a draft site stays hidden. Models without a status of their
own (names, citations, harm events…) are public exactly when their parent is.
"""

import calendar
import uuid
from functools import cache, lru_cache

from django.core.signals import setting_changed
from django.db import models
from django.db.models import F, OrderBy, Q
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import formats
from django.utils.encoding import force_str
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _
from django_countries import fields as countries_fields

from registry.search.phonetic import search_keys_of
from registry.search.text import fold

from .choices import Attribution, DateMode, DatePrecision, PublicationStatus
from .validation import FieldErrors


class CountryField(countries_fields.CountryField):
    """django-countries' field, whose validation looks a code up instead of
    walking the list of countries: its choices are worked out afresh, in the
    current language, each time they are read (about 1 ms a record, most of an
    import's validation of an object). The same codes are valid; a code that is
    not one, or an empty value, is judged by the field as before. Migrations see
    django-countries' field: nothing in the database differs."""

    def validate(self, value, model_instance):
        codes = value if self.multiple else [value]
        if value not in self.empty_values and all(
            str(code) in self.countries for code in codes
        ):
            return
        super().validate(value, model_instance)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django_countries.fields.CountryField", args, kwargs


def choice_check(field, choices, *, blank=False):
    """A CheckConstraint that keeps ``field`` within ``choices`` (and '' if blank)."""
    condition = Q(**{f"{field}__in": choices.values})
    if blank:
        condition |= Q(**{field: ""})
    return models.CheckConstraint(
        condition=condition,
        name=f"%(app_label)s_%(class)s_{field}_valid",
        violation_error_message=_("%(field)s has a value outside its scale.")
        % {"field": field},
    )


def named_constraint(field):
    """A record named in English or in Arabic: either is enough, one is needed."""
    return models.CheckConstraint(
        condition=~Q(**{field: ""}) | ~Q(**{f"{field}_ar": ""}),
        name=f"%(app_label)s_%(class)s_has_{field}",
        violation_error_message=_(
            "Give a name in English or in Arabic (either is enough)."
        ),
    )


def curated_constraints():
    """The constraints of a ``Curated`` record."""
    return [choice_check("status", PublicationStatus)]


class PublicQuerySet(models.QuerySet):
    def published(self):
        """Only the records the public may see (see ``published_q``)."""
        return self.filter(self.model.published_q())


@cache
def choice_labels(field):
    """``field``'s labels by value (lazy: translated when shown), made once."""
    return dict(field.flatchoices)


class ChoiceLabels:
    """``get_FOO_display()`` from each field's labels made once: Django's makes a
    dictionary of them per call, translating every label to hash it (a catalogue
    site page: 295 calls, 2,260 translations, a fifth of its time)."""

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        try:
            label = choice_labels(field)[value]
        except (KeyError, TypeError):  # not a choice (or not hashable): Django's
            return super()._get_FIELD_display(field)
        return force_str(label, strings_only=True)


class PublicationRule(ChoiceLabels, FieldErrors):
    """``published_q()`` for any model: its own status (if it has one) and its parents'.

    ``publication_parents`` names the foreign keys whose target must be public too.
    A nullable parent that is empty does not hide the record.
    """

    publication_parents: tuple[str, ...] = ()
    has_publication_status = False

    @classmethod
    def published_q(cls, prefix=""):
        """A ``Q`` of the public records; ``prefix`` reaches them across relations."""
        q = Q()
        if cls.has_publication_status:
            q &= Q(**{f"{prefix}status": PublicationStatus.PUBLISHED})
        q &= cls.extra_published_q(prefix)
        for name in cls.publication_parents:
            field = cls._meta.get_field(name)
            parent_q = field.related_model.published_q(prefix=f"{prefix}{name}__")
            if field.null:
                parent_q = Q(**{f"{prefix}{name}__isnull": True}) | parent_q
            q &= parent_q
        return q

    @classmethod
    def extra_published_q(cls, prefix):
        """A model's own further condition for being public (none by default)."""
        return Q()


class Curated(PublicationRule, models.Model):
    """A record that curators publish: it carries a status and a public identifier."""

    has_publication_status = True

    public_id = models.UUIDField(
        _("public identifier"),
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_("Permanent: used in public URLs; never changes, even on rename."),
    )
    status = models.CharField(
        _("publication status"),
        max_length=12,
        choices=PublicationStatus,
        default=PublicationStatus.DRAFT,
        db_index=True,
        help_text=_(
            "Only published records appear on the public API and catalogue, and only "
            "while the records they belong to are published too. Editors publish; "
            "contributors submit drafts for review."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)
    # Indexed: the catalogue's "latest" lists order by it (a sort of every published
    # record without it, at scale).
    published_at = models.DateTimeField(
        _("first published"), null=True, blank=True, editable=False, db_index=True
    )
    status_changed_at = models.DateTimeField(
        _("status changed"), null=True, blank=True, editable=False
    )
    curator_notes = models.TextField(
        _("curator notes"),
        blank=True,
        help_text=_("Internal notes for curators. Never shown on any public surface."),
    )

    objects = PublicQuerySet.as_manager()

    class Meta:
        abstract = True
        default_permissions = ("add", "change", "delete", "view", "publish")
        constraints = curated_constraints()


def sort_day(prefix=""):
    """The day a dated record sorts and is counted by: the earliest it can have
    happened, else the latest ("before 25 February 2022" sorts before "27 February
    2022"); None when undated. ``prefix``: the path to the record ("event__")."""
    return Coalesce(f"{prefix}date_earliest", f"{prefix}date_latest")


class Year(ExtractYear):
    """A date's year. On SQLite read from the ISO text the date is stored as:
    Django's extraction there is a Python function called for every row (70 ms of
    a search's facets over 8,000 events)."""

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.lhs)
        return f"CAST(substr({sql}, 1, 4) AS integer)", params


def sort_year(prefix=""):
    """The year of ``sort_day``: the year a dated record is counted in."""
    return Year(sort_day(prefix))


class PortableIndex(models.Index):
    """An index whose expressions may say NULLS LAST: SQLite takes no NULLS
    modifier in an index, and leaves it out (descending, it sorts NULLs last anyway,
    and its planner serves ``ORDER BY … DESC NULLS LAST`` from such an index)."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        index = self
        if schema_editor.connection.vendor != "postgresql":
            index = self.clone()
            index.expressions = tuple(
                OrderBy(term.expression, descending=term.descending)
                if isinstance(term, OrderBy)
                else term
                for term in self.expressions
            )
        return models.Index.create_sql(index, model, schema_editor, using, **kwargs)


def newest_first():
    """The default order of a dated list: by the day a record sorts by (its
    earliest, else its latest: "before 13 March 2022" sorts at that day), newest
    first, undated last, on every database (PostgreSQL puts NULLs first when
    descending), then by id: what ``?ordering=-date`` gives."""
    return [sort_day().desc(nulls_last=True), "pk"]


def newest_first_index(name, day):
    """The public records by ``day`` (an expression), newest first, undated last,
    then by id: an ordered list walked from its top instead of sorting every
    published record (``newest_first``; ``?ordering=-date`` by ``sort_day``)."""
    return PortableIndex(F("status"), day.desc(nulls_last=True), F("id"), name=name)


def dated_constraints():
    """The constraints of a ``Dated`` record (models with several bases list them)."""
    return [
        choice_check("date_mode", DateMode),
        choice_check("date_precision", DatePrecision, blank=True),
        models.CheckConstraint(
            condition=Q(date_from__isnull=True)
            | Q(date_to__isnull=True)
            | Q(date_to__gte=models.F("date_from")),
            name="%(app_label)s_%(class)s_date_order",
            violation_error_message=_("The end date precedes the start date."),
        ),
        models.CheckConstraint(
            condition=(
                Q(date_mode=DateMode.ON, date_from__isnull=False, date_to__isnull=True)
                | Q(
                    date_mode=DateMode.BETWEEN,
                    date_from__isnull=False,
                    date_to__isnull=False,
                )
                | Q(
                    date_mode=DateMode.BEFORE,
                    date_from__isnull=True,
                    date_to__isnull=False,
                )
                | Q(
                    date_mode=DateMode.AFTER,
                    date_from__isnull=False,
                    date_to__isnull=True,
                )
                | Q(
                    date_mode=DateMode.UNKNOWN,
                    date_from__isnull=True,
                    date_to__isnull=True,
                )
            )
            & (
                Q(date_mode=DateMode.UNKNOWN, date_precision="")
                | (~Q(date_mode=DateMode.UNKNOWN) & ~Q(date_precision=""))
            ),
            name="%(app_label)s_%(class)s_date_mode_fields",
            violation_error_message=_(
                "The dates do not fit the date mode: 'on' and 'after' take the "
                "first date, 'before' the second, 'between' both, 'unknown' none; "
                "every mode but 'unknown' needs a precision."
            ),
        ),
    ]


def date_bounds(mode, date_from, date_to, precision):
    """(earliest, latest) day a dated thing can have happened; None where open-ended.

    A month-precise date covers its whole month, a year-precise one its year.
    """
    latest = date_from if mode == DateMode.ON else date_to
    if latest is not None:
        if precision == DatePrecision.YEAR:
            latest = latest.replace(month=12, day=31)
        elif precision == DatePrecision.MONTH:
            last_day = calendar.monthrange(latest.year, latest.month)[1]
            latest = latest.replace(day=last_day)
    earliest = date_from if mode != DateMode.UNKNOWN else None
    return earliest, latest


class Derived(models.Model):
    """A record with columns derived from its others: ``derive()`` writes them
    before every save, and writes in bulk (which do not call ``save``) call it
    themselves (``registry.interchange.bulk``)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.derive()
        super().save(*args, **kwargs)

    def derive(self):
        """Bring the derived columns in line (each base adds its own, then super)."""


class Dated(Derived):
    """When something happened, as precisely as it is known, and never more.

    ``date_mode`` says what the dates mean; ``date_precision`` how much of them is
    known. A date known to the month is stored as the first of that month, a year as
    1 January, and shown as "August 2015" or "2015": a day is never invented.
    """

    date_mode = models.CharField(
        _("date mode"), max_length=8, choices=DateMode, default=DateMode.UNKNOWN
    )
    date_from = models.DateField(
        _("from / on"),
        null=True,
        blank=True,
        help_text=_(
            "The date (mode 'on'), the start ('between'), or 'after' this date."
        ),
    )
    date_to = models.DateField(
        _("to / before"),
        null=True,
        blank=True,
        help_text=_("The end of a 'between' range, or the 'before' date."),
    )
    date_precision = models.CharField(
        _("precision"),
        max_length=5,
        choices=DatePrecision,
        blank=True,
        help_text=_(
            "How much of the date is known. With 'month' the day is ignored, with "
            "'year' the day and month are."
        ),
    )
    # The first and last day the thing can have happened, derived from the fields
    # above on every save; the date filters compare these (an index each).
    date_earliest = models.DateField(null=True, editable=False, db_index=True)
    date_latest = models.DateField(null=True, editable=False, db_index=True)

    class Meta:
        abstract = True
        constraints = dated_constraints()

    def derive(self):
        super().derive()
        self.date_earliest, self.date_latest = self.earliest, self.latest

    def clean(self):
        super().clean()
        # Store only what is known: a month-precise date is the 1st, a year 1 January.
        # What was typed and what is kept are noted (``date_adjustments``), so that
        # the admin says so rather than changing a date silently.
        self.date_adjustments = []
        for name in ("date_from", "date_to"):
            value = getattr(self, name)
            if value is None:
                continue
            kept = value
            if self.date_precision == DatePrecision.MONTH:
                kept = value.replace(day=1)
            elif self.date_precision == DatePrecision.YEAR:
                kept = value.replace(month=1, day=1)
            if kept != value:
                self.date_adjustments.append((name, value, self.format_date(kept)))
            setattr(self, name, kept)

    @property
    def earliest(self):
        """The earliest day the event can have happened (None if open-ended)."""
        return date_bounds(
            self.date_mode, self.date_from, self.date_to, self.date_precision
        )[0]

    @property
    def latest(self):
        """The last day the event can have happened, given the precision."""
        return date_bounds(
            self.date_mode, self.date_from, self.date_to, self.date_precision
        )[1]

    def format_date(self, value, language=None):
        return formatted_date(value, self.date_precision, language or get_language())

    @property
    def date_display(self):
        """The date as a reader should see it, as words that fit in a sentence:
        "on 12 March 2016", "in August 2015", "between 2 September 2015 and 30
        March 2016", "before January 2017" (``worded_date``)."""
        return worded_date(
            self.date_mode,
            self.date_precision,
            self.date_from,
            self.date_to,
            get_language(),  # read once: it costs more than the rest
        )


DATE_PHRASES = {
    "on": _("on %(date)s"),
    "in": _("in %(date)s"),
    "between": _("between %(start)s and %(end)s"),
    "before": _("before %(date)s"),
    "after": _("after %(date)s"),
    "unknown": _("date unknown"),
}


@lru_cache(maxsize=16)
def date_phrases(language):
    """The phrases a date is worded in, translated into ``language`` once: a
    translation looked up per date cost half of its wording."""
    with override(language):
        return {key: str(phrase) for key, phrase in DATE_PHRASES.items()}


@lru_cache(maxsize=8192)
def formatted_date(value, precision, language):
    """``value`` in words, as precisely as ``precision`` says, in ``language`` (the
    active one: it is the key). Remembered: formatting a date (translated month
    names, localised formats) cost an export more than the rest of its date."""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return formats.date_format(value, "YEAR_MONTH_FORMAT")
    return formats.date_format(value, "DATE_FORMAT")


@lru_cache(maxsize=8192)
def worded_date(mode, precision, start, end, language):
    """A date's words (``Dated.date_display``) in ``language``, remembered: many
    records share a date, and an export meets thousands of them, each worded the
    same for every reader of that language."""
    phrases = date_phrases(language)
    if mode == DateMode.ON and start:
        phrase = phrases["on" if precision == DatePrecision.DAY else "in"]
        return phrase % {"date": formatted_date(start, precision, language)}
    if mode == DateMode.BETWEEN and start and end:
        return phrases["between"] % {
            "start": formatted_date(start, precision, language),
            "end": formatted_date(end, precision, language),
        }
    if mode == DateMode.BEFORE and end:
        return phrases["before"] % {"date": formatted_date(end, precision, language)}
    if mode == DateMode.AFTER and start:
        return phrases["after"] % {"date": formatted_date(start, precision, language)}
    return phrases["unknown"]


def _forget_formatted_dates(**kwargs):
    formatted_date.cache_clear()  # the formats are settings
    worded_date.cache_clear()
    date_phrases.cache_clear()  # and so are the translations' paths


setting_changed.connect(_forget_formatted_dates, dispatch_uid="registry-date-words")


def attributed_constraints():
    """The constraints of an ``Attributed`` record."""
    return [
        models.CheckConstraint(
            condition=Q(perpetrator__isnull=True, attribution="")
            | (Q(perpetrator__isnull=False) & Q(attribution__in=Attribution.values)),
            name="%(app_label)s_%(class)s_attribution_hedged",
            violation_error_message=_(
                "A named perpetrator needs an attribution (claimed, reported, "
                "alleged or confirmed); an unidentified one takes none."
            ),
        )
    ]


class Attributed(models.Model):
    """Who is held responsible, and how that is known: never a bare name."""

    perpetrator = models.ForeignKey(
        "registry.Actor",
        verbose_name=_("perpetrator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="%(class)s_attributed",
        help_text=_("Leave empty when the perpetrators are unidentified."),
    )
    attribution = models.CharField(
        _("attribution"),
        max_length=10,
        choices=Attribution,
        blank=True,
        help_text=_("How the perpetrator is known. Required when one is named."),
    )

    class Meta:
        abstract = True
        constraints = attributed_constraints()


class Searchable(Derived):
    """A record that any spelling of its names finds (see ``registry.search.matching``).

    ``search_text`` holds the folded forms of the record's own names and titles and of
    its ``Name`` rows, ``search_keys`` their phonetic keys. Both are derived: rebuilt
    on every save of the record, and by ``Name`` when a name is added, changed or
    removed (and by ``manage.py rebuild_search``).
    """

    search_fields: tuple[str, ...] = ()

    search_text = models.TextField(editable=False, blank=True, default="")
    # The phonetic keys of the same names (``registry.search.phonetic``), derived
    # from ``search_text`` wherever it is written: Halab finds حلب through them.
    search_keys = models.TextField(editable=False, blank=True, default="")

    class Meta:
        abstract = True

    def derive(self):
        super().derive()
        self.search_text = self.build_search_text()
        self.search_keys = search_keys_of(self.search_text)

    def search_terms(self):
        """The texts that should find this record."""
        for field in self.search_fields:
            yield getattr(self, field)
        if self.pk and hasattr(self, "names"):
            # all(), not values_list(): a prefetch of the names serves it.
            yield from (name.name for name in self.names.all())

    def build_search_text(self):
        return self.search_text_of(self.search_terms())

    @staticmethod
    def search_text_of(texts):
        """The search text of a record whose names and titles are ``texts``."""
        folded = (fold(text) for text in texts if text)
        return " | ".join(dict.fromkeys(text for text in folded if text))

    def refresh_search_text(self):
        """Rebuild ``search_text`` without touching anything else (no new history)."""
        self.search_text = self.build_search_text()
        self.search_keys = search_keys_of(self.search_text)
        type(self)._default_manager.filter(pk=self.pk).update(
            search_text=self.search_text, search_keys=self.search_keys
        )
