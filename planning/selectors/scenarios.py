"""Reads of scenarios: the list, their changes, the changes as plain values for the engine."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from orgs.models import Organization, Person
from roles.models import RoleTemplate

from ..choices import ChangeKind
from ..engine.scenarios import ChangeSpec, RoleRef
from ..models import Scenario, ScenarioApplication, ScenarioChange
from ..services.apply import stale_reason


def scenario_list(*, org: Organization) -> QuerySet[Scenario]:
    return (
        Scenario.objects.for_org(org)
        .select_related("created_by", "applied_by", "scored_run")
        .annotate(change_count=Count("changes"))
        .order_by("-updated_at", "-pk")
    )


def scenario_changes(*, scenario: Scenario) -> list[ScenarioChange]:
    """The changes in order, each with `.stale` (why it cannot apply as written, or None)."""
    changes = list(
        scenario.changes.select_related(
            "person", "to_person", "team", "to_team", "role", "responsibility", "opening__role", "opening__team"
        )
        .prefetch_related(Prefetch("people", queryset=Person.objects.only("pk", "name", "team_id")))
        .order_by("position", "pk")
    )
    for c in changes:
        c.stale = stale_reason(c)
    return changes


def _role_ref(role: RoleTemplate | None) -> RoleRef | None:
    if role is None:
        return None
    return RoleRef(role.slug, role.name, role.family, float(role.months_to_hire))


def scenario_specs(*, scenario: Scenario) -> list[ChangeSpec]:
    """The scenario's changes as plain values for `planning.engine.scenarios.apply_changes` (two queries)."""
    specs = []
    for c in (
        scenario.changes.select_related("role")
        .prefetch_related(Prefetch("people", queryset=Person.objects.only("pk")))
        .order_by("position", "pk")
    ):
        specs.append(
            ChangeSpec(
                id=c.pk,
                kind=c.kind,
                label=c.label,
                person_id=c.person_id,
                to_person_id=c.to_person_id,
                team_id=c.team_id,
                to_team_id=c.to_team_id,
                opening_id=c.opening_id,
                responsibility_id=c.responsibility_id,
                role=_role_ref(c.role),
                level=c.level,
                month=c.month,
                name=c.name,
                fte=float(c.fte) if c.fte is not None else None,
                person_ids=tuple(p.pk for p in c.people.all()),
            )
        )
    return specs


def scenario_applications(*, org: Organization) -> QuerySet[ScenarioApplication]:
    return ScenarioApplication.objects.for_org(org).select_related("applied_by", "scenario").order_by("-applied_at")


def change_kinds() -> list[tuple[str, str]]:
    return list(ChangeKind.choices)
