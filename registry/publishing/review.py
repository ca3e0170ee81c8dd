"""The editorial desk's rules: what awaits review, what a publication carries with
it, changes proposed to public records, and edits that crossed each other.

The admin only calls these; each rule lives here once.
"""

import json

from django.apps import apps
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.models import (
    Citation,
    Curated,
    Media,
    ProposalState,
    ProposedChange,
    PublicationStatus,
    ReviewAction,
    ReviewStep,
)
from registry.publishing import versions, workflow

# Where each kind of record keeps its country, for the queue's filter.
COUNTRY_OF = {
    "heritagesite": "country",
    "structure": "site__country",
    "damageevent": "site__country",
    "lootingincident": "site__country",
    "conditionassessment": "site__country",
    "culturalobject": "country_of_origin",
    "actor": "country",
}

UNPUBLISHED = (PublicationStatus.DRAFT, PublicationStatus.REVIEW)


# --- The queue ------------------------------------------------------------------


def _steps_of(model, action):
    """A subquery of ``model``'s latest review step of ``action`` (user, time…)."""
    return ReviewStep.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id=OuterRef("pk"),
        action=action,
    ).order_by("-at", "-pk")


def awaiting_review(models_, *, kind=None, country=None, submitter=None, limit=500):
    """Every record in review across ``models_``, oldest submission first, each as
    a dict: record, kind, submitted_by, submitted_at, comment."""
    rows = []
    for model in models_:
        name = model._meta.model_name
        if kind and kind != name:
            continue
        queryset = model._default_manager.filter(status=PublicationStatus.REVIEW)
        if country:
            path = COUNTRY_OF.get(name)
            if path is None:
                continue
            queryset = queryset.filter(**{path: country})
        steps = _steps_of(model, ReviewAction.SUBMITTED)
        queryset = queryset.annotate(
            submitted_by_id=Subquery(steps.values("user")[:1]),
            submitted_at=Subquery(steps.values("at")[:1]),
            submitted_comment=Subquery(steps.values("comment")[:1]),
        )
        if submitter:
            queryset = queryset.filter(submitted_by_id=submitter)
        for record in queryset[:limit]:
            rows.append(
                {
                    "record": record,
                    "kind": model._meta.verbose_name,
                    "model_name": name,
                    "submitted_by_id": record.submitted_by_id,
                    "submitted_at": record.submitted_at or record.status_changed_at,
                    "comment": record.submitted_comment or "",
                }
            )
    epoch = timezone.now().replace(year=1970)
    rows.sort(key=lambda row: row["submitted_at"] or epoch)
    return rows


def sent_back_to(user, models_):
    """The drafts ``user`` submitted that an editor sent back, with the comment."""
    rows = []
    for model in models_:
        sent_back = _steps_of(model, ReviewAction.SENT_BACK)
        submitted = _steps_of(model, ReviewAction.SUBMITTED)
        queryset = (
            model._default_manager.filter(status=PublicationStatus.DRAFT)
            .annotate(
                sent_back_at=Subquery(sent_back.values("at")[:1]),
                sent_back_comment=Subquery(sent_back.values("comment")[:1]),
                sent_back_by=Subquery(sent_back.values("user")[:1]),
                submitter=Subquery(submitted.values("user")[:1]),
            )
            .filter(sent_back_at__isnull=False, submitter=user.pk)
        )
        for record in queryset[:200]:
            rows.append(
                {
                    "record": record,
                    "kind": model._meta.verbose_name,
                    "model_name": model._meta.model_name,
                    "at": record.sent_back_at,
                    "comment": record.sent_back_comment,
                    "by_id": record.sent_back_by,
                }
            )
    rows.sort(key=lambda row: row["at"], reverse=True)
    return rows


def drafts_of(user, models_, limit=200):
    """Drafts and records in review that ``user`` created."""
    rows = []
    for model in models_:
        created = model.history.filter(
            history_type="+", history_user=user, id=OuterRef("pk")
        )
        queryset = (
            model._default_manager.filter(status__in=UNPUBLISHED)
            .filter(models.Exists(created))
            .order_by("-updated_at")
        )
        for record in queryset[:limit]:
            rows.append(
                {
                    "record": record,
                    "kind": model._meta.verbose_name,
                    "model_name": model._meta.model_name,
                }
            )
    rows.sort(key=lambda row: row["record"].updated_at, reverse=True)
    return rows


# --- Publishing with what a record needs -----------------------------------------


def _label(record):
    return f"{record._meta.verbose_name} “{record}”"


def companions(record):
    """The records that publishing ``record`` needs or carries and that are not
    public yet, as (record, why) pairs, in the order they were found:

    - the records it belongs to (a structure's site, an event's site…), up the chain;
    - the curated records its own rows name (the structures an event damaged);
    - the sources its citations cite and the photographs attached to it;
    - for a photograph, the record it is attached to.
    """
    found = []
    seen = {(type(record), record.pk)}

    def add(other, why):
        if other is None or not isinstance(other, Curated):
            return False
        key = (type(other), other.pk)
        if key in seen:
            return False
        seen.add(key)
        if other.status != PublicationStatus.PUBLISHED:
            found.append((other, why))
        return True

    def parents_of(obj):
        for name in type(obj).publication_parents:
            parent = getattr(obj, name)
            if add(parent, _("it belongs to %(record)s") % {"record": _label(parent)}):
                parents_of(parent)

    parents_of(record)
    if isinstance(record, Media) and add(
        record.target, _("the photograph is attached to it")
    ):
        parents_of(record.target)

    model = type(record)
    for relation in model._meta.related_objects:
        child = relation.related_model
        if not relation.one_to_many or issubclass(child, Curated):
            continue
        if relation.field.name not in getattr(child, "publication_parents", ()):
            continue
        others = [
            name for name in child.publication_parents if name != relation.field.name
        ]
        if not others:
            continue
        rows = child._default_manager.filter(**{relation.field.name: record})
        for row in rows.select_related(*others):
            for name in others:
                other = getattr(row, name)
                if add(
                    other,
                    _("named in its %(rows)s")
                    % {"rows": child._meta.verbose_name_plural},
                ):
                    parents_of(other)

    content_type = ContentType.objects.get_for_model(model)
    citations = Citation.objects.filter(
        content_type=content_type, object_id=record.pk
    ).select_related("source")
    for citation in citations:
        add(citation.source, _("cited as a source"))
    if not isinstance(record, Media):
        for photo in Media.objects.filter(
            content_type=content_type, object_id=record.pk
        ):
            add(photo, _("attached photograph"))
    return found


def publish_with(record, others, user, *, comment="", public_note=""):
    """Publish ``record`` and ``others`` together, in one transaction: all or none.

    Each must be one the user may publish; returns how many records changed.
    """
    with transaction.atomic():
        return workflow.set_status(
            [*others, record],
            PublicationStatus.PUBLISHED,
            user,
            comment=comment,
            public_note=public_note,
        )


# --- Changes proposed to public records -------------------------------------------


def _serialised(instance, names, cleaned=None):
    """``{name: value}`` of ``instance``'s fields ``names`` as JSON values (many-to-
    many ones from the form's ``cleaned`` data, the instance not being saved)."""
    many = {f.name for f in instance._meta.many_to_many}
    plain = [name for name in names if name not in many]
    data = serializers.serialize("python", [instance], fields=plain)[0]["fields"]
    values = {name: _jsonable(value) for name, value in data.items()}
    for name in names:
        if name in many and cleaned is not None and name in cleaned:
            values[name] = [obj.pk for obj in cleaned[name]]
    return values


def _jsonable(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _model_fields(model, names):
    concrete = {
        f.name for f in model._meta.get_fields() if getattr(f, "concrete", False)
    }
    return [name for name in names if name in concrete]


def proposal_from_forms(form, formsets):
    """The changes a contributor made on a public record's admin form, as a
    proposal's ``changes`` (nothing is saved)."""
    instance = form.instance
    model = type(instance)
    fields = _serialised(
        instance, _model_fields(model, form.changed_data), form.cleaned_data
    )
    rows = []
    for formset in formsets:
        for row_form in formset.forms:
            row = row_form.instance
            label = row._meta.label_lower
            if formset.can_delete and formset._should_delete_form(row_form):
                if row.pk:
                    rows.append({"model": label, "pk": row.pk, "delete": True})
                continue
            if not row_form.has_changed():
                continue
            names = _model_fields(type(row), row_form.changed_data)
            if row.pk is None:
                names = _model_fields(
                    type(row), [f for f in row_form.fields if f not in ("id", "DELETE")]
                )
            rows.append(
                {
                    "model": label,
                    "pk": row.pk,
                    "fields": _serialised(row, names),
                    "delete": False,
                }
            )
    return {"fields": fields, "rows": rows}


def propose(record, changes, user, reason):
    """Keep ``changes`` to the public ``record`` aside for an editor."""
    with transaction.atomic():
        proposal = ProposedChange.objects.create(
            content_type=ContentType.objects.get_for_model(type(record)),
            object_id=record.pk,
            changes=changes,
            reason=reason,
            proposed_by=user,
            based_on=record.updated_at,
        )
        workflow.log_step(record, ReviewAction.PROPOSED, user, reason)
    return proposal


def _field_display(model, name, value):
    """A proposed or current value as a person reads it: labels, not codes."""
    if value in (None, ""):
        return "—"
    field = model._meta.get_field(name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation and field.many_to_one:
        target = field.related_model._default_manager.filter(pk=value).first()
        return str(target) if target else str(value)
    if field.many_to_many:
        targets = field.related_model._default_manager.filter(pk__in=value)
        return ", ".join(str(t) for t in targets) or "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def _current(obj, name):
    field = obj._meta.get_field(name)
    if field.many_to_many:
        return [o.pk for o in getattr(obj, name).all()] if obj.pk else []
    return _jsonable(field.value_from_object(obj))


def diff(proposal):
    """What accepting ``proposal`` changes, for the editor: a list of
    ``{"what", "field", "before", "after"}`` rows, labels not codes."""
    record = proposal.record
    model = type(record)
    lines = []
    for name, value in proposal.changes.get("fields", {}).items():
        lines.append(
            {
                "what": _label(record),
                "field": model._meta.get_field(name).verbose_name,
                "before": _field_display(model, name, _current(record, name)),
                "after": _field_display(model, name, value),
            }
        )
    for row in proposal.changes.get("rows", []):
        row_model = apps.get_model(row["model"])
        existing = (
            row_model._default_manager.filter(pk=row["pk"]).first()
            if row["pk"]
            else None
        )
        what = (
            f"{row_model._meta.verbose_name} “{existing}”"
            if existing
            else _("new %(row)s") % {"row": row_model._meta.verbose_name}
        )
        if row.get("delete"):
            lines.append(
                {
                    "what": what,
                    "field": _("(the row)"),
                    "before": str(existing),
                    "after": _("deleted"),
                }
            )
            continue
        for name, value in row["fields"].items():
            if name in ("content_type", "object_id"):
                continue
            lines.append(
                {
                    "what": what,
                    "field": row_model._meta.get_field(name).verbose_name,
                    "before": _field_display(row_model, name, _current(existing, name))
                    if existing
                    else "—",
                    "after": _field_display(row_model, name, value),
                }
            )
    return lines


def _assign(obj, values):
    """Set deserialised ``values`` on ``obj``; return the many-to-many ones."""
    many = {}
    for name, value in values.items():
        field = obj._meta.get_field(name)
        if field.many_to_many:
            many[name] = value
        elif field.is_relation:
            setattr(obj, field.attname, value)
        else:
            setattr(obj, field.attname, field.to_python(value))
    return many


def accept(proposal, user, *, comment="", public_note=""):
    """Apply ``proposal`` to its record, on behalf of the editor ``user``: the
    record's fields and rows change in one transaction, the history keeps the
    proposal's reason, and the public sees the change from now on, as a new version
    whose public note is ``public_note`` (never the internal reason)."""
    record = proposal.record
    if not workflow.can_publish(user, type(record)):
        raise ValidationError(_("Only editors may accept a proposed change."))
    if proposal.state != ProposalState.PENDING:
        raise ValidationError(_("This proposal has been decided already."))
    with transaction.atomic():
        many = _assign(record, proposal.changes.get("fields", {}))
        record.full_clean()
        record._history_user = proposal.proposed_by or user
        record._change_reason = proposal.reason
        record.save()
        for name, pks in many.items():
            getattr(record, name).set(pks)
        content_type = ContentType.objects.get_for_model(type(record))
        for row in proposal.changes.get("rows", []):
            row_model = apps.get_model(row["model"])
            if row.get("delete"):
                row_model._default_manager.filter(pk=row["pk"]).delete()
                continue
            obj = (
                row_model._default_manager.get(pk=row["pk"])
                if row["pk"]
                else row_model()
            )
            _assign(obj, row["fields"])
            _attach(obj, record, content_type)
            obj.full_clean()
            obj._history_user = proposal.proposed_by or user
            obj._change_reason = proposal.reason
            obj.save()
        # The record and its rows are one change, one version: its note.
        versions.note_change(record, public_note)
        proposal.state = ProposalState.ACCEPTED
        proposal.decided_by = user
        proposal.decided_at = timezone.now()
        proposal.decision_comment = comment
        proposal.save()
        workflow.log_step(record, ReviewAction.ACCEPTED, user, comment)
    return record


def _attach(row, record, content_type):
    """Point a new row of a proposal at its record (generic or by foreign key)."""
    if hasattr(row, "content_type_id") and hasattr(row, "object_id"):
        row.content_type_id = content_type.pk
        row.object_id = record.pk
        return
    for field in row._meta.concrete_fields:
        if field.is_relation and field.related_model is type(record):
            setattr(row, field.attname, record.pk)
            return


def reject(proposal, user, *, comment):
    """Refuse ``proposal``, keeping it with the editor's reason."""
    if not comment.strip():
        raise ValidationError(
            {"decision_comment": _("Say why the change is rejected.")}
        )
    if proposal.state != ProposalState.PENDING:
        raise ValidationError(_("This proposal has been decided already."))
    with transaction.atomic():
        proposal.state = ProposalState.REJECTED
        proposal.decided_by = user
        proposal.decided_at = timezone.now()
        proposal.decision_comment = comment
        proposal.save()
        workflow.log_step(proposal.record, ReviewAction.REJECTED, user, comment)
    return proposal


# --- Edits that crossed ---------------------------------------------------------


def edit_token(record):
    """What a form remembers of the record it was opened on: its latest history
    row (every save writes one; a refreshed search text does not)."""
    latest = record.history.aggregate(latest=models.Max("history_id"))["latest"]
    return str(latest or "")


def as_of_token(record, token):
    """(``record`` as it was when the form holding ``token`` was opened, the time
    of that), or (None, None) for a token that is not one of its versions."""
    if not str(token).isdigit():
        return None, None
    historical = record.history.filter(history_id=int(token)).first()
    if historical is None:
        return None, None
    return historical.instance, historical.history_date


def row_models(model):
    """(row model, lookup builder) for each kind of row edited with ``model``'s
    records and kept in history: names, citations, photographs, its parts."""
    for field in model._meta.private_fields:
        if isinstance(field, GenericRelation) and hasattr(
            field.related_model, "history"
        ):
            yield (
                field.related_model,
                lambda pk, m=model: {
                    "content_type_id": ContentType.objects.get_for_model(m).pk,
                    "object_id": pk,
                },
            )
    for relation in model._meta.related_objects:
        child = relation.related_model
        if (
            relation.one_to_many
            and hasattr(child, "history")
            and not hasattr(child, "public_id")
        ):
            yield child, lambda pk, attname=relation.field.attname: {attname: pk}


def changes_since(record, token):
    """What changed in ``record`` (and the rows edited with it) since the form
    that holds ``token`` was opened: ``["alice, 10:02: name (English), names"…]``."""
    _then, since = as_of_token(record, token)
    if since is None:
        return []
    model = type(record)
    lines = []
    rows = list(
        record.history.filter(history_id__gt=int(token))
        .select_related("history_user")
        .order_by("history_date")
    )
    for historical in rows:
        previous = historical.prev_record
        if previous is not None:
            delta = historical.diff_against(previous)
            fields = [
                str(model._meta.get_field(change.field).verbose_name)
                for change in delta.changes
                if change.field not in ("updated_at",)
            ]
        else:
            fields = []
        lines.append((historical.history_date, historical.history_user, fields))
    for row_model, lookup in row_models(model):
        for historical in row_model.history.filter(
            **lookup(record.pk), history_date__gt=since
        ).select_related("history_user"):
            lines.append(
                (
                    historical.history_date,
                    historical.history_user,
                    [str(row_model._meta.verbose_name_plural)],
                )
            )
    merged = {}
    for when, who, fields in sorted(lines, key=lambda line: line[0]):
        key = (who.get_username() if who else _("someone"), when.strftime("%H:%M:%S"))
        merged.setdefault(key, [])
        for name in fields:
            if name not in merged[key]:
                merged[key].append(name)
    return [
        f"{who}, {when}: {', '.join(fields) or _('saved')}"
        for (who, when), fields in merged.items()
    ]
