"""Reviewing a draft before submitting it, and submitting it."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from orgs.decorators import org_view
from teamplanner.exceptions import ApplicationError, ConflictError, ForbiddenError

from ..selectors import assessment_get
from ..services import assessment_submit
from .state import form_state, is_editable, page_context


@org_view()
def assessment_review_view(request, pk: int):
    assessment = assessment_get(access=request.org_access, pk=pk)
    if not is_editable(request, assessment):
        return redirect("assessments:detail", org_slug=request.org_access.org.slug, pk=pk)
    return _review(request, assessment)


def _review(request, assessment, error: str = "", status: int = 200):
    state = form_state(assessment)
    progress = state.progress
    numbers = {sp.section.pk: sp.number for sp in progress.sections}
    missing = [(q, numbers.get(q.section_id)) for q in progress.missing_required]
    return render(
        request,
        "assessments/review.html",
        page_context(request, assessment, progress=progress, missing=missing, error=error, total=len(state.sections)),
        status=status,
    )


@org_view()  # a draft the user may not edit is not found (as in the API); the service checks the role
@require_POST
def assessment_submit_view(request, pk: int):
    access = request.org_access
    assessment = assessment_get(access=access, pk=pk)
    try:
        assessment_submit(assessment=assessment, user=request.user, access=access)
    except ConflictError as exc:
        messages.info(request, exc.message)
        return redirect("assessments:detail", org_slug=access.org.slug, pk=pk)
    except ForbiddenError:
        raise  # the error page, 403
    except ApplicationError as exc:
        return _review(request, assessment, error=exc.message, status=400)
    messages.success(request, "Submitted. The assessment is locked and queued for scoring.")
    return redirect("assessments:detail", org_slug=access.org.slug, pk=pk)
