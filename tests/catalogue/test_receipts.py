"""Due-diligence receipts (issue 15): the exact criteria, the data version and time,
the matches or "no match", and a SHA-256 that anyone can check."""

import hashlib
import html
import io
import re
from decimal import Decimal

import pypdf
import pytest
from django.urls import reverse

from registry.models import ObjectReference, PublicationStatus
from registry.publishing.cache import data_version
from tests import factories
from tests.support import pid

pytestmark = pytest.mark.django_db

RECEIPT = "/objects/receipt/"


@pytest.fixture
def objects():
    mosaic = factories.CulturalObjectFactory(
        title="Mosaic of Hercules",
        object_type=factories.term("object_type", "mosaic"),
        country_of_origin="SY",
        height_cm=Decimal("30"),
        maker="Workshop of Apamea",
    )
    draft = factories.CulturalObjectFactory(
        title="Draft mosaic",
        object_type=factories.term("object_type", "mosaic"),
        country_of_origin="SY",
        height_cm=Decimal("30"),
        status=PublicationStatus.DRAFT,
    )
    ObjectReference.objects.create(object=mosaic, kind="interpol", value="2016/77")
    return mosaic, draft


def receipt(client, **params):
    response = client.get(reverse("catalogue:object-receipt"), params)
    assert response.status_code == 200, response.content
    return response


def test_a_receipt_names_the_criteria_the_version_and_the_matches(client, objects):
    mosaic, draft = objects
    response = receipt(client, country="SY", height="31", object_type="mosaic")
    data = response.context["receipt"]
    assert data["criteria"] == [
        ["country", "SY"],
        ["height", "31"],
        ["object_type", "mosaic"],
    ]
    assert data["data_version"] == data_version()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", data["time_utc"])
    assert [match["id"] for match in data["matches"]] == [pid(mosaic)]
    assert data["result"] == "1 match(es)"
    page = response.content.decode()
    assert "Mosaic of Hercules" in page
    assert "Draft mosaic" not in page  # drafts are never searched
    # Each match says who made it, on the page and in the hashed text.
    assert data["matches"][0]["maker"] == "Workshop of Apamea"
    assert "Workshop of Apamea" in page


def test_a_search_that_finds_nothing_says_no_match(client, objects):
    response = receipt(client, reference="1999/1")
    assert response.context["receipt"]["result"] == "no match"
    assert "No match" in response.content.decode()


def test_the_printed_sha256_is_that_of_the_printed_canonical_text(client, objects):
    page = receipt(client, q="hercules").content.decode()
    digest = re.search(r'class="receipt-sha256">([0-9a-f]{64})<', page).group(1)
    text = html.unescape(
        re.search(r'<pre class="receipt-canonical"[^>]*>(.*?)</pre>', page, re.S).group(
            1
        )
    )
    assert hashlib.sha256(text.encode("utf-8")).hexdigest() == digest
    assert '"criteria":[["q","hercules"]]' in text


def test_the_hash_changes_when_the_registry_changes(client, objects):
    mosaic, draft = objects
    before = receipt(client, country="SY").context["sha256"]
    draft.status = PublicationStatus.PUBLISHED
    draft.save()
    after = receipt(client, country="SY").context
    assert after["receipt"]["match_count"] == 2
    assert after["sha256"] != before


def test_the_receipt_downloads_as_a_pdf(client, objects):
    response = receipt(client, country="SY", output="pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert "attachment" in response["Content-Disposition"]
    pages = pypdf.PdfReader(io.BytesIO(response.content)).pages
    text = "".join(page.extract_text() for page in pages)
    assert "Mosaic of Hercules — Workshop of Apamea" in text


def test_the_receipt_as_json_is_the_hashed_text_itself(client, objects):
    mosaic, draft = objects
    response = receipt(client, reference="2016/77", output="json")
    assert hashlib.sha256(response.content).hexdigest() == response["X-Receipt-SHA256"]
    data = response.json()
    assert [match["id"] for match in data["matches"]] == [pid(mosaic)]
    assert data["criteria"] == [["reference", "2016/77"]]


def test_an_unknown_parameter_or_a_bad_value_is_refused(client, objects):
    unknown = client.get(reverse("catalogue:object-receipt"), {"colour": "red"})
    assert unknown.status_code == 400
    assert "colour" in unknown.content.decode()
    bad = client.get(reverse("catalogue:object-receipt"), {"height": "tall"})
    assert bad.status_code == 400


def test_the_search_page_links_to_the_receipt_of_its_search(client, objects):
    page = client.get(reverse("catalogue:search"), {"q": "hercules"}).content.decode()
    assert f'href="{RECEIPT}?q=hercules"' in page
