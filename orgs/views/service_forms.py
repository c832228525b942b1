"""Forms whose values go to a service: the service's rule breaks are shown on the form."""

from collections.abc import Callable

from teamplanner.exceptions import ApplicationError, ForbiddenError


def form_errors(form, exc: ApplicationError, aliases: dict[str, str] | None = None) -> None:
    """Put a service's field errors on the form's fields (`aliases` maps service names to form names), the
    errors of other names at the top, and the message at the top when there are no field errors."""
    aliases = aliases or {}
    for field, errors in exc.extra.items():
        target = aliases.get(field, field)
        form.add_error(target if target in form.fields else None, errors)
    if not exc.extra:
        form.add_error(None, exc.message)


def call_service(form, call: Callable, aliases: dict[str, str] | None = None):
    """`call(**form.service_fields())`; None, with the errors on the form, when a rule is broken.
    A 403 (not allowed) is raised as it is."""
    try:
        return call(**form.service_fields())
    except ForbiddenError:
        raise
    except ApplicationError as exc:
        form_errors(form, exc, aliases)
        return None
