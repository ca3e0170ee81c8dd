"""Caching that is safe with visibility: aggregate results keyed by the data version.

Counts, facet counts and statistics are the expensive part of a page at scale and
the same for every reader. ``cached_rows(queryset)`` keeps a query's rows in
Django's cache under its SQL and the current ``DataVersion``; any change to any
registry record (a save, a delete, a many-to-many change, in any process) moves
the version on, so no reader ever sees a figure from before a withdrawal. Records
themselves are never cached, only numbers and facet values, and a TTL bounds
anything a crash between commit and bump could leave behind.
"""

import hashlib
from contextvars import ContextVar

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.signals import request_started
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

TIMEOUT = 600
_version: ContextVar = ContextVar("registry_data_version", default=None)


def data_version():
    """The current data version, read once per request (one indexed row)."""
    version = _version.get()
    if version is None:
        from registry.models import DataVersion

        version = (
            DataVersion.objects.filter(pk=1).values_list("version", flat=True).first()
            or 0
        )
        _version.set(version)
    return version


def bump():
    """Mark every cached figure stale: call after changing records in bulk."""
    from registry.models import DataVersion

    if not DataVersion.objects.filter(pk=1).update(version=F("version") + 1):
        DataVersion.objects.get_or_create(pk=1, defaults={"version": 1})
    _version.set(None)


def versioned_key(*parts):
    """A cache key for ``parts`` (reprs of plain data) at the current data version."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return f"registry:{data_version()}:{digest}"


def keyed_by(queryset, *question):
    """Mark ``queryset`` as the answer to ``question`` (plain data: the view and
    its parameters): its cached count is then keyed by the question rather than by
    its SQL. Compiling a name search's SQL to make its key cost as much as the
    search itself; a question is as exact a key, and free. (A queryset derived from
    it, for facets say, is keyed by its own SQL again.)"""
    queryset._registry_question = question
    return queryset


def _key(queryset):
    """The cache key of a queryset's result; None when it has no SQL to key by."""
    question = getattr(queryset, "_registry_question", None)
    if question is not None:
        return versioned_key(queryset.db, question)
    query = getattr(queryset, "query", None)
    if query is None:
        return None
    try:
        sql, params = query.sql_with_params()
    except EmptyResultSet:
        return None
    return versioned_key(queryset.db, sql, params)


def cached_rows(queryset, evaluate=list):
    """``list(queryset)`` of a values() / aggregate query, cached by data version;
    ``evaluate`` runs the query on a miss."""
    key = _key(queryset)
    if key is None:
        return evaluate(queryset)
    rows = cache.get(key)
    if rows is None:
        rows = evaluate(queryset)
        cache.set(key, rows, TIMEOUT)
    return rows


def cached_count(queryset):
    """``queryset.count()``, cached by data version."""
    key = _key(queryset)
    if key is None:
        return len(queryset) if isinstance(queryset, list) else queryset.count()
    key += ":count"
    count = cache.get(key)
    if count is None:
        count = queryset.count()
        cache.set(key, count, TIMEOUT)
    return count


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


def _changed(sender, instance=None, **kwargs):
    """A save or a many-to-many change. A curated record that is not public, before
    or after, changes no public figure: curators entering and reviewing drafts leave
    every cached figure valid."""
    if not _relevant(sender):
        return
    if (
        _curated(type(instance))
        and instance.status != PUBLISHED
        and not getattr(instance, "_was_published", False)
    ):
        return
    bump()


def _deleted(sender, instance, **kwargs):
    if not _relevant(sender):
        return
    if _curated(sender) and instance.status != PUBLISHED:
        return  # never public
    bump()


def _new_request(**kwargs):
    _version.set(None)


def connect():
    pre_save.connect(_before_save, dispatch_uid="registry-cache-before-save")
    post_save.connect(_changed, dispatch_uid="registry-cache-save")
    post_delete.connect(_deleted, dispatch_uid="registry-cache-delete")
    m2m_changed.connect(_changed, dispatch_uid="registry-cache-m2m")
    request_started.connect(_new_request, dispatch_uid="registry-cache-request")
