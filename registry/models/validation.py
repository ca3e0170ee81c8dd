"""Errors at the field: a rule that involves several fields reports on the one a
curator must change.

The rules themselves are the models' database constraints (one definition: the
database refuses what the form refuses). Django reports a broken multi-field
constraint at the top of the form; ``FieldErrors`` reports it next to the field
that ``blame`` names — the longitude missing beside a latitude, the end date before
the start, the attribution a named perpetrator needs — with a message that says
what to enter there.
"""

from django.core.exceptions import ValidationError
from django.db import router
from django.utils.translation import gettext as _

from .choices import DateMode


def blame_coordinates(record):
    return "longitude" if record.latitude is not None else "latitude"


def blame_dates(record):
    """The date field at fault for the date mode, and what to do there."""
    mode, start, end = record.date_mode, record.date_from, record.date_to
    precision = record.date_precision
    needs = {
        DateMode.ON: (True, False),
        DateMode.AFTER: (True, False),
        DateMode.BEFORE: (False, True),
        DateMode.BETWEEN: (True, True),
        DateMode.UNKNOWN: (False, False),
    }.get(mode, (False, False))
    mode_label = str(dict(DateMode.choices).get(mode, mode))
    for name, value, needed in (
        ("date_from", start, needs[0]),
        ("date_to", end, needs[1]),
    ):
        if needed and value is None:
            return name, _("The mode '%(mode)s' needs this date.") % {
                "mode": mode_label
            }
        if not needed and value is not None:
            return name, _(
                "The mode '%(mode)s' takes no date here: clear it, or choose "
                "another mode."
            ) % {"mode": mode_label}
    if mode == DateMode.UNKNOWN and precision:
        return "date_precision", _("An unknown date has no precision: clear it.")
    if mode != DateMode.UNKNOWN and not precision:
        return "date_precision", _(
            "Say how much of the date is known: day, month or year."
        )
    return None, None


def blame_attribution(record):
    if record.perpetrator_id is not None:
        return "attribution", _(
            "Say how the perpetrator is known: claimed, reported, alleged or confirmed."
        )
    return "attribution", _(
        "An unidentified perpetrator takes no attribution: clear it, or name the "
        "perpetrator."
    )


# The suffix of a constraint's name (after "<app>_<model>_") -> who is to blame:
# a field name, or a function of the record giving a field (and a message).
BLAME = {
    "latitude_range": "latitude",
    "longitude_range": "longitude",
    "coordinates_paired": blame_coordinates,
    "date_order": "date_to",
    "date_mode_fields": blame_dates,
    "attribution_hedged": blame_attribution,
    "condition_or_no_change": "condition",
}


def blamed_field(record, constraint_name):
    """(field, message or None) for a broken constraint, or (None, None)."""
    model = type(record)._meta
    prefix = f"{model.app_label}_{model.model_name}_"
    suffix = constraint_name.removeprefix(prefix)
    rule = BLAME.get(suffix)
    if rule is None and suffix.endswith("_valid"):
        rule = suffix.removesuffix("_valid")  # choice_check: one field's own scale
    if callable(rule):
        found = rule(record)
        return found if isinstance(found, tuple) else (found, None)
    return rule, None


class FieldErrors:
    """``validate_constraints`` that reports each broken constraint on its field
    (see the module's docstring); a unique constraint's error stays Django's."""

    def validate_constraints(self, exclude=None):
        using = router.db_for_write(self.__class__, instance=self)
        errors = {}
        for model_class, constraints in self.get_constraints():
            for constraint in constraints:
                try:
                    constraint.validate(model_class, self, exclude=exclude, using=using)
                except ValidationError as error:
                    field, message = blamed_field(self, constraint.name)
                    fields = {f.name for f in self._meta.concrete_fields}
                    if getattr(error, "code", None) == "unique" or field not in fields:
                        if (
                            getattr(error, "code", None) == "unique"
                            and len(getattr(constraint, "fields", ())) == 1
                        ):
                            errors.setdefault(constraint.fields[0], []).append(error)
                        else:
                            errors = error.update_error_dict(errors)
                        continue
                    errors.setdefault(field, []).append(
                        ValidationError(message) if message else error
                    )
        if errors:
            raise ValidationError(errors)
