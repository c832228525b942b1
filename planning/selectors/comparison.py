"""A scenario's scoring against today's, read from the stored runs."""

from __future__ import annotations

from dataclasses import dataclass

from assessments.choices import SCORED_DIMENSIONS, Dimension
from scoring.choices import RunStatus
from scoring.models import DimensionScore, Finding, ScoringRun

from ..engine.comparison import compare_runs
from ..engine.timeline import figure_rows
from ..models import Scenario

DIMENSION_LABELS = {d.value: str(d.label) for d in Dimension}


def run_view(run: ScoringRun) -> dict:
    """A stored run as the plain dict `planning.engine.comparison.compare_runs` reads (two queries)."""
    dims = [
        {
            "dimension": d.dimension,
            "label": DIMENSION_LABELS.get(d.dimension, d.dimension),
            "level": d.level,
            "score": d.score,
        }
        for d in DimensionScore.objects.filter(run=run).order_by("dimension")
    ]
    order = {d.value: i for i, d in enumerate(SCORED_DIMENSIONS)}
    dims.sort(key=lambda d: order.get(d["dimension"], 99))
    findings = list(
        Finding.objects.filter(run=run)
        .order_by("rank", "pk")
        .values("kind", "severity", "title", "detail", "team_id", "evidence", "rank", "recommendation")
    )
    return {
        "id": run.pk,
        "scoring_version": run.scoring_version,
        "overall_level": run.overall_level,
        "overall_score": run.overall_score,
        "truck_factor": run.truck_factor,
        "archetype": run.archetype,
        "current_structure": run.current_structure,
        "recommended_structure": run.recommended_structure,
        "summary": run.summary or {},
        "dimensions": dims,
        "findings": findings,
        "finished_at": run.finished_at,
        "inputs_at": run.inputs_at,
    }


@dataclass
class Comparison:
    scenario: Scenario
    ready: bool
    result: dict | None = None
    today: dict | None = None
    scenario_run: dict | None = None
    stale: bool = False
    timeline: dict | None = None


def stored_timeline(scenario: Scenario) -> dict | None:
    """The timeline stored with the scenario's current scoring run (None if it was scored before timelines
    were kept), with the rows of each figure along it (`figures`)."""
    stored = scenario.timeline or {}
    if not stored.get("steps") or stored.get("run") != scenario.scored_run_id:
        return None
    return {**stored, "figures": figure_rows(stored)}


def scenario_comparison(*, scenario: Scenario) -> Comparison:
    """The scenario's last scoring against today's, or `ready=False` while there is none."""
    runs = {
        r.pk: r
        for r in ScoringRun.objects.filter(
            pk__in=[p for p in (scenario.scored_run_id, scenario.baseline_run_id) if p], status=RunStatus.DONE
        )
    }
    scored, baseline = runs.get(scenario.scored_run_id), runs.get(scenario.baseline_run_id)
    if scored is None or baseline is None:
        return Comparison(scenario=scenario, ready=False)
    today, theirs = run_view(baseline), run_view(scored)
    org = scenario.organization
    stale = scenario.updated_at > scored.inputs_at or org.data_changed_at > baseline.inputs_at
    return Comparison(
        scenario=scenario,
        ready=True,
        result=compare_runs(today, theirs),
        today=today,
        scenario_run=theirs,
        stale=stale,
        timeline=stored_timeline(scenario),
    )
