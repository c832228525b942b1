"""Writes to an organisation's ML systems, with the people who own and deploy them."""

from collections.abc import Iterable

from django.db import transaction

from teamplanner.exceptions import ApplicationError

from ..models import MLSystem, Person, Team
from ..tenancy import OrgAccess
from .rules import create_in_team, delete_team_member, update_team_member

SYSTEM_FIELDS = ("name", "team", "stage", "domain", "description")


def _set_system_people(system: MLSystem, owners: Iterable[Person] | None, deployers: Iterable[Person] | None):
    for relation, people in (("owners", owners), ("deployers", deployers)):
        if people is None:
            continue
        people = list(people)
        if any(p.organization_id != system.organization_id for p in people):
            raise ApplicationError("Owners and deployers must be people of this organisation.")
        getattr(system, relation).set(people)


@transaction.atomic
def system_create(
    *,
    access: OrgAccess,
    name: str,
    team: Team,
    stage: str,
    domain: str = "",
    description: str = "",
    owners: Iterable[Person] = (),
    deployers: Iterable[Person] = (),
) -> MLSystem:
    """Add an ML system to a team the editor may edit."""
    system = create_in_team(access, MLSystem, team=team, name=name, stage=stage, domain=domain, description=description)
    _set_system_people(system, owners, deployers)
    return system


@transaction.atomic
def system_update(
    *,
    access: OrgAccess,
    system: MLSystem,
    owners: Iterable[Person] | None = None,
    deployers: Iterable[Person] | None = None,
    **fields,
) -> MLSystem:
    """Change an ML system (any of SYSTEM_FIELDS, owners, deployers); moving it needs both teams editable."""
    update_team_member(access, system, fields, SYSTEM_FIELDS)
    _set_system_people(system, owners, deployers)
    return system


@transaction.atomic
def system_delete(*, access: OrgAccess, system: MLSystem) -> None:
    """Remove an ML system of a team the editor may edit."""
    delete_team_member(access, system)
