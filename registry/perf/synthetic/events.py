"""Damage events (with their effects, damaged structures and citations) and
looting incidents."""

from django.contrib.contenttypes.models import ContentType

from registry.models import (
    Citation,
    DamageEvent,
    HeritageSite,
    LootingIncident,
    StructureDamage,
)
from registry.models.choices import CauseCategory, Condition, Extent, LootingKind
from registry.perf.synthetic.bulk import build_search_text
from registry.perf.synthetic.draws import choose_weighted
from registry.perf.synthetic.vocabulary import CAUSES


class EventStage:
    """Writes damage events and looting incidents (a mixin of the generator).

    Needs the sites, structures, sources and perpetrators written before; sets
    ``incidents`` (incident key, site key) for the objects.
    """

    def make_events(self):
        rng = self.rng
        causes = self.terms["cause_type"]
        effects = self.terms["effect_type"]
        ct = ContentType.objects.get_for_model(DamageEvent)
        site_names = dict(HeritageSite.objects.values_list("pk", "name"))
        site_names_ar = dict(HeritageSite.objects.values_list("pk", "name_ar"))
        categories = [
            (CauseCategory.ARMED_CONFLICT, 45),
            (CauseCategory.DELIBERATE, 12),
            (CauseCategory.LOOTING, 15),
            (CauseCategory.VANDALISM, 5),
            (CauseCategory.DEVELOPMENT, 8),
            (CauseCategory.NATURAL, 3),
            (CauseCategory.MANAGEMENT, 4),
            (CauseCategory.UNKNOWN, 8),
        ]
        done = 0
        while done < self.scale.events:
            count = min(self.batch_size * 4, self.scale.events - done)
            picked = self.pick_sites(count)
            events = []
            for site, years, _public in picked:
                category = choose_weighted(rng, categories)
                verb, verb_ar = CAUSES[category]
                title = f"{verb} {site_names[site]}"
                title_ar = f"{verb_ar} {site_names_ar[site]}"
                events.append(
                    DamageEvent(
                        site_id=site,
                        title=title,
                        title_ar=title_ar,
                        cause_category=category,
                        cause_type_id=rng.choice(causes)
                        if rng.random() < 0.7
                        else None,
                        extent=rng.choice(Extent.values),
                        condition_after=rng.choice(Condition.values),
                        search_text=build_search_text(title, title_ar),
                        **self.draw_dates(years),
                        **self.draw_attribution(category),
                        **self.draw_assessment(),
                        **self.draw_curation(),
                    )
                )
            pks = self.bulk.write(DamageEvent, events, "damage events")
            done += count
            through = DamageEvent.effects.through
            self.bulk.write(
                through,
                (
                    through(damageevent_id=pk, term_id=term)
                    for pk in pks
                    for term in rng.sample(effects, k=rng.randint(0, 2))
                ),
                "event effects",
                keys=False,
            )
            self.bulk.write(
                StructureDamage,
                (
                    StructureDamage(
                        event_id=pk,
                        structure_id=structure,
                        extent=rng.choice(Extent.values),
                        condition_after=rng.choice(Condition.values),
                    )
                    for pk, (site, _y, _p) in zip(pks, picked, strict=True)
                    if self.structures.get(site) and rng.random() < 0.3
                    for structure in rng.sample(
                        self.structures[site], k=min(2, len(self.structures[site]))
                    )[: rng.randint(1, 2)]
                ),
                "structure damage",
                keys=False,
            )
            self.write_citations(ct, pks)

    def write_citations(self, ct, pks):
        rng = self.rng
        self.bulk.write(
            Citation,
            (
                Citation(
                    content_type=ct,
                    object_id=pk,
                    source_id=rng.choice(self.sources),
                    locator=f"p. {rng.randint(1, 200)}",
                )
                for pk in pks
            ),
            "citations",
            keys=False,
        )

    def make_looting(self):
        rng = self.rng
        ct = ContentType.objects.get_for_model(LootingIncident)
        site_names = dict(HeritageSite.objects.values_list("pk", "name"))
        rows = []
        picked = self.pick_sites(self.scale.looting)
        for site, years, _public in picked:
            title = f"Looting at {site_names[site]}"
            rows.append(
                LootingIncident(
                    site_id=site,
                    title=title,
                    kind=rng.choice(LootingKind.values),
                    pit_count=rng.randint(1, 3000) if rng.random() < 0.5 else None,
                    search_text=build_search_text(title),
                    **self.draw_dates(years),
                    **self.draw_attribution(CauseCategory.LOOTING),
                    **self.draw_assessment(),
                    **self.draw_curation(),
                )
            )
        pks = self.bulk.write(LootingIncident, rows, "looting incidents")
        self.incidents = list(zip(pks, (p[0] for p in picked), strict=True))
        self.write_citations(ct, pks)
