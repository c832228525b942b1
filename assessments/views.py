"""Assessment pages: history, start, the autosaving multi-page form, review and submit.

Views stay thin: they parse input with forms, call services and selectors, and render.
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from orgs.choices import MembershipRole
from orgs.decorators import org_view
from orgs.models import Team
from teamplanner.exceptions import ApplicationError, ConflictError

from .choices import AssessmentStatus, QuestionKind
from .forms import ORG_SCOPE, AnswerForm, StartForm
from .models import Answer, Assessment, Question
from .selectors import (
    answer_is_given,
    assessment_answers,
    assessment_can_edit,
    assessment_get,
    assessment_latest,
    assessment_list,
    assessment_progress,
    question_visibility,
    template_questions,
    template_sections,
)
from .services import AnswerConflictError, DraftExistsError, answer_save, assessment_start, assessment_submit

EDITORS = (MembershipRole.ADMIN, MembershipRole.LEAD)
POLLING_STATES = (AssessmentStatus.SUBMITTED, AssessmentStatus.SCORING)


# --- presentation helpers ---------------------------------------------------------------------------


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


def _scope_label(assessment: Assessment) -> str:
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


def _state(assessment: Assessment) -> FormState:
    return FormState(
        assessment=assessment,
        sections=template_sections(template=assessment.template),
        questions=template_questions(template=assessment.template_id),
        answers=assessment_answers(assessment=assessment),
    )


def _editable(request, assessment: Assessment) -> bool:
    return assessment.status == AssessmentStatus.DRAFT and assessment_can_edit(
        access=request.org_access, assessment=assessment
    )


def _context(request, assessment: Assessment, **extra) -> dict:
    return {
        "assessment": assessment,
        "scope": _scope_label(assessment),
        "slug": request.org_access.org.slug,
        "polling": assessment.status in POLLING_STATES,
        **extra,
    }


# --- history and start ------------------------------------------------------------------------------


@org_view()
def assessment_list_view(request):
    """Past and open assessments of the organisation (or one team), newest first, and the start form."""
    access = request.org_access
    team = None
    org_wide = request.GET.get("scope") == ORG_SCOPE
    team_id = request.GET.get("team", "")
    if team_id.isdigit():
        team = Team.objects.for_org(access.org).filter(pk=int(team_id)).first()
        if team is None:
            raise Http404("No such team.")
    page = Paginator(assessment_list(access=access, team=team, org_wide=org_wide), 50).get_page(request.GET.get("page"))
    rows = list(page)
    open_drafts = {
        a.team_id for a in Assessment.objects.for_org(access.org).filter(status=AssessmentStatus.DRAFT).only("team_id")
    }
    for a in rows:
        a.can_edit = assessment_can_edit(access=access, assessment=a)
        a.can_restart = a.can_edit and a.status != AssessmentStatus.DRAFT and a.team_id not in open_drafts
        a.scope_label = _scope_label(a)
    start_form = StartForm(access=access) if access.role in EDITORS else None
    teams = Team.objects.for_org(access.org).order_by("name").only("pk", "name")
    return render(
        request,
        "assessments/list.html",
        {
            "page": page,
            "rows": rows,
            "start_form": start_form,
            "teams": teams,
            "team": team,
            "org_wide": org_wide,
            "slug": access.org.slug,
        },
    )


@org_view(roles=EDITORS)
@require_POST
def assessment_start_view(request):
    access = request.org_access
    form = StartForm(request.POST, access=access)
    if not form.is_valid():
        messages.error(request, "Choose a team you lead" + (" or the whole organisation." if access.is_admin else "."))
        return redirect("assessments:list", org_slug=access.org.slug)
    team = form.team
    source = form.cleaned_data.get("prefill_from")
    if source is None and form.cleaned_data.get("prefill"):
        source = assessment_latest(org=access.org, team=team)
    try:
        assessment = assessment_start(org=access.org, team=team, user=request.user, prefill_from=source, access=access)
    except DraftExistsError as exc:
        messages.info(request, exc.message)
        return redirect("assessments:detail", org_slug=access.org.slug, pk=exc.assessment.pk)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("assessments:list", org_slug=access.org.slug)
    if source is not None:
        messages.success(request, f"Started, with the answers of the assessment of {source.created_at:%d %b %Y}.")
    return redirect("assessments:section", org_slug=access.org.slug, pk=assessment.pk, number=1)


# --- reading ----------------------------------------------------------------------------------------


@org_view()
def assessment_detail_view(request, pk: int):
    """The assessment's state and answers; drafts the member edits show where to carry on."""
    assessment = assessment_get(access=request.org_access, pk=pk)
    state = _state(assessment)
    editable = _editable(request, assessment)
    progress = state.progress
    next_section = next(
        (s for s in progress.sections if not s.complete), progress.sections[0] if progress.sections else None
    )
    sections = []
    for sp in progress.sections:
        rows = [r for r in state.rows(sp.section, editable=False) if r.visible]
        sections.append((sp, rows))
    return render(
        request,
        "assessments/detail.html",
        _context(
            request,
            assessment,
            editable=editable,
            progress=progress,
            next_section=next_section,
            sections=sections,
            can_restart=assessment.status != AssessmentStatus.DRAFT
            and assessment_can_edit(access=request.org_access, assessment=assessment),
        ),
    )


@org_view()
def assessment_status_view(request, pk: int):
    """The state badge; polled by the page while scoring is pending."""
    assessment = assessment_get(access=request.org_access, pk=pk)
    response = render(request, "assessments/partials/status.html", _context(request, assessment))
    if request.htmx and assessment.status not in POLLING_STATES and request.GET.get("from") in POLLING_STATES:
        # Scoring finished while the page was open: reload it to show the results.
        response["HX-Refresh"] = "true"
    return response


# --- the form ---------------------------------------------------------------------------------------


@org_view()
def assessment_section_view(request, pk: int, number: int):
    assessment = assessment_get(access=request.org_access, pk=pk)
    if not _editable(request, assessment):
        return redirect(reverse("assessments:detail", kwargs={"org_slug": request.org_access.org.slug, "pk": pk}))
    state = _state(assessment)
    if not 1 <= number <= len(state.sections):
        raise Http404("No such section.")
    section = state.sections[number - 1]
    return render(
        request,
        "assessments/section.html",
        _context(
            request,
            assessment,
            section=section,
            number=number,
            total=len(state.sections),
            rows=state.rows(section, editable=True),
            progress=state.progress,
        ),
    )


def _status_error(request, assessment, question, message):
    return render(
        request,
        "assessments/partials/answer_status.html",
        _context(request, assessment, pk=question.pk, error=message),
    )


@org_view()
@require_POST
def answer_view(request, pk: int, question_id: int):
    """Save one answer (htmx autosave). Replies with the saved state, or the current answer on a conflict."""
    access = request.org_access
    assessment = assessment_get(access=access, pk=pk)
    slug = access.org.slug
    state = _state(assessment)
    question = next((q for q in state.questions if q.pk == question_id), None)
    if question is None:
        raise Http404("No such question.")
    section_url = reverse("assessments:section", kwargs={"org_slug": slug, "pk": pk, "number": 1})
    form = AnswerForm(request.POST, question=question)
    if not form.is_valid():
        return _answer_failed(request, assessment, question, form.first_error(), section_url)
    before = state.visibility
    try:
        answer = answer_save(
            assessment=assessment,
            question=question,
            user=request.user,
            expected_version=form.cleaned_data["version"],
            access=access,
            **form.answer,
        )
    except AnswerConflictError as exc:
        if not request.htmx:
            messages.error(request, exc.message)
            return redirect(section_url)
        row = question_row(question, exc.current, visible=True, editable=True)
        row.conflict = exc.message
        row.attempted = display_value(question, Answer(question=question, **_as_answer_fields(form.answer)))
        response = render(request, "assessments/partials/question.html", _context(request, assessment, row=row))
        response["HX-Retarget"] = f"#q{question.pk}"
        response["HX-Reswap"] = "outerHTML"
        return response
    except (ApplicationError, PermissionDenied) as exc:
        message = (
            exc.message if isinstance(exc, ApplicationError) else "You may read this assessment but not change it."
        )
        if isinstance(exc, ConflictError):
            message += " Reload the page to see it."
        return _answer_failed(request, assessment, question, message, section_url)
    if not request.htmx:
        messages.success(request, "Saved.")
        return redirect(f"{section_url}#q{question.pk}")
    state.answers[question.pk] = answer
    state._visibility = question_visibility(questions=state.questions, answers=state.answers)
    after = state.visibility
    changed = [
        question_row(q, state.answers.get(q.pk), visible=after[q.pk], editable=True)
        for q in state.questions
        if q.section_id == question.section_id and before[q.pk] != after[q.pk]
    ]
    return render(
        request,
        "assessments/partials/answer_status.html",
        _context(
            request,
            assessment,
            pk=question.pk,
            answer=answer,
            changed=changed,
            progress=state.progress,
            current_section=question.section_id,
            oob=True,
        ),
    )


def _as_answer_fields(answer: dict) -> dict:
    return {"value": answer["value"], "not_applicable": answer["not_applicable"]}


def _answer_failed(request, assessment, question, message, section_url):
    if not request.htmx:
        messages.error(request, message)
        return redirect(section_url)
    return _status_error(request, assessment, question, message)


# --- review and submit ------------------------------------------------------------------------------


@org_view()
def assessment_review_view(request, pk: int):
    assessment = assessment_get(access=request.org_access, pk=pk)
    if not _editable(request, assessment):
        return redirect("assessments:detail", org_slug=request.org_access.org.slug, pk=pk)
    return _review(request, assessment)


def _review(request, assessment, error: str = "", status: int = 200):
    state = _state(assessment)
    progress = state.progress
    numbers = {sp.section.pk: sp.number for sp in progress.sections}
    missing = [(q, numbers.get(q.section_id)) for q in progress.missing_required]
    return render(
        request,
        "assessments/review.html",
        _context(request, assessment, progress=progress, missing=missing, error=error, total=len(state.sections)),
        status=status,
    )


@org_view(roles=EDITORS)
@require_POST
def assessment_submit_view(request, pk: int):
    access = request.org_access
    assessment = assessment_get(access=access, pk=pk)
    try:
        assessment_submit(assessment=assessment, user=request.user, access=access)
    except ConflictError as exc:
        messages.info(request, exc.message)
        return redirect("assessments:detail", org_slug=access.org.slug, pk=pk)
    except ApplicationError as exc:
        return _review(request, assessment, error=exc.message, status=400)
    messages.success(request, "Submitted. The assessment is locked and queued for scoring.")
    return redirect("assessments:detail", org_slug=access.org.slug, pk=pk)
