"""The curators' desk in real Chromium, as two people: a contributor enters the
destruction of a mosque with an Arabic name and submits it; an editor reviews it
from the queue and publishes it with what it needs; the contributor proposes a
change to the public record; the public sees it only once the editor accepts."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from playwright.sync_api import expect

from registry.models import Citation, DamageEvent, HeritageSite, ProposedChange
from registry.publishing.roles import CONTRIBUTOR, EDITOR
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def people(django_user_model, vocabularies):
    made = {}
    for name, role in (("samira", CONTRIBUTOR), ("yusuf", EDITOR)):
        user = django_user_model.objects.create_user(
            name, password="a long passphrase 42", is_staff=True
        )
        user.groups.add(Group.objects.get(name=role))
        made[name] = user
    return made


def logged_in(browser, live_server, username):
    context = browser.new_context(locale="en")
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "a long passphrase 42")
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_be_visible()
    return page


def shot(page, name):
    """What the curator sees, kept as an artefact of the run."""
    folder = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_two_curators_take_a_destruction_from_entry_to_the_public(
    browser, live_server, people
):
    contributor = logged_in(browser, live_server, "samira")
    editor = logged_in(browser, live_server, "yusuf")
    admin = f"{live_server.url}/admin/registry"

    # The contributor enters the site; a latitude without its longitude is
    # reported next to the longitude.
    contributor.goto(f"{admin}/heritagesite/add/")
    contributor.fill("#id_name", "Mosul Old City")
    contributor.fill("#id_name_ar", "الموصل القديمة")
    contributor.select_option("#id_country", "IQ")
    contributor.click(".field-site_type .select2-selection")
    contributor.locator(".select2-results__option").first.click()
    contributor.fill("#id_latitude", "36.3434")
    contributor.click("input[name=_continue]")
    error = contributor.locator(
        ".field-longitude .errorlist, .fieldBox.field-longitude .errorlist"
    )
    expect(error.first).to_contain_text("Give both latitude and longitude")
    contributor.fill("#id_longitude", "43.1318")
    contributor.click("input[name=_continue]")
    expect(contributor.locator(".messagelist")).to_contain_text("was added")
    site = HeritageSite.objects.get(name="Mosul Old City")
    assert site.status == "draft"

    # The event, its source and citation as drafts of the contributor's.
    source = factories.SourceFactory(title="UNESCO damage assessment", status="draft")
    event = factories.DamageEventFactory(
        site=site, title="Al-Nuri mosque blown up", status="draft"
    )
    factories.attach(Citation, event, source=source)
    contributor.goto(f"{admin}/damageevent/{event.pk}/change/")
    contributor.click("button[value=submit]")
    expect(contributor.locator(".messagelist")).to_contain_text("Submitted for review")

    # The editor finds it in the queue and publishes it with its site and source.
    editor.goto(f"{live_server.url}{reverse('admin:review_queue')}")
    row = editor.locator("#awaiting-review tr", has_text="Al-Nuri mosque blown up")
    expect(row).to_contain_text("samira")
    row.get_by_role("link", name="Publish…").click()
    expect(editor.locator("#publish-with")).to_contain_text("Mosul Old City")
    expect(editor.locator("#publish-with")).to_contain_text("UNESCO damage assessment")
    shot(editor, "desk-publish-with")
    editor.click("#review-step input[type=submit]")
    expect(editor.locator(".messagelist")).to_contain_text("Published 3 record(s)")
    public_event = f"{live_server.url}/damage-events/{event.public_id}/"
    reader = browser.new_context(locale="en").new_page()
    reader.goto(public_event)
    expect(reader.locator("h1")).to_contain_text("Al-Nuri mosque blown up")

    # The contributor proposes a better title; the public keeps the old one.
    contributor.goto(f"{admin}/damageevent/{event.pk}/change/")
    expect(contributor.locator("#proposing-note")).to_be_visible()
    contributor.fill("#id_title", "Al-Nuri mosque and al-Hadba minaret blown up")
    contributor.fill("#id_change_reason", "The minaret fell with the mosque")
    contributor.click("input[name=_save]")
    expect(contributor.locator(".messagelist")).to_contain_text("kept as a proposal")
    reader.goto(public_event)
    expect(reader.locator("h1")).not_to_contain_text("al-Hadba")

    # The editor reads the difference and accepts it; now the public sees it.
    editor.goto(f"{live_server.url}{reverse('admin:review_queue')}")
    editor.locator("#pending-changes a", has_text="Al-Nuri").click()
    expect(editor.locator("#proposal-diff")).to_contain_text("al-Hadba minaret")
    shot(editor, "desk-proposal")
    editor.click("button[value=accept]")
    expect(editor.locator(".messagelist")).to_contain_text("Accepted")
    reader.goto(public_event)
    expect(reader.locator("h1")).to_contain_text("al-Hadba minaret")
    assert ProposedChange.objects.get().state == "accepted"
    assert DamageEvent.objects.get(pk=event.pk).status == "published"

    # The desk in Arabic reads right to left.
    editor.goto(f"{live_server.url}/ar/admin/")
    assert editor.locator("html").get_attribute("dir") == "rtl"
    expect(editor.locator("#review-queue-link")).to_be_visible()
    assert re.search(
        r"[\u0600-\u06FF]", editor.locator("#review-queue-link").inner_text()
    )
    editor.click("#review-queue-link")
    assert editor.locator("html").get_attribute("dir") == "rtl"
    expect(editor.locator("h2").first).to_contain_text("بانتظار المراجعة")
    shot(editor, "desk-queue-ar")
