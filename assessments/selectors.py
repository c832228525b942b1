"""Reads for questionnaires and assessments: current templates, who sees which assessment,
which questions are visible given the answers so far, and how far an assessment has got.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.http import Http404

from orgs.models import Organization, Team
from orgs.tenancy import OrgAccess
from vocabulary.questions import Dependency, GivenAnswer, answer_missing
from vocabulary.questions import question_visibility as visibility

from .choices import AssessmentStatus, TemplateStatus
from .models import Answer, Assessment, Question, QuestionnaireTemplate, Section
from .questionnaire_default import DEFAULT_SLUG

# --- templates ---------------------------------------------------------------------------------------


def template_current(*, slug: str | None = None) -> QuestionnaireTemplate | None:
    """The newest published version of `slug` (default: the default questionnaire, else any)."""
    published = QuestionnaireTemplate.objects.filter(status=TemplateStatus.PUBLISHED)
    if slug:
        return published.filter(slug=slug).order_by("-version").first()
    return (
        published.filter(slug=DEFAULT_SLUG).order_by("-version").first()
        or published.order_by("-published_at", "-pk").first()
    )


def template_sections(*, template: QuestionnaireTemplate) -> list[Section]:
    return list(Section.objects.filter(template=template).order_by("order", "pk"))


def template_questions(*, template: QuestionnaireTemplate | int) -> list[Question]:
    """Every question of the template, in page order, with its section."""
    template_id = template if isinstance(template, int) else template.pk
    return list(
        Question.objects.filter(section__template_id=template_id)
        .select_related("section")
        .order_by("section__order", "section_id", "order", "pk")
    )


# --- answers and visibility --------------------------------------------------------------------------


def answer_is_given(answer: Answer | None) -> bool:
    """An answer counts when it is "not applicable" or has a value (an empty text does not count)."""
    if answer is None:
        return False
    return answer.not_applicable or not answer_missing(answer.value)


def question_visibility(*, questions: Iterable[Question], answers: Mapping[int, Answer]) -> dict[int, bool]:
    """Question id -> whether it is shown, given `answers` (question id -> Answer).

    The rule is `vocabulary.questions.question_visibility`, the one the scoring engine follows too.
    """
    dependencies = {q.pk: Dependency(q.depends_on_id, q.depends_on_values) for q in questions}
    given = {qid: GivenAnswer(a.value, a.not_applicable) for qid, a in answers.items() if a is not None}
    return visibility(dependencies, given)


def assessment_answers(*, assessment: Assessment) -> dict[int, Answer]:
    """The assessment's answers by question id."""
    return {a.question_id: a for a in Answer.objects.filter(assessment=assessment).select_related("updated_by")}


def visible_questions(
    *,
    assessment: Assessment,
    questions: list[Question] | None = None,
    answers: Mapping[int, Answer] | None = None,
) -> list[Question]:
    """The assessment's questions that are shown given its answers (dependency rules applied), in page order."""
    questions = template_questions(template=assessment.template_id) if questions is None else questions
    answers = assessment_answers(assessment=assessment) if answers is None else answers
    shown = question_visibility(questions=questions, answers=answers)
    return [q for q in questions if shown[q.pk]]


def assessment_missing_required(
    *,
    assessment: Assessment,
    questions: list[Question] | None = None,
    answers: Mapping[int, Answer] | None = None,
) -> list[Question]:
    """Required questions that are shown but not answered, in page order."""
    answers = assessment_answers(assessment=assessment) if answers is None else answers
    return [
        q
        for q in visible_questions(assessment=assessment, questions=questions, answers=answers)
        if q.required and not answer_is_given(answers.get(q.pk))
    ]


@dataclass
class SectionProgress:
    section: Section
    number: int  # 1-based page number
    visible: int = 0
    answered: int = 0
    missing_required: list[Question] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.answered >= self.visible

    @property
    def required_done(self) -> bool:
        return not self.missing_required


@dataclass
class Progress:
    sections: list[SectionProgress]

    @property
    def visible(self) -> int:
        return sum(s.visible for s in self.sections)

    @property
    def answered(self) -> int:
        return sum(s.answered for s in self.sections)

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.visible) if self.visible else 100

    @property
    def missing_required(self) -> list[Question]:
        return [q for s in self.sections for q in s.missing_required]


def assessment_progress(
    *, sections: list[Section], questions: list[Question], answers: Mapping[int, Answer]
) -> Progress:
    """Per-section counts of shown and answered questions, and the required ones still missing."""
    shown = question_visibility(questions=questions, answers=answers)
    rows = {s.pk: SectionProgress(section=s, number=i) for i, s in enumerate(sections, start=1)}
    for q in questions:
        row = rows.get(q.section_id)
        if row is None or not shown[q.pk]:
            continue
        row.visible += 1
        if answer_is_given(answers.get(q.pk)):
            row.answered += 1
        elif q.required:
            row.missing_required.append(q)
    return Progress(sections=list(rows.values()))


# --- who sees what -----------------------------------------------------------------------------------


def assessment_can_edit(*, access: OrgAccess, assessment: Assessment) -> bool:
    """Leads edit assessments of the teams they lead; admins edit every one, org-wide included."""
    return assessment.organization_id == access.org.pk and access.can_edit_team(assessment.team_id)


def assessment_can_read(*, access: OrgAccess, assessment: Assessment) -> bool:
    """Submitted assessments are read by every member; drafts only by those who may edit them."""
    if assessment.organization_id != access.org.pk:
        return False
    return assessment.status != AssessmentStatus.DRAFT or assessment_can_edit(access=access, assessment=assessment)


def assessment_list(*, access: OrgAccess, team: Team | None = None, org_wide: bool = False) -> QuerySet:
    """Assessments of the member's organisation that they may see, newest first.

    `team` limits to that team's assessments, `org_wide` to those of the whole organisation.
    """
    qs = (
        Assessment.objects.for_org(access.org)
        .select_related("team", "template", "created_by", "submitted_by")
        .order_by("-created_at", "-pk")
    )
    if team is not None:
        qs = qs.filter(team=team)
    elif org_wide:
        qs = qs.filter(team__isnull=True)
    if access.is_admin:
        return qs
    led = access.led_team_ids() if access.is_lead else set()
    return qs.filter(~Q(status=AssessmentStatus.DRAFT) | Q(team_id__in=led))


def assessment_get(*, access: OrgAccess, pk: int) -> Assessment:
    """One assessment the member may read, or 404 (another org's, or a draft they may not edit)."""
    assessment = (
        Assessment.objects.for_org(access.org)
        .select_related("team", "template", "created_by", "submitted_by", "organization")
        .filter(pk=pk)
        .first()
    )
    if assessment is None or not assessment_can_read(access=access, assessment=assessment):
        raise Http404("No such assessment.")
    return assessment


def assessment_open_draft(*, org: Organization, team: Team | None) -> Assessment | None:
    """The draft of this scope (a team, or the whole organisation when `team` is None), if any."""
    return Assessment.objects.for_org(org).filter(team=team, status=AssessmentStatus.DRAFT).order_by("-pk").first()


def assessment_latest(*, org: Organization, team: Team | None) -> Assessment | None:
    """The newest submitted (or later) assessment of this scope: the one a new assessment is pre-filled from."""
    return (
        Assessment.objects.for_org(org)
        .filter(team=team)
        .exclude(status=AssessmentStatus.DRAFT)
        .order_by("-submitted_at", "-pk")
        .first()
    )


def startable_scopes(*, access: OrgAccess) -> list[tuple[Team | None, str]]:
    """The scopes this member may start an assessment of: (None, org name) for admins, then teams."""
    scopes: list[tuple[Team | None, str]] = []
    if access.is_admin:
        scopes.append((None, f"The whole organisation ({access.org.name})"))
        teams = Team.objects.for_org(access.org).order_by("name")
    elif access.is_lead:
        teams = Team.objects.for_org(access.org).filter(pk__in=access.led_team_ids()).order_by("name")
    else:
        return scopes
    scopes.extend((t, t.name) for t in teams)
    return scopes
