"""Similar objects on an object's page and in its API detail (issue 15): same type,
a material in common, close in size and period; public objects only."""

from decimal import Decimal

import pytest
from django.urls import reverse

from registry.models import PublicationStatus
from tests import factories
from tests.support import API, pid

pytestmark = pytest.mark.django_db


def statue(title, height, material="limestone", period="roman", **values):
    obj = factories.CulturalObjectFactory(
        title=title,
        object_type=factories.term("object_type", "statue"),
        height_cm=Decimal(height),
        period=factories.term("period", period),
        **values,
    )
    obj.materials.set([factories.term("material", material)])
    return obj


@pytest.fixture
def statues():
    return {
        "seen": statue("Statue seen at a fair", "60"),
        "close": statue("Limestone statue, 55 cm", "55"),
        "closer": statue("Limestone statue, 62 cm", "62"),
        "too tall": statue("Limestone statue, 120 cm", "120"),
        "bronze": statue("Bronze statue, 60 cm", "60", material="bronze"),
        "byzantine": statue("Byzantine statue, 60 cm", "60", period="byzantine"),
        "draft": statue("Draft statue, 60 cm", "60", status=PublicationStatus.DRAFT),
        "relief": factories.CulturalObjectFactory(
            title="Relief, 60 cm",
            object_type=factories.term("object_type", "relief"),
            height_cm=Decimal("60"),
        ),
    }


def test_the_object_page_lists_similar_public_objects_nearest_in_size_first(
    client, statues
):
    response = client.get(reverse("catalogue:object", args=[statues["seen"].public_id]))
    assert [obj.title for obj in response.context["similar"]] == [
        "Limestone statue, 62 cm",
        "Limestone statue, 55 cm",
    ]
    page = response.content.decode()
    assert "Similar objects" in page
    for left_out in ("120 cm", "Bronze statue", "Byzantine", "Draft", "Relief"):
        assert left_out not in page


def test_the_api_detail_lists_the_same_similar_objects(client, statues):
    record = client.get(f"{API}objects/{pid(statues['seen'])}/").json()
    assert [ref["id"] for ref in record["similar"]] == [
        pid(statues["closer"]),
        pid(statues["close"]),
    ]


def test_an_object_with_nothing_like_it_shows_no_similar_section(client, statues):
    response = client.get(
        reverse("catalogue:object", args=[statues["relief"].public_id])
    )
    assert response.context["similar"] == []
    assert "Similar objects" not in response.content.decode()
