"""Cultural objects taken from looted sites, and their chains of custody."""

import datetime

from registry.models import CulturalObject, CustodyEvent
from registry.models.choices import CustodyKind, DateMode, DatePrecision, ObjectStatus
from registry.perf.synthetic.bulk import build_search_text
from registry.perf.synthetic.draws import Weighted
from registry.perf.synthetic.vocabulary import STRUCTURE_KINDS
from registry.search.ligatures import repair_arabic

OBJECT_STATUSES = Weighted(
    [
        (ObjectStatus.MISSING, 50),
        (ObjectStatus.ON_MARKET, 15),
        (ObjectStatus.SEIZED, 15),
        (ObjectStatus.RETURNED, 10),
        (ObjectStatus.UNKNOWN, 10),
    ]
)


class ObjectStage:
    """Writes cultural objects and custody events (a mixin of the generator).

    Needs ``terms``, ``incidents`` and ``dealers``.
    """

    def make_objects(self):
        rng = self.rng
        types = self.terms["object_type"]
        chain = [
            CustodyKind.LOOTED.value,
            CustodyKind.SMUGGLED.value,
            CustodyKind.OFFERED.value,
            CustodyKind.SOLD.value,
            CustodyKind.SEIZED.value,
            CustodyKind.RETURNED.value,
        ]
        to_dealer = {CustodyKind.SOLD.value, CustodyKind.OFFERED.value}
        rows, chains = [], []
        for i in range(self.scale.objects):
            incident, site = (
                rng.choice(self.incidents) if self.incidents else (None, None)
            )
            kind, kind_ar = rng.choice(STRUCTURE_KINDS)
            title = f"Relief fragment no. {i + 1} ({kind.lower()})"
            steps = rng.randint(1, 4)
            chains.append(chain[:steps])
            title_ar = f"قطعة نحت رقم {i + 1}"
            rows.append(
                {
                    "title": title,
                    "title_ar": title_ar,
                    "object_type_id": rng.choice(types),
                    "origin_site_id": site,
                    "looting_incident_id": incident,
                    "current_status": OBJECT_STATUSES(rng.random),
                    # save()'s search terms: both titles, the Arabic one repaired.
                    "search_text": build_search_text(title, repair_arabic(title_ar)),
                    **self.draw_curation(),
                }
            )
        pks = self.bulk.write(CulturalObject, rows, "objects")
        years = (2014, 2024)
        on, day = DateMode.ON.value, DatePrecision.DAY.value

        def custody():
            for pk, steps in zip(pks, chains, strict=True):
                start = self.draw_dates(years)
                when = start["date_earliest"] or datetime.date(2015, 1, 1)
                for step in steps:
                    when = when + datetime.timedelta(days=rng.randrange(30, 400))
                    yield {
                        "object_id": pk,
                        "kind": step,
                        "date_mode": on,
                        "date_from": when,
                        "date_precision": day,
                        "date_earliest": when,
                        "date_latest": when,
                        "to_actor_id": rng.choice(self.dealers)
                        if step in to_dealer
                        else None,
                    }

        self.bulk.write(
            CustodyEvent,
            custody(),
            "custody events",
            keys=False,
        )
