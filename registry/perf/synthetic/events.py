"""Damage events (with their effects, damaged structures and citations) and
looting incidents."""

from django.contrib.contenttypes.models import ContentType

from registry.models import (
    Citation,
    DamageEvent,
    LootingIncident,
    StructureDamage,
)
from registry.models.choices import CauseCategory, Condition, Extent, LootingKind
from registry.perf.synthetic.bulk import cached_fold
from registry.perf.synthetic.draws import CHUNK, Weighted
from registry.perf.synthetic.vocabulary import CAUSES
from registry.search.text import _LATIN_ARTICLE, fold

CATEGORIES = Weighted(
    [
        (CauseCategory.ARMED_CONFLICT, 45),
        (CauseCategory.DELIBERATE, 12),
        (CauseCategory.LOOTING, 15),
        (CauseCategory.VANDALISM, 5),
        (CauseCategory.DEVELOPMENT, 8),
        (CauseCategory.NATURAL, 3),
        (CauseCategory.MANAGEMENT, 4),
        (CauseCategory.UNKNOWN, 8),
    ]
)
LOOTING = CauseCategory.LOOTING.value


def has_words(folded):
    """Whether a folded text holds a word that is not an article: then ``fold``
    of it followed by a space and another such text is the two folded texts
    joined by a space (``fold`` works letter by letter, then word by word, and
    keeps lone articles only for a text that has nothing else)."""
    return bool(folded) and not _LATIN_ARTICLE.match(folded.split(" ", 1)[0])


def fold_title(head, tail):
    """``fold(f"{head} {tail}")``, from the two parts' remembered folds."""
    head_folded, tail_folded = cached_fold(head), cached_fold(tail)
    if has_words(head_folded) and has_words(tail_folded):
        return f"{head_folded} {tail_folded}"
    return fold(f"{head} {tail}")


def titled_search_text(*folded):
    """``build_search_text`` of texts already folded."""
    return " | ".join(dict.fromkeys(text for text in folded if text))


class EventStage:
    """Writes damage events and looting incidents (a mixin of the generator).

    Needs the sites (``site_labels``), structures, sources and perpetrators
    written before; sets ``incidents`` (incident key, site key) for the objects.
    """

    def make_events(self):
        rng = self.rng
        random, choice, sample = rng.random, rng.choice, rng.sample
        randint = rng.randint
        causes = self.terms["cause_type"]
        effects = self.terms["effect_type"]
        ct = ContentType.objects.get_for_model(DamageEvent).pk
        labels = self.site_labels
        structures_of = self.structures
        extents, conditions = Extent.values, Condition.values
        verbs = {category.value: verbs for category, verbs in CAUSES.items()}
        done = 0
        while done < self.scale.events:
            count = min(CHUNK, self.scale.events - done)
            picked = self.pick_sites(count)

            def events(picked=picked):
                # Drawn as they are written: the server indexes one batch while
                # the next is drawn.
                for site, years, _public in picked:
                    category = CATEGORIES(random)
                    verb, verb_ar = verbs[category]
                    name, name_ar = labels[site]
                    yield {
                        "site_id": site,
                        "title": f"{verb} {name}",
                        "title_ar": f"{verb_ar} {name_ar}",
                        "cause_category": category,
                        "cause_type_id": choice(causes) if random() < 0.7 else None,
                        "extent": choice(extents),
                        "condition_after": choice(conditions),
                        "search_text": titled_search_text(
                            fold_title(verb, name), fold_title(verb_ar, name_ar)
                        ),
                        **self.draw_dates(years),
                        **self.draw_attribution(category),
                        **self.draw_assessment(),
                        **self.draw_curation(),
                    }

            pks = self.bulk.write(DamageEvent, events(), "damage events")
            done += count
            through = DamageEvent.effects.through
            self.bulk.write(
                through,
                (
                    {"damageevent_id": pk, "term_id": term}
                    for pk in pks
                    for term in sample(effects, k=randint(0, 2))
                ),
                "event effects",
                keys=False,
            )
            self.bulk.write(
                StructureDamage,
                (
                    {
                        "event_id": pk,
                        "structure_id": structure,
                        "extent": choice(extents),
                        "condition_after": choice(conditions),
                    }
                    for pk, (site, _y, _p) in zip(pks, picked, strict=True)
                    if structures_of.get(site) and random() < 0.3
                    for structure in sample(
                        structures_of[site], k=min(2, len(structures_of[site]))
                    )[: randint(1, 2)]
                ),
                "structure damage",
                keys=False,
            )
            self.write_citations(ct, pks)

    def write_citations(self, ct, pks):
        rng = self.rng
        choice, randint, sources = rng.choice, rng.randint, self.sources
        self.bulk.write(
            Citation,
            (
                {
                    "content_type_id": ct,
                    "object_id": pk,
                    "source_id": choice(sources),
                    "locator": f"p. {randint(1, 200)}",
                }
                for pk in pks
            ),
            "citations",
            keys=False,
        )

    def make_looting(self):
        rng = self.rng
        ct = ContentType.objects.get_for_model(LootingIncident).pk
        kinds = LootingKind.values
        rows = []
        picked = self.pick_sites(self.scale.looting)
        for site, years, _public in picked:
            name = self.site_labels[site][0]
            title = f"Looting at {name}"
            rows.append(
                {
                    "site_id": site,
                    "title": title,
                    "kind": rng.choice(kinds),
                    "pit_count": rng.randint(1, 3000) if rng.random() < 0.5 else None,
                    "search_text": titled_search_text(fold_title("Looting at", name)),
                    **self.draw_dates(years),
                    **self.draw_attribution(LOOTING),
                    **self.draw_assessment(),
                    **self.draw_curation(),
                }
            )
        pks = self.bulk.write(LootingIncident, rows, "looting incidents")
        self.incidents = list(zip(pks, (p[0] for p in picked), strict=True))
        self.write_citations(ct, pks)
