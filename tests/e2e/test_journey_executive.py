"""The executive's board-deck morning, in Chromium: sign in, read the dashboard, narrow it to one part of
the organisation, export what is on screen, then ask what happens if the universal expert leaves and
compare that scenario with today.

Uses the demo organisation as `seed_demo` makes it. Screenshots go to test-artifacts/ (git-ignored).
"""

import csv
import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from demo.org import demo_org_seed, demo_scored_assessments_seed
from orgs.models import Team
from planning.models import Scenario
from tests.e2e.test_journey_lead import sign_in, watch

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def demo(catalog):
    org, _ = demo_org_seed()
    demo_scored_assessments_seed(org=org)
    return org


def charts_drawn(page, at_least: int):
    charts = page.locator(".js-chart")
    expect(charts.nth(at_least - 1)).to_be_attached()
    for chart in charts.all():
        expect(chart).to_have_attribute("data-rendered", "true", timeout=20_000)
        expect(chart.locator(".main-svg").first).to_be_visible()


def test_executive_reads_filters_exports_and_compares_a_scenario(live_server, page, demo):
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1440, "height": 900})
    problems = watch(page)
    sign_in(page, live_server.url, "demo-exec")

    # The whole organisation.
    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Northwind Lending: dashboard")
    charts_drawn(page, 4)
    expect(page.locator("#findings .finding").first).to_be_visible()

    # One part of it: the address keeps the filter, the charts follow.
    team = Team.objects.get(organization=demo, name="Digital Product")
    page.locator("#filter-team").select_option(str(team.pk))
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(f"**/results/?team={team.pk}**")
    expect(page.get_by_role("heading", level=1)).to_have_text("Digital Product and the teams below it: dashboard")
    charts_drawn(page, 4)
    page.screenshot(path=str(ARTIFACTS / "journey-executive-dashboard.png"), full_page=True)

    # What is on screen, for the board deck.
    with page.expect_download() as download:
        page.locator("#export-xlsx").click()
    workbook = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()), read_only=True)
    summary = dict(workbook["Summary"].iter_rows(min_row=2, values_only=True))
    assert summary["Teams shown"] == "Digital Product and the teams below it"
    with page.expect_download() as download:
        page.get_by_role("link", name="Findings CSV").click()
    assert download.value.suggested_filename.endswith(".csv")
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    assert len(rows) > 1 and all(len(row) == len(rows[0]) for row in rows)

    # What if the universal expert leaves?
    page.goto(f"{live_server.url}/o/{demo.slug}/")
    page.get_by_role("link", name="Planning", exact=True).click()
    page.get_by_label("Name").fill("Priya leaves in spring")
    page.get_by_role("button", name="Create scenario").click()
    expect(page.locator("#scenario-name")).to_have_text("Priya leaves in spring")
    page.get_by_role("link", name="A person leaves").click()
    form = page.locator("#change-form")
    form.get_by_label("Who leaves").select_option(label="Priya Raman (ML Engineer, Credit Risk Models)")
    form.get_by_role("button", name="Add to the scenario").click()
    expect(page.locator("#change-list")).to_contain_text("Priya Raman leaves")
    page.get_by_role("button", name="Score and compare with today").click()
    expect(page).to_have_url(re.compile(r"/compare/$"))
    row = page.locator('tr[data-figure="truck-factor"]')
    expect(row).to_be_visible(timeout=30_000)
    assert int(row.locator("td.scenario").inner_text()) < int(row.locator("td.today").inner_text())
    expect(page.locator("#findings-removed")).to_contain_text("Priya Raman")
    charts_drawn(page, 2)
    page.screenshot(path=str(ARTIFACTS / "journey-executive-comparison.png"), full_page=True)

    scenario = Scenario.objects.get(organization=demo, name="Priya leaves in spring")
    assert scenario.scored_run.truck_factor < scenario.baseline_run.truck_factor
    assert not problems, problems
