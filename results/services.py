"""Writes made from the results pages; each goes through the service that owns the data."""

from orgs.models import Organization
from orgs.services import org_update
from orgs.tenancy import OrgAccess
from teamplanner.exceptions import ApplicationError

BAD_LEVEL = "The target level must be a whole number from 1 to 5."


def organization_target_level_set(*, access: OrgAccess, level: int | str | None) -> Organization:
    """Set the maturity level (1-5) the organisation aims for (admins only, as every setting of the
    organisation); the dashboard draws it against the scores."""
    try:
        value = int(str(level).strip())
    except (TypeError, ValueError):
        value = None
    if value is None or not 1 <= value <= 5:
        raise ApplicationError(BAD_LEVEL, extra={"target_level": ["Choose a level 1-5."]})
    return org_update(access=access, org=access.org, target_level=value)
