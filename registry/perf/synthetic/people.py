"""People (public, pseudonymous, confidential), their roles and the harm done
to them."""

from registry.models import HarmEvent, Person
from registry.models.choices import CauseCategory, HarmKind, Visibility
from registry.perf.synthetic.bulk import build_search_text
from registry.perf.synthetic.draws import Weighted
from registry.perf.synthetic.vocabulary import FAMILY, GIVEN

VISIBILITIES = Weighted(
    [
        (Visibility.PUBLIC, 60),
        (Visibility.PSEUDONYMOUS, 25),
        (Visibility.CONFIDENTIAL, 15),
    ]
)
HARM = CauseCategory.ARMED_CONFLICT.value


class PersonStage:
    """Writes people and harm events (a mixin of the generator).

    Needs ``terms``, the sites and the perpetrators.
    """

    def make_people(self):
        rng = self.rng
        roles = self.terms["role"]
        rows = []
        for i in range(self.scale.people):
            visibility = VISIBILITIES(rng.random)
            name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)} {i + 1}"
            pseudonym = f"Witness {i + 1}" if visibility == "pseudonymous" else ""
            searchable = [pseudonym] if visibility == "pseudonymous" else [name]
            rows.append(
                {
                    "name": name,
                    "pseudonym": pseudonym,
                    "visibility": visibility,
                    "deceased": rng.random() < 0.2,
                    # Nothing finds a confidential person (Person.search_terms).
                    "search_text": build_search_text(*searchable)
                    if visibility != Visibility.CONFIDENTIAL
                    else "",
                    **self.draw_curation(),
                }
            )
        pks = self.bulk.write(Person, rows, "people")
        through = Person.roles.through
        self.bulk.write(
            through,
            ({"person_id": pk, "term_id": rng.choice(roles)} for pk in pks),
            "person roles",
            keys=False,
        )

        kinds = HarmKind.values

        def harms():
            for pk in pks:
                site, years, _public = self.pick_sites(1)[0]
                yield {
                    "person_id": pk,
                    "kind": rng.choice(kinds),
                    "site_id": site,
                    **self.draw_dates(years),
                    **self.draw_attribution(HARM),
                    **self.draw_assessment(),
                }

        self.bulk.write(
            HarmEvent,
            harms(),
            "harm events",
            keys=False,
        )
