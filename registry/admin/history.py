"""History a person can read: labels instead of codes, no rows of invisible
bookkeeping, the reason of each change, and the changes to a record's own rows
(names, citations, photographs…) listed with it."""

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from simple_history.template_utils import HistoricalRecordContextHelper

from registry.publishing.review import row_models

# Columns that change on every save or are derived from others: not a curator's edit.
BOOKKEEPING = {
    "updated_at",
    "status_changed_at",
    "search_text",
    "search_keys",
    "normalised",
    "date_earliest",
    "date_latest",
    "renditions",
    "phash",
}


def visible_fields(model):
    return {
        field.name
        for field in model._meta.concrete_fields
        if field.name not in BOOKKEEPING and (field.editable or field.name == "status")
    }


def readable(model, name, value):
    """A stored value as a curator reads it."""
    field = model._meta.get_field(name)
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "—"
    return str(value)


class ReadableHistory(HistoricalRecordContextHelper):
    def context_for_delta_changes(self, delta):
        shown = visible_fields(self.model)
        return [
            {
                "field": capfirst(
                    self.model._meta.get_field(change.field).verbose_name
                ),
                "old": readable(
                    self.model, change.field, self._plain(change, change.old)
                ),
                "new": readable(
                    self.model, change.field, self._plain(change, change.new)
                ),
            }
            for change in delta.changes
            if change.field in shown
        ]

    def _plain(self, change, value):
        value = self.prepare_delta_change_value(change, value)
        if isinstance(value, models.Model):
            return str(value)
        return value


def row_changes(model, pk, limit=200):
    """The changes to the rows of record ``pk``, newest first: dicts with when,
    who, what (e.g. 'name “تدمر”'), how (added, changed, deleted), reason and the
    changed fields as readable (field, old, new)."""
    kinds = {"+": _("added"), "~": _("changed"), "-": _("deleted")}
    entries = []
    for row_model, lookup in row_models(model):
        rows = (
            row_model.history.filter(**lookup(pk))
            .select_related("history_user")
            .order_by("-history_date")[:limit]
        )
        shown = visible_fields(row_model)
        for historical in rows:
            changes = []
            if historical.history_type == "~" and historical.prev_record is not None:
                delta = historical.diff_against(historical.prev_record)
                changes = [
                    (
                        capfirst(row_model._meta.get_field(c.field).verbose_name),
                        readable(row_model, c.field, c.old),
                        readable(row_model, c.field, c.new),
                    )
                    for c in delta.changes
                    if c.field in shown
                ]
                if not changes:
                    continue
            entries.append(
                {
                    "when": historical.history_date,
                    "who": historical.history_user,
                    "what": f"{row_model._meta.verbose_name} “{historical.instance}”",
                    "how": kinds.get(historical.history_type, ""),
                    "reason": historical.history_change_reason or "",
                    "changes": changes,
                }
            )
    entries.sort(key=lambda entry: entry["when"], reverse=True)
    return entries[:limit]
