"""A small registry modelled on real names, and the spellings readers type for them.

Used by the recall table (``test_recall``) and the reconciliation tests. Each record
carries the names a curator would enter from UNESCO's list or a report, no more:
the other spellings must be found by the search, not typed in by hand.
"""

from registry.models import Name
from tests import factories

# key: (kind, fields, [(name, language, kind)]); structures belong to Palmyra.
RECORDS = {
    "palmyra": (
        "site",
        {"name": "Site of Palmyra", "name_ar": "موقع تدمر"},
        [
            ("Tadmur", "ar-Latn", "transliteration"),
        ],
    ),
    "aleppo": (
        "site",
        {"name": "Ancient City of Aleppo", "name_ar": "مدينة حلب القديمة"},
        [],
    ),
    "bosra": (
        "site",
        {"name": "Ancient City of Bosra", "name_ar": "مدينة بصرى القديمة"},
        [],
    ),
    "crac": ("site", {"name": "Crac des Chevaliers", "name_ar": "قلعة الحصن"}, []),
    "nuri": (
        "site",
        {
            "country": "IQ",
            "name": "Great Mosque of al-Nuri",
            "name_ar": "جامع النوري الكبير",
        },
        [],
    ),
    "mosul": (
        "site",
        {"country": "IQ", "name": "Old City of Mosul", "name_ar": "الموصل القديمة"},
        [],
    ),
    "raqqa": ("site", {"name": "Raqqa Museum", "name_ar": "متحف الرقة"}, []),
    "deir": ("site", {"name": "Deir ez-Zor Museum", "name_ar": "متحف دير الزور"}, []),
    "dura": ("site", {"name": "Dura-Europos", "name_ar": "دورا أوروبوس"}, []),
    "mari": (
        "site",
        {"name": "Mari", "name_ar": "ماري"},
        [
            ("Tell Hariri", "ar-Latn", "toponym"),
        ],
    ),
    "apamea": ("site", {"name": "Apamea", "name_ar": "أفاميا"}, []),
    "ebla": ("site", {"name": "Ebla", "name_ar": "إيبلا"}, []),
    "hatra": ("site", {"country": "IQ", "name": "Hatra", "name_ar": "الحضر"}, []),
    "nimrud": ("site", {"country": "IQ", "name": "Nimrud", "name_ar": "نمرود"}, []),
    "damascus": (
        "site",
        {"name": "Ancient City of Damascus", "name_ar": "مدينة دمشق القديمة"},
        [],
    ),
    "maaloula": ("site", {"name": "Maaloula", "name_ar": "معلولا"}, []),
    "samarra": (
        "site",
        {
            "country": "IQ",
            "name": "Samarra Archaeological City",
            "name_ar": "مدينة سامراء الأثرية",
        },
        [],
    ),
    "yunus": (
        "site",
        {
            "country": "IQ",
            "name": "Mosque of the Prophet Yunus",
            "name_ar": "جامع النبي يونس",
        },
        [],
    ),
    "hama": ("site", {"name": "Norias of Hama", "name_ar": "نواعير حماة"}, []),
    "idlib": ("site", {"name": "Idlib Museum", "name_ar": "متحف إدلب"}, []),
    "maarra": ("site", {"name": "Ma'arra Museum", "name_ar": "متحف معرة النعمان"}, []),
    "simeon": ("site", {"name": "Church of Saint Simeon", "name_ar": "قلعة سمعان"}, []),
    "halaf": ("site", {"name": "Tell Halaf", "name_ar": "تل حلف"}, []),
    "ugarit": (
        "site",
        {"name": "Ugarit", "name_ar": "أوغاريت"},
        [
            ("Ras Shamra", "ar-Latn", "toponym"),
        ],
    ),
    "nineveh": ("site", {"country": "IQ", "name": "Nineveh", "name_ar": "نينوى"}, []),
    "mahlaba": ("site", {"name": "Tell Mahlaba", "name_ar": "تل محلبة"}, []),
    "tetrapylon": ("structure", {"name": "Tetrapylon", "name_ar": "التترابيلون"}, []),
    "baalshamin": (
        "structure",
        {"name": "Temple of Baalshamin", "name_ar": "معبد بعل شمين"},
        [],
    ),
    "bel": ("structure", {"name": "Temple of Bel", "name_ar": "معبد بل"}, []),
    "asaad": ("person", {"name": "Khaled al-Asaad", "name_ar": "خالد الأسعد"}, []),
    "isis": (
        "actor",
        {"name": "Islamic State", "name_ar": "الدولة الإسلامية"},
        [
            ("Daesh", "en", "alias"),
            ("داعش", "ar", "alias"),
        ],
    ),
}

# query → the record a reader means. Latin↔Arabic, transliteration schemes, typos,
# articles, hamza and ta marbuta, press and French spellings.
QUERIES = [
    # Palmyra, Tadmur, تدمر
    ("Palmyra", "palmyra"),
    ("Tadmor", "palmyra"),
    ("Tadmour", "palmyra"),
    ("تدمر", "palmyra"),
    ("Palmira", "palmyra"),
    ("Palmyre", "palmyra"),
    # Aleppo, Halab, حلب
    ("Halab", "aleppo"),
    ("Haleb", "aleppo"),
    ("حلب", "aleppo"),
    ("Alep", "aleppo"),
    ("Aleppo", "aleppo"),
    # Bosra, Busra, Bostra, بصرى
    ("Busra", "bosra"),
    ("Bosra", "bosra"),
    ("Bostra", "bosra"),
    ("Bousra", "bosra"),
    ("بصرى", "bosra"),
    ("Bosra al-Sham", "bosra"),
    # Crac des Chevaliers, Krak, Qal'at al-Hisn, قلعة الحصن
    ("Krak des Chevaliers", "crac"),
    ("Krak", "crac"),
    ("Qal'at al-Hisn", "crac"),
    ("Qalaat al-Hosn", "crac"),
    ("Kalaat el Hosn", "crac"),
    ("قلعة الحصن", "crac"),
    ("Crak des Chevaliers", "crac"),
    # al-Nuri mosque, النوري
    ("Nouri", "nuri"),
    ("al-Nouri", "nuri"),
    ("an-Nuri mosque", "nuri"),
    ("Jami al-Nuri", "nuri"),
    ("النوري", "nuri"),
    ("Great Mosque of al-Nouri", "nuri"),
    # Mosul, Mawsil, الموصل
    ("Mosul", "mosul"),
    ("Mawsil", "mosul"),
    ("al-Mawsil", "mosul"),
    ("الموصل", "mosul"),
    ("Mossoul", "mosul"),
    # Raqqa, Rakka, الرقة
    ("Rakka", "raqqa"),
    ("Raqqah", "raqqa"),
    ("ar-Raqqah", "raqqa"),
    ("الرقة", "raqqa"),
    ("Rakka museum", "raqqa"),
    # Deir ez-Zor, Dayr az-Zawr, دير الزور
    ("Dayr az-Zawr", "deir"),
    ("Deir el-Zor", "deir"),
    ("Deir Ezzor", "deir"),
    ("Deir al-Zour", "deir"),
    ("دير الزور", "deir"),
    # The others
    ("Doura Europos", "dura"),
    ("Dura Europus", "dura"),
    ("Tal al-Hariri", "mari"),
    ("تل الحريري", "mari"),
    ("Afamia", "apamea"),
    ("Afamya", "apamea"),
    ("Ibla", "ebla"),
    ("ايبلا", "ebla"),
    ("al-Hadr", "hatra"),
    ("الحضر", "hatra"),
    ("Nimroud", "nimrud"),
    ("Dimashq", "damascus"),
    ("دمشق", "damascus"),
    ("Ma'loula", "maaloula"),
    ("Maalula", "maaloula"),
    ("Samara", "samarra"),
    ("سامرا", "samarra"),
    ("Nebi Younes", "yunus"),
    ("Nabi Yunus", "yunus"),
    ("Hamah", "hama"),
    ("حماه", "hama"),
    ("Edleb", "idlib"),
    ("ادلب", "idlib"),
    ("Maarat al-Numan", "maarra"),
    ("معرة النعمان", "maarra"),
    ("Qal'at Sim'an", "simeon"),
    ("Kalaat Semaan", "simeon"),
    ("Tel Halaf", "halaf"),
    ("Ougarit", "ugarit"),
    ("Ras Shamrah", "ugarit"),
    ("Ninawa", "nineveh"),
    # Structures of Palmyra, typos and Arabic
    ("Tetrapilon", "tetrapylon"),
    ("Tetrapylone", "tetrapylon"),
    ("Baalshamim", "baalshamin"),
    ("Baal Shamin", "baalshamin"),
    ("Ba'al Shamin", "baalshamin"),
    ("بعل شمين", "baalshamin"),
    ("Temple of Baal", "bel"),
    # People and actors
    ("Khalid al-Asad", "asaad"),
    ("Khaled al-As'ad", "asaad"),
    ("خالد الاسعد", "asaad"),
    ("Daech", "isis"),
    ("Da'esh", "isis"),
    ("داعش", "isis"),
]

# Places that are not in this registry: every search for them must find nothing.
NOTHING = [
    "Timbuktu",
    "Petra",
    "Bamiyan",
    "Carthage",
    "Persepolis",
    "Leptis Magna",
    "Jerash",
    "Byblos",
    "Baghdad",
    "Kairouan",
    "Volubilis",
    "Sabratha",
    "Lalibela",
    "Hampi",
    "تمبكتو",
    "البتراء",
    "قرطاج",
    "بغداد",
    "جرش",
    "صبراتة",
]

ENDPOINT = {
    "site": "sites",
    "structure": "structures",
    "person": "people",
    "actor": "actors",
}


def build_registry():
    """The records of ``RECORDS``, published, by key."""
    made = {}
    for key, (kind, fields, names) in RECORDS.items():
        if kind == "site":
            record = factories.SiteFactory(**fields)
        elif kind == "structure":
            record = factories.StructureFactory(site=made["palmyra"], **fields)
        elif kind == "person":
            record = factories.PersonFactory(**fields)
        else:
            record = factories.ActorFactory(**fields)
        for name, language, name_kind in names:
            factories.attach(Name, record, name=name, language=language, kind=name_kind)
        made[key] = record
    return made
