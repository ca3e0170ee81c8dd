"""A search says which name it matched: in the API's JSON pages as in the catalogue."""

import pytest

from registry.models import Name
from tests import factories
from tests.support import url

pytestmark = pytest.mark.django_db


def results(client, endpoint, **params):
    response = client.get(url(endpoint), params)
    assert response.status_code == 200
    return {item["id"]: item for item in response.json()["results"]}


def test_a_search_result_names_the_spelling_it_matched(client):
    aleppo = factories.SiteFactory(
        name="Ancient City of Aleppo", name_ar="مدينة حلب القديمة"
    )
    palmyra = factories.SiteFactory(name="Palmyra", name_ar="تدمر")
    factories.attach(Name, palmyra, name="Tadmur", language="ar-Latn")
    found = results(client, "sites", q="Halab")
    assert found[str(aleppo.public_id)]["matched"] == "مدينة حلب القديمة"
    found = results(client, "sites", q="Tadmor")
    assert found[str(palmyra.public_id)]["matched"] == "Tadmur"
    # Without a query, no such field.
    assert "matched" not in results(client, "sites")[str(palmyra.public_id)]


def test_a_result_found_through_its_site_matched_none_of_its_own_names(client):
    site = factories.SiteFactory(name="Palmyra")
    event = factories.DamageEventFactory(site=site, title="Temple of Bel destroyed")
    found = results(client, "damage-events", q="Palmyra")
    assert found[str(event.public_id)]["matched"] is None


def test_a_pseudonymous_person_is_matched_by_the_pseudonym_only(client):
    person = factories.PersonFactory(
        name="Real Name", visibility="pseudonymous", pseudonym="Ali"
    )
    found = results(client, "people", q="Ali")
    assert found[str(person.public_id)]["matched"] == "Ali"
    assert results(client, "people", q="Real Name") == {}


def test_a_list_count_is_kept_per_question_and_data_version(client):
    """Counts are cached by the question asked (the view and its parameters)
    rather than by compiling the query: another question, or a public change,
    is counted afresh."""
    factories.SiteFactory(name="Palmyra")
    factories.SiteFactory(name="Aleppo")
    assert client.get(url("sites"), {"q": "Palmyra"}).json()["count"] == 1
    assert client.get(url("sites"), {"q": "Aleppo"}).json()["count"] == 1
    assert client.get(url("sites")).json()["count"] == 2
    assert client.get(url("sites"), {"page_size": 1}).json()["count"] == 2
    factories.SiteFactory(name="Palmyra Museum")
    assert client.get(url("sites"), {"q": "Palmyra"}).json()["count"] == 2
    assert (
        client.get(url("sites"), {"q": "Palmyra", "ordering": "name"}).json()["count"]
        == 2
    )
