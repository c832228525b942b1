"""Grouping ranked actions and hires into quarters (pure)."""

from datetime import date

import pytest

from planning.engine.roadmap import Action, HiringNeed, build_roadmap


def action(rank, effort, title=None):
    return Action(rank, "x", title or f"Action {rank}", "high", 3, effort)


def need(**kw):
    base = {
        "team_id": 1,
        "team": "ML",
        "role": "mle",
        "role_name": "ML Engineer",
        "target": 5,
        "current": 2,
        "open_positions": 1,
        "due_on": None,
        "months_to_hire": 6.0,
        "annual_cost": 180000.0,
    }
    return HiringNeed(**{**base, **kw})


def test_actions_fill_each_quarter_up_to_the_effort_budget_in_rank_order():
    roadmap = build_roadmap(
        actions=[action(2, 3), action(1, 5), action(3, 4), action(4, 9), action(5, 1)],
        needs=[],
        open_cost=0,
        as_of=date(2026, 11, 23),
        effort_per_quarter=8,
        quarters=4,
    )
    phases = roadmap["phases"]
    assert [p.label for p in phases] == ["Q4 2026", "Q1 2027", "Q2 2027", "Q3 2027"]
    assert phases[0].start == date(2026, 10, 1) and phases[0].end == date(2026, 12, 31)
    assert [[a.rank for a in p.actions] for p in phases] == [[1, 2], [3], [4], [5]]
    assert phases[2].effort == 9  # larger than a whole budget: a quarter of its own


def test_actions_beyond_the_last_quarter_go_to_later():
    roadmap = build_roadmap(
        actions=[action(i, 5) for i in range(1, 5)],
        needs=[],
        open_cost=0,
        as_of=date(2026, 1, 5),
        effort_per_quarter=5,
        quarters=2,
    )
    assert [a.rank for a in roadmap["later"].actions] == [3, 4]


def test_hires_open_in_time_for_the_median_hire_to_start_by_the_due_date_and_cost_adds_up():
    roadmap = build_roadmap(
        actions=[],
        needs=[
            need(due_on=date(2027, 12, 1)),  # 2 missing; open by 1 Jun 2027 (6 months = 183 days earlier) -> Q2 2027
            need(
                role="mlops",
                role_name="MLOps Engineer",
                due_on=date(2027, 1, 1),
                annual_cost=185000.0,
                current=0,
                open_positions=0,
                target=1,
            ),  # already late: opens now
            need(target=2),  # met: nothing to open
        ],
        open_cost=100000.0,
        as_of=date(2026, 11, 23),
        quarters=4,
    )
    by_label = {p.label: p for p in roadmap["phases"]}
    assert [(h["role"], h["positions"]) for h in by_label["Q4 2026"].hires] == [("MLOps Engineer", 1)]
    assert [(h["role"], h["positions"], h["cost"]) for h in by_label["Q2 2027"].hires] == [("ML Engineer", 2, 360000.0)]
    assert by_label["Q2 2027"].hires[0]["open_by"] == date(2027, 6, 1)
    assert by_label["Q4 2026"].run_rate == 285000.0 and by_label["Q2 2027"].run_rate == 645000.0
    assert roadmap["totals"] == {
        "actions": 0,
        "positions": 3,
        "planned_cost": 545000.0,
        "open_cost": 100000.0,
        "run_rate": 645000.0,
    }


def test_the_budget_must_be_positive():
    with pytest.raises(ValueError):
        build_roadmap(actions=[], needs=[], open_cost=0, as_of=date(2026, 1, 1), effort_per_quarter=0)
