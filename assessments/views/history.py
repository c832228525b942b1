"""The list of an organisation's assessments, starting one, and reading one."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from orgs.choices import MembershipRole
from orgs.decorators import org_view
from orgs.models import Team
from teamplanner.exceptions import ApplicationError, ForbiddenError

from ..choices import AssessmentStatus
from ..forms import ORG_SCOPE, StartForm
from ..models import Assessment
from ..selectors import assessment_can_edit, assessment_get, assessment_latest, assessment_list
from ..services import DraftExistsError, assessment_start
from .state import POLLING_STATES, form_state, is_editable, page_context, scope_label

EDITORS = (MembershipRole.ADMIN, MembershipRole.LEAD)


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
        a.scope_label = scope_label(a)
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
    except ForbiddenError:
        raise  # the error page, 403
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
    state = form_state(assessment)
    editable = is_editable(request, assessment)
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
        page_context(
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
    response = render(request, "assessments/partials/status.html", page_context(request, assessment))
    if request.htmx and assessment.status not in POLLING_STATES and request.GET.get("from") in POLLING_STATES:
        # Scoring finished while the page was open: reload it to show the results.
        response["HX-Refresh"] = "true"
    return response
