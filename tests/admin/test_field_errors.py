"""Errors at the field: a rule over several fields reports next to the field a
curator must change, with what to enter there; a date is never changed silently."""

import datetime

import pytest
from django.forms.forms import NON_FIELD_ERRORS
from django.urls import reverse

from registry.models import DamageEvent
from tests import factories
from tests.support import admin_form_data

pytestmark = pytest.mark.django_db


def change(client, record, **changes):
    model = record._meta.model_name
    url = reverse(f"admin:registry_{model}_change", args=[record.pk])
    changes.setdefault("change_reason", "Correction")  # a public record's change
    response = client.post(url, admin_form_data(client.get(url), **changes))
    form = response.context["adminform"].form if response.status_code == 200 else None
    return response, form


def errors_of(form):
    return {field: [str(e) for e in errors] for field, errors in form.errors.items()}


@pytest.fixture
def curator(client, superuser):
    client.force_login(superuser)
    return client


def test_a_latitude_without_its_longitude_is_reported_on_the_longitude(curator):
    site = factories.SiteFactory()
    _response, form = change(curator, site, longitude="")
    errors = errors_of(form)
    assert "Give both latitude and longitude, or neither." in errors["longitude"]
    assert NON_FIELD_ERRORS not in errors
    _response, form = change(curator, site, latitude="")
    assert "latitude" in errors_of(form)


@pytest.mark.parametrize(
    ("changes", "field", "says"),
    [
        ({"date_mode": "between", "date_to": ""}, "date_to", "needs this date"),
        ({"date_mode": "on", "date_to": "2015-09-01"}, "date_to", "takes no date"),
        ({"date_mode": "before", "date_to": ""}, "date_from", "takes no date"),
        ({"date_precision": ""}, "date_precision", "how much of the date"),
        (
            {"date_mode": "between", "date_to": "2014-01-01"},
            "date_to",
            "end date precedes",
        ),
    ],
)
def test_a_date_that_does_not_fit_its_mode_is_reported_on_the_date(
    curator, changes, field, says
):
    event = factories.DamageEventFactory(
        date_mode="on", date_precision="day", date_from=datetime.date(2015, 8, 23)
    )
    _response, form = change(curator, event, **changes)
    errors = errors_of(form)
    assert field in errors, errors
    assert says in " ".join(errors[field])
    assert NON_FIELD_ERRORS not in errors


def test_a_named_perpetrator_without_attribution_is_reported_on_the_attribution(
    curator,
):
    event = factories.DamageEventFactory()
    actor = factories.ActorFactory()
    _response, form = change(curator, event, perpetrator=actor.pk, attribution="")
    errors = errors_of(form)
    assert "Say how the perpetrator is known" in " ".join(errors["attribution"])
    assert NON_FIELD_ERRORS not in errors


def test_a_day_typed_with_month_precision_is_stored_as_the_month_and_said(curator):
    event = factories.DamageEventFactory(
        date_mode="on", date_precision="day", date_from=datetime.date(2015, 8, 23)
    )
    response, _form = change(curator, event, date_precision="month")
    assert response.status_code == 302
    event = DamageEvent.objects.get(pk=event.pk)
    assert event.date_from == datetime.date(2015, 8, 1)
    page = curator.get(response["Location"])
    shown = [str(m) for m in page.context["messages"]]
    assert any("2015-08-23 was stored as August 2015" in m for m in shown), shown


def test_a_date_field_says_its_format_before_and_after_a_wrong_entry(curator):
    event = factories.DamageEventFactory(
        date_mode="on", date_precision="day", date_from=datetime.date(2015, 8, 23)
    )
    url = reverse("admin:registry_damageevent_change", args=[event.pk])
    form = curator.get(url).context["adminform"].form
    assert "YYYY-MM-DD" in str(form.fields["date_from"].help_text)
    _response, form = change(curator, event, date_from="23/08/2015")
    assert errors_of(form)["date_from"] == [
        "Enter the date as YYYY-MM-DD, e.g. 2015-08-23."
    ]
