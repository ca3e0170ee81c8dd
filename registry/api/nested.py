"""The small serializers the API's records nest: codes, countries, dates, locations,
citations, photographs, and references to other records."""

from django.urls import reverse
from django.utils.translation import get_language
from rest_framework import serializers

from registry.api.fields import OptionalDateField, Serializer, returns
from registry.models import Dated
from registry.publishing.monitoring import current_condition
from registry.publishing.privacy import (
    person_public_name,
    public_citation,
    public_comparison,
    public_point,
    public_precision,
)


class TermSerializer(Serializer):
    shares_representations = True

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
    shares_representations = True

    code = serializers.CharField()
    name = serializers.CharField()
    name_ar = serializers.CharField()


class NameSerializer(Serializer):
    name = serializers.CharField()
    language = serializers.CharField()
    kind = serializers.CharField()


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

    def memo_key(self, record, language=None):
        """What the representation of ``record``'s date depends on: its date
        fields and the language (the active one unless ``language`` says it);
        None when its model words its date its own way.
        Many records share a date, and "display" (localised formats, translated
        words) is the costly part: a representation is remembered by this key
        (here, and by an export's ``renderers.Flattener``)."""
        if type(record).date_display is not Dated.date_display:
            return None
        return (
            language or get_language(),
            record.date_mode,
            record.date_precision,
            record.date_from,
            record.date_to,
            record.date_earliest,
            record.date_latest,
        )

    def to_representation(self, record):
        # Bounded, so that an export's memory stays flat.
        key = self.memo_key(record)
        if key is None:
            return self.afresh(record)
        cache = self.__dict__.setdefault("_dates", {})
        try:
            return dict(cache[key])
        except KeyError:
            if len(cache) >= DATE_CACHE_SIZE:
                cache.clear()
            result = cache[key] = self.afresh(record)
            return dict(result)

    def afresh(self, record):
        """The representation, not remembered: for whoever remembers it by
        ``memo_key`` already (an export, ``renderers.Flattener``)."""
        return super().to_representation(record)


PRECISIONS = ["exact", "generalised", "withheld", "not_recorded"]


class LocationSerializer(Serializer):
    """The point as the public may see it: exact, generalised, withheld, or not
    recorded at all."""

    # Numbers in the JSON (and GeoJSON), as every mapping library expects them.
    latitude = serializers.FloatField(allow_null=True, min_value=-90, max_value=90)
    longitude = serializers.FloatField(allow_null=True, min_value=-180, max_value=180)
    precision = serializers.ChoiceField(choices=PRECISIONS)


def location_of(latitude, longitude, sensitivity):
    """What ``LocationSerializer`` describes, for a point of this sensitivity."""
    point = public_point(latitude, longitude, sensitivity)
    precision = public_precision(latitude, longitude, sensitivity)
    return {
        "latitude": point[0] if point else None,
        "longitude": point[1] if point else None,
        "precision": precision,
    }


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

    @returns(serializers.UUIDField(allow_null=True))
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


# References to other records ---------------------------------------------------------


class RecordSerializer(Serializer):
    """``id`` (the permanent public identifier) and ``url`` of a record."""

    view_name = None

    id = serializers.UUIDField(source="public_id")
    url = serializers.SerializerMethodField()

    _url_template = (None, None)  # (the request, its template)

    def get_url(self, record) -> str:
        request = self.context.get("request")
        made_for, template = self._url_template
        if template is None or made_for is not request:
            # A serializer may serve many requests (one at a time): the template
            # is looked up once per request.
            template = url_template(request, self.view_name)
            self._url_template = (request, template)
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
    attrs = {"view_name": view, "shares_representations": True}
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


class PersonRef(RecordSerializer):
    view_name = "api:person-detail"
    name = serializers.SerializerMethodField()

    class Meta:
        ref_name = "person-ref"

    def get_name(self, person) -> str:
        return person_public_name(person)


# Monitoring ---------------------------------------------------------------------------


class AssessmentRef(RecordSerializer):
    view_name = "api:assessment-detail"

    date = DateSerializer(source="*")
    method = serializers.CharField()
    condition = serializers.CharField()
    no_change = serializers.BooleanField()

    class Meta:
        ref_name = "assessment-ref"


class CurrentConditionSerializer(Serializer):
    """The condition by the latest published assessment ("no change" included)."""

    condition = serializers.CharField()
    as_of = DateSerializer(help_text="The date of the latest assessment.")
    method = serializers.CharField(source="as_of.method")
    assessment = AssessmentRef(source="as_of")
    observed_in = AssessmentRef(
        help_text="The assessment that observed this condition (the latest, unless "
        "later ones found no change)."
    )


class BeforeAfterSerializer(Serializer):
    before = MediaSerializer()
    after = MediaSerializer()


class Monitored(Serializer):
    """A site's or structure's assessments: the published ones of the record itself
    (prefetched by its detail's queryset), its current condition by them, and the
    two images a curator chose to compare (``privacy.public_comparison``)."""

    current_condition = serializers.SerializerMethodField()
    assessments = AssessmentRef(
        many=True,
        source="latest_assessments",
        help_text="The latest published assessments of the record itself, newest "
        "first (at most 50: /api/v1/assessments/?site= or ?structure= lists all).",
    )
    before_after = serializers.SerializerMethodField()

    @returns(BeforeAfterSerializer(allow_null=True))
    def get_before_after(self, record):
        """Null for a restricted site, and for a generalised one unless both images
        were marked as not revealing where it is."""
        pair = public_comparison(record)
        if pair is None:
            return None
        before, after = pair
        data = {"before": before, "after": after}
        return BeforeAfterSerializer(data, context=self.context).data

    @returns(CurrentConditionSerializer(allow_null=True))
    def get_current_condition(self, record):
        """None when no published assessment states one (the record's own
        ``condition`` is then all there is)."""
        current = current_condition(record, latest=record.latest_assessments)
        if current is None:
            return None
        return CurrentConditionSerializer(current, context=self.context).data
