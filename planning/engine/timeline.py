"""A scenario along its own timeline: the key figures today, at each dated step and at the end. Pure.

A scenario's changes do not all happen at once: a hire lands "in 6 months", someone leaves "in March".
`scenario_timeline` scores the organisation at every point where something changes:

- **today**: the real data with the changes that take effect now (undated ones, and ones dated this
  month or earlier);
- **each month** in which a dated change takes effect, with every change up to that month;
- the last point is the **end**: every change has happened (the state the scenario's run scores).

At each point the same engine (`scoring.engine.score_org`) gives the key figures: the truck factor,
the production systems nobody is left to run (orphaned), model builders per productioniser, and the
maturity level. Maturity comes from the questionnaire's answers, which a scenario does not change, so
it moves only where the answers do.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from scoring.engine import ScoreResult, ScoringInputs, score_org
from vocabulary.metrics import METRICS
from vocabulary.metrics import verdict as figure_verdict

from .scenarios import ChangeSpec, ScenarioOutcome, apply_changes, effective_month, in_time_order

PRODUCTION = "production"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# The figures of each step: (key, label, whether a higher value is better). The table, the chart and
# the API read this one list.
# The figures the timeline follows; which way is better is vocabulary.metrics' (one place).
FIGURES = tuple(
    (key, METRICS[key].label)
    for key in ("truck_factor", "orphaned_systems", "builders_per_productioniser", "maturity_level")
)


def key_figures(result: ScoreResult) -> dict:
    """The figures the timeline follows, from one scoring result."""
    summary = result.summary
    dep = summary.get("deployment") or {}
    orphaned = [
        s["name"]
        for s in (summary.get("bus_factors") or {}).get("systems") or []
        if s.get("stage") == PRODUCTION and s.get("bus_factor") == 0
    ]
    return {
        "truck_factor": result.truck_factor,
        "orphaned_systems": len(orphaned),
        "orphaned_system_names": sorted(orphaned),
        "production_systems": dep.get("production_systems", 0),
        "builder_fte": dep.get("builder_fte"),
        "productioniser_fte": dep.get("productioniser_fte"),
        "builders_per_productioniser": dep.get("builders_per_productioniser"),
        "systems_per_productioniser": dep.get("systems_per_productioniser"),
        "maturity_level": result.overall_level,
        "dimension_levels": {d.dimension: d.level for d in result.dimensions if d.level is not None},
    }


def calendar_months(start: date, end: date) -> int:
    """Whole calendar months from `start`'s month to `end`'s (15 Nov to 1 Mar is 4)."""
    return (end.year - start.year) * 12 + end.month - start.month


def step_label(month: date | None, as_of: date) -> str:
    """ "Today", or the month and how far away it is: "Feb 2027 (in 3 months)"."""
    if month is None:
        return "Today"
    n = calendar_months(as_of, month)
    return f"{MONTHS[month.month - 1]} {month.year} (in {n} month{'' if n == 1 else 's'})"


def _step(*, key: str, month: date | None, as_of: date, changes: list[str], notes: list[str], figures: dict) -> dict:
    return {
        "key": key,
        "label": step_label(month, as_of),
        "month": month.isoformat() if month else None,
        "months_from_now": calendar_months(as_of, month) if month else 0,
        "changes": changes,
        "notes": notes,
        "end": False,
        **figures,
    }


def _maturity(figures: Mapping) -> tuple:
    return figures["maturity_level"], tuple(sorted(figures["dimension_levels"].items()))


def timeline_points(changes: Sequence[ChangeSpec], as_of: date) -> list[date]:
    """The months, after `as_of`, in which at least one change takes effect, in order."""
    return sorted({m for c in changes if (m := effective_month(c, as_of)) is not None})


def scenario_timeline(
    inputs: ScoringInputs, changes: Sequence[ChangeSpec], *, as_of: date | None = None
) -> tuple[dict, ScenarioOutcome]:
    """The timeline (plain JSON values) and the outcome at its end (every change applied).

    Returns ({"as_of", "baseline", "steps", "maturity_varies"}, outcome). `baseline` holds the figures of
    the real data when some change takes effect today (None otherwise: the first step is the real data).
    A change that cannot apply at a step (what it refers to is gone by then) is named in that step's notes.
    """
    as_of = as_of or inputs.as_of
    ordered = in_time_order(changes, as_of)
    steps: list[dict] = []
    seen_notes: set[str] = set()
    for point in [None, *timeline_points(ordered, as_of)]:
        upto = [c for c in ordered if (effective_month(c, as_of) or date.min) <= (point or date.min)]
        taking_effect = [c.label or c.kind for c in upto if effective_month(c, as_of) == point]
        outcome = apply_changes(inputs, upto, as_of=as_of)
        notes = [n for n in outcome.notes if n not in seen_notes]
        seen_notes.update(notes)
        steps.append(
            _step(
                key=point.strftime("%Y-%m") if point else "today",
                month=point,
                as_of=as_of,
                changes=taking_effect,
                notes=notes,
                figures=key_figures(score_org(outcome.inputs)),
            )
        )
    steps[-1]["end"] = True
    baseline = key_figures(score_org(inputs)) if steps[0]["changes"] else None
    levels = {_maturity(s) for s in steps} | ({_maturity(baseline)} if baseline else set())
    timeline = {
        "as_of": as_of.isoformat(),
        "baseline": baseline,
        "steps": steps,
        "maturity_varies": len(levels) > 1,
    }
    return timeline, outcome


def figure_rows(timeline: Mapping) -> list[dict]:
    """For each figure of `FIGURES`: its values along the steps and whether it got better or worse overall.

    {"key", "label", "values": [per step], "start", "end", "verdict"}; maturity only when it varies.
    """
    steps = timeline.get("steps") or []
    if not steps:
        return []
    first = timeline.get("baseline") or steps[0]
    rows = []
    for key, label in FIGURES:
        if key == "maturity_level" and not timeline.get("maturity_varies"):
            continue
        start, end = first.get(key), steps[-1].get(key)
        verdict = figure_verdict(key, start, end, parts_before=first, parts_after=steps[-1])
        rows.append(
            {
                "key": key,
                "label": label,
                "values": [s.get(key) for s in steps],
                "start": start,
                "end": end,
                "verdict": verdict,
            }
        )
    return rows
