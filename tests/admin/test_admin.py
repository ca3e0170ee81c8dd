"""The curators' admin: every page renders, roles hold, history restores."""

import re

import pytest
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.urls import reverse

from registry.demo.founding import load_demo
from registry.models import (
    Actor,
    Citation,
    DamageEvent,
    DataVersion,
    Designation,
    Disturbance,
    ExternalIdentifier,
    HeritageSite,
    Name,
    ObjectReference,
    ProposedChange,
    Structure,
    StructureDamage,
    Term,
    Threat,
)
from tests import factories
from tests.support import admin_form_data

pytestmark = pytest.mark.django_db

REGISTERED = sorted(admin.site._registry, key=lambda model: model.__name__)
REGISTRY_MODELS = [model for model in REGISTERED if model._meta.app_label == "registry"]


def admin_url(model, view, *args):
    return reverse(f"admin:registry_{model._meta.model_name}_{view}", args=args)


def test_every_registry_model_is_in_the_admin():
    from django.apps import apps

    expected = {
        model
        for model in apps.get_app_config("registry").get_models()
        if not model.__name__.startswith("Historical")
        and model not in (Name, Citation, Designation, ExternalIdentifier)
        and model not in (StructureDamage, ObjectReference, Disturbance, Threat)
        and model is not DataVersion  # bookkeeping of the cache, not a record
    }
    assert expected <= set(REGISTRY_MODELS)


# Every record with a history (import batches are a log: tested with the importer).
RECORD_MODELS = [model for model in REGISTRY_MODELS if hasattr(model, "history")]


@pytest.mark.parametrize("model", RECORD_MODELS, ids=lambda model: model.__name__)
def test_every_admin_page_renders_with_arabic_data(
    client, superuser, arabic_records, model
):
    client.force_login(superuser)
    record = arabic_records[model]
    # Names are added with their record (or imported in bulk), not on their own.
    addable = model is not Name
    pages = [
        admin_url(model, "changelist"),
        admin_url(model, "changelist") + "?q=تدمر",
        *([admin_url(model, "add")] if addable else []),
        admin_url(model, "change", record.pk),
        admin_url(model, "history", record.pk),
        admin_url(model, "delete", record.pk),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
    history = model.history.filter(**{model._meta.pk.attname: record.pk}).first()
    response = client.get(admin_url(model, "simple_history", record.pk, history.pk))
    assert response.status_code == 200


def test_arabic_fields_are_typed_right_to_left(client, superuser, arabic_records):
    client.force_login(superuser)
    site = arabic_records[HeritageSite]
    page = client.get(admin_url(HeritageSite, "change", site.pk)).content.decode()
    assert 'name="name_ar"' in page
    (arabic_input,) = re.findall(r'<input[^>]*name="name_ar"[^>]*>', page)
    assert 'dir="rtl"' in arabic_input and 'lang="ar"' in arabic_input
    (english_input,) = re.findall(r'<input[^>]*name="name"[^>]*>', page)
    assert 'dir="auto"' in english_input
    listing = client.get(admin_url(HeritageSite, "changelist")).content.decode()
    assert '<span dir="rtl" lang="ar">تدمر</span>' in listing


def test_admin_search_finds_a_site_by_any_name_variant(client, superuser):
    client.force_login(superuser)
    palmyra = factories.SiteFactory(name="Palmyra")
    factories.attach(Name, palmyra, name="Tadmur", language="ar-Latn")
    other = factories.SiteFactory(name="Mari")
    page = client.get(admin_url(HeritageSite, "changelist") + "?q=tadmur")
    assert palmyra in page.context["cl"].result_list
    assert other not in page.context["cl"].result_list


def test_admin_search_finds_events_by_perpetrator_alias(client, superuser):
    client.force_login(superuser)
    isis = factories.ActorFactory(name="Islamic State (ISIS)")
    factories.attach(Name, isis, name="Daesh", language="en", kind="alias")
    event = factories.DamageEventFactory(perpetrator=isis, attribution="claimed")
    unrelated = factories.DamageEventFactory()
    page = client.get(admin_url(DamageEvent, "changelist") + "?q=daesh")
    assert list(page.context["cl"].result_list) == [event]
    assert unrelated not in page.context["cl"].result_list


def test_term_autocomplete_offers_only_the_field_vocabulary(client, superuser):
    client.force_login(superuser)
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "registry",
            "model_name": "heritagesite",
            "field_name": "site_type",
            "term": "m",
        },
    )
    labels = {item["text"] for item in response.json()["results"]}
    assert "Museum" in labels
    assert "Marble" not in labels  # a material, not a site type


def test_a_mistyped_history_url_is_a_404(client, superuser):
    client.force_login(superuser)
    structure = factories.StructureFactory()
    assert client.get("/admin/registry/structure/change/history/").status_code == 404
    assert client.get("/admin/registry/structure/abc/history/1/").status_code == 404
    history = client.get(admin_url(Structure, "history", structure.pk))
    assert history.status_code == 200


def test_the_delete_confirmation_names_the_terms_not_link_rows(client, superuser):
    client.force_login(superuser)
    event = factories.DamageEventFactory()
    burning = Term.objects.create(
        vocabulary="effect_type", code="test-burning", label_en="Test burning"
    )
    event.effects.add(burning)
    page = client.get(admin_url(DamageEvent, "delete", event.pk)).content.decode()
    text = re.sub(r"<[^>]+>", " ", page)
    assert "Effects: Test burning" in text
    assert "relationship" not in text
    assert "DamageEvent_effects object" not in text
    assert Term.objects.filter(pk=burning.pk).exists()  # the term itself stays


def test_adding_a_term_from_a_vocabulary_field_keeps_to_that_vocabulary(
    client, superuser
):
    client.force_login(superuser)
    site = factories.SiteFactory()
    form = client.get(admin_url(HeritageSite, "change", site.pk)).content.decode()
    assert "term/add/?_to_field=id&amp;_popup=1&amp;vocabulary=period" in form
    assert "term/add/?_to_field=id&amp;_popup=1&amp;vocabulary=site_type" in form
    popup = admin_url(Term, "add") + "?_to_field=id&_popup=1&vocabulary=period"
    page = client.get(popup).content.decode()
    vocabulary = re.search(r'<select name="vocabulary".*?</select>', page, re.S)
    assert re.findall(r'<option value="([^"]*)"', vocabulary.group(0)) == ["period"]
    wrong = {"vocabulary": "site_type", "code": "junk", "label_en": "Junk"}
    wrong.update({"sort_order": 0, "names-TOTAL_FORMS": 0, "names-INITIAL_FORMS": 0})
    refused = client.post(popup, wrong)
    assert refused.status_code == 200
    assert not Term.objects.filter(code="junk").exists()
    right = {**wrong, "vocabulary": "period", "code": "test-period"}
    client.post(popup, right)
    assert Term.objects.get(code="test-period").vocabulary == "period"


# Roles --------------------------------------------------------------------------------


def publish_action(client, model, records, action="publish", **data):
    return client.post(
        admin_url(model, "changelist"),
        {
            "action": action,
            "_selected_action": [record.pk for record in records],
            **data,
        },
        follow=True,
    )


def test_a_contributor_cannot_publish(client, contributor):
    client.force_login(contributor)
    draft = factories.SiteFactory(status="draft")
    page = client.get(admin_url(HeritageSite, "changelist"))
    assert "publish" not in dict(
        page.context["cl"].model_admin.get_actions(page.wsgi_request)
    )
    publish_action(client, HeritageSite, [draft])
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert draft not in HeritageSite.objects.published()


def test_a_contributor_cannot_publish_through_the_change_form(client, contributor):
    client.force_login(contributor)
    draft = factories.SiteFactory(status="draft")
    url = admin_url(HeritageSite, "change", draft.pk)
    data = admin_form_data(client.get(url), status="published", name="Renamed")
    response = client.post(url, data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.name == "Renamed"  # the edit of a draft is allowed…
    assert draft.status == "draft"  # …but the status is not the contributor's to set


def test_a_contributor_edit_of_a_published_record_is_only_a_proposal(
    client, contributor
):
    client.force_login(contributor)
    published = factories.SiteFactory(status="published", name="Palmyra")
    url = admin_url(HeritageSite, "change", published.pk)
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["proposing"] is True
    data = admin_form_data(page, name="Vandalised", change_reason="Because")
    assert client.post(url, data).status_code == 302
    assert (
        client.post(
            admin_url(HeritageSite, "delete", published.pk), {"post": "yes"}
        ).status_code
        == 403
    )
    published.refresh_from_db()
    assert published.name == "Palmyra"
    assert ProposedChange.objects.get().changes["fields"] == {"name": "Vandalised"}


def test_a_contributor_cannot_change_a_withdrawn_record(client, contributor):
    client.force_login(contributor)
    withdrawn = factories.SiteFactory(status="withdrawn", name="Palmyra")
    url = admin_url(HeritageSite, "change", withdrawn.pk)
    page = client.get(url)
    assert page.context["has_change_permission"] is False
    assert client.post(url, {"name": "Vandalised"}).status_code == 403
    withdrawn.refresh_from_db()
    assert withdrawn.name == "Palmyra"


def test_a_contributor_adds_a_draft_and_submits_it_for_review(client, contributor):
    client.force_login(contributor)
    url = admin_url(Actor, "add")
    data = admin_form_data(client.get(url), name="Liwaa al-Quds", kind="militia")
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    actor = Actor.objects.get(name="Liwaa al-Quds")
    assert actor.status == "draft"
    publish_action(client, Actor, [actor], action="submit_for_review")
    actor.refresh_from_db()
    assert actor.status == "review"
    assert actor.history.first().history_user == contributor


def test_an_editor_publishes_and_withdraws(client, editor):
    client.force_login(editor)
    site = factories.SiteFactory(status="review")
    publish_action(client, HeritageSite, [site])
    site.refresh_from_db()
    assert site.status == "published"
    assert site.published_at is not None
    first_published = site.published_at
    assert site in HeritageSite.objects.published()
    # Asked first: without a public reason, nothing is withdrawn.
    asked = publish_action(client, HeritageSite, [site], action="withdraw", post="yes")
    assert "Write the public reason" in asked.content.decode()
    site.refresh_from_db()
    assert site.status == "published"
    publish_action(
        client,
        HeritageSite,
        [site],
        action="withdraw",
        post="yes",
        public_note="Withdrawn while its looting is investigated",
    )
    site.refresh_from_db()
    assert site.status == "withdrawn"
    tombstone = client.get(f"/api/v1/sites/{site.public_id}/")
    assert tombstone.status_code == 410
    assert "Withdrawn while its looting is investigated" in tombstone.content.decode()
    assert site not in HeritageSite.objects.published()
    publish_action(client, HeritageSite, [site])
    site.refresh_from_db()
    assert site.published_at == first_published  # the first publication is kept
    assert [h.status for h in site.history.all()] == [
        "published",
        "withdrawn",
        "published",
        "review",
    ]
    assert site.history.first().history_user == editor


# History ------------------------------------------------------------------------------


def test_an_edit_leaves_history_from_which_the_record_is_restored(client, editor):
    client.force_login(editor)
    site = factories.SiteFactory(name="Palmyra", status="draft")
    url = admin_url(HeritageSite, "change", site.pk)
    response = client.post(url, admin_form_data(client.get(url), name="Wrong name"))
    assert response.status_code == 302
    site.refresh_from_db()
    assert site.name == "Wrong name"
    original = site.history.earliest("history_date")
    history_page = client.get(
        admin_url(HeritageSite, "history", site.pk)
    ).content.decode()
    assert "Wrong name" in history_page and "editor" in history_page

    revert_url = admin_url(HeritageSite, "simple_history", site.pk, original.history_id)
    response = client.post(revert_url, admin_form_data(client.get(revert_url)))
    assert response.status_code == 302
    site.refresh_from_db()
    assert site.name == "Palmyra"
    assert site.history.count() == 3


def test_a_delete_is_recorded_and_the_record_restored_with_its_rows(client, editor):
    client.force_login(editor)
    site = factories.SiteFactory(name="Palmyra", status="draft")
    factories.attach(Name, site, name="Tadmur", language="ar-Latn")
    factories.attach(Citation, site, source=factories.SourceFactory())
    Designation.objects.create(site=site, kind="world_heritage", reference="23")
    periods = [factories.term("period", "roman")]
    site.periods.set(periods)
    pk, public_id = site.pk, site.public_id

    response = client.post(admin_url(HeritageSite, "delete", pk), {"post": "yes"})
    assert response.status_code == 302
    assert not HeritageSite.objects.filter(pk=pk).exists()
    deletion = HeritageSite.history.get(id=pk, history_type="-")
    assert deletion.history_user == editor

    listing = client.get(reverse("admin:deleted_records"))
    assert "Palmyra" in listing.content.decode()
    response = client.post(
        reverse("admin:restore_record", args=["heritagesite", deletion.history_id])
    )
    assert response.status_code == 302
    restored = HeritageSite.objects.get(pk=pk)
    assert restored.public_id == public_id
    assert list(restored.names.values_list("name", flat=True)) == ["Tadmur"]
    assert restored.citations.count() == 1
    assert restored.designations.get().reference == "23"
    assert list(restored.periods.all()) == periods
    assert client.get(reverse("admin:deleted_records")).context["rows"] == []


def test_a_contributor_cannot_restore_deleted_records(client, contributor):
    client.force_login(contributor)
    assert client.get(reverse("admin:deleted_records")).status_code == 403


def test_admin_renders_the_demo_data(client, superuser):
    load_demo()
    client.force_login(superuser)
    for model in REGISTRY_MODELS:
        assert client.get(admin_url(model, "changelist")).status_code == 200
    palmyra = HeritageSite.objects.get(name="Palmyra")
    page = client.get(admin_url(HeritageSite, "change", palmyra.pk)).content.decode()
    assert "Tetrapylon" in page and "تدمر" in page


def _admins_and_inlines():
    for model, model_admin in sorted(
        admin.site._registry.items(), key=lambda item: item[0].__name__
    ):
        if model._meta.app_label != "registry":
            continue
        yield model_admin
        for inline in model_admin.inlines:
            yield inline(model, admin.site)


@pytest.mark.parametrize(
    "model_admin",
    list(_admins_and_inlines()),
    ids=lambda a: f"{a.__class__.__name__}-{a.model.__name__}",
)
def test_every_record_field_is_chosen_by_autocomplete(rf, superuser, model_admin):
    """Foreign keys and many-to-many fields to records use autocomplete."""
    request = rf.get("/")
    request.user = superuser
    shown = set(flatten_fieldsets(model_admin.get_fieldsets(request)))
    parent_link = getattr(model_admin, "fk_name", None) or ""
    relations = {
        field.name
        for field in model_admin.model._meta.get_fields()
        if (field.many_to_one or field.many_to_many)
        and not field.auto_created
        and field.name in shown
        and field.name != parent_link
        and field.related_model.__name__ != "ContentType"
    }
    # A choice among the record's own images (before/after) is a short select.
    own = set(getattr(model_admin, "own_choice_fields", ()))
    assert relations - own <= set(model_admin.autocomplete_fields)
