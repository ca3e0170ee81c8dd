"""A record's history reads as a person would tell it: labels, not codes; no row
where nothing visible changed; the reason of each change; and the changes to its
names and citations shown with the record."""

import pytest
from django.urls import reverse

from registry.models import Name
from tests import factories
from tests.support import admin_form_data

pytestmark = pytest.mark.django_db


def test_the_history_shows_labels_reasons_and_the_rows_changed_with_it(
    client, superuser
):
    client.force_login(superuser)
    site = factories.SiteFactory(name="Palmyra", condition="destroyed")
    url = reverse("admin:registry_heritagesite_change", args=[site.pk])
    client.post(
        url,
        admin_form_data(
            client.get(url), condition="poor", change_reason="Partly rebuilt"
        ),
    )
    site.refresh_from_db()
    site.save()  # a save that changes nothing a curator sees
    name = factories.attach(Name, site, name="تدمر", language="ar")
    name.name = "تدمُر"
    name.save()
    history = client.get(reverse("admin:registry_heritagesite_history", args=[site.pk]))
    page = history.content.decode()
    assert "Destroyed" in page and "Poor" in page
    assert "destroyed →" not in page and "&rarr;&nbsp;&nbsp;poor" not in page
    assert "Partly rebuilt" in page
    assert "None" not in page
    shown = [
        record
        for record in history.context["page_obj"]
        if not (
            record.history_type == "~"
            and not record.history_delta_changes
            and not record.history_change_reason
        )
    ]
    assert len(shown) == 2  # created, then the condition: not the empty save
    rows = history.context["row_changes"]
    assert [(row["how"], row["changes"]) for row in rows] == [
        ("changed", [("Name", "تدمر", "تدمُر")]),
        ("added", []),
    ]
