"""Synthetic registries at any scale, for the benchmark and for load tests.

``generate(scale, seed)`` fills an empty registry with plausible records: sites
named in Arabic and in several Latin spellings, a few heavily damaged sites and
many lightly damaged ones, event dates bunched in the years each country was at
war, and the share of drafts, withdrawn records, generalised and restricted sites,
pseudonymous and confidential people and confidential sources that a real
registry carries, so that the visibility rules cost what they will cost in real
life. The same seed gives the same records, identifiers included.

Everything is written with ``bulk_create`` in batches: no ``save()`` runs, so the
derived columns that ``save()`` would fill (``search_text``, ``date_earliest``,
``date_latest``, ``Name.normalised``) are computed here with the same functions,
and no history rows are written (a generated registry has no past).
"""

import datetime
import random
import uuid
from dataclasses import dataclass, fields
from decimal import Decimal
from itertools import accumulate

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from registry.models import (
    Actor,
    AdminDivision,
    Citation,
    CulturalObject,
    CustodyEvent,
    DamageEvent,
    HarmEvent,
    HeritageSite,
    LootingIncident,
    Name,
    Person,
    Source,
    Structure,
    StructureDamage,
    Term,
)
from registry.models.base import date_bounds
from registry.models.choices import (
    ActorKind,
    Attribution,
    CauseCategory,
    Certainty,
    Condition,
    CustodyKind,
    DateMode,
    DatePrecision,
    Extent,
    HarmKind,
    LocationCertainty,
    LocationSensitivity,
    LootingKind,
    NameKind,
    ObjectStatus,
    PublicationStatus,
    SourceKind,
    Verification,
    Visibility,
)
from registry.publishing.cache import bump
from registry.search.text import fold


@dataclass
class Scale:
    """How many of each record to make. Unset counts follow ``events``."""

    events: int = 1_000
    sites: int | None = None
    structures_per_site: float = 3.0
    looting: int | None = None
    objects: int | None = None
    people: int | None = None
    sources: int | None = None
    actors: int = 60

    def resolved(self):
        """The scale with every count filled in from the number of events."""
        events = self.events
        return Scale(
            events=events,
            sites=self.sites if self.sites is not None else max(10, events // 10),
            structures_per_site=self.structures_per_site,
            looting=self.looting if self.looting is not None else events // 20,
            objects=self.objects if self.objects is not None else events // 10,
            people=self.people if self.people is not None else max(5, events // 500),
            sources=self.sources if self.sources is not None else max(5, events // 100),
            actors=self.actors,
        )

    def as_dict(self):
        return {f.name: getattr(self, f.name) for f in fields(self)}


# Countries at war and the years their heritage was damaged most (the dates of
# generated events fall mostly within these years).
COUNTRIES = [
    # code, weight, war years, governorates (English, Arabic)
    (
        "SY",
        40,
        (2012, 2019),
        [
            ("Aleppo", "حلب"),
            ("Homs", "حمص"),
            ("Idlib", "إدلب"),
            ("Deir ez-Zor", "دير الزور"),
            ("Raqqa", "الرقة"),
            ("Damascus", "دمشق"),
            ("Hama", "حماة"),
            ("Daraa", "درعا"),
        ],
    ),
    (
        "IQ",
        25,
        (2014, 2018),
        [
            ("Nineveh", "نينوى"),
            ("Anbar", "الأنبار"),
            ("Salah ad-Din", "صلاح الدين"),
            ("Kirkuk", "كركوك"),
            ("Baghdad", "بغداد"),
        ],
    ),
    (
        "YE",
        12,
        (2015, 2022),
        [("Sana'a", "صنعاء"), ("Taiz", "تعز"), ("Aden", "عدن"), ("Saada", "صعدة")],
    ),
    (
        "LY",
        8,
        (2011, 2020),
        [("Tripoli", "طرابلس"), ("Benghazi", "بنغازي"), ("Sirte", "سرت")],
    ),
    (
        "UA",
        15,
        (2022, 2025),
        [
            ("Kharkiv Oblast", "خاركيف"),
            ("Donetsk Oblast", "دونيتسك"),
            ("Kyiv Oblast", "كييف"),
            ("Chernihiv Oblast", "تشيرنيهيف"),
        ],
    ),
]

# Place names are built from parts whose Latin and Arabic forms match, so that a
# generated site can be found by its Arabic name and by each of its spellings.
PREFIXES = [
    ("Tell", "تل", ["Tall", "Tel"]),
    ("Khirbet", "خربة", ["Khirbat", "Kherbet"]),
    ("Qasr", "قصر", ["Kasr", "Qsar"]),
    ("Deir", "دير", ["Dayr", "Der"]),
    ("Qalaat", "قلعة", ["Qal'at", "Kalaat"]),
    ("Ain", "عين", ["'Ayn", "Ayn"]),
    ("Kafr", "كفر", ["Kfar", "Kafar"]),
    ("Jabal", "جبل", ["Jebel", "Djebel"]),
    ("Beit", "بيت", ["Bayt", "Bait"]),
    ("Maarat", "معرة", ["Ma'arrat", "Marat"]),
    ("", "", [""]),
]
SYLLABLES = [
    ("Ham", "حم"),
    ("Sal", "سل"),
    ("Bar", "بر"),
    ("Mar", "مر"),
    ("Ru", "رو"),
    ("Kha", "خا"),
    ("Naj", "نج"),
    ("Za", "زا"),
    ("Sha", "شا"),
    ("Tad", "تد"),
    ("Bos", "بص"),
    ("Ras", "رأس"),
    ("Dab", "دب"),
    ("Raf", "رف"),
    ("Qat", "قط"),
    ("Nab", "نب"),
    ("Hal", "حل"),
    ("Sur", "صور"),
    ("Dar", "دار"),
    ("Mal", "مل"),
]
ENDINGS = [
    ("a", "ا"),
    ("ad", "اد"),
    ("im", "يم"),
    ("un", "ون"),
    ("iya", "ية"),
    ("an", "ان"),
    ("ur", "ور"),
    ("ein", "ين"),
]
SUFFIXES = [
    ("", ""),
    ("", ""),
    ("", ""),
    (" al-Kabir", " الكبير"),
    (" al-Saghir", " الصغير"),
    (" al-Sharqi", " الشرقي"),
    (" al-Gharbi", " الغربي"),
]
STRUCTURE_KINDS = [
    ("Temple", "معبد"),
    ("Mosque", "جامع"),
    ("Church", "كنيسة"),
    ("Tower", "برج"),
    ("Gate", "باب"),
    ("Souq", "سوق"),
    ("Theatre", "مسرح"),
    ("Tomb", "مدفن"),
    ("Colonnade", "رواق"),
    ("Bath", "حمام"),
]
QUARTERS = [
    ("North", "الشمالي"),
    ("South", "الجنوبي"),
    ("East", "الشرقي"),
    ("West", "الغربي"),
    ("Great", "الكبير"),
    ("Old", "القديم"),
]
CAUSES = {
    CauseCategory.ARMED_CONFLICT: ("Shelling damage at", "أضرار القصف في"),
    CauseCategory.DELIBERATE: ("Deliberate destruction at", "تدمير متعمد في"),
    CauseCategory.LOOTING: ("Illegal digging at", "حفر غير قانوني في"),
    CauseCategory.VANDALISM: ("Vandalism at", "تخريب في"),
    CauseCategory.DEVELOPMENT: ("Bulldozing at", "تجريف في"),
    CauseCategory.NATURAL: ("Collapse at", "انهيار في"),
    CauseCategory.MANAGEMENT: ("Neglect at", "إهمال في"),
    CauseCategory.UNKNOWN: ("Damage at", "أضرار في"),
}
GIVEN = ["Khaled", "Ahmad", "Mahmoud", "Layla", "Omar", "Samir", "Huda", "Yusuf"]
FAMILY = ["al-Asaad", "Haddad", "al-Hassan", "Nasser", "al-Khatib", "Sabbagh"]


def weighted(rng, values_and_weights):
    values, weights = zip(*values_and_weights, strict=True)
    return rng.choices(values, weights=weights)[0]


STATUS_MIX = [
    (PublicationStatus.PUBLISHED, 90),
    (PublicationStatus.DRAFT, 5),
    (PublicationStatus.REVIEW, 3),
    (PublicationStatus.WITHDRAWN, 2),
]


class Generator:
    """Writes one synthetic registry; ``run()`` does it all in one transaction."""

    def __init__(self, scale, seed=1, batch_size=5000, progress=None):
        self.scale = scale.resolved()
        self.rng = random.Random(seed)
        self.batch_size = batch_size
        self.progress = progress or (lambda label, total: _Silent())
        self.counts = {}
        self.now = timezone.now()

    # -- helpers ---------------------------------------------------------------

    def uuid(self):
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def status(self):
        return weighted(self.rng, STATUS_MIX)

    def curated(self, status=None):
        status = status or self.status()
        published = status in (PublicationStatus.PUBLISHED, PublicationStatus.WITHDRAWN)
        # Published over the last five years, not all in one instant: the "latest"
        # lists then cost what they cost on a real registry.
        ago = datetime.timedelta(seconds=self.rng.randrange(5 * 365 * 86400))
        when = self.now - ago
        return {
            "public_id": self.uuid(),
            "status": status,
            "published_at": when if published else None,
            "status_changed_at": when,
        }

    def write(self, model, rows, label=None, keys=True):
        """bulk_create ``rows`` (an iterable) in batches; the saved rows' pks, or
        None with ``keys=False`` (through tables, names: nobody needs them)."""
        pks, batch, count = [], [], 0
        bar = self.progress(label or model._meta.verbose_name_plural, None)

        def flush():
            saved = model.objects.bulk_create(batch)
            if keys:
                pks.extend(o.pk for o in saved)
            bar.update(len(batch))
            return len(batch)

        for row in rows:
            batch.append(row)
            if len(batch) >= self.batch_size:
                count += flush()
                batch = []
        if batch:
            count += flush()
        bar.close()
        key = model._meta.model_name
        self.counts[key] = self.counts.get(key, 0) + count
        return pks if keys else None

    def dated(self, years):
        """Date fields for an event in ``years``, bunched in the middle years."""
        rng = self.rng
        first, last = years
        year = round(rng.triangular(first, last + 1, (first + last) / 2 + 0.5))
        year = min(max(year, first), last)
        day = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))
        mode = weighted(
            rng,
            [
                (DateMode.ON, 70),
                (DateMode.BETWEEN, 15),
                (DateMode.BEFORE, 5),
                (DateMode.AFTER, 5),
                (DateMode.UNKNOWN, 5),
            ],
        )
        if mode == DateMode.UNKNOWN:
            date_from = date_to = None
            precision = ""
        else:
            precision = weighted(
                rng,
                [
                    (DatePrecision.DAY, 55),
                    (DatePrecision.MONTH, 30),
                    (DatePrecision.YEAR, 15),
                ],
            )
            if precision == DatePrecision.MONTH:
                day = day.replace(day=1)
            elif precision == DatePrecision.YEAR:
                day = day.replace(month=1, day=1)
            date_from, date_to = day, None
            if mode == DateMode.BETWEEN:
                date_to = day + datetime.timedelta(days=rng.randrange(1, 400))
                if precision == DatePrecision.MONTH:
                    date_to = date_to.replace(day=1)
                elif precision == DatePrecision.YEAR:
                    date_to = date_to.replace(month=1, day=1)
                date_to = max(date_to, date_from)
            elif mode == DateMode.BEFORE:
                date_from, date_to = None, day
        earliest, latest = date_bounds(mode, date_from, date_to, precision)
        return {
            "date_mode": mode,
            "date_from": date_from,
            "date_to": date_to,
            "date_precision": precision,
            "date_earliest": earliest,
            "date_latest": latest,
        }

    def attributed(self, category):
        rng = self.rng
        if (
            category
            in (
                CauseCategory.ARMED_CONFLICT,
                CauseCategory.DELIBERATE,
                CauseCategory.LOOTING,
            )
            and rng.random() < 0.6
        ):
            return {
                "perpetrator_id": rng.choice(self.perpetrators),
                "attribution": weighted(
                    rng,
                    [
                        (Attribution.REPORTED, 40),
                        (Attribution.ALLEGED, 25),
                        (Attribution.CLAIMED, 15),
                        (Attribution.CONFIRMED, 20),
                    ],
                ),
            }
        return {"perpetrator_id": None, "attribution": ""}

    def assessed(self):
        rng = self.rng
        return {
            "certainty": weighted(
                rng,
                [
                    (Certainty.DEFINITE, 15),
                    (Certainty.HIGH, 35),
                    (Certainty.MEDIUM, 30),
                    (Certainty.LOW, 15),
                    (Certainty.NEGLIGIBLE, 5),
                ],
            ),
            "verification": weighted(
                rng,
                [
                    (Verification.REPORTED, 45),
                    (Verification.CORROBORATED, 30),
                    (Verification.CONFIRMED, 20),
                    (Verification.DISPUTED, 4),
                    (Verification.RETRACTED, 1),
                ],
            ),
        }

    def place_name(self):
        """(English name, Arabic name, [other Latin spellings])."""
        rng = self.rng
        prefix, prefix_ar, prefix_variants = rng.choice(PREFIXES)
        first, first_ar = rng.choice(SYLLABLES)
        second, second_ar = rng.choice(SYLLABLES)
        end, end_ar = rng.choice(ENDINGS)
        suffix, suffix_ar = rng.choice(SUFFIXES)
        body = first + second.lower() + end
        body_ar = first_ar + second_ar + end_ar
        name = f"{prefix} {body}{suffix}".strip()
        name_ar = f"{prefix_ar} {body_ar}{suffix_ar}".strip()
        variants = []
        for variant in prefix_variants:
            spelled = f"{variant} {body}".strip()
            if rng.random() < 0.5:
                spelled = spelled.replace("ou", "u").replace("a", "e", 1)
            variants.append(spelled + suffix.replace("al-", "el-"))
        return name, name_ar, [v for v in dict.fromkeys(variants) if v != name]

    # -- the records -------------------------------------------------------------

    def run(self):
        with transaction.atomic():
            self.make_vocabulary()
            self.make_actors()
            self.make_sources()
            self.make_sites()
            self.make_structures()
            self.make_events()
            self.make_looting()
            self.make_objects()
            self.make_people()
            bump()  # bulk_create sends no signals: cached figures are stale now
        self.analyze()
        return self.counts

    def analyze(self):
        """On PostgreSQL, what autovacuum would do a while later: fresh planner
        statistics (without them it guessed 8 published sites out of 9,000 and
        chose nested loops that took 100 times longer) and a visibility map (without
        it, counting a site's events from the index read the table too)."""
        if connection.vendor != "postgresql":
            return
        models = apps.get_app_config("registry").get_models(include_auto_created=True)
        # VACUUM cannot run inside a transaction (a caller's, or a test's).
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            for model in models:
                table = connection.ops.quote_name(model._meta.db_table)
                cursor.execute(f"{command} {table}")

    def make_vocabulary(self):
        terms = {}
        for vocabulary, pk in Term.objects.values_list("vocabulary", "pk"):
            terms.setdefault(vocabulary, []).append(pk)
        missing = {
            "site_type",
            "structure_type",
            "cause_type",
            "effect_type",
            "period",
            "object_type",
            "role",
        } - set(terms)
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

    def make_actors(self):
        rng = self.rng
        ct = ContentType.objects.get_for_model(Actor)
        rows, names = [], []
        for i in range(self.scale.actors):
            latin, arabic, variants = self.place_name()
            kind = weighted(
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
                    country=weighted(rng, [(c[0], c[1]) for c in COUNTRIES]),
                    search_text=_search_text(label, label_ar, *aliases),
                    **self.curated(),
                )
            )
            names.append(aliases)
        pks = self.write(Actor, rows)
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
        self.write(
            Name,
            (
                _name(ct, pk, alias, "en", NameKind.ALIAS)
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
                    search_text=_search_text(title),
                    **self.curated(),
                )
            )
        self.sources = self.write(Source, rows)

    def make_sites(self):
        rng = self.rng
        scale = self.scale
        ct = ContentType.objects.get_for_model(HeritageSite)
        country_weights = [(c, c[1]) for c in COUNTRIES]
        site_types = self.terms["site_type"]
        periods = self.terms["period"]
        self.site_info = []  # (pk, country years, public) per site
        info, names, periods_of = [], [], []

        def rows():
            for _ in range(scale.sites):
                country = weighted(rng, country_weights)
                code, _w, years, _g = country
                latin, arabic, variants = self.place_name()
                lat = Decimal(rng.uniform(13.0, 50.0)).quantize(Decimal("0.000001"))
                lon = Decimal(rng.uniform(12.0, 46.0)).quantize(Decimal("0.000001"))
                status = self.status()
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
                    location_sensitivity=weighted(
                        rng,
                        [
                            (LocationSensitivity.PUBLIC, 70),
                            (LocationSensitivity.GENERALISED, 20),
                            (LocationSensitivity.RESTRICTED, 10),
                        ],
                    ),
                    condition=weighted(
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
                    search_text=_search_text(latin, arabic, *variants),
                    **self.curated(status),
                )

        pks = self.write(HeritageSite, rows(), "sites")
        self.site_info = [
            (pk, years, public) for pk, (years, public) in zip(pks, info, strict=True)
        ]
        self.write(
            Name,
            (
                _name(ct, pk, name, language, kind)
                for pk, site_names in zip(pks, names, strict=True)
                for name, language, kind in site_names
            ),
            "site names",
            keys=False,
        )
        through = HeritageSite.periods.through
        self.write(
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
                        search_text=_search_text(name, name_ar),
                        **self.curated(),
                    )

        pks = self.write(Structure, rows(), "structures")
        for pk, site in zip(pks, owners, strict=True):
            self.structures.setdefault(site, []).append(pk)

    def pick_sites(self, count):
        """``count`` sites, heavily damaged ones much more often."""
        return self.rng.choices(
            self.site_info, cum_weights=self.site_cum_weights, k=count
        )

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
                category = weighted(rng, categories)
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
                        search_text=_search_text(title, title_ar),
                        **self.dated(years),
                        **self.attributed(category),
                        **self.assessed(),
                        **self.curated(),
                    )
                )
            pks = self.write(DamageEvent, events, "damage events")
            done += count
            through = DamageEvent.effects.through
            self.write(
                through,
                (
                    through(damageevent_id=pk, term_id=term)
                    for pk in pks
                    for term in rng.sample(effects, k=rng.randint(0, 2))
                ),
                "event effects",
                keys=False,
            )
            self.write(
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
            self.cite(ct, pks)

    def cite(self, ct, pks):
        rng = self.rng
        self.write(
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
                    search_text=_search_text(title),
                    **self.dated(years),
                    **self.attributed(CauseCategory.LOOTING),
                    **self.assessed(),
                    **self.curated(),
                )
            )
        pks = self.write(LootingIncident, rows, "looting incidents")
        self.incidents = list(zip(pks, (p[0] for p in picked), strict=True))
        self.cite(ct, pks)

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
                    current_status=weighted(
                        rng,
                        [
                            (ObjectStatus.MISSING, 50),
                            (ObjectStatus.ON_MARKET, 15),
                            (ObjectStatus.SEIZED, 15),
                            (ObjectStatus.RETURNED, 10),
                            (ObjectStatus.UNKNOWN, 10),
                        ],
                    ),
                    search_text=_search_text(title),
                    **self.curated(),
                )
            )
        pks = self.write(CulturalObject, rows, "objects")
        years = (2014, 2024)

        def custody():
            for pk, steps in zip(pks, chains, strict=True):
                start = self.dated(years)
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

        self.write(
            CustodyEvent,
            custody(),
            "custody events",
            keys=False,
        )

    def make_people(self):
        rng = self.rng
        roles = self.terms["role"]
        rows = []
        for i in range(self.scale.people):
            visibility = weighted(
                rng,
                [
                    (Visibility.PUBLIC, 60),
                    (Visibility.PSEUDONYMOUS, 25),
                    (Visibility.CONFIDENTIAL, 15),
                ],
            )
            name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)} {i + 1}"
            pseudonym = f"Witness {i + 1}" if visibility == "pseudonymous" else ""
            searchable = [pseudonym] if visibility == "pseudonymous" else [name]
            rows.append(
                Person(
                    name=name,
                    pseudonym=pseudonym,
                    visibility=visibility,
                    deceased=rng.random() < 0.2,
                    search_text=_search_text(*searchable)
                    if visibility != Visibility.CONFIDENTIAL
                    else "",
                    **self.curated(),
                )
            )
        pks = self.write(Person, rows, "people")
        through = Person.roles.through
        self.write(
            through,
            (through(person_id=pk, term_id=rng.choice(roles)) for pk in pks),
            "person roles",
            keys=False,
        )

        def harms():
            for pk in pks:
                site, years, _public = self.pick_sites(1)[0]
                yield HarmEvent(
                    person_id=pk,
                    kind=rng.choice(HarmKind.values),
                    site_id=site,
                    **self.dated(years),
                    **self.attributed(CauseCategory.ARMED_CONFLICT),
                    **self.assessed(),
                )

        self.write(
            HarmEvent,
            harms(),
            "harm events",
            keys=False,
        )


class _Silent:
    def update(self, n):
        pass

    def close(self):
        pass


def _search_text(*terms):
    folded = (fold(term) for term in terms if term)
    return " | ".join(dict.fromkeys(term for term in folded if term))


def _name(ct, pk, name, language, kind):
    return Name(
        content_type=ct,
        object_id=pk,
        name=name,
        language=language,
        kind=kind,
        normalised=fold(name),
    )


def generate(scale, seed=1, batch_size=5000, progress=None):
    """Fill the registry with a synthetic one; {model name: rows written}."""
    return Generator(scale, seed=seed, batch_size=batch_size, progress=progress).run()
