"""The admin's jobs, in Chromium: sign in to the admin site, change a role template of the shared
catalog, read its history and revert the change; then import a workbook into the organisation from
the app, check the preview and confirm it.

Uses the demo organisation as `seed_demo` makes it (`demo-admin` is its admin and a site admin).
"""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from demo.org import DEMO_PASSWORD, demo_org_seed
from orgs.models import Person, Team
from roles.models import RoleTemplate
from tests.e2e.test_journey_lead import sign_in, watch
from tests.orgs import workbooks

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def demo(catalog):
    org, _ = demo_org_seed()
    return org


def new_teams_workbook() -> bytes:
    """The small sample workbook, with teams and people the demo organisation does not have yet."""
    sheets = workbooks.small_org()
    renamed = {"Data & AI": "Research Lab", "ML Platform": "Inference Platform"}
    for rows in sheets.values():
        for row in rows:
            for i, value in enumerate(row):
                if isinstance(value, str):
                    for old, new in renamed.items():
                        value = value.replace(old, new)
                    row[i] = value.replace("@example.com", "@lab.northwind.example")
    return workbooks.xlsx(sheets)


def test_admin_edits_a_role_reads_the_history_reverts_and_imports_a_workbook(live_server, page, demo):
    problems = watch(page)
    role = RoleTemplate.objects.get(slug="mlops-engineer")
    original = role.months_to_hire

    # The admin site, through its (rate-limited) log-in.
    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Username").fill("demo-admin")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Role templates").click()
    page.get_by_role("link", name=role.name, exact=True).click()
    page.get_by_label("Months to hire").fill("9.5")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    role.refresh_from_db()
    assert role.months_to_hire == Decimal("9.5")

    # The history shows both versions; revert to the one before the change.
    page.locator("#result_list").get_by_role("link", name=role.name, exact=True).click()
    page.get_by_role("link", name="History").click()
    expect(page.locator("#change-history")).to_contain_text("9.5")
    page.locator("#change-history tbody tr").nth(1).get_by_role("link").first.click()
    expect(page.get_by_label("Months to hire")).to_have_value(re.compile(rf"^{float(original):g}"))
    page.get_by_role("button", name="Revert").click()
    expect(page.locator(".messagelist")).to_contain_text(re.compile("(reverted|changed) successfully"))
    role.refresh_from_db()
    assert role.months_to_hire == original
    assert role.history.count() >= 3  # created, changed, reverted

    # In the app: import a workbook, check the preview, confirm.
    page.goto(f"{live_server.url}/o/{demo.slug}/")
    page.get_by_role("link", name="Import workbook").click()
    page.set_input_files(
        "input[type=file]", files=[{"name": "lab.xlsx", "mimeType": XLSX, "buffer": new_teams_workbook()}]
    )
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator("#import-status")).to_contain_text("Nothing has been written yet")
    expect(page.locator('#import-counts tr[data-sheet="teams"] td').first).to_have_text("2")
    assert not Team.objects.filter(organization=demo, name="Research Lab").exists()
    page.get_by_role("button", name="Confirm import").click()
    expect(page.get_by_role("alert").first).to_contain_text("Imported lab.xlsx")
    expect(page.locator(".team-tree a.team-name", has_text="Inference Platform")).to_be_visible()
    assert Person.objects.filter(organization=demo, email__endswith="@lab.northwind.example").count() == 3
    assert not problems, problems


def test_the_admin_log_in_refuses_a_wrong_password_with_a_message(live_server, page, demo):
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill("demo-admin")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".errornote")).to_contain_text("Please enter the correct username and password")
    sign_in(page, live_server.url, "demo-admin")  # the app's own log-in still works
