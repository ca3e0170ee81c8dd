"""Saved searches and their email digests: what changed among a search's public
results since the last digest, and nothing else."""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from registry.models import SavedSearch
from tests import factories

pytestmark = pytest.mark.django_db


def send():
    out = io.StringIO()
    call_command("send_digests", "--base-url", "https://registry.example", stdout=out)
    return out.getvalue()


@pytest.fixture
def watcher(editor):
    editor.email = "editor@example.org"
    editor.save()
    return SavedSearch.objects.create(
        user=editor, name="Palmyra damage", query="q=palmyra&type=damage-event"
    )


def test_a_digest_lists_what_was_published_since_the_last_one(watcher, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    site = factories.SiteFactory(name="Palmyra")
    factories.DamageEventFactory(site=site, title="Temple of Bel destroyed")
    factories.DamageEventFactory(site=site, title="Draft report", status="draft")
    factories.DamageEventFactory(title="Elsewhere entirely")
    assert "1 digest(s) sent" in send()
    (message,) = mail.outbox
    assert message.to == ["editor@example.org"]
    assert "Temple of Bel destroyed" in message.body
    assert "https://registry.example/damage-events/" in message.body
    assert "Draft report" not in message.body and "Elsewhere" not in message.body

    # Nothing new: no mail. Then a new publication: only it.
    assert "0 digest(s) sent" in send()
    assert len(mail.outbox) == 1
    factories.DamageEventFactory(site=site, title="Tetrapylon destroyed")
    send()
    assert len(mail.outbox) == 2
    assert "Tetrapylon destroyed" in mail.outbox[1].body
    assert "Temple of Bel" not in mail.outbox[1].body


def test_a_user_without_an_email_is_skipped_and_told(watcher, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    watcher.user.email = ""
    watcher.user.save()
    factories.DamageEventFactory(site=factories.SiteFactory(name="Palmyra"))
    assert "Skipped 'Palmyra damage'" in send()
    assert mail.outbox == []


def test_staff_see_and_keep_only_their_own_saved_searches(client, editor, watcher):
    someone = type(editor).objects.create_user("someone", is_staff=True)
    other = SavedSearch.objects.create(user=someone, name="Someone else's")
    client.force_login(editor)
    page = client.get(reverse("admin:registry_savedsearch_changelist"))
    assert "Palmyra damage" in page.content.decode()
    assert "Someone else" not in page.content.decode()
    assert (
        client.get(
            reverse("admin:registry_savedsearch_change", args=[other.pk])
        ).status_code
        == 302  # not theirs: the admin says it does not exist
    )
    client.post(
        reverse("admin:registry_savedsearch_add"),
        {"name": "Mosul", "query": "q=mosul"},
    )
    assert SavedSearch.objects.get(name="Mosul").user == editor
