"""The API read by the tools its users already have, on a live server: GDAL/OGR
(what QGIS and R's sf use), a Python client generated from the schema by
openapi-python-client, and a strict OpenAPI 3.1 validator over a crawl.

GDAL comes from Debian's gdal-bin (.ci/run installs it); without it these tests are
skipped locally and refused in CI.
"""

import importlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys

import pytest
from django.test import Client
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse

from registry.models import LocationSensitivity, Term
from tests import factories
from tests.support import API, ENDPOINTS, url

OGRINFO, OGR2OGR = shutil.which("ogrinfo"), shutil.which("ogr2ogr")
needs_gdal = pytest.mark.skipif(
    not (OGRINFO and OGR2OGR) and not os.environ.get("CI"),
    reason="GDAL is not installed (apt-get install gdal-bin)",
)


@pytest.fixture
def registry_data(vocabularies):
    """Published sites in both scripts, one draft, one whose location is withheld."""
    palmyra = factories.SiteFactory(name="Palmyra", name_ar="تدمر", country="SY")
    factories.SiteFactory(
        name="Nimrud", name_ar="نمرود", country="IQ", latitude="36.1", longitude="43.3"
    )
    factories.SiteFactory(
        name="Hidden tell",
        name_ar="تل",
        location_sensitivity=LocationSensitivity.RESTRICTED,
        latitude="35.123456",
        longitude="40.654321",
    )
    factories.SiteFactory(name="Draft site", status="draft")
    factories.DamageEventFactory(site=palmyra, title="Destruction of the Tetrapylon")
    return palmyra


def run(*command):
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


# GDAL ---------------------------------------------------------------------------------


@needs_gdal
@pytest.mark.parametrize("prefix", ["", "/vsicurl/"])
def test_ogrinfo_opens_the_geojson_url(live_server, registry_data, prefix):
    address = f"{live_server.url}{url('sites')}?format=geojson"
    out = run(OGRINFO, "-ro", "-al", prefix + address)
    assert "Layer name: sites" in out
    assert "Feature Count: 3" in out  # the draft is not there
    assert "name_ar (String) = تدمر" in out
    assert "Draft site" not in out
    assert "35.123456" not in out and "40.654321" not in out  # withheld
    # Flat columns, named like the CSV's.
    assert "site_type_code (String) = archaeological-site" in out


@needs_gdal
def test_ogrinfo_opens_the_csv_url_by_byte_ranges(live_server, registry_data):
    address = f"CSV:/vsicurl/{live_server.url}{url('sites')}?format=csv"
    out = run(OGRINFO, "-ro", "-al", address)
    assert "Feature Count: 3" in out
    assert "name_ar (String) = نمرود" in out
    assert "Draft site" not in out


@needs_gdal
def test_ogr2ogr_writes_a_geopackage_and_a_shapefile_with_arabic_intact(
    live_server, registry_data, tmp_path
):
    address = f"{live_server.url}{url('sites')}?format=geojson"
    package = tmp_path / "sites.gpkg"
    run(OGR2OGR, "-f", "GPKG", str(package), address)
    with sqlite3.connect(package) as db:  # a GeoPackage is an SQLite file
        rows = dict(db.execute("SELECT name, name_ar FROM sites").fetchall())
    assert rows["Palmyra"] == "تدمر"
    assert rows["Nimrud"] == "نمرود"
    assert "Draft site" not in rows

    shapes = tmp_path / "shapes"
    run(OGR2OGR, "-f", "ESRI Shapefile", "-lco", "ENCODING=UTF-8", str(shapes), address)
    out = run(OGRINFO, "-ro", "-al", str(shapes / "sites.shp"))
    assert "تدمر" in out


# A generated client ------------------------------------------------------------------


@pytest.fixture
def generated_client(live_server, tmp_path, monkeypatch):
    """openapi-python-client's package for the live schema, imported."""
    tool = shutil.which("openapi-python-client") or os.path.join(
        os.path.dirname(sys.executable), "openapi-python-client"
    )
    schema = tmp_path / "schema.json"
    schema.write_text(
        Client().get(f"{API}schema/", {"format": "json"}).content.decode()
    )
    env = {
        **os.environ,
        "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"],
    }
    result = subprocess.run(
        [tool, "generate", "--path", str(schema), "--meta", "none"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Warning" not in result.stdout, result.stdout
    monkeypatch.syspath_prepend(str(tmp_path))
    package = "heritage_damage_registry_api_client"
    # Closed before the server stops: a kept-alive connection would outlive it.
    with importlib.import_module(package).Client(base_url=live_server.url) as client:
        yield package, client


def test_a_generated_client_lists_filters_and_reads_a_detail(
    registry_data, generated_client
):
    package, client = generated_client
    sites_list = importlib.import_module(f"{package}.api.sites.sites_list")
    sites_retrieve = importlib.import_module(f"{package}.api.sites.sites_retrieve")

    page = sites_list.sync(client=client)
    assert page.count == 3
    names = {site.name for site in page.results}
    assert names == {"Palmyra", "Nimrud", "Hidden tell"}

    found = sites_list.sync(client=client, q="palmyra")
    assert [site.name for site in found.results] == ["Palmyra"]

    detail = sites_retrieve.sync(client=client, public_id=registry_data.public_id)
    assert detail.name_ar == "تدمر"
    assert detail.damage_events[0].title == "Destruction of the Tetrapylon"


def test_a_generated_client_accepts_a_term_added_after_it_was_generated(
    registry_data, generated_client
):
    """The schema holds no vocabulary of the day: a site type that curators add
    later is a valid argument for yesterday's client."""
    package, client = generated_client
    sites_list = importlib.import_module(f"{package}.api.sites.sites_list")
    new_type = Term.objects.create(
        vocabulary="site_type", code="caravanserai", label_en="Caravanserai"
    )
    factories.SiteFactory(name="Khan al-Hallabat", site_type=new_type)
    page = sites_list.sync(client=client, site_type=["caravanserai"])
    assert [site.name for site in page.results] == ["Khan al-Hallabat"]


# Every JSON answer of a crawl, against the schema, strictly ---------------------------


def test_every_json_answer_of_a_crawl_conforms_to_the_schema(db, client):
    records = factories.full_record_set(arabic=True)
    assert records
    factories.SiteFactory(location_sensitivity=LocationSensitivity.GENERALISED)
    factories.SiteFactory(location_sensitivity=LocationSensitivity.RESTRICTED)
    factories.PersonFactory(visibility="pseudonymous", pseudonym="Ali")
    spec = OpenAPI.from_dict(client.get(f"{API}schema/", {"format": "json"}).json())

    def check(address, **params):
        response = client.get(address, params)
        assert response.status_code == 200, address
        spec.validate_response(
            DjangoOpenAPIRequest(response.wsgi_request),
            DjangoOpenAPIResponse(response),
        )
        return response.json()

    checked = 0
    for endpoint in ENDPOINTS:
        page = check(url(endpoint), page_size=500)
        checked += 1
        for record in page["results"]:
            check(url(endpoint, record["id"]))
            checked += 1
    check(f"{API}changes/")
    check(f"{API}vocabularies/")
    check(f"{API}statistics/sites/")
    check(url("sites"), facet="country,site_type")
    assert checked > len(ENDPOINTS) * 2
    # Nullable references are there to be checked: a site without a governorate.
    site = factories.SiteFactory(admin_division=None)
    assert check(url("sites", site.public_id))["admin_division"] is None
    assert json.dumps(check(url("sites"))).count('"admin_division": null') >= 1
