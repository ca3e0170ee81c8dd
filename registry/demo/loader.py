"""The loader shared by the demo data sets: idempotent writes, and records from a file.

``Loader`` writes a row only when it differs from what the database holds, so
loading a data set twice changes nothing (not even the history), and loading it
again repairs a record edited in between. ``load_document()`` loads a JSON
document of records (``registry/demo/data/founding_case.json``; its format is
described in ``founding_case.README.md`` beside it).
"""

import datetime
import json
import uuid
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models

from registry.models import (
    Actor,
    AdminDivision,
    Citation,
    ConditionAssessment,
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


def demo_id(key):
    """The fixed public identifier of a demo record."""
    return uuid.uuid5(DEMO_NAMESPACE, key)


def term(vocabulary, code):
    return Term.objects.get(vocabulary=vocabulary, code=code)


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


# Documents -------------------------------------------------------------------------

# A record's key starts with its kind: "site:palmyra" is a HeritageSite. Curated
# records take their public identifier from the whole key (``demo_id``).
KINDS = {
    "actor": Actor,
    "source": Source,
    "division": AdminDivision,
    "site": HeritageSite,
    "structure": Structure,
    "damage": DamageEvent,
    "looting": LootingIncident,
    "object": CulturalObject,
    "person": Person,
    "assessment": ConditionAssessment,
}

# Records without a public identifier are matched on these fields instead. The
# dependent ones (all but AdminDivision) are written inside their parent record,
# under the parent's name for them ("designations", "harm_events"…).
MATCH = {
    AdminDivision: ("country", "name"),
    Designation: ("site", "kind"),
    ExternalIdentifier: ("scheme", "value"),
    StructureDamage: ("event", "structure"),
    CustodyEvent: ("object", "kind"),
    HarmEvent: ("person", "kind"),
}

# A record's entries that are not fields of its model (dependent lists aside).
NAMES, CITATIONS = "names", "citations"


class DocumentError(ValueError):
    """A data file that cannot be loaded as written."""


def read_document(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def load_document(document, load=None):
    """Load every record of ``document`` in order; returns the ``Loader``.

    A reference names a record loaded before it (by key) or a term (by code).
    """
    unknown = set(document) - {"about", "records"}
    if unknown:
        raise DocumentError(f"unknown top-level entries: {sorted(unknown)}")
    load = load or Loader()
    records = {}
    for key, record in document["records"].items():
        kind = key.split(":", 1)[0]
        if kind not in KINDS:
            raise DocumentError(f"{key}: unknown kind {kind!r}; known: {list(KINDS)}")
        records[key] = _load_record(load, records, KINDS[kind], key, record)
    return load


def _load_record(load, records, model, key, record, parent=None):
    fields = {
        name: value
        for name, value in record.items()
        if name not in (NAMES, CITATIONS) and not _is_dependent(model, name)
    }
    values, m2m = _resolve(records, model, key, fields)
    if parent is not None:
        values[parent[0]] = parent[1]
    if model in MATCH:
        missing = [name for name in MATCH[model] if name not in values]
        if missing:
            raise DocumentError(f"{key}: {model.__name__} needs {missing}")
        match = {name: values.pop(name) for name in MATCH[model]}
    try:
        if model in MATCH:
            obj = load.upsert(model, match, values, m2m or None)
        else:
            obj = load.curated(model, key, values, m2m or None)
    except ValidationError as error:
        # A registry that already holds one of the demo's facts otherwise (a
        # UNESCO reference imported from the World Heritage List).
        raise DocumentError(
            f"{key} ({model._meta.verbose_name}) cannot be loaded into this "
            f"registry: {' '.join(error.messages)}"
        ) from error
    names = record.get(NAMES, [])
    load.names(obj, [(n["name"], n["language"], n["kind"]) for n in names])
    for name, children in record.items():
        if _is_dependent(model, name):
            relation = model._meta.get_field(name)
            for index, child in enumerate(children):
                _load_record(
                    load,
                    records,
                    relation.related_model,
                    f"{key} {name}[{index}]",
                    child,
                    parent=(relation.field.name, obj),
                )
    for citation in record.get(CITATIONS, []):
        source = _reference(records, Source, key, citation["source"])
        load.cite(
            obj,
            source,
            quote=citation.get("quote", ""),
            locator=citation.get("locator", ""),
        )
    return obj


def _is_dependent(model, name):
    """Is ``name`` the model's list of dependent records (a site's designations)?"""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return field.one_to_many and field.related_model in MATCH


def _resolve(records, model, key, fields):
    """The record's fields as model values, and its many-to-many fields apart."""
    values, m2m = {}, {}
    for name, raw in fields.items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            field = None
        if field is None or not field.concrete:
            raise DocumentError(f"{key}: {model.__name__} has no field {name!r}")
        if field.many_to_many:
            m2m[name] = [_target(records, field, key, item) for item in raw]
        elif raw is None:
            values[name] = None
        elif field.many_to_one:
            values[name] = _target(records, field, key, raw)
        elif isinstance(field, models.DateField):
            values[name] = datetime.date.fromisoformat(raw)
        elif isinstance(field, models.DecimalField):
            values[name] = Decimal(raw)
        else:
            values[name] = raw
    return values, m2m


def _target(records, field, key, value):
    """A term (by code) or an earlier record (by key) that ``field`` refers to."""
    if field.related_model is Term:
        vocabulary = dict(field.remote_field.limit_choices_to.children)["vocabulary"]
        try:
            return term(vocabulary, value)
        except Term.DoesNotExist as error:
            raise DocumentError(f"{key}: no {vocabulary} term {value!r}") from error
    return _reference(records, field.related_model, key, value)


def _reference(records, model, key, value):
    target = records.get(value)
    if not isinstance(target, model):
        raise DocumentError(
            f"{key}: {value!r} names no {model.__name__} loaded before this record"
        )
    return target
