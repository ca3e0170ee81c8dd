"""Objects described fully (issue 15): country of origin, find-spot, holding
institution, provenance and source URL without a site record; a title in either
language; folded inscriptions for search; a perceptual hash on every photograph;
and a broader object-type vocabulary (English, Arabic, Getty AAT) for the lists of
looted objects that police and customs publish (paintings, graphic art, icons,
numismatics, weapons…).

AAT concepts are given only where their identifier was checked against published
mappings; the others are left for a curator to fill in the admin.
"""

import django_countries.fields
from django.db import migrations, models

AAT = "http://vocab.getty.edu/aat/"

# (code, English, Arabic, broader code or None, AAT id or "")
OBJECT_TYPES = [
    ("painting", "Painting", "لوحة مرسومة", None, "300033618"),
    ("icon", "Icon", "أيقونة", "painting", "300033945"),
    ("drawing", "Drawing / graphic art", "رسم / فن غرافيكي", None, "300033973"),
    ("print", "Print", "مطبوعة فنية", "drawing", "300041273"),
    ("stele", "Stele", "مسلة / شاهدة", "sculpture", ""),
    ("book", "Book", "كتاب", "writing", "300028051"),
    ("archival-document", "Archival document", "وثيقة أرشيفية", "writing", ""),
    ("photograph", "Photograph", "صورة فوتوغرافية", None, "300046300"),
    ("textile", "Textile", "منسوجة", None, "300014063"),
    ("medal", "Medal", "ميدالية", "coin", "300046025"),
    ("weapon", "Weapon / arms", "سلاح", None, "300036926"),
    ("ceramics", "Ceramics / pottery", "خزف / فخار", None, "300151343"),
    ("glass", "Glass object", "قطعة زجاجية", None, "300010898"),
    ("metalwork", "Metalwork", "مشغولات معدنية", None, "300015336"),
    ("stone-object", "Stone object", "قطعة حجرية", None, ""),
    ("wood-object", "Wood object", "قطعة خشبية", None, ""),
    ("furniture", "Furniture", "أثاث", None, "300037680"),
    ("ethnographic-object", "Ethnographic object", "قطعة إثنوغرافية", None, ""),
    ("other-object", "Other object", "قطعة أخرى", None, ""),
]
# AAT concepts of terms seeded by 0002 (their labels are left as they are).
EXISTING_AAT = {
    "sculpture": "300047090",
    "figurine": "300047455",
    "manuscript": "300028569",
    "inscription": "300028702",
    "coin": "300037222",
    "mosaic": "300015342",
    "architectural-element": "300000885",
    "jewellery": "300209286",
    "pottery-vessel": "300151343",
    "glass-vessel": "300010898",
    "cuneiform-tablet": "300028879",
}


def seed(apps, schema_editor):
    Term = apps.get_model("registry", "Term")
    db = schema_editor.connection.alias
    terms = Term.objects.using(db).filter(vocabulary="object_type")
    start = terms.count()
    for order, (code, label_en, label_ar, parent, aat) in enumerate(
        OBJECT_TYPES, start
    ):
        Term.objects.using(db).get_or_create(
            vocabulary="object_type",
            code=code,
            defaults={
                "label_en": label_en,
                "label_ar": label_ar,
                "sort_order": order,
                "aat_uri": f"{AAT}{aat}" if aat else "",
                "parent": terms.filter(code=parent).first() if parent else None,
            },
        )
    for code, aat in EXISTING_AAT.items():
        terms.filter(code=code, aat_uri="").update(aat_uri=f"{AAT}{aat}")


def unseed(apps, schema_editor):
    Term = apps.get_model("registry", "Term")
    db = schema_editor.connection.alias
    codes = [row[0] for row in OBJECT_TYPES]
    terms = Term.objects.using(db).filter(vocabulary="object_type", code__in=codes)
    terms.filter(parent__isnull=False).delete()
    terms.delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0015_phonetic_search_keys")]

    operations = [
        migrations.AddField(
            model_name='culturalobject',
            name='country_of_origin',
            field=django_countries.fields.CountryField(blank=True, db_index=True, help_text="Where the object was made or found; the site's country wins.", max_length=2, verbose_name='country of origin'),
        ),
        migrations.AddField(
            model_name='culturalobject',
            name='find_spot',
            field=models.CharField(blank=True, help_text='Place of discovery as the source words it, without a site.', max_length=300, verbose_name='find-spot'),
        ),
        migrations.AddField(
            model_name='culturalobject',
            name='holding_institution',
            field=models.CharField(blank=True, db_index=True, help_text='The museum, library or collection the object was taken from.', max_length=300, verbose_name='taken from (museum or collection)'),
        ),
        migrations.AddField(
            model_name='culturalobject',
            name='marks_text',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.AddField(
            model_name='culturalobject',
            name='provenance',
            field=models.TextField(blank=True, help_text='Related written material: where the object was seen or held. No personal names: owners and dealers belong in the custody chain.', verbose_name='provenance'),
        ),
        migrations.AddField(
            model_name='culturalobject',
            name='source_url',
            field=models.URLField(blank=True, help_text="The object's own page in the list it was taken from.", max_length=500, verbose_name='source URL'),
        ),
        migrations.AddField(
            model_name='historicalculturalobject',
            name='country_of_origin',
            field=django_countries.fields.CountryField(blank=True, db_index=True, help_text="Where the object was made or found; the site's country wins.", max_length=2, verbose_name='country of origin'),
        ),
        migrations.AddField(
            model_name='historicalculturalobject',
            name='find_spot',
            field=models.CharField(blank=True, help_text='Place of discovery as the source words it, without a site.', max_length=300, verbose_name='find-spot'),
        ),
        migrations.AddField(
            model_name='historicalculturalobject',
            name='holding_institution',
            field=models.CharField(blank=True, db_index=True, help_text='The museum, library or collection the object was taken from.', max_length=300, verbose_name='taken from (museum or collection)'),
        ),
        migrations.AddField(
            model_name='historicalculturalobject',
            name='marks_text',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.AddField(
            model_name='historicalculturalobject',
            name='provenance',
            field=models.TextField(blank=True, help_text='Related written material: where the object was seen or held. No personal names: owners and dealers belong in the custody chain.', verbose_name='provenance'),
        ),
        migrations.AddField(
            model_name='historicalculturalobject',
            name='source_url',
            field=models.URLField(blank=True, help_text="The object's own page in the list it was taken from.", max_length=500, verbose_name='source URL'),
        ),
        migrations.AddField(
            model_name='historicalmedia',
            name='phash',
            field=models.CharField(blank=True, editable=False, max_length=16, verbose_name='perceptual hash'),
        ),
        migrations.AddField(
            model_name='media',
            name='phash',
            field=models.CharField(blank=True, editable=False, max_length=16, verbose_name='perceptual hash'),
        ),
        migrations.AlterField(
            model_name='culturalobject',
            name='title',
            field=models.CharField(blank=True, help_text='A title in English or in Arabic: either one is enough.', max_length=300, verbose_name='title (English)'),
        ),
        migrations.AlterField(
            model_name='historicalculturalobject',
            name='title',
            field=models.CharField(blank=True, help_text='A title in English or in Arabic: either one is enough.', max_length=300, verbose_name='title (English)'),
        ),
        migrations.AddConstraint(
            model_name='culturalobject',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('title', ''), _negated=True), models.Q(('title_ar', ''), _negated=True), _connector='OR'), name='registry_culturalobject_has_title', violation_error_message='Give a title in English or in Arabic (either is enough).'),
        ),
        migrations.RunPython(seed, unseed),
    ]
