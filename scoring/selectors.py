"""The one loader (database -> scoring inputs) and the one saver (score result -> rows).

The loader makes a fixed number of queries whatever the size of the organisation: one
`values_list` per table (twelve at most). The saver replaces a run's rows in bulk.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
from django.db import transaction
from django.utils import timezone

from assessments.choices import SCORED_DIMENSIONS, Dimension
from assessments.models import Answer, Assessment, Question
from orgs.models import Assignment, MLSystem, Opening, Organization, Person, Team
from roles.models import Responsibility

from .choices import RunStatus
from .engine import OrgInfo, ScoringInputs
from .engine.inputs import make_frame
from .engine.results import ScoreResult
from .models import DimensionScore, Finding, ScoringRun


@dataclass(frozen=True)
class LoadedInputs:
    inputs: ScoringInputs
    inputs_at: datetime  # when the scored data last changed
    template_version: str


def _frame(kind: str, rows, columns: list[str]) -> pd.DataFrame:
    return make_frame(kind, pd.DataFrame.from_records(list(rows), columns=columns))


def load_inputs(*, org: Organization, assessment: Assessment | None = None, as_of: date | None = None) -> LoadedInputs:
    """Everything `score_org` needs for `org` (and `assessment`, scoped to its team if it has one).

    Queries: the organisation, teams, people, responsibilities, assignments, systems, system owners,
    system deployers, openings, and with an assessment its template, questions and answers: twelve at most.
    """
    # Read the organisation afresh: signals move `data_changed_at` with queryset updates.
    name, slug, stage, ml_focus, target_level, data_changed_at = Organization.objects.values_list(
        "name", "slug", "stage", "ml_focus", "target_level", "data_changed_at"
    ).get(pk=org.pk)
    teams = _frame(
        "teams",
        Team.objects.filter(organization=org).values_list("id", "name", "parent_id", "kind", "pillar", "lead_id"),
        ["id", "name", "parent_id", "kind", "pillar", "lead_id"],
    )
    people_cols = ["id", "name", "team_id", "role_slug", "role_name", "family", "fte", "manager_id"]
    people = Person.objects.filter(organization=org).values_list(
        "id", "name", "team_id", "role__slug", "role__name", "role__family", "fte", "manager_id"
    )
    people = pd.DataFrame.from_records(list(people), columns=people_cols)
    people["fte"] = people["fte"].astype(float)
    responsibilities = _frame(
        "responsibilities",
        Responsibility.objects.values_list("id", "slug", "name", "pillar", "stage"),
        ["id", "slug", "name", "pillar", "stage"],
    )
    assignments = _frame(
        "assignments",
        Assignment.objects.filter(person__organization=org).values_list("person_id", "responsibility_id", "level"),
        ["person_id", "responsibility_id", "level"],
    )
    systems = _frame(
        "systems",
        MLSystem.objects.filter(organization=org).values_list("id", "name", "team_id", "stage"),
        ["id", "name", "team_id", "stage"],
    )
    owners = _frame(
        "system_owners",
        MLSystem.owners.through.objects.filter(mlsystem__organization=org).values_list("mlsystem_id", "person_id"),
        ["system_id", "person_id"],
    )
    deployers = _frame(
        "system_deployers",
        MLSystem.deployers.through.objects.filter(mlsystem__organization=org).values_list("mlsystem_id", "person_id"),
        ["system_id", "person_id"],
    )
    openings_cols = ["id", "role_slug", "role_name", "team_id", "opened_on", "status", "months_to_hire"]
    openings = pd.DataFrame.from_records(
        list(
            Opening.objects.filter(organization=org).values_list(
                "id", "role__slug", "role__name", "team_id", "opened_on", "status", "role__months_to_hire"
            )
        ),
        columns=openings_cols,
    )
    openings["months_to_hire"] = openings["months_to_hire"].astype(float)

    inputs_at = data_changed_at
    template_version = ""
    questions = answers = None
    if assessment is not None:
        template = assessment.template
        template_version = f"{template.slug} v{template.version}"
        q_cols = ["id", "code", "text", "section", "dimension", "kind", "weight", "choices"]
        q_cols += ["depends_on_id", "depends_on_values"]
        questions = pd.DataFrame.from_records(
            list(
                Question.objects.filter(section__template_id=assessment.template_id)
                .order_by("section__order", "section_id", "order", "pk")
                .values_list(
                    "id",
                    "code",
                    "text",
                    "section__title",
                    "dimension",
                    "kind",
                    "weight",
                    "choices",
                    "depends_on_id",
                    "depends_on_values",
                )
            ),
            columns=q_cols,
        )
        questions["weight"] = questions["weight"].astype(float)
        answer_rows = list(
            Answer.objects.filter(assessment=assessment).values_list(
                "question_id", "value", "not_applicable", "updated_at"
            )
        )
        answers = pd.DataFrame.from_records(
            [r[:3] for r in answer_rows], columns=["question_id", "value", "not_applicable"]
        )
        stamps = [inputs_at, assessment.submitted_at, *(r[3] for r in answer_rows)]
        inputs_at = max(s for s in stamps if s is not None)

    inputs = ScoringInputs.build(
        org=OrgInfo(id=org.pk, name=name, slug=slug, stage=stage, ml_focus=ml_focus, target_level=target_level),
        teams=teams,
        people=people,
        responsibilities=responsibilities,
        assignments=assignments,
        systems=systems,
        system_owners=owners,
        system_deployers=deployers,
        openings=openings,
        questions=questions,
        answers=answers,
        has_assessment=assessment is not None,
        as_of=as_of or timezone.localdate(),
        dimensions=tuple(d.value for d in SCORED_DIMENSIONS),
        dimension_labels={d.value: str(d.label) for d in Dimension},
    )
    if assessment is not None and assessment.team_id:
        inputs = inputs.scoped_to_team(assessment.team_id)
    return LoadedInputs(inputs=inputs, inputs_at=inputs_at, template_version=template_version)


def inputs_digest(inputs: ScoringInputs) -> str:
    """A fingerprint of everything the engine reads (the `as_of` date excepted)."""
    h = hashlib.sha256()
    h.update(json.dumps(vars(inputs.org), sort_keys=True, default=str).encode())
    h.update(f"{inputs.has_assessment}:{inputs.scope_team_id}".encode())
    for name in ScoringInputs.FRAMES:
        df = getattr(inputs, name)
        h.update(name.encode())
        h.update(json.dumps(df.astype(object).where(df.notna(), None).values.tolist(), default=str).encode())
    return h.hexdigest()


def idempotency_key(
    *,
    org_id: int,
    assessment_id: int | None,
    team_id: int | None,
    scenario_id: int | None,
    version: str,
    inputs_at,
    digest: str,
) -> str:
    """Same organisation, assessment, scope, scoring version and inputs: same key."""
    stamp = inputs_at.isoformat() if inputs_at else "-"
    return (
        f"org{org_id}:a{assessment_id or 0}:t{team_id or 0}:s{scenario_id or 0}:v{version}:"
        f"{hashlib.sha256(f'{stamp}:{digest}'.encode()).hexdigest()[:32]}"
    )


def save_result(*, run: ScoringRun, result: ScoreResult, team_ids: set[int]) -> ScoringRun:
    """Write `result` as the rows of `run` (replacing any earlier rows of that run) and mark it done."""
    known_dimensions = {d.value for d in Dimension}
    with transaction.atomic():
        DimensionScore.objects.filter(run=run).delete()
        Finding.objects.filter(run=run).delete()
        DimensionScore.objects.bulk_create(
            [
                DimensionScore(
                    run=run,
                    dimension=d.dimension,
                    score=d.score,
                    level=d.level,
                    answered=d.answered,
                    total=d.total,
                    evidence=d.evidence,
                )
                for d in result.dimensions
                if d.dimension in known_dimensions
            ]
        )
        Finding.objects.bulk_create(
            [
                Finding(
                    run=run,
                    kind=f.kind,
                    severity=f.severity,
                    title=f.title[:300],
                    detail=f.detail,
                    evidence=f.evidence,
                    recommendation=f.recommendation,
                    team_id=f.team_id if f.team_id in team_ids else None,
                    impact=f.impact,
                    effort=f.effort,
                    rank=f.rank,
                )
                for f in result.findings
            ],
            batch_size=500,
        )
        run.status = RunStatus.DONE
        run.error = ""
        run.finished_at = timezone.now()
        run.scoring_version = result.scoring_version
        run.overall_level = result.overall_level
        run.overall_score = result.overall_score
        run.truck_factor = result.truck_factor
        run.archetype = result.archetype
        run.current_structure = result.current_structure
        run.recommended_structure = result.recommended_structure
        run.summary = result.summary
        run.save()
    return run
