"""Cultural objects in a spreadsheet: the registry's own columns, Object ID in full.

The export's header names every column an import may fill (and so every column a
mapping may target, ``registry.interchange.mapping``): the description, several
materials and techniques (codes separated by ``|``), measurements with their units
in the column's name, country of origin (ISO code or English name), find-spot,
holding institution, provenance, the object's own source URL and its reference
numbers (inventory, INTERPOL, case, lot, other), each a column of ``|``-separated
numbers.

A value that is not a code of its vocabulary is refused with the closest codes, so
that a mapping can be corrected from the report alone.
"""

import difflib

from django.core.exceptions import ValidationError
from django_countries import countries
from import_export import fields, widgets

from registry.models import (
    CulturalObject,
    HeritageSite,
    LootingIncident,
    ObjectReference,
    ReferenceKind,
    Term,
)

from . import bulk
from .batched import chunks
from .mapping import OWN_REFERENCE
from .spreadsheets import CuratedResource, RecordWidget, TermWidget

SEPARATOR = "|"

# column -> the kind of reference number it holds
REFERENCE_COLUMNS = {
    "inventory_number": ReferenceKind.INVENTORY,
    "interpol_number": ReferenceKind.INTERPOL,
    "case_number": ReferenceKind.CASE,
    "lot_number": ReferenceKind.AUCTION_LOT,
    "other_reference": ReferenceKind.OTHER,
}


def closest_codes(vocabulary, value, limit=3):
    """The codes of ``vocabulary`` nearest to ``value`` (by code or by label)."""
    terms = list(
        Term.objects.filter(vocabulary=vocabulary).values_list(
            "code", "label_en", "label_ar"
        )
    )
    by_key = {}
    for code, label_en, label_ar in terms:
        for key in (code, label_en.casefold(), label_ar):
            if key:
                by_key.setdefault(key, code)
    wanted = str(value).casefold().strip()
    # A label that contains the value's stem first ("Graphics" → "Drawing /
    # graphic art"), then the spellings nearest as strings.
    stem = wanted[: max(4, len(wanted) - 3)]
    keys = [key for key in by_key if stem and stem in key]
    keys += difflib.get_close_matches(wanted, list(by_key), n=limit * 3, cutoff=0.5)
    return list(dict.fromkeys(by_key[key] for key in keys))[:limit]


def unknown_term(vocabulary, value):
    close = closest_codes(vocabulary, value)
    hint = f"; closest codes: {', '.join(close)}" if close else ""
    return ValueError(
        f"{value!r} is not a code of the {vocabulary} vocabulary{hint} "
        f"(see /api/v1/vocabularies/{vocabulary}/)"
    )


class SuggestingTermWidget(TermWidget):
    """A term by its code; an unknown code names the closest ones."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if self.found is not None and self.key(value) in self.found:
            return self.found[self.key(value)]
        try:
            return Term.objects.get(vocabulary=self.vocabulary, code=str(value).strip())
        except Term.DoesNotExist as error:
            raise unknown_term(self.vocabulary, value) from error


class TermsWidget(widgets.ManyToManyWidget):
    """Several terms of one vocabulary, codes separated by ``|``."""

    def __init__(self, vocabulary):
        super().__init__(Term, separator=SEPARATOR, field="code")
        self.vocabulary = vocabulary

    terms = None

    def preload(self):
        """The vocabulary's terms, read once for a whole file."""
        self.terms = {
            term.code: term for term in Term.objects.filter(vocabulary=self.vocabulary)
        }

    def clean(self, value, row=None, **kwargs):
        codes = [part.strip() for part in str(value or "").split(SEPARATOR)]
        codes = list(dict.fromkeys(code for code in codes if code))
        if not codes:
            return []
        terms = self.terms
        if terms is None:
            terms = {
                term.code: term
                for term in Term.objects.filter(
                    vocabulary=self.vocabulary, code__in=codes
                )
            }
        for code in codes:
            if code not in terms:
                raise unknown_term(self.vocabulary, code)
        return [terms[code] for code in codes]


class CountryWidget(widgets.Widget):
    """ISO 3166-1 alpha-2 code, or the country's English name ("Syria")."""

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return ""
        if text.upper() in dict(countries):
            return text.upper()
        code = countries.by_name(text) or countries.by_name(text, regex=True)
        if isinstance(code, list):
            code = code[0] if len(code) == 1 else ""
        if not code:
            raise ValueError(f"{text!r} is not a country (ISO code or English name)")
        return code

    def render(self, value, obj=None, **kwargs):
        return getattr(value, "code", value) or ""


def term(attribute, vocabulary):
    return fields.Field(
        attribute=attribute,
        column_name=attribute,
        widget=SuggestingTermWidget(vocabulary),
    )


def terms(attribute, vocabulary):
    return fields.Field(
        attribute=attribute,
        column_name=attribute,
        widget=TermsWidget(vocabulary),
        m2m_add=False,
    )


def reference(column):
    return fields.Field(column_name=column, readonly=True)


class CulturalObjectResource(CuratedResource):
    object_type = term("object_type", "object_type")
    period = term("period", "period")
    materials = terms("materials", "material")
    techniques = terms("techniques", "technique")
    origin_site = fields.Field(
        attribute="origin_site",
        column_name="origin_site",
        widget=RecordWidget(HeritageSite),
    )
    looting_incident = fields.Field(
        attribute="looting_incident",
        column_name="looting_incident",
        widget=RecordWidget(LootingIncident),
    )
    country_of_origin = fields.Field(
        attribute="country_of_origin",
        column_name="country_of_origin",
        widget=CountryWidget(),
    )
    measurements_text = fields.Field(
        attribute="measurements_note", column_name="measurements_text"
    )
    inventory_number = reference("inventory_number")
    interpol_number = reference("interpol_number")
    case_number = reference("case_number")
    lot_number = reference("lot_number")
    other_reference = reference("other_reference")

    class Meta(CuratedResource.Meta):
        model = CulturalObject
        fields = (
            "id",
            "title",
            "title_ar",
            "object_type",
            "red_list_category",
            "current_status",
            "materials",
            "techniques",
            "height_cm",
            "width_cm",
            "depth_cm",
            "diameter_cm",
            "weight_g",
            "measurements_text",
            "inscriptions",
            "distinguishing_features",
            "subject",
            "maker",
            "date_text",
            "period",
            "country_of_origin",
            "find_spot",
            "origin_site",
            "looting_incident",
            "holding_institution",
            "provenance",
            *REFERENCE_COLUMNS,
            "description",
            "description_ar",
            "source_url",
            "status",
        )
        export_order = fields

    def __init__(self, mapping=None, **kwargs):
        super().__init__(**kwargs)
        self.mapping = mapping  # registry.interchange.mapping.Mapping, or None
        # The mapping the rows came through, applied here or before (the command
        # applies it to read the file): its list's own numbers find the objects.
        self.listed = mapping

    def before_import(self, dataset, **kwargs):
        # The admin's import hands over the file as read: a mapping turns its rows
        # into the registry's columns here (import_records applies it before), and
        # then the records its columns name are read.
        if self.mapping is not None:
            targets = self.get_export_headers()
            mapped = self.mapping.apply(dataset, targets)
            dataset.wipe()
            dataset.headers = mapped.headers
            for row in mapped:
                dataset.append(row)
        super().before_import(dataset, **kwargs)
        self.pending_references = []
        self.read_own_references(dataset)

    def issuer(self, column):
        return self.listed.issuers.get(column, "") if self.listed is not None else ""

    def read_own_references(self, dataset):
        """The objects that hold the numbers of the file's rows without an id (the
        list's own, issued by the list), read at once: ``get_instance`` finds each
        row's object here, not by a query."""
        self.own_lines = None
        headers = dataset.headers or ()
        if (
            self.listed is None
            or not self.listed.matches
            or OWN_REFERENCE not in headers
        ):
            return
        ids = dataset["id"] if "id" in headers else [""] * len(dataset)
        self.own_lines = {}  # number -> lines of the file that give it
        for index, (public_id, cell) in enumerate(
            zip(ids, dataset[OWN_REFERENCE], strict=True)
        ):
            if public_id in (None, ""):
                for value in self.values_of(cell):
                    self.own_lines.setdefault(value, []).append(index + 2)
        holders = {}
        for part in chunks(self.own_lines):
            for value, key in ObjectReference.objects.filter(
                kind=REFERENCE_COLUMNS[OWN_REFERENCE],
                issuer=self.issuer(OWN_REFERENCE),
                value__in=part,
            ).values_list("value", "object_id"):
                holders.setdefault(value, set()).add(key)
        self.own_holders = holders
        self.own_records = {}
        keys = set().union(*holders.values()) if holders else set()
        for part in chunks(keys):
            for record in self.records_to_update().filter(pk__in=part):
                self.own_records[record.pk] = record
        # As stored (a row may change a record before another row names it).
        self.own_labels = {
            key: f"{record} ({record.public_id})"
            for key, record in self.own_records.items()
        }

    @staticmethod
    def values_of(cell):
        values = (value.strip() for value in str(cell or "").split(SEPARATOR))
        return list(dict.fromkeys(value for value in values if value))

    def get_instance(self, instance_loader, row):
        if row.get("id") or not getattr(self, "own_lines", None):
            return super().get_instance(instance_loader, row)
        values = self.values_of(row.get(OWN_REFERENCE))
        issuer = self.issuer(OWN_REFERENCE)
        by = f" (issued by {issuer})" if issuer else ""
        errors = []
        for value in values:
            lines = self.own_lines.get(value, [])
            if len(lines) > 1:
                errors.append(
                    f"the list's number {value!r} is on lines "
                    f"{', '.join(map(str, lines))}: one object, one row"
                )
        keys = set()
        for value in values:
            keys |= self.own_holders.get(value, set())
        if len(keys) > 1:
            errors.append(
                f"the list's number {SEPARATOR.join(values)!r}{by} is held by "
                f"{len(keys)} objects: "
                + ", ".join(self.own_labels[key] for key in sorted(keys))
                + "; give the row the id of the one it describes"
            )
        if errors:
            raise ValidationError({OWN_REFERENCE: errors})
        if not keys:
            return None
        record = self.own_records[keys.pop()]
        # The row is that object: its identifier stays (an empty id would give
        # it a new one), and a preview shows which object the row is.
        row["id"] = str(record.public_id)
        return record

    def skip_row(self, instance, original, row, import_validation_errors=None):
        # "Unchanged" includes the reference numbers, which are rows of their own.
        skip = super().skip_row(instance, original, row, import_validation_errors)
        return skip and not any(self.new_references(instance, row))

    def get_queryset(self):
        return super().get_queryset().prefetch_related("references")

    def records_to_update(self):
        return super().records_to_update().prefetch_related("references")

    def new_references(self, instance, row):
        existing = (
            {(ref.kind, ref.value) for ref in instance.references.all()}
            if instance.pk
            else set()
        )
        for column, kind in REFERENCE_COLUMNS.items():
            for value in str(row.get(column) or "").split(SEPARATOR):
                value = value.strip()
                if value and (kind, value) not in existing:
                    existing.add((kind, value))
                    yield kind, value

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        issuers = {
            kind: self.issuer(column) for column, kind in REFERENCE_COLUMNS.items()
        }
        new = [
            ObjectReference(
                kind=kind,
                value=value,
                # The issuer the mapping names for the column; an inventory number
                # is otherwise the holding institution's.
                issuer=(
                    issuers[kind]
                    or (
                        instance.holding_institution
                        if kind == ReferenceKind.INVENTORY
                        else ""
                    )
                ),
            )
            for kind, value in self.new_references(instance, row)
        ]
        for ref in new:
            ref.full_clean(exclude=["object"])
        self.pending_references.append((instance, new))

    def write_related(self, records):
        """The records' new reference numbers too, once they have their keys."""
        super().write_related(records)
        written = {id(record) for record in records}
        new = []
        for instance, references in self.pending_references:
            if id(instance) in written:
                for ref in references:
                    ref.object = instance
                    new.append(ref)
        self.pending_references = [
            item for item in self.pending_references if id(item[0]) not in written
        ]
        bulk.create(ObjectReference, new, user=self.user)


def _references(kind):
    def dehydrate(self, obj):
        values = [ref.value for ref in obj.references.all() if ref.kind == kind]
        return SEPARATOR.join(values)

    return dehydrate


for _column, _kind in REFERENCE_COLUMNS.items():
    setattr(CulturalObjectResource, f"dehydrate_{_column}", _references(_kind))
