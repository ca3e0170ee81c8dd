"""Random values for the fields of a record, drawn from the generator's seeded
random number generator (the order of the draws makes a seed's registry)."""

import datetime
import uuid

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


class FieldDraws:
    """Draws for the generator (a mixin): needs ``rng``, ``now`` and, for
    attributions, ``perpetrators`` (set once the actors are written)."""

    def draw_uuid(self):
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def draw_status(self):
        return choose_weighted(self.rng, STATUS_MIX)

    def draw_curation(self, status=None):
        status = status or self.draw_status()
        published = status in (PublicationStatus.PUBLISHED, PublicationStatus.WITHDRAWN)
        # Published over the last five years, not all in one instant: the "latest"
        # lists then cost what they cost on a real registry.
        ago = datetime.timedelta(seconds=self.rng.randrange(5 * 365 * 86400))
        when = self.now - ago
        return {
            "public_id": self.draw_uuid(),
            "status": status,
            "published_at": when if published else None,
            "status_changed_at": when,
        }

    def draw_dates(self, years):
        """Date fields for an event in ``years``, bunched in the middle years."""
        rng = self.rng
        first, last = years
        year = round(rng.triangular(first, last + 1, (first + last) / 2 + 0.5))
        year = min(max(year, first), last)
        day = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))
        mode = choose_weighted(
            rng,
            [
                (DateMode.ON, 70),
                (DateMode.BETWEEN, 15),
                (DateMode.BEFORE, 5),
                (DateMode.AFTER, 5),
                (DateMode.UNKNOWN, 5),
            ],
        )
        if mode == DateMode.UNKNOWN:
            date_from = date_to = None
            precision = ""
        else:
            precision = choose_weighted(
                rng,
                [
                    (DatePrecision.DAY, 55),
                    (DatePrecision.MONTH, 30),
                    (DatePrecision.YEAR, 15),
                ],
            )
            if precision == DatePrecision.MONTH:
                day = day.replace(day=1)
            elif precision == DatePrecision.YEAR:
                day = day.replace(month=1, day=1)
            date_from, date_to = day, None
            if mode == DateMode.BETWEEN:
                date_to = day + datetime.timedelta(days=rng.randrange(1, 400))
                if precision == DatePrecision.MONTH:
                    date_to = date_to.replace(day=1)
                elif precision == DatePrecision.YEAR:
                    date_to = date_to.replace(month=1, day=1)
                date_to = max(date_to, date_from)
            elif mode == DateMode.BEFORE:
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
        if (
            category
            in (
                CauseCategory.ARMED_CONFLICT,
                CauseCategory.DELIBERATE,
                CauseCategory.LOOTING,
            )
            and rng.random() < 0.6
        ):
            return {
                "perpetrator_id": rng.choice(self.perpetrators),
                "attribution": choose_weighted(
                    rng,
                    [
                        (Attribution.REPORTED, 40),
                        (Attribution.ALLEGED, 25),
                        (Attribution.CLAIMED, 15),
                        (Attribution.CONFIRMED, 20),
                    ],
                ),
            }
        return {"perpetrator_id": None, "attribution": ""}

    def draw_assessment(self):
        rng = self.rng
        return {
            "certainty": choose_weighted(
                rng,
                [
                    (Certainty.DEFINITE, 15),
                    (Certainty.HIGH, 35),
                    (Certainty.MEDIUM, 30),
                    (Certainty.LOW, 15),
                    (Certainty.NEGLIGIBLE, 5),
                ],
            ),
            "verification": choose_weighted(
                rng,
                [
                    (Verification.REPORTED, 45),
                    (Verification.CORROBORATED, 30),
                    (Verification.CONFIRMED, 20),
                    (Verification.DISPUTED, 4),
                    (Verification.RETRACTED, 1),
                ],
            ),
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
