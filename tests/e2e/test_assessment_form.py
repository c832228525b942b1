import re
import time

import pytest
from playwright.sync_api import expect

from assessments.choices import AssessmentStatus
from assessments.models import Answer, Assessment
from tests.assessments.factories import question, small_questionnaire
from tests.orgs.factories import TeamFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setup(org, make_member):
    template = small_questionnaire()
    team = TeamFactory(organization=org, name="Vision")
    lead = make_member(org, "lead", teams=[team], first_name="Lin", last_name="Lead")
    return template, team, lead


_IDS: dict = {}


def q(template, code) -> str:
    """The CSS id of a question's block. Looked up once: the live server and the test share one
    in-memory SQLite database, so the test reads nothing while a request may be in flight."""
    key = (template.pk, code)
    if key not in _IDS:
        _IDS[key] = f"#q{question(template, code).pk}"
    return _IDS[key]


def saved(page, template, code):
    expect(page.locator(f"{q(template, code)}-status")).to_have_text("Saved")


def settle(page):
    """Wait until no answer is on its way to the server."""
    page.wait_for_function("!document.querySelector('form.js-autosave[data-pending]')")


def write_when_idle(fn, attempts=20):
    from django.db import OperationalError

    for _ in range(attempts):
        try:
            return fn()
        except OperationalError:  # the page's polling request holds the shared in-memory database
            time.sleep(0.1)
    return fn()


@pytest.fixture
def no_scoring():
    """Scoring is the worker's job: here the assessment stays submitted until the test moves it on."""
    from unittest import mock

    with (
        mock.patch("celery.app.task.Task.apply_async"),
        mock.patch("celery.canvas.Signature.apply_async"),
    ):
        yield


def test_fill_two_sections_leave_come_back_and_submit(live_server, login_page, org, setup, no_scoring):
    template, team, lead = setup
    for code in ("scale", "yes", "single", "dep", "multi", "number", "text", "na"):
        q(template, code)
    page = login_page(lead)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    page.goto(f"{live_server.url}/o/{org.slug}/")
    page.get_by_role("link", name="Assessments").click()
    page.get_by_label("What to assess").select_option(label="Vision")
    page.get_by_role("button", name="Start", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile("1. Practice"))).to_be_visible()
    expect(page.locator("#progress-count")).to_have_text("0 of 7 questions answered")

    # section 1: a scale, a yes/no that reveals a dependent question, a single choice, a comment
    page.locator(f"{q(template, 'scale')}-v3").check()
    saved(page, template, "scale")
    page.locator(q(template, "scale")).get_by_text("Comment / evidence").click()
    page.locator(f"{q(template, 'scale')}-comment").fill("Nightly pipeline in CI")
    expect(page.locator(f"{q(template, 'scale')}-version")).to_have_value("2")
    expect(page.locator(q(template, "dep"))).to_be_hidden()
    page.locator(f"{q(template, 'yes')}-v0").check()
    saved(page, template, "yes")
    expect(page.locator(q(template, "dep"))).to_be_visible()
    page.locator(f"{q(template, 'dep')}-v4").check()
    saved(page, template, "dep")
    page.locator(f"{q(template, 'single')}-v1").check()
    saved(page, template, "single")
    expect(page.locator("#progress-count")).to_have_text("4 of 8 questions answered")
    expect(page.locator('[data-section="1"] .section-state')).to_have_text("Complete")

    # section 2: multiple choice, a typed number, free text, not applicable
    page.get_by_role("link", name="Next section").click()
    expect(page.get_by_role("heading", name=re.compile("2. Tools"))).to_be_visible()
    page.locator(f"{q(template, 'multi')}-v0").check()
    saved(page, template, "multi")
    page.locator(f"{q(template, 'multi')}-v2").check()
    expect(page.locator(f"{q(template, 'multi')}-version")).to_have_value("2")
    page.locator(f"{q(template, 'number')}-v0").fill("12")
    saved(page, template, "number")
    page.locator(f"{q(template, 'text')}-v0").fill("We share a GPU cluster")
    saved(page, template, "text")
    page.locator(f"{q(template, 'na')}-na").check()
    saved(page, template, "na")
    expect(page.locator("#progress-count")).to_have_text("8 of 8 questions answered")

    # wait until the last typed answers have reached the server before closing the page
    expect(page.locator(f"{q(template, 'text')}-version")).to_have_value("1")
    settle(page)
    assessment = Assessment.objects.get(team=team)
    assert Answer.objects.filter(assessment=assessment).count() == 8
    page.close()

    # come back in a new page: everything is there
    page = login_page(lead).context.new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_server.url}/o/{org.slug}/assessments/{assessment.pk}/section/1/")
    expect(page.locator(f"{q(template, 'scale')}-v3")).to_be_checked()
    expect(page.locator(f"{q(template, 'scale')}-comment")).to_have_value("Nightly pipeline in CI")
    expect(page.locator(f"{q(template, 'yes')}-v0")).to_be_checked()
    expect(page.locator(f"{q(template, 'dep')}-v4")).to_be_checked()
    expect(page.locator(f"{q(template, 'single')}-v1")).to_be_checked()
    page.get_by_role("link", name=re.compile("2. Tools")).click()
    expect(page.locator(f"{q(template, 'multi')}-v0")).to_be_checked()
    expect(page.locator(f"{q(template, 'multi')}-v1")).not_to_be_checked()
    expect(page.locator(f"{q(template, 'multi')}-v2")).to_be_checked()
    expect(page.locator(f"{q(template, 'number')}-v0")).to_have_value("12")
    expect(page.locator(f"{q(template, 'text')}-v0")).to_have_value("We share a GPU cluster")
    expect(page.locator(f"{q(template, 'na')}-na")).to_be_checked()
    expect(page.locator(f"{q(template, 'na')}-v0")).to_be_disabled()

    # review and submit
    page.get_by_role("link", name="Review and submit").first.click()
    expect(page.get_by_text("Every required question is answered.")).to_be_visible()
    # submitting asks first and says the answers will be locked; cancelling leaves the draft as it is
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Submit the assessment").click()
    assert asked and "will be locked" in asked[0], asked
    expect(page.get_by_role("heading", name="Review and submit")).to_be_visible()
    assert write_when_idle(lambda: Assessment.objects.get(pk=assessment.pk).status) == AssessmentStatus.DRAFT
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Submit the assessment").click()
    expect(page.locator("#assessment-status [data-status]")).to_have_text("Submitted")
    expect(page.get_by_text(re.compile(r"submitted .* by Lin Lead"))).to_be_visible()
    expect(page.locator('dd[data-code="scale"]')).to_contain_text("3 – Managed")
    expect(page.locator("form.js-autosave")).to_have_count(0)

    # the page follows scoring by itself
    write_when_idle(
        lambda: Assessment.objects.filter(pk=assessment.pk).update(
            status=AssessmentStatus.SCORING, status_message="Scoring is under way."
        )
    )
    expect(page.locator("#assessment-status [data-status]")).to_have_text("Scoring", timeout=15000)
    write_when_idle(
        lambda: Assessment.objects.filter(pk=assessment.pk).update(
            status=AssessmentStatus.SCORED, status_message="Scored with scoring version 1: overall level 3."
        )
    )
    expect(page.locator("#assessment-status [data-status]")).to_have_text("Scored", timeout=15000)
    expect(page.get_by_text("overall level 3")).to_be_visible()
    assert errors == []


def test_submit_with_missing_answers_links_to_them(live_server, login_page, org, setup):
    template, team, lead = setup
    for code in ("yes", "dep"):
        q(template, code)
    page = login_page(lead)
    page.goto(f"{live_server.url}/o/{org.slug}/assessments/")
    page.get_by_role("button", name="Start", exact=True).click()
    page.locator(f"{q(template, 'yes')}-v0").check()
    saved(page, template, "yes")
    page.get_by_role("link", name="Review and submit").first.click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Submit the assessment").click()
    expect(page.locator("#submit-error")).to_contain_text("3 required questions are not answered yet")
    page.locator("#missing-required").get_by_role("link", name="How good is the monitoring?").click()
    expect(page).to_have_url(re.compile(r"/section/1/#q\d+$"))
    expect(page.locator(q(template, "dep"))).to_be_visible()


def test_failed_save_is_shown_and_retried_without_losing_input(live_server, login_page, org, setup):
    template, team, lead = setup
    block = q(template, "text")
    page = login_page(lead)
    page.goto(f"{live_server.url}/o/{org.slug}/assessments/")
    page.get_by_role("button", name="Start", exact=True).click()
    page.get_by_role("link", name="Next section").click()

    page.route("**/answer/**", lambda route: route.abort())  # the connection drops
    page.locator(f"{block}-v0").fill("Typed while offline")
    page.locator(f"{block}-v0").press("Tab")  # leaving the field saves at once
    expect(page.locator(f"{block}-status")).to_contain_text(
        "Not saved: the server could not be reached", timeout=15_000
    )
    expect(page.locator(f"{block}-v0")).to_have_value("Typed while offline")

    page.unroute("**/answer/**")
    page.locator(f"{block}-status").get_by_role("button", name="Try again").click()
    expect(page.locator(f"{block}-status")).to_have_text("Saved")
    settle(page)
    page.reload()
    expect(page.locator(f"{block}-v0")).to_have_value("Typed while offline")
