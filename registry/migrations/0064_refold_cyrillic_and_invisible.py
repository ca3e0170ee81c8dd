"""Cyrillic is folded to Latin letters, and characters that are not seen (soft
hyphens, joiners, direction marks) go (``registry.search.text``): the search text,
the phonetic keys and the folded names of every record that holds either are
folded again. A stored search text is already folded, name by name between bars;
folding a folded name again changes nothing but these, so the record's own fields
need not be read.

One letter is not recovered: й was stored as и (the earlier folding dropped its
breve), so a word with й refolds to y where a record saved now has i ("художній":
khudozhniy, not khudozhnii). Its phonetic keys are the same either way, so a search
finds it all the same; ``manage.py rebuild_search`` rebuilds it exactly."""

from django.db import migrations
from django.db.models import F

from registry.search.phonetic import search_keys_of
from registry.search.text import fold

# Cyrillic letters, and the characters that are not seen (text._INVISIBLE).
REFOLDED = (
    "[\u0400-\u04ff\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff]"
)
BATCH = 2000


def refolded(search_text):
    folded = (fold(name) for name in search_text.split(" | "))
    return " | ".join(dict.fromkeys(name for name in folded if name))


def _save(model, records, fields):
    batch = []
    for record in records:
        batch.append(record)
        if len(batch) >= BATCH:
            model.objects.bulk_update(batch, fields)
            batch = []
    if batch:
        model.objects.bulk_update(batch, fields)


def refold(apps, schema_editor):
    changed = False
    for model in apps.get_app_config("registry").get_models():
        fields = {field.name for field in model._meta.get_fields()}
        # The history keeps the rows as they were saved: left as it is.
        historical = model.__name__.startswith("Historical")
        if historical or not {"search_text", "search_keys"} <= fields:
            continue
        records = list(
            model.objects.filter(search_text__regex=REFOLDED).only(
                "pk", "search_text", "search_keys"
            )
        )
        for record in records:
            record.search_text = refolded(record.search_text)
            record.search_keys = search_keys_of(record.search_text)
        _save(model, records, ["search_text", "search_keys"])
        changed = changed or bool(records)
    Name = apps.get_model("registry", "Name")
    names = list(Name.objects.filter(normalised__regex=REFOLDED).only("pk", "name"))
    for name in names:
        name.normalised = fold(name.name)
    _save(Name, names, ["normalised"])
    if changed or names:
        # Cached answers of searches are stale: the registry-wide data version moves
        # on, as ``registry.publishing.cache.bump()`` moves it after a bulk change.
        DataVersion = apps.get_model("registry", "DataVersion")
        if not DataVersion.objects.filter(table="").update(version=F("version") + 1):
            DataVersion.objects.create(table="", version=1)


class Migration(migrations.Migration):
    dependencies = [("registry", "0063_object_maker_searched")]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop)]
