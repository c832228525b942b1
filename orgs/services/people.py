"""Writes to the people of an organisation: a person with their skill levels, and their cells of the
responsibility matrix. Leads change only the people of the teams they lead."""

from decimal import Decimal

from django.db import transaction

from roles.models import Responsibility, RoleTemplate, Skill
from teamplanner.exceptions import ApplicationError

from ..choices import AssignmentLevel
from ..models import Assignment, Person, PersonSkill, Team
from ..tenancy import OrgAccess
from .rules import check_team, create_in_team, delete_team_member, same_org, update_team_member

PERSON_FIELDS = ("name", "email", "team", "role", "manager", "fte", "start_date", "location")


def assignment_set(
    *, access: OrgAccess, person: Person, responsibility: Responsibility, level: str | None
) -> Assignment | None:
    """Set one cell of the matrix: `level` owner/contributor/backup, or None/"" to remove the assignment."""
    same_org(access, person)
    check_team(access, person.team_id)
    if level and level not in AssignmentLevel.values:
        raise ApplicationError(
            "Choose owner, contributor, backup or none.", extra={"level": [f"'{level}' is not a level."]}
        )
    with transaction.atomic():
        if not level:
            Assignment.objects.filter(person=person, responsibility=responsibility).delete()
            return None
        assignment, _ = Assignment.objects.update_or_create(
            person=person, responsibility=responsibility, defaults={"level": level}
        )
    return assignment


def _set_skills(person: Person, skills: dict[Skill, int | None]):
    existing = {ps.skill_id: ps for ps in PersonSkill.objects.filter(person=person)}
    for skill, level in skills.items():
        current = existing.get(skill.pk)
        if level is None:
            if current:
                current.delete()
        elif current is None:
            PersonSkill.objects.create(person=person, skill=skill, level=level)
        elif current.level != level:
            current.level = level
            current.save(update_fields=["level"])


@transaction.atomic
def person_create(
    *,
    access: OrgAccess,
    name: str,
    email: str,
    team: Team,
    role: RoleTemplate,
    manager: Person | None = None,
    fte: Decimal = Decimal("1"),
    start_date=None,
    location: str = "",
    skills: dict[Skill, int | None] | None = None,
) -> Person:
    """Add a person to a team the editor may edit."""
    person = create_in_team(
        access,
        Person,
        team=team,
        related=(manager,),
        name=name,
        email=email,
        role=role,
        manager=manager,
        fte=fte,
        start_date=start_date,
        location=location,
    )
    _set_skills(person, skills or {})
    return person


@transaction.atomic
def person_update(
    *, access: OrgAccess, person: Person, skills: dict[Skill, int | None] | None = None, **fields
) -> Person:
    """Change a person's fields (any of PERSON_FIELDS) and skill levels; moving them needs both teams editable."""
    update_team_member(access, person, fields, PERSON_FIELDS, fields.get("manager"))
    _set_skills(person, skills or {})
    return person


@transaction.atomic
def person_delete(*, access: OrgAccess, person: Person) -> None:
    """Remove a person of a team the editor may edit."""
    delete_team_member(access, person)
