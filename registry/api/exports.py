"""Whole-list exports (CSV, GeoJSON) over HTTP as tools fetch them.

A plain GET streams: the first bytes leave at once and memory stays flat however
long the list. Tools that read a remote file at random (GDAL's ``/vsicurl/``, what
QGIS uses for a CSV URL) first ask its length with HEAD, then read it in byte
ranges; for them the export is written once to a file named by its ETag, and HEAD
and ``Range`` requests are answered from it (206 with ``Content-Range``) until the
public data change, which changes the ETag and so the file. Files older than
``EXPORT_FILE_LIFETIME`` seconds are removed as new ones are written.
"""

import hashlib
import os
import re
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, HttpResponse, StreamingHttpResponse

from registry.api import fields, nested, objects, renderers, serializers
from registry.publishing.cache import data_version

# The code that shapes an export: a new release changes its ETags too.
CODE_REVISION = hashlib.sha256(
    b"".join(
        Path(module.__file__).read_bytes()
        for module in (serializers, objects, renderers, fields, nested)
    )
).hexdigest()


def export_etag(request, renderer):
    """The validator of an export: the same request against the same public data,
    with the same code, gives the same bytes. Any change to public data moves the
    data version (registry.publishing.cache); the query string is taken as sent
    (another order of the same parameters is another URL to a cache)."""
    parts = (
        data_version(),
        CODE_REVISION,
        request.path,
        request.META.get("QUERY_STRING", ""),
        renderer.format,
    )
    return f'"{hashlib.sha256(repr(parts).encode()).hexdigest()[:32]}"'


def export_response(request, chunks, etag, content_type, filename):
    """The export's response: streamed for a plain GET; from its file, with its
    length and byte ranges, for HEAD and for a ``Range`` request."""
    if request.method == "HEAD" or "HTTP_RANGE" in request.META:
        path = export_file(chunks, etag)
        response = ranged(request, path)
    else:
        response = StreamingHttpResponse(chunks)
    response["Content-Type"] = content_type
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["ETag"] = etag
    response["Accept-Ranges"] = "bytes"
    return response


def export_directory():
    directory = Path(
        getattr(settings, "EXPORT_FILE_DIR", None)
        or Path(tempfile.gettempdir()) / "heritage-exports"
    )
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def export_file(chunks, etag):
    """The path of the export named ``etag``, written from ``chunks`` if missing
    (atomically: a reader never sees half a file)."""
    directory = export_directory()
    path = directory / (etag.strip('"') + ".export")
    if path.exists():
        return path
    remove_old_files(directory)
    descriptor, partial = tempfile.mkstemp(dir=directory, suffix=".partial")
    with os.fdopen(descriptor, "wb") as out:
        for chunk in chunks:
            out.write(chunk)
    os.replace(partial, path)
    return path


def remove_old_files(directory):
    limit = time.time() - settings.EXPORT_FILE_LIFETIME
    for old in directory.iterdir():
        try:
            if old.stat().st_mtime < limit:
                old.unlink()
        except FileNotFoundError:
            pass  # another process removed it first


RANGE = re.compile(r"bytes=(\d*)-(\d*)")


def ranged(request, path):
    """The file whole (200), or the one byte range asked for (206); a range that
    starts past the end is a 416. Several ranges at once are answered whole, as
    RFC 9110 allows."""
    size = path.stat().st_size
    match = RANGE.fullmatch(request.META.get("HTTP_RANGE", "").strip())
    if request.method == "HEAD" or not match or match.groups() == ("", ""):
        response = FileResponse(path.open("rb"))
        response["Content-Length"] = str(size)
        return response
    first, last = match.groups()
    if first == "":  # the last N bytes
        start, end = max(size - int(last), 0), size - 1
    else:
        start = int(first)
        end = min(int(last), size - 1) if last else size - 1
    if start >= size or start > end:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    response = StreamingHttpResponse(section(path, start, end), status=206)
    response["Content-Length"] = str(end - start + 1)
    response["Content-Range"] = f"bytes {start}-{end}/{size}"
    return response


def section(path, start, end, chunk=64 * 1024):
    """Bytes ``start`` to ``end`` (inclusive) of the file, in chunks."""
    with path.open("rb") as file:
        file.seek(start)
        left = end - start + 1
        while left > 0:
            data = file.read(min(chunk, left))
            if not data:
                return
            left -= len(data)
            yield data
