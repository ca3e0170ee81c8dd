"""Lists read as values: the public lists, CSV and GeoJSON without model instances.

A model instance costs far more to make than its row costs to read (its
``__init__``, its signals, ``select_related``'s and ``prefetch_related``'s
machinery: 200-270 µs a record at a page of sites). A list endpoint here reads
``values()`` rows instead and wraps each in a *row*: a plain object carrying those
values as attributes, whose class borrows from the model the very properties and
descriptors the serializers read (``country_codes``, ``world_heritage_since``,
``date_display``, the country fields…). The serializers, and the protection rules
they call (``privacy.public_point`` for a location by its site's sensitivity,
``AttributionField`` for a hidden perpetrator…), are the same for both paths: a rule
is written once, and a row reaches it as an instance would.

Related records are read as the public querysets read them (``visibility``): a
forward key the instance path joins (``select_related``) is joined here too; what it
prefetches through ``published()`` (a perpetrator) is read through ``published()``,
per page or per chunk of an export, in one query per relation.
"""

import inspect
import linecache
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet, FieldDoesNotExist
from django.db import connections
from django.db.models import (
    CharField,
    DateField,
    DateTimeField,
    DecimalField,
    Field,
    Func,
)
from django.utils import timezone
from django_countries.fields import CountryDescriptor, MultipleCountriesDescriptor

from registry.models import (
    Actor,
    AdminDivision,
    CulturalObject,
    DamageEvent,
    Designation,
    HeritageSite,
    LootingIncident,
    Name,
    Person,
    Source,
    Structure,
    Term,
)
from registry.search.conditions import Among, among_q

CHUNK = 500


class IdentifierText(Func):
    """A UUID column (a public identifier) read as text: Django's converter made a
    ``UUID`` of every row's identifier (2 µs on SQLite), which its representation
    then turned back into text. PostgreSQL writes the text ``str(uuid)`` gives
    (8-4-4-4-12 hexadecimal digits); SQLite gives the 32 digits it stores, which
    ``dashed`` writes so (five ``substr`` a UUID in SQL cost three times that).
    Rows carry their identifiers as that text (``Row.public_id``, their site's):
    the serializers write ``str(value)`` either way."""

    output_field = CharField()

    def as_sql(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        return f"CAST({column} AS text)", params

    def as_sqlite(self, compiler, connection, **extra_context):
        return compiler.compile(self.source_expressions[0])


def dashed(identifier):
    """The text ``str(uuid)`` gives of an identifier read by ``IdentifierText``."""
    if identifier.__class__ is str and len(identifier) == 32:
        return (
            f"{identifier[:8]}-{identifier[8:12]}-{identifier[12:16]}-"
            f"{identifier[16:20]}-{identifier[20:]}"
        )
    return identifier


class StoredText(Func):
    """A timestamp or date column as SQLite stores it: text, a timestamp in UTC
    ("2016-03-12 10:04:05.123456"), a date as "2016-03-12". Read by its declared
    type, a timestamp was parsed into a datetime for every row, made aware, then
    written back as text by the serializer (3 µs a row; ``stamper`` writes that
    text instead); a date was parsed by a Python function, then checked by Django's
    converter (1 µs a date, four an event; ``day`` makes it in C). PostgreSQL's
    driver gives a datetime or a date, as before."""

    output_field = CharField()

    def as_sql(self, compiler, connection, **extra_context):
        return compiler.compile(self.source_expressions[0])

    def as_sqlite(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        return f"CAST({column} AS text)", params


class AsStored(Func):
    """A joined record's decimal column (a site's latitude) read as the database
    gives it, its converter left to the reader's builder (``Reader.builder``),
    which applies it once per joined record: Django's converter made a
    ``Decimal`` of a site's two decimals on every row of its events (2 µs a row on
    SQLite). The SQL is the column's."""

    template = "%(expressions)s"

    def __init__(self, column):
        # A field of no type: nothing converts it, on either database (a float's
        # type made the expression convert every value to a float).
        super().__init__(column, output_field=Field())


def day(value):
    """The date of a date read by ``StoredText`` (None for none)."""
    return date.fromisoformat(value) if value.__class__ is str else value


def stamper(zone):
    """A function giving what ``fields.timestamp`` writes in ``zone`` of a timestamp
    read by ``StoredText``: SQLite's text as ISO 8601 straight away in UTC (the
    registry's time zone); in another zone, the aware datetime the serializer
    writes. A datetime (PostgreSQL's) is left to the serializer."""
    in_utc = zone is UTC or getattr(zone, "key", None) == "UTC"

    def stamp(value):
        if value.__class__ is not str:
            return value
        if in_utc and len(value) in (19, 26) and value[10] == " ":
            return f"{value[:10]}T{value[11:]}Z"
        return datetime.fromisoformat(value).replace(tzinfo=UTC)

    return stamp


def selected(column, stored=False, deferred=False):
    """What a reader selects for ``column``: a public identifier as its text; a
    timestamp or a date (``stored``) as SQLite's text; a joined record's decimal
    (``deferred``) as the database gives it."""
    if column == "public_id" or column.endswith("__public_id"):
        return IdentifierText(column)
    if stored:
        return StoredText(column)
    if deferred:
        return AsStored(column)
    return column


def converters_of(model, names, using):
    """``[(name, convert)]``: for each of ``model``'s columns ``names`` that Django
    converts when it reads them plainly from the database ``using``, a function
    applying its converters so."""
    connection = connections[using]
    compiler = model._default_manager.values_list(*names).query.get_compiler(using)
    compiler.setup_query()
    expressions = [selected[0] for selected in compiler.select[: compiler.col_count]]
    found = compiler.get_converters(expressions)

    def converting(converters, expression):
        def convert(value):
            for converter in converters:
                value = converter(value, expression, connection)
            return value

        return convert

    return [
        (name, converting(*found[index]))
        for index, name in enumerate(names)
        if index in found
    ]


def field_of(model, name):
    """``model``'s field ``name``, None when it has none."""
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


# How many joined records (sites, terms) a list keeps to share between its rows:
# bounded, so that an export's memory stays flat.
SHARED = 4096


class Rows(list):
    """Related rows, answering ``all()`` as a prefetched manager does."""

    def all(self):
        return self


# How many stored texts of a country field ``CountryOf`` remembers the cleaned codes
# of (there are some 250 countries; several in one field are combinations).
CLEANED = 4096


class CountryOf:
    """A model's country field on its rows: the field's own descriptor converts the
    stored text ("SY,LB" for several countries) and makes each ``Country``, once
    per code (a ``Country`` is its code: its name is looked up when read, in the
    reader's language). Making one cost more than the rest of a site's row."""

    def __init__(self, descriptor):
        self.descriptor = descriptor
        self.field = descriptor.field
        self.made = {}
        self.cleaned = {}

    def country(self, code):
        try:
            return self.made[code]
        except KeyError:
            made = self.made[code] = self.descriptor.country(code)
            return made

    def __get__(self, row, owner=None):
        if row is None:
            return self
        value = row.__dict__[self.field.name]
        if value is None and (self.field.multiple or self.field.null):
            return None
        if self.field.multiple:
            return MultipleCountriesDescriptor(self.country(code) for code in value)
        return self.country(value)

    def __set__(self, row, value):
        """What the field's descriptor stores for ``value``, its cleaned codes,
        cleaned once per stored text: cleaning a site's "SY" again for each of its
        rows took about 5 % of a CSV export of events (under the profiler)."""
        if value.__class__ is not str:
            self.descriptor.__set__(row, value)
            return
        try:
            cleaned = self.cleaned[value]
        except KeyError:
            cleaned = self.field.get_clean_value(value)
            if len(self.cleaned) < CLEANED:
                self.cleaned[value] = cleaned
        # A list of several countries is the row's own, as the descriptor's is.
        row.__dict__[self.field.name] = (
            list(cleaned) if isinstance(cleaned, list) else cleaned
        )


class Row:
    """A record read as values (see the module's docstring)."""

    # The model's country fields (``CountryOf``).
    country_fields = ()

    def __init__(self, values):
        self.__dict__.update(values)
        for country in self.country_fields:
            name = country.field.name
            if name in values:
                country.__set__(self, values[name])

    @property
    def pk(self):
        return self.id


def row_class(model, *borrowed):
    """A row class for ``model`` with the model's own ``borrowed`` attributes
    (properties, methods, descriptors, class constants), as the model defines them."""
    namespace = {name: inspect.getattr_static(model, name) for name in borrowed}
    for name, value in namespace.items():
        if isinstance(value, CountryDescriptor):
            namespace[name] = CountryOf(value)
    namespace["country_fields"] = tuple(
        value for value in namespace.values() if isinstance(value, CountryOf)
    )
    namespace["model"] = model
    return type(f"{model.__name__}Row", (Row,), namespace)


DATED = ("date_display", "format_date", "earliest", "latest")
SEARCHABLE = ("search_fields", "search_terms")

TermRow = row_class(Term)
DivisionRow = row_class(AdminDivision)
ActorRow = row_class(Actor)
NameRow = row_class(Name)
DesignationRow = row_class(Designation)
SiteRow = row_class(
    HeritageSite,
    *SEARCHABLE,
    "country",
    "other_countries",
    "has_point",
    "region_codes",
    "country_codes",
    "_designations",
    "world_heritage",
    "unesco_id",
    "world_heritage_since",
    "world_heritage_until",
    "criteria_codes",
    "in_danger_periods",
)
StructureRow = row_class(Structure, *SEARCHABLE, "has_point")
DamageEventRow = row_class(DamageEvent, *SEARCHABLE, *DATED)
LootingIncidentRow = row_class(LootingIncident, *SEARCHABLE, *DATED)
PersonRow = row_class(Person, *SEARCHABLE)
ActorListRow = row_class(Actor, *SEARCHABLE, "country")
SourceRow = row_class(Source, *SEARCHABLE)
ObjectRow = row_class(CulturalObject, *SEARCHABLE, "country_of_origin")

TERM = ("id", "code", "label_en", "label_ar")
DIVISION = ("id", "code", "name", "name_ar")
POINT = ("latitude", "longitude", "location_sensitivity")
DATES = (
    "date_mode",
    "date_precision",
    "date_from",
    "date_to",
    "date_earliest",
    "date_latest",
)


@dataclass
class Joined:
    """A forward key the public queryset joins: its row class and columns."""

    path: str  # "site", "site.admin_division"
    row: type
    fields: tuple

    @property
    def prefix(self):
        return self.path.replace(".", "__") + "__"

    @property
    def deferred(self):
        """Its decimal columns, converted once per record (``AsStored``)."""
        return tuple(
            name
            for name in self.fields
            if isinstance(field_of(self.row.model, name), DecimalField)
        )


@dataclass
class Reader:
    """How one list reads its records as rows."""

    row: type
    fields: tuple
    joined: tuple = ()
    # Functions (reader, rows, context) giving the rows of a page or chunk what
    # the instance path prefetches, one query each.
    related: tuple = ()
    columns: tuple = field(init=False)
    selected: tuple = field(init=False)

    def __post_init__(self):
        # A search's ``matched`` reads the texts that found the record, every one.
        searched = getattr(self.row, "search_fields", ())
        self.fields = tuple(dict.fromkeys((*self.fields, *searched)))
        columns = list(self.fields)
        for joined in self.joined:
            columns += [joined.prefix + name for name in joined.fields]
        self.columns = tuple(dict.fromkeys(columns))
        # The record's own timestamps and dates, read as SQLite stores them.
        own = {name: field_of(self.row.model, name) for name in self.fields}
        self.stamped = tuple(
            name for name, kind in own.items() if isinstance(kind, DateTimeField)
        )
        self.days = tuple(
            name
            for name, kind in own.items()
            if isinstance(kind, DateField) and not isinstance(kind, DateTimeField)
        )
        stored = {*self.stamped, *self.days}
        deferred = {
            joined.prefix + name for joined in self.joined for name in joined.deferred
        }
        self.selected = tuple(
            selected(column, column in stored, column in deferred)
            for column in self.columns
        )
        self.key = self.columns.index("id")
        self.converting = {}  # by database: ``conversions``
        self.builders = {}  # by database: ``builder``

    def conversions(self, using):
        """For each joined record, in ``joined``'s order, what converts its
        deferred columns (``Joined.deferred``) read from the database ``using``
        (``converters_of``)."""
        found = self.converting.get(using)
        if found is None:
            found = self.converting[using] = tuple(
                converters_of(joined.row.model, joined.deferred, using)
                if joined.deferred
                else ()
                for joined in self.joined
            )
        return found

    def builder(self, using):
        """A function (values, shared, stamp) giving the row of ``values`` (a tuple
        of ``columns``) read from the database ``using``; its joined records are
        taken from ``shared`` when an earlier row of the list brought them (one site
        for all its events: the serializers represent it once,
        ``fields.Serializer.shares_representations``). ``stamp``: the list's
        ``stamper``. Written once per reader and database (``builder_source``)."""
        found = self.builders.get(using)
        if found is None:
            found = self.builders[using] = compiled_builder(self, using)
        return found

    def complete(self, rows, searched, known=None):
        """``rows`` with what the instance path prefetches. ``known``: what the
        related readers keep from one chunk of a list to the next (their compiled
        queries, the records they found): one per list."""
        known = {} if known is None else known
        for attach in self.related:
            attach(rows, known)
        if searched and hasattr(self.row.model, "names"):
            attach_names(rows, known)
        return rows

    def values(self, queryset):
        return queryset.prefetch_related(None).values_list(*self.selected)

    def page(self, queryset, keys, searched=False):
        """The rows of ``keys`` (a page's primary keys, in order) of ``queryset``."""
        if not keys:
            return []
        key = self.key
        found = {
            values[key]: values
            for values in self.values(queryset.order_by().filter(pk__in=keys))
        }
        shared, stamp = {}, stamper(timezone.get_current_timezone())
        build = self.builder(queryset.db)
        rows = [build(found[key], shared, stamp) for key in keys if key in found]
        return self.complete(rows, searched)

    def ordered(self, queryset):
        """The rows of ``queryset`` (ordered, sliced: a detail's latest records),
        read in its own query."""
        shared, stamp = {}, stamper(timezone.get_current_timezone())
        build = self.builder(queryset.db)
        rows = [build(values, shared, stamp) for values in self.values(queryset)]
        return self.complete(rows, False)

    def stream(self, queryset):
        """Every row of ``queryset``, in its order, read in chunks: memory does not
        grow with the list."""
        chunk, shared, known = [], {}, {}
        stamp = stamper(timezone.get_current_timezone())
        build = self.builder(queryset.db)
        for values in self.values(queryset).iterator(chunk_size=CHUNK):
            chunk.append(build(values, shared, stamp))
            if len(chunk) >= CHUNK:
                yield from self.complete(chunk, False, known)
                chunk = []
        if chunk:
            yield from self.complete(chunk, False, known)


def builder_source(reader):
    """The source of ``reader``'s builder (``Reader.builder``), and the names it
    reads besides its arguments. Rows are read as tuples of ``columns``: the
    record's own fields first, then each joined record's. The builder takes each
    value by its position, worked out here once; what the database gives as text
    (``selected``) is converted as it is taken; a joined record met before is
    taken from ``shared`` (``made`` makes the others). Written as one function of
    plain statements: the same work done by loops over the fields and the joins
    took 4.3 us a row of an export of events, against 3.0."""
    position = {column: index for index, column in enumerate(reader.columns)}

    def taken(name, at, own):
        if name == "public_id":
            return f"dashed(values[{at}])"
        if own and name in reader.stamped:
            return f"stamp(values[{at}])"
        if own and name in reader.days:
            return f"day(values[{at}])"
        return f"values[{at}]"

    def literal(pairs, own=False):
        taking = (f"{name!r}: {taken(name, at, own)}" for name, at in pairs)
        return "{" + ", ".join(taking) + "}"

    names = {"ROW": reader.row, "dashed": dashed, "day": day, "made": made}
    own = literal(((name, position[name]) for name in reader.fields), own=True)
    if reader.row.country_fields:  # its ``__init__`` cleans them
        lines = [f"    row = ROW({own})"]
    else:
        lines = ["    row = new(ROW)", f"    row.__dict__ = {own}"]
        names["new"] = object.__new__
    variables = {"": "row"}  # by path
    for index, joined in enumerate(reader.joined):
        *owner, attribute = joined.path.split(".")
        owner = variables[".".join(owner)]  # joined before the records it owns
        variable = variables[joined.path] = f"joined_{index}"
        names[f"JOINED_{index}"] = joined.row
        record = literal(
            (name, position[joined.prefix + name]) for name in joined.fields
        )
        step = [
            f"key = values[{position[joined.prefix + 'id']}]",
            "if key is None:",
            f"    {variable} = None",
            "else:",
            f"    {variable} = shared.get(({joined.path!r}, key))",
            f"    if {variable} is None:",
            f"        {variable} = made(shared, ({joined.path!r}, key), "
            f"JOINED_{index}, {record}, CONVERT[{index}])",
            f"{owner}.{attribute} = {variable}",
        ]
        if owner != "row":  # a record its owner's: none when its owner is none
            lines += [f"    {variable} = None", f"    if {owner} is not None:"]
            lines += [f"        {line}" for line in step]
        else:
            lines += [f"    {line}" for line in step]
    lines.append("    return row")
    return "def build(values, shared, stamp):\n" + "\n".join(lines), names


def compiled_builder(reader, using):
    """``reader``'s builder for the database ``using`` (``builder_source``). Its
    source is given to ``linecache``, so that a traceback through it shows its
    lines."""
    source, names = builder_source(reader)
    names["CONVERT"] = reader.conversions(using)
    filename = f"<{reader.row.__name__} builder>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    namespace = {}
    exec(compile(source, filename, "exec"), names, namespace)
    return namespace["build"]


def made(shared, key, row_class, values, convert):
    """A joined record met for the first time (``builder_source``): its row, its
    deferred columns converted (``convert``), kept in ``shared`` (bounded, so
    that an export's memory stays flat)."""
    if len(shared) >= SHARED:
        shared.clear()
    for name, converted in convert:
        values[name] = converted(values[name])
    row = shared[key] = row_class(values)
    return row


# What the instance path prefetches, read for a page or chunk of rows ----------------


MARK = (-1,)  # no record's key


def prepared(queryset, column):
    """A function (keys) giving the rows (tuples) of ``queryset``, a ``values_list``,
    whose ``column`` is among ``keys``: compiled once, then run for each chunk of
    an export with the chunk's keys as its one parameter (``Among``). Building and
    compiling a chunk's related query cost three times what running it did. A
    query that does not compile to one such parameter is compiled for each call."""

    def afresh(keys):  # compiled for each call
        return list(base.filter(among_q(keys, column)))

    base = queryset
    queryset = base.filter(among_q(MARK, column))
    query = queryset.query
    if query.annotation_select or query.extra_select:
        return afresh  # its columns may come in another order than its fields
    compiler = query.get_compiler(using=queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return afresh
    connection = compiler.connection
    mark = Among.parameter(MARK, connection)
    at = [index for index, param in enumerate(params) if param == mark]
    if len(at) != 1:
        return afresh
    at, params = at[0], list(params)
    converters = compiler.get_converters(
        [selected[0] for selected in compiler.select[: compiler.col_count]]
    )

    def run(keys):
        params[at] = Among.parameter(keys, connection)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            found = cursor.fetchall()
        if converters:
            return [tuple(row) for row in compiler.apply_converters(found, converters)]
        return found

    return run


def attach_many(rows, attribute, queryset, owner, row_class, fields, known):
    """Give each row ``attribute``: the rows of ``queryset`` (in its own order) whose
    ``owner`` column points at it. The rows' keys are one parameter
    (``among_q``): a chunk of 500 keys compiled one by one cost more than its
    query."""
    run = known.get(attribute)
    if run is None:
        run = known[attribute] = prepared(queryset.values_list(owner, *fields), owner)
    by_owner, seen = defaultdict(Rows), {}
    for key, *values in run([row.id for row in rows]):
        related = seen.get(values[0])  # one row per related record (its id first)
        if related is None:
            values = dict(zip(fields, values, strict=True))
            related = seen[values["id"]] = row_class(values)
        by_owner[key].append(related)
    for row in rows:
        setattr(row, attribute, by_owner.get(row.id, Rows()))


def terms_of(model, name):
    """A function giving each row its terms of the many-to-many field ``name`` of
    ``model``, in the vocabulary's order (as the prefetch has them): the links
    read from the join table by the rows' keys, the terms themselves once per list
    (a vocabulary's few terms name thousands of records), ranked by the database
    in ``Term``'s order. (From the terms' side, the keys as one parameter made an
    outer join, which SQLite read from the wrong side.)"""
    field = model._meta.get_field(name)
    through = field.remote_field.through
    owner = f"{field.m2m_field_name()}_id"
    term = f"{field.m2m_reverse_field_name()}_id"

    def attach(rows, known):
        memo = known.get(attach)
        if memo is None:
            links = through.objects.order_by().values_list(owner, term)
            memo = known[attach] = (prepared(links, owner), {})
        run, terms = memo
        links = run([row.id for row in rows])
        needed = {key for _owner, key in links}
        if not needed <= terms.keys():
            ranked(terms, needed if len(terms) >= SHARED else needed | terms.keys())
        by_owner = defaultdict(list)
        for key, term_key in links:
            by_owner[key].append(terms[term_key])
        for row in rows:
            found = by_owner.get(row.id)
            if found is None:
                setattr(row, name, Rows())
            else:
                setattr(row, name, Rows(term for _rank, term in sorted(found)))

    return attach


def ranked(terms, keys):
    """Fill ``terms`` afresh with the terms of ``keys``, {key: (rank, row)}, ranked
    in ``Term``'s order by the database."""
    terms.clear()
    in_order = Term.objects.filter(among_q(keys)).values_list(*TERM)
    for rank, values in enumerate(in_order):
        terms[values[0]] = (rank, TermRow(dict(zip(TERM, values, strict=True))))


def designations(rows, known):
    attach_many(
        rows,
        "designations",
        Designation.objects.all(),
        "site_id",
        DesignationRow,
        ("id", "kind", "reference", "criteria", "year_from", "year_to", "note"),
        known,
    )


def published_ref(attribute, model=Actor, row_class=ActorRow, fields=None):
    """The record (an actor unless ``model`` says otherwise) a forward key
    ``attribute`` names, when public (``None`` when hidden or unnamed), as
    ``prefetch_published(model, attribute)`` gives it. Across the chunks of an
    export, a record found (or found hidden) once is not read again: the same
    few actors are the perpetrators of thousands of events."""
    key = f"{attribute}_id"
    fields = fields or ("id", "public_id", "name", "name_ar")

    def attach(rows, known):
        memo = known.get(attach)
        if memo is None:
            public = model.objects.published().order_by().values_list(*fields)
            memo = known[attach] = ({}, prepared(public, "pk"))
        found, run = memo
        ids = {getattr(row, key) for row in rows} - {None}
        new = ids - found.keys()
        if new:
            if len(found) + len(new) > SHARED:
                found.clear()
                new = ids
            for values in run(new):
                found[values[0]] = row_class(dict(zip(fields, values, strict=True)))
            for hidden in new - found.keys():
                found[hidden] = None
        for row in rows:
            setattr(row, attribute, found.get(getattr(row, key)))

    return attach


perpetrators = published_ref("perpetrator")


materials = terms_of(CulturalObject, "materials")
roles = terms_of(Person, "roles")


def attach_names(rows, known=None):
    """The ``names`` a search's ``matched`` reads, as ``prefetch_related("names")``."""
    if not rows:
        return
    model = rows[0].model
    by_owner = defaultdict(Rows)
    names = (
        Name.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=[row.id for row in rows],
        )
        .order_by(*Name._meta.ordering)
        .values("object_id", "name", "language", "kind")
    )
    for values in names:
        by_owner[values.pop("object_id")].append(NameRow(values))
    for row in rows:
        row.names = by_owner.get(row.id, Rows())


SITE_SUMMARY = ("id", "public_id", "name", "name_ar", "country", *POINT)

sites = Reader(
    SiteRow,
    (
        "id",
        "public_id",
        "name",
        "name_ar",
        "country",
        "other_countries",
        *POINT,
        "location_certainty",
        "condition",
        "unesco_category",
        "unesco_regions",
        "area_hectares",
        "damage_event_count",
        "looting_incident_count",
        "updated_at",
    ),
    joined=(
        Joined("site_type", TermRow, TERM),
        Joined("admin_division", DivisionRow, DIVISION),
    ),
    related=(designations,),
)

structures = Reader(
    StructureRow,
    (
        "id",
        "public_id",
        "name",
        "name_ar",
        "condition",
        "latitude",
        "longitude",
        "updated_at",
    ),
    joined=(
        Joined("site", SiteRow, SITE_SUMMARY),
        Joined("structure_type", TermRow, TERM),
    ),
)

ATTRIBUTED = (
    "id",
    "public_id",
    "title",
    "title_ar",
    *DATES,
    "perpetrator_id",
    "attribution",
    "certainty",
    "verification",
    "updated_at",
)

damage_events = Reader(
    DamageEventRow,
    (*ATTRIBUTED, "cause_category", "extent", "condition_after"),
    joined=(
        Joined("site", SiteRow, SITE_SUMMARY),
        Joined("site.admin_division", DivisionRow, DIVISION),
        Joined("cause_type", TermRow, TERM),
    ),
    related=(perpetrators, terms_of(DamageEvent, "effects")),
)

looting_incidents = Reader(
    LootingIncidentRow,
    (*ATTRIBUTED, "kind", "pit_count", "scale"),
    joined=(
        Joined("site", SiteRow, SITE_SUMMARY),
        Joined("site.admin_division", DivisionRow, DIVISION),
    ),
    related=(perpetrators,),
)

people = Reader(
    PersonRow,
    (
        "id",
        "public_id",
        "name",
        "name_ar",
        "pseudonym",
        "visibility",
        "affiliation_id",
        "deceased",
        "updated_at",
    ),
    related=(roles, published_ref("affiliation")),
)

actors = Reader(
    ActorListRow,
    (
        "id",
        "public_id",
        "name",
        "name_ar",
        "kind",
        "country",
        "parent_id",
        "description",
        "description_ar",
        "updated_at",
    ),
    # Every actor's aliases are shown (``names``), searched for or not.
    related=(published_ref("parent"), attach_names),
)

sources = Reader(
    SourceRow,
    (
        "id",
        "public_id",
        "title",
        "kind",
        "publisher_id",
        "author",
        "url",
        "archive_url",
        "published_on",
        "accessed_on",
        "language",
        "imagery_platform",
        "imagery_acquired_on",
        "description",
        "updated_at",
    ),
    related=(published_ref("publisher"),),
)

cultural_objects = Reader(
    ObjectRow,
    (
        "id",
        "public_id",
        "title",
        "title_ar",
        "red_list_category",
        "current_status",
        "country_of_origin",
        "holding_institution",
        "maker",
        "date_text",
        "origin_site_id",
        "looting_incident_id",
        "updated_at",
    ),
    joined=(
        Joined("object_type", TermRow, TERM),
        Joined("object_type.parent", TermRow, TERM),
    ),
    related=(
        materials,
        published_ref("origin_site", HeritageSite, SiteRow),
        published_ref(
            "looting_incident",
            LootingIncident,
            LootingIncidentRow,
            ("id", "public_id", "title", "title_ar"),
        ),
    ),
)

# A site's detail nests its latest events, incidents and objects in short forms
# (``EventInSiteSerializer``, ``IncidentInSiteSerializer``, ``ObjectRef``): read
# only what those show. The list readers above joined each one's site, division
# and type and read its effects, materials and references, which the detail does
# not show (4 queries and half the detail's time).

damage_events_in_site = Reader(
    DamageEventRow,
    (
        "id",
        "public_id",
        "title",
        "title_ar",
        *DATES,
        "cause_category",
        "condition_after",
        "perpetrator_id",
        "attribution",
        "certainty",
    ),
    related=(perpetrators,),
)

looting_incidents_in_site = Reader(
    LootingIncidentRow, ("id", "public_id", "title", "title_ar", "kind", *DATES)
)

cultural_objects_in_site = Reader(ObjectRow, ("id", "public_id", "title", "title_ar"))
