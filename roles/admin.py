from django.contrib import admin

from .history_admin import HistoryAdmin
from .models import Archetype, Responsibility, RoleTemplate, Skill


@admin.register(RoleTemplate)
class RoleTemplateAdmin(HistoryAdmin):
    list_display = ["name", "slug", "category", "family", "months_to_hire", "scarcity", "annual_cost"]
    list_filter = ["category", "family", "scarcity"]
    search_fields = ["name", "slug", "purpose"]
    filter_horizontal = ["default_responsibilities"]
    history_list_display = ["months_to_hire", "family"]


@admin.register(Responsibility)
class ResponsibilityAdmin(HistoryAdmin):
    list_display = ["name", "slug", "pillar", "stage"]
    list_filter = ["pillar", "stage"]
    search_fields = ["name", "slug", "description"]


@admin.register(Skill)
class SkillAdmin(HistoryAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]


@admin.register(Archetype)
class ArchetypeAdmin(HistoryAdmin):
    list_display = ["number", "name", "slug"]
