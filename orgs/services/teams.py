"""Writes to an organisation's teams and their openings.

Admins change every team. Leads change the teams they lead and add teams below them; the team they were
given stays where the admins put it: only admins move or remove it (`OrgAccess.can_move_team`).
"""

import datetime

from django.db import transaction

from roles.models import RoleTemplate
from teamplanner.exceptions import ApplicationError, ConflictError, ForbiddenError, save_checked

from ..models import Opening, Person, Team
from ..tenancy import OrgAccess
from .rules import (
    check_fields,
    check_team,
    create_in_team,
    delete_team_member,
    same_org,
    update_team_member,
)

TEAM_FIELDS = ("name", "parent", "kind", "pillar", "lead", "description")
OPENING_FIELDS = ("team", "role", "opened_on", "status", "filled_on")

ONLY_ADMINS_MOVE = "Only an organisation admin can move the team you lead."
ONLY_ADMINS_REMOVE = "Only an organisation admin can remove the team you lead."


def _check_parent(access: OrgAccess, parent: Team | None) -> None:
    """A team goes below a team the editor may edit; only admins add or move teams to the top."""
    if parent is None and not access.is_admin:
        raise ApplicationError(
            "Choose the team the new team belongs to.", extra={"parent": ["Leads add teams below the teams they lead."]}
        )
    if parent is not None:
        check_team(access, parent)


def _check_move(access: OrgAccess, team: Team) -> None:
    """403 unless the editor may move or remove `team` (not the team a lead was given)."""
    if not access.can_move_team(team):
        raise ForbiddenError(ONLY_ADMINS_MOVE, extra={"parent": [ONLY_ADMINS_MOVE]})


@transaction.atomic
def team_create(
    *,
    access: OrgAccess,
    name: str,
    parent: Team | None = None,
    kind: str = "other",
    pillar: str = "mixed",
    lead: Person | None = None,
    description: str = "",
) -> Team:
    """Add a team: admins anywhere, leads below a team they lead."""
    same_org(access, parent, lead)
    _check_parent(access, parent)
    team = Team(
        organization=access.org,
        name=name,
        parent=parent,
        kind=kind,
        pillar=pillar,
        lead=lead,
        description=description,
    )
    save_checked(team)
    return team


@transaction.atomic
def team_update(*, access: OrgAccess, team: Team, **fields) -> Team:
    """Change a team (any of TEAM_FIELDS); a new parent must be editable, and leads cannot move their own team."""
    check_fields(fields, TEAM_FIELDS)
    same_org(access, team, fields.get("parent"), fields.get("lead"))
    check_team(access, team)
    if "parent" in fields and fields["parent"] != team.parent:
        _check_move(access, team)
        _check_parent(access, fields["parent"])
    for name, value in fields.items():
        setattr(team, name, value)
    save_checked(team)
    return team


@transaction.atomic
def team_delete(*, access: OrgAccess, team: Team) -> None:
    """Remove an empty team (its openings go with it). People, ML systems and sub-teams must be moved first."""
    same_org(access, team)
    check_team(access, team)
    if not access.can_move_team(team):
        raise ForbiddenError(ONLY_ADMINS_REMOVE)
    team = Team.objects.select_for_update().get(pk=team.pk)
    left = {
        "people": team.members.count(),
        "ML systems": team.systems.count(),
        "sub-teams": team.children.count(),
    }
    still = [f"{count} {what}" for what, count in left.items() if count]
    if still:
        raise ConflictError(
            f"{team.name} still has {', '.join(still)}. Move them to another team first, then remove it.",
            extra={"dependents": [what for what, count in left.items() if count]},
        )
    team.delete()


@transaction.atomic
def opening_create(
    *,
    access: OrgAccess,
    team: Team,
    role: RoleTemplate,
    opened_on: datetime.date,
    status: str = "open",
    filled_on: datetime.date | None = None,
) -> Opening:
    """Add an open role to a team the editor may edit."""
    return create_in_team(
        access, Opening, team=team, role=role, opened_on=opened_on, status=status, filled_on=filled_on
    )


@transaction.atomic
def opening_update(*, access: OrgAccess, opening: Opening, **fields) -> Opening:
    """Change an opening (any of OPENING_FIELDS): fill it, cancel it, move it; both teams must be editable."""
    update_team_member(access, opening, fields, OPENING_FIELDS)
    return opening


@transaction.atomic
def opening_delete(*, access: OrgAccess, opening: Opening) -> None:
    """Remove an opening of a team the editor may edit."""
    delete_team_member(access, opening)
