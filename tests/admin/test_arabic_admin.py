"""The admin in Arabic, right to left, at /ar/admin/, with the registry's own
terms translated."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def test_the_arabic_admin_is_right_to_left_with_the_registrys_terms(client, superuser):
    client.force_login(superuser)
    site = factories.SiteFactory(name="Palmyra", name_ar="تدمر")
    index = client.get("/ar/admin/")
    assert index.status_code == 200
    html = index.content.decode()
    assert 'dir="rtl"' in html and 'lang="ar"' in html
    assert "مواقع تراثية" in html  # the registry's models, in Arabic
    change = client.get(f"/ar/admin/registry/heritagesite/{site.pk}/change/")
    page = change.content.decode()
    assert change.status_code == 200
    assert 'dir="rtl"' in page
    assert "الاسم (بالعربية)" in page  # a field label of the registry
    # The English admin stays where it was.
    english = client.get("/admin/")
    assert 'dir="rtl"' not in english.content.decode()
    assert "Heritage sites" in english.content.decode()


def test_the_arabic_admin_asks_arabic_speakers_to_sign_in_in_arabic(client):
    response = client.get("/ar/admin/", follow=True)
    assert response.request["PATH_INFO"] == "/ar/admin/login/"
    assert 'dir="rtl"' in response.content.decode()
