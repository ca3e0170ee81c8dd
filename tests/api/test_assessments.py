"""Condition assessments: a structure's condition over time, damage brackets, and
their visibility in the API, the catalogue and the admin."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from registry.models import ConditionAssessment, DamageEvent, Threat
from registry.publishing.monitoring import current_condition, proposed_dates
from tests import factories
from tests.support import body, json_ids, url

pytestmark = pytest.mark.django_db


def assess(target, day, condition="", **values):
    site = target if not hasattr(target, "site") else target.site
    structure = None if target is site else target
    return factories.AssessmentFactory(
        site=site,
        structure=structure,
        date_from=day,
        condition=condition,
        **values,
    )


@pytest.fixture
def tetrapylon():
    site = factories.SiteFactory(name="Palmyra")
    return factories.StructureFactory(site=site, name="Tetrapylon", condition="good")


def test_a_series_sets_the_current_condition_and_its_date(client, tetrapylon):
    assess(tetrapylon, datetime.date(2015, 9, 2), "good")
    assess(tetrapylon, datetime.date(2017, 1, 20), "very_bad", method="satellite")
    assess(tetrapylon, datetime.date(2018, 5, 1), "destroyed", status="draft")

    current = current_condition(tetrapylon)
    assert current.condition == "very_bad"
    assert current.as_of.date_from == datetime.date(2017, 1, 20)

    data = client.get(url("structures", tetrapylon.public_id)).json()
    assert data["current_condition"]["condition"] == "very_bad"
    assert data["current_condition"]["as_of"]["start"] == "2017-01-20"
    assert data["current_condition"]["method"] == "satellite"
    assert [a["condition"] for a in data["assessments"]] == ["very_bad", "good"]

    page = client.get(reverse("catalogue:structure", args=[tetrapylon.public_id]))
    text = page.content.decode()
    assert "as assessed on 20 January 2017 from satellite imagery" in text
    assert "Destroyed" not in text  # the draft's condition


def test_no_change_keeps_the_condition_and_moves_the_date(client, tetrapylon):
    first = assess(tetrapylon, datetime.date(2017, 1, 20), "poor")
    later = assess(tetrapylon, datetime.date(2019, 6, 1), no_change=True)
    current = current_condition(tetrapylon)
    assert current.condition == "poor"
    assert current.as_of == later and current.observed_in == first
    data = client.get(url("structures", tetrapylon.public_id)).json()
    assert data["current_condition"]["condition"] == "poor"
    assert data["current_condition"]["as_of"]["start"] == "2019-06-01"
    assert data["current_condition"]["observed_in"]["id"] == str(first.public_id)
    text = client.get(
        reverse("catalogue:structure", args=[tetrapylon.public_id])
    ).content.decode()
    assert "as assessed on 1 June 2019" in text
    assert "no change since it was observed on 20 January 2017" in text


def test_without_assessments_the_records_own_condition_stands(client, tetrapylon):
    data = client.get(url("structures", tetrapylon.public_id)).json()
    assert data["current_condition"] is None
    assert data["condition"] == "good"


def test_a_bracket_is_proposed_from_two_assessments_and_taken_on_request(
    client, superuser, tetrapylon
):
    intact = assess(tetrapylon, datetime.date(2015, 9, 2), "good", method="satellite")
    assess(tetrapylon, datetime.date(2016, 1, 10), no_change=True, method="satellite")
    damaged = assess(
        tetrapylon, datetime.date(2017, 1, 20), "destroyed", method="satellite"
    )
    assess(tetrapylon, datetime.date(2018, 1, 1), "destroyed")  # later: not the first
    event = factories.DamageEventFactory(
        site=tetrapylon.site, date_mode="unknown", date_from=None, date_precision=""
    )
    factories.StructureDamageFactory(event=event, structure=tetrapylon)

    start, end, brackets = proposed_dates(event)
    # The last "intact or unchanged" assessment, and the first "damaged" one.
    assert (start, end) == (datetime.date(2016, 1, 10), datetime.date(2017, 1, 20))
    assert brackets[0].damaged == damaged
    assert brackets[0].intact != intact  # the "no change" one is later

    # Shown on the event page, not written by itself.
    page = client.get(reverse("catalogue:damage-event", args=[event.public_id]))
    assert "When, by the assessments" in page.content.decode()
    event.refresh_from_db()
    assert event.date_mode == "unknown"

    # The curator takes it from the admin.
    client.force_login(superuser)
    client.post(
        reverse("admin:registry_damageevent_changelist"),
        {"action": "date_from_assessments", "_selected_action": [event.pk]},
    )
    event.refresh_from_db()
    assert (event.date_mode, event.date_from, event.date_to) == (
        "between",
        datetime.date(2016, 1, 10),
        datetime.date(2017, 1, 20),
    )
    form = client.get(reverse("admin:registry_damageevent_change", args=[event.pk]))
    assert "between 2016-01-10 and 2017-01-20" in form.content.decode()


def test_no_bracket_without_an_intact_assessment_before_the_damage(tetrapylon):
    assess(tetrapylon, datetime.date(2017, 1, 20), "destroyed")
    assess(tetrapylon, datetime.date(2018, 1, 20), "good")  # rebuilt: after, not before
    event = factories.DamageEventFactory(site=tetrapylon.site)
    factories.StructureDamageFactory(event=event, structure=tetrapylon)
    assert proposed_dates(event) is None


def test_a_draft_assessment_reaches_no_public_surface(client, tetrapylon):
    draft = assess(
        tetrapylon,
        datetime.date(2017, 1, 20),
        "destroyed",
        status="draft",
        description="Draft observation",
    )
    assert json_ids(client, "assessments") == []
    assert client.get(url("assessments", draft.public_id)).status_code == 404
    for fmt in ("csv", "geojson"):
        export = body(client.get(url("assessments"), {"format": fmt}))
        assert str(draft.public_id) not in export
    structure = client.get(url("structures", tetrapylon.public_id)).json()
    assert structure["assessments"] == [] and structure["current_condition"] is None
    page = client.get(reverse("catalogue:assessment", args=[draft.public_id]))
    assert page.status_code == 404


def test_an_assessment_of_a_draft_site_is_not_public(client):
    site = factories.SiteFactory(status="review")
    hidden = assess(site, datetime.date(2017, 1, 20), "poor")
    assert json_ids(client, "assessments") == []
    assert client.get(url("assessments", hidden.public_id)).status_code == 404


def test_filters_find_matching_assessments_only(client, tetrapylon):
    satellite = assess(
        tetrapylon, datetime.date(2017, 1, 20), "very_bad", method="satellite"
    )
    Threat.objects.create(
        assessment=satellite,
        category=factories.term("threat", "looting"),
        probability="high",
    )
    visit = assess(
        factories.SiteFactory(country="IQ"),
        datetime.date(2019, 3, 1),
        "good",
        method="site_visit",
        priority="low",
    )
    assert json_ids(client, "assessments", method="satellite") == [
        str(satellite.public_id)
    ]
    assert json_ids(client, "assessments", condition="good") == [str(visit.public_id)]
    assert json_ids(client, "assessments", threat="looting") == [
        str(satellite.public_id)
    ]
    assert json_ids(client, "assessments", country="IQ") == [str(visit.public_id)]
    assert json_ids(client, "assessments", structure=tetrapylon.public_id) == [
        str(satellite.public_id)
    ]
    assert json_ids(client, "assessments", year=2019) == [str(visit.public_id)]
    page = client.get(url("assessments"), {"facet": "method,condition,priority"})
    facets = page.json()["facets"]
    assert {f["value"]: f["count"] for f in facets["method"]} == {
        "satellite": 1,
        "site_visit": 1,
    }
    assert client.get(url("assessments"), {"method": "guess"}).status_code == 400


def test_the_rules_of_an_assessment_report_on_their_fields(tetrapylon):
    other_site = factories.SiteFactory()
    assessment = ConditionAssessment(
        site=other_site,
        structure=tetrapylon,
        date_mode="on",
        date_precision="day",
        date_from=datetime.date(2017, 1, 20),
        method="press",
        imagery_date=datetime.date(2017, 1, 18),
    )
    with pytest.raises(ValidationError) as error:
        assessment.full_clean()
    assert {"condition", "structure", "imagery_date"} <= set(error.value.message_dict)


def test_the_site_page_and_detail_show_the_sites_own_assessments(client):
    site = factories.SiteFactory(name="Dura-Europos", condition="unknown")
    assess(site, datetime.date(2014, 4, 2), "very_bad", method="satellite")
    data = client.get(url("sites", site.public_id)).json()
    assert data["current_condition"]["condition"] == "very_bad"
    page = client.get(reverse("catalogue:site", args=[site.public_id]))
    text = page.content.decode()
    assert "Condition over time" in text
    assert "as assessed on 2 April 2014 from satellite imagery" in text


def test_an_assessment_page_and_detail_say_what_was_seen(client, tetrapylon):
    assessment = assess(
        tetrapylon,
        datetime.date(2017, 1, 20),
        "very_bad",
        method="satellite",
        imagery_provider="DigitalGlobe",
        imagery_date=datetime.date(2017, 1, 18),
        priority="immediate",
    )
    Threat.objects.create(
        assessment=assessment,
        category=factories.term("threat", "armed-conflict"),
        probability="definite",
    )
    data = client.get(url("assessments", assessment.public_id)).json()
    assert data["threats"][0]["category"]["code"] == "armed-conflict"
    assert data["imagery_date"] == "2017-01-18"
    assert data["structure"]["name"] == "Tetrapylon"
    page = client.get(reverse("catalogue:assessment", args=[assessment.public_id]))
    text = page.content.decode()
    assert "DigitalGlobe" in text and "Armed conflict" in text
    assert DamageEvent.objects.count() == 0


def test_a_long_series_shows_its_latest_and_still_knows_the_condition(
    client, tetrapylon
):
    """A page lists the latest 50 only; a condition stated before them (the
    latest 50 all "no change") still stands, with the newest date."""
    assess(tetrapylon, datetime.date(2014, 1, 1), "poor")
    start = datetime.date(2015, 1, 1)
    for day in range(55):
        assess(tetrapylon, start + datetime.timedelta(days=day), no_change=True)
    data = client.get(url("structures", tetrapylon.public_id)).json()
    assert len(data["assessments"]) == 50
    assert data["assessments"][0]["date"]["start"] == "2015-02-24"  # the newest
    assert data["current_condition"]["condition"] == "poor"
    assert data["current_condition"]["as_of"]["start"] == "2015-02-24"
    assert data["current_condition"]["observed_in"]["date"]["start"] == "2014-01-01"
