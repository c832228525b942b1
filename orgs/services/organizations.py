"""Writes to an organisation's own settings: only its admins change them."""

from django.db import transaction
from django.http import Http404

from teamplanner.exceptions import ForbiddenError, save_checked

from ..models import Organization
from ..tenancy import OrgAccess
from .rules import check_fields

ORG_FIELDS = ("name", "industry", "headcount_band", "stage", "ml_focus", "target_level")
ADMINS_ONLY = "Only an admin of this organisation can change its settings."


@transaction.atomic
def org_update(*, access: OrgAccess, org: Organization, **fields) -> Organization:
    """Change an organisation's settings (any of ORG_FIELDS); admins only."""
    check_fields(fields, ORG_FIELDS)
    if org.pk != access.org.pk:
        raise Http404("No such organisation.")
    if not access.is_admin:
        raise ForbiddenError(ADMINS_ONLY)
    for name, value in fields.items():
        setattr(org, name, value)
    save_checked(org)
    return org
