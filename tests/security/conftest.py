"""Organisation B, full of data whose every name carries a marker, and an outsider from organisation A.

A response that contains the marker has leaked organisation B's data: the walks below look for it
in every body they get back, whatever the status code.
"""

import io
import zipfile
from dataclasses import dataclass

import pytest
from django.utils import timezone

from assessments.choices import AssessmentStatus
from assessments.models import Answer, Assessment
from orgs.models import ImportRun, Organization
from planning.models import HeadcountTarget, MaturityTarget, Scenario
from teamplanner.tokens import token_issue
from tests.assessments.factories import small_questionnaire
from tests.orgs.factories import (
    AssignmentFactory,
    MembershipFactory,
    MLSystemFactory,
    OpeningFactory,
    OrganizationFactory,
    PersonFactory,
    PersonSkillFactory,
    TeamFactory,
    UserFactory,
)
from tests.scoring.factories import FindingFactory, scored_run

MARKER = "xyzzy"


@dataclass
class Foreign:
    """Organisation B's objects by kind (the names URL patterns use for them)."""

    org: Organization
    objects: dict

    def __getitem__(self, kind):
        return self.objects[kind]


@pytest.fixture
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def org_objects(org, prefix: str) -> dict:
    """One of everything in `org`, each name starting with `prefix`, keyed by the names URLs use."""
    team = TeamFactory(organization=org, name=f"{prefix} Fraud Lab")
    child = TeamFactory(organization=org, name=f"{prefix} Pod", parent=team)
    person = PersonFactory(team=child, name=f"{prefix} Person", email=f"{prefix.lower()}.person@example.org")
    team.lead = person
    team.save()
    system = MLSystemFactory(team=child, name=f"{prefix} Scorer", owners=[person], deployers=[person])
    template = small_questionnaire()
    question = template.sections.order_by("order").first().questions.order_by("order").first()
    assessment = Assessment.objects.create(
        organization=org,
        team=child,
        template=template,
        status=AssessmentStatus.SUBMITTED,
        submitted_at=timezone.now(),
        title=f"{prefix} assessment",
    )
    Answer.objects.create(assessment=assessment, question=question, value=3, comment=f"{prefix} comment", version=1)
    draft = Assessment.objects.create(organization=org, team=team, template=template, title=f"{prefix} draft")
    run = scored_run(org, assessment=assessment)
    return {
        "team": child,
        "parent_team": team,
        "person": person,
        "system": system,
        "opening": OpeningFactory(team=child),
        "skill": PersonSkillFactory(person=person),
        "assignment": AssignmentFactory(person=person),
        "assessment": assessment,
        "draft": draft,
        "question": question,
        "run": run,
        "team_run": scored_run(org, team=child),
        "finding": FindingFactory(run=run, title=f"{prefix} finding", team=child),
        "scenario": Scenario.objects.create(organization=org, name=f"{prefix} merger"),
        "headcount_target": HeadcountTarget.objects.create(organization=org, team=child, role=person.role, headcount=4),
        "maturity_target": MaturityTarget.objects.create(organization=org, team=child, dimension="talent", level=4),
        "import": ImportRun.objects.create(
            organization=org, filename=f"{prefix.lower()}.csv", content=b"name\n", report={"filename": "x.csv"}
        ),
        "membership": MembershipFactory(
            organization=org, role="viewer", user=UserFactory(username=f"{prefix.lower()}-viewer", first_name=prefix)
        ),
    }


@pytest.fixture
def foreign(catalog, make_member, fast_hasher) -> Foreign:
    # The slug carries no marker: it appears in the URLs the walk asks for, and in `?next=` redirects.
    org = OrganizationFactory(name=f"{MARKER.title()} Holdings", slug="b-org")
    objects = org_objects(org, MARKER.title())
    objects["member"] = make_member(org, "admin", username=f"{MARKER}-admin", first_name=MARKER.title())
    return Foreign(org=org, objects=objects)


@pytest.fixture
def own(org) -> Foreign:
    """Organisation A's objects (the outsider's own organisation)."""
    return Foreign(org=org, objects=org_objects(org, "Own"))


@pytest.fixture
def outsider(org, make_member, fast_hasher):
    """An admin of organisation A (the most rights anyone in A has), with an API token."""
    user = make_member(org, "admin", username="outsider")
    user.api_key = token_issue(user=user)
    return user


def body_text(response) -> bytes:
    """The response body, with the members of a zip (an .xlsx download) unpacked."""
    body = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    if body.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            body = b"".join(archive.read(name) for name in archive.namelist())
    return body


def leaks(response) -> bool:
    """Whether a response shows any of organisation B's data."""
    return MARKER.encode() in body_text(response).lower()
