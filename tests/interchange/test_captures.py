"""Sources as captured: a copy of what a source said, with its SHA-256, kept
privately; its hash and moment public."""

import gzip
import hashlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from registry.interchange.captures import capture_upload, capture_url, copy_of
from registry.models import SourceCapture
from tests import factories
from tests.support import admin_form_data

pytestmark = pytest.mark.django_db

REPORT = (
    b"<!doctype html><html><body><h1>Temple of Bel destroyed</h1>"
    b"<p>Satellite images of 31 August 2015 show the cella gone.</p></body></html>"
)
PDF = b"%PDF-1.4\n% a report saved as PDF\n%%EOF\n"


class Pages(BaseHTTPRequestHandler):
    """A small web site: a report, a redirect to it, a missing page, binary junk."""

    def do_GET(self):  # noqa: N802  (the handler's own name)
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/report")
            self.end_headers()
            return
        body, status, kind = {
            "/report": (REPORT, 200, "text/html; charset=utf-8"),
            "/junk": (b"\x00\x01\x02binary", 200, "application/octet-stream"),
        }.get(self.path, (b"not here", 404, "text/plain"))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def web():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_fetched_page_is_kept_with_its_hash_and_where_it_came_from(web, editor):
    source = factories.SourceFactory(url=f"{web}/moved")
    capture = capture_url(source, user=editor)
    assert capture.sha256 == hashlib.sha256(REPORT).hexdigest()
    assert (capture.final_url, capture.http_status) == (f"{web}/report", 200)
    assert capture.content_type == "text/html"
    assert (capture.method, capture.size, capture.captured_by) == (
        "fetched",
        len(REPORT),
        editor,
    )
    assert copy_of(capture) == REPORT
    assert "private-media" in capture.file.path  # never under a public folder


@pytest.mark.parametrize(
    ("path", "message"), [("/gone", "answered 404"), ("/junk", "not a PDF")]
)
def test_an_error_page_or_junk_is_not_kept(web, path, message):
    source = factories.SourceFactory(url=f"{web}{path}")
    with pytest.raises(ValidationError, match=message):
        capture_url(source)
    assert not SourceCapture.objects.exists()


def test_a_copy_too_large_is_refused(web, settings):
    settings.CAPTURE_MAX_BYTES = 100
    source = factories.SourceFactory(url=f"{web}/report")
    with pytest.raises(ValidationError, match="larger than 100 bytes"):
        capture_url(source)
    assert not SourceCapture.objects.exists()


def box(kind, payload=b""):
    return (8 + len(payload)).to_bytes(4, "big") + kind + payload


MP4 = box(b"ftyp", b"isom\x00\x00\x02\x00isommp41") + box(b"moov") + box(b"mdat")
WEBM = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm" + b"\x00" * 32
WARC = b"WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 0\r\n\r\n\r\n\r\n"


@pytest.mark.parametrize(
    ("name", "data", "kind", "ending"),
    [
        ("report.pdf", PDF, "application/pdf", ".pdf"),
        ("saved-page.html", REPORT, "text/html", ".html"),
        ("crawl.warc", WARC, "application/warc", ".warc"),
        ("crawl.warc.gz", gzip.compress(WARC), "application/warc", ".warc"),
        ("strike.mp4", MP4, "video/mp4", ".mp4"),
        ("strike.webm", WEBM, "video/webm", ".webm"),
        ("no-ending", PDF, "application/pdf", ".pdf"),
    ],
)
def test_every_kind_kept_is_judged_by_its_bytes(name, data, kind, ending):
    kept = capture_upload(factories.SourceFactory(), SimpleUploadedFile(name, data))
    assert kept.content_type == kind and kept.file.name.endswith(ending)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("report.pdf", b"Just some text that says it is a PDF."),  # a fake PDF
        ("report.pdf", b"%PDF-1.4\n% cut short"),  # no end of file
        ("report.txt", PDF),  # a PDF named as something else
        ("report.pdf", REPORT),  # a web page named as a PDF
        ("strike.mp4", MP4[:-4]),  # boxes that do not hold together
        ("strike.mp4", b"MZ\x90\x00\x03"),
        ("crawl.warc.gz", gzip.compress(WARC)[:-6]),  # a truncated archive
        ("notes.txt", b"plain text is not a copy of a source"),
    ],
)
def test_a_file_that_is_not_what_it_claims_is_refused(name, data):
    with pytest.raises(ValidationError):
        capture_upload(factories.SourceFactory(), SimpleUploadedFile(name, data))
    assert not SourceCapture.objects.exists()


def test_an_upload_over_the_size_limit_is_refused(settings):
    settings.CAPTURE_MAX_BYTES = len(PDF) - 1
    with pytest.raises(ValidationError, match="larger than"):
        capture_upload(factories.SourceFactory(), SimpleUploadedFile("r.pdf", PDF))
    settings.CAPTURE_MAX_BYTES = len(PDF)
    capture_upload(factories.SourceFactory(), SimpleUploadedFile("r.pdf", PDF))


def test_a_screenshot_is_kept_only_whole():
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), (10, 20, 30)).save(buffer, "PNG")
    source = factories.SourceFactory()
    kept = capture_upload(source, SimpleUploadedFile("post.png", buffer.getvalue()))
    assert kept.content_type == "image/png"
    truncated = buffer.getvalue()[: len(buffer.getvalue()) // 2]
    with pytest.raises(ValidationError):
        capture_upload(source, SimpleUploadedFile("post.png", truncated))
    assert SourceCapture.objects.count() == 1


def test_a_copy_altered_on_disk_is_refused_when_read():
    capture = capture_upload(
        factories.SourceFactory(), SimpleUploadedFile("r.pdf", PDF)
    )
    with open(capture.file.path, "ab") as stream:
        stream.write(b"tampered")
    with pytest.raises(ValidationError, match="no longer matches"):
        copy_of(capture)


def test_the_public_sees_when_and_what_hash_never_the_copy(client):
    source = factories.SourceFactory(title="ASOR CHI report")
    capture = capture_upload(source, SimpleUploadedFile("r.pdf", PDF))
    download = f"/sources/{source.public_id}/captures/{capture.sha256}/"
    for language in ("", "/ar"):
        page = client.get(f"{language}/sources/{source.public_id}/").content.decode()
        assert capture.sha256 in page
        assert capture.file.name not in page and "/captures/" not in page
    data = client.get(f"/api/v1/sources/{source.public_id}/").json()
    assert data["captures"][0]["sha256"] == capture.sha256
    assert data["captures"][0]["download"] is None
    assert data["captures"][0]["size"] is None
    assert "file" not in data["captures"][0]
    assert client.get(download).status_code == 404


def test_a_publishable_copy_of_a_public_source_is_downloadable(client):
    source = factories.SourceFactory(title="Ministry statement")
    capture = capture_upload(
        source, SimpleUploadedFile("statement.pdf", PDF), publishable=True
    )
    download = f"/sources/{source.public_id}/captures/{capture.sha256}/"
    page = client.get(f"/ar/sources/{source.public_id}/").content.decode()
    assert download in page
    data = client.get(f"/api/v1/sources/{source.public_id}/").json()
    assert data["captures"][0]["download"].endswith(download)
    assert data["captures"][0]["content_type"] == "application/pdf"
    response = client.get(download)
    assert response.status_code == 200 and response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    # Not once its source is confidential, nor while it is a draft.
    source.confidential = True
    source.save()
    assert client.get(download).status_code == 404
    source.confidential, source.status = False, "draft"
    source.save()
    assert client.get(download).status_code == 404


def test_the_admin_keeps_an_upload_or_fetches_the_address(client, editor, web):
    client.force_login(editor)
    source = factories.SourceFactory(url=f"{web}/report")
    url = reverse("admin:registry_sourcecapture_add")
    response = client.post(url, {"source": source.pk, "note": "as of today"})
    assert response.status_code == 302, response.content[:3000]
    fetched = SourceCapture.objects.get()
    assert fetched.sha256 == hashlib.sha256(REPORT).hexdigest()
    assert fetched.captured_by == editor and fetched.note == "as of today"
    response = client.post(
        url, {"source": source.pk, "file": SimpleUploadedFile("x.bin", b"\x00\x01")}
    )
    assert response.status_code == 200  # refused, with the form's message
    assert "not a PDF" in response.content.decode()
    assert SourceCapture.objects.count() == 1
    copy = client.get(reverse("admin:registry_sourcecapture_copy", args=[fetched.pk]))
    assert copy.status_code == 200 and copy.content == REPORT
    # A copy stays as it was made.
    change = reverse("admin:registry_sourcecapture_change", args=[fetched.pk])
    assert 'name="sha256"' not in client.get(change).content.decode()
    delete = reverse("admin:registry_sourcecapture_delete", args=[fetched.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403


def test_capture_sources_captures_every_public_source_without_a_copy(web):
    first = factories.SourceFactory(url=f"{web}/report")
    broken = factories.SourceFactory(url=f"{web}/gone")
    factories.SourceFactory(url=f"{web}/report", status="draft")
    call_command("capture_sources")
    assert first.captures.count() == 1 and broken.captures.count() == 0
    call_command("capture_sources")  # nothing more without --again
    assert first.captures.count() == 1
    call_command("capture_sources", "--again", str(first.public_id))
    assert first.captures.count() == 2


def test_a_copy_is_uploaded_on_the_sources_page_and_made_public_by_an_editor(
    client, contributor, editor
):
    source = factories.SourceFactory(title="Eyewitness video", status="draft")
    url = reverse("admin:registry_source_change", args=[source.pk])
    client.force_login(contributor)
    data = admin_form_data(client.get(url))
    prefix = next(
        key[: -len("-TOTAL_FORMS")]
        for key in data
        if "capture" in key and key.endswith("-TOTAL_FORMS")
    )
    data[f"{prefix}-TOTAL_FORMS"] = "1"
    fake = {
        f"{prefix}-0-file": SimpleUploadedFile("video.mp4", b"not a video at all"),
        f"{prefix}-0-publishable": "on",
    }
    response = client.post(url, {**data, **fake})
    assert response.status_code == 200 and "it is not kept" in (
        response.content.decode()
    )
    assert not SourceCapture.objects.exists()
    upload = {
        f"{prefix}-0-file": SimpleUploadedFile("video.mp4", MP4),
        f"{prefix}-0-note": "from the witness's phone",
        f"{prefix}-0-publishable": "on",
    }
    response = client.post(url, {**data, **upload})
    assert response.status_code == 302, response.content[:3000]
    capture = SourceCapture.objects.get()
    assert (capture.captured_by, capture.content_type) == (contributor, "video/mp4")
    assert capture.publishable is False  # a contributor cannot make it public
    assert (
        contributor.username
        not in client.get(f"/api/v1/sources/{source.public_id}/").content.decode()
    )
    client.force_login(editor)
    data = admin_form_data(client.get(url))
    data[f"{prefix}-0-publishable"] = "on"
    data["change_reason"] = "a public copy"
    assert client.post(url, data).status_code == 302
    capture.refresh_from_db()
    assert capture.publishable
