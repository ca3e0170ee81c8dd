"""CSV and GeoJSON: every list streams, row by row, whatever its size."""

import csv
import io
import json
from decimal import Decimal

from rest_framework import serializers
from rest_framework.renderers import BaseRenderer
from rest_framework.utils.encoders import JSONEncoder


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
    for kind, name, prefix, own, names, inner in steps:
        value = data.get(name, MISSING)
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


class StreamingRenderer(BaseRenderer):
    """A renderer whose lists are streamed by the view (see ``PublicViewSet.list``)."""

    streams = True

    def stream(self, records, serializer, name="records"):
        """The encoded chunks of ``records`` (``name``: the export's, e.g. sites)."""
        raise NotImplementedError


CHUNK = 64 * 1024


class CSVRenderer(StreamingRenderer):
    """UTF-8 with a byte-order mark, so spreadsheets open Arabic text correctly."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def _lines(self, rows, fieldnames=None, steps=None):
        buffer = io.StringIO()
        # What csv.DictWriter(extrasaction="ignore") writes, without its generator
        # per row: the header, then each row's values in the header's order, ""
        # for a column the row lacks (a null nested record), extra keys ignored.
        writer = csv.writer(buffer)
        yield "\ufeff".encode()
        if fieldnames is not None:
            writer.writerow(fieldnames)
        for row in rows:
            if steps is not None:  # the serializer's columns, planned once
                line = []
                cells(steps, row, "", line)
                writer.writerow(line)
            else:
                flat = flatten(row)
                if fieldnames is None:
                    fieldnames = list(flat)
                    writer.writerow(fieldnames)
                get = flat.get
                writer.writerow([get(name, "") for name in fieldnames])
            # Chunks of about 64 KB: a chunk per row cost a write (and a chunk
            # header) per row on the way out.
            if buffer.tell() >= CHUNK:
                yield buffer.getvalue().encode()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue().encode()

    def stream(self, records, serializer, name="records"):
        steps = plan(serializer)
        return self._lines(records, names_of(steps), steps)

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
    """The features of a collection: ``feature(record)`` for each record, but with
    the serializer's columns, the same for every feature (null where a record has
    no value), less the location's (the geometry and ``location_precision`` carry
    it); planned once (``plan``)."""

    def __init__(self, serializer):
        self.steps = plan(serializer)
        self.kept = [
            (index, name)
            for index, name in enumerate(names_of(self.steps))
            if not name.startswith("location")
        ]

    def feature(self, record):
        values = []
        cells(self.steps, record, None, values)
        properties = {name: values[index] for index, name in self.kept}
        location = record.get("location") or {}
        properties["location_precision"] = location.get("precision", "not_recorded")
        return {
            "type": "Feature",
            "id": record.get("id"),
            "geometry": point_of(location),
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
