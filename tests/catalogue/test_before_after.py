"""Before and after: two dated images a curator chose, side by side, never where an
image could show a protected site's location."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from registry.media.files import add_media
from registry.models import LocationSensitivity
from tests import factories
from tests.support import url

pytestmark = pytest.mark.django_db


def compared(record, *, reveals=True, status="published"):
    before = add_media(
        record,
        factories.image_file("before.jpg"),
        kind="before",
        caption="Before the explosion",
        taken_on=datetime.date(2015, 8, 27),
        reveals_location=reveals,
        status=status,
    )
    after = add_media(
        record,
        factories.image_file("after.jpg"),
        kind="after",
        caption="After the explosion",
        taken_on=datetime.date(2015, 8, 31),
        reveals_location=reveals,
        status="published",
    )
    record.before_image, record.after_image = before, after
    record.full_clean()
    record.save()
    return before, after


def shown(client, record, endpoint, view):
    data = client.get(url(endpoint, record.public_id)).json()["before_after"]
    page = client.get(reverse(view, args=[record.public_id])).content.decode()
    return data, "Before and after" in page


def test_a_public_sites_pair_is_shown_side_by_side(client):
    site = factories.SiteFactory(name="Palmyra")
    before, after = compared(site)
    data, on_page = shown(client, site, "sites", "catalogue:site")
    assert data["before"]["id"] == str(before.public_id)
    assert data["after"]["taken_on"] == "2015-08-31"
    assert data["before"]["medium"].endswith("/medium.jpg")
    assert on_page


def test_a_structures_pair_too(client):
    structure = factories.StructureFactory(name="Temple of Baalshamin")
    compared(structure)
    data, on_page = shown(client, structure, "structures", "catalogue:structure")
    assert data is not None and on_page


def test_never_for_a_restricted_site_nor_its_structures(client):
    site = factories.SiteFactory(location_sensitivity=LocationSensitivity.RESTRICTED)
    compared(site, reveals=False)
    assert shown(client, site, "sites", "catalogue:site") == (None, False)
    structure = factories.StructureFactory(site=site)
    compared(structure, reveals=False)
    assert shown(client, structure, "structures", "catalogue:structure") == (
        None,
        False,
    )


def test_a_generalised_site_shows_only_images_marked_as_not_revealing(client):
    revealing = factories.SiteFactory(
        location_sensitivity=LocationSensitivity.GENERALISED
    )
    compared(revealing, reveals=True)
    assert shown(client, revealing, "sites", "catalogue:site") == (None, False)
    discreet = factories.SiteFactory(
        location_sensitivity=LocationSensitivity.GENERALISED
    )
    compared(discreet, reveals=False)
    data, on_page = shown(client, discreet, "sites", "catalogue:site")
    assert data is not None and on_page


def test_a_draft_image_is_never_compared(client):
    site = factories.SiteFactory()
    compared(site, status="draft")
    assert shown(client, site, "sites", "catalogue:site") == (None, False)


def test_the_choice_is_checked_on_its_fields():
    site = factories.SiteFactory()
    other = factories.SiteFactory()
    before, after = compared(site)
    foreign = add_media(other, factories.image_file(), kind="after", status="published")
    site.after_image = foreign
    with pytest.raises(ValidationError) as error:
        site.full_clean()
    assert "after_image" in error.value.message_dict
    site.before_image, site.after_image = after, before  # the wrong way round
    with pytest.raises(ValidationError) as error:
        site.full_clean()
    assert "older" in error.value.message_dict["after_image"][0]
    site.before_image, site.after_image = before, None
    with pytest.raises(ValidationError) as error:
        site.full_clean()
    assert "after_image" in error.value.message_dict


def test_the_admin_offers_only_the_records_own_images(client, superuser):
    site = factories.SiteFactory()
    before, _after = compared(site)
    other = add_media(
        factories.SiteFactory(),
        factories.image_file(),
        kind="after",
        caption="Elsewhere",
    )
    client.force_login(superuser)
    form = client.get(reverse("admin:registry_heritagesite_change", args=[site.pk]))
    choices = form.context["adminform"].form.fields["before_image"].queryset
    assert before in choices and other not in choices
