"""Serializers of the public API. Every field is listed: nothing curator-only can leak.

They read the querysets of ``registry.publishing.visibility`` (published records,
related data already filtered) and apply the protection rules of
``registry.publishing.privacy``. The building blocks are in ``registry.api.nested``,
the fast read-only base and the API's own fields in ``registry.api.fields``.
"""

from django.utils.translation import get_language
from rest_framework import serializers

from registry.api.fields import AttributionField, Serializer, of_related, returns
from registry.api.nested import (
    ActorRef,
    AdminDivisionSerializer,
    CitationSerializer,
    CountrySerializer,
    DamageEventRef,
    DateSerializer,
    LocationSerializer,
    MediaSerializer,
    Monitored,
    NameSerializer,
    ObjectRef,
    PersonRef,
    RecordSerializer,
    SiteRef,
    StructureRef,
    TermSerializer,
    location_of,
)
from registry.publishing.privacy import person_is_named, person_public_name

# Sites -------------------------------------------------------------------------------


class DesignationSerializer(Serializer):
    kind = serializers.CharField()
    reference = serializers.CharField()
    criteria = serializers.CharField()
    year_from = serializers.IntegerField(allow_null=True)
    year_to = serializers.IntegerField(allow_null=True)
    note = serializers.CharField()


def codes(help_text, source=None):
    """A list of codes (or short texts), one CSV cell joined by "; "."""
    options = {"source": source} if source else {}
    return serializers.ListField(
        child=serializers.CharField(), help_text=help_text, **options
    )


class IdentifierSerializer(Serializer):
    scheme = serializers.CharField()
    value = serializers.CharField()
    url = serializers.CharField()


class SiteListSerializer(RecordSerializer):
    view_name = "api:site-detail"

    name = serializers.CharField()
    name_ar = serializers.CharField()
    site_type = TermSerializer()
    country = CountrySerializer()
    other_countries = CountrySerializer(many=True)
    admin_division = AdminDivisionSerializer(allow_null=True)
    location = serializers.SerializerMethodField()
    location_certainty = serializers.CharField()
    condition = serializers.CharField()
    designations = DesignationSerializer(many=True)
    # The World Heritage facts, flat (also the CSV's columns of the same names).
    unesco_id = serializers.CharField(
        allow_null=True, help_text="UNESCO's reference of the property (id_no)."
    )
    world_heritage_since = serializers.IntegerField(
        allow_null=True, help_text="Year of inscription on the World Heritage List."
    )
    world_heritage_until = serializers.IntegerField(
        allow_null=True,
        help_text="Year the property left the List (delisted, merged); null if listed.",
    )
    criteria = codes("UNESCO's criteria: ['i', 'ii', 'iv'].", "criteria_codes")
    in_danger_periods = codes("Periods on the List in Danger: ['1982–', '1997–2005'].")
    category = serializers.CharField(
        source="unesco_category", help_text="cultural, natural, mixed, or ''."
    )
    region = codes("UNESCO region codes (several if transboundary).", "region_codes")
    area_ha = serializers.DecimalField(
        source="area_hectares", max_digits=12, decimal_places=2, allow_null=True
    )
    countries = codes("Every country of the site, ISO 3166-1 codes.", "country_codes")
    damage_event_count = serializers.IntegerField()
    looting_incident_count = serializers.IntegerField()
    updated_at = serializers.DateTimeField()

    @returns(LocationSerializer)
    def get_location(self, site):
        return location_of(site.latitude, site.longitude, site.location_sensitivity)


class StructureInSiteSerializer(RecordSerializer):
    view_name = "api:structure-detail"
    name = serializers.CharField()
    name_ar = serializers.CharField()
    structure_type = TermSerializer()
    condition = serializers.CharField()


class EventInSiteSerializer(RecordSerializer):
    view_name = "api:damageevent-detail"
    title = serializers.CharField()
    title_ar = serializers.CharField()
    date = DateSerializer(source="*")
    cause_category = serializers.CharField()
    condition_after = serializers.CharField()
    perpetrator = ActorRef(allow_null=True)
    attribution = AttributionField()
    certainty = serializers.CharField()


class IncidentInSiteSerializer(RecordSerializer):
    view_name = "api:lootingincident-detail"
    title = serializers.CharField()
    title_ar = serializers.CharField()
    kind = serializers.CharField()
    date = DateSerializer(source="*")


class SiteDetailSerializer(Monitored, SiteListSerializer):
    names = NameSerializer(many=True)
    identifiers = IdentifierSerializer(many=True)
    periods = TermSerializer(many=True)
    area_hectares = serializers.DecimalField(
        max_digits=12, decimal_places=2, allow_null=True
    )
    description = serializers.CharField()
    description_ar = serializers.CharField()
    structures = StructureInSiteSerializer(many=True)
    # The most recent ones only (visibility.NESTED_LIMIT); the counts give the
    # totals and the lists filtered by ?site= give every one.
    damage_events = EventInSiteSerializer(
        source="latest_damage_events",
        many=True,
        help_text="The 50 most recent damage events, newest first; "
        "damage_event_count is the total, /damage-events/?site=<id> lists them all.",
    )
    looting_incidents = IncidentInSiteSerializer(
        source="latest_looting_incidents",
        many=True,
        help_text="The 50 most recent looting incidents, newest first; "
        "/looting-incidents/?site=<id> lists them all.",
    )
    cultural_object_count = serializers.IntegerField()
    cultural_objects = ObjectRef(
        source="latest_cultural_objects",
        many=True,
        help_text="The 50 objects last recorded; /objects/?site=<id> lists all.",
    )
    people = PersonRef(many=True)
    media = MediaSerializer(many=True)
    citations = CitationSerializer(many=True)


# Structures --------------------------------------------------------------------------


class StructureListSerializer(RecordSerializer):
    view_name = "api:structure-detail"

    site = SiteRef()
    name = serializers.CharField()
    name_ar = serializers.CharField()
    structure_type = TermSerializer()
    condition = serializers.CharField()
    location = serializers.SerializerMethodField()
    updated_at = serializers.DateTimeField()

    @returns(LocationSerializer)
    def get_location(self, structure):
        own = structure.has_point
        source = structure if own else structure.site
        return location_of(
            source.latitude,
            source.longitude,
            structure.site.location_sensitivity,
        )


class DamageToStructureSerializer(Serializer):
    event = DamageEventRef()
    effects = TermSerializer(many=True)
    extent = serializers.CharField()
    condition_after = serializers.CharField()


class StructureDetailSerializer(Monitored, StructureListSerializer):
    names = NameSerializer(many=True)
    periods = TermSerializer(many=True)
    materials = TermSerializer(many=True)
    description = serializers.CharField()
    description_ar = serializers.CharField()
    damage = DamageToStructureSerializer(many=True)
    media = MediaSerializer(many=True)
    citations = CitationSerializer(many=True)


# Events ------------------------------------------------------------------------------


class SiteSummarySerializer(SiteRef):
    country = CountrySerializer()
    admin_division = AdminDivisionSerializer(allow_null=True)

    def shared_key(self, site, language=None):
        # The country's name is in the language.
        return id(site), language or get_language()

    class Meta:
        ref_name = "site-summary"


class AttributedSerializer(RecordSerializer):
    site = SiteSummarySerializer()
    title = serializers.CharField()
    title_ar = serializers.CharField()
    date = DateSerializer(source="*")
    perpetrator = ActorRef(allow_null=True)
    attribution = AttributionField()
    certainty = serializers.CharField()
    verification = serializers.CharField()
    location = serializers.SerializerMethodField()
    updated_at = serializers.DateTimeField()

    @returns(LocationSerializer)
    @of_related("site")
    def get_location(self, event):
        site = event.site
        return location_of(site.latitude, site.longitude, site.location_sensitivity)


class DamageEventListSerializer(AttributedSerializer):
    view_name = "api:damageevent-detail"

    cause_category = serializers.CharField()
    cause_type = TermSerializer(allow_null=True)
    effects = TermSerializer(many=True)
    extent = serializers.CharField()
    condition_after = serializers.CharField()


class StructureDamageSerializer(Serializer):
    structure = StructureRef()
    effects = TermSerializer(many=True)
    extent = serializers.CharField()
    condition_after = serializers.CharField()
    note = serializers.CharField()


class DamageEventDetailSerializer(DamageEventListSerializer):
    description = serializers.CharField()
    description_ar = serializers.CharField()
    structures = StructureDamageSerializer(many=True, source="structure_damage")
    media = MediaSerializer(many=True)
    citations = CitationSerializer(many=True)


class LootingIncidentListSerializer(AttributedSerializer):
    view_name = "api:lootingincident-detail"

    kind = serializers.CharField()
    pit_count = serializers.IntegerField(allow_null=True)
    scale = serializers.CharField()


class LootingIncidentDetailSerializer(LootingIncidentListSerializer):
    description = serializers.CharField()
    description_ar = serializers.CharField()
    cultural_objects = ObjectRef(many=True)
    media = MediaSerializer(many=True)
    citations = CitationSerializer(many=True)


# People ------------------------------------------------------------------------------


class PersonListSerializer(RecordSerializer):
    """Public: the name. Pseudonymous: the pseudonym only, nothing that identifies."""

    view_name = "api:person-detail"

    name = serializers.SerializerMethodField()
    name_ar = serializers.SerializerMethodField()
    visibility = serializers.CharField()
    roles = TermSerializer(many=True)
    affiliation = serializers.SerializerMethodField()
    deceased = serializers.BooleanField()
    updated_at = serializers.DateTimeField()

    def get_name(self, person) -> str:
        return person_public_name(person)

    def get_name_ar(self, person) -> str:
        return person.name_ar if person_is_named(person) else ""

    @returns(ActorRef(allow_null=True))
    def get_affiliation(self, person):
        if not (person_is_named(person) and person.affiliation):
            return None
        return ActorRef(person.affiliation, context=self.context).data


class HarmEventSerializer(Serializer):
    kind = serializers.CharField()
    date = DateSerializer(source="*")
    site = SiteRef(allow_null=True)
    place = serializers.CharField()
    perpetrator = ActorRef(allow_null=True)
    attribution = AttributionField()
    certainty = serializers.CharField()
    verification = serializers.CharField()
    description = serializers.CharField()
    description_ar = serializers.CharField()
    citations = CitationSerializer(many=True)


class PersonDetailSerializer(PersonListSerializer):
    """Other names, sites looked after, birth year: only for people named publicly."""

    names = serializers.SerializerMethodField()
    sites = serializers.SerializerMethodField()
    media = serializers.SerializerMethodField()
    birth_year = serializers.SerializerMethodField()
    biography = serializers.CharField()
    biography_ar = serializers.CharField()
    harm_events = HarmEventSerializer(many=True)
    citations = CitationSerializer(many=True)

    @returns(NameSerializer(many=True))
    def get_names(self, person):
        if not person_is_named(person):
            return []
        return NameSerializer(person.names.all(), many=True).data

    @returns(MediaSerializer(many=True))
    def get_media(self, person):
        # A photograph would identify a pseudonymous person.
        if not person_is_named(person):
            return []
        return MediaSerializer(person.media.all(), many=True, context=self.context).data

    @returns(SiteRef(many=True))
    def get_sites(self, person):
        if not person_is_named(person):
            return []
        return SiteRef(person.sites.all(), many=True, context=self.context).data

    def get_birth_year(self, person) -> int | None:
        # A year only, and only for the dead: living people's birth dates stay private.
        return (
            person.birth_year if person_is_named(person) and person.deceased else None
        )


# Actors and sources ------------------------------------------------------------------


class ActorSerializer(RecordSerializer):
    view_name = "api:actor-detail"

    name = serializers.CharField()
    name_ar = serializers.CharField()
    kind = serializers.CharField()
    country = CountrySerializer()
    parent = ActorRef(allow_null=True)
    aliases = NameSerializer(many=True, source="names")
    description = serializers.CharField()
    description_ar = serializers.CharField()
    updated_at = serializers.DateTimeField()


class SourceSerializer(RecordSerializer):
    view_name = "api:source-detail"

    title = serializers.CharField()
    kind = serializers.CharField()
    publisher = ActorRef(allow_null=True)
    author = serializers.CharField()
    url = serializers.CharField()
    archive_url = serializers.CharField()
    published_on = serializers.DateField(allow_null=True)
    accessed_on = serializers.DateField(allow_null=True)
    language = serializers.CharField()
    imagery_platform = serializers.CharField()
    imagery_acquired_on = serializers.DateField(allow_null=True)
    description = serializers.CharField()
    updated_at = serializers.DateTimeField()


class CaptureSerializer(Serializer):
    """A copy of the source that the registry keeps: when it was captured and the
    SHA-256 of the bytes kept; its kind, size and download address only when an
    editor made the copy public (``SourceCapture.public_view``)."""

    captured_at = serializers.DateTimeField()
    sha256 = serializers.CharField()
    publishable = serializers.BooleanField()
    content_type = serializers.CharField(allow_null=True)
    size = serializers.IntegerField(allow_null=True)
    download = serializers.CharField(
        allow_null=True, help_text="The copy itself, when it is public."
    )

    def to_representation(self, instance):
        if not isinstance(instance, dict):
            instance = instance.public_view()
        request = self.context.get("request")
        if instance["download"] and request is not None:
            instance = {
                **instance,
                "download": request.build_absolute_uri(instance["download"]),
            }
        return super().to_representation(instance)


class SourceDetailSerializer(SourceSerializer):
    captures = CaptureSerializer(many=True)


# Vocabularies and the change feed ----------------------------------------------------


class VocabularyTermSerializer(Serializer):
    code = serializers.CharField()
    label_en = serializers.CharField()
    label_ar = serializers.CharField()
    broader = serializers.CharField(allow_null=True)
    aat_uri = serializers.CharField()


class VocabularySerializer(Serializer):
    name = serializers.CharField()
    label_en = serializers.CharField()
    label_ar = serializers.CharField()
    kind = serializers.ChoiceField(choices=["scale", "vocabulary"])
    terms = VocabularyTermSerializer(many=True)


class ChangeSerializer(Serializer):
    type = serializers.CharField()
    id = serializers.UUIDField()
    action = serializers.ChoiceField(choices=["published", "updated", "withdrawn"])
    at = serializers.DateTimeField()
    url = serializers.CharField(allow_null=True)
