"""Restoring and withdrawing say what they do to the public: a restored record
comes back as a draft unless an editor asks otherwise; a withdrawal names what
disappears with it."""

import pytest
from django.urls import reverse

from registry.media.files import add_media
from registry.models import HeritageSite
from tests import factories
from tests.support import json_ids

pytestmark = pytest.mark.django_db


def delete_and_restore(client, site, **form):
    client.post(
        reverse("admin:registry_heritagesite_delete", args=[site.pk]), {"post": "yes"}
    )
    deletion = HeritageSite.history.get(id=site.pk, history_type="-")
    response = client.post(
        reverse("admin:restore_record", args=["heritagesite", deletion.history_id]),
        form,
        follow=True,
    )
    return HeritageSite.objects.get(pk=site.pk), response


def test_a_restored_record_comes_back_as_a_draft(client, editor):
    client.force_login(editor)
    site = factories.SiteFactory(name="Palmyra")
    restored, response = delete_and_restore(client, site)
    assert restored.status == "draft"
    assert json_ids(client, "sites") == []  # not public again by surprise
    shown = [str(m) for m in response.context["messages"]]
    assert any("as a draft" in m for m in shown), shown


def test_an_editor_may_restore_it_as_it_was(client, editor):
    client.force_login(editor)
    site = factories.SiteFactory(name="Palmyra")
    restored, _response = delete_and_restore(client, site, as_it_was="1")
    assert restored.status == "published"
    assert json_ids(client, "sites") == [str(site.public_id)]


def test_withdrawing_a_site_names_what_disappears_with_it(client, editor):
    client.force_login(editor)
    site = factories.SiteFactory(name="Palmyra")
    factories.StructureFactory(site=site)
    factories.StructureFactory(site=site)
    factories.DamageEventFactory(site=site)
    factories.StructureFactory(site=site, status="draft")  # not public anyway
    add_media(site, factories.image_file(), kind="after", status="published")
    response = client.post(
        reverse("admin:registry_heritagesite_changelist"),
        {"action": "withdraw", "_selected_action": [site.pk]},
    )
    # The editor is asked first, and told what disappears with it.
    site.refresh_from_db()
    assert site.status == "published"
    assert "2 structures" in response.content.decode()
    response = client.post(
        reverse("admin:registry_heritagesite_changelist"),
        {
            "action": "withdraw",
            "_selected_action": [site.pk],
            "post": "yes",
            "public_note": "Withdrawn at the request of the site's community",
        },
        follow=True,
    )
    shown = " ".join(str(m) for m in response.context["messages"])
    assert "No longer public with them:" in shown
    assert "2 structures" in shown
    assert "1 damage event," in shown
    assert "1 photograph or image" in shown
    assert json_ids(client, "structures") == []
