"""Site types that real data sets state: natural sites (UNESCO's Natural category),
educational buildings and "other" (Ukraine's list), and "unclassified" for a site
whose type no source states (a curator chooses it later)."""



from django.db import migrations



TERMS = {
    "site_type": [
        ("natural-site", "Natural site", "موقع طبيعي", None),
        ("education", "Educational building", "مبنى تعليمي", None),
        ("other", "Other", "نوع آخر", None),
        ("unclassified", "Unclassified (type not stated)", "غير مصنّف", None),
    ],
}


def seed(apps, schema_editor):
    Term = apps.get_model("registry", "Term")
    db = schema_editor.connection.alias
    for vocabulary, rows in TERMS.items():
        start = Term.objects.using(db).filter(vocabulary=vocabulary).count()
        for order, (code, label_en, label_ar, _parent) in enumerate(rows, start):
            Term.objects.using(db).get_or_create(
                vocabulary=vocabulary,
                code=code,
                defaults={"label_en": label_en, "label_ar": label_ar, "sort_order": order},
            )


def unseed(apps, schema_editor):
    Term = apps.get_model("registry", "Term")
    db = schema_editor.connection.alias
    for vocabulary, rows in TERMS.items():
        codes = [row[0] for row in rows if row[0] != "natural-site"]
        Term.objects.using(db).filter(vocabulary=vocabulary, code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0013_unesco_list_and_import_batches")]

    operations = [migrations.RunPython(seed, unseed)]
