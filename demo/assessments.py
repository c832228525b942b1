"""Two scored assessments of the demo organisation, half a year apart, so trends have two points."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from assessments.choices import QuestionKind
from assessments.models import Answer, Assessment
from assessments.selectors import question_visibility, template_questions
from assessments.services import answer_save, assessment_start, assessment_submit, questionnaire_default_seed
from orgs.models import Organization
from scoring.models import ScoringRun
from scoring.services import assessment_score

# What Northwind says about itself; some claims the org data will contradict (see the cross-checks).
CONTEXT = {
    "ctx-company-stage": "enterprise",
    "ctx-ml-focus": "product",
    "ctx-ml-reports-to": "vp",
    "ctx-path-to-production": "ml-team-deploys",
    "ctx-data-ownership": "works-with-data-eng",
    "ctx-model-ownership": "builders-own-deployed",
    "ctx-structure": "hybrid",
    "ctx-research-vs-engineering": "engineering",
    "bn-deployment-staffed": True,
    "bn-no-single-point": True,
    "rr-all-covered": False,
    "st-ml-lead-seat": False,
}


def _value(question, rng: random.Random, improvement: int):
    if question.code in CONTEXT:
        return CONTEXT[question.code]
    kind = question.kind
    if kind == QuestionKind.SCALE:
        return max(0, min(4, rng.choice([1, 1, 2, 2, 3]) + improvement))
    if kind == QuestionKind.YES_NO:
        return rng.random() < 0.4 + 0.2 * improvement
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        values = [c["value"] for c in question.choices]
        if not values:
            return None
        ranked = sorted(question.choices, key=lambda c: c.get("score", 0))
        pick = ranked[min(len(ranked) - 1, len(ranked) // 2 + improvement - 1 + rng.randint(0, 1))]["value"]
        return pick if kind == QuestionKind.SINGLE else [pick]
    if kind == QuestionKind.NUMBER:
        low = question.min_value if question.min_value is not None else 0
        high = question.max_value if question.max_value is not None else 10
        return round(low + (high - low) * (0.3 + 0.1 * improvement), 1)
    return "Discussed in the quarterly review of the ML organisation."


def _fill(assessment: Assessment, user, rng: random.Random, improvement: int) -> None:
    questions = template_questions(template=assessment.template_id)
    answers: dict[int, Answer] = {}
    for question in questions:  # in questionnaire order, so a question's condition is answered first
        if not question_visibility(questions=questions, answers=answers)[question.pk]:
            continue
        value = _value(question, rng, improvement)
        if value is None:
            continue
        answers[question.pk] = answer_save(
            assessment=assessment,
            question=question,
            user=user,
            value=value,
            expected_version=None,
            comment="Evidence: team survey and the ML platform dashboards." if rng.random() < 0.15 else None,
        )


def demo_assessments_seed(*, org: Organization, user) -> list[ScoringRun]:
    """Fill in, submit and score two org-wide assessments; the first is dated six months back."""
    questionnaire_default_seed()
    rng = random.Random(7)  # noqa: S311 - deterministic demo data
    runs = []
    for improvement, months_ago in ((0, 6), (1, 0)):
        with transaction.atomic():
            assessment = assessment_start(org=org, team=None, user=user)
            _fill(assessment, user, rng, improvement)
            assessment_submit(assessment=assessment, user=user)
        run = assessment_score(assessment_id=assessment.pk)
        if months_ago:
            when = timezone.now() - timedelta(days=30 * months_ago)
            Assessment.objects.filter(pk=assessment.pk).update(created_at=when, submitted_at=when)
            ScoringRun.objects.filter(pk=run.pk).update(created_at=when, finished_at=when)
        runs.append(run)
    return runs


# Team assessments: how each team rates itself, relative to the org-wide answers (-1 worse, +1 better).
TEAM_SELF_RATINGS = {"ML Platform": 2, "Data Engineering": 1, "Applied Research": 0, "Payments Pod": -1}


def demo_team_assessments_seed(*, org: Organization, user) -> list[ScoringRun]:
    """Submitted and scored assessments of four teams, so the team heatmap and team pages have data."""
    from orgs.models import Team

    rng = random.Random(11)  # noqa: S311 - deterministic demo data
    runs = []
    for name, improvement in TEAM_SELF_RATINGS.items():
        team = Team.objects.get(organization=org, name=name)
        with transaction.atomic():
            assessment = assessment_start(org=org, team=team, user=user)
            _fill(assessment, user, rng, improvement)
            assessment_submit(assessment=assessment, user=user)
        runs.append(assessment_score(assessment_id=assessment.pk))
    return runs


def demo_scenario_seed(*, org: Organization, user):
    """A scored what-if: the universal expert leaves while two MLOps hires land and an owner is trained up."""
    from orgs.models import Person, Team
    from orgs.tenancy import get_org_access
    from planning.choices import ChangeKind
    from planning.services.scenario import scenario_change_add, scenario_create, scenario_score
    from roles.models import Responsibility, RoleTemplate

    access = get_org_access(user, org.slug)
    scenario = scenario_create(
        access=access,
        name="Priya leaves, platform hires",
        description="What if Priya Raman leaves next quarter while ML Platform hires two MLOps engineers?",
    )
    today = timezone.localdate()
    in_months = lambda n: (today.replace(day=1) + timedelta(days=32 * n)).replace(day=1)  # noqa: E731
    priya = Person.objects.get(organization=org, name="Priya Raman")
    platform = Team.objects.get(organization=org, name="ML Platform")
    mlops = RoleTemplate.objects.get(slug="mlops-engineer")
    scenario_change_add(access=access, scenario=scenario, kind=ChangeKind.LEAVE, person=priya, month=in_months(3))
    for month in (2, 5):
        scenario_change_add(
            access=access, scenario=scenario, kind=ChangeKind.JOIN, team=platform, role=mlops, month=in_months(month)
        )
    owned = priya.assignments.filter(level="owner").select_related("responsibility").first()
    successor = Person.objects.filter(organization=org, team=platform).exclude(pk=priya.pk).order_by("name").first()
    if owned is not None and successor is not None:
        scenario_change_add(
            access=access,
            scenario=scenario,
            kind=ChangeKind.REASSIGN,
            responsibility=Responsibility.objects.get(pk=owned.responsibility_id),
            person=priya,
            to_person=successor,
            level="owner",
        )
    scenario_score(scenario_id=scenario.pk)
    return scenario
