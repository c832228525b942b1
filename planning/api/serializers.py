"""Serializers of the planning API: they parse and present; every rule is in planning.services."""

from decimal import Decimal

from rest_framework import serializers

from orgs.choices import AssignmentLevel
from orgs.models import Opening, Person, Team
from roles.models import Responsibility, RoleTemplate
from teamplanner.api_base import CatalogSlugField, OrgRelatedField

from ..choices import SCORED_DIMENSION_CHOICES, ChangeKind, ScenarioScoringStatus
from ..models import HeadcountTarget, MaturityTarget, Scenario, ScenarioApplication, ScenarioChange


class ScenarioChangeSerializer(serializers.ModelSerializer):
    role = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    responsibility = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    people = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    stale = serializers.SerializerMethodField(help_text="Why the change cannot apply as written, or null.")

    class Meta:
        model = ScenarioChange
        fields = [
            "id",
            "position",
            "kind",
            "label",
            "person",
            "to_person",
            "team",
            "to_team",
            "role",
            "responsibility",
            "opening",
            "people",
            "level",
            "month",
            "name",
            "email",
            "fte",
            "stale",
        ]
        read_only_fields = fields

    def get_stale(self, obj) -> str | None:
        return getattr(obj, "stale", None)


class ScenarioSerializer(serializers.ModelSerializer):
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    applied_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    scoring_status = serializers.ChoiceField(choices=ScenarioScoringStatus.choices, read_only=True)

    class Meta:
        model = Scenario
        fields = [
            "id",
            "name",
            "description",
            "copied_from",
            "created_by",
            "created_at",
            "updated_at",
            "applied_at",
            "applied_by",
            "scoring_status",
            "scoring_error",
            "scored_run",
            "baseline_run",
        ]
        read_only_fields = [f for f in fields if f not in ("name", "description")]


class ScenarioDetailSerializer(ScenarioSerializer):
    changes = ScenarioChangeSerializer(many=True, read_only=True)

    class Meta(ScenarioSerializer.Meta):
        fields = [*ScenarioSerializer.Meta.fields, "changes"]
        read_only_fields = [*ScenarioSerializer.Meta.read_only_fields, "changes"]


class ScenarioWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class ScenarioChangeWriteSerializer(serializers.Serializer):
    """One change; which fields are needed depends on `kind` (the answer names any that is missing)."""

    kind = serializers.ChoiceField(choices=ChangeKind.choices)
    person = OrgRelatedField(Person, required=False, allow_null=True, help_text="leave, move, reassign (from)")
    to_person = OrgRelatedField(Person, required=False, allow_null=True, help_text="reassign (to)")
    team = OrgRelatedField(Team, required=False, allow_null=True, help_text="join, add_opening, merge, split")
    to_team = OrgRelatedField(Team, required=False, allow_null=True, help_text="move, merge (into)")
    opening = OrgRelatedField(Opening, required=False, allow_null=True, help_text="cancel_opening")
    role = CatalogSlugField(queryset=RoleTemplate.objects.all(), required=False, allow_null=True)
    responsibility = CatalogSlugField(queryset=Responsibility.objects.all(), required=False, allow_null=True)
    people = serializers.ListField(
        child=OrgRelatedField(Person), required=False, max_length=10000, help_text="split_team: who goes"
    )
    level = serializers.ChoiceField(choices=AssignmentLevel.choices, required=False)
    month = serializers.DateField(required=False, allow_null=True, help_text="Any day of the month it happens.")
    name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    email = serializers.EmailField(required=False, allow_blank=True)
    fte = serializers.DecimalField(
        max_digits=3, decimal_places=2, min_value=Decimal("0.01"), max_value=Decimal(1), required=False, allow_null=True
    )


class ChangeRemoveSerializer(serializers.Serializer):
    change = serializers.IntegerField(min_value=1, max_value=2**63 - 1)


class ScenarioApplicationSerializer(serializers.ModelSerializer):
    applied_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    log = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))

    class Meta:
        model = ScenarioApplication
        fields = ["id", "scenario", "scenario_name", "applied_by", "applied_at", "log"]
        read_only_fields = fields


class NumberField(serializers.FloatField):
    """A number shown as it is stored: a count stays an integer (2, not 2.0)."""

    def to_representation(self, value):
        return value


class TimelineFiguresSerializer(serializers.Serializer):
    truck_factor = serializers.IntegerField(help_text="The organisation's truck factor.")
    orphaned_systems = serializers.IntegerField(help_text="Production systems with nobody left to own or deploy them.")
    orphaned_system_names = serializers.ListField(child=serializers.CharField())
    production_systems = serializers.IntegerField()
    builder_fte = serializers.FloatField(allow_null=True)
    productioniser_fte = serializers.FloatField(allow_null=True)
    builders_per_productioniser = serializers.FloatField(
        allow_null=True, help_text="Model builder FTE per productioniser FTE; null without productionisers."
    )
    systems_per_productioniser = serializers.FloatField(allow_null=True)
    maturity_level = serializers.IntegerField(allow_null=True, help_text="Overall maturity level (1-5).")
    dimension_levels = serializers.DictField(child=serializers.IntegerField(), help_text="{dimension: level}")


class TimelineStepSerializer(TimelineFiguresSerializer):
    key = serializers.CharField(help_text='"today" or the month as YYYY-MM.')
    label = serializers.CharField(help_text='"Today" or e.g. "Feb 2027 (in 3 months)".')
    month = serializers.DateField(allow_null=True, help_text="First day of the step's month; null for today.")
    months_from_now = serializers.IntegerField()
    changes = serializers.ListField(child=serializers.CharField(), help_text="The changes that take effect here.")
    notes = serializers.ListField(
        child=serializers.CharField(), help_text="Changes that cannot apply by this step, and why."
    )
    end = serializers.BooleanField(help_text="The last step: every change has happened.")


class TimelineFigureSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    values = serializers.ListField(child=NumberField(allow_null=True), help_text="One per step.")
    start = NumberField(allow_null=True, help_text="The real data today.")
    end = NumberField(allow_null=True)
    verdict = serializers.ChoiceField(choices=["better", "worse", "same", "changed"])


class TimelineSerializer(serializers.Serializer):
    scoring_run = serializers.IntegerField(source="run", help_text="The scenario's scoring run it was made with.")
    as_of = serializers.DateField()
    baseline = TimelineFiguresSerializer(
        allow_null=True, help_text="The real data, when some change takes effect today; else null."
    )
    steps = TimelineStepSerializer(many=True, help_text="Today, each month a dated change takes effect, the end.")
    figures = TimelineFigureSerializer(
        many=True, help_text="Each key figure along the steps (maturity only when it changes)."
    )
    maturity_varies = serializers.BooleanField()


class ComparisonSerializer(serializers.Serializer):
    ready = serializers.BooleanField(help_text="False until the scenario has been scored.")
    stale = serializers.BooleanField(help_text="The scenario or the real data changed since it was scored.")
    scoring_status = serializers.ChoiceField(choices=ScenarioScoringStatus.choices)
    today_run = serializers.IntegerField(allow_null=True)
    scenario_run = serializers.IntegerField(allow_null=True)
    headline = serializers.ListField(child=serializers.DictField(), help_text="{label, today, scenario, verdict}")
    dimensions = serializers.ListField(child=serializers.DictField())
    findings = serializers.DictField(help_text="added, removed, changed (lists) and unchanged (a count)")
    timeline = TimelineSerializer(
        allow_null=True,
        help_text="The key figures today, at each dated step and at the end; null until scored "
        "(or scored before timelines were kept).",
    )


class WhatIfSerializer(serializers.Serializer):
    person = serializers.DictField()
    impact = serializers.DictField(help_text="What the departure orphans; the truck factor before and after.")
    systems = serializers.ListField(child=serializers.DictField())
    responsibilities = serializers.ListField(child=serializers.DictField())
    deployment = serializers.DictField()
    team = serializers.DictField()
    leads = serializers.ListField(child=serializers.CharField())
    reports = serializers.IntegerField()
    risks = serializers.ListField(child=serializers.DictField(), help_text="{risk, before, after, worse}")


class ForecastQuerySerializer(serializers.Serializer):
    scenario = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    by = serializers.DateField(required=False, help_text="Targets reached by this date (default: in a year).")


class ForecastSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    by = serializers.DateField()
    draws = serializers.IntegerField()
    seed = serializers.IntegerField()
    months = serializers.ListField(child=serializers.DateField())
    capacity = serializers.DictField(help_text="family -> {p10, p50, p90, mean}: FTE at each month")
    openings = serializers.ListField(child=serializers.DictField(), help_text="months until filled: p10, p50, p90")
    targets = serializers.ListField(child=serializers.DictField(), help_text="probability of each headcount target")
    teams = serializers.ListField(child=serializers.DictField(), help_text="{team_id, probability} (null: org-wide)")
    hire_times = serializers.ListField(child=serializers.DictField())
    notes = serializers.ListField(child=serializers.CharField())


class HeadcountTargetSerializer(serializers.ModelSerializer):
    team = OrgRelatedField(Team, required=False, allow_null=True, help_text="Empty: the whole organisation.")
    role = CatalogSlugField(queryset=RoleTemplate.objects.all())
    headcount = serializers.IntegerField(min_value=0, max_value=100000)

    class Meta:
        model = HeadcountTarget
        fields = ["id", "team", "role", "headcount", "due_on", "updated_at"]
        read_only_fields = ["id", "updated_at"]
        validators = []  # the service upserts: setting a target again replaces it


class MaturityTargetSerializer(serializers.ModelSerializer):
    team = OrgRelatedField(Team, required=False, allow_null=True, help_text="Empty: the whole organisation.")
    dimension = serializers.ChoiceField(choices=SCORED_DIMENSION_CHOICES)
    level = serializers.IntegerField(min_value=1, max_value=5)

    class Meta:
        model = MaturityTarget
        fields = ["id", "team", "dimension", "level", "updated_at"]
        read_only_fields = ["id", "updated_at"]
        validators = []
