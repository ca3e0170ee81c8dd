"""The founding case, as demonstration data: Palmyra, Dura-Europos, Mari, Khaled al-Asaad.

Every fact comes from the registry's founding news report or from well-documented
public records (UNESCO's World Heritage List entry for Palmyra), and every fact is
linked to its source. Nothing is invented: where a date, a URL or a figure is not
known, it is left empty, and a claim known from one report is only "reported".

``load_demo()`` is idempotent: each record has a fixed public identifier, and a row
is written only when it differs from what the database holds, so running it twice
changes nothing (not even the history).
"""

import datetime
import uuid
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from registry.models import (
    Actor,
    AdminDivision,
    Citation,
    CulturalObject,
    CustodyEvent,
    DamageEvent,
    Designation,
    ExternalIdentifier,
    HarmEvent,
    HeritageSite,
    LootingIncident,
    Name,
    Person,
    PublicationStatus,
    Source,
    Structure,
    StructureDamage,
    Term,
)
from registry.publishing.workflow import mark_status

DEMO_NAMESPACE = uuid.UUID("6f0c3a52-6a55-4d8c-9a56-2f4d1b0de0a1")

# The founding article's own words, quoted where a claim rests on them.
QUOTE_DESTROYED = (
    "ISIS members destroyed or defaced much of the historic sites at Palmyra, "
    "including a Tetrapylon and part of a Roman amphitheater."
)
QUOTE_KILLED = (
    "ISIS had brutally killed the then-82-year-old scholar because he had refused to "
    "reveal the whereabouts of precious antiquities."
)
QUOTE_REMAINS = (
    "six years after he was beheaded and hung upside down in Palmyra, the remains of "
    "Khaled al-Asaad, archaeologist and head of antiquities at the UNESCO site of "
    "Palmyra, have reportedly been found."
)
QUOTE_BLACK_MARKET = (
    "The group sold many antiquities on the black market to finance its war in Syria "
    "and Iraq."
)
QUOTE_ALI = (
    "The BBC reported that a Syrian researcher, who works for a non-governmental "
    "organization and goes by the pseudonym “Ali,” has been compiling statistics on "
    "the attacks."
)


def demo_id(key):
    """The fixed public identifier of a demo record."""
    return uuid.uuid5(DEMO_NAMESPACE, key)


class Loader:
    """Writes rows only where they differ, and counts what it did."""

    def __init__(self):
        self.created = 0
        self.updated = 0

    def _differs(self, obj, values):
        return any(getattr(obj, field) != value for field, value in values.items())

    def upsert(self, model, key, values, m2m=None):
        obj = model._default_manager.filter(**key).first()
        if obj is None:
            obj, previous_status = model(**key), PublicationStatus.DRAFT
            self.created += 1
        elif self._differs(obj, values):
            previous_status = getattr(obj, "status", None)
            self.updated += 1
        else:
            obj = self._set_m2m(obj, m2m)
            return obj
        for field, value in values.items():
            setattr(obj, field, value)
        if hasattr(obj, "status"):
            mark_status(obj, obj.status, previous=previous_status)
        obj.full_clean()
        obj.save()
        return self._set_m2m(obj, m2m, count=previous_status != PublicationStatus.DRAFT)

    def _set_m2m(self, obj, m2m, count=True):
        for field, targets in (m2m or {}).items():
            manager = getattr(obj, field)
            if set(manager.values_list("pk", flat=True)) != {
                target.pk for target in targets
            }:
                manager.set(targets)
                self.updated += count
        return obj

    def curated(self, model, key, values, m2m=None):
        """A published demo record with its fixed public identifier."""
        return self.upsert(
            model,
            {"public_id": demo_id(key)},
            {**values, "status": PublicationStatus.PUBLISHED},
            m2m,
        )

    def attached(self, model, target, key, values=None):
        content_type = ContentType.objects.get_for_model(target)
        return self.upsert(
            model,
            {"content_type": content_type, "object_id": target.pk, **key},
            values or {},
        )

    def names(self, target, names):
        for name, language, kind in names:
            self.attached(
                Name, target, {"name": name, "language": language}, {"kind": kind}
            )

    def cite(self, target, source, quote="", locator=""):
        self.attached(
            Citation, target, {"source": source}, {"quote": quote, "locator": locator}
        )


def term(vocabulary, code):
    return Term.objects.get(vocabulary=vocabulary, code=code)


@transaction.atomic
def load_demo():
    """Load (or bring up to date) the demo data set; returns (created, updated)."""
    load = Loader()

    # Actors ---------------------------------------------------------------------
    def actor(key, name, name_ar, kind, country="", aliases=()):
        record = load.curated(
            Actor,
            f"actor:{key}",
            {"name": name, "name_ar": name_ar, "kind": kind, "country": country},
        )
        load.names(record, aliases)
        return record

    isis = actor(
        "isis",
        "Islamic State (ISIS)",
        "تنظيم الدولة الإسلامية",
        "armed_group",
        aliases=[
            ("ISIS", "en", "alias"),
            ("ISIL", "en", "alias"),
            ("Daesh", "en", "alias"),
            ("Islamic State", "en", "alias"),
            ("Islamic State of Iraq and the Levant", "en", "alias"),
            ("داعش", "ar", "alias"),
            ("الدولة الإسلامية في العراق والشام", "ar", "alias"),
        ],
    )
    actor(
        "syrian-army-17th-division",
        "Syrian Arab Army 17th Division",
        "الفرقة 17 في الجيش العربي السوري",
        "state_force",
        "SY",
    )
    actor(
        "liwaa-al-quds",
        "Liwaa al-Quds",
        "لواء القدس",
        "militia",
        "SY",
        aliases=[("Quds Brigade", "en", "alias")],
    )
    actor(
        "sdf",
        "Syrian Democratic Forces (SDF)",
        "قوات سوريا الديمقراطية",
        "armed_group",
        "SY",
        aliases=[("SDF", "en", "alias")],
    )
    dgam = actor(
        "dgam",
        "Directorate-General of Antiquities and Museums (DGAM)",
        "المديرية العامة للآثار والمتاحف",
        "authority",
        "SY",
        aliases=[("DGAM", "en", "alias")],
    )
    unesco = actor("unesco", "UNESCO", "اليونسكو", "international")
    sohr = actor(
        "sohr",
        "Syrian Observatory for Human Rights (SOHR)",
        "المرصد السوري لحقوق الإنسان",
        "ngo",
        "GB",
        aliases=[("SOHR", "en", "alias")],
    )
    bbc = actor("bbc", "BBC", "بي بي سي", "media", "GB")
    jtic = actor(
        "jtic",
        "Jane's Terrorism and Insurgency Centre (JTIC)",
        "مركز جينز للإرهاب والتمرد",
        "media",
        aliases=[("JTIC", "en", "alias")],
    )
    asor = actor(
        "asor-chi",
        "ASOR Cultural Heritage Initiatives",
        "مبادرات التراث الثقافي التابعة لـ ASOR",
        "academic",
        aliases=[("ASOR CHI", "en", "alias")],
    )

    # Sources --------------------------------------------------------------------
    def source(key, title, kind, publisher=None, url="", description=""):
        return load.curated(
            Source,
            f"source:{key}",
            {
                "title": title,
                "kind": kind,
                "publisher": publisher,
                "url": url,
                "description": description,
            },
        )

    src_unesco = source(
        "unesco-palmyra",
        "Site of Palmyra — UNESCO World Heritage List entry",
        "official",
        unesco,
        "https://whc.unesco.org/en/list/23",
        "Reference 23; inscribed 1980 under criteria (i)(ii)(iv); on the List of World "
        "Heritage in Danger since 2013.",
    )
    src_article = source(
        "founding-article",
        "News report on ISIS's resurgence in eastern Syria and the reported finding of "
        "Khaled al-Asaad's remains",
        "news",
        description="The registry's founding article. It cites SOHR, Jane's JTIC and the BBC. "
        "Its publisher and date are not recorded here.",
    )
    source(
        "sohr-mayadeen",
        "SOHR report on the ISIS ambush of Syrian government forces in the al-Mayadeen desert",
        "ngo_report",
        sohr,
        description="Known to the registry through the founding article.",
    )
    source(
        "jtic-mayadeen",
        "Jane's Terrorism and Insurgency Centre analysis of the al-Mayadeen fighting",
        "ngo_report",
        jtic,
        description="Known to the registry through the founding article.",
    )
    src_bbc = source(
        "bbc-ali",
        "BBC report on a Syrian researcher, “Ali”, compiling statistics on ISIS attacks "
        "east of Deir ez-Zor",
        "news",
        bbc,
        description="Known to the registry through the founding article.",
    )
    src_asor_palmyra = source(
        "asor-chi-palmyra",
        "ASOR Cultural Heritage Initiatives incident reports on Palmyra",
        "ngo_report",
        asor,
        description="Incident reports documenting the destruction at Palmyra in 2015–2017, "
        "including damage to the tower tombs dated between satellite images of "
        "2 September 2015 and 30 March 2016.",
    )
    src_asor_looting = source(
        "asor-chi-deir-ez-zor",
        "ASOR Cultural Heritage Initiatives reports on looting at Dura-Europos and Mari",
        "ngo_report",
        asor,
        description="Looting at both sites documented from satellite imagery.",
    )

    # Places -----------------------------------------------------------------------
    homs = load.upsert(
        AdminDivision,
        {"country": "SY", "name": "Homs Governorate"},
        {"code": "SY-HI", "name_ar": "محافظة حمص"},
    )
    load.names(
        homs,
        [
            ("Homs", "en", "official"),
            ("Hims", "en", "transliteration"),
            ("حمص", "ar", "official"),
        ],
    )
    deir = load.upsert(
        AdminDivision,
        {"country": "SY", "name": "Deir ez-Zor Governorate"},
        {"code": "SY-DY", "name_ar": "محافظة دير الزور"},
    )
    load.names(
        deir,
        [
            ("Deir ez-Zor", "en", "official"),
            ("Deir Ezzor", "en", "press"),
            ("Deir el-Zor", "en", "press"),
            ("Dayr az-Zawr", "ar-Latn", "transliteration"),
            ("دير الزور", "ar", "official"),
        ],
    )

    # Sites ------------------------------------------------------------------------
    archaeological = term("site_type", "archaeological-site")
    palmyra = load.curated(
        HeritageSite,
        "site:palmyra",
        {
            "name": "Palmyra",
            "name_ar": "تدمر",
            "site_type": archaeological,
            "country": "SY",
            "admin_division": homs,
            "latitude": Decimal("34.554167"),
            "longitude": Decimal("38.266667"),
            "location_certainty": "approximate",
            "location_sensitivity": "public",
            "condition": "poor",
            "area_hectares": Decimal("1640.00"),
            "description": "Caravan city of an oasis in the Syrian desert, north-east of "
            "Damascus. Its monuments of the 1st and 2nd centuries AD join Graeco-Roman "
            "building to local traditions and Persian influence. ISIS held the site in "
            "2015–2017 and destroyed several of its monuments.",
            "description_ar": "مدينة القوافل في واحة بالبادية السورية شمال شرق دمشق. "
            "دمّر تنظيم الدولة الإسلامية عدداً من معالمها بين عامي 2015 و2017.",
        },
        {"periods": [term("period", "roman")]},
    )
    load.names(
        palmyra,
        [
            ("Palmyra", "en", "official"),
            ("Site of Palmyra", "en", "official"),
            ("Tadmur", "ar-Latn", "transliteration"),
            ("Tadmor", "en", "press"),
            ("Palmyre", "fr", "official"),
            ("تدمر", "ar", "official"),
            ("موقع تدمر", "ar", "official"),
        ],
    )
    load.upsert(
        Designation,
        {"site": palmyra, "kind": "world_heritage"},
        {"reference": "23", "criteria": "(i)(ii)(iv)", "year_from": 1980},
    )
    load.upsert(
        Designation,
        {"site": palmyra, "kind": "in_danger"},
        {"reference": "23", "year_from": 2013},
    )
    load.upsert(
        ExternalIdentifier,
        {"scheme": "unesco_whc", "value": "23"},
        {"site": palmyra, "url": "https://whc.unesco.org/en/list/23"},
    )
    load.cite(palmyra, src_unesco)

    dura = load.curated(
        HeritageSite,
        "site:dura-europos",
        {
            "name": "Dura-Europos",
            "name_ar": "دورا أوروبوس",
            "site_type": archaeological,
            "country": "SY",
            "admin_division": deir,
            "latitude": Decimal("34.747000"),
            "longitude": Decimal("40.730000"),
            "location_certainty": "approximate",
            "location_sensitivity": "generalised",
            "description": "Hellenistic, Parthian and Roman city on the Euphrates. "
            "Looting of the site was documented from satellite imagery.",
        },
        {
            "periods": [
                term("period", "hellenistic"),
                term("period", "parthian"),
                term("period", "roman"),
            ]
        },
    )
    load.names(
        dura,
        [
            ("Dura-Europos", "en", "official"),
            ("Dura Europos", "en", "press"),
            ("دورا أوروبوس", "ar", "official"),
        ],
    )
    mari = load.curated(
        HeritageSite,
        "site:mari",
        {
            "name": "Mari",
            "name_ar": "ماري",
            "site_type": archaeological,
            "country": "SY",
            "admin_division": deir,
            "latitude": Decimal("34.550000"),
            "longitude": Decimal("40.889000"),
            "location_certainty": "approximate",
            "location_sensitivity": "restricted",
            "description": "Bronze Age city on the Euphrates, known today as Tell Hariri. "
            "Looting of the site was documented from satellite imagery.",
        },
        {"periods": [term("period", "bronze-age")]},
    )
    load.cite(dura, src_asor_looting)
    load.cite(mari, src_asor_looting)
    load.names(
        mari,
        [
            ("Mari", "en", "official"),
            ("Tell Hariri", "en", "toponym"),
            ("تل الحريري", "ar", "toponym"),
            ("ماري", "ar", "official"),
        ],
    )

    # Structures at Palmyra ----------------------------------------------------------
    limestone = term("material", "limestone")
    roman = term("period", "roman")

    def structure(key, name, name_ar, kind, condition):
        return load.curated(
            Structure,
            f"structure:palmyra:{key}",
            {
                "site": palmyra,
                "name": name,
                "name_ar": name_ar,
                "structure_type": term("structure_type", kind),
                "condition": condition,
            },
            {"periods": [roman], "materials": [limestone]},
        )

    bel = structure("temple-of-bel", "Temple of Bel", "معبد بل", "temple", "destroyed")
    baalshamin = structure(
        "temple-of-baalshamin",
        "Temple of Baalshamin",
        "معبد بعل شمين",
        "temple",
        "destroyed",
    )
    arch = structure(
        "monumental-arch", "Monumental Arch", "قوس النصر", "arch", "very_bad"
    )
    tetrapylon = structure(
        "tetrapylon", "Tetrapylon", "التترابيلون", "tetrapylon", "very_bad"
    )
    theatre = structure(
        "roman-theatre", "Roman theatre", "المسرح الروماني", "theatre", "poor"
    )
    elahbel = structure(
        "tower-tomb-of-elahbel",
        "Tower Tomb of Elahbel",
        "مدفن إلحبل البرجي",
        "tower-tomb",
        "destroyed",
    )
    for standing in (bel, baalshamin, arch, tetrapylon, theatre, elahbel):
        load.cite(standing, src_asor_palmyra)
    load.names(
        theatre,
        [("Roman amphitheatre", "en", "press"), ("Palmyra theatre", "en", "press")],
    )
    load.names(baalshamin, [("Temple of Baal-Shamin", "en", "transliteration")])

    # Damage events ------------------------------------------------------------------
    demolition = term("cause_type", "explosion")
    collapse = term("effect_type", "collapse")
    broken = term("effect_type", "broken-parts")

    def damage(
        key,
        title,
        title_ar,
        dates,
        structures,
        certainty,
        sources,
        extent="91-100",
        condition="destroyed",
    ):
        event = load.curated(
            DamageEvent,
            f"damage:palmyra:{key}",
            {
                "site": palmyra,
                "title": title,
                "title_ar": title_ar,
                **dates,
                "cause_category": "deliberate",
                "cause_type": demolition,
                "extent": extent,
                "condition_after": condition,
                "perpetrator": isis,
                "attribution": "reported",
                "certainty": certainty,
                "verification": "reported",
            },
            {"effects": [collapse]},
        )
        for target, target_condition, effects in structures:
            load.upsert(
                StructureDamage,
                {"event": event, "structure": target},
                {"extent": extent, "condition_after": target_condition},
                {"effects": effects},
            )
        for cited, quote in sources:
            load.cite(event, cited, quote=quote)
        return event

    month = {"date_mode": "on", "date_precision": "month"}
    damage(
        "temple-of-baalshamin",
        "Destruction of the Temple of Baalshamin",
        "تدمير معبد بعل شمين",
        {**month, "date_from": datetime.date(2015, 8, 1), "date_to": None},
        [(baalshamin, "destroyed", [collapse])],
        "high",
        [(src_asor_palmyra, "")],
    )
    damage(
        "temple-of-bel",
        "Destruction of the Temple of Bel",
        "تدمير معبد بل",
        {**month, "date_from": datetime.date(2015, 8, 1), "date_to": None},
        [(bel, "destroyed", [collapse])],
        "high",
        [(src_asor_palmyra, "")],
    )
    damage(
        "tower-tombs",
        "Destruction of tower tombs in the Valley of the Tombs",
        "تدمير مدافن برجية في وادي القبور",
        {
            "date_mode": "between",
            "date_precision": "day",
            "date_from": datetime.date(2015, 9, 2),
            "date_to": datetime.date(2016, 3, 30),
        },
        [(elahbel, "destroyed", [collapse])],
        "medium",
        [(src_asor_palmyra, "")],
    )
    damage(
        "monumental-arch",
        "Destruction of the Monumental Arch",
        "تدمير قوس النصر",
        {**month, "date_from": datetime.date(2015, 10, 1), "date_to": None},
        [(arch, "very_bad", [collapse])],
        "high",
        [(src_asor_palmyra, "")],
        extent="61-90",
        condition="very_bad",
    )
    damage(
        "tetrapylon-and-theatre",
        "Destruction of the Tetrapylon and damage to the Roman theatre",
        "تدمير التترابيلون وإلحاق أضرار بالمسرح الروماني",
        {
            "date_mode": "before",
            "date_precision": "month",
            "date_from": None,
            "date_to": datetime.date(2017, 1, 1),
        },
        [(tetrapylon, "very_bad", [collapse]), (theatre, "poor", [broken])],
        "medium",
        [(src_article, QUOTE_DESTROYED), (src_asor_palmyra, "")],
        extent="31-60",
        condition="very_bad",
    )

    # Looting at Dura-Europos and Mari -------------------------------------------------
    group = term("object_type", "object-group")
    unknown_date = {
        "date_mode": "unknown",
        "date_precision": "",
        "date_from": None,
        "date_to": None,
    }
    for site, key, title_ar in (
        (dura, "dura-europos", "دورا أوروبوس"),
        (mari, "mari", "ماري"),
    ):
        incident = load.curated(
            LootingIncident,
            f"looting:{key}",
            {
                "site": site,
                "title": f"Illegal excavation at {site.name}",
                "title_ar": f"تنقيب غير مشروع في {title_ar}",
                "kind": "illegal_excavation",
                **unknown_date,
                "scale": "Looting pits documented on satellite imagery.",
                "certainty": "medium",
                "verification": "reported",
            },
        )
        load.cite(incident, src_asor_looting)
        objects = load.curated(
            CulturalObject,
            f"object:{key}:excavated",
            {
                "title": f"Unidentified objects from illegal excavations at {site.name}",
                "title_ar": f"قطع غير محددة من التنقيب غير المشروع في {title_ar}",
                "object_type": group,
                "current_status": "missing",
                "origin_site": site,
                "looting_incident": incident,
                "description": "Objects removed by illegal excavation. They are not "
                "individually identified; the record stands for them until they are.",
            },
        )
        load.upsert(CustodyEvent, {"object": objects, "kind": "looted"}, unknown_date)
        load.cite(objects, src_asor_looting)

    sold = load.curated(
        CulturalObject,
        "object:isis-black-market",
        {
            "title": "Antiquities sold on the black market by ISIS",
            "title_ar": "آثار باعها تنظيم الدولة الإسلامية في السوق السوداء",
            "object_type": group,
            "current_status": "unknown",
            "description": "Antiquities that ISIS sold to finance its war in Syria and Iraq. "
            "Neither the objects nor their origin are individually identified.",
        },
    )
    sale = load.upsert(
        CustodyEvent,
        {"object": sold, "kind": "sold"},
        {**unknown_date, "from_actor": isis},
    )
    load.cite(sold, src_article, quote=QUOTE_BLACK_MARKET)
    load.cite(sale, src_article, quote=QUOTE_BLACK_MARKET)

    # People -------------------------------------------------------------------------
    asaad = load.curated(
        Person,
        "person:khaled-al-asaad",
        {
            "name": "Khaled al-Asaad",
            "name_ar": "خالد الأسعد",
            "visibility": "public",
            "affiliation": dgam,
            "deceased": True,
            "biography": "Archaeologist and head of antiquities at Palmyra. ISIS killed "
            "him in August 2015, aged 82, because he refused to reveal where the "
            "antiquities had been hidden. His remains were reportedly found six years later.",
            "biography_ar": "عالم آثار ومدير آثار تدمر. قتله تنظيم الدولة الإسلامية في آب "
            "2015 عن 82 عاماً لرفضه الكشف عن مكان الآثار المخبأة.",
        },
        {
            "roles": [term("role", "custodian"), term("role", "archaeologist")],
            "sites": [palmyra],
        },
    )
    load.names(
        asaad,
        [
            ("Khaled al-Asa'ad", "en", "transliteration"),
            ("Khaled Asaad", "en", "press"),
            ("Khalid al-Asaad", "en", "transliteration"),
            ("خالد الأسعد", "ar", "official"),
        ],
    )
    killed = load.upsert(
        HarmEvent,
        {"person": asaad, "kind": "killed"},
        {
            **month,
            "date_from": datetime.date(2015, 8, 1),
            "date_to": None,
            "site": palmyra,
            "place": "Palmyra",
            "perpetrator": isis,
            "attribution": "reported",
            "certainty": "high",
            "verification": "reported",
            "description": "Killed for refusing to reveal the whereabouts of antiquities.",
        },
    )
    load.cite(killed, src_article, quote=QUOTE_KILLED)
    found = load.upsert(
        HarmEvent,
        {"person": asaad, "kind": "remains_found"},
        {
            "date_mode": "on",
            "date_precision": "year",
            "date_from": datetime.date(2021, 1, 1),
            "date_to": None,
            "site": palmyra,
            "certainty": "low",
            "verification": "reported",
            "description": "Remains reportedly found six years after his killing.",
        },
    )
    load.cite(found, src_article, quote=QUOTE_REMAINS)
    load.cite(asaad, src_article, quote=QUOTE_KILLED)

    ali = load.curated(
        Person,
        "person:ali",
        {
            "name": "",
            "pseudonym": "Ali",
            "visibility": "pseudonymous",
            "biography": "A Syrian researcher who works for a non-governmental organisation "
            "and compiles statistics on ISIS attacks east of Deir ez-Zor city.",
        },
        {"roles": [term("role", "researcher")]},
    )
    load.cite(ali, src_bbc, quote=QUOTE_ALI)
    return load.created, load.updated
