"""What the assessment pages show: answers as readers see them, question blocks with their options,
and everything one page of an assessment needs, loaded in a fixed number of queries."""

from dataclasses import dataclass, field

from ..choices import AssessmentStatus, QuestionKind
from ..models import Answer, Assessment, Question
from ..selectors import (
    answer_is_given,
    assessment_answers,
    assessment_can_edit,
    assessment_progress,
    question_visibility,
    template_questions,
    template_sections,
)

POLLING_STATES = (AssessmentStatus.SUBMITTED, AssessmentStatus.SCORING)


def display_value(question: Question, answer: Answer | None) -> str:
    """An answer as a reader sees it."""
    if answer is None or not answer_is_given(answer):
        return ""
    if answer.not_applicable:
        return "Not applicable"
    value = answer.value
    labels = {c.get("value"): c.get("label") or c.get("value") for c in question.choices if isinstance(c, dict)}
    if question.kind == QuestionKind.SCALE:
        label = question.scale_labels[value] if isinstance(value, int) and value < len(question.scale_labels) else ""
        return f"{value} – {label}" if label else str(value)
    if question.kind == QuestionKind.YES_NO:
        return "Yes" if value else "No"
    if question.kind == QuestionKind.SINGLE:
        return labels.get(value, str(value))
    if question.kind == QuestionKind.MULTIPLE:
        return "; ".join(labels.get(v, str(v)) for v in value) if value else "None of these"
    if question.kind == QuestionKind.NUMBER:
        return f"{value:g}" if isinstance(value, float) else str(value)
    return str(value)


@dataclass
class Option:
    value: str
    label: str
    checked: bool
    level: int | None = None


@dataclass
class QuestionRow:
    """A question with its answer, as one block of the form."""

    question: Question
    answer: Answer | None
    visible: bool
    editable: bool
    options: list[Option] = field(default_factory=list)
    text_value: str = ""
    conflict: str = ""
    attempted: str = ""
    comment_mine: str | None = None  # on a conflict: the comment typed here, kept in the box beside the saved one

    @property
    def pk(self) -> int:
        return self.question.pk

    @property
    def version(self) -> int:
        return self.answer.version if self.answer else 0

    @property
    def answered(self) -> bool:
        return answer_is_given(self.answer)

    @property
    def not_applicable(self) -> bool:
        return bool(self.answer and self.answer.not_applicable)

    @property
    def comment(self) -> str:
        return self.answer.comment if self.answer else ""

    @property
    def comment_shown(self) -> str:
        return self.comment if self.comment_mine is None else self.comment_mine

    @property
    def display(self) -> str:
        return display_value(self.question, self.answer)

    @property
    def kind(self) -> str:
        return self.question.kind


def question_row(question: Question, answer: Answer | None, *, visible: bool, editable: bool) -> QuestionRow:
    value = answer.value if answer and not answer.not_applicable else None
    row = QuestionRow(question=question, answer=answer, visible=visible, editable=editable)
    kind = question.kind
    if kind == QuestionKind.SCALE:
        row.options = [
            Option(str(i), label, value == i and not isinstance(value, bool), level=i)
            for i, label in enumerate(question.scale_labels)
        ]
    elif kind == QuestionKind.YES_NO:
        row.options = [Option("yes", "Yes", value is True), Option("no", "No", value is False)]
    elif kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        chosen = set(value) if isinstance(value, list) else {value}
        row.options = [
            Option(c["value"], c.get("label") or c["value"], c["value"] in chosen)
            for c in question.choices
            if isinstance(c, dict) and c.get("value")
        ]
    elif kind == QuestionKind.NUMBER:
        row.text_value = "" if value is None else (f"{value:g}" if isinstance(value, float) else str(value))
    else:
        row.text_value = value or ""
    return row


def scope_label(assessment: Assessment) -> str:
    return assessment.team.name if assessment.team_id else "the whole organisation"


@dataclass
class FormState:
    """Everything a page of one assessment needs, loaded in a fixed number of queries."""

    assessment: Assessment
    sections: list
    questions: list[Question]
    answers: dict[int, Answer]

    @property
    def visibility(self) -> dict[int, bool]:
        if not hasattr(self, "_visibility"):
            self._visibility = question_visibility(questions=self.questions, answers=self.answers)
        return self._visibility

    @property
    def progress(self):
        return assessment_progress(sections=self.sections, questions=self.questions, answers=self.answers)

    def rows(self, section=None, *, editable: bool) -> list[QuestionRow]:
        return [
            question_row(q, self.answers.get(q.pk), visible=self.visibility[q.pk], editable=editable)
            for q in self.questions
            if section is None or q.section_id == section.pk
        ]


def form_state(assessment: Assessment) -> FormState:
    return FormState(
        assessment=assessment,
        sections=template_sections(template=assessment.template),
        questions=template_questions(template=assessment.template_id),
        answers=assessment_answers(assessment=assessment),
    )


def is_editable(request, assessment: Assessment) -> bool:
    return assessment.status == AssessmentStatus.DRAFT and assessment_can_edit(
        access=request.org_access, assessment=assessment
    )


def page_context(request, assessment: Assessment, **extra) -> dict:
    return {
        "assessment": assessment,
        "scope": scope_label(assessment),
        "slug": request.org_access.org.slug,
        "polling": assessment.status in POLLING_STATES,
        **extra,
    }
