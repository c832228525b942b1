"""The team lead's Monday, in Chromium: sign in, correct the team's responsibility matrix, fill in
the team's assessment over two sittings (signed out in between), submit it, and read the team's
results once the scoring has run.

Uses the demo organisation as `seed_demo` makes it; `demo-lead` leads Credit Risk Models.
Screenshots go to test-artifacts/ (git-ignored).
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from assessments.choices import AssessmentStatus
from assessments.models import Answer, Assessment
from demo.org import DEMO_PASSWORD, demo_org_seed, demo_scored_assessments_seed
from orgs.models import Assignment, Team
from scoring.models import ScoringRun

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SITTING_ONE = 6  # sections answered before the lead signs out


@pytest.fixture
def demo(catalog):
    org, _ = demo_org_seed()
    demo_scored_assessments_seed(org=org)
    return org


def watch(page) -> list[str]:
    problems: list[str] = []

    def on_console(msg):
        if msg.type == "error" and "favicon.ico" not in (msg.location or {}).get("url", ""):
            problems.append(f"console: {msg.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    return problems


def sign_in(page, base_url, username):
    page.goto(f"{base_url}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#account-menu")).to_have_text(username)


def answer_required_questions(page) -> int:
    """Answer every visible required question of the open section (a middle option); how many were answered."""
    answered = 0
    while True:
        pending = [
            form
            for form in page.locator("form.js-autosave").all()
            if "(required)" in (form.locator("h3").text_content() or "")
            and form.locator(".saved-state").inner_text() != "Saved"
        ]
        if not pending:
            return answered
        form = pending[0]
        options = form.locator("input[type=radio]")
        if options.count():
            options.nth(min(2, options.count() - 1)).check()
        else:
            form.locator("[name=value]").first.fill("3")
        expect(form.locator(".saved-state")).to_have_text("Saved")
        answered += 1


def test_lead_edits_the_matrix_fills_in_an_assessment_in_two_sittings_and_reads_the_results(live_server, browser, demo):
    ARTIFACTS.mkdir(exist_ok=True)
    team = Team.objects.get(organization=demo, name="Credit Risk Models")
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    problems = watch(page)
    sign_in(page, live_server.url, "demo-lead")

    # The responsibility matrix of the team: give someone a responsibility, and it stays after a reload.
    page.locator(".team-tree a.team-name", has_text="Credit Risk Models").click()
    page.get_by_role("link", name="Responsibility matrix").first.click()
    cell = page.locator("#matrix select").first
    label = cell.get_attribute("aria-label")
    new_level = "backup" if cell.input_value() != "backup" else "contributor"
    cell.select_option(new_level)
    expect(page.locator(".matrix-cellbox .saved-state.is-saved").first).to_have_text("Saved")
    page.reload()
    expect(page.get_by_label(label, exact=True)).to_have_value(new_level)
    person, responsibility = label.split(": ", 1)
    assert (
        Assignment.objects.get(person__team=team, person__name=person, responsibility__name=responsibility).level
        == new_level
    )

    # First sitting: start the team's assessment and answer the first sections.
    page.get_by_role("link", name="Assessments").click()
    page.get_by_label("What to assess").select_option(label="Credit Risk Models")
    page.get_by_role("button", name="Start", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile(r"^1\. "))).to_be_visible()
    first_sitting = 0
    for number in range(1, SITTING_ONE + 1):
        expect(page.get_by_role("heading", name=re.compile(rf"^{number}\. "))).to_be_visible()
        first_sitting += answer_required_questions(page)
        page.get_by_role("link", name="Next section").click()
    assessment = Assessment.objects.get(organization=demo, team=team)
    assert Answer.objects.filter(assessment=assessment).count() == first_sitting > 0
    page.locator("#account-menu").click()
    page.get_by_role("button", name=re.compile("Log out")).click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    context.close()

    # Second sitting, another day: everything is still there; carry on where the lead stopped.
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    problems += watch(page)
    sign_in(page, live_server.url, "demo-lead")
    page.get_by_role("link", name="Assessments").click()
    page.get_by_role("link", name="Continue").first.click()
    expect(page.locator("#progress-count")).to_contain_text(f"{first_sitting} of")
    page.get_by_role("link", name=re.compile("^Continue with")).click()
    page.get_by_role("link", name=re.compile(rf"^{SITTING_ONE + 1}\. ")).first.click()
    expect(page.get_by_role("heading", name=re.compile(rf"^{SITTING_ONE + 1}\. "))).to_be_visible()
    while True:
        answer_required_questions(page)
        following = page.get_by_role("link", name="Next section")
        if not following.count():
            break
        following.click()
    page.get_by_role("link", name="Review and submit").first.click()
    expect(page.get_by_text("Every required question is answered.")).to_be_visible()
    page.once("dialog", lambda dialog: dialog.accept())  # "its answers will be locked"
    page.get_by_role("button", name="Submit the assessment").click()

    # Scoring runs in the background; the page follows it and links to the team's results.
    expect(page.locator("#assessment-status [data-status]")).to_have_text("Scored", timeout=60_000)
    page.get_by_role("link", name="See the results").click()
    expect(page).to_have_url(re.compile(rf"/results/teams/{team.pk}/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Credit Risk Models")
    for chart in page.locator(".js-chart").all():
        expect(chart).to_have_attribute("data-rendered", "true", timeout=20_000)
    expect(page.get_by_role("heading", name="What to do next")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "journey-lead-team-results.png"), full_page=True)

    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SCORED and assessment.submitted_by.username == "demo-lead"
    assert ScoringRun.objects.filter(assessment=assessment, status="done").count() == 1
    assert not problems, problems
