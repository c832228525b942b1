"""A scenario scored along its own timeline (pure; no database)."""

import json
from datetime import date

import pytest

from planning.engine.scenarios import ChangeSpec, RoleRef, apply_changes, new_person_id
from planning.engine.timeline import figure_rows, scenario_timeline
from scoring.engine import score_org
from tests.scoring.engine.builders import OrgBuilder

MLE = RoleRef("ml-engineer", "ML Engineer", "productioniser", 6.0)
AS_OF = date(2026, 11, 1)
IN_3_MONTHS, IN_6_MONTHS = date(2027, 2, 1), date(2027, 5, 1)


@pytest.fixture
def org():
    """Three production systems. Ann deploys Credit (owned by Bob) and Fraud (owned by Cat, Dan deploys it
    too); Dan alone deploys Forecast (owned by Bob and Cat). Builders Bob, Cat, Eve: 3 FTE; productionisers
    Ann and Dan: 2 FTE."""
    b = OrgBuilder(as_of=AS_OF)
    b.team("ML")
    b.team("Pod")
    for name, role in (("Ann", "ml-engineer"), ("Dan", "mlops-engineer"), ("Bob", "data-scientist")):
        b.person(name, "ML", role)
    b.person("Cat", "ML", "data-scientist")
    b.person("Eve", "Pod", "data-scientist")
    b.responsibility("model-deployment", stage="deploy")
    b.assign("Ann", "model-deployment", "owner")
    b.system("Credit", "ML", owners=["Bob"], deployers=["Ann"])
    b.system("Fraud", "ML", owners=["Cat"], deployers=["Ann", "Dan"])
    b.system("Forecast", "ML", owners=["Bob", "Cat"], deployers=["Dan"])
    b.system("Chatbot", "ML", stage="prototype", owners=["Eve"])
    return b


def leave(org, change_id, name, month=None):
    return ChangeSpec(change_id, "leave", label=f"{name} leaves", person_id=org.id("person", name), month=month)


def hire(org, change_id, month=None):
    return ChangeSpec(
        change_id, "join", label="Hire an ML engineer", team_id=org.id("team", "ML"), role=MLE, month=month
    )


def column(timeline, key):
    return [s[key] for s in timeline["steps"]]


def test_a_departure_in_month_3_and_a_hire_in_month_6_are_scored_at_each_step(org):
    """Today nothing has happened yet: truck factor 2 (no one person orphans two of the three systems, but
    after Ann, Dan is the only deployer of Fraud and Forecast), nothing orphaned, 3 builder FTE / 2
    productioniser FTE = 1.5. After Ann leaves in month 3: Credit has nobody to deploy it (orphaned), and
    with one of three orphaned, any one more (Dan or Cat) passes half: truck factor 1; 3 / 1 = 3.0 builders
    per productioniser. After the hire in month 6: 3 / 2 = 1.5 again, but the new engineer runs no system yet,
    so Credit stays orphaned and the truck factor stays 1."""
    changes = [hire(org, 2, IN_6_MONTHS), leave(org, 1, "Ann", IN_3_MONTHS)]
    timeline, end = scenario_timeline(org.build(), changes)

    assert column(timeline, "key") == ["today", "2027-02", "2027-05"]
    assert column(timeline, "month") == [None, "2027-02-01", "2027-05-01"]
    assert column(timeline, "months_from_now") == [0, 3, 6]
    assert column(timeline, "changes") == [[], ["Ann leaves"], ["Hire an ML engineer"]]
    assert column(timeline, "truck_factor") == [2, 1, 1]
    assert column(timeline, "orphaned_systems") == [0, 1, 1]
    assert column(timeline, "orphaned_system_names") == [[], ["Credit"], ["Credit"]]
    assert column(timeline, "production_systems") == [3, 3, 3]
    assert column(timeline, "builder_fte") == [3.0, 3.0, 3.0]
    assert column(timeline, "productioniser_fte") == [2.0, 1.0, 2.0]
    assert column(timeline, "builders_per_productioniser") == [1.5, 3.0, 1.5]
    assert column(timeline, "end") == [False, False, True]
    assert timeline["as_of"] == "2026-11-01"
    assert timeline["baseline"] is None  # nothing happens today: the first step is the real data
    # the end is the organisation with every change made, as the scenario's own run scores it
    assert new_person_id(2) in set(end.inputs.people["id"])
    assert org.id("person", "Ann") not in set(end.inputs.people["id"])


def test_the_figure_rows_say_which_way_each_figure_went_by_the_end(org):
    timeline, _ = scenario_timeline(org.build(), [leave(org, 1, "Ann", IN_3_MONTHS), hire(org, 2, IN_6_MONTHS)])
    rows = {r["key"]: r for r in figure_rows(timeline)}
    assert (rows["truck_factor"]["values"], rows["truck_factor"]["verdict"]) == ([2, 1, 1], "worse")
    assert (rows["orphaned_systems"]["start"], rows["orphaned_systems"]["end"]) == (0, 1)
    assert rows["orphaned_systems"]["verdict"] == "worse"
    assert rows["builders_per_productioniser"]["values"] == [1.5, 3.0, 1.5]
    assert rows["builders_per_productioniser"]["verdict"] == "same"
    assert "maturity_level" not in rows  # no answers change in a scenario


def test_undated_changes_count_as_today_and_the_real_data_is_kept_as_the_baseline(org):
    """Eve leaves with no date, Ann in month 3. Today already has 2 builder FTE (Bob, Cat) for 2 productioniser
    FTE (1.0); the real data (3 / 2 = 1.5) is the baseline."""
    changes = [leave(org, 1, "Ann", IN_3_MONTHS), leave(org, 2, "Eve")]
    timeline, _ = scenario_timeline(org.build(), changes)
    assert column(timeline, "key") == ["today", "2027-02"]
    assert column(timeline, "changes") == [["Eve leaves"], ["Ann leaves"]]
    assert column(timeline, "builders_per_productioniser") == [1.0, 2.0]
    assert column(timeline, "truck_factor") == [2, 1]
    assert timeline["baseline"]["builders_per_productioniser"] == 1.5
    assert timeline["baseline"]["truck_factor"] == 2
    assert figure_rows(timeline)[0]["start"] == 2  # figure rows start from the real data


def test_changes_dated_this_month_or_earlier_take_effect_today(org):
    changes = [leave(org, 1, "Ann", date(2026, 11, 1)), leave(org, 2, "Eve", date(2026, 3, 1))]
    timeline, _ = scenario_timeline(org.build(), changes)
    assert column(timeline, "key") == ["today"]
    assert column(timeline, "changes") == [["Ann leaves", "Eve leaves"]]
    assert column(timeline, "end") == [True]
    assert column(timeline, "truck_factor") == [1]


def test_with_no_dated_change_today_is_the_end_and_matches_scoring_every_change_at_once(org):
    inputs = org.build()
    changes = [leave(org, 1, "Dan"), hire(org, 2)]
    timeline, end = scenario_timeline(inputs, changes)
    direct = score_org(apply_changes(inputs, changes).inputs)
    (step,) = timeline["steps"]
    assert step["end"] and step["truck_factor"] == direct.truck_factor == 1
    assert step["orphaned_system_names"] == ["Forecast"]
    assert step["builders_per_productioniser"] == direct.summary["deployment"]["builders_per_productioniser"]


def test_changes_happen_in_time_order_whatever_their_order_in_the_scenario(org):
    """Ann's departure in month 3 comes first in the scenario, handing her deployment duty to Dan (undated)
    second: the handover happens today, before she leaves, so it applies."""
    ann, dan = org.id("person", "Ann"), org.id("person", "Dan")
    handover = ChangeSpec(
        2,
        "reassign",
        label="Dan takes over deployment",
        person_id=ann,
        to_person_id=dan,
        responsibility_id=org.id("resp", "model-deployment"),
        level="owner",
    )
    out = apply_changes(org.build(), [leave(org, 1, "Ann", IN_3_MONTHS), handover])
    assert out.notes == []
    a = out.inputs.assignments
    assert a.loc[a["responsibility_id"] == org.id("resp", "model-deployment"), "person_id"].tolist() == [dan]


def test_a_change_that_cannot_apply_by_its_month_is_noted_at_that_step(org):
    """Ann leaves today; moving her to the pod in month 3 then has nobody to move."""
    move = ChangeSpec(
        2,
        "move",
        label="Ann moves to the pod",
        person_id=org.id("person", "Ann"),
        to_team_id=org.id("team", "Pod"),
        month=IN_3_MONTHS,
    )
    timeline, end = scenario_timeline(org.build(), [leave(org, 1, "Ann"), move])
    assert column(timeline, "notes") == [
        [],
        ["Ann moves to the pod: not applied, the person is no longer in the organisation."],
    ]
    assert end.notes == ["Ann moves to the pod: not applied, the person is no longer in the organisation."]


def test_maturity_stays_at_its_level_along_the_timeline(org):
    org.question("ci", dimension="mlops_level")
    org.answer("ci", 3)
    timeline, _ = scenario_timeline(org.build(), [leave(org, 1, "Ann", IN_3_MONTHS)])
    assert column(timeline, "maturity_level") == [4, 4]
    assert column(timeline, "dimension_levels") == [{"mlops_level": 4}] * 2
    assert timeline["maturity_varies"] is False


def test_the_timeline_is_plain_json(org):
    timeline, _ = scenario_timeline(org.build(), [leave(org, 1, "Ann", IN_3_MONTHS), leave(org, 2, "Eve")])
    assert json.loads(json.dumps(timeline)) == timeline


def test_each_step_is_labelled_with_its_month_and_distance(org):
    timeline, _ = scenario_timeline(org.build(), [leave(org, 1, "Ann", IN_3_MONTHS), hire(org, 2, date(2026, 12, 1))])
    assert column(timeline, "label") == ["Today", "Dec 2026 (in 1 month)", "Feb 2027 (in 3 months)"]
