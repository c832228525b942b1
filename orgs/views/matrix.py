"""The responsibility matrix: people by responsibilities, each cell saved on its own with htmx."""

from django import forms
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from roles.models import Responsibility
from teamplanner.exceptions import ApplicationError

from ..choices import AssignmentLevel
from ..decorators import org_view
from ..models import Person, Team
from ..selectors import OWNED_PER_FTE_LIMIT, matrix, matrix_column_totals, owned_count, team_get
from ..services import assignment_set

LEVEL_CHOICES = [("", "–"), *AssignmentLevel.choices]


class CellForm(forms.Form):
    person = forms.IntegerField(min_value=1)
    responsibility = forms.IntegerField(min_value=1)
    level = forms.CharField(max_length=20, required=False)  # checked by the service, which explains a bad one
    team = forms.IntegerField(min_value=1, required=False)  # the matrix's scope, for the column total


def _matrix_page(request, *, team: Team | None):
    access = request.org_access
    org = access.org
    people = Person.objects.for_org(org)
    teams = Team.objects.for_org(org).order_by("name").only("pk", "name")
    filter_team = team
    if team is None and request.GET.get("team", "").isdigit():
        filter_team = teams.filter(pk=int(request.GET["team"])).first()
    if filter_team is not None:
        people = people.filter(team=filter_team)
    data = matrix(
        people=people, page_number=request.GET.get("page"), editable=lambda p: access.can_edit_team(p.team_id)
    )
    context = {
        "matrix": data,
        "team": team,
        "filter_team": filter_team,
        "teams": teams if team is None else None,
        "levels": LEVEL_CHOICES,
        "limit_per_fte": OWNED_PER_FTE_LIMIT,
    }
    return render(request, "orgs/matrix.html", context)


@org_view()
@require_GET
def org_matrix(request):
    return _matrix_page(request, team=None)


@org_view()
@require_GET
def team_matrix(request, team_id: int):
    return _matrix_page(request, team=team_get(org=request.org_access.org, team_id=team_id))


@org_view()
@require_POST
def matrix_cell(request):
    """Save one cell; answer with the cell (saved, or the error with the chosen value kept) and fresh totals."""
    access = request.org_access
    form = CellForm(request.POST)
    if not form.is_valid():
        return render(request, "partials/error.html", {"message": "That cell could not be read."}, status=400)
    data = form.cleaned_data
    person = Person.objects.for_org(access.org).select_related("team").filter(pk=data["person"]).first()
    responsibility = Responsibility.objects.filter(pk=data["responsibility"]).first()
    if person is None or responsibility is None:
        return render(request, "partials/error.html", {"message": "Not found."}, status=404)
    level = data["level"] or ""
    context = {"person": person, "resp": responsibility, "level": level, "levels": LEVEL_CHOICES, "editable": True}
    context["scope_team"] = data.get("team") or ""
    try:
        assignment_set(access=access, person=person, responsibility=responsibility, level=level or None)
    except ApplicationError as exc:
        context["error"] = exc.message
        return render(request, "orgs/partials/matrix_cell.html", context, status=exc.status_code)
    scope = Person.objects.for_org(access.org)
    if data.get("team"):
        scope = scope.filter(team_id=data["team"])
    all_totals = matrix_column_totals(people=scope)
    totals = all_totals.get(responsibility.pk, {})
    owned_ids = [pk for pk, levels in all_totals.items() if levels.get(AssignmentLevel.OWNER)]
    owned = owned_count(person=person)
    context.update(
        saved=True,
        totals={
            "owners": totals.get("owner", 0),
            "contributors": totals.get("contributor", 0),
            "backups": totals.get("backup", 0),
        },
        owned=owned,
        unowned=Responsibility.objects.exclude(pk__in=owned_ids).count(),  # the header's "N without an owner"
        overloaded=owned > OWNED_PER_FTE_LIMIT * person.fte,
        limit_per_fte=OWNED_PER_FTE_LIMIT,
        oob=True,
    )
    return render(request, "orgs/partials/matrix_cell.html", context)
