"""API representations of the shared catalog. Entries refer to each other by slug."""

from decimal import Decimal

from rest_framework import serializers

from teamplanner.api_base import CatalogSlugField, ServiceModelSerializer

from ..models import Archetype, Responsibility, RoleTemplate, Skill


class SkillSerializer(ServiceModelSerializer):
    class Meta:
        model = Skill
        fields = ["slug", "name", "description"]


class ResponsibilitySerializer(ServiceModelSerializer):
    class Meta:
        model = Responsibility
        fields = ["slug", "name", "pillar", "stage", "description"]


class RoleTemplateSerializer(ServiceModelSerializer):
    default_responsibilities = CatalogSlugField(
        Responsibility.objects.all(),
        many=True,
        required=False,
        help_text="Slugs of the responsibilities this role normally owns.",
    )
    target_skills = serializers.DictField(
        child=serializers.IntegerField(min_value=0, max_value=4),
        required=False,
        help_text='Target level 0-4 per skill slug, e.g. {"ml-expertise": 3}.',
    )
    months_to_hire = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        min_value=Decimal("0.1"),
        max_value=Decimal("60"),
        required=False,
        help_text="Median months from opening a position to the hire starting.",
    )
    hire_time_spread = serializers.DecimalField(
        max_digits=3,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=Decimal("2"),
        default=Decimal("0.40"),  # the model's float default would fail its own two-decimal check
        help_text="Spread of the time to hire (sigma of a log-normal distribution).",
    )

    class Meta:
        model = RoleTemplate
        fields = [
            "slug",
            "name",
            "category",
            "family",
            "purpose",
            "target_skills",
            "default_responsibilities",
            "months_to_hire",
            "hire_time_spread",
            "scarcity",
            "annual_cost",
        ]


class ArchetypeSerializer(ServiceModelSerializer):
    class Meta:
        model = Archetype
        fields = [
            "number",
            "slug",
            "name",
            "typical_org",
            "ml_vs_engineering",
            "data_ownership",
            "model_ownership",
            "strengths",
            "pains",
        ]
