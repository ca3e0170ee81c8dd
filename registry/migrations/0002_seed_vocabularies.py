"""Seed the open vocabularies from EAMENA, Object ID and the ICOM Red Lists.

Curators extend them in the admin; codes are stable and used by the API.
"""

from django.db import migrations

# vocabulary: [(code, English, Arabic, broader code or None), ...]
TERMS = {
    "site_type": [
        ("archaeological-site", "Archaeological site", "موقع أثري", None),
        ("historic-city", "Historic city / urban heritage", "مدينة تاريخية / تراث عمراني", None),
        ("religious-building", "Religious building", "مبنى ديني", None),
        ("historic-building", "Historic building", "مبنى تاريخي", None),
        ("museum", "Museum", "متحف", None),
        ("library-archive", "Library or archive", "مكتبة أو أرشيف", None),
        ("monument", "Monument", "نصب تذكاري", None),
        ("cultural-landscape", "Cultural landscape", "مشهد ثقافي", None),
    ],
    "structure_type": [
        ("temple", "Temple", "معبد", None),
        ("theatre", "Theatre", "مسرح", None),
        ("tetrapylon", "Tetrapylon", "تترابيلون", None),
        ("arch", "Arch", "قوس", None),
        ("colonnade", "Colonnade", "رواق معمّد", None),
        ("tomb", "Tomb", "مدفن", None),
        ("tower-tomb", "Tower tomb", "مدفن برجي", "tomb"),
        ("city-wall", "City wall", "سور المدينة", None),
        ("citadel", "Citadel / castle", "قلعة", None),
        ("mosque", "Mosque", "مسجد", None),
        ("minaret", "Minaret", "مئذنة", None),
        ("church", "Church", "كنيسة", None),
        ("shrine", "Shrine / mausoleum", "مقام / ضريح", None),
        ("market", "Market", "سوق", None),
        ("bath", "Bath", "حمّام", None),
        ("house", "House", "منزل", None),
        ("bridge", "Bridge", "جسر", None),
        ("museum-building", "Museum building", "مبنى متحف", None),
    ],
    "object_type": [
        ("sculpture", "Sculpture", "منحوتة", None),
        ("statue", "Statue", "تمثال", "sculpture"),
        ("relief", "Relief", "نقش بارز", "sculpture"),
        ("funerary-bust", "Funerary bust", "تمثال نصفي جنائزي", "sculpture"),
        ("figurine", "Figurine", "دمية", "sculpture"),
        ("vessel", "Vessel", "إناء", None),
        ("pottery-vessel", "Pottery vessel", "إناء فخاري", "vessel"),
        ("glass-vessel", "Glass vessel", "إناء زجاجي", "vessel"),
        ("metal-vessel", "Metal vessel", "إناء معدني", "vessel"),
        ("writing", "Writing", "كتابة", None),
        ("cuneiform-tablet", "Cuneiform tablet", "رقيم مسماري", "writing"),
        ("manuscript", "Manuscript", "مخطوط", "writing"),
        ("inscription", "Inscription", "نقش كتابي", "writing"),
        ("seal", "Seal", "ختم", None),
        ("cylinder-seal", "Cylinder seal", "ختم أسطواني", "seal"),
        ("stamp-seal", "Stamp seal", "ختم منبسط", "seal"),
        ("coin", "Coin", "قطعة نقدية", None),
        ("mosaic", "Mosaic", "فسيفساء", None),
        ("architectural-element", "Architectural element", "عنصر معماري", None),
        ("jewellery", "Jewellery", "حلي", None),
        ("object-group", "Group of objects", "مجموعة من القطع", None),
    ],
    "cause_type": [
        ("demolition", "Demolition / destruction", "هدم / تدمير", None),
        ("explosion", "Explosion / heavy weaponry", "تفجير / أسلحة ثقيلة", None),
        ("gunfire", "Gunfire / light weaponry", "إطلاق نار / أسلحة خفيفة", None),
        ("breaking", "Breaking / smashing", "كسر / تحطيم", None),
        ("fire", "Fire", "حريق", None),
        ("bulldozing", "Clearance / bulldozing", "تجريف", None),
        ("machine-excavation", "Excavation by machinery", "حفر بالآليات", None),
        ("hand-excavation", "Excavation by hand", "حفر يدوي", None),
        ("structural-robbing", "Structural robbing", "نهب العناصر الإنشائية", None),
        ("theft", "Theft / unauthorised removal of objects", "سرقة / إزالة غير مشروعة للقطع", None),
        ("graffiti", "Graffiti", "كتابات على الجدران", None),
        ("military-use", "Military occupation / use", "احتلال / استخدام عسكري", None),
        ("tunnelling", "Tunnelling", "حفر الأنفاق", None),
        ("landmines", "Landmines", "ألغام أرضية", None),
    ],
    "effect_type": [
        ("collapse", "Collapse / structural damage", "انهيار / ضرر إنشائي", None),
        ("broken-parts", "Cracked / broken / missing parts", "تشقق / كسر / أجزاء مفقودة", None),
        ("surface-loss", "Surface loss", "فقدان السطح", None),
        ("burning", "Burning", "احتراق", None),
        ("material-loss", "Loss / removal of archaeological material", "فقدان / إزالة مواد أثرية", None),
        ("artefact-displacement", "Artefact displacement", "إزاحة القطع الأثرية", None),
        ("visual-impact", "Visual impact", "أثر بصري", None),
        ("relocation", "Relocation of features", "نقل العناصر", None),
    ],
    "role": [
        ("custodian", "Custodian / site director", "أمين / مدير موقع", None),
        ("archaeologist", "Archaeologist", "عالم آثار", None),
        ("guard", "Guard", "حارس", None),
        ("museum-staff", "Museum staff", "موظف متحف", None),
        ("researcher", "Researcher", "باحث", None),
        ("journalist", "Journalist", "صحفي", None),
        ("conservator", "Conservator", "مرمّم", None),
    ],
    "material": [
        ("stone", "Stone", "حجر", None),
        ("limestone", "Limestone", "حجر كلسي", "stone"),
        ("sandstone", "Sandstone", "حجر رملي", "stone"),
        ("basalt", "Basalt", "بازلت", "stone"),
        ("marble", "Marble", "رخام", "stone"),
        ("clay", "Clay / terracotta", "طين / فخار", None),
        ("mud-brick", "Mud brick", "لبن", None),
        ("fired-brick", "Fired brick", "آجر", None),
        ("gypsum", "Gypsum / plaster", "جص", None),
        ("glass", "Glass", "زجاج", None),
        ("bronze", "Bronze", "برونز", None),
        ("copper", "Copper", "نحاس", None),
        ("gold", "Gold", "ذهب", None),
        ("silver", "Silver", "فضة", None),
        ("iron", "Iron", "حديد", None),
        ("wood", "Wood", "خشب", None),
        ("bone", "Bone", "عظم", None),
        ("ivory", "Ivory", "عاج", None),
        ("textile", "Textile", "نسيج", None),
        ("parchment", "Parchment", "رق", None),
        ("paper", "Paper", "ورق", None),
    ],
    "technique": [
        ("carving", "Carving", "نحت", None),
        ("casting", "Casting", "صب", None),
        ("modelling", "Modelling", "تشكيل يدوي", None),
        ("wheel-thrown", "Wheel-thrown", "تشكيل على الدولاب", None),
        ("engraving", "Engraving", "حفر", None),
        ("painting", "Painting", "تلوين", None),
        ("inlay", "Inlay", "ترصيع", None),
        ("weaving", "Weaving", "نسج", None),
    ],
    "period": [
        ("prehistoric", "Prehistoric", "عصور ما قبل التاريخ", None),
        ("bronze-age", "Bronze Age", "العصر البرونزي", None),
        ("iron-age", "Iron Age", "العصر الحديدي", None),
        ("hellenistic", "Hellenistic", "العصر الهلنستي", None),
        ("parthian", "Parthian", "العصر الفرثي", None),
        ("roman", "Roman", "العصر الروماني", None),
        ("byzantine", "Byzantine", "العصر البيزنطي", None),
        ("umayyad", "Umayyad", "العصر الأموي", None),
        ("abbasid", "Abbasid", "العصر العباسي", None),
        ("ayyubid", "Ayyubid", "العصر الأيوبي", None),
        ("mamluk", "Mamluk", "العصر المملوكي", None),
        ("ottoman", "Ottoman", "العصر العثماني", None),
        ("modern", "Modern", "العصر الحديث", None),
    ],
}


def seed(apps, schema_editor):
    Term = apps.get_model("registry", "Term")
    db = schema_editor.connection.alias
    for vocabulary, rows in TERMS.items():
        for order, (code, label_en, label_ar, parent) in enumerate(rows):
            Term.objects.using(db).update_or_create(
                vocabulary=vocabulary,
                code=code,
                defaults={
                    "label_en": label_en,
                    "label_ar": label_ar,
                    "sort_order": order,
                    "parent": (
                        Term.objects.using(db).get(vocabulary=vocabulary, code=parent)
                        if parent
                        else None
                    ),
                },
            )


def unseed(apps, schema_editor):
    Term = apps.get_model("registry", "Term")
    db = schema_editor.connection.alias
    for vocabulary, rows in TERMS.items():
        codes = [row[0] for row in rows]
        # Narrower terms first, so PROTECT on ``parent`` does not refuse.
        Term.objects.using(db).filter(
            vocabulary=vocabulary, code__in=codes, parent__isnull=False
        ).delete()
        Term.objects.using(db).filter(vocabulary=vocabulary, code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
