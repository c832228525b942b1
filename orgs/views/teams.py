"""Team and person pages, and the forms leads use to keep their team's people and ML systems current."""

from functools import partial

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from teamplanner.exceptions import ApplicationError, ForbiddenError

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
from ..services.rules import check_team
from .service_forms import call_service


def _posted(request):
    return request.POST if request.method == "POST" else None


def _form_page(request, form, *, save, success, done, template: str, context: dict, invalid_status: int = 200):
    """A form whose values go to `save(**form.service_fields())`.

    On a valid POST that saves: `success(obj)` as a message and the redirect `done(obj)`. Otherwise the page
    `template` with the form (a rule the service enforces lands on the form; a 403 is raised as it is),
    answered with `invalid_status` when the form has errors.
    """
    if request.method == "POST" and form.is_valid():
        obj = call_service(form, save, aliases={"manager": "manager_email"})
        if obj is not None:
            messages.success(request, success(obj))
            return done(obj)
    status = invalid_status if form.errors else 200
    return render(request, template, {"form": form, **context}, status=status)


def _to_team(access):
    return lambda obj: redirect("orgs:team_detail", org_slug=access.org.slug, team_id=obj.team_id)


def _to_person(access):
    return lambda person: redirect("orgs:person_detail", org_slug=access.org.slug, person_id=person.pk)


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
    check_team(access, team)
    form = PersonForm(_posted(request), access=access, initial={"team": team.pk, "fte": 1})
    return _form_page(
        request,
        form,
        save=partial(person_create, access=access),
        success=lambda person: f"{person.name} was added to {person.team.name}.",
        done=_to_person(access),
        template="orgs/person_form.html",
        context={"team": team, "person": None},
    )


@org_view()
@require_http_methods(["GET", "POST"])
def person_edit(request, person_id: int):
    access = request.org_access
    person = person_get(org=access.org, person_id=person_id)
    check_team(access, person.team_id)
    return _form_page(
        request,
        PersonForm(_posted(request), access=access, instance=person),
        save=partial(person_update, access=access, person=person),
        success=lambda person: f"Saved {person.name}.",
        done=_to_person(access),
        template="orgs/person_form.html",
        context={"team": person.team, "person": person},
    )


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
    check_team(access, team)
    return _form_page(
        request,
        MLSystemForm(_posted(request), access=access, initial={"team": team.pk, "stage": "idea"}),
        save=partial(system_create, access=access),
        success=lambda system: f"Added the ML system {system.name}.",
        done=_to_team(access),
        template="orgs/system_form.html",
        context={"team": team, "system": None},
    )


@org_view()
@require_http_methods(["GET", "POST"])
def system_edit(request, system_id: int):
    access = request.org_access
    system = system_get(org=access.org, system_id=system_id)
    check_team(access, system.team_id)
    return _form_page(
        request,
        MLSystemForm(_posted(request), access=access, instance=system),
        save=partial(system_update, access=access, system=system),
        success=lambda system: f"Saved the ML system {system.name}.",
        done=_to_team(access),
        template="orgs/system_form.html",
        context={"team": system.team, "system": system},
    )


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
        raise ForbiddenError("Only admins and team leads add teams.")
    parent_id = request.GET.get("parent", "")
    parent = team_get(org=access.org, team_id=int(parent_id)) if parent_id.isdigit() else None
    if parent is not None:
        check_team(access, parent)
    initial = {"parent": parent.pk if parent else None, "kind": "other", "pillar": "mixed"}
    return _form_page(
        request,
        TeamForm(_posted(request), access=access, initial=initial),
        save=partial(team_create, access=access),
        success=lambda team: f"Added the team {team.name}.",
        done=lambda team: redirect("orgs:team_detail", org_slug=access.org.slug, team_id=team.pk),
        template="orgs/team_form.html",
        context={"team": None, "parent": parent},
        invalid_status=400,
    )


@org_view()
@require_http_methods(["GET", "POST"])
def team_edit(request, team_id: int):
    access = request.org_access
    team = team_get(org=access.org, team_id=team_id)
    check_team(access, team)
    return _form_page(
        request,
        TeamForm(_posted(request), access=access, instance=team),
        save=partial(team_update, access=access, team=team),
        success=lambda team: f"Saved the team {team.name}.",
        done=lambda team: redirect("orgs:team_detail", org_slug=access.org.slug, team_id=team.pk),
        template="orgs/team_form.html",
        context={"team": team, "parent": team.parent, "can_remove": access.can_move_team(team)},
        invalid_status=400,
    )


@org_view()
@require_POST
def team_remove(request, team_id: int):
    access = request.org_access
    team = team_get(org=access.org, team_id=team_id)
    try:
        team_delete(access=access, team=team)
    except ForbiddenError:
        raise
    except ApplicationError as exc:
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
    check_team(access, team)
    initial = {"team": team.pk, "status": "open", "opened_on": timezone.localdate()}
    return _form_page(
        request,
        OpeningForm(_posted(request), access=access, initial=initial),
        save=partial(opening_create, access=access),
        success=lambda opening: f"Added an opening for a {opening.role.name}.",
        done=_to_team(access),
        template="orgs/opening_form.html",
        context={"team": team, "opening": None},
        invalid_status=400,
    )


@org_view()
@require_http_methods(["GET", "POST"])
def opening_edit(request, opening_id: int):
    access = request.org_access
    opening = opening_get(org=access.org, opening_id=opening_id)
    check_team(access, opening.team_id)
    return _form_page(
        request,
        OpeningForm(_posted(request), access=access, instance=opening),
        save=partial(opening_update, access=access, opening=opening),
        success=lambda opening: f"Saved the opening for a {opening.role.name}.",
        done=_to_team(access),
        template="orgs/opening_form.html",
        context={"team": opening.team, "opening": opening},
        invalid_status=400,
    )


@org_view()
@require_POST
def opening_remove(request, opening_id: int):
    access = request.org_access
    opening = opening_get(org=access.org, opening_id=opening_id)
    opening_delete(access=access, opening=opening)
    messages.success(request, f"The opening for a {opening.role.name} was removed.")
    return redirect("orgs:team_detail", org_slug=access.org.slug, team_id=opening.team_id)
