"""Planning in Chromium: a scenario in which the demo org's universal expert leaves, scored and compared with today;
"what if she leaves?" from the person picker; the hiring forecast's charts.

Screenshots are written to test-artifacts/ (git-ignored) for a person to look at.
"""

import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from demo.org import demo_org_seed, demo_scored_assessments_seed
from orgs.models import Person
from planning.models import Scenario

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def demo(catalog):
    """The demo organisation as `seed_demo` makes it: org data and two scored org-wide assessments."""
    org, _ = demo_org_seed()
    demo_scored_assessments_seed(org=org)
    return org


def _watch(page) -> list[str]:
    problems: list[str] = []

    def on_console(msg):
        if msg.type == "error" and "favicon.ico" not in (msg.location or {}).get("url", ""):
            problems.append(f"console: {msg.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    return problems


def test_the_universal_expert_leaves_and_the_truck_factor_falls(live_server, login_page, demo):
    ARTIFACTS.mkdir(exist_ok=True)
    page = login_page(get_user_model().objects.get(username="demo-exec"))
    page.set_viewport_size({"width": 1440, "height": 900})
    problems = _watch(page)

    page.goto(f"{live_server.url}/o/{demo.slug}/")
    page.get_by_role("link", name="Planning", exact=True).click()
    expect(page.get_by_role("heading", name="Planning", exact=True)).to_be_visible()

    page.get_by_label("Name").fill("Priya leaves")
    page.get_by_label("Description").fill("Our universal expert resigns.")
    page.get_by_role("button", name="Create scenario").click()
    expect(page.locator("#scenario-name")).to_have_text("Priya leaves")

    page.get_by_role("link", name="A person leaves").click()
    form = page.locator("#change-form")
    expect(form).to_be_visible()
    form.get_by_label("Who leaves").select_option(label="Priya Raman (ML Engineer, Credit Risk Models)")
    form.get_by_role("button", name="Add to the scenario").click()
    expect(page.locator("#change-list")).to_contain_text("Priya Raman leaves now")
    expect(page.locator("#change-form")).to_have_count(0)  # the form closes once the change is added

    page.get_by_role("button", name="Score and compare with today").click()
    expect(page).to_have_url(re.compile(r"/compare/$"))
    row = page.locator('tr[data-figure="truck-factor"]')
    expect(row).to_be_visible(timeout=30_000)
    today = int(row.locator("td.today").inner_text())
    scenario = int(row.locator("td.scenario").inner_text())
    assert scenario < today
    expect(row.get_by_text("worse")).to_be_visible()
    expect(page.locator("#findings-removed")).to_contain_text("Priya Raman")
    for key in ("levels", "families", "timeline"):
        expect(page.locator(f"#chart-{key}")).to_have_attribute("data-rendered", "true", timeout=20_000)
    # an undated departure happens today: one step, today and the end, next to the real data
    timeline = page.locator("#timeline-table")
    expect(timeline.locator('tr[data-step="real"]')).to_contain_text("without the scenario")
    expect(timeline.locator('tr[data-step="today"]')).to_contain_text("Priya Raman leaves now")
    page.screenshot(path=str(ARTIFACTS / "planning-compare.png"), full_page=True)

    stored = Scenario.objects.get(organization=demo, name="Priya leaves")
    assert (stored.baseline_run.truck_factor, stored.scored_run.truck_factor) == (today, scenario)
    assert problems == []


def test_what_if_she_leaves_and_the_forecast(live_server, login_page, demo):
    ARTIFACTS.mkdir(exist_ok=True)
    page = login_page(get_user_model().objects.get(username="demo-lead"))
    page.set_viewport_size({"width": 1440, "height": 900})
    problems = _watch(page)

    page.goto(f"{live_server.url}/o/{demo.slug}/planning/what-if/")
    page.get_by_label("Team").select_option(label="Credit Risk Models")
    page.get_by_role("link", name="What if Priya Raman leaves?").click()
    result = page.locator("#what-if-result")
    expect(result.get_by_role("heading", name="What if Priya Raman leaves?")).to_be_visible()
    expect(result.locator("#what-if-orphans")).to_contain_text("Their departure would orphan")
    expect(result.locator("#what-if-risks")).to_contain_text("Organisation truck factor")
    page.screenshot(path=str(ARTIFACTS / "planning-what-if.png"), full_page=True)

    page.get_by_role("link", name="Hiring forecast").click()
    for key in ("capacity", "openings"):
        expect(page.locator(f"#chart-{key}")).to_have_attribute("data-rendered", "true", timeout=20_000)
    expect(page.locator("#forecast-summary")).to_contain_text("simulated futures")
    page.screenshot(path=str(ARTIFACTS / "planning-forecast.png"), full_page=True)

    # The same from her own page, in one click
    priya = Person.objects.get(organization=demo, name="Priya Raman")
    page.goto(f"{live_server.url}/o/{demo.slug}/people/{priya.pk}/")
    page.get_by_role("link", name="What if Priya Raman leaves?").click()
    expect(page.locator("#what-if-result #what-if-orphans")).to_contain_text("Their departure would orphan")
    expect(page).to_have_url(re.compile(rf"/people/{priya.pk}/$"))  # the result appears on her page
    assert problems == []
