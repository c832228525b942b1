"""FilterSets for assessments, scoring runs and findings, shared by pages and the API."""

import django_filters

from orgs.filters import IdFilter, UTCDateTimeFilter

from .choices import AssessmentStatus, TemplateStatus
from .models import Assessment, QuestionnaireTemplate


class QuestionnaireTemplateFilterSet(django_filters.FilterSet):
    slug = django_filters.CharFilter()
    status = django_filters.ChoiceFilter(choices=TemplateStatus.choices)

    class Meta:
        model = QuestionnaireTemplate
        fields = ["slug", "status"]


class AssessmentFilterSet(django_filters.FilterSet):
    team = IdFilter(field_name="team_id", help_text="Id of the assessed team.")
    org_wide = django_filters.BooleanFilter(
        field_name="team", lookup_expr="isnull", help_text="Only assessments of the whole organisation (true) or not."
    )
    status = django_filters.ChoiceFilter(choices=AssessmentStatus.choices)
    submitted_after = UTCDateTimeFilter(field_name="submitted_at", lookup_expr="gte")
    submitted_before = UTCDateTimeFilter(field_name="submitted_at", lookup_expr="lte")

    class Meta:
        model = Assessment
        fields = ["team", "org_wide", "status", "submitted_after", "submitted_before"]
