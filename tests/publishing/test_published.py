"""``published()``: the one visibility rule every public surface starts from."""

import pytest

from registry.models import (
    Actor,
    CulturalObject,
    DamageEvent,
    Designation,
    HarmEvent,
    HeritageSite,
    LocationSensitivity,
    LootingIncident,
    Media,
    Person,
    PublicationStatus,
    Source,
    Structure,
    StructureDamage,
    Visibility,
)
from tests import factories

pytestmark = pytest.mark.django_db

CURATED = [
    (HeritageSite, factories.SiteFactory),
    (Structure, factories.StructureFactory),
    (DamageEvent, factories.DamageEventFactory),
    (LootingIncident, factories.LootingIncidentFactory),
    (CulturalObject, factories.CulturalObjectFactory),
    (Person, factories.PersonFactory),
    (Actor, factories.ActorFactory),
    (Source, factories.SourceFactory),
]


@pytest.mark.parametrize(("model", "factory"), CURATED)
@pytest.mark.parametrize(
    ("status", "public"),
    [
        (PublicationStatus.DRAFT, False),
        (PublicationStatus.REVIEW, False),
        (PublicationStatus.PUBLISHED, True),
        (PublicationStatus.WITHDRAWN, False),
    ],
)
def test_published_grid(model, factory, status, public):
    record = factory(status=status)
    assert (record in model.objects.published()) is public
    # The default manager stays unfiltered: curators see everything.
    assert record in model.objects.all()


def test_published_media_needs_its_own_status():
    site = factories.SiteFactory()
    draft = factories.attach(Media, site, file=factories.image_file(), kind="after")
    published = factories.attach(
        Media, site, file=factories.image_file(), kind="after", status="published"
    )
    assert list(Media.objects.published()) == [published]
    assert draft in Media.objects.all()


@pytest.mark.parametrize("parent_status", ["draft", "review", "withdrawn"])
@pytest.mark.parametrize(
    "factory",
    [
        factories.StructureFactory,
        factories.DamageEventFactory,
        factories.LootingIncidentFactory,
    ],
)
def test_published_child_of_unpublished_site_is_not_public(factory, parent_status):
    site = factories.SiteFactory(status=parent_status)
    child = factory(site=site, status="published")
    assert child not in type(child).objects.published()
    site.status = "published"
    site.save()
    assert child in type(child).objects.published()


def test_object_is_hidden_while_its_site_or_incident_is_unpublished():
    incident = factories.LootingIncidentFactory(status="draft")
    obj = factories.CulturalObjectFactory(
        origin_site=incident.site, looting_incident=incident
    )
    orphan = factories.CulturalObjectFactory(origin_site=None, looting_incident=None)
    public = CulturalObject.objects.published()
    assert obj not in public
    assert orphan in public  # an object of unknown origin depends on nothing else
    incident.status = "published"
    incident.save()
    assert obj in CulturalObject.objects.published()
    incident.site.status = "withdrawn"
    incident.site.save()
    assert obj not in CulturalObject.objects.published()


def test_structure_damage_needs_event_and_structure_public():
    damage = factories.StructureDamageFactory()
    assert damage in StructureDamage.objects.published()
    damage.structure.status = "draft"
    damage.structure.save()
    assert damage not in StructureDamage.objects.published()


@pytest.mark.parametrize(
    ("factory", "parent"),
    [
        (factories.HarmEventFactory, "person"),
        (factories.CustodyEventFactory, "object"),
    ],
)
def test_rows_without_status_follow_their_parent(factory, parent):
    row = factory()
    model = type(row)
    assert row in model.objects.published()
    owner = getattr(row, parent)
    owner.status = "review"
    owner.save()
    assert row not in model.objects.published()


def test_designations_follow_their_site():
    site = factories.SiteFactory(status="draft")
    designation = Designation.objects.create(site=site, kind="national")
    assert designation not in Designation.objects.published()


def test_confidential_person_is_never_public_even_when_published():
    confidential = factories.PersonFactory(
        visibility="confidential", status="published"
    )
    pseudonymous = factories.PersonFactory(
        name="Real Name", pseudonym="Ali", visibility="pseudonymous", status="published"
    )
    public = Person.objects.published()
    assert confidential not in public
    assert pseudonymous in public
    harm = factories.HarmEventFactory(person=confidential)
    assert harm not in HarmEvent.objects.published()


def test_new_people_are_confidential_and_new_sites_generalised_by_default():
    person = Person(name="Someone")
    site = HeritageSite(name="Somewhere")
    assert person.visibility == Visibility.CONFIDENTIAL
    assert site.location_sensitivity == LocationSensitivity.GENERALISED
    assert person.status == site.status == PublicationStatus.DRAFT
