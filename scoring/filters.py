"""Filters of the scoring runs and findings lists."""

import django_filters

from orgs.filters import IdFilter, UTCDateTimeFilter

from .choices import RunStatus, Severity
from .models import Finding, ScoringRun


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
