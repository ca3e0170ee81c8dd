"""The editorial desk: a queue of what awaits review, workflow buttons on a record,
publishing with what a record needs, changes proposed to public records, and two
curators whose edits cross."""

import json

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from registry.media.files import add_media
from registry.models import (
    Citation,
    DamageEvent,
    HeritageSite,
    Name,
    ProposalState,
    ProposedChange,
    ReviewStep,
    Source,
    Structure,
)
from registry.publishing.roles import CONTRIBUTOR
from tests import factories
from tests.support import admin_form_data, json_ids

pytestmark = pytest.mark.django_db


def change_url(record):
    return reverse(f"admin:registry_{record._meta.model_name}_change", args=[record.pk])


def review_url(record, action):
    return reverse(
        f"admin:registry_{record._meta.model_name}_review", args=[record.pk, action]
    )


def messages_of(response):
    return " ".join(str(m) for m in response.context["messages"])


@pytest.fixture
def second_contributor(django_user_model):
    user = django_user_model.objects.create_user("other", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=CONTRIBUTOR))
    return user


def submit(client, record):
    return client.post(review_url(record, "submit"), follow=True)


# The queue -----------------------------------------------------------------------


def test_the_queue_lists_what_awaits_review_across_types_with_its_submitter(
    client, contributor, editor
):
    site = factories.SiteFactory(name="Mosul Old City", country="IQ", status="draft")
    event = factories.DamageEventFactory(
        site=site, title="Al-Nuri blown up", status="draft"
    )
    source = factories.SourceFactory(title="UNITAR report", status="draft")
    never_submitted = factories.StructureFactory(
        site=site, name="Draft minaret", status="draft"
    )
    client.force_login(contributor)
    for record in (site, event, source):
        assert submit(client, record).status_code == 200
    client.force_login(editor)
    response = client.get(reverse("admin:review_queue"))
    rows = response.context["rows"]
    assert {(type(r["record"]), r["record"].pk) for r in rows} == {
        (HeritageSite, site.pk),
        (DamageEvent, event.pk),
        (Source, source.pk),
    }
    assert {r["submitted_by"] for r in rows} == {contributor}
    page = response.content.decode()
    assert "Al-Nuri blown up" in page and "Draft minaret" not in page
    assert never_submitted.status == "draft"


def test_the_queue_filters_by_type_country_and_submitter(
    client, contributor, second_contributor, editor
):
    iraq = factories.SiteFactory(name="Nimrud", country="IQ", status="draft")
    syria = factories.SiteFactory(name="Palmyra", country="SY", status="draft")
    source = factories.SourceFactory(title="A report", status="draft")
    client.force_login(contributor)
    submit(client, iraq)
    submit(client, source)
    client.force_login(second_contributor)
    submit(client, syria)
    client.force_login(editor)
    queue = reverse("admin:review_queue")

    def listed(**params):
        rows = client.get(queue, params).context["rows"]
        return {str(row["record"]) for row in rows}

    assert listed(kind="heritagesite") == {"Nimrud", "Palmyra"}
    assert listed(country="IQ") == {"Nimrud"}
    assert listed(submitter=second_contributor.pk) == {"Palmyra"}
    assert listed(kind="source", submitter=contributor.pk) == {"A report"}
    assert listed(kind="source", submitter=second_contributor.pk) == set()


# Buttons on the record ---------------------------------------------------------------


def test_the_record_page_offers_the_steps_the_user_may_take(
    client, contributor, editor
):
    draft = factories.SiteFactory(status="draft")
    client.force_login(contributor)
    actions = dict(client.get(change_url(draft)).context["review_actions"])
    assert list(actions) == ["submit"]
    assert client.get(review_url(draft, "publish")).status_code == 403
    submit(client, draft)
    draft.refresh_from_db()
    assert draft.status == "review"
    client.force_login(editor)
    actions = dict(client.get(change_url(draft)).context["review_actions"])
    assert list(actions) == ["publish", "send_back"]


def test_sending_back_needs_a_comment_that_the_contributor_then_reads(
    client, contributor, editor
):
    site = factories.SiteFactory(name="Hatra", status="draft")
    client.force_login(contributor)
    submit(client, site)
    client.force_login(editor)
    refused = client.post(review_url(site, "send_back"), {"comment": ""})
    assert "Write a comment" in refused.content.decode()
    site.refresh_from_db()
    assert site.status == "review"
    client.post(review_url(site, "send_back"), {"comment": "Cite the UNITAR report."})
    site.refresh_from_db()
    assert site.status == "draft"
    client.force_login(contributor)
    queue = client.get(reverse("admin:review_queue"))
    assert [row["comment"] for row in queue.context["sent_back"]] == [
        "Cite the UNITAR report."
    ]
    assert "Cite the UNITAR report." in client.get(change_url(site)).content.decode()
    history = site.history.first()
    assert history.history_change_reason == "Cite the UNITAR report."


def test_publishing_an_event_lists_what_it_needs_and_publishes_them_together(
    client, editor
):
    site = factories.SiteFactory(name="Mosul Old City", status="draft")
    structure = factories.StructureFactory(
        site=site, name="Al-Hadba minaret", status="review"
    )
    event = factories.DamageEventFactory(site=site, status="review")
    factories.StructureDamageFactory(event=event, structure=structure)
    source = factories.SourceFactory(title="UNESCO assessment", status="draft")
    factories.attach(Citation, event, source=source)
    photo = add_media(event, factories.image_file(), kind="after", status="draft")
    left_out = factories.SourceFactory(title="A blog post", status="draft")
    factories.attach(Citation, event, source=left_out)
    client.force_login(editor)
    page = client.get(review_url(event, "publish"))
    listed = {
        (type(row["record"]), row["record"].pk) for row in page.context["companions"]
    }
    assert listed == {
        (HeritageSite, site.pk),
        (Structure, structure.pk),
        (Source, source.pk),
        (Source, left_out.pk),
        (type(photo), photo.pk),
    }
    keys = [
        row["key"] for row in page.context["companions"] if row["record"] != left_out
    ]
    client.post(review_url(event, "publish"), {"with": keys, "comment": "Verified"})
    for record in (site, structure, event, source, photo):
        record.refresh_from_db()
        assert record.status == "published", record
    left_out.refresh_from_db()
    assert left_out.status == "draft"
    assert json_ids(client, "damage-events") == [str(event.public_id)]


def test_withdrawing_from_the_record_page_says_what_disappears(client, editor):
    site = factories.SiteFactory(name="Palmyra")
    factories.StructureFactory(site=site)
    client.force_login(editor)
    page = client.get(review_url(site, "withdraw"))
    assert page.context["hidden"] == ["1 structure"]
    client.post(
        review_url(site, "withdraw"),
        {"comment": "Location exposed", "public_note": "Withdrawn to protect it"},
    )
    site.refresh_from_db()
    assert site.status == "withdrawn"
    assert json_ids(client, "sites") == []
    assert ReviewStep.objects.filter(
        action="withdrawn", comment="Location exposed"
    ).exists()


# Proposed changes ------------------------------------------------------------------


def propose_name(client, site, name, reason="Spelling from the UNESCO list"):
    url = change_url(site)
    data = admin_form_data(client.get(url), name=name, change_reason=reason)
    return client.post(url, data, follow=True)


def test_a_contributor_edit_of_a_public_record_waits_for_an_editor(
    client, contributor, editor
):
    site = factories.SiteFactory(name="Nineveh")
    client.force_login(contributor)
    response = propose_name(client, site, "Nineveh (Kuyunjik)")
    assert "kept as a proposal" in messages_of(response)
    site.refresh_from_db()
    assert site.name == "Nineveh"
    proposal = ProposedChange.objects.get()
    assert proposal.state == ProposalState.PENDING
    assert (
        "Kuyunjik"
        not in client.get(f"/api/v1/sites/{site.public_id}/").content.decode()
    )
    assert "Kuyunjik" not in client.get(f"/sites/{site.public_id}/").content.decode()

    client.force_login(editor)
    page = client.get(reverse("admin:review_proposal", args=[proposal.pk]))
    lines = page.context["lines"]
    assert [(str(line["field"]), line["before"], line["after"]) for line in lines] == [
        ("name (English)", "Nineveh", "Nineveh (Kuyunjik)")
    ]
    client.post(
        reverse("admin:review_proposal", args=[proposal.pk]), {"decision": "accept"}
    )
    site.refresh_from_db()
    assert site.name == "Nineveh (Kuyunjik)"
    assert site.history.first().history_change_reason == "Spelling from the UNESCO list"
    assert "Kuyunjik" in client.get(f"/api/v1/sites/{site.public_id}/").content.decode()


def test_a_proposal_carries_inline_rows_and_a_rejection_keeps_its_reason(
    client, contributor, editor
):
    site = factories.SiteFactory(name="Palmyra")
    client.force_login(contributor)
    url = change_url(site)
    form = client.get(url)
    data = admin_form_data(form, change_reason="Add the Arabic spelling")
    prefix = next(
        inline.formset.prefix
        for inline in form.context["inline_admin_formsets"]
        if inline.formset.model is Name
    )
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-0-name": "تدمر",
            f"{prefix}-0-language": "ar",
            f"{prefix}-0-kind": "toponym",
        }
    )
    client.post(url, data)
    assert not Name.objects.filter(name="تدمر").exists()
    proposal = ProposedChange.objects.get()
    client.force_login(editor)
    page = client.get(reverse("admin:review_proposal", args=[proposal.pk]))
    assert any(line["after"] == "تدمر" for line in page.context["lines"])
    decision = reverse("admin:review_proposal", args=[proposal.pk])
    refused = client.post(decision, {"decision": "reject", "comment": ""})
    assert "Say why" in refused.content.decode()
    client.post(decision, {"decision": "reject", "comment": "Already recorded"})
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.REJECTED
    assert proposal.decision_comment == "Already recorded"
    assert not Name.objects.filter(name="تدمر").exists()


def test_an_accepted_row_proposal_adds_the_row(client, contributor, editor):
    site = factories.SiteFactory(name="Palmyra")
    client.force_login(contributor)
    url = change_url(site)
    form = client.get(url)
    prefix = next(
        inline.formset.prefix
        for inline in form.context["inline_admin_formsets"]
        if inline.formset.model is Name
    )
    data = admin_form_data(form, change_reason="Arabic name")
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-0-name": "تدمر",
            f"{prefix}-0-language": "ar",
            f"{prefix}-0-kind": "toponym",
        }
    )
    client.post(url, data)
    client.force_login(editor)
    proposal = ProposedChange.objects.get()
    client.post(
        reverse("admin:review_proposal", args=[proposal.pk]),
        {"decision": "accept", "public_note": "Name in Arabic"},
    )
    assert [n.name for n in Name.objects.filter(object_id=site.pk)] == ["تدمر"]
    # The new public version carries the editor's public note, not the reason.
    versions = client.get(f"/api/v1/sites/{site.public_id}/versions/").json()
    notes = json.dumps(versions, ensure_ascii=False)
    assert "Name in Arabic" in notes
    assert "Arabic name" not in notes


def test_a_change_to_a_public_record_asks_for_a_reason(client, editor):
    site = factories.SiteFactory(name="Nimrud")
    client.force_login(editor)
    url = change_url(site)
    response = client.post(url, admin_form_data(client.get(url), name="Kalhu"))
    assert "change_reason" in response.context["adminform"].form.errors
    site.refresh_from_db()
    assert site.name == "Nimrud"
    client.post(
        url,
        admin_form_data(client.get(url), name="Kalhu", change_reason="Ancient name"),
    )
    site.refresh_from_db()
    assert site.name == "Kalhu"
    assert site.history.first().history_change_reason == "Ancient name"


# Edits that cross -----------------------------------------------------------------


def test_the_second_of_two_crossing_saves_is_refused_with_the_first_shown(
    client, django_user_model, editor
):
    from django.test import Client

    site = factories.SiteFactory(name="Palmyra", status="draft", description="")
    first, second = Client(), Client()
    first.force_login(editor)
    other = django_user_model.objects.create_superuser("amira", password="pw")
    second.force_login(other)
    url = change_url(site)
    first_form, second_form = first.get(url), second.get(url)
    saved = first.post(url, admin_form_data(first_form, name="Tadmur"))
    assert saved.status_code == 302, saved.context["adminform"].form.errors
    site.refresh_from_db()
    assert site.name == "Tadmur"

    refused = second.post(
        url, admin_form_data(second_form, description="Temple of Bel destroyed")
    )
    assert refused.status_code == 200
    form = refused.context["adminform"].form
    said = " ".join(form.non_field_errors())
    assert "editor" in said and "name (English)" in said
    assert "Temple of Bel destroyed" in refused.content.decode()  # input kept
    site.refresh_from_db()
    assert site.name == "Tadmur" and site.description == ""

    again = second.post(
        url, admin_form_data(refused, description="Temple of Bel destroyed")
    )
    assert again.status_code == 302
    site.refresh_from_db()
    assert site.name == "Tadmur"
    assert site.description == "Temple of Bel destroyed"


def test_crossing_saves_of_a_records_names_are_refused_too(
    client, django_user_model, editor
):
    from django.test import Client

    site = factories.SiteFactory(name="Palmyra", status="draft")
    name = factories.attach(Name, site, name="Tadmor", language="en", kind="press")
    first, second = Client(), Client()
    first.force_login(editor)
    second.force_login(django_user_model.objects.create_superuser("amira", "", "pw"))
    url = change_url(site)
    first_form, second_form = first.get(url), second.get(url)
    prefix = next(
        inline.formset.prefix
        for inline in first_form.context["inline_admin_formsets"]
        if inline.formset.model is Name
    )
    first.post(url, admin_form_data(first_form, **{f"{prefix}-0-name": "Tadmur"}))
    refused = second.post(
        url, admin_form_data(second_form, **{f"{prefix}-0-name": "Tudmur"})
    )
    assert refused.status_code == 200
    said = " ".join(refused.context["adminform"].form.non_field_errors())
    assert "names" in said
    name.refresh_from_db()
    assert name.name == "Tadmur"
