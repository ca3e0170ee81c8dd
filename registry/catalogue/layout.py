"""A version's document laid out for reading: rows of labels and values in the
reader's language, for the version's page and the dossier's PDFs (the same rows,
so the PDF says what the page says)."""

from dataclasses import dataclass

from django.apps import apps
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from registry.publishing.documents import KIND_BY_CODE, date_of


@dataclass
class Row:
    """One line of a record as a reader sees it: a label and a value, or a list of
    items (each a list of rows) for the rows a record owns."""

    label: str
    text: str = ""
    lang: str = ""
    href: str = ""
    items: list = None


# Keys of a document that are no field of their model (or another one's name).
EXTRA_LABELS = {
    "location": _("Location"),
    "names": _("Names"),
    "aliases": _("Aliases and other names"),
    "citations": _("Sources"),
    "date": _("Date"),
    "structures": _("Structures affected"),
    "custody_chain": _("Custody chain"),
    "harm_events": _("What happened to them"),
    "designations": _("Protection"),
    "identifiers": _("Identifiers elsewhere"),
    "references": _("Reference numbers"),
    "disturbances": _("Disturbances observed"),
    "threats": _("Threats"),
    "category": _("World Heritage category"),
    "region": _("UNESCO regions"),
    "status": _("Current status"),
}
# The model of the rows a list of the document holds, for their labels.
ROW_MODELS = {
    "designations": "Designation",
    "identifiers": "ExternalIdentifier",
    "structures": "StructureDamage",
    "references": "ObjectReference",
    "custody_chain": "CustodyEvent",
    "harm_events": "HarmEvent",
    "disturbances": "Disturbance",
    "threats": "Threat",
    "names": "Name",
    "aliases": "Name",
}
# Document keys whose choices are those of another field of the model.
FIELD_OF = {
    "status": "current_status",
    "category": "unesco_category",
    "region": "unesco_regions",
}
LINKS = {"url", "archive_url", "source_url"}


def _field(model, key):
    try:
        return model._meta.get_field(FIELD_OF.get(key, key))
    except Exception:  # noqa: BLE001  (no such field: a key of the document's own)
        return None


def _label(model, key):
    if key in EXTRA_LABELS:
        return str(EXTRA_LABELS[key])
    field = _field(model, key)
    if field is not None and hasattr(field, "verbose_name"):
        return capfirst(str(field.verbose_name))
    return capfirst(key.replace("_", " "))


def _arabic():
    return (translation.get_language() or "").startswith("ar")


def bilingual(english, arabic):
    """The Arabic text on Arabic pages where there is one, else the English."""
    return (arabic or english) if _arabic() else (english or arabic)


def _term_text(term):
    return bilingual(term["label_en"], term["label_ar"])


def _choice(model, key, value):
    field = _field(model, key)
    if field is not None and getattr(field, "choices", None):
        for code, label in field.flatchoices:
            if code == value:
                return str(label)
    if key == "region":
        from registry.models import UnescoRegion

        return ", ".join(str(UnescoRegion(code).label) for code in value)
    return str(value)


def _date_text(model, value):
    return str(
        date_of(
            model,
            {
                "date_mode": value["mode"],
                "date_precision": value["precision"],
                "date_from": value["start"],
                "date_to": value["end"],
            },
        )["display"]
    )


def _location_text(value):
    if value["latitude"] is None:
        return str(
            _("Not recorded") if value["precision"] == "not_recorded" else _("Withheld")
        )
    precision = {
        "exact": _("exact"),
        "generalised": _("generalised to a cell of about 11 km"),
    }.get(value["precision"], value["precision"])
    return f"{value['latitude']}, {value['longitude']} ({precision})"


def _citation_rows(citation):
    href = ""
    if citation.get("source"):
        href = KIND_BY_CODE["source"].page(citation["source"])
    text = citation["title"]
    extra = [citation.get("locator") or ""]
    if citation.get("quote"):
        extra.append(f"“{citation['quote']}”")
    detail = ", ".join(part for part in extra if part)
    if detail:
        text = f"{text}: {detail}"
    return Row(label=str(_("Source")), text=text, href=href)


def rows_of(model, record):
    """``record`` (a document's record, or one of its owned rows) as rows, in the
    reader's language."""
    rows = []
    for key, value in record.items():
        if value in (None, "", [], {}) or key == "path":
            continue
        label = _label(model, key)
        if key == "location":
            rows.append(Row(label, _location_text(value)))
        elif key == "citations":
            rows.append(Row(label, items=[[_citation_rows(c)] for c in value]))
        elif key in ("names", "aliases"):
            items = [
                [
                    Row(
                        str(_("Name")),
                        f"{name['name']} ({name['language'] or '—'})",
                        lang=name["language"] or "",
                    )
                ]
                for name in value
            ]
            rows.append(Row(label, items=items))
        elif key in ROW_MODELS:
            row_model = apps.get_model("registry", ROW_MODELS[key])
            rows.append(Row(label, items=[rows_of(row_model, item) for item in value]))
        elif isinstance(value, dict) and "mode" in value and "display" in value:
            rows.append(Row(label, _date_text(model, value)))
        elif isinstance(value, dict) and "type" in value and "id" in value:
            text = bilingual(value["label"], value["label_ar"])
            rows.append(
                Row(label, text, href=KIND_BY_CODE[value["type"]].page(value["id"]))
            )
        elif isinstance(value, dict) and "label_en" in value:
            rows.append(Row(label, _term_text(value)))
        elif isinstance(value, dict) and "code" in value and "name" in value:
            if "name_ar" in value:  # an administrative division
                rows.append(Row(label, bilingual(value["name"], value["name_ar"])))
            elif value["code"]:
                rows.append(Row(label, str(countries.name(value["code"]))))
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            if "label_en" in value[0]:
                rows.append(Row(label, ", ".join(_term_text(term) for term in value)))
            elif "code" in value[0]:
                rows.append(
                    Row(label, ", ".join(str(countries.name(c["code"])) for c in value))
                )
            else:  # references to records
                for ref in value:
                    rows.append(
                        Row(
                            label,
                            bilingual(ref["label"], ref["label_ar"]),
                            href=KIND_BY_CODE[ref["type"]].page(ref["id"]),
                        )
                    )
        elif isinstance(value, bool):
            rows.append(Row(label, str(_("Yes") if value else _("No"))))
        elif key in LINKS:
            rows.append(Row(label, value, href=value))
        elif isinstance(value, list):
            rows.append(Row(label, _choice(model, key, value)))
        else:
            lang = "ar" if key.endswith("_ar") else ""
            rows.append(Row(label, _choice(model, key, value), lang=lang))
    return rows


def layout(document):
    """A document's record as rows, in the reader's language."""
    return rows_of(KIND_BY_CODE[document["type"]].model, document["record"])
