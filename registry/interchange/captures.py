"""Sources as captured: a copy of what a source said, kept with its SHA-256.

``capture_url(source)`` fetches the source's address (or another one) and keeps
the bytes answered, the moment, the address that finally answered and its HTTP
status and content type; ``capture_upload(source, file)`` keeps a file a curator
saved (a PDF of a report, a screenshot of a post that is gone). Both refuse, with a
message a curator understands and nothing stored, what cannot be evidence: an
error page, an empty answer, a file larger than ``CAPTURE_MAX_BYTES``, a file that
is none of the kinds kept (PDF, HTML, plain text, JPEG/PNG/WebP/TIFF images: the
bytes decide, never the name). Copies are stored privately and never served to the
public; their hashes and moments are public (``registry.publishing.documents``).
"""

import hashlib
import mimetypes
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.media.images import inspect
from registry.models import CaptureMethod, SourceCapture

USER_AGENT = "HeritageDamageRegistry/1.0 (source capture for evidence)"
# What a copy may be, by its first bytes (and for text, by decoding).
SIGNATURES = [
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
]


def kind_of(data):
    """The content type ``data`` really is, or None if it is not one kept."""
    for magic, content_type in SIGNATURES:
        if data.startswith(magic):
            return content_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    head = text.lstrip()[:512].lower()
    if head.startswith(("<!doctype html", "<html")) or "<html" in head:
        return "text/html"
    if "\x00" in text:
        return None
    return "text/plain"


def _check(data):
    if not data:
        raise ValidationError(_("The copy is empty: nothing to keep."))
    if len(data) > settings.CAPTURE_MAX_BYTES:
        raise ValidationError(
            _("The copy is larger than %(limit)s bytes: it is not kept.")
            % {"limit": settings.CAPTURE_MAX_BYTES}
        )
    content_type = kind_of(data)
    if content_type is None:
        raise ValidationError(
            _(
                "This is not a PDF, a web page, a text or an image (JPEG, PNG, "
                "WebP, TIFF): it is not kept."
            )
        )
    if content_type.startswith("image/"):
        # Decoded whole, as photographs are: a truncated image or a
        # decompression bomb is refused with the same messages.
        inspect(ContentFile(data))
    return content_type


def fetch(url):
    """(final address, HTTP status, content type header, bytes) of ``url``."""
    if not url.lower().startswith(("http://", "https://")):
        raise ValidationError(_("Only http and https addresses can be captured."))
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(
            request, timeout=settings.CAPTURE_TIMEOUT
        ) as response:
            data = response.read(settings.CAPTURE_MAX_BYTES + 1)
            return (
                response.geturl(),
                response.status,
                response.headers.get("Content-Type", ""),
                data,
            )
    except urllib.error.HTTPError as error:
        raise ValidationError(
            _("%(url)s answered %(status)s: nothing was kept.")
            % {"url": url, "status": error.code}
        ) from error
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise ValidationError(
            _("%(url)s could not be read (%(reason)s): nothing was kept.")
            % {"url": url, "reason": getattr(error, "reason", error)}
        ) from error


@dataclass
class Copy:
    """A copy checked and ready to keep: its bytes and what is known of them."""

    data: bytes
    method: str
    content_type: str
    url: str = ""
    final_url: str = ""
    http_status: int | None = None


def fetched(source, url=""):
    """What ``url`` (the source's own address by default) answers now, checked."""
    url = url or source.url
    if not url:
        raise ValidationError(_("This source has no address to capture."))
    final_url, status, header, data = fetch(url)
    content_type = _check(data)
    declared = header.split(";")[0].strip().lower()
    return Copy(
        data,
        CaptureMethod.FETCHED,
        declared or content_type,
        url=url,
        final_url=final_url,
        http_status=status,
    )


def uploaded(file, url=""):
    """An uploaded file, checked."""
    data = b"".join(file.chunks()) if hasattr(file, "chunks") else file.read()
    return Copy(data, CaptureMethod.UPLOADED, _check(data), url=url)


def keep(source, copy, *, user=None, note=""):
    """Store ``copy`` privately as a capture of ``source``, with its SHA-256."""
    digest = hashlib.sha256(copy.data).hexdigest()
    extension = mimetypes.guess_extension(copy.content_type) or ".bin"
    capture = SourceCapture(
        source=source,
        method=copy.method,
        captured_at=timezone.now(),
        url=copy.url,
        final_url=copy.final_url,
        http_status=copy.http_status,
        content_type=copy.content_type,
        sha256=digest,
        size=len(copy.data),
        note=note,
        user=user,
    )
    with transaction.atomic():
        capture.file.save(
            f"{digest[:16]}{extension}", ContentFile(copy.data), save=False
        )
        capture.save()
    return capture


def capture_url(source, *, url="", user=None, note=""):
    """Fetch ``url`` (the source's own address by default) and keep what it said."""
    return keep(source, fetched(source, url), user=user, note=note)


def capture_upload(source, file, *, url="", user=None, note=""):
    """Keep ``file`` (an upload) as a copy of ``source``."""
    return keep(source, uploaded(file, url), user=user, note=note)


def copy_of(capture):
    """The kept bytes of ``capture``, checked against its SHA-256."""
    with capture.file.open("rb") as stream:
        data = stream.read()
    if hashlib.sha256(data).hexdigest() != capture.sha256:
        raise ValidationError(
            _("The kept copy of %(capture)s no longer matches its SHA-256.")
            % {"capture": capture}
        )
    return data
