"""Admin for tenant data. Even here rows are limited to the organisations the user belongs to."""

from django import forms
from django.contrib import admin

from . import members
from .choices import MembershipRole
from .models import Assignment, Membership, MLSystem, Opening, Organization, Person, PersonSkill, Team
from .tenancy import scoped


class TenantAdmin(admin.ModelAdmin):
    def get_queryset(self, request):
        return scoped(super().get_queryset(request), request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        model = db_field.related_model
        if hasattr(model, "TENANT_PATH"):
            kwargs["queryset"] = scoped(model, request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        model = db_field.related_model
        if hasattr(model, "TENANT_PATH"):
            kwargs["queryset"] = scoped(model, request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Organization)
class OrganizationAdmin(TenantAdmin):
    list_display = ["name", "slug", "stage", "ml_focus", "headcount_band"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def has_add_permission(self, request):
        return request.user.is_superuser


def _is_last_admin(membership: Membership) -> bool:
    stored = Membership.objects.filter(pk=membership.pk).values_list("role", flat=True).first()
    return stored == MembershipRole.ADMIN and not members.other_admins(membership)


class MembershipAdminForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["user", "organization", "role", "teams"]

    def clean(self):
        data = super().clean()
        if self.instance.pk and data.get("role") != MembershipRole.ADMIN and _is_last_admin(self.instance):
            self.add_error("role", "This is the organisation's last admin: make someone else admin first.")
        return data


@admin.register(Membership)
class MembershipAdmin(TenantAdmin):
    """The same rule as the members page: every organisation keeps at least one admin."""

    form = MembershipAdminForm
    list_display = ["user", "organization", "role"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__email", "organization__name"]
    filter_horizontal = ["teams"]
    autocomplete_fields = ["user"]

    def has_delete_permission(self, request, obj=None):
        if obj is not None and _is_last_admin(obj):
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Team)
class TeamAdmin(TenantAdmin):
    list_display = ["name", "organization", "parent", "kind", "pillar", "lead"]
    list_filter = ["kind", "pillar"]
    search_fields = ["name"]
    raw_id_fields = ["parent", "lead"]


class PersonSkillInline(admin.TabularInline):
    model = PersonSkill
    extra = 0


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0


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
