"""Versions as a reader uses them in real Chromium: from a record to the version it
cites, printed; and a tombstone where a withdrawn record was."""

import re

import pytest
from playwright.sync_api import expect

from registry.models import DamageEvent
from registry.publishing import workflow

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_reader_cites_and_prints_an_earlier_version(
    page, live_server, demo, screenshot
):
    event = DamageEvent.objects.get(title="Destruction of the Temple of Bel")
    event.description += " The cella was reduced to its gateway."
    event._change_reason = "Internal: imagery checked by the lead"
    event._public_note = "Satellite imagery of 31 August 2015"
    event.save()
    page.goto(f"{live_server.url}/damage-events/{event.public_id}/")
    expect(page.locator(".cite-text")).to_contain_text("version 2 (published")
    page.get_by_role("link", name="All versions").click()
    expect(page.locator("table.versions")).to_contain_text(
        "Satellite imagery of 31 August 2015"
    )
    page.get_by_role("link", name="Version 1", exact=True).click()
    expect(page.locator(".record-kind")).to_have_text("Version 1 of 2")
    expect(page.locator(".notice")).to_be_visible()
    expect(page.locator(".facts").first).not_to_contain_text("reduced to its gateway")
    expect(page.locator(".cite-text")).to_contain_text(
        re.compile(rf"version 1 \(published .*/damage-events/{event.public_id}/v/1/")
    )
    # On paper: the record, its sources and how to cite it; none of the site.
    page.emulate_media(media="print")
    for hidden in (".searchbar", ".masthead nav", ".footer", ".version-nav"):
        expect(page.locator(hidden)).to_be_hidden()
    expect(page.locator(".cite")).to_be_visible()
    expect(page.locator("h1")).to_be_visible()
    screenshot("version-print-en")
    page.goto(f"{live_server.url}/ar/damage-events/{event.public_id}/v/1/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator(".searchbar")).to_be_hidden()
    screenshot("version-print-ar")


def test_a_withdrawn_record_leaves_a_tombstone(page, live_server, demo, editor):
    event = DamageEvent.objects.get(title="Destruction of the Monumental Arch")
    workflow.set_status([event], "withdrawn", editor)
    response = page.goto(f"{live_server.url}/damage-events/{event.public_id}/")
    assert response.status == 410
    expect(page.locator("h1")).to_have_text("This record is no longer public")
    expect(page.locator("main")).not_to_contain_text("Monumental Arch")
