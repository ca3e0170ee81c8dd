"""What the assessments of a site or structure say over time: its current condition,
and the bracket of dates between which a damage happened.

Both read a *series*: a target's assessments in date order. The public reads
published assessments only; curators, in the admin, may read every assessment
(``published_only=False``) to see what publishing them would propose.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from registry.models import ConditionAssessment, DamageEvent, HeritageSite, Structure
from registry.models.assessments import DAMAGED, INTACT

ORDER = ("date_earliest", "date_latest", "pk")


def read_series(target, published_only=True):
    """The assessments of ``target`` (a site: of the whole site; a structure: of
    that structure), oldest first."""
    assessments = ConditionAssessment.objects.select_related("site", "structure")
    if published_only:
        assessments = assessments.published()
    if isinstance(target, Structure):
        assessments = assessments.filter(structure=target)
    else:
        assessments = assessments.filter(site=target, structure__isnull=True)
    return list(assessments.order_by(*ORDER))


def with_conditions(assessments):
    """``(assessment, condition)`` pairs: a "no change" assessment carries the
    condition of the one before it (None when nothing came before)."""
    condition = None
    for assessment in assessments:
        if not assessment.no_change:
            condition = assessment.condition
        yield assessment, condition


@dataclass(frozen=True)
class CurrentCondition:
    condition: str  # a Condition code
    as_of: ConditionAssessment  # the latest assessment, "no change" included
    observed_in: ConditionAssessment  # the one that stated the condition

    @property
    def label(self):
        return ConditionAssessment(condition=self.condition).get_condition_display()

    @property
    def sentence(self):
        """ "very bad, as assessed on 12 March 2016 from satellite imagery"."""
        return _("%(condition)s, as assessed %(date)s (%(method)s)") % {
            "condition": self.label.lower(),
            "date": self.as_of.date_display,
            "method": self.as_of.get_method_display().lower(),
        }


def current_condition(target, published_only=True, latest=None):
    """The condition of ``target`` by its latest assessment, or None when it has
    none (its own ``condition`` field is then all there is). ``latest``: the
    target's latest assessments already read, newest first (a detail's
    ``latest_assessments``); when none of them states a condition ("no change"
    all along), the whole series is read."""
    if latest is not None:
        found = _current(list(reversed(latest)))
        if found is not None or not latest:
            return found
    return _current(read_series(target, published_only))


def _current(series):
    current = None
    stated = None
    for assessment, condition in with_conditions(series):
        if condition is None:
            continue
        if not assessment.no_change:
            stated = assessment
        current = CurrentCondition(condition, assessment, stated)
    return current


@dataclass(frozen=True)
class Bracket:
    """A damage happened after ``intact`` (the last assessment that found the
    target intact, or unchanged since) and by ``damaged`` (the first that found it
    damaged)."""

    target: HeritageSite | Structure
    intact: ConditionAssessment
    damaged: ConditionAssessment

    @property
    def start(self):
        return self.intact.date_latest

    @property
    def end(self):
        return self.damaged.date_earliest


def bracket_of(target, published_only=True):
    """The first damage in ``target``'s series, bracketed (None if there is none,
    or nothing before it found the target intact)."""
    last_intact = None
    for assessment, condition in with_conditions(read_series(target, published_only)):
        if condition in INTACT:
            last_intact = assessment
        elif condition in DAMAGED and last_intact is not None:
            if last_intact.date_latest and assessment.date_earliest:
                return Bracket(target, last_intact, assessment)
            return None
    return None


def damage_brackets(event: DamageEvent, published_only=True):
    """The brackets of the structures ``event`` damaged (of its site when it names
    none): what the assessments say about when it happened."""
    damages = event.structure_damage.select_related("structure")
    if published_only:
        damages = damages.published()
    targets = [damage.structure for damage in damages] or [event.site]
    brackets = [bracket_of(target, published_only) for target in targets]
    return [bracket for bracket in brackets if bracket is not None]


def proposed_dates(event: DamageEvent, published_only=False):
    """The "between" dates the assessments propose for ``event``: the narrowest
    window that every bracket allows (None when they disagree or there is none).
    Proposed to the curator, never written by itself."""
    brackets = damage_brackets(event, published_only)
    if not brackets:
        return None
    start = max(bracket.start for bracket in brackets)
    end = min(bracket.end for bracket in brackets)
    if start > end:
        return None
    return start, end, brackets
