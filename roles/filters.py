"""FilterSets for the catalog lists, shared by pages and the API."""

import django_filters

from .choices import LifecycleStage, Pillar, RoleCategory, RoleFamily, Scarcity
from .models import Responsibility, RoleTemplate, Skill


class RoleTemplateFilterSet(django_filters.FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains", help_text="Part of the role's name.")
    category = django_filters.ChoiceFilter(choices=RoleCategory.choices)
    family = django_filters.ChoiceFilter(choices=RoleFamily.choices)
    scarcity = django_filters.ChoiceFilter(choices=Scarcity.choices)
    responsibility = django_filters.CharFilter(
        field_name="default_responsibilities__slug", help_text="Slug of a responsibility the role normally owns."
    )

    class Meta:
        model = RoleTemplate
        fields = ["name", "category", "family", "scarcity", "responsibility"]


class ResponsibilityFilterSet(django_filters.FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains", help_text="Part of the responsibility's name.")
    pillar = django_filters.ChoiceFilter(choices=Pillar.choices)
    stage = django_filters.ChoiceFilter(choices=LifecycleStage.choices)

    class Meta:
        model = Responsibility
        fields = ["name", "pillar", "stage"]


class SkillFilterSet(django_filters.FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains", help_text="Part of the skill's name.")

    class Meta:
        model = Skill
        fields = ["name"]
