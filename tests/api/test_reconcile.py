"""The OpenRefine reconciliation service (Reconciliation Service API 0.2).

The JSON schemas below are the specification's (reconciliation-api.github.io/specs,
0.2/schemas), written out here with what a client relies on: what is required, and
the types. OpenRefine's own flow is followed: it reads the manifest, then posts
batches of queries as a form field ``queries``.
"""

import json

import jsonschema
import pytest
from django.urls import reverse

from registry.models import Designation, Name
from tests import factories
from tests.search.spellings import build_registry
from tests.support import row_counts

pytestmark = pytest.mark.django_db

RECONCILE = "/api/v1/reconcile"

TYPE = {
    "type": "object",
    "properties": {"id": {"type": "string"}, "name": {"type": "string"}},
    "required": ["id", "name"],
}
SERVICE = {
    "type": "object",
    "properties": {
        "service_url": {"type": "string"},
        "service_path": {"type": "string"},
    },
}
MANIFEST = {
    "type": "object",
    "properties": {
        "versions": {
            "type": "array",
            "items": {"type": "string"},
            "contains": {"enum": ["0.2"]},
        },
        "name": {"type": "string"},
        "identifierSpace": {"type": "string"},
        "schemaSpace": {"type": "string"},
        "view": {
            "type": "object",
            "properties": {"url": {"type": "string", "pattern": ".*\\{\\{id\\}\\}.*"}},
            "required": ["url"],
        },
        "preview": {
            "type": "object",
            "properties": {
                "url": {"type": "string", "pattern": ".*\\{\\{id\\}\\}.*"},
                "width": {"type": "integer"},
                "height": {"type": "integer"},
            },
            "required": ["url", "width", "height"],
        },
        "defaultTypes": {"type": "array", "items": TYPE, "uniqueItems": True},
        "suggest": {
            "type": "object",
            "properties": {"entity": SERVICE, "property": SERVICE, "type": SERVICE},
        },
    },
    "required": ["versions", "name", "identifierSpace", "schemaSpace"],
}
PROPERTY_VALUE = {
    "oneOf": [
        {"type": "string"},
        {"type": "number"},
        {"type": "boolean"},
        {
            "type": "object",
            "properties": {"id": {"type": "string"}, "name": {"type": "string"}},
            "required": ["id"],
        },
    ]
}
QUERY_BATCH = {
    "type": "object",
    "patternProperties": {
        "^.*$": {
            "type": "object",
            "properties": {
                "query": {"type": "string"},
                "type": {
                    "oneOf": [
                        {"type": "string"},
                        {"type": "array", "items": {"type": "string"}},
                    ]
                },
                "limit": {"type": "number"},
                "properties": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "pid": {"type": "string"},
                            "v": {
                                "oneOf": [
                                    PROPERTY_VALUE,
                                    {"type": "array", "items": PROPERTY_VALUE},
                                ]
                            },
                        },
                        "required": ["pid", "v"],
                    },
                },
                "type_strict": {"type": "string", "enum": ["any", "should", "all"]},
            },
            "anyOf": [{"required": ["query"]}, {"required": ["properties"]}],
            "additionalProperties": False,
        }
    },
}
CANDIDATE_TYPE = {
    "oneOf": [
        {
            "type": "object",
            "properties": {"id": {"type": "string"}, "name": {"type": "string"}},
            "required": ["id"],
        },
        {"type": "string"},
    ]
}
RESULT = {
    "type": "object",
    "properties": {
        "result": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "id": {"type": "string"},
                    "name": {"type": "string"},
                    "description": {"type": "string"},
                    "score": {"type": "number"},
                    "features": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {
                                "id": {"type": "string"},
                                "value": {
                                    "oneOf": [{"type": "boolean"}, {"type": "number"}]
                                },
                            },
                        },
                    },
                    "match": {"type": "boolean"},
                    "type": {"type": "array", "items": CANDIDATE_TYPE},
                },
                "required": ["id", "name", "score"],
            },
        }
    },
    "required": ["result"],
}
RESULT_BATCH = {"type": "object", "patternProperties": {"^.*$": RESULT}}
SUGGEST_ENTITIES = {
    "type": "object",
    "properties": {
        "result": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "id": {"type": "string"},
                    "name": {"type": "string"},
                    "description": {"type": "string"},
                    "notable": {"type": "array", "items": CANDIDATE_TYPE},
                },
                "required": ["id", "name"],
            },
        }
    },
    "required": ["result"],
}
SUGGEST_TYPES = {
    "type": "object",
    "properties": {"result": {"type": "array", "items": TYPE}},
    "required": ["result"],
}


def valid(instance, schema):
    jsonschema.validate(instance, schema)
    return instance


@pytest.fixture
def registry():
    return build_registry()


def post_batch(client, queries):
    valid(queries, QUERY_BATCH)
    response = client.post(RECONCILE, {"queries": json.dumps(queries)})
    assert response.status_code == 200, response.content
    return valid(response.json(), RESULT_BATCH)


def ids(result):
    return [candidate["id"] for candidate in result["result"]]


def pid(record):
    return str(record.public_id)


def test_manifest_validates_and_points_to_the_services(client):
    manifest = valid(client.get(RECONCILE).json(), MANIFEST)
    assert "0.2" in manifest["versions"]
    assert {t["id"] for t in manifest["defaultTypes"]} == {
        "site",
        "structure",
        "object",
        "actor",
        "person",
    }
    assert manifest["view"]["url"].endswith("/api/v1/reconcile/view/{{id}}")
    assert manifest["suggest"]["entity"]["service_path"] == "/suggest/entity"


def test_manifest_as_jsonp_for_old_clients(client):
    response = client.get(RECONCILE, {"callback": "jsonp123"})
    assert response["Content-Type"].startswith("application/javascript")
    body = response.content.decode()
    assert body.startswith("jsonp123(") and body.endswith(")")
    valid(json.loads(body[len("jsonp123(") : -1]), MANIFEST)
    # Not a script of the caller's choosing.
    assert client.get(RECONCILE, {"callback": "alert(1)//"})["Content-Type"] == (
        "application/json"
    )


def test_openrefine_batch_finds_each_row_in_any_spelling(client, registry):
    # As OpenRefine posts a column: ten rows a batch, a type, a limit.
    rows = {
        "q0": ("Halab", "aleppo"),
        "q1": ("Busra", "bosra"),
        "q2": ("Krak des Chevaliers", "crac"),
        "q3": ("Tadmor", "palmyra"),
        "q4": ("al-Nouri", "nuri"),
        "q5": ("حلب", "aleppo"),
        "q6": ("Dayr az-Zawr", "deir"),
        "q7": ("Mawsil", "mosul"),
        "q8": ("Rakka", "raqqa"),
        "q9": ("Bostra", "bosra"),
    }
    queries = {
        key: {"query": query, "type": "site", "type_strict": "should", "limit": 3}
        for key, (query, _expected) in rows.items()
    }
    results = post_batch(client, queries)
    assert set(results) == set(rows)
    for key, (query, expected) in rows.items():
        assert ids(results[key])[:1] == [pid(registry[expected])], query
        assert len(results[key]["result"]) <= 3
        for candidate in results[key]["result"]:
            assert candidate["type"] == [{"id": "site", "name": "Heritage site"}]


def test_a_close_whole_name_is_a_match_and_a_partial_one_is_not(client, registry):
    results = post_batch(
        client,
        {
            "q0": {"query": "Crac des Chevaliers", "type": "site"},
            "q1": {"query": "Krak des Chevaliers", "type": "site"},
            "q2": {"query": "Ancient City", "type": "site"},
        },
    )
    assert results["q0"]["result"][0]["match"] is True
    assert results["q0"]["result"][0]["score"] == 100
    assert results["q1"]["result"][0]["match"] is True  # a spelling of the name
    assert results["q1"]["result"][0]["score"] < 100
    # Three sites are "Ancient City of …": none is the match.
    assert not any(c["match"] for c in results["q2"]["result"])
    assert len(results["q2"]["result"]) >= 3


def test_the_description_says_which_name_matched(client, registry):
    result = post_batch(client, {"q0": {"query": "Tadmor", "type": "site"}})["q0"]
    assert result["result"][0]["name"] == "Site of Palmyra"
    assert "matched «Tadmur»" in result["result"][0]["description"]
    result = post_batch(client, {"q0": {"query": "حلب", "type": "site"}})["q0"]
    assert "matched «مدينة حلب القديمة»" in result["result"][0]["description"]


def test_get_answers_like_post_and_a_single_query_too(client, registry):
    queries = {"q0": {"query": "Tadmor", "type": "site"}}
    got = client.get(RECONCILE, {"queries": json.dumps(queries)}).json()
    assert got == post_batch(client, queries)
    single = valid(client.get(RECONCILE, {"query": "Tadmor"}).json(), RESULT)
    assert ids(single)[0] == pid(registry["palmyra"])


def test_without_a_type_every_kind_is_searched(client, registry):
    result = post_batch(client, {"q0": {"query": "Baalshamim"}})["q0"]
    assert result["result"][0]["id"] == pid(registry["baalshamin"])
    assert result["result"][0]["type"][0]["id"] == "structure"
    result = post_batch(client, {"q0": {"query": "Daech"}})["q0"]
    assert result["result"][0]["type"][0]["id"] == "actor"


def test_properties_narrow_by_country_and_designation(client, registry):
    Designation.objects.create(site=registry["crac"], kind="world_heritage")
    results = post_batch(
        client,
        {
            "iraq": {
                "query": "Great Mosque",
                "type": "site",
                "properties": [{"pid": "country", "v": "IQ"}],
            },
            "syria": {
                "query": "Great Mosque",
                "type": "site",
                "properties": [{"pid": "country", "v": {"id": "SY", "name": "Syria"}}],
            },
            "listed": {
                "query": "Krak",
                "type": "site",
                "properties": [{"pid": "designation", "v": "world_heritage"}],
            },
            "not listed": {
                "query": "Rakka",
                "type": "site",
                "properties": [{"pid": "designation", "v": ["world_heritage"]}],
            },
            "nonsense": {
                "query": "Krak",
                "type": "site",
                "properties": [{"pid": "country", "v": "Narnia"}],
            },
        },
    )
    assert ids(results["iraq"])[0] == pid(registry["nuri"])
    assert pid(registry["nuri"]) not in ids(results["syria"])
    assert ids(results["listed"]) == [pid(registry["crac"])]
    assert ids(results["not listed"]) == []
    assert ids(results["nonsense"]) == []


def test_only_public_records_and_pseudonyms_are_candidates(client, registry):
    draft = factories.SiteFactory(name="Tadmor draft copy", status="draft")
    hidden = factories.PersonFactory(
        name="Asaad Confidential", visibility="confidential"
    )
    veiled = factories.PersonFactory(
        name="Asaad Realname", pseudonym="Samir", visibility="pseudonymous"
    )
    factories.attach(Name, veiled, name="Asaad Realname Alias", language="en")
    results = post_batch(
        client,
        {
            "q0": {"query": "Tadmor draft"},
            "q1": {"query": "Asaad Confidential", "type": "person"},
            "q2": {"query": "Realname", "type": "person"},
            "q3": {"query": "Samir", "type": "person"},
        },
    )
    everything = json.dumps(results, ensure_ascii=False)
    assert pid(draft) not in everything and pid(hidden) not in everything
    assert "Realname" not in everything and "Confidential" not in everything
    assert ids(results["q2"]) == []
    assert results["q3"]["result"][0] == {
        **results["q3"]["result"][0],
        "id": pid(veiled),
        "name": "Samir",
    }


def test_reconciling_writes_nothing(client, registry):
    before = row_counts()
    post_batch(client, {f"q{n}": {"query": "Tadmor"} for n in range(10)})
    assert row_counts() == before


@pytest.mark.parametrize(
    "queries",
    [
        "not json",
        json.dumps(["a list"]),
        json.dumps({"q0": {"query": 3}}),
        json.dumps({"q0": {"query": "x", "type": "dinosaur"}}),
        json.dumps({"q0": {"query": "x", "limit": "many"}}),
        json.dumps({f"q{n}": {"query": "x"} for n in range(51)}),
    ],
)
def test_a_malformed_batch_is_a_400_that_says_why(client, queries):
    response = client.post(RECONCILE, {"queries": queries})
    assert response.status_code == 400
    assert response.json()["detail"]


def test_suggest_entity_type_and_property(client, registry):
    entities = valid(
        client.get(f"{RECONCILE}/suggest/entity", {"prefix": "Tadmo"}).json(),
        SUGGEST_ENTITIES,
    )
    assert entities["result"][0]["id"] == pid(registry["palmyra"])
    types = valid(
        client.get(f"{RECONCILE}/suggest/type", {"prefix": "str"}).json(),
        SUGGEST_TYPES,
    )
    assert [t["id"] for t in types["result"]] == ["structure"]
    properties = valid(
        client.get(
            f"{RECONCILE}/suggest/property", {"prefix": "", "type": "site"}
        ).json(),
        SUGGEST_TYPES,
    )
    assert {"country", "site_type", "designation"} <= {
        p["id"] for p in properties["result"]
    }


def test_preview_and_view_lead_to_the_catalogue(client, registry):
    palmyra = registry["palmyra"]
    response = client.get(f"{RECONCILE}/preview", {"id": pid(palmyra)})
    assert response.status_code == 200
    assert "Site of Palmyra" in response.content.decode()
    response = client.get(f"{RECONCILE}/view/{pid(palmyra)}")
    assert response.status_code == 302
    assert response["Location"] == reverse("catalogue:site", args=[palmyra.public_id])


def test_preview_and_view_of_a_draft_are_404(client):
    draft = factories.SiteFactory(name="Draft", status="draft")
    assert client.get(f"{RECONCILE}/preview", {"id": pid(draft)}).status_code == 404
    assert client.get(f"{RECONCILE}/preview", {"id": "nonsense"}).status_code == 404
    assert client.get(f"{RECONCILE}/view/{pid(draft)}").status_code == 404


def test_the_service_is_not_in_the_openapi_schema(client):
    response = client.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    assert "reconcile" not in response.content.decode()


def test_the_api_rate_limit_holds_a_batch_counting_once(client, settings):
    settings.API_THROTTLE_RATE = "3/min"
    batch = {"queries": json.dumps({f"q{n}": {"query": "x"} for n in range(10)})}
    statuses = [client.post(RECONCILE, batch).status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    response = client.get(RECONCILE)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
