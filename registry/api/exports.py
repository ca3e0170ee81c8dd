"""Whole-list exports (CSV, GeoJSON) over HTTP as tools fetch them.

An export is made once per state of the public data. The first GET of it streams:
the first bytes leave at once and memory stays flat however long the list; as it
streams, it is also written to a file named by its ETag. Every later request for
the same export (GET, HEAD, or a ``Range`` as GDAL's ``/vsicurl/`` and QGIS read a
remote CSV) is answered from that file, with its length and byte ranges (206 with
``Content-Range``), until the public data change, which changes the ETag and so
the file. A download cut short leaves no file. Files older than
``EXPORT_FILE_LIFETIME`` seconds are removed as new ones are written, and the
oldest go first when the files take more than ``EXPORT_FILE_SPACE`` bytes.
"""

import hashlib
import math
import os
import re
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, HttpResponse, StreamingHttpResponse

from registry.publishing.cache import made_of


def export_etag(request, renderer):
    """The validator of an export (``made_of``)."""
    digest = hashlib.sha256(repr(made_of(request, renderer.format)).encode())
    return f'"{digest.hexdigest()[:32]}"'


def export_response(request, chunks, etag, content_type, filename):
    """The export's response: from its file when it was made already (or when
    HEAD or a ``Range`` asks for its length or a part of it), with its length and
    byte ranges; otherwise streamed, and kept for the next request."""
    path = made(etag)
    if path is None and (request.method == "HEAD" or "HTTP_RANGE" in request.META):
        path = export_file(chunks, etag)
    if path is not None:
        response = ranged(request, path)
    else:
        response = StreamingHttpResponse(kept(chunks, etag))
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


def export_path(etag):
    return export_directory() / (etag.strip('"') + ".export")


def made(etag):
    """The file of the export named ``etag``, None when it is not made yet."""
    path = export_path(etag)
    return path if path.exists() else None


def export_file(chunks, etag):
    """The path of the export named ``etag``, written from ``chunks`` if missing
    (atomically: a reader never sees half a file)."""
    path = made(etag)
    if path is None:
        # Its length and its ranges need the file, however large.
        for _chunk in kept(chunks, etag, space=math.inf):
            pass
        path = export_path(etag)
    return path


def kept(chunks, etag, space=None):
    """``chunks`` as they are made, written to the export's file as well: to a
    partial file first, renamed once the last chunk is written, so that no reader
    meets half an export. A stream closed before its end (a download cut short)
    leaves no file; one that outgrows ``space`` (``EXPORT_FILE_SPACE``) goes on
    streaming without a file."""
    directory = export_directory()
    remove_old_files(directory)
    space = settings.EXPORT_FILE_SPACE if space is None else space
    descriptor, partial = tempfile.mkstemp(dir=directory, suffix=".partial")
    out, written, complete = os.fdopen(descriptor, "wb"), 0, False
    try:
        for chunk in chunks:
            if out is not None:
                written += len(chunk)
                if written > space:
                    out.close()
                    out = None
                else:
                    out.write(chunk)
            yield chunk
        complete = out is not None
    finally:
        if out is not None:
            out.close()
        try:
            if complete:
                os.replace(partial, export_path(etag))
            else:
                os.unlink(partial)
        except FileNotFoundError:
            pass  # removed meanwhile as an old file: the next request makes it


def remove_old_files(directory):
    """Remove the files older than ``EXPORT_FILE_LIFETIME``, then the oldest while
    the rest take more than ``EXPORT_FILE_SPACE``."""
    limit = time.time() - settings.EXPORT_FILE_LIFETIME
    kept_files = []
    for old in directory.iterdir():
        try:
            status = old.stat()
            if status.st_mtime < limit:
                old.unlink()
            else:
                kept_files.append((status.st_mtime, status.st_size, old))
        except FileNotFoundError:
            pass  # another process removed it first
    total = sum(size for _mtime, size, _path in kept_files)
    for _mtime, size, old in sorted(kept_files):
        if total <= settings.EXPORT_FILE_SPACE:
            break
        old.unlink(missing_ok=True)  # or another process removed it first
        total -= size


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
