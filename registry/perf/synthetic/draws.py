"""Random values for the fields of a record, drawn from the generator's seeded
random number generator (the order of the draws makes a seed's registry)."""

import datetime
import uuid
from bisect import bisect
from enum import Enum
from itertools import accumulate

from registry.models.base import date_bounds
from registry.models.choices import (
    Attribution,
    CauseCategory,
    Certainty,
    DateMode,
    DatePrecision,
    PublicationStatus,
    Verification,
)
from registry.perf.synthetic.vocabulary import (
    ENDINGS,
    PREFIXES,
    STATUS_MIX,
    SUFFIXES,
    SYLLABLES,
)


def choose_weighted(rng, values_and_weights):
    values, weights = zip(*values_and_weights, strict=True)
    return rng.choices(values, weights=weights)[0]


class Weighted:
    """A weighted choice, its table made once: ``table(rng.random)`` draws what
    ``choose_weighted(rng, values_and_weights)`` would (the same use of the random
    number generator, so the same value), without rebuilding the weights each time.
    Choices are given as plain strings (a driver writes them as they are)."""

    def __init__(self, values_and_weights):
        values, weights = zip(*values_and_weights, strict=True)
        self.values = [v.value if isinstance(v, Enum) else v for v in values]
        self.cum_weights = list(accumulate(weights))
        self.total = self.cum_weights[-1] + 0.0
        self.hi = len(values) - 1

    def __call__(self, random):
        return self.values[bisect(self.cum_weights, random() * self.total, 0, self.hi)]


# Events and assessments are drawn and written this many at a time (whatever the
# batch size, so that a seed gives the same records with any).
CHUNK = 100_000

# uuid.UUID(int=n, version=4), its bits set once.
_UUID_CLEAR = ~((0xC000 << 48) | (0xF000 << 64))
_UUID_SET = (0x8000 << 48) | (4 << 76)
_UUID = uuid.UUID

STATUS = Weighted(STATUS_MIX)
DATE_MODES = Weighted(
    [
        (DateMode.ON, 70),
        (DateMode.BETWEEN, 15),
        (DateMode.BEFORE, 5),
        (DateMode.AFTER, 5),
        (DateMode.UNKNOWN, 5),
    ]
)
PRECISIONS = Weighted(
    [(DatePrecision.DAY, 55), (DatePrecision.MONTH, 30), (DatePrecision.YEAR, 15)]
)
ATTRIBUTIONS = Weighted(
    [
        (Attribution.REPORTED, 40),
        (Attribution.ALLEGED, 25),
        (Attribution.CLAIMED, 15),
        (Attribution.CONFIRMED, 20),
    ]
)
CERTAINTIES = Weighted(
    [
        (Certainty.DEFINITE, 15),
        (Certainty.HIGH, 35),
        (Certainty.MEDIUM, 30),
        (Certainty.LOW, 15),
        (Certainty.NEGLIGIBLE, 5),
    ]
)
VERIFICATIONS = Weighted(
    [
        (Verification.REPORTED, 45),
        (Verification.CORROBORATED, 30),
        (Verification.CONFIRMED, 20),
        (Verification.DISPUTED, 4),
        (Verification.RETRACTED, 1),
    ]
)
ATTRIBUTED_CAUSES = {
    CauseCategory.ARMED_CONFLICT.value,
    CauseCategory.DELIBERATE.value,
    CauseCategory.LOOTING.value,
}
PUBLIC_STATUSES = {PublicationStatus.PUBLISHED.value, PublicationStatus.WITHDRAWN.value}
FIVE_YEARS = 5 * 365 * 86400
ON, BETWEEN, BEFORE, UNKNOWN = (
    DateMode.ON.value,
    DateMode.BETWEEN.value,
    DateMode.BEFORE.value,
    DateMode.UNKNOWN.value,
)
DAY, MONTH, YEAR = (
    DatePrecision.DAY.value,
    DatePrecision.MONTH.value,
    DatePrecision.YEAR.value,
)


class FieldDraws:
    """Draws for the generator (a mixin): needs ``rng``, ``now`` and, for
    attributions, ``perpetrators`` (set once the actors are written)."""

    def draw_uuid(self):
        return _UUID(int=(self.rng.getrandbits(128) & _UUID_CLEAR) | _UUID_SET)

    def draw_status(self):
        return STATUS(self.rng.random)

    def draw_curation(self, status=None):
        rng = self.rng
        status = status or STATUS(rng.random)
        # Published over the last five years, not all in one instant: the "latest"
        # lists then cost what they cost on a real registry.
        when = self.now - datetime.timedelta(seconds=rng.randrange(FIVE_YEARS))
        return {
            "public_id": _UUID(int=(rng.getrandbits(128) & _UUID_CLEAR) | _UUID_SET),
            "status": status,
            "published_at": when if status in PUBLIC_STATUSES else None,
            "status_changed_at": when,
        }

    def draw_dates(self, years):
        """Date fields for an event in ``years``, bunched in the middle years."""
        rng = self.rng
        first, last = years
        year = round(rng.triangular(first, last + 1, (first + last) / 2 + 0.5))
        year = min(max(year, first), last)
        day = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))
        mode = DATE_MODES(rng.random)
        if mode == UNKNOWN:
            date_from = date_to = None
            precision = ""
        else:
            precision = PRECISIONS(rng.random)
            if precision == MONTH:
                day = day.replace(day=1)
            elif precision == YEAR:
                day = day.replace(month=1, day=1)
            date_from, date_to = day, None
            if mode == BETWEEN:
                date_to = day + datetime.timedelta(days=rng.randrange(1, 400))
                if precision == MONTH:
                    date_to = date_to.replace(day=1)
                elif precision == YEAR:
                    date_to = date_to.replace(month=1, day=1)
                date_to = max(date_to, date_from)
            elif mode == BEFORE:
                date_from, date_to = None, day
        earliest, latest = date_bounds(mode, date_from, date_to, precision)
        return {
            "date_mode": mode,
            "date_from": date_from,
            "date_to": date_to,
            "date_precision": precision,
            "date_earliest": earliest,
            "date_latest": latest,
        }

    def draw_attribution(self, category):
        rng = self.rng
        if category in ATTRIBUTED_CAUSES and rng.random() < 0.6:
            return {
                "perpetrator_id": rng.choice(self.perpetrators),
                "attribution": ATTRIBUTIONS(rng.random),
            }
        return {"perpetrator_id": None, "attribution": ""}

    def draw_assessment(self):
        random = self.rng.random
        return {
            "certainty": CERTAINTIES(random),
            "verification": VERIFICATIONS(random),
        }

    def draw_place_name(self):
        """(English name, Arabic name, [other Latin spellings])."""
        rng = self.rng
        prefix, prefix_ar, prefix_variants = rng.choice(PREFIXES)
        first, first_ar = rng.choice(SYLLABLES)
        second, second_ar = rng.choice(SYLLABLES)
        end, end_ar = rng.choice(ENDINGS)
        suffix, suffix_ar = rng.choice(SUFFIXES)
        body = first + second.lower() + end
        body_ar = first_ar + second_ar + end_ar
        name = f"{prefix} {body}{suffix}".strip()
        name_ar = f"{prefix_ar} {body_ar}{suffix_ar}".strip()
        variants = []
        for variant in prefix_variants:
            spelled = f"{variant} {body}".strip()
            if rng.random() < 0.5:
                spelled = spelled.replace("ou", "u").replace("a", "e", 1)
            variants.append(spelled + suffix.replace("al-", "el-"))
        return name, name_ar, [v for v in dict.fromkeys(variants) if v != name]
