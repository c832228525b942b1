"""Admin for tenant data: read-only (changes go through the services, from the pages and the API)."""

from django.contrib import admin

from .models import Assignment, Membership, MLSystem, Opening, Organization, Person, PersonSkill, Team
from .tenancy import scoped


class _ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TenantAdmin(_ReadOnly, admin.ModelAdmin):
    """Tenant data is read here, for support, and changed only in the app's pages and API: there every
    write goes through its service, with its permission and domain rules (and the organisation's own
    admins see what changed). Even here rows are limited to the organisations the user belongs to."""

    def get_queryset(self, request):
        return scoped(super().get_queryset(request), request.user)


@admin.register(Organization)
class OrganizationAdmin(TenantAdmin):
    list_display = ["name", "slug", "stage", "ml_focus", "headcount_band"]
    search_fields = ["name", "slug"]


@admin.register(Membership)
class MembershipAdmin(TenantAdmin):
    list_display = ["user", "organization", "role"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__email", "organization__name"]


@admin.register(Team)
class TeamAdmin(TenantAdmin):
    list_display = ["name", "organization", "parent", "kind", "pillar", "lead"]
    list_filter = ["kind", "pillar"]
    search_fields = ["name"]
    raw_id_fields = ["parent", "lead"]


class _ReadOnlyInline(_ReadOnly, admin.TabularInline):
    extra = 0


class PersonSkillInline(_ReadOnlyInline):
    model = PersonSkill


class AssignmentInline(_ReadOnlyInline):
    model = Assignment


@admin.register(Person)
class PersonAdmin(TenantAdmin):
    list_display = ["name", "email", "organization", "team", "role", "fte"]
    list_filter = ["role"]
    search_fields = ["name", "email"]
    raw_id_fields = ["team", "manager", "user"]
    inlines = [PersonSkillInline, AssignmentInline]


@admin.register(MLSystem)
class MLSystemAdmin(TenantAdmin):
    list_display = ["name", "organization", "team", "stage", "domain"]
    list_filter = ["stage"]
    search_fields = ["name", "domain"]
    raw_id_fields = ["team"]
    filter_horizontal = ["owners", "deployers"]


@admin.register(Opening)
class OpeningAdmin(TenantAdmin):
    list_display = ["role", "team", "organization", "opened_on", "status", "filled_on"]
    list_filter = ["status", "role"]
    raw_id_fields = ["team"]
