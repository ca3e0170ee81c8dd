"""The generator: one synthetic registry written in one transaction, stage by
stage (the order of the stages, and of the draws in each, makes a seed's records)."""

import random
import time

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from registry.models import AdminDivision, Term
from registry.perf.synthetic.actors import ActorStage
from registry.perf.synthetic.assessments import AssessmentStage
from registry.perf.synthetic.bulk import BulkWriter, analyze_tables, built_after
from registry.perf.synthetic.draws import FieldDraws
from registry.perf.synthetic.events import EventStage
from registry.perf.synthetic.objects import ObjectStage
from registry.perf.synthetic.people import PersonStage
from registry.perf.synthetic.sites import SiteStage
from registry.perf.synthetic.vocabulary import COUNTRIES
from registry.publishing.cache import bump

VOCABULARIES = {
    "site_type",
    "structure_type",
    "cause_type",
    "effect_type",
    "period",
    "object_type",
    "role",
}


class Generator(
    FieldDraws,
    ActorStage,
    SiteStage,
    EventStage,
    ObjectStage,
    PersonStage,
    AssessmentStage,
):
    """Writes one synthetic registry; ``run()`` does it all in one transaction."""

    def __init__(self, scale, seed=1, batch_size=5000, progress=None):
        self.scale = scale.resolved()
        self.rng = random.Random(seed)
        self.batch_size = batch_size
        self.now = timezone.now()
        self.bulk = BulkWriter(batch_size, progress, now=self.now)

    def run(self):
        """Writes the registry; {model name: rows written}. ``seconds`` then holds
        the time each model's rows took (drawn and written), the commit's and the
        final ANALYZE's."""
        built = {}
        with transaction.atomic():
            self.load_terms_and_divisions()
            with built_after(self.written_models(), built):
                self.make_actors()
                self.make_sources()
                self.make_sites()
                self.make_structures()
                self.make_events()
                self.make_looting()
                self.make_objects()
                self.make_people()
                # Last: the records of the stages before keep their draws for a seed.
                self.make_assessments()
            self.bulk.finish()  # the key sequences past the keys written
            bump()  # no save() sent a signal: cached figures are stale now
            committing = time.perf_counter()
        analyzing = time.perf_counter()
        analyze_tables()
        self.seconds = {
            **self.bulk.seconds,
            **built,
            "(commit)": analyzing - committing,
            "(analyze)": time.perf_counter() - analyzing,
        }
        return self.bulk.counts

    @staticmethod
    def written_models():
        """The registry's models whose tables the stages write: every one but
        those ``load_terms_and_divisions`` reads or makes a few rows of."""
        kept = {Term, AdminDivision}
        return [
            model
            for model in apps.get_app_config("registry").get_models(
                include_auto_created=True
            )
            if model not in kept
        ]

    def load_terms_and_divisions(self):
        """The seeded vocabularies' term keys, and the governorates of each country
        (made when missing)."""
        terms = {}
        for vocabulary, pk in Term.objects.values_list("vocabulary", "pk"):
            terms.setdefault(vocabulary, []).append(pk)
        missing = VOCABULARIES - set(terms)
        if missing:
            raise RuntimeError(
                "The vocabularies are not seeded (run migrate first): "
                + ", ".join(sorted(missing))
            )
        self.terms = terms
        self.divisions = {}
        for code, _weight, _years, governorates in COUNTRIES:
            ids = []
            for name, name_ar in governorates:
                division, _ = AdminDivision.objects.get_or_create(
                    country=code, name=name, defaults={"name_ar": name_ar}
                )
                ids.append(division.pk)
            self.divisions[code] = ids


def generate(scale, seed=1, batch_size=5000, progress=None):
    """Fill the registry with a synthetic one; {model name: rows written}."""
    return Generator(scale, seed=seed, batch_size=batch_size, progress=progress).run()
