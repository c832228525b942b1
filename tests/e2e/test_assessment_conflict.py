import pytest
from playwright.sync_api import expect

from assessments.services import assessment_start
from tests.assessments.factories import question, small_questionnaire
from tests.orgs.factories import TeamFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_two_pages_on_one_answer_the_second_is_told_and_sees_the_current_value(
    live_server, login_page, org, make_member
):
    template = small_questionnaire()
    team = TeamFactory(organization=org, name="Vision")
    lead = make_member(org, "lead", teams=[team], first_name="Lin", last_name="Lead")
    assessment = assessment_start(org=org, team=team, user=lead)
    block = f"#q{question(template, 'scale').pk}"
    section_url = f"{live_server.url}/o/{org.slug}/assessments/{assessment.pk}/section/1/"
    errors = []

    first = login_page(lead)
    first.on("pageerror", lambda exc: errors.append(str(exc)))
    first.goto(section_url)
    second = first.context.new_page()
    second.on("pageerror", lambda exc: errors.append(str(exc)))
    second.goto(section_url)

    first.locator(f"{block}-v2").check()
    expect(first.locator(f"{block}-status")).to_have_text("Saved")

    # the second page still shows the question unanswered; its change must not overwrite the first
    second.locator(f"{block}-v4").check()
    conflict = second.locator(f"{block} .conflict")
    expect(conflict).to_contain_text("You changed this answer in another window")
    expect(conflict).to_contain_text("Your answer was: 4")
    expect(second.locator(f"{block}-v2")).to_be_checked()
    expect(second.locator(f"{block}-v4")).not_to_be_checked()
    expect(second.locator(f"{block}-status")).to_have_text("Not saved")

    # now that it has seen the current answer, the second page may change it deliberately
    second.locator(f"{block}-v4").check()
    expect(second.locator(f"{block}-status")).to_have_text("Saved")
    expect(second.locator(f"{block}-version")).to_have_value("2")

    # and the first page, now stale, is told in turn
    first.locator(f"{block}-v1").check()
    expect(first.locator(f"{block} .conflict")).to_be_visible()
    expect(first.locator(f"{block}-v4")).to_be_checked()
    assert errors == []
