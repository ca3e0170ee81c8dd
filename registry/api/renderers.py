"""CSV and GeoJSON: every list streams, row by row, whatever its size."""

import csv
import io
import json
from decimal import Decimal
from functools import partial

from django.core.exceptions import ObjectDoesNotExist
from django.core.signals import setting_changed
from django.utils import timezone, translation
from rest_framework import serializers
from rest_framework.renderers import BaseRenderer
from rest_framework.utils.encoders import JSONEncoder

from registry.api import fields


def flatten(data, prefix="", empty=""):
    """A nested record as flat CSV columns that lose nothing.

    A nested record becomes columns named by its path (``site_name``). A list of
    values is one cell, its values joined by "; " (``criteria``: "i; ii; iv"). A
    list of records becomes one column per field of theirs (``designations_kind``,
    ``designations_year_from``…), each cell holding that field of every record in
    the list's order, joined by "; ", so that the n-th values of the columns belong
    together (an empty value stays an empty place: "1980; "). A missing value is
    ``empty``: "" in a CSV cell, null in a GeoJSON property.
    """
    row = {}
    _flatten_into(row, data, prefix, empty)
    return row


SEPARATOR = "; "


def _cell(value):
    return "" if value is None else str(value)


def texts(cells):
    """``cells`` as ``csv.writer`` writes them: None as "", anything else but
    text as its ``str()``."""
    return [cell if cell.__class__ is str else _cell(cell) for cell in cells]


def _flatten_into(row, data, prefix, empty):
    # Into one dictionary: a dictionary per nested record, merged into its parent's,
    # cost as much as the rest of a CSV row.
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            _flatten_into(row, value, f"{name}_", empty)
        elif isinstance(value, list):
            if value and all(isinstance(item, dict) for item in value):
                items = [flatten(item, f"{name}_") for item in value]
                for column in dict.fromkeys(c for item in items for c in item):
                    row[column] = SEPARATOR.join(
                        _cell(item.get(column)) for item in items
                    )
            else:
                row[name] = SEPARATOR.join(_cell(item) for item in value)
        else:
            row[name] = empty if value is None else value


def _declared(serializer):
    """``serializer``'s fields by name, a method field as what its method says it
    returns (``fields.returns``)."""
    for name, field in serializer.fields.items():
        if isinstance(field, serializers.SerializerMethodField):
            method = getattr(serializer, field.method_name)
            field = getattr(method, "returns", field)
            if isinstance(field, type):
                field = field()
        yield name, field


def columns(serializer, prefix=""):
    """The flat CSV columns of ``serializer``'s records, in field order, known before
    any row (so an empty export still has its header)."""
    return names_of(plan(serializer, prefix))


def names_of(steps):
    """The columns of a plan (``plan``), in order."""
    return [column for step in steps for column in step[4]]


SCALAR, RECORD, RECORDS = "scalar", "record", "records"


def plan(serializer, prefix=""):
    """How a record of ``serializer`` flattens into its columns, worked out once per
    export: per field, (kind, name, the record's prefix, the field's own prefix, its
    columns, the plan of its nested record). A list of values (a ``ListField``) is a
    scalar column."""
    steps = []
    for name, field in _declared(serializer):
        if isinstance(field, serializers.ListSerializer):
            field = field.child
            if isinstance(field, serializers.BaseSerializer):
                sub = f"{prefix}{name}_"
                steps.append((RECORDS, name, prefix, sub, columns(field, sub), None))
            else:
                steps.append((SCALAR, name, prefix, prefix, [f"{prefix}{name}"], None))
        elif isinstance(field, serializers.BaseSerializer):
            sub = f"{prefix}{name}_"
            inner = plan(field, sub)
            steps.append((RECORD, name, prefix, sub, names_of(inner), inner))
        else:
            steps.append((SCALAR, name, prefix, prefix, [f"{prefix}{name}"], None))
    return steps


# The values a cell takes as they are: anything else goes through ``flatten``.
PLAIN = {str, int, float, bool, Decimal}
MISSING = object()


def cells(steps, data, empty, out):
    """Append to ``out`` the cells of ``data`` (a record's representation) in the
    columns of ``steps`` (``plan``): exactly what ``flatten`` gives those columns,
    ``empty`` where it has none, without a dictionary of columns per record."""
    for step in steps:
        cell(step, data.get(step[1], MISSING), empty, out)


def cell(step, value, empty, out):
    """Append to ``out`` the cells of one step of a plan, whose field's
    representation is ``value`` (MISSING when the record has no such key)."""
    kind, name, prefix, own, names, inner = step
    if value is MISSING or value is None:
        out.extend([empty] * len(names))
    elif kind is SCALAR and value.__class__ in PLAIN:
        out.append(value)
    elif kind is RECORD and isinstance(value, dict):
        cells(inner, value, empty, out)
    elif kind is RECORDS and isinstance(value, list):
        if value and all(isinstance(item, dict) for item in value):
            flats = [flatten(item, own) for item in value]
            for column in names:
                if any(column in flat for flat in flats):
                    out.append(
                        SEPARATOR.join(_cell(flat.get(column)) for flat in flats)
                    )
                else:
                    out.append(empty)
        else:
            out.extend([empty] * len(names))  # joined into a column of its own
    else:  # anything unusual: as flatten has it
        flat = {}
        _flatten_into(flat, {name: value}, prefix, empty)
        out.extend([flat.get(column, empty) for column in names])


# The cells of records whose representation depends on their own values alone
# (``memo_key``: a date's, by its fields and the language), remembered across the
# exports of a worker: an export of events met a new date on one row in four, whose
# words and cells cost a tenth of the export. At most this many (a date's cells and
# key: about 1 KB), forgotten when a setting changes (the formats, the languages).
REMEMBERED_CELLS = {}
REMEMBERED_CELLS_LIMIT = 8192


def _forget_remembered_cells(**kwargs):
    REMEMBERED_CELLS.clear()


setting_changed.connect(_forget_remembered_cells, dispatch_uid="registry-export-cells")


class Flattener:
    """A record's cells in the columns of ``serializer`` (``plan``), read straight
    from the record: exactly ``cells(plan(serializer),
    serializer.to_representation(record), empty, out)``, without the
    representation's dictionaries, nested ones included (a site's, a date's), nor a
    second walk over them. Each field's value is read and represented by the
    serializer's own plan (``fields.Serializer``): the rules that decide what is
    public are the serializer's, here as on a JSON page. A nested serializer that
    represents a record its own way (a country's name, a date's memo, a confidential
    citation) is asked for its representation, which is then flattened; one that
    shares representations (a site met by many events) has its cells remembered,
    as it remembers its representation.

    One per export: what it remembers of the export's records is bounded
    (``SHARED_REPRESENTATIONS``); a date's cells, which depend on the date and the
    language alone, are kept from one export to the next (``REMEMBERED_CELLS``).
    With ``text`` (a CSV's), the cells it remembers are kept as text (``texts``):
    a line of text cells is joined at once (``CSVRenderer._lines``)."""

    def __init__(self, serializer, empty, text=False):
        self.empty = empty
        self.convert = texts if text else None
        # The time zone and the language, read once (they are the request's): a
        # lookup per timestamp, or per remembered site and date, cost more than
        # the rest of each.
        self.timestamp = fields.timestamp_in(timezone.get_current_timezone())
        self.language = translation.get_language()
        self.steps = plan(serializer)
        self.columns = names_of(self.steps)
        self.write = self._program(serializer, self.steps)

    def _program(self, serializer, steps):
        """A function (record, out) appending the record's cells to ``out``."""
        empty = self.empty
        if not (isinstance(serializer, fields.Serializer) and serializer.plain()):

            def represented(record, out):
                cells(steps, serializer.to_representation(record), empty, out)

            return represented
        by_name = {entry[0]: entry for entry in serializer._plan}
        parts = []
        for step in steps:
            entry = by_name.get(step[1])
            if entry is None:  # not read: as a missing key
                parts.append(_blank([empty] * len(step[4])))
                continue
            _name, attribute, has_source, represent, field = entry
            if represent is fields.timestamp:
                represent = self.timestamp
            nested = None
            if step[0] is RECORD and isinstance(field, fields.Serializer):
                if field.plain():
                    nested = self._nested(field, step[5])
                elif hasattr(field, "memo_key"):
                    nested = self._remembered(field, step[5])
            elif step[0] is RECORDS and getattr(
                getattr(field, "child", None), "shares_representations", False
            ):
                nested = self._shared_records(field, step)
            part = _part(attribute, has_source, field, step, represent, nested, empty)
            related = getattr(represent, "of_related", None)
            if related is not None and nested is None:
                part = _per_related(part, related, self.convert)
            parts.append(part)
        is_mapping = fields.is_mapping

        def write(record, out):
            mapping = is_mapping(record)
            for part in parts:
                part(record, mapping, out)

        return write

    def _remembered(self, serializer, steps):
        """The cells of a nested record whose serializer represents it its own
        way, remembered by what that representation depends on (its
        ``memo_key``; None: not remembered): from one export to the next
        (``REMEMBERED_CELLS``), for that is all they depend on, with how the
        export writes a cell (its ``empty``, whether as text)."""
        empty, kind = self.empty, (type(serializer), self.empty, bool(self.convert))
        # Not remembered a second time, by the serializer.
        represent = getattr(serializer, "afresh", serializer.to_representation)
        memo_key, language = serializer.memo_key, self.language

        def represented(record, out):
            # In the language of the key, whatever is active while the stream is
            # read: the cells are kept for every later export in that language.
            with translation.override(language):
                cells(steps, represent(record), empty, out)

        def key_of(record):
            key = memo_key(record, language)
            return None if key is None else (kind, key)

        return remembering(
            represented,
            key_of,
            convert=self.convert,
            memo=REMEMBERED_CELLS,
            limit=REMEMBERED_CELLS_LIMIT,
        )

    def _nested(self, serializer, steps):
        """The program of a nested record's serializer; its cells remembered per
        record when it shares representations (as its representation is)."""
        program = self._program(serializer, steps)
        if not getattr(serializer, "shares_representations", False):
            return program
        key_of = partial(serializer.shared_key, language=self.language)
        return remembering(program, key_of, keep=_itself, convert=self.convert)

    def _shared_records(self, serializer, step):
        """The cells of a list of records whose serializer shares their
        representations (a damage event's effects: terms), remembered by the
        records in it: many records list the same few."""
        child, empty, language = serializer.child, self.empty, self.language

        def represented(records, out):
            cell(step, serializer.to_representation(records), empty, out)

        def key_of(records):
            if not isinstance(records, list):  # a related manager: not remembered
                return None
            return tuple(child.shared_key(record, language) for record in records)

        return remembering(represented, key_of, keep=tuple, convert=self.convert)


def _blank(blank):
    """A part of a program (``Flattener._program``) for a field the serializer does
    not read: its columns empty."""

    def part(record, mapping, out):
        out.extend(blank)

    return part


def _part(attribute, has_source, field, step, represent, nested, empty):
    """A part of a program (``Flattener._program``): the cells of one field of a
    record, as ``cell`` gives them for the field's representation. Its value is
    read by ``fields.value_of``; represented by ``represent``, or written by
    ``nested`` (a nested record's program). A text field whose value is text (most
    of a record's columns) takes a shorter way, anything else that one."""
    value_of = fields.value_of
    blank = [empty] * len(step[4])
    scalar = step[0] is SCALAR

    def part(record, mapping, out):
        value = value_of(record, mapping, attribute, has_source, field)
        if value is None or value is fields.MISSING:
            out.extend(blank)
        elif nested is not None:
            nested(value, out)
        else:
            value = represent(value)
            if scalar and value.__class__ in PLAIN:
                out.append(value)
            else:
                cell(step, value, empty, out)

    if not (scalar and nested is None and represent is str and attribute is not None):
        return part

    def text(record, mapping, out):
        if not mapping:
            try:
                value = getattr(record, attribute)
            except (KeyError, AttributeError, ObjectDoesNotExist):
                pass
            else:
                if value.__class__ is str:
                    out.append(value)
                    return
        part(record, mapping, out)

    return text


def _per_related(part, attribute, convert=None):
    """``part``, a part of a program (``Flattener._program``) whose cells depend on
    the record's related record ``attribute`` alone (``fields.of_related``), its
    cells remembered per that record (``remembering``, by the related record's
    id, held with its cells): many events share a site, and its rows share the
    site's row (``rows.Reader.builder``)."""

    def related(record):
        if fields.is_mapping(record):
            return record.get(attribute)
        return getattr(record, attribute, None)

    def key_of(record):
        found = related(record)
        return None if found is None else id(found)

    def write(record, out):
        part(record, fields.is_mapping(record), out)

    remembered = remembering(write, key_of, keep=related, convert=convert)

    def per_related(record, mapping, out):
        remembered(record, out)

    return per_related


def _itself(record):
    return record


def remembering(write, key_of, keep=None, convert=None, memo=None, limit=None):
    """``write`` (record, out), its cells remembered by ``key_of(record)`` (None:
    not remembered), at most ``limit`` of them (``SHARED_REPRESENTATIONS``), in
    ``memo`` (a dictionary of the export's own unless given). With ``keep``,
    what ``keep(record)`` gives is held with the cells: a key made of records' ids
    (``shared_key``) then names those very records as long as it is remembered,
    for an id is given to another object only once its own is gone. ``convert``:
    what the cells are kept as (``texts``)."""
    memo = {} if memo is None else memo
    limit = fields.SHARED_REPRESENTATIONS if limit is None else limit

    def remembered(record, out):
        key = key_of(record)
        known = memo.get(key) if key is not None else None
        if known is not None:
            out.extend(known[1])
            return
        mine = []
        write(record, mine)
        if convert is not None:
            mine = convert(mine)
        if key is not None:
            if len(memo) >= limit:
                memo.clear()
            memo[key] = (keep(record) if keep is not None else None, mine)
        out.extend(mine)

    return remembered


class StreamingRenderer(BaseRenderer):
    """A renderer whose lists are streamed by the view (see ``PublicViewSet.list``)."""

    streams = True

    def stream(self, records, serializer, name="records"):
        """The encoded chunks of ``records`` (the list's records, as ``serializer``
        represents them; ``name``: the export's, e.g. sites)."""
        raise NotImplementedError


CHUNK = 64 * 1024


class CSVRenderer(StreamingRenderer):
    """UTF-8 with a byte-order mark, so spreadsheets open Arabic text correctly."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def _lines(self, rows, fieldnames=None, write=None):
        buffer = io.StringIO()
        # What csv.DictWriter(extrasaction="ignore") writes, without its generator
        # per row: the header, then each row's values in the header's order, ""
        # for a column the row lacks (a null nested record), extra keys ignored.
        writer = csv.writer(buffer)
        writerow = writer.writerow
        put = buffer.write
        yield "\ufeff".encode()
        if fieldnames is not None:
            writerow(fieldnames)
        for row in rows:
            if write is not None:  # a record, flattened by the serializer's plan
                line = []
                write(row, line)
                # A line none of whose cells needs quoting is its cells joined by
                # commas, which is what csv.writer writes (7 us a row of 40 cells,
                # where joining and looking costs 1); any other, it writes.
                try:
                    joined = ",".join(line)
                except TypeError:  # a number or None: written as csv.writer does
                    line = texts(line)
                    joined = ",".join(line)
                if (
                    '"' in joined
                    or "\n" in joined
                    or "\r" in joined
                    or joined.count(",") != len(line) - 1
                    or len(line) < 2
                ):
                    writerow(line)
                else:
                    put(joined)
                    put("\r\n")
            else:
                flat = flatten(row)
                if fieldnames is None:
                    fieldnames = list(flat)
                    writerow(fieldnames)
                get = flat.get
                writerow([get(name, "") for name in fieldnames])
            # Chunks of about 64 KB: a chunk per row cost a write (and a chunk
            # header) per row on the way out.
            if buffer.tell() >= CHUNK:
                yield buffer.getvalue().encode()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue().encode()

    def stream(self, records, serializer, name="records"):
        flattener = Flattener(serializer, "", text=True)
        return self._lines(records, flattener.columns, flattener.write)

    def render(self, data, accepted_media_type=None, renderer_context=None):
        rows = data if isinstance(data, list) else [data]
        return b"".join(self._lines(rows))


def point_of(location):
    """A GeoJSON Point of a public location, None when it has no point."""
    if location.get("latitude") is None or location.get("longitude") is None:
        return None
    return {
        "type": "Point",
        "coordinates": [Decimal(location["longitude"]), Decimal(location["latitude"])],
    }


def feature(record):
    """A GeoJSON Feature whose properties are the CSV's columns: flat, named and
    joined as the CSV names and joins them (``site_name``, ``designations_kind``:
    "world-heritage; tentative"), so that every GIS table (QGIS, ogr2ogr to a
    GeoPackage or a Shapefile, R's sf) reads one plain column per field: the
    record's own (``Properties`` gives a collection's)."""
    location = record.get("location") or {}
    point = point_of(location)
    own = {key: value for key, value in record.items() if key != "location"}
    properties = flatten(own, empty=None)
    properties["location_precision"] = location.get("precision", "not_recorded")
    return {
        "type": "Feature",
        "id": record.get("id"),
        "geometry": point,
        "properties": properties,
    }


class Properties:
    """The features of a collection of records: ``feature(representation)`` for
    each, but with the serializer's columns, the same for every feature (null where
    a record has no value), less the location's (the geometry and
    ``location_precision`` carry it); read by the serializer's plan
    (``Flattener``)."""

    def __init__(self, serializer):
        self.flattener = Flattener(serializer, None)
        columns = self.flattener.columns
        self.kept = [
            (index, name)
            for index, name in enumerate(columns)
            if not name.startswith("location")
        ]
        self.identifier = columns.index("id")
        self.location = tuple(
            columns.index(f"location_{part}")
            for part in ("latitude", "longitude", "precision")
        )

    def feature(self, record):
        values = []
        self.flattener.write(record, values)
        properties = {name: values[index] for index, name in self.kept}
        latitude, longitude, precision = (values[index] for index in self.location)
        properties["location_precision"] = (
            "not_recorded" if precision is None else precision
        )
        return {
            "type": "Feature",
            "id": values[self.identifier],
            "geometry": point_of({"latitude": latitude, "longitude": longitude}),
            "properties": properties,
        }


class GeoJSONRenderer(StreamingRenderer):
    """A FeatureCollection (RFC 7946); a withheld point is a null geometry."""

    media_type = "application/geo+json"
    format = "geojson"
    charset = "utf-8"

    def _dumps(self, value):
        return json.dumps(value, cls=JSONEncoder, ensure_ascii=False)

    def stream(self, records, serializer, name="records"):
        # ``name``: what GDAL and QGIS call the layer.
        head = {"type": "FeatureCollection", "name": name}
        parts, size = [self._dumps(head)[:-1] + ', "features": ['], 0
        properties = Properties(serializer)
        for index, record in enumerate(records):
            part = (", " if index else "") + self._dumps(properties.feature(record))
            parts.append(part)
            size += len(part)
            if size >= CHUNK:  # chunks of about 64 KB, as for CSV
                yield "".join(parts).encode()
                parts, size = [], 0
        parts.append("]}")
        yield "".join(parts).encode()

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, dict) and "location" in data:
            return self._dumps(feature(data)).encode()
        return self._dumps(data).encode()
