"""The API's fast serialising paths give exactly what DRF's own machinery gives."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from rest_framework import serializers as drf
from rest_framework.request import Request

from registry.api import objects, renderers, serializers
from registry.api.nested import DATE_CACHE_SIZE
from registry.models import DamageEvent, DateMode, DatePrecision, Source, Visibility
from registry.publishing import visibility
from registry.publishing.privacy import public_citation
from tests import factories
from tests.support import body, csv_rows, url

pytestmark = pytest.mark.django_db


def context():
    return {"request": Request(RequestFactory().get("/api/v1/"))}


def drf_representation(serializer, instance):
    """DRF's own ``Serializer.to_representation`` (each field's get_attribute and
    to_representation) at the top level of ``serializer``."""
    return drf.Serializer.to_representation(serializer, instance)


CASES = [
    (visibility.sites, serializers.SiteListSerializer),
    (visibility.site_detail, serializers.SiteDetailSerializer),
    (visibility.structures, serializers.StructureListSerializer),
    (visibility.structure_detail, serializers.StructureDetailSerializer),
    (visibility.damage_events, serializers.DamageEventListSerializer),
    (visibility.damage_event_detail, serializers.DamageEventDetailSerializer),
    (visibility.looting_incidents, serializers.LootingIncidentListSerializer),
    (visibility.looting_incident_detail, serializers.LootingIncidentDetailSerializer),
    (visibility.cultural_objects, objects.CulturalObjectListSerializer),
    (visibility.cultural_object_detail, objects.CulturalObjectDetailSerializer),
    (visibility.people, serializers.PersonListSerializer),
    (visibility.person_detail, serializers.PersonDetailSerializer),
    (visibility.actors, serializers.ActorSerializer),
    (visibility.sources, serializers.SourceSerializer),
]


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize(("queryset", "serializer_class"), CASES)
def test_fast_representation_is_drfs(queryset, serializer_class, language):
    factories.full_record_set(arabic=True)
    hidden = factories.ActorFactory(status="draft")
    factories.DamageEventFactory(perpetrator=hidden, attribution="alleged")
    factories.PersonFactory(
        visibility=Visibility.PSEUDONYMOUS, pseudonym="A.", name="B"
    )
    records = list(queryset())
    if serializer_class is serializers.SiteDetailSerializer:
        records = [visibility.attach_latest(record) for record in records]
    assert records
    with translation.override(language):
        for record in records:
            serializer = serializer_class(context=context())
            assert serializer.to_representation(record) == drf_representation(
                serializer, record
            )


def test_confidential_citation_leaves_out_what_drf_leaves_out():
    data = factories.full_record_set()
    event = data[DamageEvent]
    Source.objects.update(confidential=True)
    record = visibility.damage_event_detail().get(pk=event.pk)
    (citation,) = record.citations.all()
    serializer = serializers.CitationSerializer(context=context())
    fast = serializer.to_representation(citation)
    assert fast == drf_representation(serializer, public_citation(citation))
    assert fast == {
        "source": None,
        "title": "confidential source",
        "confidential": True,
    }


def test_dates_are_represented_in_the_current_language():
    """One serializer, the same date, two languages: two representations."""
    event = factories.DamageEventFactory(
        date_mode=DateMode.BETWEEN,
        date_precision=DatePrecision.DAY,
        date_from=datetime.date(2015, 8, 23),
        date_to=datetime.date(2015, 8, 30),
    )
    serializer = serializers.DateSerializer(context=context())
    shown = {}
    for language in ("en", "ar", "en"):
        with translation.override(language):
            shown.setdefault(language, []).append(serializer.to_representation(event))
            assert shown[language][-1] == drf_representation(serializer, event)
    assert shown["en"][0] == shown["en"][1]
    assert shown["en"][0]["display"] != shown["ar"][0]["display"]


def test_country_names_follow_the_language():
    site = factories.SiteFactory(country="SY")
    serializer = serializers.CountrySerializer(context=context())
    names = {}
    for language in ("en", "ar", "en"):
        with translation.override(language):
            names.setdefault(language, set()).add(
                serializer.to_representation(site.country)["name"]
            )
    assert names["en"] == {"Syria"}
    assert names["ar"] != names["en"]


def test_date_cache_is_bounded(settings):
    """An export of many distinct dates does not keep them all."""
    serializer = serializers.DateSerializer(context=context())
    event = factories.DamageEventFactory()
    start = datetime.date(2000, 1, 1)
    for day in range(DATE_CACHE_SIZE + 10):
        event.date_from = start + datetime.timedelta(days=day)
        serializer.to_representation(event)
    assert len(serializer._dates) <= DATE_CACHE_SIZE


def test_csv_export_queries_do_not_grow_with_rows(client):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            rows = csv_rows(client, "damage-events")
        return len(rows), len(captured.captured_queries)

    actor = factories.ActorFactory()
    factories.DamageEventFactory(perpetrator=actor, attribution="reported")
    few = queries()
    for _ in range(12):
        factories.DamageEventFactory(perpetrator=actor, attribution="reported")
    many = queries()
    assert (few[0], many[0]) == (1, 13)
    assert few[1] == many[1]


def test_csv_of_a_null_nested_record_is_empty_columns(client):
    factories.DamageEventFactory(site=factories.SiteFactory(admin_division=None))
    (row,) = csv_rows(client, "damage-events")
    assert row["site_admin_division_code"] == ""
    assert row["site_admin_division_name_ar"] == ""
    assert row["perpetrator_id"] == ""
    assert client.get(url("damage-events"), {"format": "csv"}).status_code == 200


def test_a_shared_site_follows_the_language():
    """A site that many events share is represented once per language."""
    site = factories.SiteFactory(country="SY")
    serializer = serializers.SiteSummarySerializer(context=context())
    names = {}
    for language in ("en", "ar", "en"):
        with translation.override(language):
            names.setdefault(language, set()).add(
                serializer.to_representation(site)["country"]["name"]
            )
    assert names["en"] == {"Syria"}
    assert names["ar"] != names["en"]


def test_a_serializer_reused_for_the_next_request_keeps_nothing_of_the_last(client):
    """A detail's serializer is built once per thread and reused; what its nested
    serializers remember of the records they met (one site's events share their
    terms and references) is forgotten before the next request, so that a worker's
    memory does not grow with the records it has served."""
    from registry.api.fields import sharing
    from registry.api.views import _serializers

    def remembered():
        kept = set()
        for serializer, _sharing in _serializers.made.values():
            for node in sharing(serializer):
                for record, _representation in node.__dict__.get("_memo", {}).values():
                    kept.add(getattr(record, "public_id", None))
        return kept - {None}

    first, second = factories.SiteFactory(), factories.SiteFactory()
    for site in (first, second):
        incident = factories.LootingIncidentFactory(site=site)
        factories.CulturalObjectFactory(origin_site=site, looting_incident=incident)
    assert client.get(url("sites", first.public_id)).status_code == 200
    seen_first = remembered()
    assert seen_first  # the nested references were shared within the request
    assert client.get(url("sites", second.public_id)).status_code == 200
    assert remembered() and not remembered() & seen_first


def test_an_exports_date_cells_follow_the_date_and_the_language(client):
    """A date's cells are remembered from one export to the next (by the date and
    the language): a date corrected since shows corrected, in either language."""
    event = factories.DamageEventFactory(
        date_mode=DateMode.ON,
        date_precision=DatePrecision.DAY,
        date_from=datetime.date(2015, 8, 23),
    )
    (first,) = csv_rows(client, "damage-events")
    assert first["date_display"] == "on 23 August 2015"
    event.date_from = datetime.date(2015, 8, 30)
    event.save()
    (corrected,) = csv_rows(client, "damage-events")
    assert corrected["date_display"] == "on 30 August 2015"
    assert corrected["date_start"] == "2015-08-30"
    response = client.get(
        url("damage-events"), {"format": "csv"}, HTTP_ACCEPT_LANGUAGE="ar"
    )
    (arabic,) = csv.DictReader(io.StringIO(body(response)))
    assert arabic["date_display"] not in ("", corrected["date_display"])
    assert "٣٠" in arabic["date_display"] or "30" in arabic["date_display"]


def test_remembered_date_cells_are_bounded(client, monkeypatch):
    """The cells remembered across exports are at most a set number: the
    worker's memory does not grow with the dates it has exported."""
    monkeypatch.setattr(renderers, "REMEMBERED_CELLS_LIMIT", 3)
    renderers.REMEMBERED_CELLS.clear()
    for day in range(1, 8):
        factories.DamageEventFactory(
            date_mode=DateMode.ON,
            date_precision=DatePrecision.DAY,
            date_from=datetime.date(2016, 3, day),
        )
    rows = csv_rows(client, "damage-events", ordering="date")
    assert [row["date_start"] for row in rows] == [
        f"2016-03-0{day}" for day in range(1, 8)
    ]
    assert [row["date_display"] for row in rows][-1] == "on 7 March 2016"
    assert 0 < len(renderers.REMEMBERED_CELLS) <= 3


def test_remembered_date_cells_are_in_the_exports_language_whatever_is_active():
    """An export's date cells, kept for every later export in its language, are
    written in that language even if another is active while its stream is read."""
    event = factories.DamageEventFactory(
        date_mode=DateMode.ON,
        date_precision=DatePrecision.DAY,
        date_from=datetime.date(2015, 8, 23),
    )
    renderers.REMEMBERED_CELLS.clear()
    serializer = serializers.DamageEventListSerializer(context=context())
    with translation.override("ar"):
        flattener = renderers.Flattener(serializer, "", text=True)
        arabic = DamageEvent.objects.get(pk=event.pk).date_display
    with translation.override("en"):
        out = []
        flattener.write(visibility.damage_events().get(pk=event.pk), out)
    assert out[flattener.columns.index("date_display")] == arabic != "on 23 August 2015"
