"""OpenAPI schema generation: every operation documents the JSON errors it can answer with."""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    """The body of every API error (see teamplanner.exceptions.api_exception_handler)."""

    message = serializers.CharField(help_text="What went wrong, in words a person can act on.")
    errors = serializers.DictField(
        child=serializers.JSONField(),
        help_text="Field errors: field name to a list of messages (nested for nested fields); empty if none.",
    )


_ERRORS = {
    "400": "The request is invalid: `errors` names each field and what is wrong with it.",
    "401": "Not authenticated: send `Authorization: Token <key>` or log in.",
    "403": "Authenticated, but your role in this organisation does not allow it.",
    "404": "No such object, or it belongs to an organisation you are not a member of.",
    "405": "The method is not allowed on this URL.",
    "406": "The requested response format is not available.",
    "409": "The change conflicts with the current state (a newer version, a duplicate, or objects that depend on it).",
    "413": "The upload is too large.",
    "415": "Unsupported request media type.",
    "429": "Too many requests: wait for the number of seconds in `Retry-After`.",
}
_READ_ERRORS = ("400", "401", "403", "404", "405", "406", "429")
_WRITE_ERRORS = ("400", "401", "403", "404", "405", "406", "409", "413", "415", "429")


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's schema, with the error responses of teamplanner's exception handler on every operation."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        codes = _READ_ERRORS if self.method in ("GET", "HEAD", "OPTIONS") else _WRITE_ERRORS
        for code in codes:
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(ErrorSerializer, description=_ERRORS[code]), code, direction=direction
                )
        return responses
