"""The curators' roles, as groups with permissions. Synchronised after every migrate.

- Contributor: adds and edits drafts; cannot publish, withdraw or delete.
- Editor: everything a contributor does, plus review, publish, withdraw, delete.
- Administrator: every permission of the registry, plus user and group management.
- Investigator: downloads investigator dossiers (each one logged), nothing else;
  editors and administrators may too. Contributors do not read the log of them.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

CONTRIBUTOR = "Contributor"
EDITOR = "Editor"
ADMINISTRATOR = "Administrator"
INVESTIGATOR = "Investigator"
DOSSIER = "download_investigator_dossier"


def _registry_permissions(using):
    models = list(apps.get_app_config("registry").get_models())
    content_types = ContentType.objects.db_manager(using).get_for_models(
        *models, for_concrete_models=False
    )
    return Permission.objects.using(using).filter(
        content_type__in=content_types.values()
    )


def role_permissions(using="default"):
    """Which permissions each role holds, by group name."""
    registry = _registry_permissions(using)
    curated = [
        model._meta.model_name
        for model in apps.get_app_config("registry").get_models()
        if not model._meta.model_name.startswith("historical")
        and model._meta.model_name != "dossieraccess"
    ]
    contributor = registry.filter(
        codename__in=[
            f"{action}_{name}"
            for name in curated
            for action in ("add", "change", "view")
        ]
    )
    editor = (
        registry.exclude(codename__startswith="add_historical")
        .exclude(codename__startswith="change_historical")
        .exclude(codename__startswith="delete_historical")
    )
    administrator = Permission.objects.using(using).filter(
        content_type__app_label__in=["registry", "auth"]
    )
    investigator = registry.filter(codename=DOSSIER)
    return {
        CONTRIBUTOR: contributor,
        EDITOR: editor,
        ADMINISTRATOR: administrator,
        INVESTIGATOR: investigator,
    }


def sync_roles(using="default"):
    """Create the role groups, or bring their permissions up to date."""
    for name, permissions in role_permissions(using).items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        group.permissions.set(permissions)
