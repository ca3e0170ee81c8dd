"""The words a synthetic registry is made of: countries at war and their
governorates, the parts of place names in Latin and Arabic, kinds of structure,
titles by cause, people's names, and the mix of publication statuses."""

from registry.models.choices import CauseCategory, PublicationStatus

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

STATUS_MIX = [
    (PublicationStatus.PUBLISHED, 90),
    (PublicationStatus.DRAFT, 5),
    (PublicationStatus.REVIEW, 3),
    (PublicationStatus.WITHDRAWN, 2),
]
