"""The OpenAPI schema: every operation documents its error responses too."""

from drf_spectacular.openapi import AutoSchema

ERROR = {
    "type": "object",
    "description": "An error: `detail`, or for a bad parameter one list of messages "
    "per parameter name.",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}


class RegistryAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        codes = {"400": "Bad request: a parameter is malformed (named in the body)."}
        if not self._is_list_view() and "{" in self.path:
            codes["404"] = "No public record has this identifier."
        elif self._get_paginator():
            codes["404"] = "The page number is past the last page."
        codes["406"] = "The format asked for is not offered here."
        codes["429"] = (
            "Too many requests: retry after the Retry-After header's seconds."
        )
        for code, description in codes.items():
            response = self._get_response_for_code(
                ERROR, code, ["application/json"], direction
            )
            response["description"] = description
            responses.setdefault(code, response)
        return responses
