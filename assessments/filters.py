"""FilterSets for assessments, scoring runs and findings, shared by pages and the API."""

import datetime

import django_filters

from orgs.filters import IdFilter

from .choices import AssessmentStatus, RunStatus, Severity, TemplateStatus
from .models import Assessment, Finding, QuestionnaireTemplate, ScoringRun


class UTCDateTimeFilter(django_filters.IsoDateTimeFilter):
    """An ISO 8601 date-time, compared in UTC.

    Python accepts UTC offsets up to 24 hours, PostgreSQL only up to about 16: a value such as
    `...-18:36` is moved to UTC first, so any well-formed date-time filters instead of failing.
    """

    def filter(self, qs, value):
        if value is not None and value.tzinfo is not None:
            try:
                value = value.astimezone(datetime.UTC)
            except OverflowError:  # moved before year 1 or after year 9999: the widest bound matches
                value = datetime.datetime.min if value.year < 5000 else datetime.datetime.max
                value = value.replace(tzinfo=datetime.UTC)
        return super().filter(qs, value)


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


class ScoringRunFilterSet(django_filters.FilterSet):
    team = IdFilter(field_name="team_id", help_text="Id of the team the scored assessment was about.")
    org_wide = django_filters.BooleanFilter(
        field_name="team", lookup_expr="isnull", help_text="Only runs of the whole organisation (true) or of teams."
    )
    assessment = IdFilter(field_name="assessment_id")
    scenario = IdFilter(field_name="scenario_id", help_text="Id of the what-if scenario scored.")
    is_scenario = django_filters.BooleanFilter(
        field_name="scenario", lookup_expr="isnull", exclude=True, help_text="Only what-if runs (true) or real ones."
    )
    status = django_filters.ChoiceFilter(choices=RunStatus.choices)
    created_after = UTCDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = UTCDateTimeFilter(field_name="created_at", lookup_expr="lte")

    class Meta:
        model = ScoringRun
        fields = ["team", "org_wide", "assessment", "scenario", "is_scenario", "status", "created_after"]


class FindingFilterSet(django_filters.FilterSet):
    severity = django_filters.MultipleChoiceFilter(choices=Severity.choices)
    kind = django_filters.CharFilter()
    team = IdFilter(field_name="team_id")

    class Meta:
        model = Finding
        fields = ["severity", "kind", "team"]
