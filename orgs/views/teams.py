"""Team and person pages, and the forms leads use to keep their team's people and ML systems current."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from teamplanner.exceptions import ApplicationError

from ..decorators import org_view
from ..forms import MLSystemForm, OpeningForm, PersonForm, TeamForm
from ..selectors import (
    opening_get,
    person_get,
    system_get,
    system_list,
    team_children,
    team_get,
    team_members,
    team_openings,
    team_path,
)
from ..services import (
    opening_create,
    opening_delete,
    opening_update,
    person_create,
    person_delete,
    person_update,
    system_create,
    system_delete,
    system_update,
    team_create,
    team_delete,
    team_update,
)
from .service_forms import call_service


def _require_edit(access, team_id):
    if not access.can_edit_team(team_id):
        raise PermissionDenied("You can only change the teams you lead.")


def _save(request, form, save, success):
    """For a valid POST: `save(**form.service_fields())`. On success add `success(obj)` as a message and return
    the object; a rule the service enforces lands on the form (a 403 is raised as it is). Otherwise None."""
    if request.method != "POST" or not form.is_valid():
        return None
    obj = call_service(form, save, aliases={"manager": "manager_email"})
    if obj is not None:
        messages.success(request, success(obj))
    return obj


@org_view()
@require_GET
def team_detail(request, team_id: int):
    access = request.org_access
    team = team_get(org=access.org, team_id=team_id)
    context = {
        "team": team,
        "path": team_path(org=access.org, team=team),
        "children": team_children(team=team),
        "members": team_members(team=team),
        "systems": system_list(org=access.org).filter(team=team),
        "openings": team_openings(team=team),
        "can_edit": access.can_edit_team(team),
    }
    return render(request, "orgs/team_detail.html", context)


@org_view()
@require_GET
def person_detail(request, person_id: int):
    access = request.org_access
    person = person_get(org=access.org, person_id=person_id)
    return render(
        request, "orgs/person_detail.html", {"person": person, "can_edit": access.can_edit_team(person.team_id)}
    )


@org_view()
@require_http_methods(["GET", "POST"])
def person_new(request, team_id: int):
    access = request.org_access
    team = team_get(org=access.org, team_id=team_id)
    _require_edit(access, team)
    form = PersonForm(
        request.POST if request.method == "POST" else None, access=access, initial={"team": team.pk, "fte": 1}
    )
    saved = _save(
        request,
        form,
        partial(person_create, access=access),
        lambda person: f"{person.name} was added to {person.team.name}.",
    )
    if saved is not None:
        return redirect("orgs:person_detail", org_slug=access.org.slug, person_id=saved.pk)
    return render(request, "orgs/person_form.html", {"form": form, "team": team, "person": None})


@org_view()
@require_http_methods(["GET", "POST"])
def person_edit(request, person_id: int):
    access = request.org_access
    person = person_get(org=access.org, person_id=person_id)
    _require_edit(access, person.team_id)
    form = PersonForm(request.POST if request.method == "POST" else None, access=access, instance=person)
    saved = _save(
        request, form, partial(person_update, access=access, person=person), lambda person: f"Saved {person.name}."
    )
    if saved is not None:
        return redirect("orgs:person_detail", org_slug=access.org.slug, person_id=saved.pk)
    return render(request, "orgs/person_form.html", {"form": form, "team": person.team, "person": person})


@org_view()
@require_POST
def person_remove(request, person_id: int):
    access = request.org_access
    person = person_get(org=access.org, person_id=person_id)
    team = person.team
    person_delete(access=access, person=person)
    messages.success(request, f"{person.name} was removed.")
    return redirect("orgs:team_detail", org_slug=access.org.slug, team_id=team.pk)


@org_view()
@require_http_methods(["GET", "POST"])
def system_new(request, team_id: int):
    access = request.org_access
    team = team_get(org=access.org, team_id=team_id)
    _require_edit(access, team)
    form = MLSystemForm(
        request.POST if request.method == "POST" else None, access=access, initial={"team": team.pk, "stage": "idea"}
    )
    saved = _save(
        request, form, partial(system_create, access=access), lambda system: f"Added the ML system {system.name}."
    )
    if saved is not None:
        return redirect("orgs:team_detail", org_slug=access.org.slug, team_id=saved.team_id)
    return render(request, "orgs/system_form.html", {"form": form, "team": team, "system": None})


@org_view()
@require_http_methods(["GET", "POST"])
def system_edit(request, system_id: int):
    access = request.org_access
    system = system_get(org=access.org, system_id=system_id)
    _require_edit(access, system.team_id)
    form = MLSystemForm(request.POST if request.method == "POST" else None, access=access, instance=system)
    saved = _save(
        request,
        form,
        partial(system_update, access=access, system=system),
        lambda system: f"Saved the ML system {system.name}.",
    )
    if saved is not None:
        return redirect("orgs:team_detail", org_slug=access.org.slug, team_id=saved.team_id)
    return render(request, "orgs/system_form.html", {"form": form, "team": system.team, "system": system})


@org_view()
@require_POST
def system_remove(request, system_id: int):
    access = request.org_access
    system = system_get(org=access.org, system_id=system_id)
    system_delete(access=access, system=system)
    messages.success(request, f"The ML system {system.name} was removed.")
    return redirect("orgs:team_detail", org_slug=access.org.slug, team_id=system.team_id)


@org_view()
@require_http_methods(["GET", "POST"])
def team_new(request):
    access = request.org_access
    if not (access.is_admin or access.is_lead):
        raise PermissionDenied("Only admins and team leads add teams.")
    parent_id = request.GET.get("parent", "")
    parent = team_get(org=access.org, team_id=int(parent_id)) if parent_id.isdigit() else None
    if parent is not None:
        _require_edit(access, parent)
    form = TeamForm(
        request.POST if request.method == "POST" else None,
        access=access,
        initial={"parent": parent.pk if parent else None, "kind": "other", "pillar": "mixed"},
    )
    saved = _save(request, form, partial(team_create, access=access), lambda team: f"Added the team {team.name}.")
    if saved is not None:
        return redirect("orgs:team_detail", org_slug=access.org.slug, team_id=saved.pk)
    status = 400 if form.errors else 200
    return render(request, "orgs/team_form.html", {"form": form, "team": None, "parent": parent}, status=status)


@org_view()
@require_http_methods(["GET", "POST"])
def team_edit(request, team_id: int):
    access = request.org_access
    team = team_get(org=access.org, team_id=team_id)
    _require_edit(access, team)
    form = TeamForm(request.POST if request.method == "POST" else None, access=access, instance=team)
    saved = _save(
        request, form, partial(team_update, access=access, team=team), lambda team: f"Saved the team {team.name}."
    )
    if saved is not None:
        return redirect("orgs:team_detail", org_slug=access.org.slug, team_id=saved.pk)
    status = 400 if form.errors else 200
    context = {"form": form, "team": team, "parent": team.parent, "can_remove": access.can_move_team(team)}
    return render(request, "orgs/team_form.html", context, status=status)


@org_view()
@require_POST
def team_remove(request, team_id: int):
    access = request.org_access
    team = team_get(org=access.org, team_id=team_id)
    try:
        team_delete(access=access, team=team)
    except ApplicationError as exc:
        if exc.status_code == 403:
            raise PermissionDenied(exc.message)
        messages.error(request, exc.message)
        return redirect("orgs:team_edit", org_slug=access.org.slug, team_id=team.pk)
    messages.success(request, f"The team {team.name} was removed.")
    if team.parent_id:
        return redirect("orgs:team_detail", org_slug=access.org.slug, team_id=team.parent_id)
    return redirect("orgs:org_home", org_slug=access.org.slug)


@org_view()
@require_http_methods(["GET", "POST"])
def opening_new(request, team_id: int):
    access = request.org_access
    team = team_get(org=access.org, team_id=team_id)
    _require_edit(access, team)
    form = OpeningForm(
        request.POST if request.method == "POST" else None,
        access=access,
        initial={"team": team.pk, "status": "open", "opened_on": timezone.localdate()},
    )
    saved = _save(
        request,
        form,
        partial(opening_create, access=access),
        lambda opening: f"Added an opening for a {opening.role.name}.",
    )
    if saved is not None:
        return redirect("orgs:team_detail", org_slug=access.org.slug, team_id=saved.team_id)
    status = 400 if form.errors else 200
    return render(request, "orgs/opening_form.html", {"form": form, "team": team, "opening": None}, status=status)


@org_view()
@require_http_methods(["GET", "POST"])
def opening_edit(request, opening_id: int):
    access = request.org_access
    opening = opening_get(org=access.org, opening_id=opening_id)
    _require_edit(access, opening.team_id)
    form = OpeningForm(request.POST if request.method == "POST" else None, access=access, instance=opening)
    saved = _save(
        request,
        form,
        partial(opening_update, access=access, opening=opening),
        lambda opening: f"Saved the opening for a {opening.role.name}.",
    )
    if saved is not None:
        return redirect("orgs:team_detail", org_slug=access.org.slug, team_id=saved.team_id)
    status = 400 if form.errors else 200
    context = {"form": form, "team": opening.team, "opening": opening}
    return render(request, "orgs/opening_form.html", context, status=status)


@org_view()
@require_POST
def opening_remove(request, opening_id: int):
    access = request.org_access
    opening = opening_get(org=access.org, opening_id=opening_id)
    opening_delete(access=access, opening=opening)
    messages.success(request, f"The opening for a {opening.role.name} was removed.")
    return redirect("orgs:team_detail", org_slug=access.org.slug, team_id=opening.team_id)
