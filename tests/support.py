"""Crawlers of the public surfaces: the catalogue's pages and the whole API.

``Crawler`` keeps every response it fetched (status, headers, body), so that a test
can inspect all of them: tests/test_leaks.py scans every body and header for secrets.
``crawl()`` is the catalogue crawl as {url: text}, for tests that only read pages.
"""

import json
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

LINK = re.compile(r'(?:href|src|data-geojson|data-world)="([^"#]+)')
SKIP = ("/admin/", "/static/", "/api/v1/docs/", "/api/v1/schema/")
API = "/api/v1/"
ORIGIN = "http://testserver"


def too_deep(parts):
    """Facet links combine without end: follow a search with one choice at most,
    which still reaches every record and every facet value."""
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
