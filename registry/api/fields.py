"""The read-only base of every API serializer, and the API's own fields.

DRF's ``Serializer.to_representation`` asks every field, for every record, to find its
value (``Field.get_attribute``: a loop over the source's parts, an abstract
``Mapping`` check and a callable check on each) and then to represent it. At 50
records of some 40 nested fields a page, that machinery cost as much as the SQL.
``Serializer`` below does the same thing with the work that does not depend on the
record done once per serializer: the fields in order, each one's attribute (read from
the field's ``source``) and how it represents a value. Whatever is out of the
ordinary (a missing attribute, a function, a mapping without the key, a dotted
source) goes through the field's own ``get_attribute``, so every answer is exactly
DRF's (tests/api/test_api_speed.py checks every serializer).
"""

from collections.abc import Mapping
from datetime import UTC, date, datetime
from functools import partial
from types import BuiltinFunctionType, FunctionType, MethodType

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import SkipField
from rest_framework.relations import RelatedField
from rest_framework.settings import ISO_8601, api_settings

# Values DRF does not take as they are: it calls a function or method that needs no
# argument (and refuses a builtin one). Other callables (a related manager) are values.
CALLED = (FunctionType, MethodType, BuiltinFunctionType, partial)


def source_path(field):
    """The attributes (or keys) ``field`` reads, in order, as its ``source`` names
    them: none for "*", the record itself."""
    return () if field.source == "*" else tuple(field.source.split("."))


IS_MAPPING = {}


def is_mapping(instance):
    """``isinstance(instance, Mapping)``, answered once per type."""
    kind = type(instance)
    try:
        return IS_MAPPING[kind]
    except KeyError:
        result = IS_MAPPING[kind] = isinstance(instance, Mapping)
        return result


MISSING = object()

# How many shared records a serializer remembers the representation of (bounded, so
# that an export's memory stays flat).
SHARED_REPRESENTATIONS = 4096

# What the plain scalar fields' to_representation amounts to, by exact type: the
# builtin itself, without a method call per value.
BUILTIN_REPRESENTATION = {
    serializers.CharField: str,
    serializers.IntegerField: int,
    serializers.FloatField: float,
}


def timestamp(value, zone=None):
    """What a ``DateTimeField`` with DRF's default ISO 8601 output gives, without its
    per-value lookups of settings and format: the instant in the current time zone
    (``zone`` when given: an export reads it once), "Z" for UTC."""
    if not value or isinstance(value, str):
        return value or None
    if settings.USE_TZ:
        zone = zone or timezone.get_current_timezone()
        if timezone.is_aware(value):
            value = value.astimezone(zone)
        else:
            value = timezone.make_aware(value, zone)
    elif timezone.is_aware(value):
        value = timezone.make_naive(value, UTC)
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def timestamp_in(zone):
    """``timestamp`` in ``zone``, read once (an export's): for the aware datetimes
    the database gives with ``USE_TZ``, the instant in ``zone`` straight away,
    without the checks each call of ``timestamp`` makes; anything else, as
    ``timestamp`` has it."""
    if not settings.USE_TZ:
        return partial(timestamp, zone=zone)

    def stamp(value):
        if value.__class__ is datetime and value.utcoffset() is not None:
            text = value.astimezone(zone).isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return timestamp(value, zone)

    return stamp


def iso_day(field):
    """What ``field``, a ``DateField`` with DRF's default ISO 8601 output, gives:
    a day as "2016-03-12", without its per-value lookup of its format; anything
    but a day, as the field has it."""

    def day(value):
        if value.__class__ is date:
            return value.isoformat()
        return field.to_representation(value)

    return day


def is_plain_day(field):
    return (
        type(field) is serializers.DateField
        and getattr(field, "format", api_settings.DATE_FORMAT) == ISO_8601
    )


def is_plain_timestamp(field):
    return (
        type(field) is serializers.DateTimeField
        and getattr(field, "format", api_settings.DATETIME_FORMAT) == ISO_8601
        and not hasattr(field, "timezone")
    )


def representer(serializer, field):
    """How ``field`` of ``serializer`` represents a value that is not None: what its
    ``to_representation`` does, as directly as it can be called."""
    if isinstance(field, serializers.SerializerMethodField):
        return getattr(serializer, field.method_name)
    if is_plain_timestamp(field):
        return timestamp
    if is_plain_day(field):
        return iso_day(field)
    if type(field) is serializers.UUIDField and field.uuid_format == "hex_verbose":
        return str  # what its to_representation writes
    return BUILTIN_REPRESENTATION.get(type(field), field.to_representation)


# A read-only serializer whose ``to_representation`` is DRF's, precompiled. (No
# docstring: drf-spectacular would give it to every schema component without one.)
class Serializer(serializers.Serializer):
    _plan = None
    # Whether a record met again (the same object: the site that rows read as
    # values share, see registry.api.rows) is represented once. Only for
    # serializers whose representation depends on the record alone.
    shares_representations = False

    def _compile(self):
        """Per readable field: its name, its one attribute (None for a dotted source),
        whether it has a source other than "*", how it represents a value, itself.
        False when a field needs DRF's own way (a related field's PKOnlyObject)."""
        plan = []
        for name, field in self.fields.items():
            if field.write_only:
                continue
            if isinstance(field, RelatedField):
                return False
            path = source_path(field)
            attribute = path[0] if len(path) == 1 else None
            plan.append((name, attribute, bool(path), representer(self, field), field))
        return plan

    def to_representation(self, instance):
        if self.shares_representations:
            memo = self.__dict__.get("_memo")
            if memo is None:
                memo = self._memo = {}
            key = self.shared_key(instance)
            known = memo.get(key)
            if known is not None and known[0] is instance:
                return dict(known[1])
            if len(memo) >= SHARED_REPRESENTATIONS:
                memo.clear()
            result = self._represent(instance)
            memo[key] = (instance, result)  # kept: its id stays its own
            return dict(result)
        return self._represent(instance)

    def shared_key(self, instance, language=None):
        """What a shared representation is remembered by: the record itself, and
        whatever else it depends on (the language, for a country's name: the
        active one unless ``language`` says it, as an export that reads it once
        does, ``renderers.Flattener``)."""
        return id(instance)

    def _represent(self, instance):
        plan = self._plan
        if plan is None:
            plan = self._plan = self._compile()
        if not plan:
            return super().to_representation(instance)
        ret = {}
        mapping = is_mapping(instance)
        for name, attribute, has_source, represent, field in plan:
            value = value_of(instance, mapping, attribute, has_source, field)
            if value is not MISSING:
                ret[name] = None if value is None else represent(value)
        return ret

    def plain(self):
        """Whether this serializer represents a record by its plan alone (its
        fields' values, each represented): what a flat export may read field by
        field (``renderers.Flattener``) instead of asking for the whole
        representation."""
        cls = type(self)
        if (
            cls.to_representation is not Serializer.to_representation
            or cls._represent is not Serializer._represent
        ):
            return False
        if self._plan is None:
            self._plan = self._compile()
        return bool(self._plan)


def value_of(instance, mapping, attribute, has_source, field):
    """The value a field of a plan (``Serializer._compile``) reads from
    ``instance``, as DRF's ``field.get_attribute`` finds it; MISSING when the field
    is skipped (a mapping without its key)."""
    if not has_source:  # source="*": the record itself
        return instance
    if attribute is not None:
        try:
            value = instance[attribute] if mapping else getattr(instance, attribute)
        except (KeyError, AttributeError, ObjectDoesNotExist):
            pass
        else:
            if not (callable(value) and isinstance(value, CALLED)):
                return value
    try:
        return field.get_attribute(instance)
    except SkipField:
        return MISSING


def sharing(serializer):
    """The serializers of ``serializer``'s tree, itself included, that remember the
    representations of the records they meet (``shares_representations``)."""
    found, stack = [], [serializer]
    while stack:
        node = stack.pop()
        if isinstance(node, serializers.ListSerializer):
            stack.append(node.child)
        elif isinstance(node, serializers.Serializer):
            if getattr(node, "shares_representations", False):
                found.append(node)
            stack.extend(node.fields.values())
    return found


def forget_representations(serializers_):
    """Empty what ``serializers_`` (``sharing``) remember: a serializer reused for
    another request would otherwise keep the last one's records, and their
    representations, until its memo filled (4,096 records a serializer)."""
    for serializer in serializers_:
        serializer.__dict__.pop("_memo", None)


def returns(field):
    """``extend_schema_field`` for the method of a ``SerializerMethodField``, the
    field also kept as the method's ``returns``: a CSV export's columns follow it
    (``renderers.columns``)."""

    def decorate(method):
        method.returns = field
        return extend_schema_field(field)(method)

    return decorate


def of_related(attribute):
    """For the method of a ``SerializerMethodField`` whose value is a function of
    the record's related record ``attribute`` alone (an event's location is its
    site's): an export works its cells out once per such record
    (``renderers.Flattener``), as it does a shared record's."""

    def decorate(method):
        method.of_related = attribute
        return method

    return decorate


@extend_schema_field(
    {"type": "string", "enum": ["", "claimed", "reported", "alleged", "confirmed"]}
)
class AttributionField(serializers.Field):
    """How the perpetrator is known, only while the perpetrator may be shown: with a
    hidden (draft, withdrawn) perpetrator, "alleged" alone would still say that
    someone is held responsible."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, record):
        return record.attribution if record.perpetrator is not None else ""


@extend_schema_field({"type": ["string", "null"], "format": "date"})
class OptionalDateField(serializers.DateField):
    """A date that may be null, and is left out where the data has no such key (a
    confidential citation): ``allow_null`` would put it back as null."""
