"""Writes made from the results pages."""

from django.db import transaction

from orgs.models import Organization
from teamplanner.exceptions import ApplicationError


@transaction.atomic
def organization_target_level_set(*, org: Organization, level: int | str | None) -> Organization:
    """Set the maturity level (1-5) the organisation aims for; the dashboard draws it against the scores."""
    try:
        value = int(str(level).strip())
    except (TypeError, ValueError):
        value = None
    if value is None or not 1 <= value <= 5:
        raise ApplicationError(
            "The target level must be a whole number from 1 to 5.", extra={"target_level": ["Choose a level 1-5."]}
        )
    org.target_level = value
    org.save(update_fields=["target_level"])
    return org
