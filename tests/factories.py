"""Factories for every model, with English or Arabic text."""

import datetime

import factory
from django.contrib.contenttypes.models import ContentType
from PIL import Image

from registry import models as m


def term(vocabulary, code=None):
    terms = m.Term.objects.filter(vocabulary=vocabulary)
    return terms.get(code=code) if code else terms.first()


class AdminDivisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.AdminDivision
        django_get_or_create = ("country", "name")

    country = "SY"
    name = "Homs Governorate"
    name_ar = "محافظة حمص"
    code = "SY-HI"


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Actor

    name = factory.Sequence(lambda n: f"Armed group {n}")
    name_ar = "جماعة مسلحة"
    kind = m.ActorKind.ARMED_GROUP
    status = m.PublicationStatus.PUBLISHED


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Source

    title = factory.Sequence(lambda n: f"Report {n}")
    kind = m.SourceKind.NEWS
    status = m.PublicationStatus.PUBLISHED


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.HeritageSite

    name = factory.Sequence(lambda n: f"Site {n}")
    name_ar = "موقع"
    site_type = factory.LazyFunction(lambda: term("site_type", "archaeological-site"))
    country = "SY"
    latitude = "34.554167"
    longitude = "38.266667"
    location_sensitivity = m.LocationSensitivity.PUBLIC
    status = m.PublicationStatus.PUBLISHED


class StructureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Structure

    site = factory.SubFactory(SiteFactory)
    name = factory.Sequence(lambda n: f"Temple {n}")
    structure_type = factory.LazyFunction(lambda: term("structure_type", "temple"))
    status = m.PublicationStatus.PUBLISHED


class DamageEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.DamageEvent

    site = factory.SubFactory(SiteFactory)
    title = factory.Sequence(lambda n: f"Destruction {n}")
    date_mode = m.DateMode.ON
    date_precision = m.DatePrecision.MONTH
    date_from = datetime.date(2015, 8, 1)
    cause_category = m.CauseCategory.DELIBERATE
    status = m.PublicationStatus.PUBLISHED


class StructureDamageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.StructureDamage

    event = factory.SubFactory(DamageEventFactory)
    structure = factory.SubFactory(
        StructureFactory, site=factory.SelfAttribute("..event.site")
    )


class LootingIncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.LootingIncident

    site = factory.SubFactory(SiteFactory)
    title = factory.Sequence(lambda n: f"Illegal excavation {n}")
    kind = m.LootingKind.ILLEGAL_EXCAVATION
    date_mode = m.DateMode.ON
    date_precision = m.DatePrecision.YEAR
    date_from = datetime.date(2014, 1, 1)
    status = m.PublicationStatus.PUBLISHED


class CulturalObjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.CulturalObject

    title = factory.Sequence(lambda n: f"Funerary bust {n}")
    object_type = factory.LazyFunction(lambda: term("object_type", "funerary-bust"))
    current_status = m.ObjectStatus.MISSING
    status = m.PublicationStatus.PUBLISHED


class CustodyEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.CustodyEvent

    object = factory.SubFactory(CulturalObjectFactory)
    kind = m.CustodyKind.SEIZED


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Person

    name = factory.Sequence(lambda n: f"Custodian {n}")
    visibility = m.Visibility.PUBLIC
    status = m.PublicationStatus.PUBLISHED


class HarmEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.HarmEvent

    person = factory.SubFactory(PersonFactory)
    kind = m.HarmKind.KILLED


def attach(model, target, **values):
    return model.objects.create(
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        **values,
    )


def image_file(name="photo.jpg", size=(8, 8), fmt="JPEG"):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile

    buffer = BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def full_record_set(arabic=False):
    """One record of every model, linked together as curators would link them."""
    text = "تدمر" if arabic else "Palmyra"
    division = AdminDivisionFactory(name_ar="محافظة حمص")
    actor = ActorFactory(name_ar="داعش" if arabic else "")
    source = SourceFactory(title="تقرير" if arabic else "Report", publisher=actor)
    site = SiteFactory(name=text, name_ar="تدمر", admin_division=division)
    structure = StructureFactory(site=site, name_ar="معبد بل")
    event = DamageEventFactory(
        site=site, title_ar="تدمير معبد بل", perpetrator=actor, attribution="reported"
    )
    damage = StructureDamageFactory(event=event, structure=structure)
    incident = LootingIncidentFactory(site=site, title_ar="تنقيب غير مشروع")
    obj = CulturalObjectFactory(
        origin_site=site, looting_incident=incident, title_ar="تمثال نصفي"
    )
    custody = CustodyEventFactory(object=obj)
    person = PersonFactory(name_ar="خالد الأسعد", affiliation=actor)
    harm = HarmEventFactory(person=person, site=site)
    name = attach(m.Name, site, name="تدمر" if arabic else "Tadmur", language="ar")
    citation = attach(
        m.Citation, event, source=source, quote="اقتباس" if arabic else ""
    )
    media = attach(
        m.Media,
        site,
        file=image_file(),
        kind=m.MediaKind.AFTER,
        caption_ar="صورة" if arabic else "",
    )
    designation = m.Designation.objects.create(
        site=site, kind=m.DesignationKind.WORLD_HERITAGE, reference="23", year_from=1980
    )
    identifier = m.ExternalIdentifier.objects.create(
        site=site, scheme=m.IdentifierScheme.UNESCO_WHC, value="23"
    )
    reference = m.ObjectReference.objects.create(
        object=obj, kind=m.ReferenceKind.INVENTORY, value="PM-1"
    )
    return {
        m.AdminDivision: division,
        m.Actor: actor,
        m.Source: source,
        m.HeritageSite: site,
        m.Structure: structure,
        m.DamageEvent: event,
        m.StructureDamage: damage,
        m.LootingIncident: incident,
        m.CulturalObject: obj,
        m.CustodyEvent: custody,
        m.Person: person,
        m.HarmEvent: harm,
        m.Name: name,
        m.Citation: citation,
        m.Media: media,
        m.Designation: designation,
        m.ExternalIdentifier: identifier,
        m.ObjectReference: reference,
        m.Term: m.Term.objects.create(
            vocabulary="site_type",
            code="caravanserai",
            label_en="Caravanserai",
            label_ar="خان",
        ),
    }
