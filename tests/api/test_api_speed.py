"""The API's fast serialising paths give exactly what DRF's own machinery gives."""

import datetime

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from rest_framework import serializers as drf
from rest_framework.request import Request

from registry import models as m
from registry.api import serializers as s
from registry.publishing import visibility
from tests import factories as f
from tests.api import csv_rows, url

pytestmark = pytest.mark.django_db


def context():
    return {"request": Request(RequestFactory().get("/api/v1/"))}


def drf_representation(serializer, instance):
    """DRF's own ``Serializer.to_representation`` (each field's get_attribute and
    to_representation) at the top level of ``serializer``."""
    return drf.Serializer.to_representation(serializer, instance)


CASES = [
    (visibility.sites, s.SiteListSerializer),
    (visibility.site_detail, s.SiteDetailSerializer),
    (visibility.structures, s.StructureListSerializer),
    (visibility.structure_detail, s.StructureDetailSerializer),
    (visibility.damage_events, s.DamageEventListSerializer),
    (visibility.damage_event_detail, s.DamageEventDetailSerializer),
    (visibility.looting_incidents, s.LootingIncidentListSerializer),
    (visibility.looting_incident_detail, s.LootingIncidentDetailSerializer),
    (visibility.cultural_objects, s.CulturalObjectListSerializer),
    (visibility.cultural_object_detail, s.CulturalObjectDetailSerializer),
    (visibility.people, s.PersonListSerializer),
    (visibility.person_detail, s.PersonDetailSerializer),
    (visibility.actors, s.ActorSerializer),
    (visibility.sources, s.SourceSerializer),
]


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize(("queryset", "serializer_class"), CASES)
def test_fast_representation_is_drfs(queryset, serializer_class, language):
    f.full_record_set(arabic=True)
    hidden = f.ActorFactory(status="draft")
    f.DamageEventFactory(perpetrator=hidden, attribution="alleged")
    f.PersonFactory(visibility=m.Visibility.PSEUDONYMOUS, pseudonym="A.", name="B")
    records = list(queryset())
    if serializer_class is s.SiteDetailSerializer:
        records = [visibility.attach_latest(record) for record in records]
    assert records
    with translation.override(language):
        for record in records:
            serializer = serializer_class(context=context())
            assert serializer.to_representation(record) == drf_representation(
                serializer, record
            )


def test_confidential_citation_leaves_out_what_drf_leaves_out():
    data = f.full_record_set()
    event = data[m.DamageEvent]
    m.Source.objects.update(confidential=True)
    record = visibility.damage_event_detail().get(pk=event.pk)
    (citation,) = record.citations.all()
    serializer = s.CitationSerializer(context=context())
    fast = serializer.to_representation(citation)
    assert fast == drf_representation(serializer, s.public_citation(citation))
    assert fast == {
        "source": None,
        "title": "confidential source",
        "confidential": True,
    }


def test_dates_are_represented_in_the_current_language():
    """One serializer, the same date, two languages: two representations."""
    event = f.DamageEventFactory(
        date_mode=m.DateMode.BETWEEN,
        date_precision=m.DatePrecision.DAY,
        date_from=datetime.date(2015, 8, 23),
        date_to=datetime.date(2015, 8, 30),
    )
    serializer = s.DateSerializer(context=context())
    shown = {}
    for language in ("en", "ar", "en"):
        with translation.override(language):
            shown.setdefault(language, []).append(serializer.to_representation(event))
            assert shown[language][-1] == drf_representation(serializer, event)
    assert shown["en"][0] == shown["en"][1]
    assert shown["en"][0]["display"] != shown["ar"][0]["display"]


def test_country_names_follow_the_language():
    site = f.SiteFactory(country="SY")
    serializer = s.CountrySerializer(context=context())
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
    serializer = s.DateSerializer(context=context())
    event = f.DamageEventFactory()
    start = datetime.date(2000, 1, 1)
    for day in range(s.DATE_CACHE_SIZE + 10):
        event.date_from = start + datetime.timedelta(days=day)
        serializer.to_representation(event)
    assert len(serializer._dates) <= s.DATE_CACHE_SIZE


def test_csv_export_queries_do_not_grow_with_rows(client):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            rows = csv_rows(client, "damage-events")
        return len(rows), len(captured.captured_queries)

    actor = f.ActorFactory()
    f.DamageEventFactory(perpetrator=actor, attribution="reported")
    few = queries()
    for _ in range(12):
        f.DamageEventFactory(perpetrator=actor, attribution="reported")
    many = queries()
    assert (few[0], many[0]) == (1, 13)
    assert few[1] == many[1]


def test_csv_of_a_null_nested_record_is_empty_columns(client):
    f.DamageEventFactory(site=f.SiteFactory(admin_division=None))
    (row,) = csv_rows(client, "damage-events")
    assert row["site_admin_division_code"] == ""
    assert row["site_admin_division_name_ar"] == ""
    assert row["perpetrator_id"] == ""
    assert client.get(url("damage-events"), {"format": "csv"}).status_code == 200
