"""From people and openings frames (real or a scenario's) to the forecast (pure)."""

from datetime import date

import pandas as pd
import pytest

from planning.engine.forecast_inputs import TargetRow, add_months, forecast_org, months_between
from planning.engine.hire_times import hire_time
from planning.engine.scenarios import ChangeSpec, RoleRef, apply_changes
from tests.scoring.engine.builders import OrgBuilder

AS_OF = date(2026, 11, 1)


@pytest.fixture
def org():
    b = OrgBuilder(as_of=AS_OF)
    b.team("Models")
    b.person("Priya", "Models", "ml-engineer")
    b.person("Sam", "Models", "data-scientist")
    b.opening("ml-engineer", "Models", opened_on=date(2026, 10, 1))
    b.opening("ml-engineer", "Models", opened_on=date(2025, 1, 1), status="filled")
    return b


def run(inputs, events=(), targets=(), by=date(2027, 11, 1)):
    times = {"ml-engineer": hire_time(role="ml-engineer", prior_median=6.0, prior_sigma=0.4)}
    return forecast_org(
        people=inputs.people,
        openings=inputs.openings,
        team_names={100: "Models"},
        role_family={"ml-engineer": "productioniser", "data-scientist": "builder"},
        hire_times=times,
        targets=targets,
        events=events,
        as_of=AS_OF,
        by_date=by,
        draws=4000,
        seed=3,
    )


def test_only_open_openings_are_forecast_and_their_age_counts(org):
    f = run(org.build())
    assert [o["key"] for o in f.openings] == ["o1"]
    assert f.openings[0]["months_open"] == 1.0  # opened 1 October, a month before the forecast date
    assert f.capacity["productioniser"]["p50"][0] == 1.0 and f.capacity["builder"]["p50"][0] == 1.0


def test_a_scenario_join_and_leave_in_later_months_change_capacity_from_then(org):
    sam = org.id("person", "Sam")
    mle = RoleRef("ml-engineer", "ML Engineer", "productioniser", 6.0)
    out = apply_changes(
        org.build(),
        [
            ChangeSpec(1, "leave", person_id=sam, month=date(2027, 3, 1)),
            ChangeSpec(2, "join", team_id=100, role=mle, month=date(2027, 1, 1)),
        ],
    )
    f = run(out.inputs, out.events)
    builders = f.capacity["builder"]["p50"]
    assert builders[:4] == [1.0] * 4 and builders[4:6] == [0.0, 0.0]  # Sam still there until March 2027
    prod = f.capacity["productioniser"]["mean"]
    assert prod[1] < 2.0 <= prod[2]  # the join counts from January 2027 (month 2)


def test_headcount_targets_count_today_the_openings_and_dated_joins(org):
    inputs = org.build()
    f = run(inputs, targets=[TargetRow("t1", 100, "ml-engineer", 2), TargetRow("t2", None, "ml-engineer", 3)])
    rows = {g["key"]: g for g in f.goals}
    assert rows["t1"]["current"] == 1 and rows["t1"]["openings"] == 1
    assert 0.9 < rows["t1"]["probability"] <= 1.0
    assert rows["t2"]["probability"] == 0.0 and rows["t2"]["missing_openings"] == 1
    assert f.teams[100] == rows["t1"]["probability"]


def test_calendar_months():
    assert add_months(date(2026, 11, 23), 2) == date(2027, 1, 23)
    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert months_between(date(2026, 11, 1), date(2027, 1, 1)) == 2.0
    assert months_between(date(2026, 11, 23), date(2027, 1, 1)) == pytest.approx(2 - 22 / 30.436875)


def test_a_team_target_counts_the_teams_below_it():
    """A parent team's target is met by people, openings and planned joins of its sub-teams."""
    from planning.engine.forecast_inputs import team_ancestors

    b = OrgBuilder(as_of=AS_OF)
    b.team("Data & AI")
    b.team("Models", parent="Data & AI")
    b.team("Scorecards", parent="Models")
    b.person("Priya", "Models", "ml-engineer")
    b.person("Ola", "Scorecards", "ml-engineer")
    b.opening("ml-engineer", "Scorecards", opened_on=date(2026, 10, 1))
    inputs = b.build()
    ids = dict(zip(inputs.teams["name"], inputs.teams["id"], strict=True))
    parents = {
        int(t): (None if pd.isna(p) else int(p))
        for t, p in zip(inputs.teams["id"], inputs.teams["parent_id"], strict=True)
    }
    assert team_ancestors(parents)[int(ids["Scorecards"])] == (int(ids["Models"]), int(ids["Data & AI"]))

    times = {"ml-engineer": hire_time(role="ml-engineer", prior_median=6.0, prior_sigma=0.4)}
    targets = [
        TargetRow("top2", int(ids["Data & AI"]), "ml-engineer", 2),  # met today by the sub-teams' two
        TargetRow("top3", int(ids["Data & AI"]), "ml-engineer", 3),  # needs the opening below
        TargetRow("mid4", int(ids["Models"]), "ml-engineer", 4),  # beyond reach: one opening short
    ]

    def forecast(team_parents):
        return forecast_org(
            people=inputs.people,
            openings=inputs.openings,
            team_names={int(v): k for k, v in ids.items()},
            role_family={"ml-engineer": "productioniser"},
            hire_times=times,
            targets=targets,
            as_of=AS_OF,
            by_date=date(2027, 5, 1),  # about the median time to hire an ML engineer
            draws=2000,
            seed=5,
            team_parents=team_parents,
        )

    goals = {g["key"]: g for g in forecast(parents).goals}
    assert goals["top2"]["current"] == 2 and goals["top2"]["probability"] == 1.0
    assert goals["top3"]["openings"] == 1 and 0.2 < goals["top3"]["probability"] < 0.9
    assert goals["mid4"]["probability"] == 0.0 and goals["mid4"]["missing_openings"] == 1
    # without the hierarchy a team counts its own people only
    flat = {g["key"]: g for g in forecast(None).goals}
    assert flat["top2"]["current"] == 0 and flat["top2"]["probability"] == 0.0
