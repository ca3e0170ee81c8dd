"""Public versions in the API, on every record's detail:

- ``<endpoint>/<id>/?version=3``: version 3 of the record as today's protection
  rules let it be read (``registry.publishing.documents``), with the SHA-256 of its
  record; ``?as_of=2016-03-30`` (a day: as it stood at its end, UTC; or a moment,
  ISO 8601) the version that was public then; both: the version, if it was
  published by then. Always JSON, whatever ``?format=`` asks;
- ``<endpoint>/<id>/versions/``: every version and withdrawal, oldest first;
- a record that was public once and is not now answers ``410 Gone`` with its
  tombstone (type, identifier, since when, the versions it had) wherever its
  detail would answer, never with its contents; one that never was, 404.
"""

import uuid
from datetime import UTC, datetime, time

from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from registry.api.fields import Serializer
from registry.api.schema import RegistryAutoSchema
from registry.publishing.documents import KIND_BY_MODEL, document, tombstone_of
from registry.publishing.versions import entries_of, note_of, version_at


class VersionDocumentSerializer(Serializer):
    """One public version of a record, as today's protection rules let it be read."""

    type = serializers.CharField(help_text="The kind of record: site, structure…")
    id = serializers.UUIDField(help_text="The record's permanent identifier.")
    version = serializers.IntegerField(help_text="1, 2, 3… per record.")
    latest_version = serializers.IntegerField()
    published_at = serializers.DateTimeField(
        help_text="When this version became public."
    )
    note = serializers.CharField(help_text="The public change note.")
    path = serializers.CharField(help_text="This version in the API (a path).")
    page = serializers.CharField(help_text="This version in the catalogue (a path).")
    record = serializers.DictField(
        help_text="The record's fields as this version held them, through today's "
        "protection rules; references to other records are left out unless they "
        "are public today."
    )
    sha256 = serializers.CharField(
        help_text="SHA-256 of `record` as canonical JSON (UTF-8, keys sorted, no "
        "spaces): json.dumps(record, sort_keys=True, ensure_ascii=False, "
        "separators=(',', ':'))."
    )

    class Meta:
        ref_name = "VersionDocument"


class VersionEntrySerializer(Serializer):
    version = serializers.IntegerField(
        allow_null=True, help_text="Null for a withdrawal."
    )
    action = serializers.ChoiceField(choices=["published", "updated", "withdrawn"])
    at = serializers.DateTimeField()
    note = serializers.CharField()
    url = serializers.CharField(allow_null=True)
    page = serializers.CharField(allow_null=True)

    class Meta:
        ref_name = "VersionEntry"


class VersionListSerializer(Serializer):
    type = serializers.CharField()
    id = serializers.UUIDField()
    versions = VersionEntrySerializer(many=True)

    class Meta:
        ref_name = "VersionList"


GONE = {
    "type": "object",
    "description": "A tombstone: the record was public once and is not now.",
    "required": ["detail", "type", "id", "versions"],
    "properties": {
        "detail": {"type": "string"},
        "type": {"type": "string"},
        "id": {"type": "string", "format": "uuid"},
        "withdrawn_at": {"type": ["string", "null"], "format": "date-time"},
        "reason": {
            "type": "string",
            "description": "Why it is no longer public, as the editor told.",
        },
        "versions": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "version": {"type": "integer"},
                    "published_at": {"type": "string", "format": "date-time"},
                },
            },
        },
    },
}
VERSION_PARAMETERS = [
    OpenApiParameter(
        "version",
        {"type": "integer", "minimum": 1, "maximum": 999999999},
        description="A public version of the record (1, 2, 3…; see `versions/`): "
        "answers that version, through today's protection rules. With `as_of`, "
        "only if it was published by then.",
    ),
    OpenApiParameter(
        "as_of",
        {
            "anyOf": [
                {"type": "string", "format": "date"},
                {"type": "string", "format": "date-time"},
            ]
        },
        description="A day (YYYY-MM-DD: at its end, UTC) or a moment (ISO 8601; "
        "UTC when it has no offset): answers the version that was public then.",
    ),
]


class VersionedSchema(RegistryAutoSchema):
    """A detail's answer is the record, or with ``version``/``as_of`` one of its
    versions; a record gone from the public is a 410."""

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if getattr(self.view, "action", None) == "retrieve":
            parameters = [*parameters, *VERSION_PARAMETERS]
        return parameters

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(
            path, path_regex, path_prefix, method, registry
        )
        if operation is None or "{" not in path:
            return operation
        responses = operation["responses"]
        if getattr(self.view, "action", None) == "retrieve":
            content = responses.get("200", {}).get("content", {})
            json = content.get("application/json")
            if json is not None:
                version = self.resolve_serializer(VersionDocumentSerializer, "response")
                json["schema"] = {"oneOf": [json["schema"], version.ref]}
            responses["404"]["description"] = (
                "No public record has this identifier, or no such version (or none "
                "was public at that moment)."
            )
        responses["410"] = {
            "content": {"application/json": {"schema": GONE}},
            "description": "The record was public once and is not now: its tombstone.",
        }
        return operation


def parse_moment(raw):
    """``as_of``: a day (its end, UTC) or a moment (naive: UTC), in UTC. A moment
    beyond the calendar's ends once in UTC is taken as that end."""
    raw = raw.strip().upper()  # RFC 3339 allows "t" and "z"
    try:
        moment = parse_datetime(raw) if ("T" in raw or " " in raw) else None
        if moment is None:
            day = parse_date(raw)
            if day is None:
                raise ValueError(raw)
            moment = datetime.combine(day, time.max, tzinfo=UTC)
    except (ValueError, OverflowError) as error:
        raise ValidationError(
            {"as_of": [_("A day (YYYY-MM-DD) or an ISO 8601 moment is expected.")]}
        ) from error
    if timezone.is_naive(moment):
        return moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        return (
            datetime.max.replace(tzinfo=UTC)
            if moment.year > 1
            else (datetime.min.replace(tzinfo=UTC))
        )


def parse_number(raw):
    """``version``: 1, 2, 3… (JSON's 3.0 is the integer 3 too)."""
    whole, _dot, zeros = raw.partition(".")
    if (
        not (whole.isascii() and whole.isdigit())
        or zeros.strip("0")
        or (_dot and not zeros)
        or len(whole) > 9
        or int(whole) < 1
    ):
        raise ValidationError({"version": [_("A version number (1, 2, 3…).")]})
    return int(whole)


VERSION_PARAMETER_NAMES = ("version", "as_of")


class VersionedDetail:
    """What a PublicViewSet's detail adds: versions, and tombstones. The viewset
    answers a plain detail with ``retrieve_record``."""

    schema = VersionedSchema()

    @property
    def version_kind(self):
        return KIND_BY_MODEL[self.querysets[1]().model]

    def as_json(self):
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type

    def gone_or_404(self, public_id):
        """The tombstone of a record that was public once (410), else a 404."""
        gone = self.tombstone(public_id)
        if gone is None:
            raise Http404
        return gone

    def tombstone(self, public_id):
        """410 with the tombstone of a record that was public once, or None."""
        entries = entries_of(self.version_kind.model, public_id)
        if not any(entry.number is not None for entry in entries):
            return None
        self.as_json()
        gone = tombstone_of(self.version_kind, public_id, entries)
        withdrawn = gone["withdrawn_at"]
        return Response(
            {
                "detail": _("This record was public and is not any more."),
                "type": gone["type"],
                "id": gone["id"],
                "withdrawn_at": withdrawn.isoformat() if withdrawn else None,
                "reason": gone["reason"],
                "versions": [
                    {"version": e.number, "published_at": e.recorded_at.isoformat()}
                    for e in gone["versions"]
                ],
            },
            status=410,
        )

    def record_id(self, **kwargs):
        """The identifier in the path, as a UUID: the path's pattern lets through
        36 hexadecimal digits without dashes, which name no record."""
        try:
            return uuid.UUID(kwargs[self.lookup_field])
        except ValueError as error:
            raise Http404 from error

    def retrieve(self, request, *args, **kwargs):
        public_id = self.record_id(**kwargs)
        params = request.query_params
        number, moment = params.get("version"), params.get("as_of")
        if not number and not moment:
            try:
                return self.retrieve_record(request, *args, **kwargs)
            except Http404:
                gone = self.tombstone(public_id)
                if gone is None:
                    raise  # never public: the detail's own 404
                return gone
        number = parse_number(number) if number else None
        moment = parse_moment(moment) if moment else None
        # A version is its JSON document whatever ?format= asks (as an error is).
        self.as_json()
        kind = self.version_kind
        record = kind.model.objects.published().filter(public_id=public_id).first()
        if record is None:
            return self.gone_or_404(public_id)
        entries = entries_of(kind.model, public_id)
        numbered = {entry.number: entry for entry in entries if entry.number}
        if number is not None:
            version = numbered.get(number)
            if version is None:
                raise NotFound(
                    _("This record has no version %(number)s.") % {"number": number}
                )
            if moment is not None and version.recorded_at > moment:
                raise NotFound(_("This version was not yet published at that moment."))
        else:
            version = version_at(entries, moment)
            if version is None:
                raise NotFound(_("This record was not public at that moment."))
        return Response(
            document(version, latest=max(numbered), live=record),
        )

    @extend_schema(responses=VersionListSerializer, parameters=[], filters=False)
    @action(detail=True, url_path="versions", renderer_classes=[JSONRenderer])
    def versions(self, request, *args, **kwargs):
        """Every public version of the record and every time it stopped being
        public, oldest first."""
        public_id = self.record_id(**kwargs)
        kind = self.version_kind
        if not kind.model.objects.published().filter(public_id=public_id).exists():
            return self.gone_or_404(public_id)
        detail = request.build_absolute_uri(f"{request.path.rsplit('versions/', 1)[0]}")
        rows = []
        for entry in entries_of(kind.model, public_id):
            numbered = entry.number is not None
            rows.append(
                {
                    "version": entry.number,
                    "action": entry.action,
                    "at": entry.recorded_at,
                    "note": note_of(entry),
                    "url": f"{detail}?version={entry.number}" if numbered else None,
                    "page": request.build_absolute_uri(
                        kind.page(public_id, entry.number)
                    )
                    if numbered
                    else None,
                }
            )
        data = {"type": kind.code, "id": str(public_id), "versions": rows}
        return Response(VersionListSerializer(data).data)
