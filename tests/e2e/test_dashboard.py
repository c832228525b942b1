"""The demo executive reads the dashboard in Chromium: every chart draws, a filter applies, exports download.

Screenshots at 1440x900 are written to test-artifacts/ (git-ignored) for a person to look at.
"""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from openpyxl import load_workbook
from playwright.sync_api import expect

from assessments.choices import SCORED_DIMENSIONS
from demo.org import demo_org_seed
from orgs.models import Team
from tests.scoring.factories import org_results_seed, scored_run

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHARTS = ["radar", "heatmap", "trend", "families", "composition", "coverage"]
MARKUP_NAME = "<script>alert(1)</script>"


@pytest.fixture
def demo(catalog):
    """The demo organisation with scored history, plus a team whose name is markup."""
    org, _ = demo_org_seed()
    parent = Team.objects.get(organization=org, name="Data & AI")
    odd = Team.objects.create(organization=org, name=MARKUP_NAME, parent=parent, kind="research")
    org_results_seed(org, org_runs=3, findings=14)
    scored_run(org, team=odd, levels={d.value: 2 for d in SCORED_DIMENSIONS})
    return org


def _watch(page) -> list[str]:
    problems: list[str] = []

    def on_console(msg):
        # The browser asks for /favicon.ico on its own; the app has none, which is not a page error.
        if msg.type == "error" and "favicon.ico" not in (msg.location or {}).get("url", ""):
            problems.append(f"console: {msg.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    return problems


def _all_charts_drawn(page, keys):
    for key in keys:
        chart = page.locator(f"#chart-{key}")
        expect(chart).to_have_attribute("data-rendered", "true", timeout=20_000)
        expect(chart.locator(".main-svg").first).to_be_visible()


def test_executive_reads_filters_and_exports_the_dashboard(live_server, login_page, demo):
    ARTIFACTS.mkdir(exist_ok=True)
    page = login_page(get_user_model().objects.get(username="demo-exec"))
    page.set_viewport_size({"width": 1440, "height": 900})
    problems = _watch(page)

    page.goto(f"{live_server.url}/o/{demo.slug}/")
    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Northwind Lending: dashboard")
    _all_charts_drawn(page, CHARTS)
    expect(page.locator("#card-truck")).not_to_have_text("–")
    expect(page.locator("#findings .finding").first).to_be_visible()
    # The team named with markup is shown as text on the heatmap axis, and nothing ran.
    expect(page.locator("#chart-heatmap .ytick text", has_text=MARKUP_NAME)).to_have_count(1)
    page.screenshot(path=ARTIFACTS / "dashboard-1440x900.png")
    page.screenshot(path=ARTIFACTS / "dashboard-1440x900-full.png", full_page=True)

    # Filter on a part of the organisation: the address holds the filter, the page follows it.
    team = Team.objects.get(organization=demo, name="Data & AI")
    page.locator("#filter-team").select_option(str(team.pk))
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(f"**/results/?team={team.pk}**")
    expect(page.get_by_role("heading", level=1)).to_have_text("Data & AI and the teams below it: dashboard")
    _all_charts_drawn(page, CHARTS)
    heat_rows = page.locator("#chart-heatmap .ytick text").all_text_contents()
    assert "Payments Pod" not in heat_rows and MARKUP_NAME in heat_rows
    page.screenshot(path=ARTIFACTS / "dashboard-filtered-1440x900.png", full_page=True)

    # The XLSX of what is on screen.
    with page.expect_download() as download:
        page.locator("#export-xlsx").click()
    assert download.value.suggested_filename == f"{demo.slug}-results-data-ai.xlsx"
    saved = ARTIFACTS / download.value.suggested_filename
    download.value.save_as(saved)
    workbook = load_workbook(saved, read_only=True)
    summary = dict(workbook["Summary"].iter_rows(min_row=2, values_only=True))
    assert summary["Teams shown"] == "Data & AI and the teams below it"
    findings = list(workbook["Findings"].iter_rows(min_row=2, values_only=True))
    assert findings and all(row[3] for row in findings)

    # A PNG of one chart, drawn by Plotly in the browser.
    with page.expect_download() as png:
        page.locator("[data-chart-png='chart-radar']").click()
    assert png.value.suggested_filename.endswith(".png")
    assert Path(png.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    # A lead follows a finding to a team page, which draws its own charts.
    page.locator("#findings .finding a").first.click()
    expect(page.get_by_role("heading", name="What to do next")).to_be_visible()
    _all_charts_drawn(page, ["radar", "coverage", "trend"])
    page.screenshot(path=ARTIFACTS / "team-results-1440x900.png", full_page=True)
    assert not problems, problems


def test_a_new_organisation_sees_what_to_do(live_server, login_page, org, make_member):
    page = login_page(make_member(org, "executive"))
    problems = _watch(page)
    page.goto(f"{live_server.url}/o/{org.slug}/results/")
    expect(page.get_by_role("heading", name="No scored assessment yet")).to_be_visible()
    expect(page.locator(".js-chart")).to_have_count(0)
    assert not problems, problems
