"""Linked Art JSON-LD: CIDOC-CRM documents whose shape a versioned context fixes."""

import json

import pytest
from pyld import jsonld

from registry.demo.founding import demo_id
from registry.interchange.linked_art import context_document
from registry.models import HeritageSite
from tests import factories

pytestmark = pytest.mark.django_db

CRM = "http://www.cidoc-crm.org/cidoc-crm/"


def document(client, endpoint, public_id):
    response = client.get(f"/api/v1/{endpoint}/{public_id}/", {"format": "jsonld"})
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/ld+json")
    return json.loads(response.content)


def expand(doc):
    """Expand with the registry's own context (no network): every term must resolve."""
    context = context_document()

    def loader(url, options=None):
        assert url.endswith("/api/v1/linked-art/context/v1.json"), url
        return {
            "contentType": "application/ld+json",
            "contextUrl": None,
            "documentUrl": url,
            "document": context,
        }

    return jsonld.expand(doc, {"documentLoader": loader})


def keys(node):
    if isinstance(node, dict):
        for key, value in node.items():
            yield key
            yield from keys(value)
    elif isinstance(node, list):
        for item in node:
            yield from keys(item)


def iris(node):
    """Every property and class IRI of an expanded document."""
    if isinstance(node, dict):
        for key, value in node.items():
            if not key.startswith("@"):
                yield key
            if key == "@type":
                yield from [value] if isinstance(value, str) else value
            yield from iris(value)
    elif isinstance(node, list):
        for item in node:
            yield from iris(item)


@pytest.mark.parametrize(
    ("endpoint", "key", "crm_class"),
    [
        ("sites", "site:palmyra", "E53_Place"),
        ("damage-events", "damage:palmyra:temple-of-bel", "E6_Destruction"),
        ("damage-events", "damage:palmyra:tetrapylon-and-theatre", "E11_Modification"),
        ("objects", "object:isis-black-market", "E22_Human-Made_Object"),
        ("looting-incidents", "looting:dura-europos", "E7_Activity"),
        ("people", "person:khaled-al-asaad", "E21_Person"),
        (
            "assessments",
            "assessment:palmyra:elahbel:2016-03-30",
            "E14_Condition_Assessment",
        ),
    ],
)
def test_documents_validate_against_the_versioned_context(
    client, demo, endpoint, key, crm_class
):
    doc = document(client, endpoint, demo_id(key))
    assert doc["@context"].endswith("/api/v1/linked-art/context/v1.json")
    terms = set(context_document()["@context"])
    used = {k for k in keys(doc) if k != "@context"}
    assert used <= terms, used - terms  # no term would be dropped silently
    expanded = expand(doc)
    assert expanded and CRM + crm_class in expanded[0]["@type"]
    assert all(i.startswith(("http://", "https://")) for i in iris(expanded))


def test_a_destruction_is_dated_placed_and_attributed_with_its_hedge(client, demo):
    doc = document(client, "damage-events", demo_id("damage:palmyra:temple-of-bel"))
    assert doc["type"] == "Destruction"
    assert doc["timespan"]["begin_of_the_begin"] == "2015-08-01"
    assert doc["timespan"]["end_of_the_end"] == "2015-08-31"
    assert doc["took_place_at"][0]["_label"] == "Palmyra"
    (assignment,) = doc["attributed_by"]
    assert assignment["assigned"]["_label"] == "Islamic State (ISIS)"
    assert assignment["classified_as"][0]["_label"] == "reported"
    assert assignment["certainty"] == "high"
    assert doc["destroyed"][0]["_label"] == "Temple of Bel"


def test_a_looting_is_an_activity_at_its_site_that_concerned_its_objects(client):
    incident = factories.LootingIncidentFactory(kind="theft_from_store")
    found = factories.CulturalObjectFactory(looting_incident=incident)
    factories.CulturalObjectFactory(looting_incident=incident, status="draft")
    doc = document(client, "looting-incidents", incident.public_id)
    assert doc["type"] == "Activity"
    assert [t["_label"] for t in doc["classified_as"]][:2] == [
        "looting",
        "theft_from_store",
    ]
    assert doc["took_place_at"][0]["_label"] == incident.site.name
    # The public object only: the draft is not named.
    assert [o["id"].rstrip("/").rsplit("/", 1)[-1] for o in doc["concerned"]] == [
        str(found.public_id)
    ]
    assert expand(doc)


def test_the_custody_chain_is_transfers_of_custody_with_payment(client):
    obj = factories.CulturalObjectFactory()
    dealer = factories.ActorFactory(name="A dealer", kind="dealer")
    factories.CustodyEventFactory(
        object=obj, kind="sold", from_actor=dealer, price="5000", currency="USD"
    )
    doc = document(client, "objects", obj.public_id)
    (transfer,) = doc["custody_transferred_through"]
    assert transfer["type"] == "TransferOfCustody"
    assert transfer["transferred_custody_from"][0]["_label"] == "A dealer"
    payment = transfer["part"][0]
    assert payment["type"] == "Payment"
    assert str(payment["paid_amount"]["value"]) == "5000.00"
    assert expand(doc)


def test_location_rules_hold_in_linked_art(client):
    generalised = factories.SiteFactory(
        latitude="34.567891", longitude="38.123456", location_sensitivity="generalised"
    )
    restricted = factories.SiteFactory(
        latitude="34.567891", longitude="38.123456", location_sensitivity="restricted"
    )
    assert (
        document(client, "sites", generalised.public_id)["defined_by"]
        == "POINT(38.1 34.6)"
    )
    doc = document(client, "sites", restricted.public_id)
    assert "defined_by" not in doc and "34.5" not in json.dumps(doc)


def test_a_pseudonymous_person_is_named_by_the_pseudonym_only(client):
    ali = factories.PersonFactory(
        name="Real Name", pseudonym="Ali", visibility="pseudonymous"
    )
    doc = document(client, "people", ali.public_id)
    assert doc["_label"] == "Ali" and "Real" not in json.dumps(doc)


def test_unpublished_records_and_lists_are_not_offered(client):
    draft = factories.SiteFactory(status="draft")
    response = client.get(f"/api/v1/sites/{draft.public_id}/", {"format": "jsonld"})
    assert response.status_code == 404
    assert client.get("/api/v1/sites/", {"format": "jsonld"}).status_code == 406
    assert client.get("/api/v1/linked-art/context/v2.json").status_code == 404
    assert HeritageSite.objects.filter(status="draft").exists()


def test_an_assessment_concerned_its_structure_and_identified_a_condition(client, demo):
    key = "assessment:palmyra:elahbel:2016-03-30"
    doc = document(client, "assessments", demo_id(key))
    assert doc["type"] == "ConditionAssessment"
    assert doc["concerned"][0]["type"] == "HumanMadeObject"
    assert doc["concerned"][0]["_label"] == "Tower Tomb of Elahbel"
    assert doc["identified_condition"][0]["classified_as"][0]["_label"] == "destroyed"
    assert doc["timespan"]["begin_of_the_begin"] == "2016-03-30"
    assert doc["carried_out_by"][0]["type"] == "Group"


def test_an_object_titled_only_in_arabic_is_named_by_its_arabic_title(client):
    obj = factories.CulturalObjectFactory(title="", title_ar="شاهد قبر")
    doc = document(client, "objects", obj.public_id)
    assert doc["_label"] == "شاهد قبر"
    assert doc["identified_by"][0] == {"type": "Name", "content": "شاهد قبر"}
    assert expand(doc)
