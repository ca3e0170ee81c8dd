"""Serializers of the public API. Every field is listed: nothing curator-only can leak.

They read the querysets of ``registry.publishing.visibility`` (published records,
related data already filtered) and apply the protection rules of
``registry.publishing.privacy``.
"""

from collections.abc import Mapping

from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse
from django.utils.translation import get_language
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import SkipField, is_simple_callable
from rest_framework.relations import RelatedField

from registry.models.base import Dated
from registry.publishing.privacy import (
    location_precision,
    person_is_named,
    person_public_name,
    public_citation,
    public_point,
)

# Fast representation -----------------------------------------------------------------
#
# DRF's ``Serializer.to_representation`` asks every field, for every record, to find
# its value (``Field.get_attribute``: a loop over the source's parts, an abstract
# ``Mapping`` check and a callable check on each) and then to represent it. At 50
# records of some 40 nested fields a page, that machinery cost as much as the SQL.
# ``Serializer`` below does the same thing with the work that does not depend on the
# record done once per serializer: the fields in order, each one's source and how it
# represents a value. Whatever is out of the ordinary (a missing attribute, a
# callable, a mapping without the key) goes through DRF's own ``get_attribute``, so
# every answer is exactly DRF's.


def _converter(field):
    """How ``field`` represents a value that is not None: DRF's own method, or the
    builtin it amounts to for the plain scalar fields."""
    kind = type(field)
    if kind is serializers.CharField:
        return str
    if kind is serializers.UUIDField and field.uuid_format == "hex_verbose":
        return str
    if kind is serializers.IntegerField:
        return int
    if kind is serializers.FloatField:
        return float
    if kind is serializers.SerializerMethodField:
        return getattr(field.parent, field.method_name)
    return field.to_representation


_IS_MAPPING = {}


def _is_mapping(instance):
    kind = type(instance)
    try:
        return _IS_MAPPING[kind]
    except KeyError:
        result = _IS_MAPPING[kind] = isinstance(instance, Mapping)
        return result


# A read-only serializer whose ``to_representation`` is DRF's, precompiled. (No
# docstring: drf-spectacular would give it to every schema component without one.)
class Serializer(serializers.Serializer):
    _plan = None

    def _compile(self):
        plan = []
        for field in self._readable_fields:
            if isinstance(field, RelatedField):
                return None  # PKOnlyObject and friends: DRF's way
            attrs = tuple(field.source_attrs)
            single = attrs[0] if len(attrs) == 1 else None
            plan.append(
                (field.field_name, single, bool(attrs), _converter(field), field)
            )
        return plan

    def to_representation(self, instance):
        plan = self._plan
        if plan is None:
            plan = self._plan = self._compile()
            if plan is None:
                self._plan = False
        if not plan:
            return super().to_representation(instance)
        ret = {}
        mapping = _is_mapping(instance)
        for name, attr, has_source, convert, field in plan:
            if not has_source:  # source="*": the record itself
                value = instance
            else:
                value = _MISSING
                if attr is not None:
                    try:
                        value = instance[attr] if mapping else getattr(instance, attr)
                    except (KeyError, AttributeError, ObjectDoesNotExist):
                        value = _MISSING
                    else:
                        if callable(value) and is_simple_callable(value):
                            value = _MISSING
                if value is _MISSING:
                    try:
                        value = field.get_attribute(instance)
                    except SkipField:
                        continue
            ret[name] = None if value is None else convert(value)
        return ret


_MISSING = object()


# Small building blocks ---------------------------------------------------------------


class TermSerializer(Serializer):
    code = serializers.CharField()
    label_en = serializers.CharField()
    label_ar = serializers.CharField()


class CountrySerializer(Serializer):
    """ISO 3166-1 code and English name ("" for both when unknown)."""

    code = serializers.CharField()
    name = serializers.CharField()

    def to_representation(self, country):
        # A country's name is the same for every record in the reader's language: it
        # is looked up (a translation) once per serializer, code and language.
        try:
            key = (get_language(), country.code, country.custom_countries)
        except AttributeError:
            return super().to_representation(country)
        cache = self.__dict__.setdefault("_names", {})
        try:
            return dict(cache[key])
        except KeyError:
            result = cache[key] = super().to_representation(country)
            return dict(result)


class AdminDivisionSerializer(Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    name_ar = serializers.CharField()


class NameSerializer(Serializer):
    name = serializers.CharField()
    language = serializers.CharField()
    kind = serializers.CharField()


@extend_schema_field(
    {"type": "string", "enum": ["", "claimed", "reported", "alleged", "confirmed"]}
)
class AttributionField(serializers.Field):
    """How the perpetrator is known, only while the perpetrator may be shown: with a
    hidden (draft, withdrawn) perpetrator, "alleged" alone would still say that
    someone is held responsible."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, record):
        return record.attribution if record.perpetrator is not None else ""


DATE_CACHE_SIZE = 4096


class DateSerializer(Serializer):
    """When, as precisely as known: never a day that is not known."""

    mode = serializers.CharField(source="date_mode")
    precision = serializers.CharField(source="date_precision")
    start = serializers.DateField(source="date_from", allow_null=True)
    end = serializers.DateField(source="date_to", allow_null=True)
    earliest = serializers.DateField(source="date_earliest", allow_null=True)
    latest = serializers.DateField(source="date_latest", allow_null=True)
    display = serializers.CharField(source="date_display")

    def to_representation(self, record):
        # Many records share a date, and "display" (localised formats, translated
        # words) is the costly part: what a date's representation depends on (the
        # record's date fields, the model's date_display, the language) is the key.
        # Only for the model's own date_display; bounded, so that an export's
        # memory stays flat.
        model = type(record)
        if not (
            model.date_display is Dated.date_display
            and model.format_date is Dated.format_date
        ):
            return super().to_representation(record)
        key = (
            get_language(),
            record.date_mode,
            record.date_precision,
            record.date_from,
            record.date_to,
            record.date_earliest,
            record.date_latest,
        )
        cache = self.__dict__.setdefault("_dates", {})
        try:
            return dict(cache[key])
        except KeyError:
            if len(cache) >= DATE_CACHE_SIZE:
                cache.clear()
            result = cache[key] = super().to_representation(record)
            return dict(result)


class LocationSerializer(Serializer):
    """The point as the public may see it: exact, generalised or withheld."""

    # Numbers in the JSON (and GeoJSON), as every mapping library expects them.
    latitude = serializers.FloatField(allow_null=True, min_value=-90, max_value=90)
    longitude = serializers.FloatField(allow_null=True, min_value=-180, max_value=180)
    precision = serializers.ChoiceField(choices=["exact", "generalised", "withheld"])


def location_of(record, latitude, longitude, sensitivity):
    point = public_point(latitude, longitude, sensitivity)
    precision = location_precision(sensitivity) if point else "withheld"
    return {
        "latitude": point[0] if point else None,
        "longitude": point[1] if point else None,
        "precision": precision,
    }


@extend_schema_field({"type": "string", "format": "date", "nullable": True})
class OptionalDateField(serializers.DateField):
    """A date that may be null, and is left out where the data has no such key (a
    confidential citation): ``allow_null`` would put it back as null."""


class CitationSerializer(Serializer):
    """A claim's source; a confidential one is cited as "confidential source" only."""

    source = serializers.SerializerMethodField()
    title = serializers.CharField()
    confidential = serializers.BooleanField()
    locator = serializers.CharField(required=False)
    quote = serializers.CharField(required=False)
    accessed_on = OptionalDateField(required=False)

    def to_representation(self, instance):
        return super().to_representation(public_citation(instance))

    @extend_schema_field(serializers.UUIDField(allow_null=True))
    def get_source(self, data):
        source = data["source"]
        return str(source.public_id) if source else None


class MediaSerializer(Serializer):
    """A published photograph: only metadata-free renditions are ever linked."""

    id = serializers.UUIDField(source="public_id")
    kind = serializers.CharField()
    caption = serializers.CharField()
    caption_ar = serializers.CharField()
    credit = serializers.CharField()
    licence = serializers.CharField()
    taken_on = serializers.DateField(allow_null=True)
    thumbnail = serializers.SerializerMethodField()
    medium = serializers.SerializerMethodField()
    large = serializers.SerializerMethodField()

    def _url(self, media, size):
        if size not in media.renditions:
            return None
        path = reverse("media-rendition", args=[media.public_id, size])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    def get_thumbnail(self, media) -> str | None:
        return self._url(media, "thumbnail")

    def get_medium(self, media) -> str | None:
        return self._url(media, "medium")

    def get_large(self, media) -> str | None:
        return self._url(media, "large")


class RecordSerializer(Serializer):
    """``id`` (the permanent public identifier) and ``url`` of a record."""

    view_name = None

    id = serializers.UUIDField(source="public_id")
    url = serializers.SerializerMethodField()

    _url_template = None

    def get_url(self, record) -> str:
        template = self._url_template
        if template is None:
            # One serializer serves one request: its template is looked up once.
            template = self._url_template = url_template(
                self.context.get("request"), self.view_name
            )
        return template.replace(PLACEHOLDER, str(record.public_id))


PLACEHOLDER = "00000000-0000-4000-8000-000000000000"


def url_template(request, view_name):
    """The absolute URL of ``view_name`` with a placeholder for the identifier,
    reversed once per request and view (reverse() per row dominated exports)."""
    templates = getattr(request, "_registry_url_templates", None) if request else None
    if templates is not None and view_name in templates:
        return templates[view_name]
    path = reverse(view_name, args=[PLACEHOLDER])
    template = request.build_absolute_uri(path) if request else path
    if request is not None:
        if templates is None:
            templates = request._registry_url_templates = {}
        templates[view_name] = template
    return template


def ref(view, *fields):
    """A compact reference serializer: id, url and a few fields."""
    attrs = {"view_name": view}
    for name in fields:
        attrs[name] = serializers.CharField()
    attrs["Meta"] = type("Meta", (), {"ref_name": f"{view.split(':')[-1]}-ref"})
    return type(
        f"{view.split(':')[-1].title().replace('-', '')}Ref", (RecordSerializer,), attrs
    )


SiteRef = ref("api:site-detail", "name", "name_ar")
StructureRef = ref("api:structure-detail", "name", "name_ar")
DamageEventRef = ref("api:damageevent-detail", "title", "title_ar")
LootingIncidentRef = ref("api:lootingincident-detail", "title", "title_ar")
ObjectRef = ref("api:culturalobject-detail", "title", "title_ar")
ActorRef = ref("api:actor-detail", "name", "name_ar")
SourceRef = ref("api:source-detail", "title")


class PersonRef(RecordSerializer):
    view_name = "api:person-detail"
    name = serializers.SerializerMethodField()

    class Meta:
        ref_name = "person-ref"

    def get_name(self, person) -> str:
        return person_public_name(person)


# Sites -------------------------------------------------------------------------------


class DesignationSerializer(Serializer):
    kind = serializers.CharField()
    reference = serializers.CharField()
    criteria = serializers.CharField()
    year_from = serializers.IntegerField(allow_null=True)
    year_to = serializers.IntegerField(allow_null=True)


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
    damage_event_count = serializers.IntegerField()
    looting_incident_count = serializers.IntegerField()
    updated_at = serializers.DateTimeField()

    @extend_schema_field(LocationSerializer)
    def get_location(self, site):
        return location_of(
            site, site.latitude, site.longitude, site.location_sensitivity
        )


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


class SiteDetailSerializer(SiteListSerializer):
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

    @extend_schema_field(LocationSerializer)
    def get_location(self, structure):
        own = structure.has_point
        source = structure if own else structure.site
        return location_of(
            structure,
            source.latitude,
            source.longitude,
            structure.site.location_sensitivity,
        )


class DamageToStructureSerializer(Serializer):
    event = DamageEventRef()
    effects = TermSerializer(many=True)
    extent = serializers.CharField()
    condition_after = serializers.CharField()


class StructureDetailSerializer(StructureListSerializer):
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

    @extend_schema_field(LocationSerializer)
    def get_location(self, event):
        site = event.site
        return location_of(
            event, site.latitude, site.longitude, site.location_sensitivity
        )


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


# Objects -----------------------------------------------------------------------------


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
    date_text = serializers.CharField()
    maker = serializers.CharField()
    description = serializers.CharField()
    description_ar = serializers.CharField()
    origin_structure = StructureRef(allow_null=True)
    date_documented = serializers.DateField(allow_null=True)
    references = ReferenceSerializer(many=True)
    custody_chain = CustodyEventSerializer(many=True, source="custody_events")
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

    @extend_schema_field(ActorRef(allow_null=True))
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

    @extend_schema_field(NameSerializer(many=True))
    def get_names(self, person):
        if not person_is_named(person):
            return []
        return NameSerializer(person.names.all(), many=True).data

    @extend_schema_field(MediaSerializer(many=True))
    def get_media(self, person):
        # A photograph would identify a pseudonymous person.
        if not person_is_named(person):
            return []
        return MediaSerializer(person.media.all(), many=True, context=self.context).data

    @extend_schema_field(SiteRef(many=True))
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


class ErrorSerializer(Serializer):
    """A 4xx: ``detail``, or one list of messages per offending parameter."""

    detail = serializers.CharField(required=False)
