"""Caching that is safe with visibility: aggregate results keyed by data versions.

Counts, facet counts and statistics are the expensive part of a page at scale and
the same for every reader. ``cached_rows(queryset)`` keeps a query's rows in
Django's cache under its SQL and the ``DataVersion`` of every table the query reads
(and the registry-wide one). Any change to a registry record (a save, a delete, a
many-to-many change, in any process) moves its table's version on, so no reader
ever sees a figure from before a withdrawal; a figure that does not read that table
(a site count, when an object is published) stays valid. A TTL bounds anything a
crash between commit and bump could leave behind.

Records are kept only as whole answers made from the public data (``kept_answer``:
an API detail or page, as rendered (``registry.api.kept``), a catalogue record page;
the exports, as files, by the same ``made_of``), under the registry-wide data
version: any change to any table makes them anew. A change made around the ORM's
signals (``queryset.update``, raw SQL) calls ``bump`` itself.
"""

import functools
import hashlib
from contextvars import ContextVar
from pathlib import Path

import django
import rest_framework
from django.core.cache import cache, caches
from django.core.exceptions import EmptyResultSet
from django.core.signals import request_started
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.db.models.expressions import RawSQL
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.db.models.sql import Query
from django.db.models.sql.where import ExtraWhere
from django.utils import translation
from django.utils.connection import ConnectionProxy

TIMEOUT = 600
# Whole answers (``kept_answer``, ``registry.api.kept``) are kept apart from the
# figures and the throttle's counts (settings.CACHES: "answers").
answers = ConnectionProxy(caches, "answers")
_versions: ContextVar = ContextVar("registry_data_versions", default=None)

REGISTRY = ""  # the registry-wide version's table: every figure reads it
EVERY_TABLE = None  # a figure whose tables are not known: any change makes it stale


def versions():
    """{table: version} of the tables that ever changed ("" the registry-wide
    version), read once per request (one small table)."""
    found = _versions.get()
    if found is None:
        with connection.cursor() as cursor:
            cursor.execute(_versions_sql())
            found = dict(cursor.fetchall())
        _versions.set(found)
    return found


@functools.cache
def _versions_sql():
    """The SQL of ``versions``, written once: built through the ORM, the query
    cost a quarter of a kept answer's time (0.25 of 0.75 ms in process)."""
    from registry.models import DataVersion

    quote, meta = connection.ops.quote_name, DataVersion._meta
    table, version = (meta.get_field(name).column for name in ("table", "version"))
    return f"SELECT {quote(table)}, {quote(version)} FROM {quote(meta.db_table)}"


def data_version():
    """A number that moves on with any change to any table: the sum of the
    versions (each only ever grows)."""
    return sum(versions().values())


def _bump_table(table):
    from registry.models import DataVersion

    moved = DataVersion.objects.filter(table=table).update(version=F("version") + 1)
    if not moved:
        try:
            with transaction.atomic():
                DataVersion.objects.create(table=table, version=1)
        except IntegrityError:  # made meanwhile by another process
            DataVersion.objects.filter(table=table).update(version=F("version") + 1)


def bump(*models):
    """Mark cached figures stale: those that read the tables of ``models``, or every
    one (no model given: after changing records in bulk). Once the change commits,
    the figures registered with ``recounted_by_writers`` are counted anew."""
    tables = {model._meta.db_table for model in models} or {REGISTRY}
    for table in sorted(tables):
        _bump_table(table)
    _versions.set(None)
    _recount_after_commit()


# Figures the writer counts anew after its change commits, so that no reader
# pays for them: the totals of the unfiltered public lists, the question every
# visitor of a list asks first (counting the public events of a registry of 1M took
# 100-300 ms). With a cache shared by every server process (CACHE_URL), readers
# find them counted; a per-process cache helps the writer's own process only.
_recounted = []


def recounted_by_writers(function):
    """Register ``function()``, which counts figures through ``cached_count``: it
    runs after every commit that moved a data version (a figure whose tables did
    not move is found in the cache and costs no query)."""
    _recounted.append(function)
    return function


def _recount_after_commit():
    if not _recounted:
        return
    # Once per change, not per transaction: after the first, a recount finds every
    # figure counted (a query for the versions and a cache read per figure).
    transaction.on_commit(_recount, robust=True)


def _recount():
    _versions.set(None)
    for function in _recounted:
        function()


def query_tables(query):
    """The tables ``query`` (a ``Query``) reads, in its joins, its conditions and
    their subqueries; ``EVERY_TABLE`` when raw SQL hides some."""
    tables, stack, seen = set(), [query], set()
    while stack:
        node = stack.pop()
        if node is None or isinstance(node, (str, bytes, int, float)):
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, (RawSQL, ExtraWhere)):
            return EVERY_TABLE
        deferred = getattr(node, "registry_tables", None)
        if deferred is not None:  # built when compiled (``matching.Found``)
            tables.update(deferred)
            continue
        if isinstance(node, Query):
            if node.extra or node.extra_tables:
                return EVERY_TABLE
            tables.update(join.table_name for join in node.alias_map.values())
            stack += [node.where, *node.combined_queries]
            continue
        if isinstance(node, (list, tuple, set, frozenset)):
            stack += list(node)
            continue
        inner = getattr(node, "query", None)  # a Subquery, an Exists, a QuerySet
        if isinstance(inner, Query):
            stack.append(inner)
            continue
        stack += getattr(node, "children", ())  # a WhereNode
        stack += [getattr(node, "lhs", None), getattr(node, "rhs", None)]
        if hasattr(node, "get_source_expressions"):
            stack += node.get_source_expressions()
    return tables


def versioned_key(*parts, tables=EVERY_TABLE):
    """A cache key for ``parts`` (reprs of plain data) at the current versions of
    ``tables`` (of every table when not known)."""
    if tables is EVERY_TABLE:
        token = data_version()
    else:
        current = versions()
        token = (current.get(REGISTRY, 0), *(current.get(t, 0) for t in sorted(tables)))
    digest = hashlib.sha256(repr((token, parts)).encode()).hexdigest()
    return f"registry:v2:{digest}"


@functools.cache
def code_revision():
    """A hash of what shapes an answer besides the data: every file of the registry
    (its serializers and value rows, the rules that decide what is public: a release
    that generalises points more coarsely must not serve an answer made before it;
    its static files, whose names a page holds), the templates, the translations,
    and the versions of the libraries that write it. A new release changes every
    answer's key. Read on the first answer a process keeps, not when it starts."""
    digest = hashlib.sha256()
    for version in (django.__version__, rest_framework.VERSION):
        digest.update(version.encode())
    package = Path(__file__).resolve().parent.parent
    root = package.parent
    for folder in (package, root / "templates", root / "locale"):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def made_of(request, format):
    """What an answer made from the public data (an export, a record's detail or
    page) is made of: the same request against the same public data, with the
    same code, gives the same bytes. Any change to any table moves the data
    version on (``data_version``): a record withdrawn, renamed, or given an event
    makes every answer anew. The query string is taken as sent (another order of
    the same parameters is another URL to a cache)."""
    return (
        data_version(),
        code_revision(),
        # The records' URLs in an answer are absolute: another host or scheme is
        # another answer.
        request.build_absolute_uri("/"),
        request.path,
        request.META.get("QUERY_STRING", ""),
        format,
        # Its words (a country's name, a date's) are in the request's language.
        translation.get_language(),
    )


def answer_key(request, format):
    """The cache key of an answer to ``request`` made from the public data, in
    ``format`` (``made_of``)."""
    made = repr(made_of(request, format)).encode()
    return f"registry:answer:{hashlib.sha256(made).hexdigest()}"


def kept_answer(request, format, make):
    """``make()``, an answer to ``request`` made from the public data (plain data
    or bytes), kept in the cache under what it is made of (``made_of``) and made
    once per state of the public data. An error (a 404 for a record not public)
    is raised, never kept."""
    return remembered(answer_key(request, format), make, store=answers)


def keyed_by(queryset, *question, reads=()):
    """Mark ``queryset`` as the answer to ``question`` (plain data: the view and
    its parameters): its cached count is then keyed by the question rather than by
    its SQL. Compiling a name search's SQL to make its key cost as much as the
    search itself; a question is as exact a key, and free. (A queryset derived from
    it, for facets say, is keyed by its own SQL again.)

    ``reads``: tables the answer depends on beyond those its query names. A search
    puts the keys of the records found through relations (a site's events found
    by the site's name) into its query as a literal list: the SQL changed with
    them, a question does not, so the related tables must be named."""
    queryset._registry_question = question
    queryset._registry_reads = frozenset(reads)
    return queryset


def _key(queryset):
    """The cache key of a queryset's result; None when it has no SQL to key by."""
    query = getattr(queryset, "query", None)
    if query is None:
        return None
    question = getattr(queryset, "_registry_question", None)
    if question is not None:
        return versioned_key(queryset.db, question, tables=_read(queryset, query))
    # Compiled as a copy: compiling sets up the joins of the ordering on the query
    # it compiles, so that the same queryset keyed twice (a search's count, then
    # its kind's) gave two keys and was counted twice. The copy's tables include
    # those joins (an order by a site's name reads the sites).
    compiled = query.clone()
    try:
        sql, params = compiled.sql_with_params()
    except EmptyResultSet:
        return None
    return versioned_key(queryset.db, sql, params, tables=query_tables(compiled))


def _read(queryset, query):
    """The tables a question's answer reads: those ``query`` names, and those it
    was marked as reading (``keyed_by``'s ``reads``)."""
    tables = query_tables(query)
    if tables is EVERY_TABLE:
        return tables
    return tables | queryset._registry_reads


def remembered(key, compute, store=None):
    """The value for ``key`` in ``store`` (the figures' cache unless given),
    computed and kept on a miss."""
    store = cache if store is None else store
    value = store.get(key)
    if value is None:
        value = compute()
        store.set(key, value, TIMEOUT)
    return value


def cached_rows(queryset, evaluate=list):
    """``list(queryset)`` of a values() / aggregate query, cached by data version;
    ``evaluate`` runs the query on a miss."""
    key = _key(queryset)
    if key is None:
        return evaluate(queryset)
    return remembered(key, lambda: evaluate(queryset))


def cached_count(queryset):
    """``queryset.count()``, cached by data version."""
    key = _key(queryset)
    if key is None:
        return len(queryset) if isinstance(queryset, list) else queryset.count()
    return remembered(key + ":count", queryset.count)


# The tables a question's ordered page reads (its ordering's joins included), by
# question: the same whatever the data, and known only once its SQL is compiled.
_page_tables = {}
PAGE_TABLES = 4096


def cached_page_keys(queryset, start, stop, also=None):
    """The keys of rows ``start:stop`` of ``queryset``, in its order; cached by data
    version when ``queryset`` answers a question (``keyed_by``). A name search's
    page was ordered by a ranking the database computes for every match, and its
    SQL (a CASE of every spelling's condition) cost more to build than to run.

    Keys only: the records are read afresh from the public list (a change to a
    table the page reads moves its version on, so a key never outlives its
    record's publication). With ``also`` (a column or an annotation, say the rank
    the page is ordered by), ``(key, its value)`` pairs."""
    if also is None:
        sliced = queryset.values_list("pk", flat=True)[start:stop]
    else:
        sliced = queryset.values_list("pk", also)[start:stop]
    question = getattr(queryset, "_registry_question", None)
    if question is None:
        return list(sliced)
    memo = repr((queryset.db, question))
    tables = _page_tables.get(memo)
    if tables is None:
        compiled = sliced.query.clone()
        try:  # compiling sets the ordering's joins up on the query
            compiled.sql_with_params()
        except EmptyResultSet:
            return []
        if len(_page_tables) >= PAGE_TABLES:
            _page_tables.clear()
        tables = _page_tables[memo] = _read(queryset, compiled)
    key = versioned_key(queryset.db, question, start, stop, also, tables=tables)
    return remembered(key + ":keys", lambda: list(sliced))


# Rows that change no public figure by themselves: the cache's own, a public
# version (written with the change of its record, which moves the version on) and
# the log of investigators' dossiers.
UNCOUNTED = ("dataversion", "publicversion", "dossieraccess")


def _relevant(sender):
    meta = sender._meta
    if meta.app_label != "registry" or meta.model_name in UNCOUNTED:
        return False
    if meta.model_name.startswith("historical"):
        return False  # a history row accompanies a change that bumps already
    # A data migration's model: the table of versions may not exist yet.
    return sender.__module__ != "__fake__"


PUBLISHED = "published"  # PublicationStatus.PUBLISHED, without importing the models


def _curated(model):
    return getattr(model, "has_publication_status", False)


def _before_save(sender, instance, **kwargs):
    """Note whether a curated record was public before this save."""
    if _relevant(sender) and _curated(sender):
        instance._was_published = (
            instance.pk is not None
            and sender._default_manager.filter(
                pk=instance.pk, status=PUBLISHED
            ).exists()
        )


# A change to one of these rewrites what its record's own row derives from it (a
# name: the record's search text, by an update that sends no signal): every figure
# is stale.
MOVES_EVERYTHING = ("name",)


def _bump_for(model):
    if model._meta.model_name in MOVES_EVERYTHING:
        bump()
    else:
        bump(model)


def _changed(sender, instance=None, **kwargs):
    """A save or a many-to-many change (``sender``: the table of the relation). A
    curated record that is not public, before or after, changes no public figure:
    curators entering and reviewing drafts leave every cached figure valid."""
    if not _relevant(sender):
        return
    if (
        _curated(type(instance))
        and instance.status != PUBLISHED
        and not getattr(instance, "_was_published", False)
    ):
        return
    _bump_for(sender)


def _deleted(sender, instance, **kwargs):
    if not _relevant(sender):
        return
    if _curated(sender) and instance.status != PUBLISHED:
        return  # never public
    _bump_for(sender)


def _new_request(**kwargs):
    _versions.set(None)


def connect():
    pre_save.connect(_before_save, dispatch_uid="registry-cache-before-save")
    post_save.connect(_changed, dispatch_uid="registry-cache-save")
    post_delete.connect(_deleted, dispatch_uid="registry-cache-delete")
    m2m_changed.connect(_changed, dispatch_uid="registry-cache-m2m")
    request_started.connect(_new_request, dispatch_uid="registry-cache-request")
