"""A dossier's report as a reader opens it in real Chromium, on screen and on
paper, in English and in Arabic (right to left); one page of each is kept as a
screenshot (``artifacts/screenshots/dossier-report-en.png``, ``-ar.png``)."""

import io
import zipfile

import pytest
from playwright.sync_api import expect

from registry.models import Citation, DamageEvent
from tests import factories
from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.django_db(transaction=True)


def report(page, live_server, event, language):
    response = page.request.get(
        f"{live_server.url}/damage-events/{event.public_id}/dossier/"
    )
    assert response.status == 200
    archive = zipfile.ZipFile(io.BytesIO(response.body()))
    (name,) = [n for n in archive.namelist() if n.endswith(f"report-{language}.html")]
    return archive.read(name).decode()


def one_page(page, name):
    """The first page of the report, as printed on A4."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def test_the_dossier_report_reads_and_prints_in_both_languages(page, live_server, demo):
    event = DamageEvent.objects.get(title="Destruction of the Temple of Bel")
    factories.attach(
        Citation,
        event,
        source=factories.SourceFactory(title="UNOSAT imagery analysis"),
        locator="figure 3",
        quote="The cella of the temple is no longer visible",
    )
    page.set_viewport_size({"width": 900, "height": 1270})  # about an A4 page
    page.emulate_media(media="print")
    page.set_content(report(page, live_server, event, "en"))
    expect(page.locator("h1")).to_have_text("Heritage damage registry — dossier")
    expect(page.locator("section.record h2")).to_contain_text("Temple of Bel")
    expect(page.locator("section.record")).to_contain_text(
        "figure 3, “The cella of the temple is no longer visible”"
    )
    expect(page.locator("section.record")).to_contain_text(f"{event.public_id}/v/2/")
    one_page(page, "dossier-report-en")
    page.set_content(report(page, live_server, event, "ar"))
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("h1")).to_have_text("سجل أضرار التراث — ملف")
    heading = page.locator("section.record h2").bounding_box()
    # Right to left: the heading ends at the right margin, not the left one.
    assert heading["x"] + heading["width"] > 800
    one_page(page, "dossier-report-ar")
