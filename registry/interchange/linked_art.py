"""Linked Art JSON-LD (CIDOC-CRM) for sites, damage events, objects and people.

``?format=jsonld`` on a detail. The document is built from the API's own serialized
data, so every visibility and location rule has already been applied. Its shape is
fixed by a versioned context (``linked_art_context_v1.json``, served at
``/api/v1/linked-art/context/v1.json``): a change of shape is a new version, never a
silent change (mirrors rely on it).

- a site is a Place, defined by its *public* point only (generalised or none);
- a damage event is an E6 Destruction when the condition after is "destroyed", else
  an E11 Modification, at its Place, dated by its earliest/latest possible days; the
  perpetrator is an AttributeAssignment classified by how it is known (claimed,
  reported, alleged, confirmed), with the certainty and verification;
- an object is a HumanMadeObject whose custody chain is a list of E10 transfers of
  custody (looting is a transfer of custody, not of ownership), a sale adding a Payment;
- a person is a Person named as the public may see them, with a Death if killed;
- a condition assessment is an E14 Condition Assessment that concerned its site
  (Place) or structure (HumanMadeObject) and identified an E3 Condition State
  (classified by the EAMENA condition, or "no change"), carried out by its
  organisation, dated, classified by its method, with its certainty and verification.
"""

import json
from pathlib import Path

from django.http import Http404, JsonResponse
from django.urls import reverse
from rest_framework.renderers import BaseRenderer

CONTEXT_FILE = Path(__file__).with_name("linked_art_context_v1.json")
CONTEXT_VERSION = "v1"


def context_document():
    return json.loads(CONTEXT_FILE.read_text())


def context_view(request, version):
    """The versioned context, for JSON-LD processors."""
    if version != CONTEXT_VERSION:
        raise Http404
    response = JsonResponse(context_document())
    response["Content-Type"] = "application/ld+json"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _type(label, code=None):
    node = {"type": "Type", "_label": label}
    if code:
        node["identified_by"] = [{"type": "Identifier", "content": code}]
    return node


def _term(term):
    return _type(term["label_en"], term["code"]) if term else None


def _names(names):
    return [
        {
            "type": "Name",
            "content": name["name"],
            **(
                {"language": [{"type": "Language", "_label": name["language"]}]}
                if name.get("language")
                else {}
            ),
        }
        for name in names
    ]


def _timespan(date):
    span = {
        "type": "TimeSpan",
        "identified_by": [{"type": "Name", "content": date["display"]}],
    }
    if date.get("earliest"):
        span["begin_of_the_begin"] = date["earliest"]
    if date.get("latest"):
        span["end_of_the_end"] = date["latest"]
    return span


def _ref(data, kind):
    if not data:
        return None
    return {
        "id": data["url"],
        "type": kind,
        "_label": data.get("name") or data.get("title"),
    }


def _citations(citations):
    return [
        {
            "type": "LinguisticObject",
            "_label": citation["title"],
            **({"content": citation["quote"]} if citation.get("quote") else {}),
        }
        for citation in citations
    ]


def _attribution(data, property_name="carried_out_by"):
    assignment = {
        "type": "AttributeAssignment",
        "classified_as": [_type(data["attribution"] or "unidentified")],
        "certainty": data["certainty"],
        "verification": data["verification"],
    }
    if data.get("perpetrator"):
        assignment["assigned_property"] = property_name
        assignment["assigned"] = _ref(data["perpetrator"], "Group")
    return assignment


def site(data):
    doc = {
        "id": data["url"],
        "type": "Place",
        "_label": data["name"],
        "identified_by": [
            *_names(data.get("names", [])),
            {"type": "Identifier", "content": data["id"]},
            *(
                {
                    "type": "Identifier",
                    "content": i["value"],
                    "classified_as": [_type(i["scheme"])],
                }
                for i in data.get("identifiers", [])
            ),
        ],
        "classified_as": [_term(data["site_type"])],
        "part_of": [
            {"type": "Place", "_label": place}
            for place in (
                (data.get("admin_division") or {}).get("name"),
                (data.get("country") or {}).get("name"),
            )
            if place
        ],
        "location_precision": data["location"]["precision"],
        "referred_to_by": _citations(data.get("citations", [])),
    }
    location = data["location"]
    if location["latitude"] is not None:
        doc["defined_by"] = f"POINT({location['longitude']} {location['latitude']})"
    if data.get("description"):
        doc["referred_to_by"].append(
            {"type": "LinguisticObject", "content": data["description"]}
        )
    return doc


def damage_event(data):
    destroyed = data["condition_after"] == "destroyed"
    structures = [
        {
            "id": item["structure"]["url"],
            "type": "HumanMadeObject",
            "_label": item["structure"]["name"],
        }
        for item in data.get("structures", [])
    ]
    doc = {
        "id": data["url"],
        "type": "Destruction" if destroyed else "Modification",
        "_label": data["title"],
        "identified_by": [{"type": "Name", "content": data["title"]}],
        "timespan": _timespan(data["date"]),
        "took_place_at": [_ref(data["site"], "Place")],
        "classified_as": [
            _type(data["cause_category"]),
            *([_term(data["cause_type"])] if data.get("cause_type") else []),
            *(_term(effect) for effect in data.get("effects", [])),
        ],
        "attributed_by": [_attribution(data)],
        "referred_to_by": _citations(data.get("citations", [])),
    }
    doc["destroyed" if destroyed else "modified"] = structures
    return doc


def looting_incident(data):
    """An Activity at its site, classified as looting of its kind and scale, dated,
    with its hedged attribution; it concerned the objects known to come from it."""
    doc = {
        "id": data["url"],
        "type": "Activity",
        "_label": data["title"],
        "identified_by": [{"type": "Name", "content": data["title"]}],
        "classified_as": [
            _type("looting"),
            _type(data["kind"]),
            *([_type(data["scale"])] if data.get("scale") else []),
        ],
        "timespan": _timespan(data["date"]),
        "took_place_at": [_ref(data["site"], "Place")],
        "attributed_by": [_attribution(data)],
        "concerned": [
            _ref(item, "HumanMadeObject") for item in data.get("cultural_objects", [])
        ],
        "referred_to_by": _citations(data.get("citations", [])),
    }
    if data.get("description"):
        doc["referred_to_by"].append(
            {"type": "LinguisticObject", "content": data["description"]}
        )
    return doc


def cultural_object(data):
    object_id = data["url"]
    transfers = []
    for event in data.get("custody_chain", []):
        transfer = {
            "type": "TransferOfCustody",
            "_label": event["kind"],
            "classified_as": [_type(event["kind"])],
            "timespan": _timespan(event["date"]),
            "transferred_custody_of": [{"id": object_id, "type": "HumanMadeObject"}],
            "referred_to_by": _citations(event.get("citations", [])),
        }
        if event.get("from_actor"):
            transfer["transferred_custody_from"] = [_ref(event["from_actor"], "Group")]
        if event.get("to_actor"):
            transfer["transferred_custody_to"] = [_ref(event["to_actor"], "Group")]
        if event.get("price") is not None:
            transfer["part"] = [
                {
                    "type": "Payment",
                    "paid_amount": {
                        "type": "MonetaryAmount",
                        "value": event["price"],
                        "currency": {"type": "Currency", "_label": event["currency"]},
                    },
                }
            ]
        transfers.append(transfer)
    dimensions = [
        {
            "type": "Dimension",
            "value": data[field],
            "unit": {"type": "MeasurementUnit", "_label": unit},
            "classified_as": [_type(field.split("_")[0])],
        }
        for field, unit in (
            ("height_cm", "centimetres"),
            ("width_cm", "centimetres"),
            ("depth_cm", "centimetres"),
            ("diameter_cm", "centimetres"),
            ("weight_g", "grams"),
        )
        if data.get(field) is not None
    ]
    # An object may have only an Arabic title (a list published in Arabic).
    title = data["title"] or data["title_ar"]
    return {
        "id": object_id,
        "type": "HumanMadeObject",
        "_label": title,
        "identified_by": [
            {"type": "Name", "content": title},
            *_names(data.get("names", [])),
            *(
                {
                    "type": "Identifier",
                    "content": r["value"],
                    "classified_as": [_type(r["kind"])],
                }
                for r in data.get("references", [])
            ),
        ],
        "classified_as": [_term(data["object_type"]), _type(data["status"])],
        "made_of": [
            {"type": "Material", "_label": m["label_en"]}
            for m in data.get("materials", [])
        ],
        "dimension": dimensions,
        "custody_transferred_through": transfers,
        "referred_to_by": _citations(data.get("citations", [])),
    }


def person(data):
    doc = {
        "id": data["url"],
        "type": "Person",
        "_label": data["name"],
        "identified_by": [
            {"type": "Name", "content": data["name"]},
            *_names(data["names"]),
        ],
        "classified_as": [_term(role) for role in data.get("roles", [])],
        "member_of": [_ref(data["affiliation"], "Group")]
        if data.get("affiliation")
        else [],
        "participated_in": [
            {
                "type": "Activity",
                "classified_as": [_type(harm["kind"])],
                "timespan": _timespan(harm["date"]),
                "attributed_by": [_attribution(harm)],
                "referred_to_by": _citations(harm.get("citations", [])),
                **(
                    {"took_place_at": [_ref(harm["site"], "Place")]}
                    if harm.get("site")
                    else {}
                ),
            }
            for harm in data.get("harm_events", [])
        ],
        "referred_to_by": _citations(data.get("citations", [])),
    }
    killed = [harm for harm in data.get("harm_events", []) if harm["kind"] == "killed"]
    if killed:
        doc["died"] = {"type": "Death", "timespan": _timespan(killed[0]["date"])}
    return doc


def assessment(data):
    target = (
        _ref(data["structure"], "HumanMadeObject")
        if data.get("structure")
        else _ref(data["site"], "Place")
    )
    state = "no change" if data["no_change"] else data["condition"]
    doc = {
        "id": data["url"],
        "type": "ConditionAssessment",
        "_label": f"{target['_label']}: {state} ({data['date']['display']})",
        "classified_as": [_type(data["method"])],
        "timespan": _timespan(data["date"]),
        "concerned": [target],
        "identified_condition": [
            {"type": "ConditionState", "classified_as": [_type(state)]}
        ],
        "certainty": data["certainty"],
        "verification": data["verification"],
        "referred_to_by": _citations(data.get("citations", [])),
    }
    if data.get("organisation"):
        doc["carried_out_by"] = [_ref(data["organisation"], "Group")]
    if data.get("description"):
        doc["referred_to_by"].append(
            {"type": "LinguisticObject", "content": data["description"]}
        )
    return doc


class JSONLDRenderer(BaseRenderer):
    """Renders a detail as Linked Art; the view says which shape (``linked_art``)."""

    media_type = "application/ld+json"
    format = "jsonld"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        view = (renderer_context or {}).get("view")
        response = (renderer_context or {}).get("response")
        builder = getattr(view, "linked_art", None)
        if response is not None and response.status_code >= 400 or builder is None:
            return json.dumps(data, ensure_ascii=False, default=str).encode()
        request = renderer_context.get("request")
        path = reverse("api:linked-art-context", args=[CONTEXT_VERSION])
        document = {
            "@context": request.build_absolute_uri(path) if request else path,
            **builder(data),
        }
        return json.dumps(document, ensure_ascii=False, default=str).encode()
