"""What the tests share, besides the factories (tests/factories.py):

- the public API read the way its users read it: JSON pages, CSV, GeoJSON;
- the crawlers of the public surfaces: ``Crawler`` keeps every response it fetched
  (status, headers, body), so that a test can inspect all of them
  (tests/publishing/test_leaks.py scans every body and header for secrets);
  ``crawl()`` is the catalogue crawl as {url: text}, for tests that only read pages;
- the POST data of an admin change form, built from the form the admin rendered;
- small helpers: public ids, query counts, row counts, a closed port.
"""

import csv
import io
import json
import re
import socket
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

# The API ---------------------------------------------------------------------------

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


# The crawlers ----------------------------------------------------------------------

LINK = re.compile(r'(?:href|src|data-geojson|data-world)="([^"#]+)')
SKIP = ("/admin/", "/ar/admin/", "/static/", "/api/v1/docs/", "/api/v1/schema/")
ORIGIN = "http://testserver"


def too_deep(parts):
    """Facet links combine without end: follow a search with one choice at most,
    which still reaches every record and every facet value. A record's dossier is
    read once, for its latest version (which holds every earlier one)."""
    if parts.path.endswith("/dossier/"):
        return bool(parts.query)
    if "search/" not in parts.path:
        return False
    params = [p.split("=")[0] for p in parts.query.split("&") if p]
    return len([p for p in params if p not in ("q",)]) > 1


def local(url, base="/"):
    """The path and query of ``url`` if it points at this server, else None."""
    parts = urlsplit(urljoin(base, url.replace("&amp;", "&")))
    if parts.netloc not in ("", "testserver"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def with_params(url, **params):
    """``url`` with ``params`` set (replacing any of the same name)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k not in params]
    query += list(params.items())
    return parts.path + (f"?{urlencode(query)}" if query else "")


@dataclass
class Fetched:
    url: str
    status: int
    content_type: str
    headers: dict
    body: bytes

    @property
    def text(self):
        return self.body.decode("utf-8-sig", errors="replace")

    @property
    def is_image(self):
        return self.content_type.startswith("image/")

    def json(self):
        return json.loads(self.text)


def strings_in(value):
    """Every string inside a decoded JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


class Crawler:
    """Fetches URLs once each with a test client and keeps every response."""

    def __init__(self, client, limit=6000):
        self.client = client
        self.limit = limit
        self.fetched = {}

    def fetch(self, url, expect=(200,)):
        if url in self.fetched:
            return self.fetched[url]
        assert len(self.fetched) < self.limit, "the crawl does not end"
        response = self.client.get(url)
        body = (
            b"".join(response.streaming_content)
            if getattr(response, "streaming", False)
            else response.content
        )
        fetched = Fetched(
            url,
            response.status_code,
            response.get("Content-Type", ""),
            dict(response.items()),
            body,
        )
        self.fetched[url] = fetched
        assert fetched.status in expect, (url, fetched.status, fetched.text[:300])
        return fetched

    # The catalogue -------------------------------------------------------------------

    def catalogue(self, starts=("/", "/ar/")):
        """Every page reachable from ``starts`` by links (facets one level deep), and
        whatever the pages point to: API data, photographs."""
        queue, queued = list(reversed(starts)), set(starts)
        while queue:
            url = queue.pop()
            page = self.fetch(url, expect=(200, 400))
            if "html" not in page.content_type:
                continue
            for link in LINK.findall(page.text):
                target = local(link, url)
                if (
                    target is None
                    or target in queued
                    or target.startswith(SKIP)
                    or too_deep(urlsplit(target))
                ):
                    continue
                queued.add(target)
                queue.append(target)

    # The API -------------------------------------------------------------------------

    def follow_json(self, page):
        """Fetch every URL of this server that a JSON body names (details, photos)."""
        if "json" not in page.content_type or page.status != 200:
            return
        for value in strings_in(page.json()):
            if value.startswith(ORIGIN + "/"):
                target = local(value)
                if target not in self.fetched:
                    self.follow_json(self.fetch(target, expect=(200,)))

    def pages(self, url):
        """A JSON list and all its following pages; the records of every page."""
        records = []
        while url:
            page = self.fetch(url)
            data = page.json()
            records += data["results"]
            self.follow_json(page)
            url = local(data["next"]) if data["next"] else None
        return records

    def api(self, root=API):
        """Every endpoint the API root lists: JSON pages (also two records a page, to
        walk the pagination), CSV, GeoJSON; every record's detail in every format; the
        vocabularies, the change feed, the schema and the documentation."""
        endpoints = self.fetch(root).json()
        for name, address in endpoints.items():
            list_url = local(address)
            if name == "vocabularies":
                for vocabulary in self.fetch(list_url).json():
                    self.fetch(f"{list_url}{vocabulary['name']}/")
                continue
            if name in ("changes", "schema", "docs"):
                continue  # below
            if name.startswith("statistics"):
                self.fetch(list_url)
                continue
            records = self.pages(list_url)
            self.pages(with_params(list_url, page_size=2))
            for fmt in ("csv", "geojson", "jsonld"):
                self.fetch(with_params(list_url, format=fmt), expect=(200, 404, 406))
            for record in records:
                detail = f"{list_url}{record['id']}/"
                self.follow_json(self.fetch(detail))
                for fmt in ("jsonld", "csv", "geojson"):
                    self.fetch(with_params(detail, format=fmt), expect=(200, 404, 406))
        changes = f"{root}changes/"
        for url in (changes, with_params(changes, since="2000-01-01T00:00:00Z")):
            self.pages(url)
        self.pages(with_params(changes, page_size=10))
        for url in (
            f"{root}schema/",
            f"{root}schema/?format=json",
            f"{root}docs/",
            f"{root}linked-art/context/v1.json",
        ):
            self.fetch(url)


def crawl(client, start="/", limit=2000, images=None):
    """{url: body} for every catalogue page and API data the pages point to.

    ``images``, a dict if given, receives {url: bytes} of every image served.
    """
    crawler = Crawler(client, limit=limit)
    crawler.catalogue(starts=(start, "/ar/"))
    if images is not None:
        images.update(
            {url: page.body for url, page in crawler.fetched.items() if page.is_image}
        )
    return {url: page.text for url, page in crawler.fetched.items()}


# Admin forms -----------------------------------------------------------------------


def _value(bound_field):
    value = bound_field.value()
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return [str(item) for item in value]
    if isinstance(value, bool):
        return "on" if value else ""
    return value


def _form_data(form, data):
    for bound_field in form:
        value = _value(bound_field)
        if (
            value == ""
            and getattr(bound_field.field.widget, "input_type", None) == "checkbox"
        ):
            continue
        data[bound_field.html_name] = value


def admin_form_data(response, **changes):
    """The admin form as the curator sees it, with ``changes`` applied."""
    data = {}
    context = response.context
    _form_data(context["adminform"].form, data)
    for inline in context.get("inline_admin_formsets", []):
        formset = inline.formset
        _form_data(formset.management_form, data)
        # Only the rows that exist: the empty "extra" rows are left out.
        data[f"{formset.prefix}-TOTAL_FORMS"] = formset.initial_form_count()
        for form in formset.initial_forms:
            _form_data(form, data)
    data = {key: value for key, value in data.items() if value != ""}
    data.update(changes)
    return data


# Small helpers ---------------------------------------------------------------------


def pid(record):
    return str(record.public_id)


def clear_caches():
    """Empty every cache: the figures and the throttle's counts ("default") and the
    answers kept whole ("answers"): the next request makes everything afresh."""
    from django.core.cache import caches

    for cache in caches.all(initialized_only=False):
        cache.clear()


def count_queries(client, url, params=None):
    """The database queries of one GET of ``url`` (a streamed body read whole)."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params or {})
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def row_counts():
    """Rows of every registry table, history tables included."""
    return {
        model.__name__: model._default_manager.count()
        for model in apps.get_app_config("registry").get_models()
    }


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
