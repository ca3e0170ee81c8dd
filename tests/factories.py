"""Factories for every model, with English or Arabic text."""

import datetime

import factory
from django.contrib.contenttypes.models import ContentType
from PIL import Image

from registry.models import (
    Actor,
    ActorKind,
    AdminDivision,
    CauseCategory,
    Citation,
    ConditionAssessment,
    CulturalObject,
    CustodyEvent,
    CustodyKind,
    DamageEvent,
    DateMode,
    DatePrecision,
    Designation,
    DesignationKind,
    Disturbance,
    ExternalIdentifier,
    HarmEvent,
    HarmKind,
    HeritageSite,
    IdentifierScheme,
    LocationSensitivity,
    LootingIncident,
    LootingKind,
    Media,
    MediaKind,
    Name,
    ObjectReference,
    ObjectStatus,
    Person,
    PublicationStatus,
    ReferenceKind,
    Source,
    SourceKind,
    Structure,
    StructureDamage,
    Term,
    Threat,
    Visibility,
)


def term(vocabulary, code=None):
    terms = Term.objects.filter(vocabulary=vocabulary)
    return terms.get(code=code) if code else terms.first()


class AdminDivisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdminDivision
        django_get_or_create = ("country", "name")

    country = "SY"
    name = "Homs Governorate"
    name_ar = "محافظة حمص"
    code = "SY-HI"


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actor

    name = factory.Sequence(lambda n: f"Armed group {n}")
    name_ar = "جماعة مسلحة"
    kind = ActorKind.ARMED_GROUP
    status = PublicationStatus.PUBLISHED


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    title = factory.Sequence(lambda n: f"Report {n}")
    kind = SourceKind.NEWS
    status = PublicationStatus.PUBLISHED


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HeritageSite

    name = factory.Sequence(lambda n: f"Site {n}")
    name_ar = "موقع"
    site_type = factory.LazyFunction(lambda: term("site_type", "archaeological-site"))
    country = "SY"
    latitude = "34.554167"
    longitude = "38.266667"
    location_sensitivity = LocationSensitivity.PUBLIC
    status = PublicationStatus.PUBLISHED


class StructureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Structure

    site = factory.SubFactory(SiteFactory)
    name = factory.Sequence(lambda n: f"Temple {n}")
    structure_type = factory.LazyFunction(lambda: term("structure_type", "temple"))
    status = PublicationStatus.PUBLISHED


class DamageEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DamageEvent

    site = factory.SubFactory(SiteFactory)
    title = factory.Sequence(lambda n: f"Destruction {n}")
    date_mode = DateMode.ON
    date_precision = DatePrecision.MONTH
    date_from = datetime.date(2015, 8, 1)
    cause_category = CauseCategory.DELIBERATE
    status = PublicationStatus.PUBLISHED


class StructureDamageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StructureDamage

    event = factory.SubFactory(DamageEventFactory)
    structure = factory.SubFactory(
        StructureFactory, site=factory.SelfAttribute("..event.site")
    )


class LootingIncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LootingIncident

    site = factory.SubFactory(SiteFactory)
    title = factory.Sequence(lambda n: f"Illegal excavation {n}")
    kind = LootingKind.ILLEGAL_EXCAVATION
    date_mode = DateMode.ON
    date_precision = DatePrecision.YEAR
    date_from = datetime.date(2014, 1, 1)
    status = PublicationStatus.PUBLISHED


class CulturalObjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CulturalObject

    title = factory.Sequence(lambda n: f"Funerary bust {n}")
    object_type = factory.LazyFunction(lambda: term("object_type", "funerary-bust"))
    current_status = ObjectStatus.MISSING
    status = PublicationStatus.PUBLISHED


class CustodyEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CustodyEvent

    object = factory.SubFactory(CulturalObjectFactory)
    kind = CustodyKind.SEIZED


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Custodian {n}")
    visibility = Visibility.PUBLIC
    status = PublicationStatus.PUBLISHED


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConditionAssessment

    site = factory.SubFactory(SiteFactory)
    date_mode = DateMode.ON
    date_precision = DatePrecision.DAY
    date_from = datetime.date(2016, 3, 12)
    method = "satellite"
    condition = "good"
    status = PublicationStatus.PUBLISHED


class HarmEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HarmEvent

    person = factory.SubFactory(PersonFactory)
    kind = HarmKind.KILLED


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
    name = attach(Name, site, name="تدمر" if arabic else "Tadmur", language="ar")
    citation = attach(Citation, event, source=source, quote="اقتباس" if arabic else "")
    media = attach(
        Media,
        site,
        file=image_file(),
        kind=MediaKind.AFTER,
        caption_ar="صورة" if arabic else "",
    )
    designation = Designation.objects.create(
        site=site, kind=DesignationKind.WORLD_HERITAGE, reference="23", year_from=1980
    )
    identifier = ExternalIdentifier.objects.create(
        site=site, scheme=IdentifierScheme.UNESCO_WHC, value="23"
    )
    reference = ObjectReference.objects.create(
        object=obj, kind=ReferenceKind.INVENTORY, value="PM-1"
    )
    assessment = AssessmentFactory(
        site=site,
        structure=structure,
        organisation=actor,
        condition="very_bad",
        description_ar="أضرار جسيمة" if arabic else "",
    )
    disturbance = Disturbance.objects.create(
        assessment=assessment, effect=term("effect_type"), certainty="high"
    )
    threat = Threat.objects.create(
        assessment=assessment, category=term("threat", "looting"), probability="high"
    )
    return {
        AdminDivision: division,
        Actor: actor,
        Source: source,
        HeritageSite: site,
        Structure: structure,
        DamageEvent: event,
        StructureDamage: damage,
        LootingIncident: incident,
        CulturalObject: obj,
        CustodyEvent: custody,
        Person: person,
        HarmEvent: harm,
        Name: name,
        Citation: citation,
        Media: media,
        Designation: designation,
        ExternalIdentifier: identifier,
        ObjectReference: reference,
        ConditionAssessment: assessment,
        Disturbance: disturbance,
        Threat: threat,
        Term: Term.objects.create(
            vocabulary="site_type",
            code="caravanserai",
            label_en="Caravanserai",
            label_ar="خان",
        ),
    }


# Every kind of record with a public page and detail: its factory, its API endpoint
# and its catalogue kind.
RECORD_KINDS = [
    (SiteFactory, "sites", "site"),
    (StructureFactory, "structures", "structure"),
    (DamageEventFactory, "damage-events", "damage-event"),
    (LootingIncidentFactory, "looting-incidents", "looting-incident"),
    (CulturalObjectFactory, "objects", "object"),
    (PersonFactory, "people", "person"),
    (ActorFactory, "actors", "actor"),
    (SourceFactory, "sources", "source"),
    (AssessmentFactory, "assessments", "assessment"),
]
