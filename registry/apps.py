from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("Heritage damage registry")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from registry.admin import (  # noqa: F401
            batches,
            desk,
            evidence,
            media,
            monitoring,
            names,
            records,
            subscriptions,
            vocabularies,
        )
        from registry.publishing import cache, versions
        from registry.publishing.roles import sync_roles

        # Cached figures are keyed by a data version that every change moves on;
        # the public lists' totals are counted anew by whoever changed the data.
        cache.connect()
        cache.recounted_by_writers(_count_public_lists)
        # And the catalogue's searches asked lately are found anew.
        cache.recounted_by_writers(_refresh_recent_searches)
        # Every change that reaches the public is kept as a version of its record.
        versions.connect()

        # Roles need the permissions that django.contrib.auth creates after each
        # migrate, so they are (re)synchronised then, idempotently.
        post_migrate.connect(_sync_roles_after_migrate, sender=self)
        # SQLite drops a table's triggers when a migration rebuilds it: the keys'
        # trigram index is made whole again after every migrate.
        post_migrate.connect(_key_index_after_migrate, sender=self)
        del sync_roles


def _count_public_lists():
    from registry.api.views import count_unfiltered_lists

    count_unfiltered_lists()


def _refresh_recent_searches():
    from registry.catalogue.faceted import refresh_recent_searches

    refresh_recent_searches()


def _sync_roles_after_migrate(sender, using="default", **kwargs):
    from registry.publishing.roles import sync_roles

    sync_roles(using=using)


def _key_index_after_migrate(sender, using="default", **kwargs):
    from django.db import connections

    from registry.search.sqlite_index import ensure_key_index

    ensure_key_index(connections[using])


class RegistryAdminConfig(AdminConfig):
    default_site = "registry.admin.site.RegistryAdminSite"
