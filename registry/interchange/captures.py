"""Sources as captured: a copy of what a source said, kept with its SHA-256.

``capture_url(source)`` fetches the source's address (or another one) and keeps
the bytes answered, the moment, the address that finally answered and its HTTP
status and content type; ``capture_upload(source, file)`` keeps a file a curator
saved (a PDF of a report, a screenshot of a post that is gone, a video, a web
archive). Both refuse, with a message a curator understands and nothing stored,
what cannot be evidence: an error page, an empty answer, a file larger than
``CAPTURE_MAX_BYTES``, a file that is none of the kinds kept — PDF, a saved web
page (HTML), a web archive (WARC, plain or gzipped), JPEG/PNG/WebP/TIFF images,
MP4 and WebM videos — and an upload that is not what its name says (a text file
named ``.pdf``). The bytes decide, as for photographs (``registry.media.images``):
images are decoded whole, a PDF must end as PDFs do, a video's boxes or its EBML
header must hold together. Copies are stored privately; the public sees their
SHA-256 and moment (``SourceCapture.public_view``), and the copy itself only
when a curator marked it publishable and its source is public.
"""

import gzip
import hashlib
import urllib.error
import urllib.request
import zlib
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


# The kinds kept, and the file name endings that claim each.
EXTENSIONS = {
    "application/pdf": (".pdf",),
    "text/html": (".html", ".htm"),
    "application/warc": (".warc", ".warc.gz"),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
    "image/webp": (".webp",),
    "image/tiff": (".tif", ".tiff"),
    "video/mp4": (".mp4", ".m4v"),
    "video/webm": (".webm",),
}
CLAIMS = {ending: kind for kind, endings in EXTENSIONS.items() for ending in endings}
# The ISO base media brands of still images (HEIC, AVIF): not videos.
IMAGE_BRANDS = {b"heic", b"heix", b"mif1", b"msf1", b"avif", b"avis"}


def _mp4(data):
    """Whether ``data`` is an MP4: boxes that tile the file, with a movie."""
    if data[4:8] != b"ftyp" or data[8:12] in IMAGE_BRANDS:
        return False
    position, seen = 0, set()
    while position < len(data):
        if position + 8 > len(data):
            return False
        size = int.from_bytes(data[position : position + 4], "big")
        box = data[position + 4 : position + 8]
        if size == 1:  # a 64-bit size follows
            if position + 16 > len(data):
                return False
            size = int.from_bytes(data[position + 8 : position + 16], "big")
        elif size == 0:  # to the end of the file
            size = len(data) - position
        if size < 8 or position + size > len(data):
            return False
        seen.add(box)
        position += size
    return b"moov" in seen


def _webm(data):
    """Whether ``data`` starts with an EBML header whose document type is webm."""
    return data.startswith(b"\x1a\x45\xdf\xa3") and b"\x42\x82\x84webm" in data[:64]


def _warc(data):
    """Whether ``data`` is a WARC file (or a gzipped one: its first record)."""
    if data.startswith(b"\x1f\x8b"):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data, 64)
        except zlib.error:
            return False
        if not head.startswith((b"WARC/1.0\r\n", b"WARC/1.1\r\n")):
            return False
        try:
            gzip.decompress(data)  # whole: a truncated archive is refused
        except (OSError, EOFError, zlib.error):
            return False
        return True
    return data.startswith((b"WARC/1.0\r\n", b"WARC/1.1\r\n"))


def kind_of(data):
    """The content type ``data`` really is, or None if it is not one kept."""
    for magic, content_type in SIGNATURES:
        if data.startswith(magic):
            if content_type == "application/pdf" and b"%%EOF" not in data[-1024:]:
                return None  # a PDF cut short
            return content_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if _mp4(data):
        return "video/mp4"
    if _webm(data):
        return "video/webm"
    if _warc(data):
        return "application/warc"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    head = text.lstrip()[:512].lower()
    if head.startswith(("<!doctype html", "<html")) or "<html" in head:
        return "text/html"
    return None


def claimed_kind(name):
    """The kind a file name claims by its ending; "" for no ending, None for an
    ending that claims a kind not kept."""
    name = (name or "").lower().rsplit("/", 1)[-1]
    for ending in sorted(CLAIMS, key=len, reverse=True):
        if name.endswith(ending):
            return CLAIMS[ending]
    return "" if "." not in name else None


def extension_of(content_type):
    return EXTENSIONS.get(content_type, (".bin",))[0]


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
                "This is not a PDF, a web page, a web archive (WARC), an image "
                "(JPEG, PNG, WebP, TIFF) or a video (MP4, WebM): it is not kept."
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
    """An uploaded file, checked: by its bytes, and against what its name says."""
    size = getattr(file, "size", None)
    if size is not None and size > settings.CAPTURE_MAX_BYTES:
        raise ValidationError(
            _("The copy is larger than %(limit)s bytes: it is not kept.")
            % {"limit": settings.CAPTURE_MAX_BYTES}
        )
    data = b"".join(file.chunks()) if hasattr(file, "chunks") else file.read()
    content_type = _check(data)
    claimed = claimed_kind(getattr(file, "name", ""))
    if claimed is None or (claimed and claimed != content_type):
        raise ValidationError(
            _(
                "The file “%(name)s” is not what its name says (its content is "
                "%(kind)s): it is not kept."
            )
            % {"name": getattr(file, "name", ""), "kind": content_type}
        )
    return Copy(data, CaptureMethod.UPLOADED, content_type, url=url)


def keep(source, copy, *, user=None, note="", publishable=False):
    """Store ``copy`` privately as a capture of ``source``, with its SHA-256."""
    digest = hashlib.sha256(copy.data).hexdigest()
    kind = copy.content_type.split(";")[0].strip().lower()
    extension = extension_of(kind_of(copy.data) or kind)
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
        captured_by=user,
        publishable=publishable,
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


def capture_upload(source, file, *, url="", user=None, note="", publishable=False):
    """Keep ``file`` (an upload) as a copy of ``source``."""
    copy = uploaded(file, url)
    return keep(source, copy, user=user, note=note, publishable=publishable)


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
