"""FilterSets for the lists of an organisation's data, shared by pages and the API.

Related objects are filtered by id (`IdFilter`) or catalog slug, never with a choice of all rows:
the lists are already limited to one organisation, and a choice field would reveal which ids exist
in other organisations.
"""

import datetime

import django_filters
from django import forms
from django.db.models import Q
from drf_spectacular.utils import extend_schema_field

from roles.choices import RoleFamily

from .choices import AssignmentLevel, OpeningStatus, SystemStage, TeamKind, TeamPillar
from .models import Assignment, MLSystem, Opening, Person, PersonSkill, Team

MAX_ID = 2**63 - 1


# The schema says what the filter accepts: a whole number (spectacular would say "number", taking decimals).
@extend_schema_field({"type": "integer", "format": "int64", "minimum": 1, "maximum": MAX_ID})
class IdFilter(django_filters.NumberFilter):
    """An object id (a whole number in the database's id range)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class TeamFilterSet(django_filters.FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains", help_text="Part of the team's name.")
    kind = django_filters.ChoiceFilter(choices=TeamKind.choices)
    pillar = django_filters.ChoiceFilter(choices=TeamPillar.choices)
    parent = IdFilter(field_name="parent_id", help_text="Id of the parent team.")
    is_root = django_filters.BooleanFilter(
        field_name="parent", lookup_expr="isnull", help_text="Only top-level teams (true) or only sub-teams (false)."
    )
    lead = IdFilter(field_name="lead_id", help_text="Id of the person leading the team.")

    class Meta:
        model = Team
        fields = ["name", "kind", "pillar", "parent", "is_root", "lead"]


class PersonFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", help_text="Part of the person's name, email, team or role.")
    name = django_filters.CharFilter(lookup_expr="icontains", help_text="Part of the person's name.")
    email = django_filters.CharFilter(lookup_expr="iexact")
    team = IdFilter(field_name="team_id", help_text="Id of the person's team.")
    role = django_filters.CharFilter(field_name="role__slug", help_text="Slug of the catalog role.")
    family = django_filters.ChoiceFilter(field_name="role__family", choices=RoleFamily.choices)
    manager = IdFilter(field_name="manager_id", help_text="Id of the person's manager.")
    location = django_filters.CharFilter(lookup_expr="iexact")

    class Meta:
        model = Person
        fields = ["q", "name", "email", "team", "role", "family", "manager", "location"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(email__icontains=value)
            | Q(team__name__icontains=value)
            | Q(role__name__icontains=value)
        )


class PersonSkillFilterSet(django_filters.FilterSet):
    person = IdFilter(field_name="person_id")
    team = IdFilter(field_name="person__team_id", help_text="Id of the person's team.")
    skill = django_filters.CharFilter(field_name="skill__slug", help_text="Slug of the skill.")
    min_level = django_filters.NumberFilter(field_name="level", lookup_expr="gte", min_value=0, max_value=4)

    class Meta:
        model = PersonSkill
        fields = ["person", "team", "skill", "min_level"]


class AssignmentFilterSet(django_filters.FilterSet):
    person = IdFilter(field_name="person_id")
    team = IdFilter(field_name="person__team_id", help_text="Id of the person's team.")
    responsibility = django_filters.CharFilter(field_name="responsibility__slug", help_text="Responsibility slug.")
    level = django_filters.ChoiceFilter(choices=AssignmentLevel.choices)

    class Meta:
        model = Assignment
        fields = ["person", "team", "responsibility", "level"]


class MLSystemFilterSet(django_filters.FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains")
    team = IdFilter(field_name="team_id")
    stage = django_filters.ChoiceFilter(choices=SystemStage.choices)
    domain = django_filters.CharFilter(lookup_expr="iexact")
    owner = IdFilter(field_name="owners", help_text="Id of a person who owns the system.")
    deployer = IdFilter(field_name="deployers", help_text="Id of a person who can deploy the system.")

    class Meta:
        model = MLSystem
        fields = ["name", "team", "stage", "domain", "owner", "deployer"]


class OpeningFilterSet(django_filters.FilterSet):
    team = IdFilter(field_name="team_id")
    role = django_filters.CharFilter(field_name="role__slug", help_text="Slug of the catalog role.")
    status = django_filters.ChoiceFilter(choices=OpeningStatus.choices)
    opened_after = django_filters.DateFilter(field_name="opened_on", lookup_expr="gte")
    opened_before = django_filters.DateFilter(field_name="opened_on", lookup_expr="lte")

    class Meta:
        model = Opening
        fields = ["team", "role", "status", "opened_after", "opened_before"]


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
