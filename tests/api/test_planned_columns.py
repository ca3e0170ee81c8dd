"""A streamed CSV or GeoJSON plans its columns once and writes each record's cells
straight from its representation: what it writes is what ``flatten`` makes of the
same record, column by column, for every list and in both languages, and for the
shapes a representation can take (a null nested record, a list of records one of
whose keys none has, a list of values, a value where a record was declared)."""

import csv
import io
import json

import pytest
from rest_framework import serializers

from registry.api import renderers
from registry.api.renderers import cells, flatten, plan
from registry.models import Term
from registry.perf.synthetic import Scale, generate
from tests import factories
from tests.support import ENDPOINTS, LOCATED, body, url


def json_records(client, endpoint):
    response = client.get(url(endpoint), {"page_size": 1000})
    assert response.status_code == 200
    data = response.json()
    assert data["next"] is None
    return data["results"]


@pytest.fixture
def registry(db):
    generate(Scale(events=60, people=10, sources=10), seed=11)
    factories.full_record_set(arabic=True)
    factories.DamageEventFactory(site=factories.SiteFactory(admin_division=None))


def flattened_stream(renderer, records, serializer, name="records"):
    """A CSV stream with a ``flatten`` of each record's whole representation: the
    columns, then each record's flattened values in their order (what the planned
    stream, read field by field from the record, replaced)."""
    represented = (serializer.to_representation(record) for record in records)
    return renderer._lines(represented, list(renderers.columns(serializer)))


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_csv_row_is_its_record_flattened(client, registry, monkeypatch, language):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    for endpoint in ENDPOINTS:
        planned = body(client.get(url(endpoint), {"format": "csv"}))
        with monkeypatch.context() as patch:
            patch.setattr(renderers.CSVRenderer, "stream", flattened_stream)
            flattened = body(client.get(url(endpoint), {"format": "csv"}))
        header, *rows = csv.reader(io.StringIO(planned))
        assert len(header) == len(set(header)), endpoint  # one column, one place
        assert len(rows) == len(json_records(client, endpoint)) > 0, endpoint
        assert list(csv.reader(io.StringIO(flattened))) == [header, *rows], endpoint
        assert planned == flattened, endpoint


def test_a_features_properties_are_its_record_flattened(client, registry):
    for endpoint in LOCATED:
        records = {record["id"]: record for record in json_records(client, endpoint)}
        response = client.get(url(endpoint), {"format": "geojson"})
        features = json.loads(body(response))["features"]
        assert len(features) == len(records) > 0, endpoint
        for feature in features:
            record = records[feature["id"]]
            own = {key: value for key, value in record.items() if key != "location"}
            flat = flatten(own, empty=None)
            properties = dict(feature["properties"])
            precision = properties.pop("location_precision")
            assert precision == record["location"]["precision"]
            assert properties == {name: flat.get(name) for name in properties}
            assert not any(name.startswith("location") for name in properties)


class Part(serializers.Serializer):
    kind = serializers.CharField()
    note = serializers.CharField(required=False)


class Shapes(serializers.Serializer):
    id = serializers.CharField()
    part = Part(allow_null=True)
    parts = Part(many=True)
    codes = serializers.ListField(child=serializers.CharField())
    value = serializers.CharField()


SHAPES = [
    {"id": "a", "part": None, "parts": [], "codes": [], "value": None},
    {"id": "b", "part": {"kind": "x"}, "parts": [{"kind": "p"}, {"kind": "q"}]},
    {
        "id": "c",
        "part": {"kind": "x", "note": "n"},
        "parts": [{"kind": "p"}, {"kind": "q", "note": "only mine"}],
        "codes": ["i", "iv"],
        "value": 3,
    },
    {"id": "d", "part": "not a record", "parts": ["v", "w"], "value": {"k": 1}},
    {"id": "e", "parts": [{"kind": None}], "codes": "i; ii", "value": [1, None]},
    {"id": "f", "value": [{"k": 1}], "codes": [{"kind": "odd"}]},
]


@pytest.mark.parametrize("empty", ["", None])
@pytest.mark.parametrize("record", SHAPES, ids=[shape["id"] for shape in SHAPES])
def test_planned_cells_are_flattens_for_every_shape(record, empty):
    steps = plan(Shapes())
    names = [column for step in steps for column in step[4]]
    assert names == list(renderers.columns(Shapes()))
    out = []
    cells(steps, record, empty, out)
    flat = flatten(record, empty=empty)
    assert out == [flat.get(name, empty) for name in names]


def test_a_key_no_record_of_a_list_has_is_an_empty_cell():
    steps = plan(Shapes())
    names = [column for step in steps for column in step[4]]
    out = []
    cells(steps, SHAPES[1], "", out)
    row = dict(zip(names, out, strict=True))
    assert row["parts_kind"] == "p; q"
    assert row["parts_note"] == ""  # not "; "
    out = []
    cells(steps, SHAPES[2], "", out)
    assert dict(zip(names, out, strict=True))["parts_note"] == "; only mine"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_events_sharing_some_of_their_effects_each_list_their_own(client, db, language):
    """An export remembers the cells of a list of shared records (effects: terms)
    by the records in it, and a site's by the site and the language read once:
    events listing the same effects, a few of them, others or none each still
    show exactly their own, and their site's country as a JSON page names it."""
    first, second = Term.objects.filter(vocabulary="effect_type").order_by("pk")[:2]
    lists = [[first, second], [first], [second], [], [first, second], [second]]
    for index, effects in enumerate(lists):
        event = factories.DamageEventFactory(title=f"Event {index}")
        event.effects.set(effects)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    ordered = {"ordering": "title"}
    response = client.get(url("damage-events"), {"format": "csv", **ordered})
    rows = list(csv.DictReader(io.StringIO(body(response))))
    page = client.get(url("damage-events"), ordered).json()["results"]
    assert [row["title"] for row in rows] == [f"Event {i}" for i in range(len(lists))]
    for row, effects, shown in zip(rows, lists, page, strict=True):
        assert row["effects_code"] == "; ".join(term.code for term in effects)
        assert row["effects_label_en"] == "; ".join(t.label_en for t in effects)
        assert row["effects_label_ar"] == "; ".join(t.label_ar for t in effects)
        assert row["site_country_name"] == shown["site"]["country"]["name"]
