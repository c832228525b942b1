import pytest

from assessments.choices import AssessmentStatus
from assessments.models import Answer, Question
from assessments.selectors import (
    answer_is_given,
    assessment_list,
    assessment_missing_required,
    assessment_progress,
    question_visibility,
    template_current,
    template_questions,
    template_sections,
    visible_questions,
)
from assessments.services import assessment_start
from orgs.tenancy import get_org_access
from tests.assessments.factories import (
    AnswerFactory,
    AssessmentFactory,
    QuestionFactory,
    QuestionnaireTemplateFactory,
    question,
)
from tests.orgs.factories import TeamFactory
from vocabulary.questions import answer_matches


def q(pk, depends_on=None, values=()):
    return Question(pk=pk, depends_on_id=depends_on, depends_on_values=list(values))


def a(value=None, na=False):
    return Answer(value=value, not_applicable=na)


# --- dependency rules (no database) ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "wanted", "shown"),
    [
        (True, [True], True),
        (False, [True], False),
        (True, ["yes"], True),
        (False, ["no"], True),
        ("hybrid", ["decentralized", "hybrid"], True),
        ("centralized", ["decentralized", "hybrid"], False),
        ("Hybrid", ["hybrid"], True),
        (["x", "y"], ["y"], True),
        (["x"], ["y"], False),
        ([], ["y"], False),
        (3, [3, 4], True),
        (2, [3, 4], False),
        (None, ["anything"], False),
        (2, [], True),  # no values: any answer shows it
        (None, [], False),
        (None, ["none"], False),  # a missing answer never matches, not even "none"
        ("", [], False),
        ("None", ["none"], True),
    ],
)
def test_answer_matches(value, wanted, shown):
    assert answer_matches(value, wanted) is shown


def test_unanswered_parent_hides_dependent():
    assert question_visibility(questions=[q(1), q(2, 1, [True])], answers={}) == {1: True, 2: False}


@pytest.mark.parametrize("parent", [None, a(None), a(na=True)], ids=["missing", "no value", "not applicable"])
def test_a_condition_wanting_none_hides_the_question_until_none_is_answered(parent):
    answers = {} if parent is None else {1: parent}
    assert question_visibility(questions=[q(1), q(2, 1, ["none"])], answers=answers) == {1: True, 2: False}
    assert question_visibility(questions=[q(1), q(2, 1, ["none"])], answers={1: a("none")})[2] is True


def test_not_applicable_parent_hides_dependent():
    assert question_visibility(questions=[q(1), q(2, 1, [])], answers={1: a(na=True)})[2] is False


def test_hidden_parent_hides_the_whole_chain():
    questions = [q(1), q(2, 1, [True]), q(3, 2, [4])]
    answers = {1: a(False), 2: a(4)}  # 2 still holds an answer from before 1 changed
    assert question_visibility(questions=questions, answers=answers) == {1: True, 2: False, 3: False}
    answers[1] = a(True)
    assert question_visibility(questions=questions, answers=answers) == {1: True, 2: True, 3: True}


def test_cycles_and_outside_parents_do_not_hide():
    questions = [q(1, 2, [1]), q(2, 1, [1]), q(3, 99, [1])]
    shown = question_visibility(questions=questions, answers={1: a(1), 2: a(1)})
    assert shown[3] is True and set(shown) == {1, 2, 3}


@pytest.mark.parametrize(
    ("answer", "given"),
    [
        (None, False),
        (a(None), False),
        (a("  "), False),
        (a(0), True),
        (a(False), True),
        (a([]), True),
        (a(na=True), True),
    ],
)
def test_answer_is_given(answer, given):
    assert answer_is_given(answer) is given


# --- with the database -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_visible_questions_and_missing_required_follow_the_answers(org, team, lead, questionnaire):
    assessment = assessment_start(org=org, team=team, user=lead)
    codes = [x.code for x in visible_questions(assessment=assessment)]
    assert codes == ["scale", "yes", "single", "multi", "number", "text", "na"]
    assert [x.code for x in assessment_missing_required(assessment=assessment)] == ["scale", "yes", "na"]
    AnswerFactory(assessment=assessment, question=question(questionnaire, "yes"), value=True)
    assert "dep" in [x.code for x in visible_questions(assessment=assessment)]
    assert [x.code for x in assessment_missing_required(assessment=assessment)] == ["scale", "dep", "na"]


@pytest.mark.django_db
def test_progress_per_section(org, team, lead, questionnaire):
    assessment = assessment_start(org=org, team=team, user=lead)
    AnswerFactory(assessment=assessment, question=question(questionnaire, "scale"), value=1)
    AnswerFactory(assessment=assessment, question=question(questionnaire, "yes"), value=False)
    AnswerFactory(assessment=assessment, question=question(questionnaire, "single"), value="a")
    AnswerFactory(assessment=assessment, question=question(questionnaire, "na"), value=None, not_applicable=True)
    answers = {x.question_id: x for x in assessment.answers.all()}
    progress = assessment_progress(
        sections=template_sections(template=questionnaire),
        questions=template_questions(template=questionnaire),
        answers=answers,
    )
    first, second = progress.sections
    assert (first.visible, first.answered, first.complete) == (3, 3, True)
    assert (second.visible, second.answered, second.complete, second.required_done) == (4, 1, False, True)
    assert (progress.visible, progress.answered, progress.percent) == (7, 4, 57)
    assert progress.missing_required == []


@pytest.mark.django_db
def test_template_current_prefers_newest_published_default():
    from assessments.choices import TemplateStatus

    assert template_current() is None
    other = QuestionnaireTemplateFactory(slug="other")
    assert template_current() == other
    QuestionnaireTemplateFactory(slug="default", version=1, status=TemplateStatus.ARCHIVED)
    v2 = QuestionnaireTemplateFactory(slug="default", version=2)
    QuestionnaireTemplateFactory(slug="default", version=3, status=TemplateStatus.DRAFT)
    assert template_current() == v2 and template_current(slug="other") == other


@pytest.mark.django_db
def test_assessment_list_by_role(org, other_org, team, make_member, questionnaire):
    other_team = TeamFactory(organization=org)
    own_draft = AssessmentFactory(organization=org, team=team, template=questionnaire)
    other_draft = AssessmentFactory(organization=org, team=other_team, template=questionnaire)
    org_draft = AssessmentFactory(organization=org, team=None, template=questionnaire)
    done = AssessmentFactory(organization=org, team=other_team, template=questionnaire, status=AssessmentStatus.SCORED)
    AssessmentFactory(organization=other_org, template=questionnaire, status=AssessmentStatus.SCORED)

    def visible(user):
        return set(assessment_list(access=get_org_access(user, org.slug)))

    assert visible(make_member(org, "admin")) == {own_draft, other_draft, org_draft, done}
    assert visible(make_member(org, "lead", teams=[team])) == {own_draft, done}
    assert visible(make_member(org, "executive")) == {done}
    assert visible(make_member(org, "viewer")) == {done}
    access = get_org_access(make_member(org, "admin"), org.slug)
    assert set(assessment_list(access=access, team=team)) == {own_draft}
    assert set(assessment_list(access=access, org_wide=True)) == {org_draft}


@pytest.mark.django_db
def test_template_questions_in_page_order(questionnaire):
    QuestionFactory(section=question(questionnaire, "scale").section, order=0, code="first")
    assert [x.code for x in template_questions(template=questionnaire)][:2] == ["first", "scale"]
