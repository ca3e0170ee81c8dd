"""The catalogue's search narrows objects by type, material and period (issue 15)."""

import pytest
from django.urls import reverse

from registry.models import PublicationStatus
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects():
    icon = factories.CulturalObjectFactory(
        title="Icon of Saint Nicholas",
        object_type=factories.term("object_type", "icon"),
    )
    icon.materials.set([factories.term("material", "wood")])
    coin = factories.CulturalObjectFactory(
        title="Silver tetradrachm",
        object_type=factories.term("object_type", "coin"),
    )
    coin.materials.set([factories.term("material", "silver")])
    draft = factories.CulturalObjectFactory(
        title="Draft icon",
        object_type=factories.term("object_type", "icon"),
        status=PublicationStatus.DRAFT,
    )
    draft.materials.set([factories.term("material", "wood")])
    return icon, coin, draft


def page(client, **params):
    response = client.get(reverse("catalogue:search"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_type_and_material_narrow_the_objects(client, objects):
    found = page(client, type="object", object_type="icon")
    assert "Icon of Saint Nicholas" in found
    assert "Silver tetradrachm" not in found
    assert "Draft icon" not in found
    by_material = page(client, type="object", material="silver")
    assert "Silver tetradrachm" in by_material
    assert "Icon of Saint Nicholas" not in by_material


def test_the_type_and_material_facets_offer_public_counts(client, objects):
    text = page(client, type="object")
    assert "Type of object" in text
    assert "Material" in text
    assert "object_type=icon" in text
    assert "material=silver" in text
