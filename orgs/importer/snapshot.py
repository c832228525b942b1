"""The organisation's current data, read in a fixed handful of queries and keyed like the file."""

from collections import defaultdict
from dataclasses import dataclass, field

from ..models import Assignment, MLSystem, Opening, Organization, Person, PersonSkill, Team
from . import cells


@dataclass
class Snapshot:
    teams: dict[str, dict] = field(default_factory=dict)  # team key -> row
    team_key_by_id: dict[int, str] = field(default_factory=dict)
    people: dict[str, dict] = field(default_factory=dict)  # email -> row
    email_by_id: dict[int, str] = field(default_factory=dict)
    skills: dict[tuple[str, int], dict] = field(default_factory=dict)  # (email, skill id) -> row
    assignments: dict[tuple[str, int], dict] = field(default_factory=dict)  # (email, responsibility id) -> row
    systems: dict[str, dict] = field(default_factory=dict)  # system key -> row
    owners: dict[int, set[str]] = field(default_factory=dict)  # system id -> emails
    deployers: dict[int, set[str]] = field(default_factory=dict)
    openings: dict[tuple, list[dict]] = field(default_factory=dict)  # (team key, role id, opened on) -> rows

    @classmethod
    def load(cls, org: Organization) -> "Snapshot":
        snap = cls()
        if org.pk is None:  # an organisation the import is about to create
            return snap
        for row in (
            Team.objects.filter(organization=org)
            .values("id", "name", "parent_id", "kind", "pillar", "lead_id")
            .order_by("pk")
        ):
            key = cells.key(row["name"])
            snap.teams.setdefault(key, row)
            snap.team_key_by_id[row["id"]] = key
        for row in Person.objects.filter(organization=org).values(
            "id", "email", "name", "team_id", "role_id", "manager_id", "fte", "start_date", "location"
        ):
            email = row["email"].lower()
            snap.people[email] = row
            snap.email_by_id[row["id"]] = email
        emails = snap.email_by_id
        for row in PersonSkill.objects.filter(person__organization=org).values("id", "person_id", "skill_id", "level"):
            snap.skills[(emails[row["person_id"]], row["skill_id"])] = row
        for row in Assignment.objects.filter(person__organization=org).values(
            "id", "person_id", "responsibility_id", "level"
        ):
            snap.assignments[(emails[row["person_id"]], row["responsibility_id"])] = row
        for row in MLSystem.objects.filter(organization=org).values("id", "name", "team_id", "stage", "domain"):
            snap.systems[cells.key(row["name"])] = row
        for relation, target in (("owners", snap.owners), ("deployers", snap.deployers)):
            through = getattr(MLSystem, relation).through
            for system_id, person_id in through.objects.filter(mlsystem__organization=org).values_list(
                "mlsystem_id", "person_id"
            ):
                target.setdefault(system_id, set()).add(emails[person_id])
        grouped = defaultdict(list)
        for row in (
            Opening.objects.filter(organization=org)
            .values("id", "team_id", "role_id", "opened_on", "status", "filled_on")
            .order_by("pk")
        ):
            grouped[(snap.team_key_by_id[row["team_id"]], row["role_id"], row["opened_on"])].append(row)
        snap.openings = dict(grouped)
        return snap
