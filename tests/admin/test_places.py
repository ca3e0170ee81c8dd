"""Places: every country of the registry has its administrative divisions (ISO
3166-2), named in English and, where curators in the region need it, in Arabic; a
site's form offers only the divisions of its country, and a map sets its point."""

import pytest
from django.urls import reverse

from registry.models import AdminDivision
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("country", ["SY", "IQ", "YE", "LY", "UA", "AF", "ML", "FR"])
def test_every_country_has_its_divisions(country):
    assert AdminDivision.objects.filter(country=country).count() >= 8


def test_the_divisions_of_the_region_are_named_in_arabic():
    erbil = AdminDivision.objects.get(code="IQ-AR")
    assert (erbil.name, erbil.name_ar) == ("Erbil Governorate", "محافظة أربيل")
    for country in ("SY", "IQ", "YE", "LY"):
        unnamed = AdminDivision.objects.filter(country=country, name_ar="")
        assert list(unnamed) == [], country


def test_the_site_form_offers_the_divisions_of_the_chosen_country(client, superuser):
    client.force_login(superuser)

    def offered(**params):
        response = client.get(
            reverse("admin:autocomplete"),
            {
                "app_label": "registry",
                "model_name": "heritagesite",
                "field_name": "admin_division",
                "term": "",
                **params,
            },
        )
        assert response.status_code == 200
        ids = [int(row["id"]) for row in response.json()["results"]]
        return set(
            AdminDivision.objects.filter(pk__in=ids).values_list("country", flat=True)
        )

    assert offered(country="IQ") == {"IQ"}
    assert offered(country="iq", term="Nineveh") == {"IQ"}
    assert len(offered()) > 1  # no country chosen yet: any


def test_a_division_of_another_country_is_refused_on_the_field(client, superuser):
    from tests.support import admin_form_data

    client.force_login(superuser)
    site = factories.SiteFactory(country="IQ", name="Nimrud")
    aleppo = AdminDivision.objects.get(code="SY-HL")
    url = reverse("admin:registry_heritagesite_change", args=[site.pk])
    response = client.post(
        url,
        admin_form_data(
            client.get(url), admin_division=aleppo.pk, change_reason="Division"
        ),
    )
    errors = response.context["adminform"].form.errors
    assert "is not in Iraq" in " ".join(errors["admin_division"])


def test_the_site_form_carries_the_map_picker(client, superuser):
    client.force_login(superuser)
    page = client.get(reverse("admin:registry_heritagesite_add")).content.decode()
    assert "registry/place-picker.js" in page
    assert "registry/vendor/leaflet/leaflet.js" in page
