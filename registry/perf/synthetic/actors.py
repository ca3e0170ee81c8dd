"""Actors (armed groups, forces, dealers, NGOs) and the sources that report damage."""

import datetime

from django.contrib.contenttypes.models import ContentType

from registry.models import Actor, Name, Source
from registry.models.choices import ActorKind, NameKind, SourceKind
from registry.perf.synthetic.bulk import build_name, build_search_text
from registry.perf.synthetic.draws import Weighted
from registry.perf.synthetic.vocabulary import COUNTRIES, FAMILY, GIVEN

ACTOR_KINDS = Weighted(
    [
        (ActorKind.ARMED_GROUP, 40),
        (ActorKind.STATE_FORCE, 20),
        (ActorKind.MILITIA, 20),
        (ActorKind.DEALER, 10),
        (ActorKind.NGO, 10),
    ]
)
PERPETRATOR_KINDS = {
    ActorKind.ARMED_GROUP.value,
    ActorKind.STATE_FORCE.value,
    ActorKind.MILITIA.value,
}
ACTOR_COUNTRIES = Weighted([(c[0], c[1]) for c in COUNTRIES])


class ActorStage:
    """Writes actors with their aliases, then sources (a mixin of the generator).

    Sets ``actors``, ``perpetrators`` and ``dealers`` (actor keys) and
    ``sources`` (source keys).
    """

    def make_actors(self):
        rng = self.rng
        ct = ContentType.objects.get_for_model(Actor).pk
        rows, names = [], []
        for i in range(self.scale.actors):
            latin, arabic, variants = self.draw_place_name()
            kind = ACTOR_KINDS(rng.random)
            label = f"{latin} {ActorKind(kind).label} {i + 1}"
            label_ar = f"{arabic} {i + 1}"
            aliases = [f"{v} Brigade" for v in variants[:2]]
            rows.append(
                {
                    "name": label,
                    "name_ar": label_ar,
                    "kind": kind,
                    "country": ACTOR_COUNTRIES(rng.random),
                    # save()'s order: its own names, then its Name rows by kind,
                    # language and name (all aliases in English here).
                    "search_text": build_search_text(label, label_ar, *sorted(aliases)),
                    **self.draw_curation(),
                }
            )
            names.append(aliases)
        pks = self.bulk.write(Actor, rows)
        self.actors = pks
        self.perpetrators = [
            pk
            for pk, row in zip(pks, rows, strict=True)
            if row["kind"] in PERPETRATOR_KINDS
        ] or pks
        self.dealers = [
            pk
            for pk, row in zip(pks, rows, strict=True)
            if row["kind"] == ActorKind.DEALER
        ] or pks
        self.bulk.write(
            Name,
            (
                build_name(ct, pk, alias, "en", NameKind.ALIAS.value)
                for pk, aliases in zip(pks, names, strict=True)
                for alias in aliases
            ),
            "actor names",
            keys=False,
        )

    def make_sources(self):
        rng = self.rng
        rows = []
        kinds = SourceKind.values
        for i in range(self.scale.sources):
            kind = rng.choice(kinds)
            title = f"{SourceKind(kind).label} no. {i + 1}"
            published_on = datetime.date(2012, 1, 1) + datetime.timedelta(
                days=rng.randrange(4700)
            )
            publisher = rng.choice(self.actors) if rng.random() < 0.5 else None
            author = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
            rows.append(
                {
                    "title": title,
                    "kind": kind,
                    "publisher_id": publisher,
                    "author": author,
                    "url": f"https://example.org/reports/{i + 1}",
                    "published_on": published_on,
                    "confidential": kind == SourceKind.EYEWITNESS
                    and rng.random() < 0.5,
                    "search_text": build_search_text(title, author),
                    **self.draw_curation(),
                }
            )
        self.sources = self.bulk.write(Source, rows)
