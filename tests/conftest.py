import functools
import importlib

import pytest
from django.contrib.auth.models import Group
from django.core import serializers
from django.db import transaction
from django.test import override_settings

from registry.demo.founding import load_demo
from registry.publishing.roles import CONTRIBUTOR, EDITOR
from tests import factories


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    """MD5 instead of PBKDF2's million rounds (0.7 s a password on CI's machine):
    every user a test creates, and every sign-in, hashes a password. No test is
    about the hash itself; production keeps Django's default hashers."""
    with override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    ):
        yield


def restore_in_bulk(connection, data):
    """What Django's ``deserialize_db_from_string`` does before a test marked
    ``serialized_rollback``, in bulk: put back the rows the migrations seeded (the
    serialised ``data``) after a transactional test's flush removed them.

    Django saves them one at a time: 10 s here for the 5,046 administrative divisions
    and their history, before each such test. In bulk it is under a second. The rows
    are the same, except that a column set on save (``auto_now``: the data version's
    time) takes the restore's time."""
    alias = connection.alias
    rows, links = {}, {}
    for deserialized in serializers.deserialize("json", data, using=alias):
        record = deserialized.object
        rows.setdefault(type(record), []).append(record)
        for name, values in (deserialized.m2m_data or {}).items():
            field = record._meta.get_field(name)
            through = field.remote_field.through
            own, other = field.m2m_field_name(), field.m2m_reverse_field_name()
            links.setdefault(through, []).extend(
                through(**{f"{own}_id": record.pk, f"{other}_id": value})
                for value in values
            )
    with transaction.atomic(using=alias):
        with connection.constraint_checks_disabled():
            for model, records in [*rows.items(), *links.items()]:
                # Rows still there (no flush before the first such test) are
                # kept: they are the seeded ones.
                model._base_manager.using(alias).bulk_create(
                    records, ignore_conflicts=True
                )
        connection.check_constraints(
            table_names=[model._meta.db_table for model in [*rows, *links]]
        )


@pytest.fixture(scope="session", autouse=True)
def seeded_rows_restored_in_bulk(django_db_setup):
    from django.db import connections

    for connection in connections.all():
        connection.creation.deserialize_db_from_string = functools.partial(
            restore_in_bulk, connection
        )


@pytest.fixture
def contributor(django_user_model):
    user = django_user_model.objects.create_user(
        "contributor", password="pw", is_staff=True
    )
    user.groups.add(Group.objects.get(name=CONTRIBUTOR))
    return user


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("editor", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITOR))
    return user


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", password="pw")


@pytest.fixture
def demo():
    """The founding demo data set (tests/browser/conftest.py loads it likewise)."""
    load_demo()


def loaded_once(load):
    """A module-scoped fixture: ``load()`` run once for the module, in a transaction
    rolled back after the module's last test. Each test runs in its own savepoint
    inside it, as pytest-django's ``db`` does, so what a test changes is still undone
    before the next one.

    Only for a module whose every test wants the data (``pytestmark``'s
    ``usefixtures``): once set up, a module-scoped fixture stays until the module
    ends, under the tests that did not ask for it too."""

    @pytest.fixture(scope="module")
    def fixture(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock(), transaction.atomic():
            load()
            with django_db_blocker.block():
                yield
            transaction.set_rollback(True)

    return fixture


demo_for_the_module = loaded_once(load_demo)


@pytest.fixture
def arabic_records():
    """One record of every kind, named and described in Arabic."""
    return factories.full_record_set(arabic=True)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files go to a temporary folder, never into the project."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    settings.EXPORT_FILE_DIR = tmp_path / "exports"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def fresh_throttle():
    """The API's per-address throttle counts in the cache: start each test at zero,
    with no figure or answer kept from another test's data."""
    from tests.support import clear_caches

    clear_caches()


@pytest.fixture(autouse=True)
def fresh_content_types():
    """A transactional test's flush recreates content types under new ids: forget
    the ids that ContentType.objects cached before it."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


@pytest.fixture(autouse=True)
def english():
    """reverse() follows the active language, which a request to /ar/ leaves set."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def vocabularies(transactional_db):
    """The seeded vocabularies, which a transactional test's flush removes."""
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    for name in (
        "0002_seed_vocabularies",
        "0014_more_site_types",
        "0016_condition_assessments",
        "0016_object_description",
    ):
        seed = importlib.import_module(f"registry.migrations.{name}")
        seed.seed(apps, SimpleNamespace(connection=connection))


def flushes_the_database(item):
    """A test on a live server (the browser's, GDAL's…) or otherwise
    transactional (a command that cannot run in a transaction), whose database is
    flushed after it and seeded again by Django's post-migrate handlers, under
    new keys. (A test with ``serialized_rollback`` puts back the rows the
    migrations seeded, under their own keys: it must run before any such flush.)"""
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    transactional = "transactional_db" in fixtures or bool(
        marker
        and marker.kwargs.get("transaction")
        and not marker.kwargs.get("serialized_rollback")
    )
    return (
        "tests/browser/" in str(item.fspath)
        or "live_server" in fixtures
        or transactional
    )


def pytest_collection_modifyitems(config, items):
    """Tests that flush the database last: they would leave later tests without
    the seeded vocabularies and roles."""
    items.sort(key=flushes_the_database)
