"""The README's "Who does what" table, row by row, against the app.

The table is read from README.md. Each row's text must be made of the claims below (a claim added to or dropped
from the README breaks the test until it is checked here), and each claim is tried: the writes through the
browser and the API as that role (the actions of the parity table, tests/parity/table.py), the reads as pages and
API reads. The other direction holds too: every write the parity table allows a role is claimed by its row.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from tests.orgs.factories import UserFactory
from tests.parity.doors import ALLOWED, FORBIDDEN, Call, attempt
from tests.parity.table import ACTIONS, api, page
from tests.parity.world import build_world

pytestmark = pytest.mark.django_db

README = Path(__file__).resolve().parent.parent / "README.md"
ACTION = {a.name: a for a in ACTIONS}


def readme_roles() -> dict[str, str]:
    """The rows of the "Who does what" table: role -> what they do."""
    section = README.read_text().split("## Who does what", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")][2:]  # after the header and its rule
    cells = [[c.strip() for c in row.strip("|").split("|")] for row in rows]
    return {c[0]: " | ".join(c[1:]) for c in cells}


@dataclass
class Claim:
    phrase: str
    actions: tuple = ()  # parity actions the role may do, tried through every door that offers them
    check: object = None  # check(world, role) for what is not a parity action
    inherits: tuple = field(default=())  # rows whose claims this one includes ("everything below")


def reads(w) -> list[tuple[str, str]]:
    """What "reads everything" reads: every page of the organisation and the API's lists, as (door, URL)."""
    pages = [
        page(w, "orgs:org_home"),
        page(w, "orgs:team_detail", team_id=w.sub.pk),
        page(w, "orgs:person_detail", person_id=w.p_sub.pk),
        page(w, "orgs:org_matrix"),
        page(w, "orgs:team_matrix", team_id=w.sub.pk),
        page(w, "assessments:list"),
        page(w, "assessments:detail", pk=w.submitted.pk),
        page(w, "results:dashboard"),
        page(w, "results:findings"),
        page(w, "results:team", team_id=w.sub.pk),
        page(w, "planning:index"),
        page(w, "planning:scenario", pk=w.scenario.pk),
        page(w, "planning:roadmap"),
    ]
    lists = ["teams/", "people/", "person-skills/", "assignments/", "systems/", "openings/", "assessments/"]
    lists += ["results/", "scenarios/", "headcount-targets/", "maturity-targets/"]
    return [("browser", url) for url in pages] + [("api", api(w, path)) for path in lists]


def assert_gets(w, role, urls: list[tuple[str, str]]):
    failures = []
    for door, url in urls:
        client = Client() if door == "browser" else APIClient()
        client.force_login(w.user(role))
        response = client.get(url)
        if response.status_code != 200:
            failures.append((door, url, response.status_code))
    assert failures == [], f"{role} cannot read: {failures}"


def reads_everything(w, role):
    assert_gets(w, role, reads(w))


def dashboard_and_exports(w, role):
    names = ["results:dashboard", "results:export_findings", "results:export_scores", "results:export_xlsx"]
    assert_gets(w, role, [("browser", page(w, name)) for name in names])


def workbook_download(w, role):
    assert_gets(w, role, [("browser", page(w, "orgs:export_download")), ("api", f"/api/v1/orgs/{w.org.slug}/export/")])


def forecast(w, role):
    assert_gets(w, role, [("browser", page(w, "planning:forecast")), ("api", api(w, "forecast/"))])


def org_assessment_start(w) -> dict[str, Call]:
    return {
        "browser": Call("POST", page(w, "assessments:start"), {"scope": "org"}),
        "api": Call("POST", api(w, "assessments/"), {"team": None}),
    }


def decisions(calls: dict[str, Call], user) -> dict[str, str]:
    return {
        door: attempt(door, Client() if door == "browser" else APIClient(), call, user=user).decision
        for door, call in calls.items()
    }


def org_assessments_are_the_admins(w, role):
    assert decisions(org_assessment_start(w), w.user("admin")) == {"browser": ALLOWED, "api": ALLOWED}
    for member in ("lead", "lead_other", "executive", "viewer"):
        assert decisions(org_assessment_start(w), w.user(member)) == {"browser": FORBIDDEN, "api": FORBIDDEN}, member


def only_their_teams(w, role):
    """A lead of another team is refused every write the row gives the lead in the teams below theirs."""
    for claim in CLAIMS["team lead"]:
        for name in claim.actions:
            if "scenario" not in name:
                assert ACTION[name].expected("lead_other") != ALLOWED, name
    action = ACTION["person-create"]
    outcome = attempt("api", APIClient(), action.api(w), user=w.user("lead_other"))
    assert outcome.decision != ALLOWED and not outcome.changed


def members_page(w, role):
    assert_gets(w, role, [("browser", page(w, "orgs:members"))])
    client = APIClient()
    client.force_login(w.user(role))
    created = client.post(
        api(w, "members/"),
        {
            "username": "fresh-analyst",
            "email": "fresh@example.org",
            "password": "a-long-initial-pass-42",
            "role": "viewer",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    admins = client.get(api(w, "members/"), {"role": "admin"}).json()["results"]
    assert len(admins) == 1
    demoted = client.patch(api(w, f"members/{admins[0]['id']}/"), {"role": "viewer"}, format="json")
    assert demoted.status_code == 409, demoted.content


def site_admin(w, role):
    staff = Client()
    staff.force_login(UserFactory(is_staff=True, is_superuser=True))
    models = ["roles/roletemplate", "roles/responsibility", "roles/skill", "roles/archetype"]
    models.append("assessments/questionnairetemplate")
    for model in models:
        assert staff.get(f"/admin/{model}/").status_code == 200, model
    for obj in (w.p_sub.role, w.template):
        opts = obj._meta
        name = f"admin:{opts.app_label}_{opts.model_name}"
        assert staff.get(reverse(f"{name}_history", args=[obj.pk])).status_code == 200
        version = obj.history.earliest()
        assert staff.get(reverse(f"{name}_simple_history", args=[obj.pk, version.history_id])).status_code == 200
    member = Client()
    member.force_login(w.user("admin"))  # an org admin who is not site staff
    assert member.get("/admin/roles/roletemplate/").status_code == 302


TEAM_WRITES = ("team-create", "team-rename", "team-move-below-a-led-team", "team-delete-a-sub-team")
CLAIMS: dict[str, list[Claim]] = {
    "org admin": [
        Claim("everything below, plus", inherits=("team lead", "executive", "viewer")),
        Claim("the workbook import and download", ("import-upload", "import-apply"), workbook_download),
        Claim(
            'the "Members" page (`/o/<slug>/members/`: invite an existing account by username or e-mail (it joins '
            "when its owner accepts at `/accounts/invitations/`; the answer is the same whether or not such an "
            "account exists) or create one with an initial password, set roles and the teams a lead leads, remove "
            "members; the organisation always keeps an admin)",
            ("member-add", "member-change-role", "member-remove"),
            members_page,
        ),
        Claim("adding, moving and removing any team", ("team-move-the-given-team", "team-delete-the-given-team")),
        Claim("assessments of the whole organisation", (), org_assessments_are_the_admins),
        Claim("the organisation's target level and rescoring", ("org-target-level", "results-rescore")),
        Claim("the hiring estimates per role", ("role-estimates-set",)),
        Claim(
            "changing and deleting anyone's scenario",
            ("scenario-rename", "scenario-add-change", "scenario-remove-change", "scenario-delete"),
        ),
        Claim("applying a scenario to the real data", ("scenario-apply",)),
    ],
    "team lead": [
        Claim("the teams they lead and every team below them", (), only_their_teams),
        Claim("people", ("person-create", "person-update", "person-delete")),
        Claim("skills", ("person-skill-add", "person-skill-change", "person-skill-remove")),
        Claim("ML systems", ("system-create", "system-update", "system-delete")),
        Claim(
            "openings (add, fill, cancel, delete)",
            ("opening-create", "opening-fill", "opening-cancel", "opening-delete"),
        ),
        Claim("sub-teams", TEAM_WRITES),
        Claim("the responsibility matrix cells", ("matrix-cell-set", "matrix-cell-change", "matrix-cell-clear")),
        Claim(
            "headcount and maturity targets",
            ("headcount-target-create", "headcount-target-delete", "maturity-target-create", "maturity-target-delete"),
        ),
        Claim(
            "assessments of those teams",
            ("assessment-start", "assessment-answer-save", "assessment-submit", "assessment-rescore"),
        ),
        Claim(
            "(an assessment of the whole organisation answers for every team, so admins start it)",
            (),
            org_assessments_are_the_admins,
        ),
        Claim("scenarios", ("scenario-create", "scenario-copy", "scenario-score")),
    ],
    "executive": [
        Claim("reads everything", (), reads_everything),
        Claim("dashboard and exports", (), dashboard_and_exports),
        Claim("the workbook download", (), workbook_download),
        Claim("scenarios", ("scenario-create", "scenario-copy", "scenario-score")),
        Claim("the forecast", (), forecast),
    ],
    "viewer": [Claim("reads everything", (), reads_everything)],
    "site staff": [
        Claim(
            "the Django admin: role templates, responsibilities, skills, archetypes and questionnaires, with history "
            "and revert",
            (),
            site_admin,
        )
    ],
}
ROLE = {"org admin": "admin", "team lead": "lead", "executive": "executive", "viewer": "viewer", "site staff": None}
CONNECTIVES = re.compile(r"(?:[\s,;:.]|\band\b)*")


def claimed_actions(row: str) -> set[str]:
    names = set()
    for claim in CLAIMS[row]:
        names.update(claim.actions)
        for inherited in claim.inherits:
            names |= claimed_actions(inherited)
    return names


def test_the_table_has_the_rows_checked_here():
    assert list(readme_roles()) == list(CLAIMS)


@pytest.fixture
def world(catalog, make_member, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return build_world(make_member)


@pytest.mark.parametrize("row", list(CLAIMS))
def test_readme_row(row, world):
    text = readme_roles()[row]
    rest = text
    for claim in sorted(CLAIMS[row], key=lambda c: -len(c.phrase)):  # the longest first: "scenarios" is in others
        assert claim.phrase in rest, f"the README's {row} row no longer says: {claim.phrase}"
        rest = rest.replace(claim.phrase, " ", 1)
    assert CONNECTIVES.fullmatch(rest), f"the README's {row} row says what this test does not check: {rest!r}"

    role = ROLE[row]
    if role is not None:
        allowed = {a.name for a in ACTIONS if role in a.allowed}
        assert allowed <= claimed_actions(row), f"{row} may also: {sorted(allowed - claimed_actions(row))}"
    for claim in CLAIMS[row]:
        for name in claim.actions:
            action = ACTION[name]
            assert action.expected(role) == ALLOWED, f"{row}: {name} is not allowed in the parity table"
            for door, build, client in (("browser", action.browser, Client()), ("api", action.api, APIClient())):
                if build is not None:
                    outcome = attempt(door, client, build(world), user=world.user(role))
                    assert outcome.decision == ALLOWED, f"{row}: {name} through the {door}: {outcome}"
        if claim.check is not None:
            claim.check(world, role)
