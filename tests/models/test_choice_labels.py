"""A record's choice labels (``get_FOO_display``), read from a dictionary made once
per field: in the active language, and the value itself when it is no choice."""

import pytest
from django.utils import translation

from registry.models import Condition, Extent
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_label_is_in_the_active_language_every_time():
    event = factories.DamageEventFactory(extent=Extent.NONE_VISIBLE)
    with translation.override("en"):
        english = event.get_extent_display()
    with translation.override("ar"):
        arabic = event.get_extent_display()
    with translation.override("en"):
        again = event.get_extent_display()
    assert english == again == str(Extent.NONE_VISIBLE.label)
    assert arabic != english
    with translation.override("ar"):
        assert arabic == str(Extent.NONE_VISIBLE.label)


def test_every_choice_has_its_own_label_and_an_unknown_value_is_itself():
    site = factories.SiteFactory()
    labels = {}
    for value in Condition.values:
        site.condition = value
        labels[value] = site.get_condition_display()
    assert labels == {value: str(label) for value, label in Condition.choices}
    site.condition = "not-a-condition"
    assert site.get_condition_display() == "not-a-condition"
