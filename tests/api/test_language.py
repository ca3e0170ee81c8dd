"""The API answers in the language its reader asks for (``Accept-Language``), English
by default: a country's name, a date's words, an error, in JSON and in exports."""

import csv
import io

import pytest

from registry.models import PublicationStatus
from tests import factories
from tests.support import body

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    site = factories.SiteFactory(name="Palmyra", country="SY")
    return factories.DamageEventFactory(
        site=site, title="Destruction of the Temple of Bel"
    )


def asked(client, path, language=None, **params):
    headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    return client.get(path, params, **headers)


def test_a_list_is_in_the_language_asked_for(client, event):
    arabic = asked(client, "/api/v1/damage-events/", "ar")
    english = asked(client, "/api/v1/damage-events/", "en")
    unsaid = asked(client, "/api/v1/damage-events/")

    (in_arabic,) = arabic.json()["results"]
    assert arabic["Content-Language"] == "ar"
    assert "Accept-Language" in arabic["Vary"]
    assert in_arabic["date"]["display"] == "في أغسطس 2015"
    for response in (english, unsaid):
        (in_english,) = response.json()["results"]
        assert response["Content-Language"] == "en"
        assert in_english["date"]["display"] == "in August 2015"
    # The same record, the same codes and dates: only the words differ.
    assert in_arabic["id"] == in_english["id"]
    assert in_arabic["date"]["start"] == in_english["date"]["start"] == "2015-08-01"


def test_a_detail_names_its_country_in_the_language_asked_for(client, event):
    path = f"/api/v1/sites/{event.site.public_id}/"
    assert asked(client, path, "ar").json()["country"] == {
        "code": "SY",
        "name": "سوريا",
    }
    assert asked(client, path, "en").json()["country"] == {
        "code": "SY",
        "name": "Syria",
    }


def test_an_arabic_export_is_not_the_english_ones_file(client, event):
    """An export is kept in a file named by its ETag: asked in Arabic after English,
    it is made in Arabic, not served from the English one's file (and the other way
    round)."""

    def countries(language):
        response = asked(client, "/api/v1/sites/", language, format="csv")
        rows = csv.DictReader(io.StringIO(body(response)))
        return response["ETag"], [row["country_name"] for row in rows]

    english_tag, in_english = countries("en")
    arabic_tag, in_arabic = countries("ar")
    assert in_english == ["Syria"]
    assert in_arabic == ["سوريا"]
    assert arabic_tag != english_tag
    assert countries("en") == (english_tag, ["Syria"])


def test_a_malformed_parameter_is_named_in_either_language(client, event):
    for language in ("ar", "en"):
        response = asked(client, "/api/v1/sites/", language, contry="SY")
        assert response.status_code == 400
        assert list(response.json()) == ["contry"]
        assert "country" in response.json()["contry"][0]


def test_a_draft_is_absent_in_either_language(client, event):
    draft = factories.DamageEventFactory(
        site=event.site, title="Draft damage", status=PublicationStatus.DRAFT
    )
    for language in ("ar", "en"):
        listed = asked(client, "/api/v1/damage-events/", language).json()["results"]
        assert [record["id"] for record in listed] == [str(event.public_id)]
        exported = body(asked(client, "/api/v1/damage-events/", language, format="csv"))
        assert str(draft.public_id) not in exported and "Draft damage" not in exported
