"""An object's maker finds it: the search text of every object is rebuilt with it
(``CulturalObject.search_fields``), as ``manage.py rebuild_search`` would."""

from django.db import migrations

from registry.search.ligatures import repair_arabic
from registry.search.phonetic import search_keys_of
from registry.search.text import fold


def search_text_of(texts):
    folded = (fold(repair_arabic(text)) for text in texts if text)
    return " | ".join(dict.fromkeys(text for text in folded if text))


def rebuild(apps, schema_editor):
    CulturalObject = apps.get_model("registry", "CulturalObject")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Name = apps.get_model("registry", "Name")
    content_type = ContentType.objects.filter(
        app_label="registry", model="culturalobject"
    ).first()
    names = {}
    if content_type is not None:
        for object_id, name in Name.objects.filter(
            content_type=content_type
        ).values_list("object_id", "name").order_by("pk"):
            names.setdefault(object_id, []).append(name)
    batch = []
    records = CulturalObject.objects.exclude(maker="").only(
        "pk", "title", "title_ar", "maker", "search_text", "search_keys"
    )
    for record in records.iterator(chunk_size=2000):
        texts = [record.title, record.title_ar, record.maker]
        record.search_text = search_text_of([*texts, *names.get(record.pk, [])])
        record.search_keys = search_keys_of(record.search_text)
        batch.append(record)
        if len(batch) >= 2000:
            CulturalObject.objects.bulk_update(batch, ["search_text", "search_keys"])
            batch = []
    if batch:
        CulturalObject.objects.bulk_update(batch, ["search_text", "search_keys"])


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("registry", "0062_newest_first"),
    ]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
