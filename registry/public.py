"""The public querysets: published records with the related data a reader needs.

Shared by the API and the catalogue. Every relation is fetched through a
``published()`` queryset (``Prefetch``), forward foreign keys included, so a draft
perpetrator or a withdrawn structure is simply absent from nested data: nothing
downstream checks statuses again. Query counts stay constant per page.
"""

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce

from registry import models as m
from registry.privacy import annotate_public_location


def published(model, lookup, queryset=None):
    """Prefetch ``lookup`` keeping only public records of ``model``."""
    return Prefetch(
        lookup,
        queryset=(queryset if queryset is not None else model.objects).published(),
    )


def citations():
    """Citations whose source is public (a confidential one is shown as such)."""
    return Prefetch(
        "citations",
        queryset=m.Citation.objects.filter(
            m.Source.citable_q("source__")
        ).select_related("source"),
    )


def media():
    """Published photographs (the record itself is public, or it would not be here)."""
    return Prefetch("media", queryset=m.Media.objects.published().order_by("pk"))


def count_of(model, fk):
    """A subquery counting the public ``model`` rows pointing at a record by ``fk``."""
    rows = (
        model.objects.published()
        .filter(**{fk: OuterRef("pk")})
        .order_by()
        .values(fk)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


# Sites -------------------------------------------------------------------------------


def sites():
    return annotate_public_location(
        m.HeritageSite.objects.published()
        .select_related("site_type", "admin_division")
        .prefetch_related("designations")
        .annotate(
            damage_event_count=count_of(m.DamageEvent, "site"),
            looting_incident_count=count_of(m.LootingIncident, "site"),
        )
    )


def site_detail():
    return sites().prefetch_related(
        "names",
        "identifiers",
        "periods",
        citations(),
        media(),
        published(
            m.Structure,
            "structures",
            m.Structure.objects.select_related("structure_type"),
        ),
        published(
            m.DamageEvent,
            "damage_events",
            m.DamageEvent.objects.order_by("date_earliest", "pk").prefetch_related(
                published(m.Actor, "perpetrator")
            ),
        ),
        published(
            m.LootingIncident,
            "looting_incidents",
            m.LootingIncident.objects.order_by("date_earliest", "pk"),
        ),
        published(m.CulturalObject, "cultural_objects"),
        published(m.Person, "people"),
    )


# Structures --------------------------------------------------------------------------


def structures():
    return annotate_public_location(
        m.Structure.objects.published().select_related("site", "structure_type"),
        site_prefix="site__",
        point_prefixes=("", "site__"),
    )


def structure_detail():
    return structures().prefetch_related(
        "names",
        "periods",
        "materials",
        citations(),
        media(),
        published(
            m.StructureDamage,
            "damage",
            m.StructureDamage.objects.select_related("event").prefetch_related(
                "effects"
            ),
        ),
    )


# Events ------------------------------------------------------------------------------


def damage_events():
    return annotate_public_location(
        m.DamageEvent.objects.published()
        .select_related("site", "site__admin_division", "cause_type")
        .prefetch_related("effects", published(m.Actor, "perpetrator")),
        site_prefix="site__",
        point_prefixes=("site__",),
    )


def damage_event_detail():
    return damage_events().prefetch_related(
        citations(),
        media(),
        published(
            m.StructureDamage,
            "structure_damage",
            m.StructureDamage.objects.select_related("structure").prefetch_related(
                "effects"
            ),
        ),
    )


def looting_incidents():
    return annotate_public_location(
        m.LootingIncident.objects.published()
        .select_related("site", "site__admin_division")
        .prefetch_related(published(m.Actor, "perpetrator")),
        site_prefix="site__",
        point_prefixes=("site__",),
    )


def looting_incident_detail():
    return looting_incidents().prefetch_related(
        citations(),
        media(),
        published(
            m.CulturalObject,
            "cultural_objects",
            m.CulturalObject.objects.select_related("object_type"),
        ),
    )


# Objects -----------------------------------------------------------------------------


def cultural_objects():
    return (
        m.CulturalObject.objects.published()
        .select_related("object_type", "object_type__parent", "period")
        .prefetch_related(
            "materials",
            published(m.HeritageSite, "origin_site"),
            published(m.LootingIncident, "looting_incident"),
        )
    )


def cultural_object_detail():
    actors = m.Actor.objects.all()
    return cultural_objects().prefetch_related(
        "techniques",
        "references",
        "names",
        citations(),
        media(),
        published(m.Structure, "origin_structure"),
        published(
            m.CustodyEvent,
            "custody_events",
            m.CustodyEvent.objects.order_by("date_earliest", "pk").prefetch_related(
                published(m.Actor, "from_actor", actors),
                published(m.Actor, "to_actor", actors),
                citations(),
            ),
        ),
    )


# People, actors, sources -------------------------------------------------------------


def people():
    return m.Person.objects.published().prefetch_related(
        "roles",
        published(m.Actor, "affiliation"),
        published(m.HeritageSite, "sites"),
    )


def person_detail():
    return people().prefetch_related(
        "names",
        citations(),
        media(),
        published(
            m.HarmEvent,
            "harm_events",
            m.HarmEvent.objects.order_by("date_earliest", "pk").prefetch_related(
                published(m.HeritageSite, "site"),
                published(m.Actor, "perpetrator"),
                citations(),
            ),
        ),
    )


def actors():
    return m.Actor.objects.published().prefetch_related(
        "names", published(m.Actor, "parent")
    )


def sources():
    """Public sources; a confidential one is not (``Source.extra_published_q``)."""
    return m.Source.objects.published().prefetch_related(
        published(m.Actor, "publisher")
    )
