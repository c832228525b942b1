"""API representations of questionnaires, assessments and answers.

Writes go through `assessments.services` (start, answer_save, submit); these serializers only
check the shape of the request and present the results.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from orgs.models import Team
from teamplanner.api_base import OrgRelatedField

from ..models import (
    Answer,
    Assessment,
    Question,
    QuestionnaireTemplate,
    Section,
)
from ..services import COMMENT_MAX

# JSON numbers beyond this lose precision in JavaScript clients and in float arithmetic.
MAX_JSON_INT = 2**53


# --- questionnaires -------------------------------------------------------------------------------


class QuestionSerializer(serializers.ModelSerializer):
    depends_on = serializers.SlugRelatedField(
        slug_field="code",
        read_only=True,
        allow_null=True,
        help_text="Code of the question whose answer decides if this one is shown.",
    )

    class Meta:
        model = Question
        fields = [
            "id",
            "code",
            "order",
            "text",
            "help_text",
            "dimension",
            "kind",
            "weight",
            "required",
            "allow_na",
            "choices",
            "scale_labels",
            "min_value",
            "max_value",
            "depends_on",
            "depends_on_values",
        ]
        read_only_fields = fields


class SectionSerializer(serializers.ModelSerializer):
    questions = QuestionSerializer(many=True, read_only=True)

    class Meta:
        model = Section
        fields = ["id", "order", "title", "description", "questions"]
        read_only_fields = fields


class QuestionnaireTemplateSerializer(serializers.ModelSerializer):
    question_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = QuestionnaireTemplate
        fields = ["id", "slug", "name", "version", "status", "description", "published_at", "question_count"]
        read_only_fields = fields


class QuestionnaireTemplateDetailSerializer(QuestionnaireTemplateSerializer):
    sections = SectionSerializer(many=True, read_only=True)

    class Meta(QuestionnaireTemplateSerializer.Meta):
        fields = [*QuestionnaireTemplateSerializer.Meta.fields, "sections"]
        read_only_fields = fields


# --- assessments and answers ----------------------------------------------------------------------


class AssessmentSerializer(serializers.ModelSerializer):
    template = serializers.PrimaryKeyRelatedField(read_only=True, help_text="Id of the questionnaire version.")
    template_slug = serializers.CharField(source="template.slug", read_only=True)
    template_version = serializers.IntegerField(source="template.version", read_only=True)
    team = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="Id of the team; null for the whole org."
    )

    class Meta:
        model = Assessment
        fields = [
            "id",
            "team",
            "template",
            "template_slug",
            "template_version",
            "title",
            "status",
            "status_message",
            "created_at",
            "updated_at",
            "submitted_at",
            "prefilled_from",
        ]
        read_only_fields = fields


class AssessmentStartSerializer(serializers.Serializer):
    """Start a draft: of a team, or of the whole organisation when `team` is null (admins only)."""

    team = OrgRelatedField(Team, allow_null=True, required=False, help_text="Id of the team; null or absent: org.")
    template = serializers.PrimaryKeyRelatedField(
        queryset=QuestionnaireTemplate.objects.all(),
        required=False,
        allow_null=True,
        help_text="Id of a published questionnaire version; default: the current one.",
    )
    prefill_from = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=2**63 - 1,
        help_text="Id of an earlier assessment whose answers are copied where the questions still fit.",
    )


def _no_nul(value, path="value"):
    """Text with NUL characters cannot be stored; numbers must stay exact."""
    if isinstance(value, str) and "\x00" in value:
        raise serializers.ValidationError("Text may not contain NUL characters.")
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_JSON_INT:
        raise serializers.ValidationError(f"Numbers must lie between -{MAX_JSON_INT} and {MAX_JSON_INT}.")
    if isinstance(value, list):
        for item in value:
            _no_nul(item, path)
    if isinstance(value, dict):
        for key, item in value.items():
            _no_nul(key, path)
            _no_nul(item, path)


@extend_schema_field(
    {
        "anyOf": [
            {"type": "integer", "description": "scale: a level 0-4"},
            {"type": "boolean", "description": "yes_no"},
            {"type": "number", "description": "number"},
            {"type": "string", "description": "single: a choice value; text: free text"},
            {"type": "array", "items": {"type": "string"}, "description": "multiple: choice values"},
        ],
        "nullable": True,
        "description": "The answer, in the form its question's kind needs; null for no answer.",
    }
)
class AnswerValueField(serializers.JSONField):
    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        _no_nul(value)
        return value


class AnswerSerializer(serializers.ModelSerializer):
    question = serializers.SlugRelatedField(slug_field="code", read_only=True, help_text="The question's code.")
    question_id = serializers.IntegerField(read_only=True)
    value = AnswerValueField(read_only=True)
    updated_by = serializers.SerializerMethodField(help_text="Who saved this version.")

    class Meta:
        model = Answer
        fields = [
            "question",
            "question_id",
            "value",
            "not_applicable",
            "comment",
            "version",
            "updated_by",
            "updated_at",
        ]
        read_only_fields = fields

    def get_updated_by(self, obj) -> str:
        user = obj.updated_by
        if user is None:
            return ""
        return user.get_full_name() or user.get_username()


class AnswerSaveSerializer(serializers.Serializer):
    """One answer, saved as the browser's autosave does: send the version you last saw."""

    value = AnswerValueField(required=False, allow_null=True, default=None)
    not_applicable = serializers.BooleanField(required=False, default=False)
    comment = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, default=None, help_text="Null or absent: keep the comment."
    )
    comment_base = serializers.CharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        default=None,
        max_length=COMMENT_MAX,
        help_text=(
            "The comment you last read. With it, a new comment is saved over a newer version when that version's "
            "answer is the one you send and its comment is still this one (only the comment changed, and only here)."
        ),
    )
    expected_version = serializers.IntegerField(
        min_value=0,
        max_value=2**31 - 1,
        help_text="The answer's version you last read (0 if it had no answer). A different stored version is a 409.",
    )


class AnswerConflictSerializer(serializers.Serializer):
    message = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
    current = AnswerSerializer(
        allow_null=True,
        required=False,
        help_text="On a version conflict: the answer as it is stored now (null if there is none).",
    )


class ActionAcceptedSerializer(serializers.Serializer):
    message = serializers.CharField()
    assessment = AssessmentSerializer(required=False)
