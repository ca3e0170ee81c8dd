"""Records written in bulk as their saves would write them, a batch at a time.

``save()`` does more than write a row: it derives columns (search text, date
bounds), writes the history row (with the many-to-many fields it tracks), and its
signals record public versions and move the cached figures on. A bulk write sends
no signal, so it does the same once per batch: ``derive()`` on every record, one
insert or update per batch, the history rows in bulk (``bulk_history_create``) with
their many-to-many snapshots, then ``finish`` records the public versions of the
records changed and moves every cached figure on (``cache.bump``).
"""

from django.db import connections, router
from django.db.models import prefetch_related_objects
from django.utils import timezone

from registry.publishing import cache, versions


def _m2m_history(model, history_rows):
    """The many-to-many snapshot of each history row (what ``save`` writes through
    ``create_historical_record_m2ms``), read in one query per field."""
    historical = model.history.model
    for field in getattr(historical, "_history_m2m_fields", ()):
        through = getattr(model, field.name).through
        source = field.m2m_field_name()
        names = [f.attname for f in through._meta.fields]
        snapshot_model = next(
            related.related_model
            for related in historical._meta.related_objects
            if related.related_model._meta.object_name
            == f"{historical._meta.object_name}_{field.name}"
        )
        keys = [row.id for row in history_rows]
        current = {}
        for values in through._default_manager.filter(
            **{f"{source}__in": keys}
        ).values_list(*names):
            current.setdefault(values[names.index(f"{source}_id")], []).append(values)
        snapshot_model._default_manager.bulk_create(
            [
                snapshot_model(history=row, **dict(zip(names, values, strict=True)))
                for row in history_rows
                for values in current.get(row.id, ())
            ],
            batch_size=1000,
        )


def _update_rows(model, records, names):
    """One ``UPDATE … WHERE pk = %s`` statement run for every record (the
    ``CASE WHEN`` of ``bulk_update`` grows with rows times fields: 15 s for a
    thousand rows)."""
    meta = model._meta
    fields = [meta.get_field(name) for name in names]
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        quote(meta.db_table),
        ", ".join(f"{quote(field.column)} = %s" for field in fields),
        quote(meta.pk.column),
    )
    rows = [
        [
            *(
                field.get_db_prep_save(getattr(record, field.attname), connection)
                for field in fields
            ),
            meta.pk.get_db_prep_save(record.pk, connection),
        ]
        for record in records
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _history(model, records, *, update, user, reason):
    rows = model.history.bulk_history_create(
        records,
        batch_size=1000,
        update=update,
        default_user=user,
        default_change_reason=reason or "",
    )
    _m2m_history(model, rows)


def create(model, records, *, user=None, reason="", then=None):
    """Insert ``records`` (new instances of ``model``) with their history; ``then``
    (a function of the records, which have their keys by then) writes what hangs
    off them, such as many-to-many rows, before the history is taken."""
    for record in records:
        if hasattr(record, "derive"):
            record.derive()
    model._default_manager.bulk_create(records, batch_size=1000)
    if then is not None:
        then(records)
    _history(model, records, update=False, user=user, reason=reason)


def update(model, records, fields, *, user=None, reason="", then=None):
    """Write ``fields`` of ``records`` (existing rows of ``model``), and every
    derived and ``auto_now`` column, with their history; ``then`` as in
    ``create``."""
    if hasattr(model, "names"):
        prefetch_related_objects(records, "names")  # their search text reads them
    now = timezone.now()
    meta = model._meta
    written = set(fields)
    for field in meta.concrete_fields:
        if getattr(field, "auto_now", False):
            written.add(field.attname)
        elif not field.editable and not field.primary_key and not field.unique:
            written.add(field.attname)  # derived: search text, date bounds…
    for record in records:
        record.derive()
        for field in meta.concrete_fields:
            if getattr(field, "auto_now", False):
                setattr(record, field.attname, now)
    _update_rows(model, records, sorted(written))
    if then is not None:
        then(records)
    _history(model, records, update=True, user=user, reason=reason)


def finish(model, changed, *, user=None, reason=""):
    """After the last batch: the public versions of the records ``changed`` (keys)
    that are public, and every cached figure moved on."""
    if changed:
        versions.refresh(model, changed, note=reason, user=user)
    cache.bump()
