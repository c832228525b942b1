"""Which stored runs the results pages read: latest done org run, latest per team, one trend point per assessment."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from assessments.choices import SCORED_DIMENSIONS
from assessments.models import Assessment
from results.selectors import ResultFilters, dashboard_data, run_index, team_results, team_tree
from scoring.choices import RunStatus
from tests.orgs.factories import TeamFactory
from tests.scoring.factories import ScoringRunFactory, questionnaire_template, scored_run

pytestmark = pytest.mark.django_db

DIMS = [d.value for d in SCORED_DIMENSIONS]


def levels(value):
    return dict.fromkeys(DIMS, value)


def test_a_rescored_assessment_is_one_point_of_the_trend(org):
    template = questionnaire_template()
    spring = Assessment.objects.create(organization=org, template=template, title="Spring")
    t0 = timezone.now() - timedelta(days=10)
    scored_run(org, levels=levels(1), at=t0, assessment=spring)
    rescored = scored_run(org, levels=levels(2), at=t0 + timedelta(days=1), assessment=spring)
    data = dashboard_data(org=org, filters=ResultFilters())
    assert [p.run_id for p in data.trend] == [rescored.pk]
    assert data.trend[0].label == "Spring"
    assert data.run.pk == rescored.pk


def test_data_only_rescorings_count_once_per_day(org):
    day = timezone.now().replace(hour=12) - timedelta(days=3)
    scored_run(org, levels=levels(2), at=day)
    later = scored_run(org, levels=levels(3), at=day + timedelta(hours=2))
    next_day = scored_run(org, levels=levels(4), at=day + timedelta(days=1))
    trend = dashboard_data(org=org, filters=ResultFilters()).trend
    assert [p.run_id for p in trend] == [later.pk, next_day.pk]


def test_the_latest_done_run_is_shown_and_a_newer_failure_announced(org):
    done = scored_run(org, levels=levels(3), at=timezone.now() - timedelta(days=1))
    failed = ScoringRunFactory(organization=org, status=RunStatus.FAILED, error="boom", overall_level=None)
    data = dashboard_data(org=org, filters=ResultFilters())
    assert data.run.pk == done.pk
    assert data.notice.id == failed.pk and data.notice.error == "boom"
    # Looking at a past date, what happened later is not news.
    assert dashboard_data(org=org, filters=ResultFilters(as_of=date.today())).notice is None


def test_team_runs_are_the_latest_per_team_within_the_subtree(org):
    parent = TeamFactory(organization=org, name="Parent")
    child = TeamFactory(organization=org, name="Child", parent=parent)
    other = TeamFactory(organization=org, name="Other")
    t0 = timezone.now() - timedelta(days=5)
    scored_run(org, team=child, levels=levels(1), at=t0)
    newest = scored_run(org, team=child, levels=levels(4), at=t0 + timedelta(days=1))
    scored_run(org, team=other, levels=levels(2), at=t0)
    scored_run(org, team=child, levels=levels(5), at=t0 + timedelta(days=2), status=RunStatus.FAILED)
    data = dashboard_data(org=org, filters=ResultFilters(team_id=parent.pk))
    assert data.subtree == {parent.pk, child.pk}
    assert [(t.team, t.run_id) for t in data.team_levels] == [("Child", newest.pk)]
    assert set(data.team_levels[0].levels.values()) == {4}


def test_run_index_separates_org_team_and_scenario_runs(org, other_org):
    from planning.models import Scenario

    team = TeamFactory(organization=org)
    org_run = scored_run(org, levels=levels(3))
    team_run = scored_run(org, team=team, levels=levels(3))
    scored_run(org, levels=levels(3), scenario=Scenario.objects.create(organization=org, name="What if"))
    scored_run(other_org, levels=levels(3))
    index = run_index(org=org)
    assert [p.id for p in index.org_runs] == [org_run.pk]
    assert [(p.id, p.team_id) for p in index.team_runs] == [(team_run.pk, team.pk)]


def test_team_tree_is_depth_first_by_name_and_survives_a_parent_cycle(org):
    b = TeamFactory(organization=org, name="B")
    a = TeamFactory(organization=org, name="A")
    a2 = TeamFactory(organization=org, name="A2", parent=a)
    tree = team_tree(org=org)
    assert [(n.name, n.depth) for n in tree.nodes] == [("A", 0), ("A2", 1), ("B", 0)]
    assert [n.name for n in tree.path(a2.pk)] == ["A", "A2"]
    # A cycle written around the model's checks still lists every team once.
    type(a).objects.filter(pk=a.pk).update(parent=a2)
    cyclic = team_tree(org=org)
    assert sorted(n.name for n in cyclic.nodes) == ["A", "A2", "B"] and b.pk in cyclic.by_id


def test_team_results_of_an_unknown_team_is_none(org, other_org):
    foreign = TeamFactory(organization=other_org)
    assert team_results(org=org, team_id=foreign.pk, filters=ResultFilters()) is None
