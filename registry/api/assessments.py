"""Condition assessments in the API: the list and detail at /api/v1/assessments/
(what a site's or structure's detail says of its current condition: nested.py)."""

from rest_framework import serializers

from registry.api.fields import Serializer, returns
from registry.api.nested import (
    ActorRef,
    CitationSerializer,
    DateSerializer,
    LocationSerializer,
    MediaSerializer,
    RecordSerializer,
    StructureRef,
    TermSerializer,
    location_of,
)
from registry.api.serializers import SiteSummarySerializer
from registry.api.views import LINKED_ART_RENDERERS, LocatedViewSet
from registry.interchange import linked_art
from registry.publishing import visibility
from registry.search.assessments import AssessmentFilterSet


class AssessmentListSerializer(RecordSerializer):
    view_name = "api:assessment-detail"

    site = SiteSummarySerializer()
    structure = StructureRef(allow_null=True)
    date = DateSerializer(source="*")
    method = serializers.CharField()
    assessor = serializers.CharField()
    organisation = ActorRef(allow_null=True)
    imagery_provider = serializers.CharField()
    imagery_date = serializers.DateField(allow_null=True)
    no_change = serializers.BooleanField(
        help_text="Nothing had changed since the previous assessment: its condition "
        "holds as of this date."
    )
    condition = serializers.CharField(
        help_text="The condition observed; empty for a 'no change' assessment."
    )
    certainty = serializers.CharField()
    verification = serializers.CharField()
    priority = serializers.CharField()
    location = serializers.SerializerMethodField()
    updated_at = serializers.DateTimeField()

    @returns(LocationSerializer)
    def get_location(self, assessment):
        site = assessment.site
        return location_of(site.latitude, site.longitude, site.location_sensitivity)


class DisturbanceSerializer(Serializer):
    effect = TermSerializer()
    cause = TermSerializer(allow_null=True)
    certainty = serializers.CharField()


class ThreatSerializer(Serializer):
    category = TermSerializer()
    probability = serializers.CharField()


class AssessmentDetailSerializer(AssessmentListSerializer):
    recommendation = serializers.CharField()
    description = serializers.CharField()
    description_ar = serializers.CharField()
    disturbances = DisturbanceSerializer(many=True)
    threats = ThreatSerializer(many=True)
    media = MediaSerializer(many=True)
    citations = CitationSerializer(many=True)


class AssessmentViewSet(LocatedViewSet):
    """Dated condition assessments of sites and structures (EAMENA's assessment
    record): method, assessor, imagery and its date, the condition observed or "no
    change", disturbances with their certainty, threats with their probability,
    and the recommended priority. Located by their site's public location."""

    querysets = (visibility.assessments, visibility.assessment_detail)
    list_serializer_class = AssessmentListSerializer
    detail_serializer_class = AssessmentDetailSerializer
    filterset_class = AssessmentFilterSet
    facet_kind = "assessment"
    export_name = "assessments"
    linked_art = staticmethod(linked_art.assessment)
    renderer_classes = [*LocatedViewSet.renderer_classes, *LINKED_ART_RENDERERS]
