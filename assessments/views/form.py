"""The autosaving multi-page form: one page per section, one answer saved at a time (htmx)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from orgs.decorators import org_view
from teamplanner.exceptions import ApplicationError, ConflictError

from ..forms import AnswerForm
from ..models import Answer
from ..selectors import assessment_get, question_visibility
from ..services import AnswerConflictError, answer_save, same_text
from .state import display_value, form_state, is_editable, page_context, question_row


@org_view()
def assessment_section_view(request, pk: int, number: int):
    assessment = assessment_get(access=request.org_access, pk=pk)
    if not is_editable(request, assessment):
        return redirect(reverse("assessments:detail", kwargs={"org_slug": request.org_access.org.slug, "pk": pk}))
    state = form_state(assessment)
    if not 1 <= number <= len(state.sections):
        raise Http404("No such section.")
    section = state.sections[number - 1]
    return render(
        request,
        "assessments/section.html",
        page_context(
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
        page_context(request, assessment, pk=question.pk, error=message),
    )


@org_view()
@require_POST
def answer_view(request, pk: int, question_id: int):
    """Save one answer (htmx autosave). Replies with the saved state, or the current answer on a conflict."""
    access = request.org_access
    assessment = assessment_get(access=access, pk=pk)
    slug = access.org.slug
    state = form_state(assessment)
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
            comment_base=form.cleaned_data.get("comment_base") if form.answer["comment"] is not None else None,
            access=access,
            **form.answer,
        )
    except AnswerConflictError as exc:
        if not request.htmx:
            messages.error(request, exc.message)
            return redirect(section_url)
        row = _conflict_row(question, exc, form)
        response = render(request, "assessments/partials/question.html", page_context(request, assessment, row=row))
        response["HX-Retarget"] = f"#q{question.pk}"
        response["HX-Reswap"] = "outerHTML"
        return response
    except ApplicationError as exc:  # ForbiddenError too: shown where the answer is, like any refusal
        message = exc.message + (" Reload the page to see it." if isinstance(exc, ConflictError) else "")
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
        page_context(
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


def _conflict_row(question, exc: AnswerConflictError, form: AnswerForm):
    """The question as stored now, with what this page sent beside it: nothing typed here is dropped.

    The value sent is quoted when it differs from the stored one; a comment typed here (it differs from
    the one the page was showing) stays in the comment box, and both comments are shown with a choice.
    """
    row = question_row(question, exc.current, visible=True, editable=True)
    row.conflict = exc.message
    attempted = display_value(question, Answer(question=question, **_as_answer_fields(form.answer)))
    if attempted and attempted != row.display:
        row.attempted = attempted
    typed = form.answer["comment"]
    typed_here = typed is not None and not same_text(typed, form.cleaned_data.get("comment_base"))
    if typed_here and not same_text(typed, row.comment):
        row.comment_mine = typed.strip()
    return row


def _answer_failed(request, assessment, question, message, section_url):
    if not request.htmx:
        messages.error(request, message)
        return redirect(section_url)
    return _status_error(request, assessment, question, message)
