"""Heritage sites with their names and periods, and the structures within them."""

from decimal import Decimal
from itertools import accumulate

from django.contrib.contenttypes.models import ContentType

from registry.models import HeritageSite, Name, Structure
from registry.models.choices import (
    Condition,
    LocationCertainty,
    LocationSensitivity,
    NameKind,
    PublicationStatus,
)
from registry.perf.synthetic.bulk import build_name, build_search_text
from registry.perf.synthetic.draws import STATUS, Weighted
from registry.perf.synthetic.vocabulary import COUNTRIES, QUARTERS, STRUCTURE_KINDS

SITE_COUNTRIES = Weighted([(c, c[1]) for c in COUNTRIES])
SENSITIVITIES = Weighted(
    [
        (LocationSensitivity.PUBLIC, 70),
        (LocationSensitivity.GENERALISED, 20),
        (LocationSensitivity.RESTRICTED, 10),
    ]
)
CONDITIONS = Weighted(
    [
        (Condition.GOOD, 20),
        (Condition.FAIR, 25),
        (Condition.POOR, 25),
        (Condition.VERY_BAD, 15),
        (Condition.DESTROYED, 5),
        (Condition.UNKNOWN, 10),
    ]
)
MICRODEGREES = Decimal("0.000001")
PUBLISHED = PublicationStatus.PUBLISHED.value
OFFICIAL = NameKind.OFFICIAL.value
TRANSLITERATION = NameKind.TRANSLITERATION.value


class SiteStage:
    """Writes sites and structures (a mixin of the generator).

    Needs ``terms`` and ``divisions``; sets ``site_info`` (key, war years,
    published) per site, ``site_cum_weights`` (the damage each site draws) and
    ``structures`` (structure keys by site key).
    """

    def make_sites(self):
        rng = self.rng
        scale = self.scale
        ct = ContentType.objects.get_for_model(HeritageSite).pk
        site_types = self.terms["site_type"]
        periods = self.terms["period"]
        divisions = self.divisions
        certainties = LocationCertainty.values
        random, uniform, choice = rng.random, rng.uniform, rng.choice
        info, names, periods_of, labels = [], [], [], []

        def rows():
            for _ in range(scale.sites):
                code, _w, years, _g = SITE_COUNTRIES(random)
                latin, arabic, variants = self.draw_place_name()
                lat = Decimal(uniform(13.0, 50.0)).quantize(MICRODEGREES)
                lon = Decimal(uniform(12.0, 46.0)).quantize(MICRODEGREES)
                status = STATUS(random)
                info.append((years, status == PUBLISHED))
                labels.append((latin, arabic))
                names.append(
                    [(arabic, "ar", OFFICIAL)]
                    + [(v, "ar-Latn", TRANSLITERATION) for v in variants]
                )
                periods_of.append(rng.sample(periods, k=rng.randint(1, 2)))
                yield {
                    "name": latin,
                    "name_ar": arabic,
                    "site_type_id": choice(site_types),
                    "country": code,
                    "admin_division_id": choice(divisions[code]),
                    "latitude": lat,
                    "longitude": lon,
                    "location_certainty": choice(certainties),
                    "location_sensitivity": SENSITIVITIES(random),
                    "condition": CONDITIONS(random),
                    "description": f"A synthetic site in {code}.",
                    # save()'s order: its own names, then its Name rows by kind,
                    # language and name (the official Arabic one first).
                    "search_text": build_search_text(
                        latin, arabic, arabic, *sorted(variants)
                    ),
                    **self.draw_curation(status),
                }

        pks = self.bulk.write(HeritageSite, rows(), "sites")
        # (pk, country years, public) per site
        self.site_info = [
            (pk, years, public) for pk, (years, public) in zip(pks, info, strict=True)
        ]
        # (English name, Arabic name) by site key, for the events' titles.
        self.site_labels = dict(zip(pks, labels, strict=True))
        self.bulk.write(
            Name,
            (
                build_name(ct, pk, name, language, kind)
                for pk, site_names in zip(pks, names, strict=True)
                for name, language, kind in site_names
            ),
            "site names",
            keys=False,
        )
        through = HeritageSite.periods.through
        self.bulk.write(
            through,
            (
                {"heritagesite_id": pk, "term_id": term}
                for pk, terms in zip(pks, periods_of, strict=True)
                for term in terms
            ),
            "site periods",
            keys=False,
        )
        # A few sites take most of the damage: Pareto weights, heaviest first.
        weights = sorted(
            (rng.paretovariate(1.2) for _ in pks),
            reverse=True,
        )
        self.site_cum_weights = list(accumulate(weights))

    def make_structures(self):
        rng = self.rng
        types = self.terms["structure_type"]
        conditions = Condition.values
        rate = 1 / self.scale.structures_per_site
        choice = rng.choice
        self.structures = {}
        owners = []

        def rows():
            for pk, _years, _public in self.site_info:
                count = min(int(rng.expovariate(rate)), 30)
                for _ in range(count):
                    kind, kind_ar = choice(STRUCTURE_KINDS)
                    quarter, quarter_ar = choice(QUARTERS)
                    name = f"{quarter} {kind}"
                    name_ar = f"{kind_ar} {quarter_ar}"
                    owners.append(pk)
                    yield {
                        "site_id": pk,
                        "name": name,
                        "name_ar": name_ar,
                        "structure_type_id": choice(types),
                        "condition": choice(conditions),
                        "search_text": build_search_text(name, name_ar),
                        **self.draw_curation(),
                    }

        pks = self.bulk.write(Structure, rows(), "structures")
        for pk, site in zip(pks, owners, strict=True):
            self.structures.setdefault(site, []).append(pk)

    def pick_sites(self, count):
        """``count`` sites, heavily damaged ones much more often."""
        return self.rng.choices(
            self.site_info, cum_weights=self.site_cum_weights, k=count
        )
