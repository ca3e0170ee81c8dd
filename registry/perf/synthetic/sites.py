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
from registry.perf.synthetic.draws import choose_weighted
from registry.perf.synthetic.vocabulary import COUNTRIES, QUARTERS, STRUCTURE_KINDS


class SiteStage:
    """Writes sites and structures (a mixin of the generator).

    Needs ``terms`` and ``divisions``; sets ``site_info`` (key, war years,
    published) per site, ``site_cum_weights`` (the damage each site draws) and
    ``structures`` (structure keys by site key).
    """

    def make_sites(self):
        rng = self.rng
        scale = self.scale
        ct = ContentType.objects.get_for_model(HeritageSite)
        country_weights = [(c, c[1]) for c in COUNTRIES]
        site_types = self.terms["site_type"]
        periods = self.terms["period"]
        info, names, periods_of = [], [], []

        def rows():
            for _ in range(scale.sites):
                country = choose_weighted(rng, country_weights)
                code, _w, years, _g = country
                latin, arabic, variants = self.draw_place_name()
                lat = Decimal(rng.uniform(13.0, 50.0)).quantize(Decimal("0.000001"))
                lon = Decimal(rng.uniform(12.0, 46.0)).quantize(Decimal("0.000001"))
                status = self.draw_status()
                info.append((years, status == PublicationStatus.PUBLISHED))
                names.append(
                    [(arabic, "ar", NameKind.OFFICIAL)]
                    + [(v, "ar-Latn", NameKind.TRANSLITERATION) for v in variants]
                )
                periods_of.append(rng.sample(periods, k=rng.randint(1, 2)))
                yield HeritageSite(
                    name=latin,
                    name_ar=arabic,
                    site_type_id=rng.choice(site_types),
                    country=code,
                    admin_division_id=rng.choice(self.divisions[code]),
                    latitude=lat,
                    longitude=lon,
                    location_certainty=rng.choice(LocationCertainty.values),
                    location_sensitivity=choose_weighted(
                        rng,
                        [
                            (LocationSensitivity.PUBLIC, 70),
                            (LocationSensitivity.GENERALISED, 20),
                            (LocationSensitivity.RESTRICTED, 10),
                        ],
                    ),
                    condition=choose_weighted(
                        rng,
                        [
                            (Condition.GOOD, 20),
                            (Condition.FAIR, 25),
                            (Condition.POOR, 25),
                            (Condition.VERY_BAD, 15),
                            (Condition.DESTROYED, 5),
                            (Condition.UNKNOWN, 10),
                        ],
                    ),
                    description=f"A synthetic site in {code}.",
                    search_text=build_search_text(latin, arabic, *variants),
                    **self.draw_curation(status),
                )

        pks = self.bulk.write(HeritageSite, rows(), "sites")
        # (pk, country years, public) per site
        self.site_info = [
            (pk, years, public) for pk, (years, public) in zip(pks, info, strict=True)
        ]
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
                through(heritagesite_id=pk, term_id=term)
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
        self.structures = {}
        owners = []

        def rows():
            for pk, _years, _public in self.site_info:
                count = min(
                    int(rng.expovariate(1 / self.scale.structures_per_site)), 30
                )
                for _ in range(count):
                    kind, kind_ar = rng.choice(STRUCTURE_KINDS)
                    quarter, quarter_ar = rng.choice(QUARTERS)
                    name = f"{quarter} {kind}"
                    name_ar = f"{kind_ar} {quarter_ar}"
                    owners.append(pk)
                    yield Structure(
                        site_id=pk,
                        name=name,
                        name_ar=name_ar,
                        structure_type_id=rng.choice(types),
                        condition=rng.choice(Condition.values),
                        search_text=build_search_text(name, name_ar),
                        **self.draw_curation(),
                    )

        pks = self.bulk.write(Structure, rows(), "structures")
        for pk, site in zip(pks, owners, strict=True):
            self.structures.setdefault(site, []).append(pk)

    def pick_sites(self, count):
        """``count`` sites, heavily damaged ones much more often."""
        return self.rng.choices(
            self.site_info, cum_weights=self.site_cum_weights, k=count
        )
