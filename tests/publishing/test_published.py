"""``published()``: the one visibility rule every public surface starts from."""

import pytest

from registry import models as m
from tests import factories as f

pytestmark = pytest.mark.django_db

CURATED = [
    (m.HeritageSite, f.SiteFactory),
    (m.Structure, f.StructureFactory),
    (m.DamageEvent, f.DamageEventFactory),
    (m.LootingIncident, f.LootingIncidentFactory),
    (m.CulturalObject, f.CulturalObjectFactory),
    (m.Person, f.PersonFactory),
    (m.Actor, f.ActorFactory),
    (m.Source, f.SourceFactory),
]


@pytest.mark.parametrize(("model", "factory"), CURATED)
@pytest.mark.parametrize(
    ("status", "public"),
    [
        (m.PublicationStatus.DRAFT, False),
        (m.PublicationStatus.REVIEW, False),
        (m.PublicationStatus.PUBLISHED, True),
        (m.PublicationStatus.WITHDRAWN, False),
    ],
)
def test_published_grid(model, factory, status, public):
    record = factory(status=status)
    assert (record in model.objects.published()) is public
    # The default manager stays unfiltered: curators see everything.
    assert record in model.objects.all()


def test_published_media_needs_its_own_status():
    site = f.SiteFactory()
    draft = f.attach(m.Media, site, file=f.image_file(), kind="after")
    published = f.attach(
        m.Media, site, file=f.image_file(), kind="after", status="published"
    )
    assert list(m.Media.objects.published()) == [published]
    assert draft in m.Media.objects.all()


@pytest.mark.parametrize("parent_status", ["draft", "review", "withdrawn"])
@pytest.mark.parametrize(
    "factory", [f.StructureFactory, f.DamageEventFactory, f.LootingIncidentFactory]
)
def test_published_child_of_unpublished_site_is_not_public(factory, parent_status):
    site = f.SiteFactory(status=parent_status)
    child = factory(site=site, status="published")
    assert child not in type(child).objects.published()
    site.status = "published"
    site.save()
    assert child in type(child).objects.published()


def test_object_is_hidden_while_its_site_or_incident_is_unpublished():
    incident = f.LootingIncidentFactory(status="draft")
    obj = f.CulturalObjectFactory(origin_site=incident.site, looting_incident=incident)
    orphan = f.CulturalObjectFactory(origin_site=None, looting_incident=None)
    public = m.CulturalObject.objects.published()
    assert obj not in public
    assert orphan in public  # an object of unknown origin depends on nothing else
    incident.status = "published"
    incident.save()
    assert obj in m.CulturalObject.objects.published()
    incident.site.status = "withdrawn"
    incident.site.save()
    assert obj not in m.CulturalObject.objects.published()


def test_structure_damage_needs_event_and_structure_public():
    damage = f.StructureDamageFactory()
    assert damage in m.StructureDamage.objects.published()
    damage.structure.status = "draft"
    damage.structure.save()
    assert damage not in m.StructureDamage.objects.published()


@pytest.mark.parametrize(
    ("factory", "parent"),
    [
        (f.HarmEventFactory, "person"),
        (f.CustodyEventFactory, "object"),
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
    site = f.SiteFactory(status="draft")
    designation = m.Designation.objects.create(site=site, kind="national")
    assert designation not in m.Designation.objects.published()


def test_confidential_person_is_never_public_even_when_published():
    confidential = f.PersonFactory(visibility="confidential", status="published")
    pseudonymous = f.PersonFactory(
        name="Real Name", pseudonym="Ali", visibility="pseudonymous", status="published"
    )
    public = m.Person.objects.published()
    assert confidential not in public
    assert pseudonymous in public
    harm = f.HarmEventFactory(person=confidential)
    assert harm not in m.HarmEvent.objects.published()


def test_new_people_are_confidential_and_new_sites_generalised_by_default():
    person = m.Person(name="Someone")
    site = m.HeritageSite(name="Somewhere")
    assert person.visibility == m.Visibility.CONFIDENTIAL
    assert site.location_sensitivity == m.LocationSensitivity.GENERALISED
    assert person.status == site.status == m.PublicationStatus.DRAFT
