"""Serializers of looted and trafficked objects (Object ID), with their reference
numbers, custody chain and similar objects."""

from rest_framework import serializers

from registry.api.fields import Serializer, returns
from registry.api.nested import (
    ActorRef,
    CitationSerializer,
    CountrySerializer,
    DateSerializer,
    LootingIncidentRef,
    MediaSerializer,
    NameSerializer,
    ObjectRef,
    RecordSerializer,
    SiteRef,
    StructureRef,
    TermSerializer,
)
from registry.search.similar import similar_objects


class ObjectTypeSerializer(TermSerializer):
    broader = TermSerializer(source="parent", allow_null=True)


class CulturalObjectListSerializer(RecordSerializer):
    view_name = "api:culturalobject-detail"

    title = serializers.CharField()
    title_ar = serializers.CharField()
    object_type = ObjectTypeSerializer()
    materials = TermSerializer(many=True)
    red_list_category = serializers.CharField()
    status = serializers.CharField(source="current_status")
    origin_site = SiteRef(allow_null=True)
    looting_incident = LootingIncidentRef(allow_null=True)
    country_of_origin = CountrySerializer()
    holding_institution = serializers.CharField()
    # Who made it and when, as the list says them: an officer reading an export of
    # a search tells a Pymonenko from the other paintings by these columns.
    maker = serializers.CharField()
    date_text = serializers.CharField()
    updated_at = serializers.DateTimeField()


class ReferenceSerializer(Serializer):
    kind = serializers.CharField()
    value = serializers.CharField()
    issuer = serializers.CharField()


class CustodyEventSerializer(Serializer):
    kind = serializers.CharField()
    date = DateSerializer(source="*")
    place = serializers.CharField()
    country = CountrySerializer()
    from_actor = ActorRef(allow_null=True)
    to_actor = ActorRef(allow_null=True)
    price = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    currency = serializers.CharField()
    description = serializers.CharField()
    citations = CitationSerializer(many=True)


class CulturalObjectDetailSerializer(CulturalObjectListSerializer):
    names = NameSerializer(many=True)
    techniques = TermSerializer(many=True)
    height_cm = serializers.DecimalField(
        max_digits=9, decimal_places=2, allow_null=True
    )
    width_cm = serializers.DecimalField(max_digits=9, decimal_places=2, allow_null=True)
    depth_cm = serializers.DecimalField(max_digits=9, decimal_places=2, allow_null=True)
    diameter_cm = serializers.DecimalField(
        max_digits=9, decimal_places=2, allow_null=True
    )
    weight_g = serializers.DecimalField(max_digits=9, decimal_places=2, allow_null=True)
    measurements_note = serializers.CharField()
    inscriptions = serializers.CharField()
    distinguishing_features = serializers.CharField()
    subject = serializers.CharField()
    period = TermSerializer(allow_null=True)
    description = serializers.CharField()
    description_ar = serializers.CharField()
    find_spot = serializers.CharField()
    provenance = serializers.CharField()
    source_url = serializers.CharField()
    origin_structure = StructureRef(allow_null=True)
    date_documented = serializers.DateField(allow_null=True)
    references = ReferenceSerializer(many=True)
    custody_chain = CustodyEventSerializer(many=True, source="custody_events")
    media = MediaSerializer(many=True)
    citations = CitationSerializer(many=True)
    similar = serializers.SerializerMethodField()

    @returns(ObjectRef(many=True))
    def get_similar(self, obj):
        """Public objects of the same type, sharing a material, close in size and
        period (registry.search.similar)."""
        return ObjectRef(similar_objects(obj), many=True, context=self.context).data
