"""The record types the catalogue's search box covers: how each is queried,
filtered, ranked and shown."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from registry.models import (
    Actor,
    CulturalObject,
    DamageEvent,
    HeritageSite,
    LootingIncident,
    Person,
    Source,
    Structure,
)
from registry.publishing import visibility
from registry.search import filtersets


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    model: type
    queryset: callable
    filterset: type
    view: str
    # catalogue parameter -> FilterSet parameter, for the facets this kind supports
    params: dict = field(default_factory=dict)
    # Supporting records (actors, sources) rank below the records they support.
    weight: float = 1.0
    # The records as a result line shows them, when lighter than ``queryset``.
    results: callable = None

    @property
    def singular(self):
        return SINGULAR[self.code]


def _same(*names):
    return {name: name for name in names}


KINDS = [
    Kind(
        "site",
        _("Heritage sites"),
        HeritageSite,
        visibility.sites,
        filtersets.SiteFilterSet,
        "catalogue:site",
        _same(
            "country",
            "admin_division",
            "site_type",
            "condition",
            "region",
            "category",
            "designation",
        ),
        # Without the counts of events: 53 ms for twenty sites with a thousand each.
        results=visibility.site_summaries,
    ),
    Kind(
        "structure",
        _("Structures"),
        Structure,
        visibility.structures,
        filtersets.StructureFilterSet,
        "catalogue:structure",
        _same("country", "admin_division", "site_type", "condition"),
    ),
    Kind(
        "damage-event",
        _("Damage events"),
        DamageEvent,
        visibility.damage_events,
        filtersets.DamageEventFilterSet,
        "catalogue:damage-event",
        {
            **_same(
                "country",
                "admin_division",
                "site_type",
                "cause_category",
                "perpetrator",
            ),
            "condition": "condition_after",
            "year": "year",
        },
    ),
    Kind(
        "looting-incident",
        _("Looting incidents"),
        LootingIncident,
        visibility.looting_incidents,
        filtersets.LootingIncidentFilterSet,
        "catalogue:looting-incident",
        _same("country", "admin_division", "site_type", "perpetrator", "year"),
    ),
    Kind(
        "object",
        _("Cultural objects"),
        CulturalObject,
        visibility.cultural_objects,
        filtersets.CulturalObjectFilterSet,
        "catalogue:object",
        _same(
            "country",
            "admin_division",
            "site_type",
            "status",
            "object_type",
            "period",
            "material",
        ),
    ),
    Kind(
        "person",
        _("People"),
        Person,
        visibility.people,
        filtersets.PersonFilterSet,
        "catalogue:person",
    ),
    Kind(
        "actor",
        _("Actors"),
        Actor,
        visibility.actors,
        filtersets.ActorFilterSet,
        "catalogue:actor",
        weight=0.9,
    ),
    Kind(
        "source",
        _("Sources"),
        Source,
        visibility.sources,
        filtersets.SourceFilterSet,
        "catalogue:source",
        weight=0.6,
    ),
]
KIND_BY_CODE = {kind.code: kind for kind in KINDS}
SINGULAR = {
    "site": _("Heritage site"),
    "structure": _("Structure"),
    "damage-event": _("Damage event"),
    "looting-incident": _("Looting incident"),
    "object": _("Cultural object"),
    "person": _("Person"),
    "actor": _("Actor"),
    "source": _("Source"),
}
