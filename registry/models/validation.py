"""Errors at the field: a rule that involves several fields reports on the one a
curator must change.

The rules themselves are the models' database constraints (one definition: the
database refuses what the form refuses). Django reports a broken multi-field
constraint at the top of the form; ``FieldErrors`` reports it next to the field
that ``blame`` names — the longitude missing beside a latitude, the end date before
the start, the attribution a named perpetrator needs — with a message that says
what to enter there.
"""

import operator

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import router
from django.db.models import CheckConstraint, F, Q, UniqueConstraint
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
    "has_title": "title",
}


def blamed_field(record, constraint_name):
    """(field, message or None) for a broken constraint, or (None, None)."""
    model = type(record)._meta
    prefix = f"{model.app_label}_{model.model_name}_"
    suffix = constraint_name.removeprefix(prefix)
    rule = BLAME.get(suffix)
    if rule is None and suffix.endswith("_valid"):
        rule = suffix.removesuffix("_valid")  # choice_check: one field's own scale
    if rule is None and suffix.endswith("_positive"):
        rule = suffix.removesuffix("_positive")  # a measurement, a price
    if callable(rule):
        found = rule(record)
        return found if isinstance(found, tuple) else (found, None)
    return rule, None


# CHECK constraints evaluated on the record itself -----------------------------------
#
# Django checks a CHECK constraint with a query of its own (one per constraint and
# record: twelve for a damage event, most of an import's time). The conditions are
# plain comparisons of the record's own fields, so they are read here from the
# constraint's own ``condition`` and evaluated in Python with the database's logic
# (a comparison with NULL is unknown; a CHECK fails only when its condition is
# false). A condition this does not understand is left to the database's query.

COMPARISONS = {
    "exact": operator.eq,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}


class NotInPython(Exception):
    """A condition (or a value) the Python evaluation leaves to the database."""


def _all(values):
    return False if False in values else (None if None in values else True)


def _any(values):
    return True if True in values else (None if None in values else False)


def _reader(meta, name, fields):
    if "__" in name:
        raise NotInPython(name)  # a join
    try:
        field = meta.get_field(name)
    except FieldDoesNotExist as error:
        raise NotInPython(name) from error
    if not getattr(field, "concrete", False) or field.many_to_many:
        raise NotInPython(name)
    fields.add(field.name)
    return field, lambda record: field.get_prep_value(getattr(record, field.attname))


def _lookup(meta, path, value, fields):
    name, _sep, lookup = path.partition("__")
    lookup = lookup or "exact"
    field, left = _reader(meta, name, fields)
    if lookup == "exact" and value is None:
        lookup, value = "isnull", True
    if lookup == "isnull":
        if not isinstance(value, bool):
            raise NotInPython(path)
        return lambda record: (left(record) is None) == value
    if isinstance(value, F):
        right = _reader(meta, value.name, fields)[1]
    elif hasattr(value, "resolve_expression"):
        raise NotInPython(path)
    elif lookup == "in":
        choices = [field.get_prep_value(item) for item in value if item is not None]
        if not choices:
            raise NotInPython(path)
        return lambda record: (
            None if (found := left(record)) is None else found in choices
        )
    else:
        prepared = field.get_prep_value(value)
        right = lambda record: prepared  # noqa: E731
    compare = COMPARISONS.get(lookup)
    if compare is None:
        raise NotInPython(path)

    def evaluate(record):
        a, b = left(record), right(record)
        return None if a is None or b is None else compare(a, b)

    return evaluate


def _condition(meta, node, fields):
    """A function of a record: True, False or None (unknown) for ``node``."""
    if isinstance(node, tuple):
        return _lookup(meta, *node, fields)
    if not isinstance(node, Q) or node.connector not in (Q.AND, Q.OR):
        raise NotInPython(node)
    parts = [_condition(meta, child, fields) for child in node.children]
    combine = _all if node.connector == Q.AND else _any
    negated = node.negated

    def evaluate(record):
        result = combine([part(record) for part in parts])
        return (None if result is None else not result) if negated else result

    return evaluate


_compiled = {}


def python_check(model, constraint):
    """(condition, fields it reads) of a CHECK ``constraint`` of ``model`` (or of
    the condition of a conditional unique one), as a function of a record; None
    when it is left to the database."""
    key = (model, constraint.name)
    if key not in _compiled:
        fields = set()
        try:
            found = (_condition(model._meta, Q(constraint.condition), fields), fields)
        except NotInPython:
            found = None
        _compiled[key] = found
    return _compiled[key]


def applies(model, constraint, record):
    """False when a conditional unique constraint's condition is false for
    ``record`` (it then holds whatever the other records are: Django still asks
    the database, one query per record, every INTERPOL-only rule for every
    reference number of an import); True otherwise."""
    if getattr(constraint, "condition", None) is None:
        return True
    found = python_check(model, constraint)
    if found is None:
        return True
    try:
        return found[0](record) is not False
    except (TypeError, ValueError, ValidationError):
        return True


def validate_constraint(constraint, model, record, exclude=None, using=None):
    """``constraint.validate(...)``, a CHECK evaluated on ``record`` without a query
    where its condition allows (see ``python_check``), and a unique constraint
    whose condition does not hold for ``record`` passed without one (``applies``)."""
    check = (
        python_check(model, constraint)
        if isinstance(constraint, CheckConstraint)
        else None
    )
    if check is None:
        if isinstance(constraint, UniqueConstraint) and not applies(
            model, constraint, record
        ):
            return None
        return constraint.validate(model, record, exclude=exclude, using=using)
    condition, fields = check
    if exclude and fields & set(exclude):
        return None  # a field already refused: Django skips the rule too
    try:
        holds = condition(record)
    except (TypeError, ValueError, ValidationError):
        # A value the field itself cannot read: as the database would judge it.
        return constraint.validate(model, record, exclude=exclude, using=using)
    if holds is False:
        raise ValidationError(
            constraint.get_violation_error_message(),
            code=constraint.violation_error_code,
        )
    return None


class FieldErrors:
    """``validate_constraints`` that reports each broken constraint on its field
    (see the module's docstring); a unique constraint's error stays Django's."""

    def validate_constraints(self, exclude=None):
        using = router.db_for_write(self.__class__, instance=self)
        errors = {}
        for model_class, constraints in self.get_constraints():
            for constraint in constraints:
                try:
                    validate_constraint(
                        constraint, model_class, self, exclude=exclude, using=using
                    )
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
