"""Roles exist after migrate, with the permissions their names promise."""

import pytest
from django.contrib.auth.models import Group

from registry.models import DamageEvent, HeritageSite, Media, Person
from registry.publishing.roles import (
    ADMINISTRATOR,
    CONTRIBUTOR,
    EDITOR,
    INVESTIGATOR,
    sync_roles,
)

pytestmark = pytest.mark.django_db


def codenames(group_name):
    return set(
        Group.objects.get(name=group_name).permissions.values_list(
            "codename", flat=True
        )
    )


def test_contributor_adds_and_edits_but_neither_publishes_nor_deletes():
    perms = codenames(CONTRIBUTOR)
    assert {"add_heritagesite", "change_heritagesite", "view_heritagesite"} <= perms
    assert not any(code.startswith(("publish_", "delete_")) for code in perms)


def test_editor_publishes_withdraws_and_deletes():
    perms = codenames(EDITOR)
    for model in (HeritageSite, DamageEvent, Person, Media):
        name = model._meta.model_name
        assert {f"publish_{name}", f"delete_{name}", f"change_{name}"} <= perms
    assert "add_user" not in perms


def test_administrator_also_manages_users():
    perms = codenames(ADMINISTRATOR)
    assert {"add_user", "change_group", "publish_heritagesite"} <= perms


def test_investigator_downloads_investigator_dossiers_and_nothing_else():
    assert codenames(INVESTIGATOR) == {"download_investigator_dossier"}
    assert "download_investigator_dossier" in codenames(EDITOR)
    assert "download_investigator_dossier" not in codenames(CONTRIBUTOR)
    assert "view_dossieraccess" not in codenames(CONTRIBUTOR)


def test_sync_roles_is_idempotent():
    roles = (CONTRIBUTOR, EDITOR, ADMINISTRATOR, INVESTIGATOR)
    before = {name: codenames(name) for name in roles}
    sync_roles()
    assert {name: codenames(name) for name in before} == before
    assert Group.objects.count() == 4
