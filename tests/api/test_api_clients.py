"""The API as its clients meet it: GIS tools, generated clients, caches and browsers
(the HTTP side; GDAL and a generated client themselves: test_api_tools.py)."""

import pytest
from django.core.cache import cache

from registry.api import exports
from registry.media.files import store_renditions
from registry.models import (
    AdminDivision,
    Citation,
    CulturalObject,
    DamageEvent,
    Designation,
    ExternalIdentifier,
    HeritageSite,
    LootingIncident,
    Media,
    Name,
    Person,
    PublicationStatus,
    Source,
    Structure,
    StructureDamage,
    Term,
)
from registry.publishing import cache as versions
from tests import factories
from tests.support import API, body, url

pytestmark = pytest.mark.django_db


# ?format= and Accept ------------------------------------------------------------------


@pytest.mark.parametrize(
    "accept",
    [
        "text/plain, application/json",  # GDAL's
        "application/json",
        # a browser's
        "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    ],
)
def test_the_format_in_the_url_wins_over_accept(client, accept):
    factories.SiteFactory(name="Palmyra")
    response = client.get(url("sites"), {"format": "geojson"}, HTTP_ACCEPT=accept)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    assert '"FeatureCollection"' in body(response)
    response = client.get(url("sites"), {"format": "csv"}, HTTP_ACCEPT=accept)
    assert response.status_code == 200
    assert body(response).startswith("id,")


def test_a_format_the_endpoint_does_not_offer_is_still_refused(client):
    response = client.get(url("objects"), {"format": "geojson"})
    assert response.status_code == 406
    assert "geojson" in response.json()["detail"]


@pytest.mark.parametrize(
    "accept, expected",
    [
        ("text/csv;q=0.5, application/json", "application/json"),
        ("application/json;q=0.5, text/csv", "text/csv"),
        ("text/csv;q=0, */*", "application/json"),
        ("*/*;q=0.1, application/geo+json", "application/geo+json"),
        ("", "application/json"),
    ],
)
def test_accept_quality_values_decide_without_a_format(client, accept, expected):
    factories.SiteFactory()
    response = client.get(url("sites"), HTTP_ACCEPT=accept)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(expected)


def test_an_accept_that_refuses_every_format_is_a_406(client):
    response = client.get(url("sites"), HTTP_ACCEPT="text/csv;q=0, application/xml")
    assert response.status_code == 406


# Validators ---------------------------------------------------------------------------


# (the detail shown, the record changed, how): every kind of record a detail nests.
NESTED_CHANGES = [
    ("sites", Structure, "name", "Temple renamed"),
    ("sites", DamageEvent, "title", "Event retitled"),
    ("sites", LootingIncident, "title", "Incident retitled"),
    ("sites", CulturalObject, "title", "Object retitled"),
    ("sites", Person, "name", "Person renamed"),
    ("sites", Media, "caption", "Caption rewritten"),
    ("sites", Name, "name", "Tadmor"),
    ("sites", Designation, "year_to", 2024),
    ("sites", ExternalIdentifier, "value", "24"),
    ("sites", AdminDivision, "name", "Hims Governorate"),
    ("damage-events", Citation, "quote", "A new quote"),
    ("damage-events", Source, "title", "Report retitled"),
    ("damage-events", StructureDamage, "extent", "31-60"),
    ("damage-events", HeritageSite, "name", "Site renamed"),
    ("objects", LootingIncident, "title", "Incident retitled"),
    ("structures", HeritageSite, "name", "Site renamed"),
]


@pytest.mark.parametrize("endpoint, model, field, value", NESTED_CHANGES)
def test_a_detail_validator_moves_when_anything_it_shows_changes(
    client, endpoint, model, field, value
):
    records = factories.full_record_set()
    records[HeritageSite].people.add(records[Person])  # the site's custodian
    Media.objects.update(status="published")
    store_renditions(records[Media])  # a photo is public with its renditions only
    parent = records[
        {
            "sites": HeritageSite,
            "damage-events": DamageEvent,
            "objects": CulturalObject,
            "structures": Structure,
        }[endpoint]
    ]
    detail = url(endpoint, parent.public_id)
    before = client.get(detail)
    assert before.status_code == 200
    assert "Last-Modified" not in before  # it could not follow nested changes
    etag = before["ETag"]
    assert client.get(detail, HTTP_IF_NONE_MATCH=etag).status_code == 304

    nested = records[model]
    nested.refresh_from_db()
    setattr(nested, field, value)
    nested.save()
    cache.clear()

    after = client.get(detail, HTTP_IF_NONE_MATCH=etag)
    assert after.status_code == 200, f"a stale 304 after a {model.__name__} change"
    assert after["ETag"] != etag
    assert str(value) in body(after)


def test_a_vocabulary_label_change_moves_the_validator(client):
    records = factories.full_record_set()
    site = records[HeritageSite]
    detail = url("sites", site.public_id)
    etag = client.get(detail)["ETag"]
    term = Term.objects.get(pk=site.site_type_id)
    term.label_en = "Ancient city, renamed"
    term.save()
    assert client.get(detail, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_head_carries_the_validator_and_honours_if_none_match(client):
    site = factories.SiteFactory()
    for address in (url("sites"), url("sites", site.public_id)):
        got = client.get(address)
        head = client.head(address)
        assert head.status_code == 200
        assert head["ETag"] == got["ETag"]
        assert client.head(address, HTTP_IF_NONE_MATCH=got["ETag"]).status_code == 304


@pytest.mark.parametrize("fmt", ["csv", "geojson"])
def test_exports_have_validators_that_follow_public_changes(client, fmt):
    site = factories.SiteFactory(name="Palmyra")
    first = client.get(url("sites"), {"format": fmt})
    etag = first["ETag"]
    assert "Palmyra" in body(first)
    # The same export again: 304 for GET and HEAD, the same ETag on HEAD.
    assert client.get(url("sites"), {"format": fmt}).get("ETag") == etag
    again = client.get(url("sites"), {"format": fmt}, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    head = client.head(url("sites"), {"format": fmt})
    assert head.status_code == 200 and head["ETag"] == etag
    assert (
        client.head(url("sites"), {"format": fmt}, HTTP_IF_NONE_MATCH=etag).status_code
        == 304
    )
    # Another filter is another export.
    other = client.get(url("sites"), {"format": fmt, "q": "Aleppo"})
    assert other["ETag"] != etag
    # A draft edit changes nothing public: still current.
    factories.SiteFactory(name="Draft", status="draft")
    assert (
        client.get(url("sites"), {"format": fmt}, HTTP_IF_NONE_MATCH=etag).status_code
        == 304
    )
    # A published change is a new export.
    site.name = "Tadmur"
    site.save()
    changed = client.get(url("sites"), {"format": fmt}, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert "Tadmur" in body(changed)
    assert changed["ETag"] != etag


# CORS ---------------------------------------------------------------------------------


def test_browser_code_can_read_the_headers_it_needs(client):
    factories.SiteFactory()
    response = client.get(
        url("sites"), {"format": "csv"}, HTTP_ORIGIN="https://example.org"
    )
    assert response["Access-Control-Allow-Origin"] == "*"
    exposed = {
        h.strip().lower() for h in response["Access-Control-Expose-Headers"].split(",")
    }
    assert {
        "etag",
        "last-modified",
        "retry-after",
        "content-disposition",
        "link",
    } <= exposed


def test_a_preflight_allows_conditional_requests(client):
    response = client.options(
        url("sites"),
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match, if-modified-since",
    )
    assert response.status_code == 200
    allowed = {
        h.strip().lower() for h in response["Access-Control-Allow-Headers"].split(",")
    }
    assert {"if-none-match", "if-modified-since"} <= allowed
    assert "GET" in response["Access-Control-Allow-Methods"]


# Pages and the root -------------------------------------------------------------------


def test_pages_link_their_neighbours_in_a_link_header(client):
    for n in range(3):
        factories.SiteFactory(name=f"Site {n}")
    first = client.get(url("sites"), {"page_size": 1})
    assert first["Link"].count('rel="next"') == 1
    assert 'rel="prev"' not in first["Link"]
    middle = client.get(url("sites"), {"page_size": 1, "page": 2})
    assert 'rel="next"' in middle["Link"] and 'rel="prev"' in middle["Link"]
    last = client.get(url("sites"), {"page_size": 1, "page": 3})
    assert 'rel="next"' not in last["Link"]


def test_the_api_root_names_every_resource_a_client_can_start_from(client):
    root = client.get(API).json()
    for name in ("sites", "objects", "vocabularies", "changes", "statistics-sites"):
        assert name in root, name
    assert client.get(root["changes"]).status_code == 200
    assert client.get(root["statistics-sites"]).status_code == 200
    assert client.get(root["schema"]).status_code == 200


def test_the_governorates_are_a_vocabulary_that_filters_point_to(client):
    homs = factories.AdminDivisionFactory()
    factories.SiteFactory(admin_division=homs)
    divisions = client.get(f"{API}vocabularies/admin_division/").json()
    assert divisions["terms"] == [
        {
            "code": homs.code,
            "label_en": homs.name,
            "label_ar": homs.name_ar,
            "broader": "SY",
            "aat_uri": "",
        }
    ]
    schema = client.get(f"{API}schema/", {"format": "json"}).json()
    parameters = schema["paths"]["/api/v1/sites/"]["get"]["parameters"]
    division = next(p for p in parameters if p["name"] == "admin_division")
    assert "enum" not in division["schema"]["items"]  # no data in the schema
    assert "/api/v1/vocabularies/admin_division/" in division["description"]


def test_an_export_is_read_by_byte_ranges_as_gdal_reads_it(client):
    factories.SiteFactory(name="Palmyra", name_ar="تدمر")
    whole = body(client.get(url("sites"), {"format": "csv"})).encode()
    whole = "\ufeff".encode() + whole  # body() drops the byte-order mark
    head = client.head(url("sites"), {"format": "csv"})
    assert head.status_code == 200
    assert int(head["Content-Length"]) == len(whole)
    assert head["Accept-Ranges"] == "bytes"

    part = client.get(url("sites"), {"format": "csv"}, HTTP_RANGE="bytes=0-9")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 0-9/{len(whole)}"
    assert b"".join(part.streaming_content) == whole[:10]
    tail = client.get(url("sites"), {"format": "csv"}, HTTP_RANGE="bytes=-5")
    assert b"".join(tail.streaming_content) == whole[-5:]
    rest = client.get(url("sites"), {"format": "csv"}, HTTP_RANGE="bytes=10-")
    assert b"".join(rest.streaming_content) == whole[10:]
    beyond = client.get(
        url("sites"), {"format": "csv"}, HTTP_RANGE=f"bytes={len(whole)}-"
    )
    assert beyond.status_code == 416
    assert beyond["Content-Range"] == f"bytes */{len(whole)}"


def test_a_range_after_a_public_change_reads_the_new_export(client):
    site = factories.SiteFactory(name="Palmyra")
    first = client.get(url("sites"), {"format": "csv"}, HTTP_RANGE="bytes=0-")
    assert b"Palmyra" in b"".join(first.streaming_content)
    site.name = "Tadmur"
    site.save()
    second = client.get(url("sites"), {"format": "csv"}, HTTP_RANGE="bytes=0-")
    content = b"".join(second.streaming_content)
    assert b"Tadmur" in content and b"Palmyra" not in content
    assert second["ETag"] != first["ETag"]


# An export is made once per state of the public data ---------------------------------


def export(client, parameters=(), **extra):
    response = client.get(url("sites"), {"format": "csv", **dict(parameters)}, **extra)
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


def test_an_export_is_made_once_and_then_served_whole_from_its_file(
    client, django_assert_max_num_queries
):
    factories.SiteFactory(name="Palmyra")
    first, made = export(client)
    assert not first.has_header("Content-Length")  # streamed as it was made
    with django_assert_max_num_queries(1):  # the data versions, not the sites
        again, served = export(client)
    assert served == made and b"Palmyra" in served
    assert int(again["Content-Length"]) == len(served)
    assert again["ETag"] == first["ETag"]


def test_an_export_made_before_a_withdrawal_is_not_served_after_it(client):
    site = factories.SiteFactory(name="Palmyra")
    _response, before = export(client)
    assert b"Palmyra" in before
    site.status = PublicationStatus.DRAFT
    site.save()
    response, after = export(client)
    assert b"Palmyra" not in after
    assert not response.has_header("Content-Length")  # made anew
    factories.SiteFactory(name="Bosra")
    _response, added = export(client)
    assert b"Bosra" in added and b"Palmyra" not in added


def test_a_download_cut_short_leaves_no_file(client, settings):
    # What a server does when the client goes away: it closes the response, which
    # closes the stream (Django's StreamingHttpResponse.close).
    stream = exports.kept(iter([b"id,name\r\n", b"1,Palmyra\r\n"]), '"cut-short"')
    assert next(stream) == b"id,name\r\n"
    stream.close()
    assert not list(settings.EXPORT_FILE_DIR.iterdir())
    factories.SiteFactory(name="Palmyra")
    first, whole = export(client)
    assert not first.has_header("Content-Length")  # made, in full
    assert b"Palmyra" in whole
    assert len(list(settings.EXPORT_FILE_DIR.iterdir())) == 1


def test_an_export_larger_than_the_space_for_files_streams_without_one(
    client, settings
):
    settings.EXPORT_FILE_SPACE = 100
    factories.SiteFactory(name="Palmyra")  # its header alone is over 100 bytes
    for _ in range(2):
        response, whole = export(client)
        assert not response.has_header("Content-Length")
        assert b"Palmyra" in whole
    assert not list(settings.EXPORT_FILE_DIR.iterdir())


def test_a_large_export_still_answers_head_and_ranges_from_a_file(client, settings):
    settings.EXPORT_FILE_SPACE = 100
    factories.SiteFactory(name="Palmyra")  # its header alone is over 100 bytes
    head = client.head(url("sites"), {"format": "csv"})
    assert head.status_code == 200
    part = client.get(url("sites"), {"format": "csv"}, HTTP_RANGE="bytes=0-9")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 0-9/{head['Content-Length']}"


def test_the_oldest_export_files_go_first_beyond_the_space(client, settings):
    factories.SiteFactory(name="Palmyra")
    _response, whole = export(client)
    (oldest,) = settings.EXPORT_FILE_DIR.iterdir()
    settings.EXPORT_FILE_SPACE = len(whole) + 10  # room for about one file
    export(client, {"country": "SY"})
    assert oldest.exists()  # both fitted when the second was made
    export(client, {"country": "IQ"})
    files = set(settings.EXPORT_FILE_DIR.iterdir())
    assert oldest not in files and len(files) == 2
    _response, again = export(client)
    assert again == whole  # made again when asked again


def test_an_export_over_another_scheme_is_another_export(client):
    factories.SiteFactory(name="Palmyra")
    plain, plain_body = export(client)
    secure, secure_body = export(client, secure=True)
    assert secure["ETag"] != plain["ETag"]
    assert b"https://testserver/api/v1/sites/" in secure_body
    assert b"https://" not in plain_body


def test_an_export_made_by_another_release_is_not_served(client, monkeypatch):
    factories.SiteFactory(name="Palmyra")
    before, made = export(client)
    monkeypatch.setattr(versions, "code_revision", lambda: "the next release")
    after, again = export(client)
    assert after["ETag"] != before["ETag"]
    assert not after.has_header("Content-Length")  # made anew, not from the file
    assert again == made
