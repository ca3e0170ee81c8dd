"""The demo data set: the founding case, every fact sourced, loaded idempotently."""

import pytest
from django.core.management import CommandError, call_command

from registry.models import (
    Actor,
    CulturalObject,
    DamageEvent,
    Designation,
    DesignationKind,
    HarmEvent,
    HeritageSite,
    LootingIncident,
    Person,
    Source,
)
from tests.factories import SiteFactory
from tests.support import row_counts

pytestmark = pytest.mark.django_db


def test_the_demo_command_is_idempotent(capsys):
    call_command("load_demo")
    first = row_counts()
    updated_at = dict(HeritageSite.objects.values_list("public_id", "updated_at"))
    call_command("load_demo")
    assert "0 created, 0 updated" in capsys.readouterr().out
    assert row_counts() == first  # not even a new history row
    assert (
        dict(HeritageSite.objects.values_list("public_id", "updated_at")) == updated_at
    )


def test_the_demo_command_repairs_an_edited_record():
    call_command("load_demo")
    palmyra = HeritageSite.objects.get(name="Palmyra")
    palmyra.name = "Vandalised"
    palmyra.save()
    call_command("load_demo")
    palmyra.refresh_from_db()
    assert palmyra.name == "Palmyra"


def test_the_demo_refuses_a_registry_holding_its_unesco_reference_and_loads_nothing():
    """UNESCO's list imported first holds Palmyra's World Heritage reference (23):
    the demo's own Palmyra cannot hold it too. A clear error, and nothing loaded."""
    unesco = SiteFactory(name="Site of Palmyra")
    Designation.objects.create(
        site=unesco, kind=DesignationKind.WORLD_HERITAGE, reference="23"
    )
    before = row_counts()
    with pytest.raises(CommandError) as refused:
        call_command("load_demo")
    message = str(refused.value)
    assert "designation" in message and "World Heritage reference" in message
    assert message.endswith("Nothing was loaded.")
    assert row_counts() == before


@pytest.fixture
def demo():
    call_command("load_demo")


def test_the_founding_case_is_there(demo):
    palmyra = HeritageSite.objects.published().get(name="Palmyra")
    assert palmyra.admin_division.name == "Homs Governorate"
    assert {d.kind: d.year_from for d in palmyra.designations.all()} == {
        "world_heritage": 1980,
        "in_danger": 2013,
    }
    assert palmyra.designations.get(kind="world_heritage").criteria == "(i)(ii)(iv)"
    assert set(palmyra.structures.values_list("name", flat=True)) >= {
        "Tetrapylon",
        "Roman theatre",
        "Temple of Bel",
        "Temple of Baalshamin",
        "Monumental Arch",
    }
    assert {"Tadmur", "Tadmor", "تدمر"} <= set(
        palmyra.names.values_list("name", flat=True)
    )
    events = palmyra.damage_events.published()
    assert events.count() == 5
    assert all(event.perpetrator.name == "Islamic State (ISIS)" for event in events)
    assert all(event.attribution for event in events)  # never a bare name

    asaad = Person.objects.published().get(name="Khaled al-Asaad")
    assert set(asaad.harm_events.values_list("kind", flat=True)) == {
        "killed",
        "remains_found",
    }
    ali = Person.objects.published().get(pseudonym="Ali")
    assert ali.visibility == "pseudonymous" and ali.name == ""

    isis = Actor.objects.get(name="Islamic State (ISIS)")
    assert {"ISIL", "Daesh", "Islamic State"} <= set(
        isis.names.values_list("name", flat=True)
    )

    for name in ("Dura-Europos", "Mari"):
        site = HeritageSite.objects.get(name=name)
        assert site.admin_division.code == "SY-DY"
        assert site.looting_incidents.published().count() == 1
    assert HeritageSite.objects.get(name="Mari").location_sensitivity == "restricted"


def test_every_demo_claim_cites_a_source(demo):
    for model in (
        DamageEvent,
        LootingIncident,
        HarmEvent,
        CulturalObject,
        HeritageSite,
    ):
        for record in model.objects.all():
            assert record.citations.exists(), f"{model.__name__} {record} cites nothing"
    publishers = set(Source.objects.values_list("publisher__name", flat=True))
    for expected in ("SOHR", "BBC", "JTIC", "UNESCO", "ASOR"):
        assert any(expected in (name or "") for name in publishers), expected


def test_demo_claims_are_hedged_honestly(demo):
    # One report is "reported", never "confirmed"; no invented URLs.
    assert not DamageEvent.objects.filter(verification="confirmed").exists()
    urls = set(Source.objects.exclude(url="").values_list("url", flat=True))
    assert urls == {"https://whc.unesco.org/en/list/23"}


def test_the_demo_curator_message_names_the_address_served(capsys):
    call_command("create_demo_curator", "--address", "127.0.0.1:8101")
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8101/admin/" in out
    assert "8000" not in out
