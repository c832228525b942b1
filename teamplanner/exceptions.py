"""One domain error type, turned into a clear message in pages and a JSON error in the API."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.http import Http404
from rest_framework import exceptions as drf_exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler


class ApplicationError(Exception):
    """A domain rule was broken. `message` is shown to the user; `extra` holds field errors."""

    status_code = 400

    def __init__(self, message: str, *, extra: dict | None = None, status_code: int | None = None):
        super().__init__(message)
        self.message = message
        self.extra = extra or {}
        if status_code:
            self.status_code = status_code


class ForbiddenError(ApplicationError):
    """The user may not do this (they may see the object, or it would be a 404 instead)."""

    status_code = 403


class ConflictError(ApplicationError):
    """Someone else changed the object since the client last read it."""

    status_code = 409


def _django_validation_detail(exc: DjangoValidationError):
    if hasattr(exc, "message_dict"):
        return exc.message_dict
    return {"non_field_errors": exc.messages}


def api_exception_handler(exc, context):
    """Every API error is JSON: {"message": ..., "errors": {field: [..]}}."""
    if isinstance(exc, DjangoValidationError):
        exc = drf_exceptions.ValidationError(_django_validation_detail(exc))
    elif isinstance(exc, Http404):
        exc = drf_exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = drf_exceptions.PermissionDenied()
    elif isinstance(exc, DataError) or (isinstance(exc, ValueError) and "NUL" in str(exc)):
        # a value the database cannot store (out of range, NUL characters): the client's input, not our fault
        exc = drf_exceptions.ValidationError(
            {"non_field_errors": ["A value is out of range or holds characters that cannot be stored."]}
        )

    if isinstance(exc, ApplicationError):
        body = {"message": exc.message, "errors": exc.extra}
        return Response(body, status=exc.status_code)

    response = exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(exc, drf_exceptions.ValidationError):
        errors = data if isinstance(data, dict) else {"non_field_errors": data}
        response.data = {"message": "The request is invalid.", "errors": errors}
    else:
        detail = data.get("detail", "") if isinstance(data, dict) else data
        response.data = {"message": str(detail), "errors": {}}
    return response
