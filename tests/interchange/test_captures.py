"""Sources as captured: a copy of what a source said, with its SHA-256, kept
privately; its hash and moment public."""

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
    assert (capture.method, capture.size, capture.user) == (
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


def test_an_upload_is_judged_by_its_bytes_not_its_name():
    source = factories.SourceFactory()
    kept = capture_upload(source, SimpleUploadedFile("report.txt", PDF))
    assert kept.content_type == "application/pdf"
    assert kept.file.name.endswith(".pdf")
    with pytest.raises(ValidationError):
        capture_upload(source, SimpleUploadedFile("report.pdf", b"MZ\x90\x00\x03"))
    assert SourceCapture.objects.count() == 1


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
    for language in ("", "/ar"):
        page = client.get(f"{language}/sources/{source.public_id}/").content.decode()
        assert capture.sha256 in page
        assert capture.file.name not in page
    data = client.get(f"/api/v1/sources/{source.public_id}/").json()
    assert data["captures"][0]["sha256"] == capture.sha256
    assert "file" not in data["captures"][0]


def test_the_admin_keeps_an_upload_or_fetches_the_address(client, editor, web):
    client.force_login(editor)
    source = factories.SourceFactory(url=f"{web}/report")
    url = reverse("admin:registry_sourcecapture_add")
    response = client.post(url, {"source": source.pk, "note": "as of today"})
    assert response.status_code == 302, response.content[:3000]
    fetched = SourceCapture.objects.get()
    assert fetched.sha256 == hashlib.sha256(REPORT).hexdigest()
    assert fetched.user == editor and fetched.note == "as of today"
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
