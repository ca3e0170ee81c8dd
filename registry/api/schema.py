"""The OpenAPI schema: every operation documents its error responses too, and each
parameter and format says what the API really does (tests/api/test_fuzz_api.py
checks)."""

from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

from registry.search.facets import facets_of

ERROR = {
    "type": "object",
    "description": "An error: `detail`, or for a bad parameter one list of messages "
    "per parameter name.",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}
PAGING = ("page", "page_size")

# What the other formats look like (the JSON schema of the record is the default).
CSV = {
    "type": "string",
    "description": "UTF-8 with a byte-order mark; one row per record, nested fields "
    "flattened into columns (site_name…), lists joined by '; '.",
}
FEATURE = {
    "type": "object",
    "description": "A GeoJSON Feature (RFC 7946): its public point as geometry (null "
    "when the location is withheld or not recorded); as properties, the record's "
    "fields flat, named and joined like the CSV's columns (site_name, "
    "designations_kind: 'world-heritage; tentative'), null where empty, so that GIS "
    "tables read one plain column per field.",
    "required": ["type", "id", "geometry", "properties"],
    "properties": {
        "type": {"type": "string", "enum": ["Feature"]},
        "id": {"type": "string", "format": "uuid"},
        "geometry": {
            "type": ["object", "null"],
            "required": ["type", "coordinates"],
            "properties": {
                "type": {"type": "string", "enum": ["Point"]},
                "coordinates": {
                    "type": "array",
                    "items": {"type": "number"},
                    "minItems": 2,
                    "maxItems": 2,
                },
            },
        },
        "properties": {
            "type": "object",
            "additionalProperties": {"type": ["string", "number", "boolean", "null"]},
            "required": ["location_precision"],
            "properties": {
                "location_precision": {
                    "type": "string",
                    "enum": ["exact", "generalised", "withheld", "not_recorded"],
                }
            },
        },
    },
}
FEATURE_COLLECTION = {
    "type": "object",
    "description": "A GeoJSON FeatureCollection of the whole filtered list.",
    "required": ["type", "name", "features"],
    "properties": {
        "type": {"type": "string", "enum": ["FeatureCollection"]},
        "name": {
            "type": "string",
            "description": "The layer's name for GIS tools: sites, structures…",
        },
        "features": {"type": "array", "items": FEATURE},
    },
}
LINKED_ART = {
    "type": "object",
    "description": "Linked Art JSON-LD (CIDOC-CRM), shaped by the versioned context "
    "at /api/v1/linked-art/context/v1.json.",
    "required": ["@context", "id", "type", "_label"],
    "properties": {
        "@context": {"type": "string", "format": "uri"},
        "id": {"type": "string", "format": "uri"},
        "type": {"type": "string"},
        "_label": {"type": "string"},
    },
}
JSON_LD = "application/ld+json"


def filter_codes(filter_field):
    """The codes a choice filter accepts when they are fixed by the code (countries):
    listed in the schema. None for any other filter, and for codes that curators
    add (vocabulary terms, governorates: ``codes_from_data``), whose form the
    filter's own pattern gives: the schema holds no data of the day."""
    choices = getattr(filter_field, "extra", {}).get("choices")
    if not callable(choices) or getattr(filter_field, "codes_from_data", False):
        return None
    return sorted({str(code) for code, _label in choices()})


FORMATS = {
    "json": "JSON (the default)",
    "csv": "CSV, the whole filtered list",
    "geojson": "GeoJSON FeatureCollection, the whole filtered list",
    "jsonld": "Linked Art JSON-LD",
}


class RegistryAutoSchema(AutoSchema):
    """drf-spectacular's operations, completed with what the API really does."""

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(
            path, path_regex, path_prefix, method, registry
        )
        if operation is None:
            return None
        listed = self.lists()
        self.complete_parameters(operation.get("parameters", []), listed)
        self.complete_responses(operation["responses"], listed)
        kind = getattr(self.view, "facet_kind", None)
        if listed and kind:
            self.add_facets(operation, kind)
        return operation

    def add_facets(self, operation, kind):
        """``?facet=`` (the ``facets`` object it adds is in every page's schema:
        ``RegistryPagination.get_paginated_response_schema``)."""
        offered = [facet.param for facet in facets_of(kind)]
        operation.setdefault("parameters", []).append(
            {
                "in": "query",
                "name": "facet",
                "description": "Count the whole filtered list by these fields "
                "(repeat it, or separate by commas): adds `facets` to the JSON page. "
                "A transboundary site counts in each of its countries and regions.",
                "schema": {
                    "type": "array",
                    "items": {"type": "string", "enum": offered},
                },
                "style": "form",
                "explode": True,
                "allowEmptyValue": True,
            }
        )

    def lists(self):
        """Whether the operation answers with a list: a viewset's list action, or a
        view whose response is declared ``many=True``."""
        if isinstance(self.get_response_serializers(), serializers.ListSerializer):
            return True
        return getattr(self.view, "action", None) == "list"

    def complete_parameters(self, parameters, listed):
        filterset_class = getattr(self.view, "filterset_class", None)
        filters = filterset_class.base_filters if filterset_class else {}
        for parameter in parameters:
            if parameter["in"] != "query":
                continue
            schema = parameter["schema"]
            filter_field = filters.get(parameter["name"])
            help_text = filter_field and filter_field.extra.get("help_text")
            if help_text and not parameter.get("description"):
                # drf-spectacular drops it where the filter declares its schema.
                parameter["description"] = str(help_text)
            if parameter["name"] == "q":
                parameter["description"] = (
                    parameter.get("description", "")
                    + " Each result of a JSON page then carries `matched`: the "
                    "record's own name that the query matched, or its names joined "
                    "by ' · ' when the words are in several (a maker and a title); "
                    "null when it was found through a related record, an event by "
                    "its site's name."
                ).strip()
            codes = filter_codes(filter_field)
            if codes:  # (an empty enum is not valid OpenAPI)
                (schema.get("items") or schema)["enum"] = codes
            if parameter["name"] == "format":
                if listed:
                    # JSON-LD is offered for single records only (a list is a 406).
                    schema["enum"] = [
                        v for v in schema.get("enum", []) if v != "jsonld"
                    ]
                parameter["description"] = (
                    "The format of the answer; it wins over the Accept header. "
                    + "; ".join(
                        f"`{code}`: {FORMATS.get(code, code)}"
                        for code in schema.get("enum", [])
                    )
                    + "."
                )
            if parameter["name"] in PAGING:
                schema["minimum"] = 1
            if not parameter.get("required"):
                # An empty value is no value: ``?q=&country=`` is the unfiltered list
                # (what an HTML form with blank fields sends).
                parameter["allowEmptyValue"] = True

    def complete_responses(self, responses, listed):
        content = responses.get("200", {}).get("content", {})
        if "text/csv" in content:
            content["text/csv"] = {"schema": CSV}
        if "application/geo+json" in content:
            geojson = FEATURE_COLLECTION if listed else FEATURE
            content["application/geo+json"] = {"schema": geojson}
        if JSON_LD in content:
            if listed:
                del content[JSON_LD]
            else:
                content[JSON_LD] = {"schema": LINKED_ART}
        codes = {"400": "Bad request: a parameter is malformed (named in the body)."}
        if not listed and "{" in self.path:
            codes["404"] = "No public record has this identifier."
        elif getattr(self.view, "pagination_class", None):
            codes["404"] = "The page number is past the last page."
        codes["406"] = "The format asked for is not offered here."
        codes["429"] = (
            "Too many requests: retry after the Retry-After header's seconds."
        )
        for code, description in codes.items():
            responses.setdefault(
                code,
                {
                    "content": {"application/json": {"schema": ERROR}},
                    "description": description,
                },
            )
