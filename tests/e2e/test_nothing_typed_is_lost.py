"""Nothing typed is lost, in Chromium: a comment typed in a second tab survives a conflict and the user chooses
which comment to keep; typing not yet sent is sent when the page is left by the address bar or Back; the matrix
header's "without an owner" count follows each cell save, and no level's label is cut off in its drop-down; a
cell or an answer changed before the page's scripts have loaded is saved once they have."""

import contextlib
import time

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from assessments.models import Answer
from assessments.services import assessment_start
from orgs.models import Person, Team
from tests.assessments.factories import question, small_questionnaire
from tests.orgs import workbooks
from tests.orgs.factories import TeamFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def draft(org, make_member):
    template = small_questionnaire()
    team = TeamFactory(organization=org, name="Vision")
    lead = make_member(org, "lead", teams=[team], first_name="Lin", last_name="Lead")
    assessment = assessment_start(org=org, team=team, user=lead)
    ids = {code: question(template, code).pk for code in ("scale", "number", "text")}
    return assessment, lead, ids


def _read(fn, timeout=10.0):
    """`fn()` once the live server lets go of the shared test database, retried until it is truthy."""
    from django.db import OperationalError

    deadline = time.monotonic() + timeout
    while True:
        try:
            result = fn()
        except OperationalError:
            result = None
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.1)


def _stored(assessment, question_id) -> Answer | None:
    return Answer.objects.filter(assessment=assessment, question_id=question_id).first()


def _comment_box(page, pk):
    box = page.locator(f"#q{pk}-comment")
    if not box.is_visible():
        page.locator(f"#q{pk} summary").click()
    return box


def test_a_comment_typed_in_a_second_tab_survives_the_conflict_and_the_user_chooses(
    live_server, login_page, org, draft
):
    assessment, lead, ids = draft
    pk = ids["scale"]
    url = f"{live_server.url}/o/{org.slug}/assessments/{assessment.pk}/section/1/"
    errors: list[str] = []
    first = login_page(lead)
    first.on("pageerror", lambda exc: errors.append(str(exc)))
    first.goto(url)
    second = first.context.new_page()
    second.on("pageerror", lambda exc: errors.append(str(exc)))
    second.goto(url)

    _comment_box(first, pk).fill("Evidence from the first tab")
    expect(first.locator(f"#q{pk}-status")).to_have_text("Saved")

    # the second tab, loaded before that save, types its own comment: it is kept, and both are shown
    _comment_box(second, pk).fill("Evidence from the second tab")
    conflict = second.locator(f"#q{pk} .conflict")
    expect(conflict).to_contain_text("You changed this answer in another window")
    expect(conflict).not_to_contain_text("Your answer was")  # the value was not changed here; nothing to quote
    expect(conflict.locator(".comment-theirs")).to_have_text("Evidence from the first tab")
    expect(conflict.locator(".comment-mine")).to_have_text("Evidence from the second tab")
    expect(second.locator(f"#q{pk}-comment")).to_have_value("Evidence from the second tab")
    expect(second.locator(f"#q{pk}-status")).to_have_text("Not saved")

    conflict.get_by_role("button", name="Keep mine").click()
    expect(second.locator(f"#q{pk}-status")).to_have_text("Saved")
    expect(second.locator(f"#q{pk} .conflict")).to_have_count(0)
    assert _read(lambda: _stored(assessment, pk).comment == "Evidence from the second tab")

    # the first tab, now stale, adds to its comment: same choice; it takes the saved one this time
    first.locator(f"#q{pk}-comment").fill("Evidence from the first tab, amended")
    conflict = first.locator(f"#q{pk} .conflict")
    expect(conflict.locator(".comment-theirs")).to_have_text("Evidence from the second tab")
    expect(conflict.locator(".comment-mine")).to_have_text("Evidence from the first tab, amended")
    conflict.get_by_role("button", name="Keep the saved one").click()
    expect(first.locator(f"#q{pk}-status")).to_have_text("Saved")
    expect(first.locator(f"#q{pk}-comment")).to_have_value("Evidence from the second tab")
    expect(first.locator(f"#q{pk} .conflict")).to_have_count(0)
    answer = _read(lambda: _stored(assessment, pk))
    assert answer.comment == "Evidence from the second tab" and answer.version == 2
    assert errors == []


def test_typing_not_yet_sent_is_sent_when_the_page_is_left(live_server, login_page, org, draft):
    assessment, lead, ids = draft
    base = f"{live_server.url}/o/{org.slug}/assessments/{assessment.pk}"
    page = login_page(lead)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    # typed, then at once away by the address bar: well within the 0.9 s the page waits for typing to stop
    page.goto(f"{base}/section/2/")
    page.locator(f"#q{ids['text']}-v0").fill("Shared GPU cluster, booked a week ahead")
    page.goto(f"{base}/")
    answer = _read(lambda: _stored(assessment, ids["text"]))
    assert answer is not None and answer.value == "Shared GPU cluster, booked a week ahead"

    # a number and a comment, then Back
    page.goto(f"{base}/section/2/")
    page.locator(f"#q{ids['number']}-v0").fill("14")
    _comment_box(page, ids["number"]).fill("From the HR system")
    page.go_back()
    answer = _read(lambda: (a := _stored(assessment, ids["number"])) and a.comment and a)
    assert answer and answer.value == 14 and answer.comment == "From the HR system"
    assert dialogs == []  # sent, so nothing to warn about


def test_matrix_counts_follow_each_save_and_labels_fit(live_server, login_page, org, make_member):
    from orgs.importer import run_import

    assert run_import(org=org, data=workbooks.xlsx(workbooks.small_org()), filename="o.xlsx", dry_run=False).ok
    team = Team.objects.get(organization=org, name="ML Platform")
    ben = Person.objects.get(organization=org, email="ben@example.com")
    page = login_page(make_member(org, "admin"))
    page.goto(f"{live_server.url}/o/{org.slug}/teams/{team.pk}/matrix/")
    header = page.locator("#unowned-count")
    before = int(header.inner_text())
    unowned = page.locator("[id^=owners-].text-bg-danger").first
    resp_id = unowned.get_attribute("id").removeprefix("owners-")
    cell = page.locator(f"#cell-{ben.pk}-{resp_id} select")

    cell.select_option("owner")
    expect(page.locator(f"#cell-{ben.pk}-{resp_id} .saved-state")).to_have_text("Saved")
    expect(header).to_have_text(str(before - 1))
    page.locator(f"#cell-{ben.pk}-{resp_id} select").select_option("contributor")
    expect(page.locator(f"#cell-{ben.pk}-{resp_id}")).to_have_attribute("data-level", "contributor")
    expect(header).to_have_text(str(before))

    # every level's label fits in the drop-down beside its arrow
    spare = page.locator(f"#cell-{ben.pk}-{resp_id} select").evaluate(
        """el => {
          const style = getComputedStyle(el);
          const ctx = document.createElement("canvas").getContext("2d");
          ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
          const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
          return Math.min(...[...el.options].map(o => room - ctx.measureText(o.text).width));
        }"""
    )
    assert spare >= 0, f"a label is cut off by {-spare:.1f}px"


def _hold_scripts(page):
    """Hold the page's htmx script back until the returned function is called (a slow network or machine)."""
    held = []
    page.route("**/django_htmx/htmx*.js", lambda route: held.append(route))

    def release():
        page.wait_for_function("true")  # let Playwright hand the held request over
        assert held, "the page did not ask for htmx"
        for route in held:
            route.continue_()
        page.unroute("**/django_htmx/htmx*.js")

    return release


def test_a_change_made_before_the_scripts_load_is_saved(live_server, login_page, org, make_member, draft):
    from orgs.importer import run_import
    from orgs.models import Assignment

    assert run_import(org=org, data=workbooks.xlsx(workbooks.small_org()), filename="o.xlsx", dry_run=False).ok
    team = Team.objects.get(organization=org, name="ML Platform")
    cy = Person.objects.get(organization=org, email="cy@example.com")
    page = login_page(make_member(org, "admin"))

    release = _hold_scripts(page)
    page.goto(f"{live_server.url}/o/{org.slug}/teams/{team.pk}/matrix/", wait_until="commit")
    cell = page.get_by_label("Cy Chen: Packaging and deployment")
    expect(cell).to_have_value("owner")
    cell.select_option("backup")
    release()
    expect(page.locator(".matrix-cellbox .saved-state.is-saved")).to_have_text("Saved")
    assert _read(
        lambda: Assignment.objects.filter(
            person=cy, responsibility__name="Packaging and deployment", level="backup"
        ).exists()
    )

    # the same in an assessment section: a radio checked before htmx listens is saved
    assessment, lead, ids = draft
    page = login_page(lead)
    release = _hold_scripts(page)
    page.goto(f"{live_server.url}/o/{org.slug}/assessments/{assessment.pk}/section/1/", wait_until="commit")
    radio = page.locator(f"#q{ids['scale']}-v2")
    expect(radio).to_be_attached()
    radio.check()
    release()
    expect(page.locator(f"#q{ids['scale']}-status")).to_have_text("Saved")
    assert _read(lambda: _stored(assessment, ids["scale"]))


def test_a_comment_typed_while_the_answer_is_on_its_way_is_sent_when_leaving(live_server, login_page, org, draft):
    assessment, lead, ids = draft
    base = f"{live_server.url}/o/{org.slug}/assessments/{assessment.pk}"
    page = login_page(lead)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    held = []

    def hold_first(route):
        if held:
            route.continue_()
        else:
            held.append(route)

    page.goto(f"{base}/")
    page.goto(f"{base}/section/2/")
    page.route(f"**/answer/{ids['number']}/", hold_first)
    page.locator(f"#q{ids['number']}-v0").fill("14")
    expect(page.locator(f"#q{ids['number']}-status")).to_have_text("Saving…")  # the number is on its way
    _comment_box(page, ids["number"]).fill("From the HR system")
    page.go_back()
    with contextlib.suppress(PlaywrightError):  # the browser may have dropped it with the page
        held[0].continue_()  # the slow save arrives last
    answer = _read(lambda: (a := _stored(assessment, ids["number"])) and a.comment and a)
    assert answer and answer.value == 14 and answer.comment == "From the HR system"
    assert dialogs == []
