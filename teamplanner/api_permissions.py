"""API permissions by membership role, the same rules as the browser pages.

Organisation resources live at /api/v1/orgs/{org_slug}/...; the view resolves the slug through
`orgs.tenancy.get_org_access` (404 for non-members, so another organisation is never revealed).
Every member reads. Writes are limited to the roles in the view's `write_roles`; a lead's writes are
further limited to the teams they lead (`OrgAccess.can_edit_team`), checked on the object as it is
and, by the view, on the object as it would become.
"""

from django.http import Http404
from rest_framework.permissions import SAFE_METHODS, BasePermission

from orgs.choices import MembershipRole
from orgs.tenancy import get_org_access


class OrgRolePermission(BasePermission):
    """Members of the URL's organisation read; `view.write_roles` write; leads only within their teams."""

    message = "Your role in this organisation does not allow this change."

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        access = view.org_access  # 404 for anyone who is not a member
        visible_to = getattr(view, "visible_to", None)
        if visible_to and access.role not in visible_to:
            # As in the browser: a section some roles may not use does not exist for them.
            raise Http404("Not found.")
        if request.method in SAFE_METHODS or view.detail:
            # On one object the role is checked once the object is found, so that an id of another
            # organisation is a 404 for every role.
            return True
        return access.role in view.write_roles

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS:
            return True
        access = view.org_access
        if access.is_admin:
            return True
        if access.role not in view.write_roles:
            return False
        return all(access.can_edit_team(team) for team in view.teams_of(obj))


class OrganizationPermission(BasePermission):
    """Members read their organisations; only the organisation's admins change its settings."""

    message = "Only an admin of this organisation can change its settings."

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated)

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS:
            return True
        return get_org_access(request.user, obj.slug).role == MembershipRole.ADMIN


class CatalogPermission(BasePermission):
    """The shared catalog: any signed-in user reads it; only site staff change it."""

    message = "Only site staff can change the shared catalog."

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        return request.method in SAFE_METHODS or request.user.is_staff
