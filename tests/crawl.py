"""A crawler of the public catalogue: every page reachable from the home page."""

import re
from urllib.parse import urljoin, urlsplit

LINK = re.compile(r'(?:href|src|data-geojson|data-world)="([^"#]+)')
SKIP = ("/admin/", "/static/", "/api/v1/docs/", "/api/v1/schema/")


def too_deep(parts):
    """Facet links combine without end: follow a search with one choice at most,
    which still reaches every record and every facet value."""
    if "search/" not in parts.path:
        return False
    params = [p.split("=")[0] for p in parts.query.split("&") if p]
    return len([p for p in params if p not in ("q",)]) > 1


def crawl(client, start="/", limit=2000, images=None):
    """{url: body} for every catalogue page and API data the pages point to.

    ``images``, a dict if given, receives {url: bytes} of every image served.
    """
    seen, queue, pages = set(), [start, "/ar/"], {}
    while queue and len(pages) < limit:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code in (200, 400), (url, response.status_code)
        content = (
            b"".join(response.streaming_content)
            if getattr(response, "streaming", False)
            else response.content
        )
        if response.get("Content-Type", "").startswith("image/") and images is not None:
            images[url] = content
        text = content.decode("utf-8-sig", errors="replace")
        pages[url] = text
        if "html" not in response.get("Content-Type", ""):
            continue
        for link in LINK.findall(text):
            link = link.replace("&amp;", "&")
            absolute = urljoin(url, link)
            parts = urlsplit(absolute)
            if parts.netloc not in ("", "testserver"):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target.startswith(SKIP) or target in seen or too_deep(parts):
                continue
            queue.append(target)
    return pages
