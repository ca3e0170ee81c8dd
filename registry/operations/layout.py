"""The records read through their site, laid out on disk in their site's order
(PostgreSQL).

A site's page, its counts and a search that finds a site all read the site's
events together. PostgreSQL stores rows in the order they were written, so the
events of one site lie scattered over the whole table: at 1M events, a name
found at 260 sites read 32,000 events from 25,000 pages of 8 kB. ``CLUSTER``
rewrites a table in the order of one of its indexes (an index that leads with
the site); the same events then lie on a few hundred pages. PostgreSQL does not
keep the order for rows written later, so it is worth doing again after large
imports and from time to time (``manage.py cluster_by_site``).

SQLite keeps every table in key order and has no such statement: nothing to do.
"""

from django.db import connection

from registry.models import (
    ConditionAssessment,
    CulturalObject,
    DamageEvent,
    LootingIncident,
    Structure,
)

# Each model read through a site, with the field that names it.
BY_SITE = [
    (DamageEvent, "site"),
    (LootingIncident, "site"),
    (Structure, "site"),
    (ConditionAssessment, "site"),
    (CulturalObject, "origin_site"),
]


def supported():
    return connection.vendor == "postgresql"


def site_index(model, field):
    """The name of the index that leads with ``field``'s column, the widest
    (``event_site_date`` orders a site's events by status and date too)."""
    column = model._meta.get_field(field).column
    table = model._meta.db_table
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, table)
    leading = [
        (len(details["columns"]), name)
        for name, details in found.items()
        if details["index"]
        and not details["primary_key"]
        and details["columns"]
        and details["columns"][0] == column
    ]
    if not leading:
        raise LookupError(f"{table} has no index that leads with {column}")
    return max(leading)[1]


def site_order(model, field):
    """How closely the rows of ``model`` lie in site order on disk: from 0 (in
    no order) to 1 (in order), as PostgreSQL's statistics last measured it (None
    when it has not, or on SQLite)."""
    if not supported():
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT correlation FROM pg_stats WHERE schemaname = current_schema() "
            "AND tablename = %s AND attname = %s",
            [model._meta.db_table, model._meta.get_field(field).column],
        )
        row = cursor.fetchone()
    return None if row is None or row[0] is None else abs(row[0])


def described(order):
    """``site_order``'s answer, in words."""
    if order is None:
        return "order not measured yet (PostgreSQL's ANALYZE has not run)"
    return f"site order {order:.2f}"


def cluster_by_site(model, field):
    """Rewrite ``model``'s table in site order, then renew its statistics and
    its visibility map (``VACUUM``: an index-only scan needs it). The table is
    locked meanwhile: readers of it wait (about 40 s for 1M events here). Returns the
    index used."""
    index = site_index(model, field)
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"CLUSTER {table} USING {quote(index)}")
        cursor.execute(f"VACUUM (ANALYZE) {table}")
    return index
