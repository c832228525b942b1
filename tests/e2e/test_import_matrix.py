"""In a real browser: an admin uploads a workbook, sees the preview, confirms; then edits a matrix cell,
reloads, and the cell has kept its value."""

import pytest
from playwright.sync_api import expect

from orgs.models import Assignment, Person, Team
from tests.orgs import workbooks

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_upload_preview_confirm_then_edit_a_matrix_cell(live_server, login_page, org, make_member):
    admin = make_member(org, "admin")
    errors = []
    page = login_page(admin)
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    page.goto(f"{live_server.url}/o/{org.slug}/")
    page.get_by_role("link", name="Import workbook").click()
    page.set_input_files(
        "input[type=file]",
        files=[{"name": "northwind.xlsx", "mimeType": XLSX, "buffer": workbooks.xlsx(workbooks.small_org())}],
    )
    page.get_by_role("button", name="Check the file").click()

    # the preview: counts per sheet, nothing written yet
    expect(page.locator("#import-status")).to_contain_text("Nothing has been written yet")
    expect(page.locator('#import-counts tr[data-sheet="people"] td').first).to_have_text("3")
    expect(page.locator('#import-counts tr[data-sheet="systems"] td').first).to_have_text("1")
    assert Person.objects.filter(organization=org).count() == 0

    page.get_by_role("button", name="Confirm import").click()
    expect(page.get_by_role("alert").first).to_contain_text("Imported northwind.xlsx")
    expect(page.locator(".team-tree a.team-name", has_text="ML Platform")).to_be_visible()
    assert Person.objects.filter(organization=org).count() == 3

    # the team's matrix: Cy owns "Packaging and deployment"; make it a backup
    page.locator(".team-tree a.team-name", has_text="ML Platform").click()
    page.get_by_role("link", name="Responsibility matrix").first.click()
    cell = page.get_by_label("Cy Chen: Packaging and deployment")
    expect(cell).to_have_value("owner")
    cell.select_option("backup")
    expect(page.locator(".matrix-cellbox .saved-state.is-saved")).to_have_text("Saved")

    page.reload()
    expect(page.get_by_label("Cy Chen: Packaging and deployment")).to_have_value("backup")
    team = Team.objects.get(organization=org, name="ML Platform")
    assert (
        Assignment.objects.get(
            person__team=team, person__email="cy@example.com", responsibility__slug="model-deployment"
        ).level
        == "backup"
    )
    assert errors == []


def test_a_viewer_sees_the_matrix_read_only(live_server, login_page, org, make_member):
    from orgs.importer import run_import

    assert run_import(org=org, data=workbooks.xlsx(workbooks.small_org()), filename="o.xlsx", dry_run=False).ok
    page = login_page(make_member(org, "viewer"))
    page.goto(f"{live_server.url}/o/{org.slug}/matrix/")
    expect(page.locator("#matrix")).to_contain_text("Cy Chen")
    expect(page.locator("#matrix select")).to_have_count(0)
    expect(page.locator("#matrix")).to_contain_text("no owner")


def test_a_refused_cell_says_why_and_keeps_the_chosen_value(live_server, login_page, org, make_member):
    from orgs.importer import run_import
    from orgs.models import Membership

    assert run_import(org=org, data=workbooks.xlsx(workbooks.small_org()), filename="o.xlsx", dry_run=False).ok
    team = Team.objects.get(organization=org, name="ML Platform")
    lead = make_member(org, "lead", teams=[team])
    page = login_page(lead)
    page.goto(f"{live_server.url}/o/{org.slug}/teams/{team.pk}/matrix/")
    cell = page.get_by_label("Ben Okafor: Hiring")
    expect(cell).to_have_value("")

    # meanwhile an admin takes the team away from this lead
    Membership.objects.get(user=lead, organization=org).teams.clear()
    cell.select_option("owner")

    box = page.locator(".matrix-cellbox", has=page.get_by_label("Ben Okafor: Hiring"))
    expect(box.locator(".saved-state.is-error")).to_have_text("Not saved: You can only change the teams you lead.")
    expect(page.get_by_label("Ben Okafor: Hiring")).to_have_value("owner")
    assert not Assignment.objects.filter(person__email="ben@example.com", responsibility__slug="hiring").exists()
