"""Public versions: the one place where a record's public history is written.

Whenever a change to a record reaches the public, ``record_public_versions``
keeps the record's content as a new numbered version (``PublicVersion``); when a
record stops being public, ``record_withdrawals`` notes the moment. Nothing else
writes versions. They are triggered from the history, not from the admin, so that
every path is covered — an editor's save, publishing and withdrawing
(``workflow.set_status``), an accepted proposed change, a restore, a name added
by an import — through simple-history's ``post_create_historical_record``: every
save of a registry record writes a history row, and the row carries the user.
Bulk writes send no signal; they call these functions themselves
(``workflow.publish_in_bulk``, the UNESCO import).

A version's public note is never the history's change reason (an internal note,
written for the editor who reviews the change): it is what an editor wrote for
the public — ``record._public_note`` before a save (``workflow.set_status``'s
``public_note``), or ``note_change`` after the admin saved a record with its
inlines — else what happened ("First published", "Updated"). A withdrawal's note
is the public reason shown on the record's tombstone.

What a version holds (``snapshots``): the record's own fields as stored, its
many-to-many terms, names, citations and the rows it owns (a site's designations,
an event's damage to structures, an object's custody chain…), never a curator-only
field. Raw values: what the public is shown of them is decided when the version is
served, by today's rules (``registry.publishing.documents``).

One change, one version: a change is one database transaction (the admin saves a
record, then its inlines and many-to-many fields, in one). The first save in a
transaction that makes a record's content public records a version; the other
saves of the same transaction bring that version up to date rather than adding
more. A save that changes nothing public (curator notes, a draft elsewhere)
records nothing. When a record becomes public, so do the public records that
depend on it (a site's structures and events, published while it was a draft):
they get their first version too; when it stops being public, they stop with it.
"""

import datetime
import decimal
import uuid

from django.apps import apps as global_apps
from django.db import connections, transaction
from django.db.models import Max, Model, QuerySet
from django.db.models.signals import post_delete
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.signals import post_create_historical_record

# The models whose records have public versions: every curated record a reader can
# open on its own page (photographs are shown with their record, not versioned).
VERSIONED = (
    "heritagesite",
    "structure",
    "damageevent",
    "lootingincident",
    "culturalobject",
    "person",
    "actor",
    "source",
    "conditionassessment",
)
# The rows a record owns (reverse foreign keys), kept in its versions.
OWNED = {
    "heritagesite": ("designations", "identifiers"),
    "damageevent": ("structure_damage",),
    "culturalobject": ("references", "custody_events"),
    "person": ("harm_events",),
    "conditionassessment": ("disturbances", "threats"),
}
# Which records have names and citations attached (generic relations, which a
# migration's models do not carry, hence named here).
NAMED = {"heritagesite", "structure", "culturalobject", "person", "actor"}
CITED = {
    "heritagesite",
    "structure",
    "damageevent",
    "lootingincident",
    "culturalobject",
    "person",
    "conditionassessment",
    "custodyevent",
    "harmevent",
}
# Never kept: the workflow's own state and what only curators may read. (Fields
# that curators do not edit — identifiers, timestamps, derived search text — are
# left out too: see ``_kept``.)
PRIVATE = {"status", "curator_notes", "contact_notes"}
NAME_FIELDS = ("name", "language", "kind")
CITATION_FIELDS = ("source_id", "locator", "quote", "accessed_on", "note")

# Notes kept as they are written here and translated when shown.
BACKFILLED = "Versions are kept from this date; earlier changes are not."
FROM_UNESCO = "Updated from UNESCO's World Heritage List"
DEFAULT_NOTES = {
    FROM_UNESCO: _("Updated from UNESCO's World Heritage List"),
    "first": _("First published"),
    "again": _("Published again"),
    "updated": _("Updated"),
    "withdrawn": _("No longer public"),
    BACKFILLED: _("Versions are kept from this date; earlier changes are not."),
}


def is_versioned(model):
    return model._meta.app_label == "registry" and model._meta.model_name in VERSIONED


def versioned_models(apps=global_apps):
    return [apps.get_model("registry", name) for name in VERSIONED]


def note_of(version):
    """The version's public change note in the reader's language: the change
    reason given, else what happened ("First published", "Updated"…)."""
    if version.note and version.note not in DEFAULT_NOTES:
        return version.note
    if version.note:
        return str(DEFAULT_NOTES[version.note])
    if version.action == "withdrawn":
        return str(DEFAULT_NOTES["withdrawn"])
    if version.action == "updated":
        return str(DEFAULT_NOTES["updated"])
    return str(DEFAULT_NOTES["first" if version.number == 1 else "again"])


# Snapshots ---------------------------------------------------------------------------


def _plain(value):
    """A field's value as JSON keeps it, exactly (decimals and dates as text)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return str(value)  # a country: its code


def _kept(field, skip=()):
    return (
        field.concrete
        and not field.primary_key
        and field.editable
        and field.name not in PRIVATE
        and field.name not in skip
    )


def _content_type(apps, model):
    content_types = apps.get_model("contenttypes", "ContentType").objects
    if apps is global_apps:
        return content_types.get_for_model(model)
    return content_types.get_or_create(
        app_label=model._meta.app_label, model=model._meta.model_name
    )[0]


def snapshots(model, records, apps=global_apps, skip=()):
    """{pk: snapshot} of ``records`` of ``model``: a constant number of queries
    whatever their number. ``model`` may be a migration's (``apps``)."""
    records = list(records)
    keys = [record.pk for record in records]
    result = {
        record.pk: {
            field.attname: _plain(field.value_from_object(record))
            for field in model._meta.concrete_fields
            if _kept(field, skip)
        }
        for record in records
    }
    if not records:
        return result
    for field in model._meta.many_to_many:
        through = field.remote_field.through
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        for snapshot in result.values():
            snapshot[field.name] = []
        rows = (
            through._default_manager.filter(**{f"{source}_id__in": keys})
            .order_by(f"{target}_id")
            .values_list(f"{source}_id", f"{target}_id")
        )
        for key, value in rows:
            result[key][field.name].append(value)
    name = model._meta.model_name
    attached = []
    if name in NAMED:
        attached.append(("names", "Name", NAME_FIELDS))
    if name in CITED:
        attached.append(("citations", "Citation", CITATION_FIELDS))
    if attached:
        content_type = _content_type(apps, model)
        for relation, model_name, fields in attached:
            for snapshot in result.values():
                snapshot[relation] = []
            rows = (
                apps.get_model("registry", model_name)
                ._default_manager.filter(
                    content_type_id=content_type.pk, object_id__in=keys
                )
                .order_by("pk")
                .values_list("object_id", *fields)
            )
            for key, *values in rows:
                result[key][relation].append(
                    {
                        field: _plain(value)
                        for field, value in zip(fields, values, strict=True)
                    }
                )
    for relation in OWNED.get(name, ()):
        try:
            reverse = model._meta.get_field(relation)
        except LookupError:  # a migration's model, before the relation existed
            continue
        child, parent = reverse.related_model, reverse.field
        rows = list(
            child._default_manager.filter(**{f"{parent.attname}__in": keys}).order_by(
                "pk"
            )
        )
        children = snapshots(child, rows, apps, skip={parent.name})
        for snapshot in result.values():
            snapshot[relation] = []
        for row in rows:
            result[getattr(row, parent.attname)][relation].append(children[row.pk])
    return result


# One change, one version -------------------------------------------------------------


def _change(using):
    """{(content type, key): version pk} of the versions recorded by the current
    transaction, or None outside one (each save is then its own change)."""
    connection = connections[using]
    if not connection.in_atomic_block:
        return None
    # A test case's own transaction is no change of ours: the first block that is
    # not one is (in a test it is a savepoint, whose name is unique).
    blocks = connection.atomic_blocks
    index = next(
        (i for i, block in enumerate(blocks) if not block._from_testcase), None
    )
    if index is None:
        return None
    token = "transaction"
    if index:
        token = connection.savepoint_ids[index - 1] or id(blocks[index])
    state = getattr(connection, "_registry_public_change", None)
    if state is None or state[0] != token:
        state = (token, {})
        connection._registry_public_change = state
        if index == 0:

            def forget():
                if getattr(connection, "_registry_public_change", None) is state:
                    del connection._registry_public_change

            transaction.on_commit(forget, using=using)
    return state[1]


def _latest_entries(version_model, content_type, keys):
    """{key: the latest PublicVersion row} of the records ``keys``."""
    latest = {}
    rows = version_model._default_manager.filter(
        content_type=content_type, object_id__in=keys
    ).order_by("object_id", "-pk")
    for row in rows:
        latest.setdefault(row.object_id, row)
    return latest


def _public(model, keys, apps=global_apps):
    """The keys among ``keys`` of records that are public now."""
    real = global_apps.get_model("registry", model._meta.model_name)
    return set(
        model._default_manager.filter(real.published_q(), pk__in=keys).values_list(
            "pk", flat=True
        )
    )


def record_public_versions(model, records, *, note="", user=None, apps=global_apps):
    """Record the current content of ``records`` (public records of ``model``) as
    their new public version — or bring the version that this same change recorded
    up to date. A record whose public content did not change gets nothing.
    Returns the versions written."""
    records = [record for record in records if record.pk is not None]
    if not records:
        return []
    version_model = apps.get_model("registry", "PublicVersion")
    using = records[0]._state.db or "default"
    content_type = _content_type(apps, model)
    keys = [record.pk for record in records]
    contents = snapshots(model, records, apps)
    latest = _latest_entries(version_model, content_type, keys)
    change = _change(using)
    numbers = dict(
        version_model._default_manager.filter(
            content_type=content_type, object_id__in=keys
        )
        .values("object_id")
        .annotate(last=Max("number"))
        .values_list("object_id", "last")
    )
    now = timezone.now()
    written, created, republished = [], [], []
    for record in records:
        key, snapshot = record.pk, contents[record.pk]
        last = latest.get(key)
        same_change = change is not None and change.get((content_type.pk, key))
        if last is not None and last.number is not None and last.pk == same_change:
            if last.snapshot != snapshot or (note and not last.note):
                last.snapshot = snapshot
                last.note = last.note or note[:500]
                last.save(update_fields=["snapshot", "note"])
            written.append(last)
            continue
        if last is not None and last.number is not None and last.snapshot == snapshot:
            continue  # nothing public changed
        again = last is None or last.number is None
        version = version_model(
            content_type=content_type,
            object_id=key,
            public_id=record.public_id,
            number=(numbers.get(key) or 0) + 1,
            action="published" if again else "updated",
            recorded_at=now,
            note=note[:500],
            snapshot=snapshot,
            user=user,
        )
        created.append(version)
        if again:
            republished.append(record)
    if created:
        version_model._default_manager.bulk_create(created, batch_size=500)
        if change is not None:
            # bulk_create gives keys on PostgreSQL and SQLite ≥ 3.35.
            for version in created:
                change[(content_type.pk, version.object_id)] = version.pk
        written += created
    if republished:
        _cascade(model, republished, apps, note="", user=user, becoming_public=True)
    return written


def record_withdrawals(model, records, *, note="", user=None, apps=global_apps):
    """Note that ``records`` of ``model`` are no longer public (those that were);
    the records that depend on them stop being public with them."""
    records = list(records)
    if not records:
        return []
    version_model = apps.get_model("registry", "PublicVersion")
    content_type = _content_type(apps, model)
    latest = _latest_entries(version_model, content_type, [r.pk for r in records])
    now = timezone.now()
    entries = [
        version_model(
            content_type=content_type,
            object_id=record.pk,
            public_id=record.public_id,
            number=None,
            action="withdrawn",
            recorded_at=now,
            note=note[:500],
            user=user,
        )
        for record in records
        if (last := latest.get(record.pk)) is not None and last.number is not None
    ]
    version_model._default_manager.bulk_create(entries, batch_size=500)
    change = _change(records[0]._state.db or "default")
    if change is not None:
        for entry in entries:
            change[(content_type.pk, entry.object_id)] = entry.pk
    gone = {entry.object_id for entry in entries}
    if gone:
        _cascade(
            model,
            [record for record in records if record.pk in gone],
            apps,
            note="",
            user=user,
            becoming_public=False,
        )
    return entries


def _cascade(model, records, apps, *, note, user, becoming_public):
    """The records whose publication depends on ``records`` (structures of a site,
    objects of a looting incident…): published with them, withdrawn with them."""
    keys = [record.pk for record in records]
    for relation in model._meta.related_objects:
        child = relation.related_model
        real = global_apps.get_model("registry", child._meta.model_name)
        if not is_versioned(child) or relation.field.name not in getattr(
            real, "publication_parents", ()
        ):
            continue
        content_type = _content_type(apps, child)
        version_model = apps.get_model("registry", "PublicVersion")
        rows = child._default_manager.filter(**{f"{relation.field.attname}__in": keys})
        if becoming_public:
            candidates = list(rows.filter(real.published_q()))
        else:
            candidates = list(rows.exclude(pk__in=rows.filter(real.published_q())))
        if not candidates:
            continue
        latest = _latest_entries(
            version_model, content_type, [row.pk for row in candidates]
        )

        def current(row, latest=latest):
            last = latest.get(row.pk)
            return last is not None and last.number is not None

        if becoming_public:
            fresh = [row for row in candidates if not current(row)]
            record_public_versions(child, fresh, note=note, user=user, apps=apps)
        else:
            gone = [row for row in candidates if current(row)]
            record_withdrawals(child, gone, note=note, user=user, apps=apps)


def record_public_version(record, *, note="", user=None):
    """``record_public_versions`` for one record: the hook's and callers' entry."""
    written = record_public_versions(type(record), [record], note=note, user=user)
    return written[0] if written else None


def refresh(model, keys, *, note="", user=None):
    """Record the public versions of the records ``keys`` of ``model`` after
    writes that send no signal (bulk publication, bulk creation of their names):
    those public now get a version if their public content changed."""
    public = list(model._default_manager.filter(model.published_q(), pk__in=keys))
    return record_public_versions(model, public, note=note, user=user)


# The hooks ---------------------------------------------------------------------------


def _owner(model, instance):
    """The versioned record whose content the row ``instance`` is part of (a name,
    a citation, a designation…), or None."""
    name = model._meta.model_name
    if name in ("name", "citation"):
        target = instance.content_type.model_class()
        if target is None:
            return None
        row = target._default_manager.filter(pk=instance.object_id).first()
        if row is None or is_versioned(target):
            return row
        return _owner(target, row)  # a citation of a custody or harm event
    for owner, relations in OWNED.items():
        owner_model = global_apps.get_model("registry", owner)
        for relation in relations:
            reverse = owner_model._meta.get_field(relation)
            if reverse.related_model is model:
                key = getattr(instance, reverse.field.attname)
                return owner_model._default_manager.filter(pk=key).first()
    return None


def _owned(model):
    if model._meta.model_name in ("name", "citation"):
        return True
    return any(
        global_apps.get_model("registry", owner)._meta.get_field(relation).related_model
        is model
        for owner, relations in OWNED.items()
        for relation in relations
    )


def _record_owner(model, instance):
    owner = _owner(model, instance)
    if owner is None or owner.pk not in _public(type(owner), [owner.pk]):
        return
    record_public_version(owner)


def _history_row(sender, instance, history_instance, **kwargs):
    """Every save and delete of a registry record writes a history row: a change
    that reached the public (or left it) becomes a version (or a withdrawal)."""
    model = type(instance)
    if model._meta.app_label != "registry":
        return
    if not is_versioned(model):
        if _owned(model) and history_instance.history_type != "-":
            _record_owner(model, instance)  # deletions: see _owned_row_deleted
        return
    note = getattr(instance, "_public_note", "") or ""
    user = history_instance.history_user
    if history_instance.history_type == "-":
        record_withdrawals(model, [instance], note=note, user=user)
        return
    # ``_was_published``: noted before every save by registry.publishing.cache.
    status = getattr(instance, "status", None)
    if status != "published" and not getattr(instance, "_was_published", True):
        return  # not public before this save nor after it: a draft's life
    if instance.pk in _public(model, [instance.pk]):
        record_public_versions(model, [instance], note=note, user=user)
    else:
        record_withdrawals(model, [instance], note=note, user=user)


def _owned_row_deleted(sender, instance, origin=None, **kwargs):
    """A name, citation or owned row deleted on its own (not along with its
    record, whose own deletion is the change) changes its record."""
    if sender._meta.app_label != "registry" or not _owned(sender):
        return
    if isinstance(origin, Model) and origin is not instance:
        return
    if isinstance(origin, QuerySet) and origin.model is not sender:
        return
    _record_owner(sender, instance)


def note_change(record, note):
    """Give the version (or withdrawal) that the current change recorded for
    ``record`` the public note ``note``, unless it has one. Returns it, or None
    when this change recorded nothing public."""
    note = (note or "").strip()[:500]
    change = _change(record._state.db or "default")
    if not note or not change:
        return None
    from registry.models import PublicVersion

    content_type = _content_type(global_apps, type(record))
    key = change.get((content_type.pk, record.pk))
    entry = PublicVersion.objects.filter(pk=key).first() if key else None
    if entry is None:
        return None
    if not entry.note:
        entry.note = note
        entry.save(update_fields=["note"])
    return entry


def connect():
    post_create_historical_record.connect(
        _history_row, dispatch_uid="registry-public-versions"
    )
    post_delete.connect(_owned_row_deleted, dispatch_uid="registry-versions-delete")


# Reading -----------------------------------------------------------------------------


def entries_of(model, public_id):
    """Every PublicVersion row of the record ``public_id`` of ``model``, oldest
    first (also for a record deleted since)."""
    from registry.models import PublicVersion

    content_type = _content_type(global_apps, model)
    return list(
        PublicVersion.objects.filter(
            content_type=content_type, public_id=public_id
        ).order_by("recorded_at", "pk")
    )


def latest_version(record):
    """The record's current public version (None if it has none yet)."""
    from registry.models import PublicVersion

    return (
        PublicVersion.objects.filter(
            content_type=_content_type(global_apps, type(record)),
            object_id=record.pk,
            number__isnull=False,
        )
        .order_by("-number")
        .first()
    )


def version_at(entries, moment):
    """The version that was public at ``moment`` among ``entries`` (oldest first),
    or None (not yet public, or withdrawn at that moment)."""
    current = None
    for entry in entries:
        if entry.recorded_at > moment:
            break
        current = entry
    return current if current is not None and current.number is not None else None


def withdrawn_at(entries):
    """When the record last stopped being public, if its entries say so."""
    if entries and entries[-1].number is None:
        return entries[-1].recorded_at
    return None


def backfill(apps, batch=1000):
    """A first version for every public record that has none (records made before
    versions were kept): their content now, public since their last change."""
    for model in versioned_models(apps):
        real = global_apps.get_model("registry", model._meta.model_name)
        version_model = apps.get_model("registry", "PublicVersion")
        content_type = _content_type(apps, model)
        versioned = version_model._default_manager.filter(
            content_type=content_type
        ).values("object_id")
        public = (
            model._default_manager.filter(real.published_q())
            .exclude(pk__in=versioned)
            .order_by("pk")
        )
        while True:
            records = list(public[:batch])
            if not records:
                break
            contents = snapshots(model, records, apps)
            version_model._default_manager.bulk_create(
                [
                    version_model(
                        content_type=content_type,
                        object_id=record.pk,
                        public_id=record.public_id,
                        number=1,
                        action="published",
                        recorded_at=record.updated_at,
                        note=BACKFILLED,
                        snapshot=contents[record.pk],
                    )
                    for record in records
                ]
            )
