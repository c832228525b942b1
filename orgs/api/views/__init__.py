"""API views of an organisation's data: every queryset through `orgs.tenancy.scoped`, every
organisation resolved through `orgs.tenancy.get_org_access` (404 for non-members), every write
through `orgs.services` or `orgs.members`, the functions the browser's pages call too."""

from .imports import ImportRunViewSet
from .members import MemberPermission, MemberViewSet
from .organizations import OrganizationViewSet
from .people import AssignmentViewSet, MLSystemViewSet, PersonSkillViewSet, PersonViewSet
from .teams import OpeningViewSet, TeamViewSet

__all__ = [
    "AssignmentViewSet",
    "ImportRunViewSet",
    "MLSystemViewSet",
    "MemberPermission",
    "MemberViewSet",
    "OpeningViewSet",
    "OrganizationViewSet",
    "PersonSkillViewSet",
    "PersonViewSet",
    "TeamViewSet",
]
