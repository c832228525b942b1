"""One domain error type, turned into a clear message in pages and a JSON error in the API.

`ApplicationError` (400, invalid), `ForbiddenError` (403) and `ConflictError` (409) are raised by the
services; pages show them through `teamplanner.middleware`, the API through `api_exception_handler`.
`save_checked` and `delete_checked` turn a model's own rules (its `full_clean()`, constraints and
protected relations) into these errors, so every service saves the same way.
"""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError, transaction
from django.db.models import Model, ProtectedError, RestrictedError
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


CONCURRENT_CHANGE = "Someone else saved a conflicting change at the same time. Please try again."


def field_errors(exc: DjangoValidationError) -> dict[str, list[str]]:
    """A model's validation errors by field; errors of no field under `non_field_errors`."""
    if not hasattr(exc, "error_dict"):
        return {"non_field_errors": exc.messages}
    return {
        "non_field_errors" if field == NON_FIELD_ERRORS else field: messages
        for field, messages in exc.message_dict.items()
    }


def save_checked(obj: Model, *, many: dict | None = None, conflict: str = CONCURRENT_CHANGE) -> None:
    """Save `obj` (and set its to-many relations `many`) after its `full_clean()`, in one transaction.

    Broken model rules are an ApplicationError with the field errors; a concurrent save that still breaks
    a constraint is a ConflictError with `conflict`.
    """
    try:
        obj.full_clean(validate_unique=True)
    except DjangoValidationError as exc:
        raise ApplicationError("Please correct the errors below.", extra=field_errors(exc))
    try:
        with transaction.atomic():
            obj.save()
            for name, value in (many or {}).items():
                getattr(obj, name).set(value)
    except IntegrityError:
        raise ConflictError(conflict)


def delete_checked(func, /, **kwargs):
    """Call `func(**kwargs)` (a delete) in one transaction; rows that still refer to the object are a
    ConflictError naming what they are (`extra["dependents"]`)."""
    try:
        with transaction.atomic():
            return func(**kwargs)
    except (ProtectedError, RestrictedError) as exc:
        objects = getattr(exc, "protected_objects", None) or getattr(exc, "restricted_objects", ())
        kinds = sorted({str(obj._meta.verbose_name_plural) for obj in objects if hasattr(obj, "_meta")})
        what = ", ".join(kinds) if kinds else "other records"
        raise ConflictError(
            f"This cannot be deleted while {what} refer to it. Move or delete those first.",
            extra={"dependents": kinds},
        )


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
