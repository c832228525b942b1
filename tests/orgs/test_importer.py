"""The workbook import: what it writes, every error kind of the format, dry runs, idempotence, all or nothing."""

from datetime import date
from decimal import Decimal

import pytest

from orgs.importer import run_import
from orgs.models import Assignment, MLSystem, Opening, Organization, Person, PersonSkill, Team
from roles.defaults import RESPONSIBILITIES, ROLES, SKILLS
from tests.orgs import workbooks
from tests.orgs.conftest import error_texts
from tests.orgs.factories import AssignmentFactory, PersonFactory, TeamFactory, responsibility, role

pytestmark = pytest.mark.django_db


def counts(org):
    return {
        "teams": Team.objects.for_org(org).count(),
        "people": Person.objects.for_org(org).count(),
        "skills": PersonSkill.objects.for_org(org).count(),
        "assignments": Assignment.objects.for_org(org).count(),
        "systems": MLSystem.objects.for_org(org).count(),
        "openings": Opening.objects.for_org(org).count(),
    }


def test_a_valid_workbook_creates_everything(org, import_xlsx):
    report = import_xlsx(workbooks.small_org())

    assert report.ok and report.applied, error_texts(report)
    assert counts(org) == {"teams": 2, "people": 3, "skills": 2, "assignments": 3, "systems": 1, "openings": 2}
    platform = Team.objects.get(organization=org, name="ML Platform")
    assert platform.parent.name == "Data & AI" and platform.kind == "platform" and platform.pillar == "code"
    assert platform.lead.email == "ben@example.com"
    cy = Person.objects.get(organization=org, email="cy@example.com")
    assert cy.manager.email == "ben@example.com" and cy.fte == Decimal("0.50") and cy.start_date == date(2023, 6, 1)
    assert cy.role.slug == "ml-engineer"
    ben = Person.objects.get(organization=org, email="ben@example.com")
    assert ben.role.slug == "mlops-engineer"  # looked up by name
    assert {(a.responsibility.slug, a.level) for a in ben.assignments.all()} == {
        ("model-deployment", "backup"),
        ("ci-cd", "owner"),
    }
    system = MLSystem.objects.get(organization=org)
    assert [p.email for p in system.owners.all()] == ["cy@example.com"]
    assert {p.email for p in system.deployers.all()} == {"cy@example.com", "ben@example.com"}
    filled = Opening.objects.get(organization=org, status="filled")
    assert filled.filled_on == date(2025, 9, 15) and filled.role.slug == "ml-engineer"
    assert report.sheets["people"].created == 3 and report.sheets["teams"].created == 2


def test_importing_the_same_workbook_twice_changes_nothing(org, import_xlsx):
    sheets = workbooks.small_org()
    import_xlsx(sheets)
    before = {p.email: p.updated_at for p in Person.objects.for_org(org)}

    again = import_xlsx(sheets)

    assert again.ok
    assert all(c.created == 0 and c.updated == 0 for c in again.sheets.values())
    assert again.sheets["people"].unchanged == 3 and again.sheets["assignments"].unchanged == 3
    assert {p.email: p.updated_at for p in Person.objects.for_org(org)} == before


def test_a_changed_row_updates_only_that_row(org, import_xlsx):
    sheets = workbooks.small_org()
    import_xlsx(sheets)
    changed = workbooks.replace_cell(sheets, "people", 4, "fte", 0.8)
    changed = workbooks.replace_cell(changed, "assignments", 2, "level", "contributor")
    changed = workbooks.replace_cell(changed, "systems", 2, "owners", "ada@example.com; cy@example.com")

    report = import_xlsx(changed)

    assert report.ok
    assert (report.sheets["people"].updated, report.sheets["people"].unchanged) == (1, 2)
    assert report.sheets["assignments"].updated == 1 and report.sheets["systems"].updated == 1
    assert Person.objects.get(organization=org, email="cy@example.com").fte == Decimal("0.80")
    assert Assignment.objects.get(person__email="cy@example.com").level == "contributor"
    system = MLSystem.objects.get(organization=org)
    assert {p.email for p in system.owners.all()} == {"ada@example.com", "cy@example.com"}
    assert system.deployers.count() == 2


def test_dry_run_reports_counts_and_writes_nothing(org, import_xlsx):
    report = import_xlsx(workbooks.small_org(), dry_run=True)

    assert report.ok and not report.applied and report.dry_run
    assert report.sheets["people"].created == 3 and report.sheets["systems"].created == 1
    assert counts(org) == dict.fromkeys(counts(org), 0)


def test_dry_run_on_existing_data_counts_updates(org, import_xlsx):
    sheets = workbooks.small_org()
    import_xlsx(sheets)
    report = import_xlsx(workbooks.replace_cell(sheets, "teams", 3, "kind", "data"), dry_run=True)
    assert (report.sheets["teams"].updated, report.sheets["teams"].unchanged) == (1, 1)
    assert Team.objects.get(organization=org, name="ML Platform").kind == "platform"


def test_matching_is_case_insensitive_for_emails_and_names(org, import_xlsx):
    sheets = workbooks.small_org()
    import_xlsx(sheets)
    shouty = workbooks.replace_cell(sheets, "skills", 2, "email", "CY@Example.com")
    shouty = workbooks.replace_cell(shouty, "people", 3, "team", "ml platform")
    report = import_xlsx(shouty)
    assert report.ok and report.sheets["skills"].unchanged == 2 and report.sheets["people"].unchanged == 3


def test_data_outside_the_file_is_kept_and_can_be_referenced(org, import_xlsx):
    team = TeamFactory(organization=org, name="Research")
    PersonFactory(team=team, email="old@example.com")
    sheets = workbooks.with_rows(
        workbooks.small_org(), "people", ["new@example.com", "New", "Research", "ml-researcher", "old@example.com"]
    )
    report = import_xlsx(sheets)
    assert report.ok, error_texts(report)
    assert Person.objects.get(organization=org, email="new@example.com").manager.email == "old@example.com"
    assert Person.objects.filter(organization=org, email="old@example.com").exists()


def test_a_missing_optional_column_keeps_values_and_a_blank_reference_clears(org, import_xlsx):
    sheets = workbooks.small_org()
    import_xlsx(sheets)
    # people without the location column: locations stay; a blank manager cell removes the manager.
    people = [row[:7] for row in sheets["people"]]
    people[3][4] = ""
    report = import_xlsx({"teams": sheets["teams"], "people": people})
    assert report.ok and report.sheets["people"].updated == 1
    ben = Person.objects.get(organization=org, email="ben@example.com")
    cy = Person.objects.get(organization=org, email="cy@example.com")
    assert ben.location == "Berlin" and ben.manager.email == "ada@example.com"
    assert cy.manager is None


def test_openings_match_by_team_role_and_date_counting_repeats(org, import_xlsx):
    sheets = workbooks.with_rows(workbooks.small_org(), "openings", ["mlops-engineer", "ML Platform", "2026-01-10"])
    import_xlsx(sheets)
    assert Opening.objects.filter(organization=org, role__slug="mlops-engineer").count() == 2
    again = import_xlsx(workbooks.replace_cell(sheets, "openings", 2, "status", "cancelled"))
    assert again.ok and again.sheets["openings"].updated == 1 and again.sheets["openings"].unchanged == 2
    assert Opening.objects.filter(organization=org).count() == 3


def test_import_into_an_unsaved_org_is_a_dry_run_of_a_new_org(catalog):
    report = run_import(
        org=Organization(slug="new"), data=workbooks.xlsx(workbooks.small_org()), filename="x.xlsx", dry_run=True
    )
    assert report.ok and report.sheets["teams"].created == 2


# --- every error kind of the format -----------------------------------------------------------------

SMALL = workbooks.small_org()
PEOPLE_HINT = "valid: ada@example.com, ben@example.com, cy@example.com"

ERROR_CASES = {
    "missing required column": (
        {"teams": SMALL["teams"], "people": [list(r[:1]) + r[2:] for r in SMALL["people"]]},
        "people, row 1, name: The required column is missing from the header.",
    ),
    "missing required value": (
        workbooks.replace_cell(SMALL, "people", 3, "name", ""),
        "people, row 3, name: a value is required",
    ),
    "unknown team": (
        workbooks.replace_cell(SMALL, "people", 4, "team", "Nowhere"),
        "people, row 4, team: unknown team 'Nowhere'; valid: Data & AI, ML Platform",
    ),
    "unknown parent team": (
        workbooks.replace_cell(SMALL, "teams", 3, "parent", "Ghosts"),
        "teams, row 3, parent: unknown team 'Ghosts'; valid: Data & AI, ML Platform",
    ),
    "unknown role": (
        workbooks.replace_cell(SMALL, "people", 2, "role", "Wizard"),
        "people, row 2, role: unknown role 'Wizard'; valid: " + ", ".join(sorted(r[0] for r in ROLES)),
    ),
    "unknown responsibility": (
        workbooks.replace_cell(SMALL, "assignments", 3, "responsibility", "juggling"),
        "assignments, row 3, responsibility: unknown responsibility 'juggling'; valid: "
        + ", ".join(sorted(r[0] for r in RESPONSIBILITIES)),
    ),
    "unknown skill": (
        workbooks.replace_cell(SMALL, "skills", 2, "skill", "telepathy"),
        "skills, row 2, skill: unknown skill 'telepathy'; valid: " + ", ".join(sorted(s[0] for s in SKILLS)),
    ),
    "unknown person in assignments": (
        workbooks.replace_cell(SMALL, "assignments", 2, "email", "zed@example.com"),
        "assignments, row 2, email: unknown person 'zed@example.com'; " + PEOPLE_HINT,
    ),
    "unknown person as manager": (
        workbooks.replace_cell(SMALL, "people", 3, "manager_email", "zed@example.com"),
        "people, row 3, manager_email: unknown person 'zed@example.com'; " + PEOPLE_HINT,
    ),
    "unknown person as team lead": (
        workbooks.replace_cell(SMALL, "teams", 2, "lead_email", "zed@example.com"),
        "teams, row 2, lead_email: unknown person 'zed@example.com'; " + PEOPLE_HINT,
    ),
    "unknown system owner": (
        workbooks.replace_cell(SMALL, "systems", 2, "owners", "cy@example.com;zed@example.com"),
        "systems, row 2, owners: unknown person 'zed@example.com'; " + PEOPLE_HINT,
    ),
    "bad enum value": (
        workbooks.replace_cell(SMALL, "teams", 3, "kind", "galactic"),
        "teams, row 3, kind: 'galactic' is not one of: central_ml, embedded_ml, platform, data, research, product, "
        "other",
    ),
    "bad assignment level": (
        workbooks.replace_cell(SMALL, "assignments", 2, "level", "boss"),
        "assignments, row 2, level: 'boss' is not one of: owner, contributor, backup",
    ),
    "bad system stage": (
        workbooks.replace_cell(SMALL, "systems", 2, "stage", "beta"),
        "systems, row 2, stage: 'beta' is not one of: idea, prototype, mvp, production, retired",
    ),
    "bad date": (
        workbooks.replace_cell(SMALL, "people", 2, "start_date", "15/01/2020"),
        "people, row 2, start_date: '15/01/2020' is not a date; write it as YYYY-MM-DD",
    ),
    "impossible date": (
        workbooks.replace_cell(SMALL, "openings", 2, "opened_on", "2026-02-30"),
        "openings, row 2, opened_on: '2026-02-30' is not a real date",
    ),
    "fte zero": (
        workbooks.replace_cell(SMALL, "people", 4, "fte", 0),
        "people, row 4, fte: FTE must be more than 0 and at most 1, not 0",
    ),
    "fte too large": (
        workbooks.replace_cell(SMALL, "people", 4, "fte", "1.5"),
        "people, row 4, fte: FTE must be more than 0 and at most 1, not 1.5",
    ),
    "fte not a number": (
        workbooks.replace_cell(SMALL, "people", 4, "fte", "half"),
        "people, row 4, fte: 'half' is not a number",
    ),
    "skill level out of range": (
        workbooks.replace_cell(SMALL, "skills", 3, "level", 5),
        "skills, row 3, level: the level must be a whole number from 0 to 4, not 5",
    ),
    "skill level not whole": (
        workbooks.replace_cell(SMALL, "skills", 3, "level", 2.5),
        "skills, row 3, level: the level must be a whole number from 0 to 4, not 2.5",
    ),
    "duplicate person": (
        workbooks.with_rows(SMALL, "people", ["ADA@example.com", "Ada Again", "Data & AI", "executive"]),
        "people, row 5, email: duplicate person 'ada@example.com': already on row 2",
    ),
    "duplicate team": (
        workbooks.with_rows(SMALL, "teams", ["ml platform", "", "data"]),
        "teams, row 4, name: duplicate team 'ml platform': already on row 3",
    ),
    "duplicate system": (
        workbooks.with_rows(SMALL, "systems", ["Fraud Detection", "ML Platform", "idea"]),
        "systems, row 3, name: duplicate system 'Fraud Detection': already on row 2",
    ),
    "duplicate assignment": (
        workbooks.with_rows(SMALL, "assignments", ["cy@example.com", "Packaging and deployment", "backup"]),
        "assignments, row 5, responsibility: duplicate assignment for this person: already on row 2",
    ),
    "team is its own parent": (
        workbooks.replace_cell(SMALL, "teams", 2, "parent", "Data & AI"),
        "teams, row 2, parent: team 'Data & AI' cannot be its own parent",
    ),
    "team is its own ancestor": (
        workbooks.replace_cell(SMALL, "teams", 2, "parent", "ML Platform"),
        "teams, row 2, parent: team 'Data & AI' would be its own ancestor (Data & AI → ML Platform → Data & AI)",
    ),
    "manager cycle": (
        workbooks.replace_cell(SMALL, "people", 2, "manager_email", "cy@example.com"),
        "people, row 2, manager_email: this manager would create a reporting cycle "
        "(ada@example.com → cy@example.com → ben@example.com → ada@example.com)",
    ),
    "own manager": (
        workbooks.replace_cell(SMALL, "people", 2, "manager_email", "ada@example.com"),
        "people, row 2, manager_email: a person cannot be their own manager",
    ),
    "bad email": (
        workbooks.replace_cell(SMALL, "people", 4, "email", "not-an-email"),
        "people, row 4, email: 'not-an-email' is not a valid email address",
    ),
    "filled opening without date": (
        workbooks.replace_cell(SMALL, "openings", 3, "filled_on", ""),
        "openings, row 3, filled_on: a filled opening needs the date it was filled",
    ),
    "filled before opened": (
        workbooks.replace_cell(SMALL, "openings", 3, "filled_on", "2024-01-01"),
        "openings, row 3, filled_on: an opening cannot be filled before it was opened",
    ),
    "too long": (
        workbooks.replace_cell(SMALL, "people", 2, "location", "x" * 101),
        "people, row 2, location: is too long (101 characters; at most 100)",
    ),
    "missing sheet": (
        {"teams": SMALL["teams"]},
        "people: The file has no 'people' sheet, and it is required.",
    ),
}


@pytest.mark.parametrize("case", list(ERROR_CASES))
def test_each_error_is_reported_and_nothing_is_written(org, import_xlsx, case):
    sheets, expected = ERROR_CASES[case]

    report = import_xlsx(sheets)

    assert not report.ok and not report.applied
    assert expected in error_texts(report)
    assert counts(org) == dict.fromkeys(counts(org), 0)


def test_cycle_through_existing_teams_is_reported(org, import_xlsx):
    import_xlsx(workbooks.small_org())
    # Only one row in the file, closing a loop with a team that exists already.
    sheets = {
        "teams": [workbooks.HEADERS["teams"][:2], ["Data & AI", "ML Platform"]],
        "people": [workbooks.HEADERS["people"][:4]],
    }
    report = import_xlsx(sheets)
    assert not report.ok
    assert error_texts(report) == [
        "teams, row 2, parent: team 'Data & AI' would be its own ancestor (Data & AI → ML Platform → Data & AI)"
    ]
    assert Team.objects.get(organization=org, name="Data & AI").parent is None


def test_every_error_in_a_file_is_reported_at_once(org, import_xlsx):
    sheets = workbooks.replace_cell(SMALL, "people", 2, "fte", 7)
    sheets = workbooks.replace_cell(sheets, "people", 2, "role", "Wizard")
    sheets = workbooks.replace_cell(sheets, "skills", 2, "level", -1)
    sheets = workbooks.replace_cell(sheets, "systems", 2, "team", "Nowhere")
    report = import_xlsx(sheets)
    assert report.error_count == 4
    assert [e.sheet for e in report.sorted_errors()] == ["people", "people", "skills", "systems"]


def test_a_failed_import_leaves_existing_data_untouched(org, import_xlsx):
    team = TeamFactory(organization=org, name="ML Platform", kind="research")
    person = PersonFactory(team=team, email="cy@example.com", name="Old Name")
    AssignmentFactory(person=person, responsibility=responsibility("model-deployment"), level="backup")
    broken = workbooks.replace_cell(SMALL, "openings", 2, "role", "Wizard")

    report = import_xlsx(broken)

    assert not report.ok
    assert counts(org) == {"teams": 1, "people": 1, "skills": 0, "assignments": 1, "systems": 0, "openings": 0}
    person.refresh_from_db()
    team.refresh_from_db()
    assert person.name == "Old Name" and team.kind == "research"
    assert Assignment.objects.get(person=person).level == "backup"


def test_other_organisations_are_never_touched(org, other_org, import_xlsx):
    theirs = PersonFactory(team=TeamFactory(organization=other_org, name="ML Platform"), email="cy@example.com")
    report = import_xlsx(SMALL)
    assert report.ok
    theirs.refresh_from_db()
    assert theirs.team.organization == other_org and theirs.name != "Cy Chen"
    assert Person.objects.filter(email="cy@example.com").count() == 2


def test_unknown_columns_and_sheets_are_warnings(org, import_xlsx):
    sheets = {name: [list(r) for r in rows] for name, rows in SMALL.items()}
    sheets["people"][0].append("shoe_size")
    sheets["notes"] = [["anything"], ["at all"]]
    report = import_xlsx(sheets)
    assert report.ok
    warnings = [str(w) for w in report.warnings]
    # The column's name appears once (as the column), never copied into the message too.
    assert "people, row 1, shoe_size: This column is not part of the format and was ignored." in warnings
    assert "file: Sheet 'notes' is not part of the format and was ignored." in warnings


def test_headers_are_case_insensitive_and_trimmed(org, import_xlsx):
    sheets = {name: [list(r) for r in rows] for name, rows in SMALL.items()}
    sheets["people"][0] = [" Email* ", "NAME", "Team", "role", "Manager Email", "FTE", "start-date", "Location"]
    report = import_xlsx(sheets)
    assert report.ok, error_texts(report)
    assert Person.objects.get(organization=org, email="ben@example.com").manager.email == "ada@example.com"


def test_roles_resolve_by_slug_or_name(org, import_xlsx):
    report = import_xlsx(workbooks.replace_cell(SMALL, "people", 2, "role", "  ai TEAM lead "))
    assert report.ok
    assert Person.objects.get(organization=org, email="ada@example.com").role == role("ai-team-lead")


def test_query_count_does_not_grow_with_the_number_of_people(org, django_assert_max_num_queries):
    def workbook(n):
        sheets = workbooks.small_org()
        for i in range(n):
            email = f"p{i}@example.com"
            sheets["people"].append([email, f"Person {i}", "ML Platform", "data-scientist", "ada@example.com", 1])
            sheets["assignments"].append([email, "experimentation", "contributor"])
            sheets["skills"].append([email, "ml-expertise", 2])
        return workbooks.xlsx(sheets)

    small, large = workbook(5), workbook(400)
    with django_assert_max_num_queries(40):
        assert run_import(org=org, data=small, filename="s.xlsx", dry_run=False).ok
    with django_assert_max_num_queries(40):
        # 80 times the rows, the same bounded number of statements (bulk writes in batches of 500)
        report = run_import(org=org, data=large, filename="l.xlsx", dry_run=False)
    assert report.ok and report.sheets["people"].created == 395


def test_an_unknown_value_among_many_names_the_closest_ones(org, import_xlsx):
    """With more teams than can be listed, an unknown team is told the closest names (difflib)."""
    for i in range(40):
        TeamFactory(organization=org, name=f"Squad {i:02d}")
    TeamFactory(organization=org, name="Payments Risk")
    report = import_xlsx(workbooks.replace_cell(SMALL, "people", 4, "team", "payment risk"))
    assert "people, row 4, team: unknown team 'payment risk'; closest: Payments Risk" in error_texts(report)
    far = import_xlsx(workbooks.replace_cell(SMALL, "people", 4, "team", "zzzzzzzz"))
    assert "people, row 4, team: unknown team 'zzzzzzzz'; none of the 43 teams is close" in error_texts(far)
