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


def columns(serializer, prefix=""):
    """The flat CSV columns of ``serializer``'s records, in field order, known before
    any row (so an empty export still has its header)."""
    for name, field in serializer.fields.items():
        if isinstance(field, serializers.SerializerMethodField):
            # What the method returns, when it says (fields.returns).
            method = getattr(serializer, field.method_name)
            field = getattr(method, "returns", field)
            if isinstance(field, type):
                field = field()
        if isinstance(field, serializers.ListSerializer):
            child = field.child
            if isinstance(child, serializers.BaseSerializer):
                yield from columns(child, f"{prefix}{name}_")
            else:
                yield f"{prefix}{name}"
        elif isinstance(field, serializers.BaseSerializer):
            yield from columns(field, f"{prefix}{name}_")
        else:
            yield f"{prefix}{name}"


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

    def _lines(self, rows, fieldnames=None):
        buffer = io.StringIO()
        # What csv.DictWriter(extrasaction="ignore") writes, without its generator
        # per row: the header, then each row's values in the header's order, ""
        # for a column the row lacks (a null nested record), extra keys ignored.
        writer = csv.writer(buffer)
        yield "\ufeff".encode()
        if fieldnames is not None:
            writer.writerow(fieldnames)
        for row in rows:
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
        return self._lines(records, list(columns(serializer)))

    def render(self, data, accepted_media_type=None, renderer_context=None):
        rows = data if isinstance(data, list) else [data]
        return b"".join(self._lines(rows))


def feature(record, fields=None):
    """A GeoJSON Feature whose properties are the CSV's columns: flat, named and
    joined as the CSV names and joins them (``site_name``, ``designations_kind``:
    "world-heritage; tentative"), so that every GIS table (QGIS, ogr2ogr to a
    GeoPackage or a Shapefile, R's sf) reads one plain column per field. ``fields``
    fixes the columns and their order (every feature of a collection has them all,
    null where a record has no value); without it, the record's own."""
    location = record.get("location") or {}
    point = None
    if location.get("latitude") is not None and location.get("longitude") is not None:
        point = {
            "type": "Point",
            "coordinates": [
                Decimal(location["longitude"]),
                Decimal(location["latitude"]),
            ],
        }
    own = {key: value for key, value in record.items() if key != "location"}
    properties = flatten(own, empty=None)
    if fields is not None:
        properties = {name: properties.get(name) for name in fields}
    properties["location_precision"] = location.get("precision", "not_recorded")
    return {
        "type": "Feature",
        "id": record.get("id"),
        "geometry": point,
        "properties": properties,
    }


def property_names(serializer):
    """A feature's property columns: the CSV's, less the location's (the geometry
    and ``location_precision`` carry it)."""
    return [name for name in columns(serializer) if not name.startswith("location")]


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
        fields = property_names(serializer)
        for index, record in enumerate(records):
            part = (", " if index else "") + self._dumps(feature(record, fields))
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
