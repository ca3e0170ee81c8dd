"""Condition assessments (with a threat on some) of sites and structures."""

import datetime

from registry.models import ConditionAssessment, Threat
from registry.models.assessments import AssessmentMethod, Priority, ThreatProbability
from registry.models.base import date_bounds
from registry.models.choices import Condition, DateMode, DatePrecision
from registry.perf.synthetic.draws import CHUNK, Weighted

METHODS = Weighted(
    [
        (AssessmentMethod.SATELLITE, 50),
        (AssessmentMethod.SITE_VISIT, 15),
        (AssessmentMethod.AERIAL, 10),
        (AssessmentMethod.REMOTE_REPORT, 15),
        (AssessmentMethod.PRESS, 10),
    ]
)
IMAGERY = {AssessmentMethod.SATELLITE.value, AssessmentMethod.AERIAL.value}
ON, DAY = DateMode.ON.value, DatePrecision.DAY.value


class AssessmentStage:
    """Writes condition assessments (a mixin of the generator): a series for a
    share of the sites and structures, a fifth of them "no change".

    Needs ``terms``, the sites and their structures.
    """

    def make_assessments(self):
        rng = self.rng
        threats = self.terms.get("threat", [])
        conditions = [c for c in Condition.values if c != Condition.UNKNOWN]
        priorities, probabilities = Priority.values, ThreatProbability.values
        written = 0
        while written < self.scale.assessments:
            count = min(CHUNK, self.scale.assessments - written)
            rows = []
            for site, years, _public in self.pick_sites(count):
                structures = self.structures.get(site)
                structure = (
                    rng.choice(structures)
                    if structures and rng.random() < 0.5
                    else None
                )
                first, last = years
                day = datetime.date(
                    rng.randint(first, last), 1, 1
                ) + datetime.timedelta(days=rng.randrange(365))
                no_change = rng.random() < 0.2
                method = METHODS(rng.random)
                imagery = method in IMAGERY
                earliest, latest = date_bounds(ON, day, None, DAY)
                rows.append(
                    {
                        "site_id": site,
                        "structure_id": structure,
                        "date_mode": ON,
                        "date_precision": DAY,
                        "date_from": day,
                        "date_earliest": earliest,
                        "date_latest": latest,
                        "method": method,
                        "imagery_date": day - datetime.timedelta(days=rng.randrange(10))
                        if imagery
                        else None,
                        "no_change": no_change,
                        "condition": "" if no_change else rng.choice(conditions),
                        "priority": rng.choice(priorities),
                        **self.draw_assessment(),
                        **self.draw_curation(),
                    }
                )
            pks = self.bulk.write(ConditionAssessment, rows, "assessments")
            if threats:
                self.bulk.write(
                    Threat,
                    (
                        {
                            "assessment_id": pk,
                            "category_id": rng.choice(threats),
                            "probability": rng.choice(probabilities),
                        }
                        for pk in pks
                        if rng.random() < 0.3
                    ),
                    "threats",
                    keys=False,
                )
            written += count
