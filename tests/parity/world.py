"""One organisation with a little of everything, and a user for each role of the parity table.

Teams: Division and Holding at the top; below Division the team the lead was given ("Given", with the
sub-teams "Sub" and "Leaf"), a second team given to the lead ("Solo", empty) and the team of the other lead
("Other"). The objects the rows change belong to Sub, a team the lead leads through Given.
"""

import io
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from assessments.choices import AssessmentStatus
from assessments.models import Answer, Assessment
from orgs.models import ImportRun, Organization
from planning.models import HeadcountTarget, MaturityTarget, Scenario, ScenarioChange
from tests.assessments.factories import question, small_questionnaire
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
    role,
    skill,
)

ROLES = ("admin", "executive", "lead", "lead_other", "viewer", "outsider", "anonymous")


@dataclass
class World:
    org: Organization
    users: dict = field(default_factory=dict)
    o: dict = field(default_factory=dict)  # the objects, by name

    def __getattr__(self, name):
        try:
            return self.__dict__["o"][name]
        except KeyError:
            raise AttributeError(name) from None

    def user(self, role_name: str):
        return self.users.get(role_name) or AnonymousUser()


def people_csv(team_name: str) -> bytes:
    rows = ["email,name,team,role", f"imported.person@example.org,Imported Person,{team_name},ml-engineer"]
    return ("\n".join(rows) + "\n").encode()


def build_world(make_member) -> World:
    org = OrganizationFactory(name="Parity Lending", slug="parity")
    division = TeamFactory(organization=org, name="Division")
    holding = TeamFactory(organization=org, name="Holding")
    given = TeamFactory(organization=org, name="Given", parent=division)
    sub = TeamFactory(organization=org, name="Sub", parent=given)
    leaf = TeamFactory(organization=org, name="Leaf", parent=given)
    solo = TeamFactory(organization=org, name="Solo", parent=division)
    other = TeamFactory(organization=org, name="Other", parent=division)

    users = {
        "admin": make_member(org, "admin", username="parity-admin"),
        "executive": make_member(org, "executive", username="parity-exec"),
        "lead": make_member(org, "lead", teams=[given, solo], username="parity-lead"),
        "lead_other": make_member(org, "lead", teams=[other], username="parity-lead-other"),
        "viewer": make_member(org, "viewer", username="parity-viewer"),
        "outsider": make_member(OrganizationFactory(name="Elsewhere", slug="elsewhere"), "admin", username="outsider"),
    }
    spare = MembershipFactory(organization=org, role="viewer", user=UserFactory(username="parity-spare"))
    newcomer = UserFactory(username="parity-newcomer")

    p_sub = PersonFactory(team=sub, name="Ada Sub", email="ada.sub@example.org")
    p_owner = PersonFactory(team=sub, name="Ben Owner", email="ben.owner@example.org")
    p_plain = PersonFactory(team=sub, name="Cy Plain", email="cy.plain@example.org")
    p_other = PersonFactory(team=other, name="Di Other", email="di.other@example.org")
    p_skill = PersonSkillFactory(person=p_sub, skill=skill("ml-expertise"), level=2)
    assignment = AssignmentFactory(person=p_sub, level="owner")
    system = MLSystemFactory(team=sub, name="Sub Scorer", owners=[p_owner], deployers=[p_owner])
    opening = OpeningFactory(team=sub, role=role("ml-engineer"), opened_on=date(2025, 1, 6))

    template = small_questionnaire()
    draft = Assessment.objects.create(organization=org, team=sub, template=template, title="Sub draft")
    for code, value in (("scale", 2), ("yes", False), ("na", 3)):
        Answer.objects.create(assessment=draft, question=question(template, code), value=value, version=1)
    submitted = Assessment.objects.create(
        organization=org,
        team=sub,
        template=template,
        title="Sub last year",
        status=AssessmentStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )
    Answer.objects.create(assessment=submitted, question=question(template, "scale"), value=1, version=1)

    scenario = Scenario.objects.create(organization=org, name="Reorg", created_by=users["admin"])
    change = ScenarioChange.objects.create(
        scenario=scenario, kind="join", team=sub, role=role("ml-engineer"), name="New Hire", fte=1
    )
    headcount = HeadcountTarget.objects.create(organization=org, team=sub, role=role("ml-engineer"), headcount=4)
    maturity = MaturityTarget.objects.create(organization=org, team=sub, dimension="talent", level=4)

    from orgs.services import import_run_create

    checked = import_run_create(
        org=org, user=users["admin"], uploaded_file_or_bytes=io.BytesIO(people_csv("Sub")), filename="people.csv"
    )
    assert checked.status == "checked", checked.report
    return World(
        org=org,
        users=users,
        o={
            "division": division,
            "holding": holding,
            "given": given,
            "sub": sub,
            "leaf": leaf,
            "solo": solo,
            "other": other,
            "spare": spare,
            "newcomer": newcomer,
            "p_sub": p_sub,
            "p_owner": p_owner,
            "p_plain": p_plain,
            "p_other": p_other,
            "p_skill": p_skill,
            "assignment": assignment,
            "system": system,
            "opening": opening,
            "template": template,
            "draft": draft,
            "submitted": submitted,
            "scenario": scenario,
            "change": change,
            "headcount": headcount,
            "maturity": maturity,
            "checked_import": checked,
        },
    )


def stored_import_runs() -> int:
    return ImportRun.objects.count()
