"""Public versions: every change that reaches the public is kept as a numbered
version of its record, citable at its own address, served through today's
protection rules; records that were public once answer with a tombstone (410)."""

import datetime
import json

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation

from registry.models import Citation, Designation, HeritageSite, Name, PublicVersion
from registry.publishing import versions, workflow
from registry.publishing.documents import digest_of
from tests import factories
from tests.support import admin_form_data

pytestmark = pytest.mark.django_db


def entries(record):
    return list(
        PublicVersion.objects.filter(
            content_type=ContentType.objects.get_for_model(record),
            object_id=record.pk,
        ).order_by("pk")
    )


def numbered(record):
    return [entry for entry in entries(record) if entry.number is not None]


def page(kind, record, number=None):
    """A version's page (or the list of versions) in English; "/ar" + it in
    Arabic (reverse follows the language a request to /ar/ leaves active)."""
    name = f"catalogue:{kind}-version" if number else f"catalogue:{kind}-versions"
    args = [record.public_id, number] if number else [record.public_id]
    with translation.override("en"):
        return reverse(name, args=args)


def detail(kind, record):
    with translation.override("en"):
        return reverse(f"catalogue:{kind}", args=[record.public_id])


def api(endpoint, record, **params):
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"/api/v1/{endpoint}/{record.public_id}/" + (f"?{query}" if query else "")


# What records a version ----------------------------------------------------------


def test_publishing_a_draft_records_version_1(editor):
    site = factories.SiteFactory(status="draft", name="Palmyra")
    assert entries(site) == []
    workflow.set_status([site], "published", editor)
    (version,) = entries(site)
    assert (version.number, version.action, version.user) == (1, "published", editor)
    assert version.snapshot["name"] == "Palmyra"
    assert versions.note_of(version) == "First published"


def test_an_editors_edit_of_a_published_record_is_version_2_with_its_note(editor):
    site = factories.SiteFactory(name="Palmyra")
    site.name = "Palmyra (Tadmur)"
    site._change_reason = "DGAM asked us on the phone"  # internal: never public
    site._public_note = "Arabic name added after the UNESCO entry"
    site._history_user = editor  # as the lead's "accept a proposed change" does
    site.save()
    first, second = entries(site)
    assert (second.number, second.action) == (2, "updated")
    assert second.note == "Arabic name added after the UNESCO entry"
    site.name = "Palmyra"
    site._change_reason = "DGAM asked us on the phone"
    site._public_note = ""
    site.save()
    assert versions.note_of(entries(site)[2]) == "Updated"
    assert second.user == editor
    assert (first.snapshot["name"], second.snapshot["name"]) == (
        "Palmyra",
        "Palmyra (Tadmur)",
    )


def test_a_save_that_changes_nothing_public_records_no_version():
    site = factories.SiteFactory()
    site.curator_notes = "Check the coordinates with DGAM."
    site.save()
    site.save()
    assert len(entries(site)) == 1
    assert "curator_notes" not in entries(site)[0].snapshot


def test_drafts_are_in_no_version(editor):
    site = factories.SiteFactory(status="draft", name="Draft name")
    site.name = "Second draft name"
    site.save()
    assert entries(site) == []
    workflow.set_status([site], "published", editor)
    # Back to draft: an edit made there reaches no version.
    workflow.set_status([site], "draft", editor)
    site.name = "Unreviewed edit"
    site.description = "Not yet checked"
    site.save()
    assert [e.action for e in entries(site)] == ["published", "withdrawn"]
    assert all(
        "Unreviewed" not in json.dumps(entry.snapshot) for entry in entries(site)
    )
    workflow.set_status([site], "published", editor)
    *_, again = entries(site)
    assert (again.number, again.action) == (2, "published")
    assert again.snapshot["name"] == "Unreviewed edit"


def test_names_citations_and_owned_rows_are_part_of_the_version():
    site = factories.SiteFactory()
    factories.attach(Name, site, name="Tadmur", language="ar-Latn")
    source = factories.SourceFactory()
    factories.attach(Citation, site, source=source, locator="p. 3")
    Designation.objects.create(site=site, kind="world_heritage", reference="23")
    latest = numbered(site)[-1]
    assert [name["name"] for name in latest.snapshot["names"]] == ["Tadmur"]
    assert latest.snapshot["citations"][0]["locator"] == "p. 3"
    assert latest.snapshot["designations"][0]["reference"] == "23"
    # Each change made outside a transaction is its own version.
    assert [e.number for e in numbered(site)] == [1, 2, 3, 4]


def test_an_admin_edit_with_its_inlines_is_one_version(client, superuser):
    """The admin saves the record, then its names and many-to-many fields: one
    change, one version holding all of it."""
    client.force_login(superuser)
    site = factories.SiteFactory(name="Palmyra")
    url = reverse("admin:registry_heritagesite_change", args=[site.pk])
    data = admin_form_data(client.get(url), name="Palmyra, Tadmur")
    prefix = next(
        key[: -len("-TOTAL_FORMS")]
        for key in data
        if "name" in key.lower() and key.endswith("-TOTAL_FORMS")
    )
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-0-name": "تدمر",
            f"{prefix}-0-language": "ar",
            f"{prefix}-0-kind": "official",
            "change_reason": "Arabic name",
            "public_note": "Arabic name added",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content[:2000]
    first, second = numbered(site)
    assert second.snapshot["name"] == "Palmyra, Tadmur"
    assert [name["name"] for name in second.snapshot["names"]] == ["تدمر"]
    assert second.note == "Arabic name added"
    # Only a name changes: the version is the inline's, the note still its own.
    data = admin_form_data(client.get(url))
    data.update(
        {
            f"{prefix}-0-name": "تدمُر",
            "change_reason": "Vowel mark",
            "public_note": "Arabic spelling",
        }
    )
    assert client.post(url, data).status_code == 302
    third = numbered(site)[2]
    assert third.note == "Arabic spelling"
    listing = client.get(page("site", site)).content.decode()
    assert "Arabic spelling" in listing and "Vowel mark" not in listing


def test_a_child_deleted_with_its_record_makes_no_version_of_its_own(editor):
    site = factories.SiteFactory()
    factories.attach(Name, site, name="Tadmur", language="ar-Latn")
    before = len(entries(site))
    key = site.pk
    site.delete()
    site.pk = key
    after = entries(site)
    assert len(after) == before + 1
    assert after[-1].action == "withdrawn"


def test_publish_in_bulk_records_every_version_in_a_few_queries(
    editor, django_assert_max_num_queries
):
    drafts = [factories.SiteFactory(status="draft") for _ in range(30)]
    for site in drafts[:10]:
        factories.attach(Name, site, name=f"Other name of {site.name}")
    with django_assert_max_num_queries(40):
        count = workflow.publish_in_bulk(
            HeritageSite.objects.filter(pk__in=[s.pk for s in drafts]),
            user=editor,
            reason="import_whc whc-sites-2025.csv",
        )
    assert count == 30
    for site in drafts:
        (version,) = entries(site)
        assert version.number == 1
        assert version.note == ""  # the import's reason is internal
    assert numbered(drafts[0])[0].snapshot["names"][0]["name"].startswith("Other")


def test_publishing_a_site_publishes_what_waited_for_it(editor):
    """A structure published while its site was a draft becomes public with the
    site, and gets its first version then; withdrawn with it, it stops too."""
    site = factories.SiteFactory(status="draft")
    structure = factories.StructureFactory(site=site)
    event = factories.DamageEventFactory(site=site)
    assert entries(structure) == [] and entries(event) == []
    workflow.set_status([site], "published", editor)
    assert [e.number for e in entries(structure)] == [1]
    assert [e.number for e in entries(event)] == [1]
    workflow.set_status([site], "withdrawn", editor)
    assert entries(structure)[-1].action == "withdrawn"
    assert entries(event)[-1].action == "withdrawn"


def test_a_person_made_confidential_is_withdrawn():
    person = factories.PersonFactory()
    person.visibility = "confidential"
    person.save()
    assert [e.action for e in entries(person)] == ["published", "withdrawn"]


def test_names_imported_in_one_transaction_are_one_version(tmp_path):
    from django.core.management import call_command

    site = factories.SiteFactory()
    sheet = tmp_path / "names.csv"
    sheet.write_text(
        "record,name,language,kind\n"
        f"{site.public_id},Tadmur,ar-Latn,transliteration\n"
        f"{site.public_id},تدمر,ar,official\n",
        encoding="utf-8",
    )
    call_command("import_records", "names", str(sheet))
    first, second = numbered(site)
    assert sorted(n["name"] for n in second.snapshot["names"]) == ["Tadmur", "تدمر"]


def test_backfill_gives_public_records_from_before_versions_a_first_version():
    site = factories.SiteFactory()
    draft = factories.SiteFactory(status="draft")
    PublicVersion.objects.all().delete()
    versions.backfill(apps)
    (version,) = entries(site)
    assert version.number == 1 and version.recorded_at == site.updated_at
    assert "earlier changes are not" in versions.note_of(version)
    assert entries(draft) == []


# Served through today's rules ------------------------------------------------------


def test_an_old_version_follows_todays_location_sensitivity(client):
    site = factories.SiteFactory(
        latitude="34.554167", longitude="38.266667", location_sensitivity="public"
    )
    site.location_sensitivity = "restricted"
    site.save()
    for url in (api("sites", site, version=1), api("sites", site, version=2)):
        data = client.get(url).json()
        assert data["record"]["location"] == {
            "latitude": None,
            "longitude": None,
            "precision": "withheld",
        }
        assert "34.55" not in json.dumps(data)
    for language in ("", "/ar"):
        text = client.get(language + page("site", site, 1)).content.decode()
        assert "34.55" not in text and "38.26" not in text


def test_an_old_version_names_a_person_as_today_allows(client):
    person = factories.PersonFactory(
        name="Nizar Real Name", name_ar="نزار", birth_year=1931, deceased=True
    )
    factories.attach(Name, person, name="Nizar Other Spelling")
    person.visibility = "pseudonymous"
    person.pseudonym = "Ali"
    person.save()
    record = client.get(api("people", person, version=1)).json()["record"]
    assert record["name"] == "Ali"
    assert record["name_ar"] == "" and record["names"] == []
    assert record["birth_year"] is None
    for language in ("", "/ar"):
        text = client.get(language + page("person", person, 1)).content.decode()
        assert "Nizar" not in text and "نزار" not in text and "1931" not in text


def test_an_old_version_hides_a_perpetrator_and_a_source_hidden_since(client, editor):
    actor = factories.ActorFactory(name="Unit later withdrawn")
    source = factories.SourceFactory(title="Eyewitness later protected")
    event = factories.DamageEventFactory(perpetrator=actor, attribution="alleged")
    factories.attach(Citation, event, source=source, quote="I saw them")
    record = client.get(api("damage-events", event, version=2)).json()["record"]
    assert record["perpetrator"]["label"] == "Unit later withdrawn"
    workflow.set_status([actor], "withdrawn", editor)
    source.confidential = True
    source.save()
    record = client.get(api("damage-events", event, version=2)).json()["record"]
    assert record["perpetrator"] is None and record["attribution"] == ""
    assert record["citations"] == [
        {"source": None, "title": "confidential source", "confidential": True}
    ]
    text = client.get(page("damage-event", event, 2)).content.decode()
    assert "Unit later withdrawn" not in text and "I saw them" not in text
    assert "Eyewitness" not in text


def test_the_digest_is_the_sha256_of_the_record_as_served(client):
    site = factories.SiteFactory(name="Mari")
    data = client.get(api("sites", site, version=1)).json()
    assert data["sha256"] == digest_of(data["record"])
    text = client.get(page("site", site, 1)).content.decode()
    assert data["sha256"] in text


# Pages, citations, the API -------------------------------------------------------


def test_the_version_list_and_pages_in_both_languages(client):
    site = factories.SiteFactory(name="Dura-Europos")
    site.name = "Dura-Europos (Salhiyeh)"
    site._change_reason = "Internal reason"
    site._public_note = "Local name"
    site.save()
    for language in ("", "/ar"):
        listing = client.get(language + page("site", site))
        assert listing.status_code == 200
        text = listing.content.decode()
        assert language + page("site", site, 1) in text
        assert language + page("site", site, 2) in text
        assert "Local name" in text and "Internal reason" not in text
        first = client.get(language + page("site", site, 1)).content.decode()
        assert "Dura-Europos" in first and "Salhiyeh" not in first
    arabic = client.get("/ar" + page("site", site)).content.decode()
    assert "النسخ العامة" in arabic and "نُشر أول مرة" in arabic
    assert client.get(page("site", site, 3)).status_code == 404


def test_cite_this_record_names_its_current_version(client):
    site = factories.SiteFactory(name="Palmyra")
    site.description = "Caravan city."
    site.save()
    text = client.get(reverse("catalogue:site", args=[site.public_id])).content
    text = text.decode()
    assert "version 2 (published" in text
    assert f"http://testserver/sites/{site.public_id}/v/2/" in text
    assert page("site", site, 2) == f"/sites/{site.public_id}/v/2/"
    earlier = client.get(page("site", site, 1)).content.decode()
    assert "version 1 (published" in earlier
    assert f"http://testserver/sites/{site.public_id}/v/1/" in earlier
    # The first address of a version points to its one address, for good.
    moved = client.get(f"/ar/sites/{site.public_id}/versions/1/")
    assert moved.status_code == 301
    assert moved["Location"] == f"/ar/sites/{site.public_id}/v/1/"
    assert client.get(f"/sites/{site.public_id}/v/3/").status_code == 404


def test_the_api_answers_a_version_by_number_or_moment(client):
    site = factories.SiteFactory(name="Palmyra")
    first = entries(site)[0]
    site.name = "Tadmur"
    site.save()
    second = entries(site)[1]
    moment = first.recorded_at + (second.recorded_at - first.recorded_at) / 2
    by_moment = client.get(api("sites", site), {"as_of": moment.isoformat()}).json()
    assert (by_moment["version"], by_moment["record"]["name"]) == (1, "Palmyra")
    assert client.get(api("sites", site, version=2)).json()["record"]["name"] == (
        "Tadmur"
    )
    tomorrow = (second.recorded_at + datetime.timedelta(days=1)).date()
    assert client.get(api("sites", site, as_of=tomorrow)).json()["version"] == 2
    yesterday = (first.recorded_at - datetime.timedelta(days=1)).date()
    assert client.get(api("sites", site, as_of=yesterday)).status_code == 404
    assert client.get(api("sites", site, version=3)).status_code == 404
    # Both: the version, if it was published by then.
    assert client.get(api("sites", site, version=2, as_of=tomorrow)).status_code == 200
    assert client.get(api("sites", site, version=2, as_of=yesterday)).status_code == 404
    assert client.get(api("sites", site, version="one")).status_code == 400
    assert client.get(api("sites", site, as_of="yesterday")).status_code == 400
    as_csv = client.get(api("sites", site, version=1, format="csv"))
    assert as_csv["Content-Type"] == "application/json"  # a version is JSON
    assert client.get(api("sites", site, version="2.0")).json()["version"] == 2
    listing = client.get(f"{api('sites', site)}versions/").json()
    assert [(v["version"], v["action"]) for v in listing["versions"]] == [
        (1, "published"),
        (2, "updated"),
    ]
    assert listing["versions"][1]["url"].endswith("?version=2")


@pytest.mark.parametrize(("factory", "endpoint", "kind"), factories.RECORD_KINDS)
def test_every_kind_has_versions_and_tombstones(
    client, editor, factory, endpoint, kind
):
    record = factory()
    assert client.get(api(endpoint, record, version=1)).status_code == 200
    assert client.get(page(kind, record, 1)).status_code == 200
    assert client.get(f"/ar{page(kind, record)}").status_code == 200
    workflow.set_status([record], "withdrawn", editor)
    here = detail(kind, record)
    for url in (here, f"/ar{here}", page(kind, record), page(kind, record, 1)):
        response = client.get(url)
        assert response.status_code == 410, url
        assert (
            "no longer public" in response.content.decode().lower()
            or url.startswith("/ar")
        )
    for url in (
        api(endpoint, record),
        api(endpoint, record, version=1),
        f"{api(endpoint, record)}versions/",
    ):
        response = client.get(url)
        assert response.status_code == 410, url
        assert response.json()["versions"][0]["version"] == 1
    never = factory(status="draft")
    assert (
        client.get(reverse(f"catalogue:{kind}", args=[never.public_id])).status_code
        == 404
    )
    assert client.get(api(endpoint, never)).status_code == 404


def test_a_tombstone_says_what_kind_it_was_when_and_why_and_nothing_it_said(
    client, editor
):
    site = factories.SiteFactory(
        name="Tell Brak", description="Secret description of a withdrawn site"
    )
    factories.attach(Name, site, name="Secret other name")
    workflow.set_status(
        [site],
        "withdrawn",
        editor,
        comment="Secret: the guard phoned us",
        public_note="Withdrawn while its location is checked",
    )
    for url in (
        reverse("catalogue:site", args=[site.public_id]),
        page("site", site, 1),
        api("sites", site),
    ):
        response = client.get(url)
        assert response.status_code == 410
        text = response.content.decode()
        assert "Secret" not in text
        assert "Tell Brak" not in text  # not even its name: it is withdrawn
        assert "Withdrawn while its location is checked" in text
        assert "Heritage site" in text or '"site"' in text
    gone = client.get(api("sites", site)).json()
    assert (gone["type"], gone["id"]) == ("site", str(site.public_id))
    assert gone["reason"] == "Withdrawn while its location is checked"
    assert gone["withdrawn_at"] is not None


def test_a_deleted_public_record_is_a_tombstone(client):
    actor = factories.ActorFactory()
    public_id = actor.public_id
    actor.delete()
    response = client.get(f"/api/v1/actors/{public_id}/")
    assert response.status_code == 410
    assert response.json()["withdrawn_at"] is not None
    assert client.get(f"/actors/{public_id}/").status_code == 410


def test_the_schema_documents_versions_and_tombstones(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    detail = schema["paths"]["/api/v1/sites/{public_id}/"]["get"]
    names = {parameter["name"] for parameter in detail["parameters"]}
    assert {"version", "as_of"} <= names
    assert "410" in detail["responses"]
    assert "/api/v1/sites/{public_id}/versions/" in schema["paths"]


def test_version_pages_do_not_grow_with_the_record(
    client, django_assert_max_num_queries
):
    site = factories.SiteFactory()
    for number in range(20):
        factories.attach(Name, site, name=f"Name {number}")
    with django_assert_max_num_queries(25):
        assert client.get(page("site", site, 21)).status_code == 200


def test_an_identifier_without_dashes_is_a_404_not_an_error(client):
    # The API's path pattern lets 36 hexadecimal digits through.
    for url in (
        "/api/v1/sites/" + "0" * 36 + "/",
        "/api/v1/sites/" + "0" * 36 + "/versions/",
    ):
        assert client.get(url).status_code == 404
    assert client.get("/api/v1/sites/" + "0" * 36 + "/?version=1").status_code == 404


def test_three_republications_are_versions_1_to_3_and_a_proposal_is_in_none(
    client, contributor, editor
):
    site = factories.SiteFactory(name="Ebla", status="draft")
    workflow.set_status([site], "published", editor, public_note="First entry")
    for name, note in (("Ebla (Tell Mardikh)", "Local name"), ("Tell Mardikh", "")):
        site.name = name
        site._public_note = note
        site.save()
    # A contributor's change to the public record waits for an editor: no version.
    client.force_login(contributor)
    url = reverse("admin:registry_heritagesite_change", args=[site.pk])
    data = admin_form_data(
        client.get(url), name="Pending rename", change_reason="Proposed spelling"
    )
    assert client.post(url, data).status_code == 302
    site.refresh_from_db()
    assert site.name == "Tell Mardikh"
    expected = {
        1: ("Ebla", "First entry"),
        2: ("Ebla (Tell Mardikh)", "Local name"),
        3: ("Tell Mardikh", "Updated"),
    }
    assert [e.number for e in numbered(site)] == [1, 2, 3]
    for number, (name, note) in expected.items():
        for language in ("", "/ar"):
            text = client.get(language + page("site", site, number)).content.decode()
            assert name in text and "Pending rename" not in text
        data = client.get(api("sites", site, version=number)).json()
        assert data["record"]["name"] == name and data["note"] == note
    listing = client.get(api("sites", site) + "versions/").json()
    assert "Pending rename" not in json.dumps(listing)
    assert all("Pending rename" not in json.dumps(e.snapshot) for e in entries(site))
