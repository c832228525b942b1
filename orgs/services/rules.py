"""The checks every write to an organisation's data shares: the object is of the editor's organisation
(else 404), the editor may edit its team (else 403), and the model's own rules hold (else 400, or 409 for
a race)."""

from django.db.models import Model
from django.http import Http404

from teamplanner.exceptions import ApplicationError, ForbiddenError, save_checked

from ..models import Team
from ..tenancy import OrgAccess

NOT_ALLOWED = "You can only change the teams you lead."


def check_team(access: OrgAccess, team: Team | int | None) -> None:
    """403 unless the editor may edit `team` (admins every team, leads the teams they lead)."""
    if not access.can_edit_team(team):
        raise ForbiddenError(NOT_ALLOWED)


def same_org(access: OrgAccess, *objects) -> None:
    """404 for an object of another organisation (None is skipped)."""
    for obj in objects:
        if obj is not None and obj.organization_id != access.org.pk:
            raise Http404("Not found.")


def check_fields(fields: dict, allowed: tuple[str, ...]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ApplicationError(f"Unknown field(s): {', '.join(sorted(unknown))}.")


def create_in_team(access: OrgAccess, model: type[Model], *, team: Team, related=(), **fields) -> Model:
    """Add a `model` row (a person, ML system or opening) to `team`, which the editor must be able to edit."""
    same_org(access, team, *related)
    check_team(access, team)
    obj = model(organization=access.org, team=team, **fields)
    save_checked(obj)
    return obj


def update_team_member(access: OrgAccess, obj, fields: dict, allowed: tuple[str, ...], *related) -> None:
    """Set `fields` on a person, ML system or opening and save it; moving it needs both teams editable."""
    check_fields(fields, allowed)
    same_org(access, obj, fields.get("team"), *related)
    check_team(access, obj.team_id)
    if "team" in fields:
        check_team(access, fields["team"])
    for name, value in fields.items():
        setattr(obj, name, value)
    save_checked(obj)


def delete_team_member(access: OrgAccess, obj) -> None:
    """Delete a person, ML system or opening of a team the editor may edit."""
    same_org(access, obj)
    check_team(access, obj.team_id)
    obj.delete()
