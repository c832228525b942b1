import pytest
from django.http import Http404
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.choices import AssessmentStatus, TemplateStatus
from assessments.models import Answer, Assessment, Question, QuestionnaireTemplate
from assessments.services import (
    AnswerConflictError,
    DraftExistsError,
    answer_save,
    answer_value_clean,
    assessment_start,
    assessment_submit,
    template_new_version,
    template_publish,
)
from teamplanner.exceptions import ApplicationError, ConflictError, ForbiddenError
from tests.assessments.factories import (
    AssessmentFactory,
    QuestionFactory,
    QuestionnaireTemplateFactory,
    SectionFactory,
    question,
    small_questionnaire,
)
from tests.orgs.factories import TeamFactory

pytestmark = pytest.mark.django_db


def save(assessment, code, value, user, version, **kw):
    return answer_save(
        assessment=assessment,
        question=question(assessment.template, code),
        user=user,
        value=value,
        expected_version=version,
        **kw,
    )


# --- starting ----------------------------------------------------------------------------------------


def test_lead_starts_assessment_of_their_team_on_current_version(org, team, lead, questionnaire):
    assessment = assessment_start(org=org, team=team, user=lead)
    assert assessment.status == AssessmentStatus.DRAFT
    assert assessment.template == questionnaire and assessment.created_by == lead and assessment.team == team


def test_lead_may_start_for_sub_team_but_not_other_team_or_org(org, team, lead, questionnaire):
    sub = TeamFactory(organization=org, parent=team)
    other = TeamFactory(organization=org)
    assert assessment_start(org=org, team=sub, user=lead).team == sub
    with pytest.raises(ForbiddenError):
        assessment_start(org=org, team=other, user=lead)
    with pytest.raises(ForbiddenError):
        assessment_start(org=org, team=None, user=lead)


def test_admin_starts_org_wide_assessment(org, admin, questionnaire):
    assert assessment_start(org=org, team=None, user=admin).team is None


@pytest.mark.parametrize("role", ["executive", "viewer"])
def test_readers_cannot_start(org, team, make_member, questionnaire, role):
    with pytest.raises(ForbiddenError):
        assessment_start(org=org, team=team, user=make_member(org, role))


def test_non_member_and_other_orgs_team_are_404(org, other_org, team, lead, make_member, questionnaire):
    with pytest.raises(Http404):
        assessment_start(org=other_org, team=None, user=lead)
    foreign = TeamFactory(organization=other_org)
    with pytest.raises(Http404):
        assessment_start(org=org, team=foreign, user=make_member(org, "admin"))


def test_second_draft_of_same_scope_is_refused(org, team, lead, questionnaire):
    first = assessment_start(org=org, team=team, user=lead)
    with pytest.raises(DraftExistsError) as err:
        assessment_start(org=org, team=team, user=lead)
    assert err.value.assessment == first and err.value.status_code == 409


def test_start_without_published_questionnaire_is_a_clear_error(org, team, lead):
    QuestionnaireTemplateFactory(status=TemplateStatus.DRAFT)
    with pytest.raises(ApplicationError, match="no published questionnaire"):
        assessment_start(org=org, team=team, user=lead)


def test_start_on_draft_template_is_refused(org, team, lead, questionnaire):
    draft = QuestionnaireTemplateFactory(status=TemplateStatus.DRAFT)
    with pytest.raises(ApplicationError, match="not a published"):
        assessment_start(org=org, team=team, user=lead, template=draft)


def test_prefill_copies_answers_by_code_into_new_version(org, team, lead, questionnaire):
    old = assessment_start(org=org, team=team, user=lead)
    save(old, "scale", 3, lead, 0, comment="we retrain weekly")
    save(old, "single", "b", lead, 0)
    save(old, "na", None, lead, 0, not_applicable=True)
    Assessment.objects.filter(pk=old.pk).update(status=AssessmentStatus.SCORED)
    new_version = template_new_version(template=questionnaire)
    # the new version drops choice "b" and renames nothing else
    single = question(new_version, "single")
    single.choices = [c for c in single.choices if c["value"] != "b"]
    single.save()
    template_publish(template=new_version)

    new = assessment_start(org=org, team=team, user=lead, prefill_from=old)
    assert new.template == new_version and new.prefilled_from == old
    answers = {a.question.code: a for a in new.answers.select_related("question")}
    assert answers["scale"].value == 3 and answers["scale"].comment == "we retrain weekly"
    assert answers["na"].not_applicable is True
    assert "single" not in answers  # "b" no longer exists: asked afresh
    assert all(a.question.section.template_id == new_version.pk for a in answers.values())


def test_prefill_from_another_orgs_assessment_is_404(org, other_org, team, lead, questionnaire):
    foreign = AssessmentFactory(organization=other_org, template=questionnaire, status=AssessmentStatus.SCORED)
    with pytest.raises(Http404):
        assessment_start(org=org, team=team, user=lead, prefill_from=foreign)


# --- autosave and the conflict rule ----------------------------------------------------------------


def test_answer_save_creates_then_raises_version(org, team, lead, questionnaire):
    a = assessment_start(org=org, team=team, user=lead)
    first = save(a, "scale", 2, lead, 0)
    assert (first.value, first.version, first.updated_by) == (2, 1, lead)
    second = save(a, "scale", 4, lead, 1, comment="evidence: pipeline config")
    assert (second.value, second.version, second.comment) == (4, 2, "evidence: pipeline config")
    # comment=None keeps the comment
    third = save(a, "scale", 3, lead, 2)
    assert third.comment == "evidence: pipeline config" and third.version == 3


def test_stale_version_is_a_conflict_carrying_the_current_answer(org, team, lead, admin, questionnaire):
    a = assessment_start(org=org, team=team, user=lead)
    save(a, "scale", 2, lead, 0)  # tab 1 -> version 1
    with pytest.raises(AnswerConflictError) as err:
        save(a, "scale", 4, admin, 0)  # tab 2 still thinks there is no answer
    assert isinstance(err.value, ConflictError) and err.value.status_code == 409
    assert err.value.current.value == 2 and err.value.current.version == 1
    assert "version" in err.value.extra
    assert Answer.objects.get(assessment=a).value == 2  # nothing overwritten


def test_a_comment_typed_while_the_value_was_on_its_way_is_no_conflict(org, team, lead, admin, questionnaire):
    a = assessment_start(org=org, team=team, user=lead)
    save(a, "scale", 2, lead, 0)  # the value's save reached the server: version 1
    # the same page sends the comment typed meanwhile, still from version 0, with the comment it started from
    saved = save(a, "scale", 2, lead, 0, comment="From the HR system", comment_base="")
    assert (saved.value, saved.comment, saved.version) == (2, "From the HR system", 2)
    # someone else's comment is never written over: the stored comment is no longer the client's base
    save(a, "scale", 2, admin, 2, comment="Checked by the admin")
    with pytest.raises(AnswerConflictError):
        save(a, "scale", 2, lead, 0, comment="Mine", comment_base="")
    # nor is a value the client did not see
    save(a, "scale", 4, admin, 3)
    with pytest.raises(AnswerConflictError):
        save(a, "scale", 2, lead, 3, comment="Mine", comment_base="Checked by the admin")
    assert (Answer.objects.get(assessment=a).value, Answer.objects.get(assessment=a).comment) == (
        4,
        "Checked by the admin",
    )


def test_conflict_names_who_changed_it(org, team, lead, make_member, questionnaire):
    other = make_member(org, "lead", teams=[team], first_name="Grace", last_name="Hopper")
    a = assessment_start(org=org, team=team, user=lead)
    save(a, "yes", True, other, 0)
    with pytest.raises(AnswerConflictError, match=r"Someone else changed this answer.*last change by Grace Hopper"):
        save(a, "yes", False, lead, 0)


def test_resending_the_stored_answer_is_not_a_conflict(org, team, lead, questionnaire):
    a = assessment_start(org=org, team=team, user=lead)
    save(a, "scale", 2, lead, 0)
    again = save(a, "scale", 2, lead, 0)
    assert again.version == 1


def test_unconditional_save_for_scripts(org, team, lead, questionnaire):
    a = assessment_start(org=org, team=team, user=lead)
    save(a, "scale", 2, lead, 0)
    assert save(a, "scale", 1, lead, None).version == 2


@pytest.mark.parametrize(
    ("code", "value", "stored"),
    [
        ("scale", 0, 0),
        ("scale", 4.0, 4),
        ("yes", False, False),
        ("single", "c", "c"),
        ("multi", ["z", "x", "x"], ["x", "z"]),
        ("multi", [], []),
        ("number", 12.0, 12),
        ("number", 2.5, 2.5),
        ("text", "  free text  ", "free text"),
        ("text", "   ", None),
        ("scale", None, None),
    ],
)
def test_values_are_stored_in_contract_form(org, team, lead, questionnaire, code, value, stored):
    a = assessment_start(org=org, team=team, user=lead)
    assert save(a, code, value, lead, 0).value == stored


@pytest.mark.parametrize(
    ("code", "value"),
    [
        ("scale", 5),
        ("scale", -1),
        ("scale", 2.5),
        ("scale", True),
        ("scale", "3"),
        ("yes", "yes"),
        ("yes", 1),
        ("single", "d"),
        ("single", ["a"]),
        ("multi", "x"),
        ("multi", ["x", "nope"]),
        ("number", 101),
        ("number", -1),
        ("number", "12"),
        ("number", float("nan")),
        ("text", 12),
        ("text", "x" * 5001),
    ],
)
def test_bad_values_are_refused_with_a_message_and_nothing_is_stored(org, team, lead, questionnaire, code, value):
    a = assessment_start(org=org, team=team, user=lead)
    with pytest.raises(ApplicationError) as err:
        save(a, code, value, lead, 0)
    assert err.value.extra["value"] and err.value.message
    assert not Answer.objects.filter(assessment=a).exists()


@given(value=st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(), st.lists(st.text())))
@settings(max_examples=60, deadline=None)
def test_value_cleaning_accepts_exactly_the_contract(value):
    scale = Question(kind="scale", scale_labels=["a"] * 5)
    try:
        cleaned = answer_value_clean(question=scale, value=value)
    except ApplicationError:
        assert (
            not (isinstance(value, int | float) and not isinstance(value, bool) and value in (0, 1, 2, 3, 4))
            and value is not None
        )
    else:
        assert cleaned is None or (isinstance(cleaned, int) and 0 <= cleaned <= 4)


def test_not_applicable_only_where_allowed_and_clears_value(org, team, lead, questionnaire):
    a = assessment_start(org=org, team=team, user=lead)
    with pytest.raises(ApplicationError, match="not applicable"):
        save(a, "scale", None, lead, 0, not_applicable=True)
    save(a, "na", 3, lead, 0)
    na = save(a, "na", 3, lead, 1, not_applicable=True)
    assert na.not_applicable and na.value is None


def test_question_of_another_template_is_refused(org, team, lead, questionnaire):
    a = assessment_start(org=org, team=team, user=lead)
    stranger = QuestionFactory()
    with pytest.raises(ApplicationError, match="not part"):
        answer_save(assessment=a, question=stranger, user=lead, value=1, expected_version=0)


def test_answer_permissions(org, other_org, team, lead, make_member, questionnaire):
    a = assessment_start(org=org, team=team, user=lead)
    other_lead = make_member(org, "lead", teams=[TeamFactory(organization=org)])
    for user in (make_member(org, "executive"), make_member(org, "viewer"), other_lead):
        with pytest.raises(Http404):  # drafts are invisible to those who may not edit them
            save(a, "scale", 1, user, 0)
    with pytest.raises(Http404):
        save(a, "scale", 1, make_member(other_org, "admin"), 0)
    assert save(a, "scale", 1, make_member(org, "admin"), 0).version == 1


# --- submit --------------------------------------------------------------------------------------------


def fill_required(a, user):
    save(a, "scale", 3, user, 0)
    save(a, "yes", False, user, 0)  # hides the required `dep`
    save(a, "na", None, user, 0, not_applicable=True)


def test_submit_lists_missing_required_questions(org, team, lead, questionnaire):
    a = assessment_start(org=org, team=team, user=lead)
    save(a, "scale", 3, lead, 0)
    save(a, "yes", True, lead, 0)  # shows `dep`, which is required
    with pytest.raises(ApplicationError) as err:
        assessment_submit(assessment=a, user=lead)
    assert set(err.value.extra) == {"dep", "na"}
    assert "2 required questions" in err.value.message
    a.refresh_from_db()
    assert a.status == AssessmentStatus.DRAFT


def test_hidden_required_question_is_not_demanded(org, team, lead, questionnaire, django_capture_on_commit_callbacks):
    a = assessment_start(org=org, team=team, user=lead)
    fill_required(a, lead)
    with django_capture_on_commit_callbacks() as callbacks:
        submitted = assessment_submit(assessment=a, user=lead)
    assert submitted.status == AssessmentStatus.SUBMITTED
    assert submitted.submitted_by == lead and submitted.submitted_at is not None
    assert len(callbacks) == 1


def test_submit_enqueues_scoring_only_after_commit(
    org, team, lead, questionnaire, dispatched, django_capture_on_commit_callbacks
):
    a = assessment_start(org=org, team=team, user=lead)
    fill_required(a, lead)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assessment_submit(assessment=a, user=lead)
    assert dispatched == []
    for callback in callbacks:  # the commit
        callback()
    assert dispatched == [("scoring.tasks.assessment_score_task", [a.pk])]


def test_rolled_back_submit_enqueues_nothing(org, team, lead, questionnaire, dispatched):
    from django.db import transaction

    a = assessment_start(org=org, team=team, user=lead)
    fill_required(a, lead)
    with pytest.raises(RuntimeError), transaction.atomic():
        assessment_submit(assessment=a, user=lead)
        raise RuntimeError("something later in the same transaction failed")
    a.refresh_from_db()
    assert a.status == AssessmentStatus.DRAFT and dispatched == []


def test_submitted_assessment_is_locked(org, team, lead, questionnaire):
    a = assessment_start(org=org, team=team, user=lead)
    fill_required(a, lead)
    assessment_submit(assessment=a, user=lead)
    with pytest.raises(ConflictError, match="submitted"):
        save(a, "scale", 1, lead, 1)
    with pytest.raises(ConflictError, match="already been submitted"):
        assessment_submit(assessment=a, user=lead)
    assert Answer.objects.get(assessment=a, question__code="scale").value == 3


@pytest.mark.parametrize("role", ["executive", "viewer"])
def test_readers_cannot_submit(org, team, lead, make_member, questionnaire, role):
    a = assessment_start(org=org, team=team, user=lead)
    fill_required(a, lead)
    with pytest.raises(Http404):
        assessment_submit(assessment=a, user=make_member(org, role))


def test_states_after_submit_are_visible_to_readers_but_not_editable(org, team, lead, make_member, questionnaire):
    a = assessment_start(org=org, team=team, user=lead)
    fill_required(a, lead)
    assessment_submit(assessment=a, user=lead)
    with pytest.raises(ForbiddenError):
        save(a, "scale", 1, make_member(org, "viewer"), 1)


# --- versioning ----------------------------------------------------------------------------------------


def test_new_version_copies_everything_as_draft_and_keeps_dependencies(questionnaire):
    copy = template_new_version(template=questionnaire)
    assert (copy.slug, copy.version, copy.status) == (questionnaire.slug, 2, TemplateStatus.DRAFT)
    old_codes = list(Question.objects.filter(section__template=questionnaire).values_list("code", flat=True))
    new_codes = list(Question.objects.filter(section__template=copy).values_list("code", flat=True))
    assert sorted(old_codes) == sorted(new_codes)
    dep = question(copy, "dep")
    assert dep.depends_on.section.template == copy and dep.depends_on.code == "yes"
    assert copy.sections.count() == 2


def test_only_one_draft_version_at_a_time(questionnaire):
    template_new_version(template=questionnaire)
    with pytest.raises(ConflictError, match="already a draft"):
        template_new_version(template=questionnaire)


def test_publishing_archives_the_old_version_and_leaves_its_assessments_alone(org, team, lead, questionnaire):
    started = assessment_start(org=org, team=team, user=lead)
    save(started, "scale", 2, lead, 0)
    copy = template_new_version(template=questionnaire)
    q = question(copy, "scale")
    q.text = "Reworded in version 2"
    q.full_clean()
    q.save()
    copy = template_publish(template=copy)
    questionnaire.refresh_from_db()
    started.refresh_from_db()
    assert questionnaire.status == TemplateStatus.ARCHIVED and copy.status == TemplateStatus.PUBLISHED
    assert started.template == questionnaire
    assert question(questionnaire, "scale").text == "How automated is training?"
    # the old draft carries on with its own version
    assert save(started, "scale", 3, lead, 1).question.section.template == questionnaire
    Assessment.objects.filter(pk=started.pk).update(status=AssessmentStatus.SCORED)
    assert assessment_start(org=org, team=team, user=lead).template == copy


def test_publish_refuses_broken_questions():
    template = QuestionnaireTemplateFactory(status=TemplateStatus.DRAFT)
    section = SectionFactory(template=template)
    QuestionFactory(section=section, code="bad-scale", scale_labels=["only one"])
    QuestionFactory(section=section, code="bad-choice", kind="single", choices=[{"value": "a", "score": 2}])
    with pytest.raises(ApplicationError) as err:
        template_publish(template=template)
    assert set(err.value.extra) == {"bad-scale", "bad-choice"}
    template.refresh_from_db()
    assert template.status == TemplateStatus.DRAFT


def test_publish_refuses_empty_and_already_published():
    empty = QuestionnaireTemplateFactory(status=TemplateStatus.DRAFT)
    with pytest.raises(ApplicationError, match="at least one question"):
        template_publish(template=empty)
    with pytest.raises(ConflictError):
        template_publish(template=small_questionnaire())


def test_questions_of_a_published_version_cannot_change(questionnaire):
    from django.core.exceptions import ValidationError

    q = question(questionnaire, "scale")
    q.text = "Changed"
    with pytest.raises(ValidationError, match="published"):
        q.full_clean()
    with pytest.raises(ValidationError, match="published"):
        QuestionFactory.build(section=q.section, code="new").full_clean()
    template = QuestionnaireTemplate.objects.get(pk=questionnaire.pk)
    template.name = "Renamed"
    with pytest.raises(ValidationError):
        template.full_clean()


def test_without_a_broker_submit_is_scored_in_process(
    org, team, lead, questionnaire, django_capture_on_commit_callbacks
):
    a = assessment_start(org=org, team=team, user=lead)
    fill_required(a, lead)
    with django_capture_on_commit_callbacks(execute=True):
        assessment_submit(assessment=a, user=lead)
    a.refresh_from_db()
    assert a.status in (AssessmentStatus.SCORED, AssessmentStatus.FAILED), a.status_message
    assert a.status_message != "Waiting for scoring."
