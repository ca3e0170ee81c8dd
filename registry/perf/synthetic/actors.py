"""Actors (armed groups, forces, dealers, NGOs) and the sources that report damage."""

import datetime

from django.contrib.contenttypes.models import ContentType

from registry.models import Actor, Name, Source
from registry.models.choices import ActorKind, NameKind, SourceKind
from registry.perf.synthetic.bulk import build_name, build_search_text
from registry.perf.synthetic.draws import choose_weighted
from registry.perf.synthetic.vocabulary import COUNTRIES, FAMILY, GIVEN


class ActorStage:
    """Writes actors with their aliases, then sources (a mixin of the generator).

    Sets ``actors``, ``perpetrators`` and ``dealers`` (actor keys) and
    ``sources`` (source keys).
    """

    def make_actors(self):
        rng = self.rng
        ct = ContentType.objects.get_for_model(Actor)
        rows, names = [], []
        for i in range(self.scale.actors):
            latin, arabic, variants = self.draw_place_name()
            kind = choose_weighted(
                rng,
                [
                    (ActorKind.ARMED_GROUP, 40),
                    (ActorKind.STATE_FORCE, 20),
                    (ActorKind.MILITIA, 20),
                    (ActorKind.DEALER, 10),
                    (ActorKind.NGO, 10),
                ],
            )
            label = f"{latin} {kind.label} {i + 1}"
            label_ar = f"{arabic} {i + 1}"
            aliases = [f"{v} Brigade" for v in variants[:2]]
            rows.append(
                Actor(
                    name=label,
                    name_ar=label_ar,
                    kind=kind,
                    country=choose_weighted(rng, [(c[0], c[1]) for c in COUNTRIES]),
                    search_text=build_search_text(label, label_ar, *aliases),
                    **self.draw_curation(),
                )
            )
            names.append(aliases)
        pks = self.bulk.write(Actor, rows)
        self.actors = pks
        self.perpetrators = [
            pk
            for pk, row in zip(pks, rows, strict=True)
            if row.kind
            in (ActorKind.ARMED_GROUP, ActorKind.STATE_FORCE, ActorKind.MILITIA)
        ] or pks
        self.dealers = [
            pk for pk, row in zip(pks, rows, strict=True) if row.kind == "dealer"
        ] or pks
        self.bulk.write(
            Name,
            (
                build_name(ct, pk, alias, "en", NameKind.ALIAS)
                for pk, aliases in zip(pks, names, strict=True)
                for alias in aliases
            ),
            "actor names",
            keys=False,
        )

    def make_sources(self):
        rng = self.rng
        rows = []
        for i in range(self.scale.sources):
            kind = rng.choice(SourceKind.values)
            title = f"{SourceKind(kind).label} no. {i + 1}"
            published_on = datetime.date(2012, 1, 1) + datetime.timedelta(
                days=rng.randrange(4700)
            )
            rows.append(
                Source(
                    title=title,
                    kind=kind,
                    publisher_id=rng.choice(self.actors)
                    if rng.random() < 0.5
                    else None,
                    author=f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}",
                    url=f"https://example.org/reports/{i + 1}",
                    published_on=published_on,
                    confidential=kind == SourceKind.EYEWITNESS and rng.random() < 0.5,
                    search_text=build_search_text(title),
                    **self.draw_curation(),
                )
            )
        self.sources = self.bulk.write(Source, rows)
