"""Every list endpoint makes the same, bounded number of queries whatever the page size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.choices import AssessmentStatus
from orgs.models import ImportRun
from teamplanner.pagination import DefaultPagination
from tests.assessments.factories import AnswerFactory, AssessmentFactory, QuestionFactory, small_questionnaire
from tests.orgs.factories import (
    AssignmentFactory,
    MLSystemFactory,
    OpeningFactory,
    PersonFactory,
    PersonSkillFactory,
    TeamFactory,
    responsibility,
    skill,
)
from tests.scoring.factories import scored_run

ROWS = 24
SMALL, LARGE = 2, 20
# Token, membership, count, page, and up to two prefetches.
MAX_QUERIES = 7


@pytest.fixture
def big_org(org, members):
    teams = [TeamFactory(organization=org) for _ in range(ROWS)]
    people = [PersonFactory(team=teams[i % ROWS]) for i in range(ROWS)]
    skills = ["ml-expertise", "software-engineering"]
    for i, person in enumerate(people):
        PersonSkillFactory(person=person, skill=skill(skills[i % 2]))
        AssignmentFactory(person=person, responsibility=responsibility("data-pipelines"))
        MLSystemFactory(team=person.team, owners=[person, people[i - 1]], deployers=[people[i - 2]])
        OpeningFactory(team=person.team)
        ImportRun.objects.create(organization=org, filename=f"{i}.xlsx", content=b"", report={}, uploaded_by=None)
    questionnaire = small_questionnaire()
    for code_index in range(ROWS):
        QuestionFactory(section=questionnaire.sections.first(), code=f"extra-{code_index}")
    assessments = [
        AssessmentFactory(organization=org, team=teams[i], template=questionnaire, status=AssessmentStatus.SUBMITTED)
        for i in range(ROWS)
    ]
    draft = AssessmentFactory(organization=org, team=None, template=questionnaire)
    for question in questionnaire.sections.first().questions.all():
        AnswerFactory(assessment=draft, question=question, value=1)
    runs = [scored_run(org, assessment=assessments[i], findings=[{"severity": "high"}] * 2) for i in range(ROWS // 2)]
    big_run = scored_run(org, findings=[{"severity": "medium", "team": teams[i]} for i in range(ROWS)])
    return {"org": org, "draft": draft, "run": big_run, "runs": runs}


LISTS = [
    "teams",
    "people",
    "person-skills",
    "assignments",
    "systems",
    "openings",
    "imports",
    "assessments",
    "assessments/{draft}/answers",
    "results",
    "results/{run}/findings",
]
GLOBAL_LISTS = [
    "/api/v1/orgs/",
    "/api/v1/catalog/roles/",
    "/api/v1/catalog/responsibilities/",
    "/api/v1/questionnaires/",
]


def _count(client, url, page_size):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"page_size": page_size})
    assert response.status_code == 200, response.content
    return len(queries), len(response.json()["results"])


@pytest.mark.parametrize("path", LISTS)
def test_org_lists_make_a_fixed_number_of_queries(api_client, members, big_org, path, django_assert_max_num_queries):
    client = api_client(members["admin"])
    url = f"/api/v1/orgs/{big_org['org'].slug}/" + path.format(draft=big_org["draft"].pk, run=big_org["run"].pk) + "/"
    small_count, small_rows = _count(client, url, SMALL)
    large_count, large_rows = _count(client, url, LARGE)
    assert small_rows == SMALL and large_rows >= 8, (small_rows, large_rows)
    assert small_count == large_count
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(url, {"page_size": LARGE})


@pytest.mark.parametrize("url", GLOBAL_LISTS)
def test_global_lists_make_a_fixed_number_of_queries(api_client, members, big_org, url, django_assert_max_num_queries):
    client = api_client(members["admin"])
    small_count, _ = _count(client, url, 1)
    large_count, _ = _count(client, url, LARGE)
    assert small_count == large_count
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(url, {"page_size": LARGE})


def test_page_size_is_capped(api_client, members, big_org, monkeypatch):
    assert DefaultPagination.max_page_size == 500
    monkeypatch.setattr(DefaultPagination, "max_page_size", 5)
    body = api_client(members["admin"]).get(f"/api/v1/orgs/{big_org['org'].slug}/teams/", {"page_size": 10**6}).json()
    assert body["count"] > 5 and len(body["results"]) == 5
    assert body["next"]
