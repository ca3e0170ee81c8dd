"""Helpers that read the public API the way its users do: JSON pages, CSV, GeoJSON."""

import csv
import io
import json

API = "/api/v1/"

ENDPOINTS = [
    "sites",
    "structures",
    "damage-events",
    "looting-incidents",
    "objects",
    "people",
    "actors",
    "sources",
]
LOCATED = ["sites", "structures", "damage-events", "looting-incidents"]


def url(endpoint, public_id=None):
    return f"{API}{endpoint}/" + (f"{public_id}/" if public_id else "")


def body(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode("utf-8-sig")


def json_ids(client, endpoint, **params):
    """Every id of a list, following the pages."""
    ids, page = [], 1
    while True:
        response = client.get(url(endpoint), {**params, "page": page})
        assert response.status_code == 200, response.content
        data = response.json()
        ids += [record["id"] for record in data["results"]]
        if not data["next"]:
            return ids
        page += 1


def csv_rows(client, endpoint, **params):
    response = client.get(url(endpoint), {**params, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(body(response))))


def geojson(client, endpoint, **params):
    response = client.get(url(endpoint), {**params, "format": "geojson"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    collection = json.loads(body(response))
    assert collection["type"] == "FeatureCollection"
    return collection["features"]


def all_public_bodies(client):
    """The text of every public surface of the API: lists in every format, every
    detail reachable from them, the change feed and the vocabularies."""
    texts = []
    for endpoint in ENDPOINTS:
        listing = client.get(url(endpoint), {"page_size": 500})
        texts.append(body(listing))
        texts.append(body(client.get(url(endpoint), {"format": "csv"})))
        if endpoint in LOCATED:
            texts.append(body(client.get(url(endpoint), {"format": "geojson"})))
        for record in listing.json()["results"]:
            texts.append(body(client.get(url(endpoint, record["id"]))))
    texts.append(body(client.get(f"{API}changes/", {"page_size": 500})))
    texts.append(body(client.get(f"{API}vocabularies/")))
    return texts
