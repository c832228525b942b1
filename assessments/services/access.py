"""Who may change an assessment: the member's view of its organisation, and the edit rule."""

from django.http import Http404

from orgs.models import Organization
from orgs.tenancy import OrgAccess, get_org_access
from teamplanner.exceptions import ForbiddenError

from ..models import Assessment
from ..selectors import assessment_can_edit, assessment_can_read


def org_access(user, org_id: int, access: OrgAccess | None = None) -> OrgAccess:
    """`access` when it is of organisation `org_id`, else the member's view of it (tenancy's lookup): 404 for
    anyone who is not a member."""
    if access is not None and access.org.pk == org_id:
        return access
    slug = Organization.objects.filter(pk=org_id).values_list("slug", flat=True).first()
    return get_org_access(user, slug or "")


def require_edit(access: OrgAccess, assessment: Assessment) -> None:
    """404 for an assessment the member may not read, ForbiddenError for one they may read but not change."""
    if not assessment_can_read(access=access, assessment=assessment):
        raise Http404("No such assessment.")
    if not assessment_can_edit(access=access, assessment=assessment):
        raise ForbiddenError("You may read this assessment but not change it.")
