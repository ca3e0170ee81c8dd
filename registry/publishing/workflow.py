"""Business actions shared by the admin, commands and tests: publication and restore.

Each function is the one place where its rule lives; the admin only calls them.
"""

from datetime import timedelta

from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from registry.models import Curated, Media, PublicationStatus, ReviewAction, ReviewStep
from registry.publishing import cache, versions

# Moving a record to or from these states is an editor's decision.
EDITORIAL_STATES = {PublicationStatus.PUBLISHED, PublicationStatus.WITHDRAWN}


def can_publish(user, model):
    """Whether ``user`` may publish and withdraw records of ``model``."""
    return user.has_perm(f"{model._meta.app_label}.publish_{model._meta.model_name}")


def mark_status(record, status, *, previous=None):
    """Set ``status`` and its timestamps on ``record`` (unsaved): the one place.

    ``published_at`` keeps the first publication; ``status_changed_at`` the latest
    change of status, which the change feed reads.
    """
    previous = record.status if previous is None else previous
    record.status = status
    if status != previous:
        now = timezone.now()
        record.status_changed_at = now
        if status == PublicationStatus.PUBLISHED and record.published_at is None:
            record.published_at = now
    return record


def check_status_change(user, record, status, *, previous=None):
    """Refuse a change of status that ``user`` is not allowed to make."""
    previous = record.status if previous is None else previous
    if status == previous:
        return
    if (status in EDITORIAL_STATES or previous in EDITORIAL_STATES) and not can_publish(
        user, type(record)
    ):
        raise PermissionDenied(
            _("Only editors may publish or withdraw records, or change published ones.")
        )


def review_action(previous, status):
    """The step of the workflow that moving from ``previous`` to ``status`` is."""
    if status == PublicationStatus.REVIEW:
        return ReviewAction.SUBMITTED
    if status == PublicationStatus.PUBLISHED:
        return ReviewAction.PUBLISHED
    if status == PublicationStatus.WITHDRAWN:
        return ReviewAction.WITHDRAWN
    if previous == PublicationStatus.REVIEW:
        return ReviewAction.SENT_BACK
    return ReviewAction.RETURNED


def log_step(record, action, user, comment=""):
    """Write down who moved ``record`` along the workflow, and what they said."""
    return ReviewStep.objects.create(
        content_type=ContentType.objects.get_for_model(type(record)),
        object_id=record.pk,
        action=action,
        user=user if user is not None and user.is_authenticated else None,
        comment=comment,
    )


def set_status(records, status, user, *, comment="", public_note=""):
    """Move ``records`` to ``status`` on behalf of ``user``; return how many changed.

    Saves record by record so that each change lands in the history with its
    author and ``comment`` as its reason, and in the review steps. ``comment`` is
    internal; ``public_note`` is what the public reads with the new version, or on
    the tombstone of a withdrawn record (why it was withdrawn).
    """
    changed = 0
    with transaction.atomic():
        for record in records:
            if record.status == status:
                continue
            check_status_change(user, record, status)
            previous = record.status
            mark_status(record, status)
            record._history_user = user
            if comment:
                record._change_reason = comment
            record._public_note = public_note
            record.save()
            log_step(record, review_action(previous, status), user, comment)
            changed += 1
    return changed


def publish_in_bulk(queryset, *, user=None, reason="", public_note="", batch=None):
    """Publish every record of ``queryset`` at once (an import's sites): status and
    timestamps as ``mark_status`` sets them, a history row and a public version
    each (in bulk: a bulk update sends no signal); return how many.

    ``reason`` goes to the history, ``public_note`` to the versions.
    Whether ``user`` may publish is the caller's to check (``can_publish``).
    """
    records = list(queryset)
    fields = ["status", "status_changed_at", "published_at"]
    for record in records:
        mark_status(record, PublicationStatus.PUBLISHED)
        if batch is not None:
            record.import_batch = batch
    if batch is not None:
        fields.append("import_batch")
    bulk_update_with_history(
        records,
        queryset.model,
        fields,
        batch_size=500,
        default_user=user,
        default_change_reason=reason,
    )
    cache.bump()  # a bulk update sends no signal
    versions.refresh(
        queryset.model, [record.pk for record in records], note=public_note, user=user
    )
    return len(records)


# Rows deleted along with a record (its names, citations…) are restored with it when
# their deletion was recorded within this window of the record's own.
CASCADE_WINDOW = timedelta(seconds=10)


def _cascaded_children(model, pk):
    """(model, lookup) for each kind of row deleted in cascade with ``model``."""
    for rel in model._meta.related_objects:
        if rel.one_to_many and rel.on_delete is models.CASCADE:
            child = rel.related_model
            if hasattr(child, "history"):
                yield child, {rel.field.attname: pk}
    for field in model._meta.private_fields:
        if isinstance(field, GenericRelation) and hasattr(
            field.related_model, "history"
        ):
            content_type = ContentType.objects.get_for_model(model)
            yield (
                field.related_model,
                {"content_type_id": content_type.pk, "object_id": pk},
            )


def _restore_m2m(record, historical):
    """Give ``record`` the many-to-many values it had just before it was deleted."""
    before = historical.prev_record
    if before is None:
        return
    for field in record._meta.many_to_many:
        if not hasattr(before, field.name):
            continue
        rows = getattr(before, field.name).all()
        target_attname = field.m2m_reverse_field_name()
        getattr(record, field.name).set(
            [getattr(row, f"{target_attname}_id") for row in rows]
        )


def restore_record(historical, user, *, as_draft=True):
    """Bring back a deleted record with the rows deleted along with it.

    ``historical`` is the history row of the deletion. A curated record comes back
    as a draft, to be reviewed and published again, unless ``as_draft`` is False
    (an editor's choice: as it was). Returns the restored record.
    """
    with transaction.atomic():
        record = historical.instance
        record._history_user = user
        if as_draft and isinstance(record, Curated):
            record.status = PublicationStatus.DRAFT
            record._change_reason = "Restored as a draft"
        record.save(force_insert=True)
        _restore_m2m(record, historical)
        window = (
            historical.history_date - CASCADE_WINDOW,
            historical.history_date + CASCADE_WINDOW,
        )
        for child_model, lookup in _cascaded_children(type(record), record.pk):
            deletions = child_model.history.filter(
                history_type="-", history_date__range=window, **lookup
            )
            for child in deletions:
                child_pk = getattr(child, child_model._meta.pk.attname)
                if not child_model._default_manager.filter(pk=child_pk).exists():
                    # Its rows come back as they were: the record hides them.
                    restore_record(child, user, as_draft=False)
    return record


def _counted(count, model):
    meta = model._meta
    return f"{count} {meta.verbose_name if count == 1 else meta.verbose_name_plural}"


def hidden_with(records):
    """["2 structures", "1 damage event"…]: the public records that ``records``
    hide when they stop being public: those that name one of them as a
    publication parent (a site's structures, events, objects, assessments…) and
    their photographs."""
    model = records.model
    hidden = []
    for relation in model._meta.related_objects:
        child = relation.related_model
        if relation.field.name not in getattr(child, "publication_parents", ()):
            continue
        count = (
            child._default_manager.filter(**{f"{relation.field.name}__in": records})
            .filter(child.published_q())
            .count()
        )
        if count:
            hidden.append(_counted(count, child))
    photos = Media.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id__in=records.values("pk"),
        status=PublicationStatus.PUBLISHED,
    ).count()
    if photos:
        hidden.append(_counted(photos, Media))
    return hidden


def deleted_records(models_with_history, limit=200):
    """The latest deletion of each record that is still deleted, newest first."""
    rows = []
    for model in models_with_history:
        live = model._default_manager.values("pk")
        deletions = (
            model.history.filter(history_type="-")
            .exclude(**{f"{model._meta.pk.attname}__in": live})
            .order_by("-history_date")[:limit]
        )
        seen = set()
        for row in deletions:
            key = getattr(row, model._meta.pk.attname)
            if key not in seen:
                seen.add(key)
                rows.append(row)
    rows.sort(key=lambda row: row.history_date, reverse=True)
    return rows[:limit]


def curated_models():
    from django.apps import apps

    return [
        model
        for model in apps.get_app_config("registry").get_models()
        if issubclass(model, Curated)
    ]
