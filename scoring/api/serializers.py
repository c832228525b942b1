"""API representations of scoring runs, their dimension scores and findings (read only)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import DimensionScore, Finding, ScoringRun


@extend_schema_field(OpenApiTypes.ANY)
class EvidenceField(serializers.JSONField):
    """Free-form evidence: ids and names of the people, teams, systems or answers behind a number."""


@extend_schema_field(OpenApiTypes.OBJECT)
class SummaryField(serializers.JSONField):
    pass


class DimensionScoreSerializer(serializers.ModelSerializer):
    evidence = EvidenceField(read_only=True)

    class Meta:
        model = DimensionScore
        fields = ["dimension", "score", "level", "answered", "total", "evidence"]
        read_only_fields = fields


class ScoringRunSerializer(serializers.ModelSerializer):
    dimension_scores = DimensionScoreSerializer(many=True, read_only=True)

    class Meta:
        model = ScoringRun
        fields = [
            "id",
            "status",
            "error",
            "assessment",
            "team",
            "scenario",
            "scoring_version",
            "template_version",
            "inputs_at",
            "created_at",
            "finished_at",
            "overall_level",
            "overall_score",
            "truck_factor",
            "archetype",
            "current_structure",
            "recommended_structure",
            "dimension_scores",
        ]
        read_only_fields = fields


class ScoringRunDetailSerializer(ScoringRunSerializer):
    summary = SummaryField(read_only=True, help_text="Classification reasons, design choices and chart metrics.")

    class Meta(ScoringRunSerializer.Meta):
        fields = [*ScoringRunSerializer.Meta.fields, "summary"]
        read_only_fields = fields


class FindingSerializer(serializers.ModelSerializer):
    evidence = EvidenceField(read_only=True)

    class Meta:
        model = Finding
        fields = [
            "id",
            "run",
            "kind",
            "severity",
            "title",
            "detail",
            "evidence",
            "recommendation",
            "team",
            "impact",
            "effort",
            "rank",
        ]
        read_only_fields = fields
