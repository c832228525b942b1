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
from .engine.results import ScoreResult
from .models import DimensionScore, Finding, ScoringRun


@dataclass(frozen=True)
class LoadedInputs:
    inputs: ScoringInputs
    inputs_at: datetime  # when the scored data last changed
    template_version: str


def _records(qs, columns: dict[str, str]) -> pd.DataFrame:
    """`qs` read as one `values_list` into a frame: `columns` maps each column to its field path."""
    return pd.DataFrame.from_records(list(qs.values_list(*columns.values())), columns=list(columns))


def _same(*names: str) -> dict[str, str]:
    return {name: name for name in names}


def _org_frames(org: Organization) -> dict[str, pd.DataFrame]:
    """The organisation's data for the engine's frames (`ScoringInputs.build` types them): one query per table."""
    people = _records(
        Person.objects.filter(organization=org),
        {
            **_same("id", "name", "team_id"),
            "role_slug": "role__slug",
            "role_name": "role__name",
            "family": "role__family",
            **_same("fte", "manager_id"),
        },
    )
    people["fte"] = people["fte"].astype(float)
    openings = _records(
        Opening.objects.filter(organization=org),
        {
            "id": "id",
            "role_slug": "role__slug",
            "role_name": "role__name",
            "family": "role__family",
            **_same("team_id", "opened_on", "status"),
            "months_to_hire": "role__months_to_hire",
        },
    )
    openings["months_to_hire"] = openings["months_to_hire"].astype(float)
    links = {"system_id": "mlsystem_id", "person_id": "person_id"}
    return {
        "teams": _records(
            Team.objects.filter(organization=org),
            _same("id", "name", "parent_id", "kind", "pillar", "lead_id"),
        ),
        "people": people,
        "responsibilities": _records(Responsibility.objects.all(), _same("id", "slug", "name", "pillar", "stage")),
        "assignments": _records(
            Assignment.objects.filter(person__organization=org),
            _same("person_id", "responsibility_id", "level"),
        ),
        "systems": _records(MLSystem.objects.filter(organization=org), _same("id", "name", "team_id", "stage")),
        "system_owners": _records(MLSystem.owners.through.objects.filter(mlsystem__organization=org), links),
        "system_deployers": _records(MLSystem.deployers.through.objects.filter(mlsystem__organization=org), links),
        "openings": openings,
    }


def _assessment_frames(assessment: Assessment) -> tuple[pd.DataFrame, pd.DataFrame, list]:
    """The questions of `assessment`'s template in their order, its answers, and when each answer changed."""
    questions = _records(
        Question.objects.filter(section__template_id=assessment.template_id).order_by(
            "section__order", "section_id", "order", "pk"
        ),
        {
            **_same("id", "code", "text"),
            "section": "section__title",
            **_same("dimension", "kind", "weight", "choices", "depends_on_id", "depends_on_values"),
        },
    )
    questions["weight"] = questions["weight"].astype(float)
    answers = _records(
        Answer.objects.filter(assessment=assessment), _same("question_id", "value", "not_applicable", "updated_at")
    )
    stamps = answers.pop("updated_at").tolist()
    return questions, answers, stamps


def load_inputs(*, org: Organization, assessment: Assessment | None = None, as_of: date | None = None) -> LoadedInputs:
    """Everything `score_org` needs for `org` (and `assessment`, scoped to its team if it has one).

    Queries: the organisation, teams, people, responsibilities, assignments, systems, system owners,
    system deployers, openings, and with an assessment its template, questions and answers: twelve at most.
    """
    # Read the organisation afresh: signals move `data_changed_at` with queryset updates.
    name, slug, stage, ml_focus, target_level, data_changed_at = Organization.objects.values_list(
        "name", "slug", "stage", "ml_focus", "target_level", "data_changed_at"
    ).get(pk=org.pk)
    inputs_at, template_version = data_changed_at, ""
    questions = answers = None
    if assessment is not None:
        template = assessment.template
        template_version = f"{template.slug} v{template.version}"
        questions, answers, stamps = _assessment_frames(assessment)
        inputs_at = max(s for s in [inputs_at, assessment.submitted_at, *stamps] if s is not None)
    inputs = ScoringInputs.build(
        org=OrgInfo(id=org.pk, name=name, slug=slug, stage=stage, ml_focus=ml_focus, target_level=target_level),
        **_org_frames(org),
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
