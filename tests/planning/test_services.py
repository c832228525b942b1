"""Scenario services: editing rules, copies, scoring through the task, and applying to the real data."""

from datetime import date

import pytest

from orgs.models import Assignment, MLSystem, Opening, Organization, Person, Team
from planning import services
from planning.choices import ScenarioScoringStatus
from planning.engine.scenarios import apply_changes
from planning.models import HeadcountTarget, Scenario, ScenarioApplication, ScenarioChange
from planning.selectors import scenario_comparison, scenario_specs
from scoring.engine import score_org
from scoring.models import ScoringRun
from scoring.selectors import load_inputs
from teamplanner.exceptions import ApplicationError, ConflictError
from tests.orgs.factories import PersonFactory, TeamFactory, responsibility, role

pytestmark = pytest.mark.django_db


def real_data(org):
    """Every row of the org's real data, to prove a scenario leaves it untouched."""
    org.refresh_from_db()
    return {
        "teams": sorted(Team.objects.filter(organization=org).values_list("id", "name", "parent_id", "lead_id")),
        "people": sorted(
            Person.objects.filter(organization=org).values_list("id", "name", "team_id", "role_id", "fte", "manager_id")
        ),
        "assignments": sorted(
            Assignment.objects.filter(person__organization=org).values_list("person_id", "responsibility_id", "level")
        ),
        "systems": sorted(MLSystem.objects.filter(organization=org).values_list("id", "team_id", "stage")),
        "owners": sorted(
            MLSystem.owners.through.objects.filter(mlsystem__organization=org).values_list("mlsystem_id", "person_id")
        ),
        "deployers": sorted(
            MLSystem.deployers.through.objects.filter(mlsystem__organization=org).values_list(
                "mlsystem_id", "person_id"
            )
        ),
        "openings": sorted(Opening.objects.filter(organization=org).values_list("id", "team_id", "status")),
        "changed_at": org.data_changed_at,
    }


@pytest.fixture
def admin(small_org, access_for):
    return access_for(small_org["org"], "admin")


def every_kind_of_change(access, scenario, o):
    add = services.scenario_change_add
    add(access=access, scenario=scenario, kind="leave", person=o["sam"], month="2027-03")
    add(access=access, scenario=scenario, kind="join", team=o["platform"], role=role("ml-engineer"), name="Neu")
    add(access=access, scenario=scenario, kind="move", person=o["kim"], to_team=o["platform"])
    add(
        access=access,
        scenario=scenario,
        kind="reassign",
        person=o["priya"],
        to_person=o["ola"],
        responsibility=responsibility("model-deployment"),
        level="owner",
    )
    add(access=access, scenario=scenario, kind="split_team", team=o["models"], name="Model Ops", people=[o["priya"]])
    add(access=access, scenario=scenario, kind="merge_teams", team=o["sub"], to_team=o["platform"])
    add(access=access, scenario=scenario, kind="add_opening", team=o["platform"], role=role("data-engineer"))
    add(access=access, scenario=scenario, kind="cancel_opening", opening=o["mle_opening"])


# --- editing ---------------------------------------------------------------------------------------------


def test_members_create_scenarios_and_viewers_only_read(small_org, access_for):
    org = small_org["org"]
    lead = access_for(org, "lead", teams=[small_org["models"]])
    scenario = services.scenario_create(access=lead, name="  Hire two MLEs ", description="Q1")
    assert scenario.name == "Hire two MLEs" and scenario.created_by_id == lead.membership.user_id
    with pytest.raises(ApplicationError) as err:
        services.scenario_create(access=access_for(org, "viewer"), name="Mine")
    assert err.value.status_code == 403
    with pytest.raises(ApplicationError, match="exists already"):
        services.scenario_create(access=lead, name="hire two mles")
    with pytest.raises(ApplicationError, match="name"):
        services.scenario_create(access=lead, name="   ")


def test_only_the_author_or_an_admin_edits_a_scenario(small_org, access_for):
    org = small_org["org"]
    author, other, admin = access_for(org, "executive"), access_for(org, "lead"), access_for(org, "admin")
    scenario = services.scenario_create(access=author, name="Plan")
    with pytest.raises(ApplicationError) as err:
        services.scenario_change_add(access=other, scenario=scenario, kind="leave", person=small_org["sam"])
    assert err.value.status_code == 403
    services.scenario_change_add(access=admin, scenario=scenario, kind="leave", person=small_org["sam"])
    services.scenario_update(access=author, scenario=scenario, name="Plan B")
    with pytest.raises(ApplicationError):
        services.scenario_delete(access=other, scenario=scenario)
    services.scenario_delete(access=author, scenario=scenario)
    assert not Scenario.objects.filter(pk=scenario.pk).exists()


@pytest.mark.parametrize(
    ("kind", "data", "message"),
    [
        ("leave", {}, "Choose the person who leaves"),
        ("join", {"team": "models"}, "Choose the role"),
        ("join", {"team": "models", "role": "ml-engineer", "email": "nope"}, "valid email"),
        ("join", {"team": "models", "role": "ml-engineer", "fte": "1.5"}, "FTE must be"),
        ("join", {"team": "models", "role": "ml-engineer", "month": "March"}, "YYYY-MM"),
        ("move", {"person": "sam", "to_team": "models"}, "is in Models already"),
        ("reassign", {"to_person": "sam", "person": "sam", "responsibility": "ci-cd"}, "two different people"),
        ("reassign", {"to_person": "sam", "responsibility": "ci-cd", "level": "boss"}, "owner, contributor or backup"),
        ("merge_teams", {"team": "models", "to_team": "models"}, "cannot merge into itself"),
        ("split_team", {"team": "models", "name": "Platform", "people": ["sam"]}, "exists already"),
        ("split_team", {"team": "models", "name": "New", "people": ["ola"]}, "Only people of Models"),
        ("split_team", {"team": "models", "name": "New", "people": []}, "Choose who goes"),
        ("cancel_opening", {"opening": "filled"}, "Only an open opening"),
        ("teleport", {}, "what kind of change"),
    ],
)
def test_bad_changes_get_a_clear_message_and_nothing_is_saved(small_org, admin, kind, data, message):
    o = small_org
    scenario = services.scenario_create(access=admin, name="Plan")
    filled = Opening.objects.create(
        organization=o["org"],
        team=o["models"],
        role=role("ml-engineer"),
        opened_on=date(2025, 1, 1),
        status="filled",
        filled_on=date(2025, 6, 1),
    )
    lookup = {
        "person": lambda v: o[v],
        "to_person": lambda v: o[v],
        "team": lambda v: o[v],
        "to_team": lambda v: o[v],
        "role": role,
        "responsibility": responsibility,
        "opening": lambda v: filled,
        "people": lambda v: [o[p] for p in v],
    }
    kwargs = {k: lookup[k](v) if k in lookup else v for k, v in data.items()}
    with pytest.raises(ApplicationError, match=message):
        services.scenario_change_add(access=admin, scenario=scenario, kind=kind, **kwargs)
    assert not ScenarioChange.objects.filter(scenario=scenario).exists()


def test_objects_of_another_org_cannot_be_used(small_org, admin, other_org):
    scenario = services.scenario_create(access=admin, name="Plan")
    stranger = PersonFactory(team=TeamFactory(organization=other_org))
    with pytest.raises(ApplicationError, match="of this organisation"):
        services.scenario_change_add(access=admin, scenario=scenario, kind="leave", person=stranger)


def test_a_person_leaves_only_once_per_scenario(small_org, admin):
    scenario = services.scenario_create(access=admin, name="Plan")
    services.scenario_change_add(access=admin, scenario=scenario, kind="leave", person=small_org["sam"])
    with pytest.raises(ApplicationError, match="already leaves"):
        services.scenario_change_add(access=admin, scenario=scenario, kind="leave", person=small_org["sam"])


def test_a_copy_has_the_same_changes_and_is_independent(small_org, admin, access_for):
    scenario = services.scenario_create(access=admin, name="Plan")
    every_kind_of_change(admin, scenario, small_org)
    lead = access_for(small_org["org"], "lead")
    copy = services.scenario_copy(access=lead, scenario=scenario)
    assert copy.name == "Plan (copy)" and copy.created_by_id == lead.membership.user_id
    assert copy.copied_from_id == scenario.pk
    assert services.scenario_copy(access=lead, scenario=scenario).name == "Plan (copy 2)"

    def shape(s):
        return [
            (c.kind, c.label, c.person_id, c.team_id, c.to_team_id, c.month, sorted(p.pk for p in c.people.all()))
            for c in s.changes.order_by("position")
        ]

    assert shape(copy) == shape(scenario)
    services.scenario_change_remove(access=lead, scenario=copy, change_id=copy.changes.first().pk)
    assert len(shape(scenario)) == 8 and len(shape(copy)) == 7


# --- isolation and scoring -------------------------------------------------------------------------------


def test_editing_and_scoring_a_scenario_never_changes_the_real_data(
    small_org, admin, django_capture_on_commit_callbacks
):
    org = small_org["org"]
    before = real_data(org)
    scenario = services.scenario_create(access=admin, name="Everything changes")
    every_kind_of_change(admin, scenario, small_org)
    with django_capture_on_commit_callbacks(execute=True):
        services.scenario_score_request(access=admin, scenario=scenario)
    scenario.refresh_from_db()
    assert scenario.scoring_status == ScenarioScoringStatus.DONE, scenario.scoring_error
    assert real_data(org) == before
    copy = services.scenario_copy(access=admin, scenario=scenario)
    services.scenario_delete(access=admin, scenario=copy)
    assert real_data(org) == before


def test_the_comparison_matches_scoring_the_modified_data_directly(
    demo, priya, access_for, django_capture_on_commit_callbacks
):
    admin = access_for(demo, "admin")
    scenario = services.scenario_create(access=admin, name="Priya leaves")
    services.scenario_change_add(access=admin, scenario=scenario, kind="leave", person=priya)
    services.scenario_change_add(
        access=admin, scenario=scenario, kind="join", team=priya.team, role=role("mlops-engineer"), month="2027-02"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.scenario_score_request(access=admin, scenario=scenario)
    scenario.refresh_from_db()
    comparison = scenario_comparison(scenario=scenario)
    assert comparison.ready and not comparison.stale

    direct_today = score_org(load_inputs(org=demo).inputs)
    direct = score_org(apply_changes(load_inputs(org=demo).inputs, scenario_specs(scenario=scenario)).inputs)
    stored = ScoringRun.objects.get(pk=scenario.scored_run_id)
    assert stored.scenario_id == scenario.pk
    assert stored.truck_factor == direct.truck_factor < direct_today.truck_factor
    assert stored.summary == direct.summary
    assert comparison.scenario_run["truck_factor"] == direct.truck_factor
    assert comparison.today["truck_factor"] == direct_today.truck_factor
    assert sorted(f["title"] for f in comparison.scenario_run["findings"]) == sorted(f.title for f in direct.findings)
    tf = next(r for r in comparison.result["headline"] if r["label"] == "Truck factor")
    assert (tf["today"], tf["scenario"], tf["verdict"]) == (direct_today.truck_factor, direct.truck_factor, "worse")
    # Priya is no longer a universal expert in the scenario: that finding is removed
    removed = comparison.result["findings"]["removed"]
    assert any(f["kind"] == "universal_expert" and "Priya Raman" in f["title"] for f in removed)
    # The dashboard's org view never picks up the scenario's run
    latest = ScoringRun.objects.filter(organization=demo, scenario__isnull=True, team__isnull=True).latest("created_at")
    assert latest.pk == scenario.baseline_run_id


def test_an_edit_after_scoring_asks_for_a_new_scoring(small_org, admin, django_capture_on_commit_callbacks):
    scenario = services.scenario_create(access=admin, name="Plan")
    services.scenario_change_add(access=admin, scenario=scenario, kind="leave", person=small_org["sam"])
    with django_capture_on_commit_callbacks(execute=True):
        services.scenario_score_request(access=admin, scenario=scenario)
    first = Scenario.objects.get(pk=scenario.pk).scored_run_id
    services.scenario_change_add(access=admin, scenario=scenario, kind="leave", person=small_org["kim"])
    assert Scenario.objects.get(pk=scenario.pk).scoring_status == ScenarioScoringStatus.NONE
    with django_capture_on_commit_callbacks(execute=True):
        services.scenario_score_request(access=admin, scenario=scenario)
    assert Scenario.objects.get(pk=scenario.pk).scored_run_id != first


def test_viewers_cannot_start_a_scoring(small_org, admin, access_for):
    scenario = services.scenario_create(access=admin, name="Plan")
    with pytest.raises(ApplicationError):
        services.scenario_score_request(access=access_for(small_org["org"], "viewer"), scenario=scenario)


# --- applying to the real data ---------------------------------------------------------------------------


def test_applying_carries_out_every_change_and_records_it(small_org, admin, django_capture_on_commit_callbacks):
    o = small_org
    HeadcountTarget.objects.create(organization=o["org"], team=o["sub"], role=role("data-scientist"), headcount=2)
    scenario = services.scenario_create(access=admin, name="Reorg")
    every_kind_of_change(admin, scenario, o)
    with django_capture_on_commit_callbacks(execute=True):
        application = services.scenario_apply(access=admin, scenario=scenario)
    scenario.refresh_from_db()
    assert scenario.is_applied and scenario.applied_by_id == admin.membership.user_id
    assert application.scenario_name == "Reorg" and len(application.log) == 8
    assert all(row["result"] for row in application.log)

    people = {p.name: p for p in Person.objects.filter(organization=o["org"]).select_related("team")}
    assert "Sam Lee" not in people
    assert people["Neu"].team.name == "Platform" and people["Neu"].email.endswith("@planned-hire.invalid")
    assert people["Kim Obi"].team.name == "Platform"
    assert people["Priya Raman"].team.name == "Model Ops"
    assert not Team.objects.filter(pk=o["sub"].pk).exists()
    assert Team.objects.get(name="Model Ops").lead_id == o["priya"].pk
    assert Team.objects.get(pk=o["models"].pk).lead_id is None
    assert list(
        Assignment.objects.filter(responsibility=responsibility("model-deployment")).values_list(
            "person__name", "level"
        )
    ) == [("Ola Berg", "owner")]
    assert Opening.objects.get(pk=o["mle_opening"].pk).status == "cancelled"
    assert Opening.objects.filter(team=o["platform"], role=role("data-engineer"), status="open").exists()
    assert HeadcountTarget.objects.get(role=role("data-scientist")).team_id == o["platform"].pk
    assert ScenarioApplication.objects.filter(scenario=scenario).count() == 1
    # the org is re-scored with its new data
    assert ScoringRun.objects.filter(organization=o["org"], scenario__isnull=True, status="done").exists()

    with pytest.raises(ConflictError):
        services.scenario_apply(access=admin, scenario=scenario)
    with pytest.raises(ConflictError):
        services.scenario_change_add(access=admin, scenario=scenario, kind="leave", person=o["ola"])


def test_applying_gives_the_data_the_scenario_scored(demo, priya, access_for, django_capture_on_commit_callbacks):
    admin = access_for(demo, "admin")
    other = Person.objects.filter(organization=demo, role__slug="mlops-engineer").first()
    scenario = services.scenario_create(access=admin, name="Reorg")
    services.scenario_change_add(access=admin, scenario=scenario, kind="leave", person=priya)
    services.scenario_change_add(
        access=admin, scenario=scenario, kind="move", person=other, to_team=Team.objects.get(name="Payments Pod")
    )
    services.scenario_change_add(
        access=admin,
        scenario=scenario,
        kind="reassign",
        to_person=other,
        responsibility=responsibility("model-governance"),
        level="owner",
    )
    predicted = score_org(apply_changes(load_inputs(org=demo).inputs, scenario_specs(scenario=scenario)).inputs)
    with django_capture_on_commit_callbacks(execute=True):
        services.scenario_apply(access=admin, scenario=scenario)
    actual = score_org(load_inputs(org=Organization.objects.get(pk=demo.pk)).inputs)
    assert actual.truck_factor == predicted.truck_factor
    assert actual.summary == predicted.summary


def test_applying_is_all_or_nothing(small_org, admin):
    o = small_org
    scenario = services.scenario_create(access=admin, name="Half done")
    services.scenario_change_add(access=admin, scenario=scenario, kind="leave", person=o["sam"])
    services.scenario_change_add(access=admin, scenario=scenario, kind="move", person=o["kim"], to_team=o["platform"])
    services.scenario_change_add(
        access=admin, scenario=scenario, kind="split_team", team=o["models"], name="Ops", people=[o["priya"]]
    )
    TeamFactory(organization=o["org"], name="Ops")  # the split's name is taken since the change was written
    before = real_data(o["org"])
    with pytest.raises(ApplicationError, match="Nothing was applied") as err:
        services.scenario_apply(access=admin, scenario=scenario)
    assert "Ops" in err.value.message
    after = real_data(o["org"])
    assert {k: v for k, v in after.items() if k != "teams"} == {k: v for k, v in before.items() if k != "teams"}
    assert after["teams"] == before["teams"]
    scenario.refresh_from_db()
    assert not scenario.is_applied and not ScenarioApplication.objects.exists()


def test_a_failure_in_a_later_step_rolls_back_the_earlier_ones(small_org, admin):
    o = small_org
    scenario = services.scenario_create(access=admin, name="Twice")
    services.scenario_change_add(
        access=admin, scenario=scenario, kind="merge_teams", team=o["sub"], to_team=o["platform"]
    )
    services.scenario_change_add(access=admin, scenario=scenario, kind="leave", person=o["sam"])
    # Written against the same team after it is merged away: fails at apply time, after two changes ran.
    services.scenario_change_add(
        access=admin, scenario=scenario, kind="add_opening", team=o["sub"], role=role("ml-engineer")
    )
    before = real_data(o["org"])
    with pytest.raises(ApplicationError, match="Nothing was applied.*merged it away"):
        services.scenario_apply(access=admin, scenario=scenario)
    assert real_data(o["org"]) == before
    assert Team.objects.filter(pk=o["sub"].pk).exists() and Person.objects.filter(pk=o["sam"].pk).exists()


def test_changes_whose_data_is_gone_stop_the_application(small_org, admin):
    o = small_org
    scenario = services.scenario_create(access=admin, name="Stale")
    services.scenario_change_add(access=admin, scenario=scenario, kind="leave", person=o["kim"])
    services.scenario_change_add(access=admin, scenario=scenario, kind="cancel_opening", opening=o["ops_opening"])
    o["kim"].delete()
    Opening.objects.filter(pk=o["ops_opening"].pk).update(status="filled", filled_on=date.today())
    with pytest.raises(ApplicationError) as err:
        services.scenario_apply(access=admin, scenario=scenario)
    assert err.value.extra["changes"] == [
        "Kim Obi leaves now: the person is no longer in the organisation",
        f"Cancel the MLOps Engineer opening in Platform (open since {o['ops_opening'].opened_on}): "
        "the opening is filled already",
    ]


def test_only_admins_apply(small_org, access_for):
    org = small_org["org"]
    lead = access_for(org, "lead", teams=[small_org["models"]])
    scenario = services.scenario_create(access=lead, name="Mine")
    services.scenario_change_add(access=lead, scenario=scenario, kind="leave", person=small_org["sam"])
    with pytest.raises(ApplicationError) as err:
        services.scenario_apply(access=lead, scenario=scenario)
    assert err.value.status_code == 403
    assert Person.objects.filter(pk=small_org["sam"].pk).exists()


def test_a_merge_keeps_assessments_safe(small_org, admin):
    from assessments.models import Assessment, QuestionnaireTemplate

    o = small_org
    template = QuestionnaireTemplate.objects.create(slug="t", name="T", version=1, status="published")
    Assessment.objects.create(organization=o["org"], team=o["sub"], template=template)
    scenario = services.scenario_create(access=admin, name="Merge")
    services.scenario_change_add(
        access=admin, scenario=scenario, kind="merge_teams", team=o["sub"], to_team=o["platform"]
    )
    with pytest.raises(ApplicationError, match="1 assessment"):
        services.scenario_apply(access=admin, scenario=scenario)
    assert Team.objects.filter(pk=o["sub"].pk).exists()
