"""Cultural objects taken from looted sites, and their chains of custody."""

import datetime

from registry.models import CulturalObject, CustodyEvent
from registry.models.choices import CustodyKind, DateMode, DatePrecision, ObjectStatus
from registry.perf.synthetic.bulk import build_search_text
from registry.perf.synthetic.draws import choose_weighted
from registry.perf.synthetic.vocabulary import STRUCTURE_KINDS


class ObjectStage:
    """Writes cultural objects and custody events (a mixin of the generator).

    Needs ``terms``, ``incidents`` and ``dealers``.
    """

    def make_objects(self):
        rng = self.rng
        types = self.terms["object_type"]
        chain = [
            CustodyKind.LOOTED,
            CustodyKind.SMUGGLED,
            CustodyKind.OFFERED,
            CustodyKind.SOLD,
            CustodyKind.SEIZED,
            CustodyKind.RETURNED,
        ]
        rows, chains = [], []
        for i in range(self.scale.objects):
            incident, site = (
                rng.choice(self.incidents) if self.incidents else (None, None)
            )
            kind, kind_ar = rng.choice(STRUCTURE_KINDS)
            title = f"Relief fragment no. {i + 1} ({kind.lower()})"
            steps = rng.randint(1, 4)
            chains.append(chain[:steps])
            rows.append(
                CulturalObject(
                    title=title,
                    title_ar=f"قطعة نحت رقم {i + 1}",
                    object_type_id=rng.choice(types),
                    origin_site_id=site,
                    looting_incident_id=incident,
                    current_status=choose_weighted(
                        rng,
                        [
                            (ObjectStatus.MISSING, 50),
                            (ObjectStatus.ON_MARKET, 15),
                            (ObjectStatus.SEIZED, 15),
                            (ObjectStatus.RETURNED, 10),
                            (ObjectStatus.UNKNOWN, 10),
                        ],
                    ),
                    search_text=build_search_text(title),
                    **self.draw_curation(),
                )
            )
        pks = self.bulk.write(CulturalObject, rows, "objects")
        years = (2014, 2024)

        def custody():
            for pk, steps in zip(pks, chains, strict=True):
                start = self.draw_dates(years)
                when = start["date_earliest"] or datetime.date(2015, 1, 1)
                for step in steps:
                    when = when + datetime.timedelta(days=rng.randrange(30, 400))
                    yield CustodyEvent(
                        object_id=pk,
                        kind=step,
                        date_mode=DateMode.ON,
                        date_from=when,
                        date_precision=DatePrecision.DAY,
                        date_earliest=when,
                        date_latest=when,
                        to_actor_id=rng.choice(self.dealers)
                        if step in (CustodyKind.SOLD, CustodyKind.OFFERED)
                        else None,
                    )

        self.bulk.write(
            CustodyEvent,
            custody(),
            "custody events",
            keys=False,
        )
