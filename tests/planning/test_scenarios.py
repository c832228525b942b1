"""Laying scenario changes over scoring inputs (pure; no database)."""

from datetime import date

import pandas as pd
import pytest

from planning.engine.scenarios import (
    ChangeSpec,
    RoleRef,
    apply_changes,
    new_opening_id,
    new_person_id,
    new_team_id,
)
from scoring.engine import score_org
from tests.scoring.engine.builders import OrgBuilder

MLE = RoleRef("ml-engineer", "ML Engineer", "productioniser", 6.0)
AS_OF = date(2026, 11, 1)


@pytest.fixture
def org():
    """Two teams under a root; Priya builds and deploys every production system."""
    b = OrgBuilder(as_of=AS_OF)
    b.team("Root")
    b.team("Models", parent="Root")
    b.team("Platform", parent="Root")
    b.team("Sub", parent="Models")
    b.person("Lea", "Root", "ai-team-lead")
    b.person("Priya", "Models", "ml-engineer", manager="Lea")
    b.person("Sam", "Models", "data-scientist", manager="Priya")
    b.person("Ola", "Platform", "mlops-engineer", manager="Lea")
    b.person("Kim", "Sub", "data-scientist")
    b.lead("Root", "Lea")
    b.lead("Models", "Priya")
    b.lead("Platform", "Ola")
    b.responsibility("model-deployment")
    b.responsibility("experimentation")
    b.assign("Priya", "model-deployment", "owner")
    b.assign("Sam", "experimentation", "owner")
    b.assign("Ola", "model-deployment", "backup")
    for name in ("Credit", "Fraud", "Churn"):
        b.system(name, "Models", owners=["Priya", "Sam"], deployers=["Priya"])
    b.system("Search", "Platform", owners=["Ola"], deployers=["Ola"])
    b.opening("ml-engineer", "Models")
    b.opening("mlops-engineer", "Platform")
    return b


def frames_equal(a, b):
    for name in ("teams", "people", "assignments", "system_owners", "system_deployers", "openings"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))


def test_the_original_inputs_are_never_modified(org):
    inputs = org.build()
    before = inputs.copy()
    apply_changes(
        inputs,
        [
            ChangeSpec(1, "leave", person_id=org.id("person", "Priya")),
            ChangeSpec(2, "merge_teams", team_id=org.id("team", "Sub"), to_team_id=org.id("team", "Platform")),
            ChangeSpec(3, "cancel_opening", opening_id=1),
        ],
    )
    frames_equal(inputs, before)


def test_a_leave_is_the_same_as_the_engine_removing_the_person(org):
    inputs = org.build()
    priya = org.id("person", "Priya")
    out = apply_changes(inputs, [ChangeSpec(1, "leave", person_id=priya)])
    assert out.applied == 1 and not out.notes and not out.events
    direct = inputs.without_people([priya])
    assert score_org(out.inputs).summary == score_org(direct).summary
    assert priya not in set(out.inputs.people["id"])
    assert out.inputs.teams.set_index("name").loc["Models", "lead_id"] is pd.NA
    assert score_org(out.inputs).truck_factor < score_org(inputs).truck_factor


def test_a_leave_in_a_later_month_is_a_timed_event_for_the_forecast(org):
    priya = org.id("person", "Priya")
    out = apply_changes(org.build(), [ChangeSpec(1, "leave", person_id=priya, month=date(2027, 3, 1))])
    assert [(e.person_id, e.delta, e.family, e.month) for e in out.events] == [
        (priya, -1, "productioniser", date(2027, 3, 1))
    ]


def test_a_join_adds_a_person_managed_by_the_team_lead(org):
    models = org.id("team", "Models")
    change = ChangeSpec(7, "join", team_id=models, role=MLE, name="New MLE", fte=0.5, month=date(2027, 2, 1))
    out = apply_changes(org.build(), [change])
    row = out.inputs.people.set_index("id").loc[new_person_id(7)]
    assert (row["name"], row["team_id"], row["family"], row["fte"]) == ("New MLE", models, "productioniser", 0.5)
    assert row["manager_id"] == org.id("person", "Priya")
    assert out.inputs.people["manager_id"].dtype == "Int64"
    assert [(e.delta, e.fte) for e in out.events] == [(1, 0.5)]


def test_a_move_changes_team_and_a_departing_lead_leaves_the_old_team_leaderless(org):
    priya, platform = org.id("person", "Priya"), org.id("team", "Platform")
    out = apply_changes(org.build(), [ChangeSpec(1, "move", person_id=priya, to_team_id=platform)])
    assert out.inputs.people.set_index("id").loc[priya, "team_id"] == platform
    assert out.inputs.teams.set_index("name").loc["Models", "lead_id"] is pd.NA


def test_a_reassignment_takes_a_responsibility_from_one_person_and_gives_it_to_another(org):
    sam, ola = org.id("person", "Sam"), org.id("person", "Ola")
    exp = org.id("resp", "experimentation")
    out = apply_changes(
        org.build(), [ChangeSpec(1, "reassign", person_id=sam, to_person_id=ola, responsibility_id=exp, level="owner")]
    )
    a = out.inputs.assignments
    holders = a[a["responsibility_id"] == exp][["person_id", "level"]].values.tolist()
    assert holders == [[ola, "owner"]]


def test_a_merge_moves_people_systems_openings_and_sub_teams(org):
    models, platform, root = (org.id("team", n) for n in ("Models", "Platform", "Root"))
    out = apply_changes(org.build(), [ChangeSpec(1, "merge_teams", team_id=models, to_team_id=platform)])
    i = out.inputs
    assert models not in set(i.teams["id"])
    assert set(i.people.loc[i.people["name"].isin(["Priya", "Sam", "Ola"]), "team_id"]) == {platform}
    assert set(i.systems["team_id"]) == {platform}
    assert set(i.openings["team_id"]) == {platform}
    assert i.teams.set_index("name").loc["Sub", "parent_id"] == root
    assert i.teams.set_index("name").loc["Platform", "lead_id"] == org.id("person", "Ola")  # keeps its own lead
    # Same people, same systems: the risks do not change, only the team structure.
    assert score_org(i).truck_factor == score_org(org.build()).truck_factor


def test_a_child_team_can_absorb_its_parent(org):
    models, sub, root = org.id("team", "Models"), org.id("team", "Sub"), org.id("team", "Root")
    out = apply_changes(org.build(), [ChangeSpec(1, "merge_teams", team_id=models, to_team_id=sub)])
    teams = out.inputs.teams.set_index("name")
    assert teams.loc["Sub", "parent_id"] == root
    # Sub had no lead, so it takes the merged team's lead
    assert teams.loc["Sub", "lead_id"] == org.id("person", "Priya")


def test_a_split_creates_a_team_with_the_chosen_people(org):
    models = org.id("team", "Models")
    priya, sam = org.id("person", "Priya"), org.id("person", "Sam")
    change = ChangeSpec(5, "split_team", team_id=models, name="Model Ops", person_ids=(priya,))
    out = apply_changes(org.build(), [change])
    teams = out.inputs.teams.set_index("id")
    new = teams.loc[new_team_id(5)]
    assert new["name"] == "Model Ops" and new["parent_id"] == teams.loc[models, "parent_id"]
    people = out.inputs.people.set_index("id")
    assert people.loc[priya, "team_id"] == new_team_id(5) and people.loc[sam, "team_id"] == models
    assert new["lead_id"] == priya and teams.loc[models, "lead_id"] is pd.NA  # the lead went with the new team


def test_openings_added_and_cancelled(org):
    platform = org.id("team", "Platform")
    out = apply_changes(
        org.build(),
        [
            ChangeSpec(3, "add_opening", team_id=platform, role=MLE, month=date(2027, 1, 1)),
            ChangeSpec(4, "cancel_opening", opening_id=2),
        ],
    )
    o = out.inputs.openings.set_index("id")
    assert o.loc[new_opening_id(3), "status"] == "open" and o.loc[new_opening_id(3), "opened_on"] == date(2027, 1, 1)
    assert o.loc[new_opening_id(3), "months_to_hire"] == 6.0
    assert o.loc[2, "status"] == "cancelled"
    assert out.inputs.openings["id"].dtype == "int64"
    talent = score_org(out.inputs).summary["talent"]["open_roles"]
    assert sorted(r["opening_id"] for r in talent) == sorted([1, new_opening_id(3)])


def test_changes_whose_references_are_gone_are_skipped_with_a_note(org):
    out = apply_changes(
        org.build(),
        [
            ChangeSpec(1, "leave", label="Ghost leaves", person_id=999),
            ChangeSpec(2, "leave", label="Sam leaves", person_id=org.id("person", "Sam")),
            ChangeSpec(3, "join", label="Hire in a deleted team", team_id=999, role=MLE),
            ChangeSpec(4, "cancel_opening", label="Cancel twice", opening_id=1),
            ChangeSpec(5, "cancel_opening", label="Cancel again", opening_id=1),
        ],
    )
    assert out.applied == 2
    assert out.notes == [
        "Ghost leaves: not applied, the person is no longer in the organisation.",
        "Hire in a deleted team: not applied, the team no longer exists.",
        "Cancel again: not applied, the opening is no longer open.",
    ]
