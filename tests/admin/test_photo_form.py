"""The photograph form: the record is chosen among the registry's records by name,
a photograph of nothing cannot be saved by any path, lists say what a photograph
is attached to, and the original is reachable by those allowed to see it."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse

from registry.media.files import add_media
from registry.models import HeritageSite, Media
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator(client, superuser):
    client.force_login(superuser)
    return client


def site_type():
    return ContentType.objects.get_for_model(HeritageSite)


def add_photo(client, **fields):
    data = {
        "kind": "after",
        "status": "draft",
        "file": factories.image_file(),
        **fields,
    }
    return client.post(reverse("admin:registry_media_add"), data)


def test_the_record_types_offered_are_the_registrys_records(curator):
    form = curator.get(reverse("admin:registry_media_add")).context["adminform"].form
    offered = {ct.model_class() for ct in form.fields["content_type"].queryset}
    assert HeritageSite in offered
    assert not {ct.model for ct in form.fields["content_type"].queryset} & {
        "session",
        "logentry",
        "user",
        "media",
        "source",
    }
    labels = [label for _value, label in form.fields["content_type"].choices]
    assert "Heritage site" in labels


def test_a_photograph_of_a_record_that_does_not_exist_is_refused(curator):
    site = factories.SiteFactory()
    response = add_photo(curator, content_type=site_type().pk, object_id=site.pk + 999)
    errors = response.context["adminform"].form.errors
    assert "No heritage site has the number" in " ".join(errors["object_id"])
    assert not Media.objects.exists()


def test_a_photograph_of_something_that_is_not_a_record_is_refused(curator):
    user_type = ContentType.objects.get(app_label="auth", model="user")
    response = add_photo(curator, content_type=user_type.pk, object_id=1)
    assert "content_type" in response.context["adminform"].form.errors
    assert not Media.objects.exists()


def test_no_path_saves_a_photograph_of_nothing():
    site = factories.SiteFactory()
    media = Media(
        content_type=site_type(),
        object_id=site.pk + 999,
        file=factories.image_file(),
        kind="after",
    )
    with pytest.raises(ValidationError):
        media.save()
    with pytest.raises(ValidationError):
        add_media(site, factories.image_file(), kind="after") and Media(
            content_type=site_type(), object_id=None, kind="after"
        ).save()
    assert Media.objects.count() == 1  # only the photograph of the real site


def test_a_photograph_is_saved_for_the_record_picked_by_name(curator):
    site = factories.SiteFactory(name="Tower Tomb of Elahbel")
    factories.SiteFactory(name="Hatra")
    lookup = curator.get(
        reverse("admin:registry_media_records"),
        {"type": site_type().pk, "q": "Elahbel"},
    ).json()
    assert [row["id"] for row in lookup["results"]] == [site.pk]
    bad = curator.get(reverse("admin:registry_media_records"), {"type": "x"})
    assert bad.status_code == 400 and "type" in bad.json()["error"]
    response = add_photo(curator, content_type=site_type().pk, object_id=site.pk)
    assert response.status_code == 302
    media = Media.objects.get()
    assert media.target == site
    listing = curator.get(reverse("admin:registry_media_changelist")).content.decode()
    assert "Tower Tomb of Elahbel" in listing
    assert reverse("admin:registry_heritagesite_change", args=[site.pk]) in listing


def test_the_current_file_links_to_the_original_and_it_opens(curator):
    site = factories.SiteFactory()
    media = add_media(site, factories.image_file(), kind="after")
    page = curator.get(reverse("admin:registry_media_change", args=[media.pk]))
    original = reverse("admin:registry_media_file", args=[media.pk, "original"])
    assert f'href="{original}"' in page.content.decode()
    assert curator.get(original).status_code == 200


def test_a_form_error_says_the_image_must_be_chosen_again(curator):
    site = factories.SiteFactory()
    response = add_photo(
        curator, content_type=site_type().pk, object_id=site.pk, kind="nonsense"
    )
    errors = response.context["adminform"].form.errors
    assert "kind" in errors
    assert "Choose the image again" in " ".join(errors["file"])
