import pytest
from django.urls import reverse

from assessments.choices import AssessmentStatus
from assessments.models import Answer, Assessment
from assessments.services import answer_save, assessment_start, assessment_submit
from tests.assessments.factories import AssessmentFactory, question
from tests.orgs.factories import TeamFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name, org, **kw):
    return reverse(f"assessments:{name}", kwargs={"org_slug": org.slug, **kw})


@pytest.fixture
def draft(org, team, lead, questionnaire):
    return assessment_start(org=org, team=team, user=lead)


def post_answer(client, assessment, code, version=0, **data):
    q = code if not isinstance(code, str) else question(assessment.template, code)
    payload = {"version": version, **data}
    return client.post(url("answer", assessment.organization, pk=assessment.pk, question_id=q.pk), payload, **HTMX)


def fill_required(assessment, user):
    for code, value in (("scale", 3), ("yes", False)):
        answer_save(
            assessment=assessment,
            question=question(assessment.template, code),
            user=user,
            value=value,
            expected_version=0,
        )
    answer_save(
        assessment=assessment,
        question=question(assessment.template, "na"),
        user=user,
        value=None,
        not_applicable=True,
        expected_version=0,
    )


# --- start and history -------------------------------------------------------------------------------


def test_lead_starts_from_the_list_page(client, org, team, lead, questionnaire):
    client.force_login(lead)
    page = client.get(url("list", org))
    assert page.status_code == 200 and b"Start an assessment" in page.content and team.name.encode() in page.content
    assert b"The whole organisation" not in page.content  # leads do not assess the org
    response = client.post(url("start", org), {"scope": str(team.pk), "prefill": "on"})
    assessment = Assessment.objects.get(team=team)
    assert response.status_code == 302 and response.url == url("section", org, pk=assessment.pk, number=1)


def test_starting_again_goes_to_the_open_draft(client, org, team, lead, draft):
    client.force_login(lead)
    response = client.post(url("start", org), {"scope": str(team.pk)}, follow=True)
    assert response.redirect_chain[-1][0] == url("detail", org, pk=draft.pk) or b"already open" in response.content
    assert Assessment.objects.filter(team=team).count() == 1


def test_lead_cannot_start_for_a_team_they_do_not_lead(client, org, lead, questionnaire):
    other = TeamFactory(organization=org)
    client.force_login(lead)
    response = client.post(url("start", org), {"scope": str(other.pk)}, follow=True)
    assert b"Choose a team you lead" in response.content
    assert not Assessment.objects.exists()


def test_admin_starts_org_wide_prefilled_from_last(client, org, admin, questionnaire):
    old = assessment_start(org=org, team=None, user=admin)
    fill_required(old, admin)
    assessment_submit(assessment=old, user=admin)
    client.force_login(admin)
    client.post(url("start", org), {"scope": "org", "prefill": "on"})
    new = Assessment.objects.exclude(pk=old.pk).get()
    assert new.team is None and new.prefilled_from == old
    assert new.answers.get(question__code="scale").value == 3


def test_history_lists_past_assessments_with_restart_button(client, org, team, lead, questionnaire):
    old = assessment_start(org=org, team=team, user=lead)
    fill_required(old, lead)
    assessment_submit(assessment=old, user=lead)
    client.force_login(lead)
    page = client.get(url("list", org) + f"?team={team.pk}")
    assert page.status_code == 200
    assert b"Submitted" in page.content or b"Scor" in page.content
    assert b"Start new from this" in page.content
    response = client.post(url("start", org), {"scope": str(team.pk), "prefill_from": old.pk})
    new = Assessment.objects.exclude(pk=old.pk).get()
    assert response.status_code == 302 and new.prefilled_from == old


def test_history_filter_of_another_orgs_team_is_404(client, org, other_org, lead):
    client.force_login(lead)
    foreign = TeamFactory(organization=other_org)
    assert client.get(url("list", org) + f"?team={foreign.pk}").status_code == 404


# --- the form ----------------------------------------------------------------------------------------


def test_section_page_shows_questions_progress_and_saved_answers(client, org, lead, draft):
    answer_save(
        assessment=draft,
        question=question(draft.template, "scale"),
        user=lead,
        value=2,
        comment="pipeline runs nightly",
        expected_version=0,
    )
    client.force_login(lead)
    page = client.get(url("section", org, pk=draft.pk, number=1))
    html = page.content.decode()
    assert page.status_code == 200
    assert "How automated is training?" in html and 'value="2" checked' in html
    assert "pipeline runs nightly" in html
    assert "1 of 7 questions answered" in html  # `dep` is hidden until `yes` is answered yes
    assert "How good is the monitoring?" not in html
    assert client.get(url("section", org, pk=draft.pk, number=3)).status_code == 404


def test_autosave_returns_saved_state_new_version_and_progress(client, org, lead, draft):
    client.force_login(lead)
    response = post_answer(client, draft, "scale", value="3", comment="evidence")
    html = response.content.decode()
    assert response.status_code == 200 and "Saved" in html
    assert 'id="q{}-version" value="1" hx-swap-oob="true"'.format(question(draft.template, "scale").pk) in html
    assert 'id="assessment-progress"' in html and "1 of 7 questions answered" in html
    answer = Answer.objects.get(assessment=draft)
    assert (answer.value, answer.comment, answer.updated_by) == (3, "evidence", lead)


def test_answering_yes_reveals_the_dependent_question(client, org, lead, draft):
    client.force_login(lead)
    html = post_answer(client, draft, "yes", value="yes").content.decode()
    dep = question(draft.template, "dep")
    assert f'id="q{dep.pk}"' in html and "How good is the monitoring?" in html and 'hx-swap-oob="true"' in html
    html = post_answer(client, draft, "yes", version=1, value="no").content.decode()
    assert f'<div id="q{dep.pk}" class="d-none"' in html


def test_every_kind_is_parsed_from_the_form(client, org, lead, draft):
    client.force_login(lead)
    post_answer(client, draft, "single", value="b")
    post_answer(client, draft, "multi", value=["z", "x"])
    post_answer(client, draft, "number", value="2.5")
    post_answer(client, draft, "text", value="  notes  ")
    post_answer(client, draft, "na", na="on")
    stored = {a.question.code: a for a in Answer.objects.filter(assessment=draft).select_related("question")}
    assert stored["single"].value == "b" and stored["multi"].value == ["x", "z"]
    assert stored["number"].value == 2.5 and stored["text"].value == "notes"
    assert stored["na"].not_applicable and stored["na"].value is None


def test_bad_input_gets_a_message_and_stores_nothing(client, org, lead, draft):
    client.force_login(lead)
    for code, value in (("number", "lots"), ("number", "1000"), ("scale", "9"), ("single", "zzz")):
        response = post_answer(client, draft, code, value=value)
        assert response.status_code == 200 and b"Not saved" in response.content, (code, value)
        assert b"is-error" in response.content
    assert b"Enter a number" in post_answer(client, draft, "number", value="lots").content
    assert not Answer.objects.filter(assessment=draft).exists()


def test_missing_version_asks_to_reload(client, org, lead, draft):
    client.force_login(lead)
    q = question(draft.template, "scale")
    response = client.post(url("answer", org, pk=draft.pk, question_id=q.pk), {"value": "1"}, **HTMX)
    assert b"reload" in response.content and not Answer.objects.exists()


def test_conflict_replaces_the_block_with_the_current_answer(client, org, team, lead, make_member, draft):
    other = make_member(org, "lead", teams=[team], first_name="Ada", last_name="Byron")
    answer_save(assessment=draft, question=question(draft.template, "scale"), user=other, value=4, expected_version=0)
    client.force_login(lead)
    response = post_answer(client, draft, "scale", version=0, value="1")
    html = response.content.decode()
    q = question(draft.template, "scale")
    assert response["HX-Retarget"] == f"#q{q.pk}" and response["HX-Reswap"] == "outerHTML"
    assert "Someone else changed this answer since this page was loaded (last change by Ada Byron)" in html
    assert 'value="4" checked' in html
    assert "Your answer was: <strong>1 – Ad hoc</strong>" in html
    assert f'id="q{q.pk}-version" value="1"' in html
    assert Answer.objects.get(assessment=draft).value == 4


def test_a_comment_typed_here_survives_a_conflict_beside_the_saved_one(client, org, lead, draft):
    q = question(draft.template, "scale")
    answer_save(assessment=draft, question=q, user=lead, value=2, comment="Theirs", expected_version=0)
    client.force_login(lead)
    response = post_answer(client, draft, "scale", version=0, value="2", comment="Mine", comment_base="")
    html = response.content.decode()
    assert "You changed this answer in another window" in html
    assert "Your answer was" not in html  # the value sent is the stored one: nothing to quote
    assert '<div class="border rounded bg-body p-2 comment-theirs">Theirs</div>' in html
    assert '<div class="border rounded bg-body p-2 comment-mine">Mine</div>' in html
    assert f'id="q{q.pk}-comment" rows="2" maxlength="5000" placeholder="What is this answer based on?">Mine<' in html
    assert f'id="q{q.pk}-comment-base" value="Theirs"' in html and f'id="q{q.pk}-version" value="1"' in html
    assert Answer.objects.get(assessment=draft).comment == "Theirs"


def test_a_comment_only_carried_along_takes_the_saved_one_without_a_choice(client, org, lead, draft):
    q = question(draft.template, "scale")
    answer_save(assessment=draft, question=q, user=lead, value=2, comment="Theirs", expected_version=0)
    client.force_login(lead)
    html = post_answer(client, draft, "scale", version=0, value="3", comment="", comment_base="").content.decode()
    assert "Your answer was: <strong>3" in html and "comment-mine" not in html
    assert 'placeholder="What is this answer based on?">Theirs<' in html


def test_question_of_another_questionnaire_is_404(client, org, lead, draft):
    from tests.assessments.factories import QuestionFactory

    client.force_login(lead)
    stranger = QuestionFactory()
    response = client.post(url("answer", org, pk=draft.pk, question_id=stranger.pk), {"version": 0}, **HTMX)
    assert response.status_code == 404


def test_answer_without_htmx_redirects_back_with_a_message(client, org, lead, draft):
    client.force_login(lead)
    q = question(draft.template, "scale")
    response = client.post(url("answer", org, pk=draft.pk, question_id=q.pk), {"version": 0, "value": "2"}, follow=True)
    assert response.status_code == 200 and b"Saved." in response.content
    assert Answer.objects.get(assessment=draft).value == 2


def test_section_page_query_count_is_bounded(client, org, lead, draft, django_assert_max_num_queries):
    fill_required(draft, lead)
    client.force_login(lead)
    with django_assert_max_num_queries(14):
        assert client.get(url("section", org, pk=draft.pk, number=1)).status_code == 200


def test_autosave_query_count_is_bounded(client, org, lead, draft, django_assert_max_num_queries):
    client.force_login(lead)
    q = question(draft.template, "scale")
    post_answer(client, draft, q, value="1")
    with django_assert_max_num_queries(21):
        assert post_answer(client, draft, q, version=1, value="2").status_code == 200


# --- review and submit -------------------------------------------------------------------------------


def test_review_lists_missing_required_questions_with_links(client, org, lead, draft):
    client.force_login(lead)
    post_answer(client, draft, "yes", value="yes")
    page = client.get(url("review", org, pk=draft.pk)).content.decode()
    for code, number in (("scale", 1), ("dep", 1), ("na", 2)):
        q = question(draft.template, code)
        assert f"{url('section', org, pk=draft.pk, number=number)}#q{q.pk}" in page


def test_submit_with_missing_answers_is_refused_and_lists_them(client, org, lead, draft):
    client.force_login(lead)
    response = client.post(url("submit", org, pk=draft.pk))
    assert response.status_code == 400
    assert b"3 required questions are not answered yet" in response.content
    assert b"How automated is training?" in response.content
    draft.refresh_from_db()
    assert draft.status == AssessmentStatus.DRAFT


def test_submit_locks_and_shows_state(client, org, lead, draft, django_capture_on_commit_callbacks):
    fill_required(draft, lead)
    client.force_login(lead)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(url("submit", org, pk=draft.pk))
    assert response.status_code == 302 and response.url == url("detail", org, pk=draft.pk)
    assert len(callbacks) == 1
    page = client.get(response.url).content.decode()
    assert 'data-status="submitted"' in page and "every 3s" in page and "Waiting for scoring" in page
    # the form is gone: section pages lead to the read-only view
    assert client.get(url("section", org, pk=draft.pk, number=1)).url == url("detail", org, pk=draft.pk)
    assert b"Not saved" in post_answer(client, draft, "scale", version=1, value="0").content
    assert Answer.objects.get(assessment=draft, question__code="scale").value == 3


@pytest.mark.parametrize(
    ("status", "message", "polls"),
    [
        (AssessmentStatus.SCORING, "Scoring is under way.", True),
        (AssessmentStatus.SCORED, "Scored with scoring version 1", False),
        (AssessmentStatus.FAILED, "Scoring failed: no data", False),
    ],
)
def test_status_partial_shows_state_and_polls_only_while_pending(client, org, lead, draft, status, message, polls):
    Assessment.objects.filter(pk=draft.pk).update(status=status, status_message=message)
    client.force_login(lead)
    response = client.get(url("status", org, pk=draft.pk), **HTMX)
    html = response.content.decode()
    assert f'data-status="{status}"' in html and message in html
    assert ("every 3s" in html) is polls


def test_status_partial_reloads_the_page_when_scoring_ends(client, org, lead, draft):
    Assessment.objects.filter(pk=draft.pk).update(status=AssessmentStatus.SCORED)
    client.force_login(lead)
    response = client.get(url("status", org, pk=draft.pk) + "?from=scoring", **HTMX)
    assert response["HX-Refresh"] == "true"


# --- permissions -------------------------------------------------------------------------------------


@pytest.fixture
def submitted(org, admin, questionnaire):
    """A submitted assessment of the whole organisation."""
    a = assessment_start(org=org, team=None, user=admin)
    fill_required(a, admin)
    return assessment_submit(assessment=a, user=admin)


def pages(org, assessment):
    return [
        url("detail", org, pk=assessment.pk),
        url("status", org, pk=assessment.pk),
        url("section", org, pk=assessment.pk, number=1),
        url("review", org, pk=assessment.pk),
    ]


@pytest.mark.parametrize("role", ["executive", "viewer", "lead-of-other-team"])
def test_drafts_are_404_for_members_who_cannot_edit_them(client, org, draft, make_member, role):
    if role == "lead-of-other-team":
        user = make_member(org, "lead", teams=[TeamFactory(organization=org)])
    else:
        user = make_member(org, role)
    client.force_login(user)
    for page in pages(org, draft):
        assert client.get(page).status_code == 404, page
    assert post_answer(client, draft, "scale", value="1").status_code == 404
    assert client.post(url("submit", org, pk=draft.pk)).status_code == 404
    assert draft.pk not in [a.pk for a in client.get(url("list", org)).context["rows"]]


@pytest.mark.parametrize("role", ["executive", "viewer"])
def test_readers_read_submitted_assessments_but_cannot_change_them(client, org, submitted, make_member, role):
    client.force_login(make_member(org, role))
    page = client.get(url("detail", org, pk=submitted.pk))
    assert (
        page.status_code == 200
        and b"How automated is training?" in page.content
        and b"3 \xe2\x80\x93 Managed" in page.content
    )
    assert b"Start a new assessment" not in page.content
    assert post_answer(client, submitted, "scale", version=1, value="0").status_code == 200
    assert Answer.objects.get(assessment=submitted, question__code="scale").value == 3
    assert client.post(url("start", org), {"scope": "org"}).status_code == 403
    assert client.post(url("submit", org, pk=submitted.pk)).status_code == 403
    list_page = client.get(url("list", org))
    assert b"Start an assessment" not in list_page.content
    assert submitted.pk in [a.pk for a in list_page.context["rows"]]


def test_admin_edits_any_draft(client, org, draft, admin):
    client.force_login(admin)
    assert client.get(url("section", org, pk=draft.pk, number=1)).status_code == 200
    assert b"Saved" in post_answer(client, draft, "scale", value="1").content


def test_other_org_gets_404_everywhere(client, org, other_org, draft, submitted, make_member):
    client.force_login(make_member(other_org, "admin"))
    for assessment in (draft, submitted):
        for page in pages(org, assessment):
            assert client.get(page).status_code == 404
    # their own org's URL with our assessment id is 404 too
    assert client.get(url("detail", other_org, pk=submitted.pk)).status_code == 404
    assert (
        client.post(
            url("answer", other_org, pk=draft.pk, question_id=question(draft.template, "scale").pk), {"version": 0}
        ).status_code
        == 404
    )


def test_anonymous_is_sent_to_log_in(client, org, draft):
    response = client.get(url("detail", org, pk=draft.pk))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_list_query_count_is_bounded(client, org, team, admin, questionnaire, django_assert_max_num_queries):
    for _ in range(30):
        AssessmentFactory(organization=org, team=team, template=questionnaire, status=AssessmentStatus.SCORED)
    client.force_login(admin)
    with django_assert_max_num_queries(12):
        assert client.get(url("list", org)).status_code == 200
