"""Write a checked plan with bulk statements: a bounded number of queries, whatever the size of the file.

New teams and people are created parents-first (a team after its parent, a person after their
manager), so their links are set on insert; rows that change are updated one bulk statement per
set of changed fields, and levels (few distinct values) one UPDATE per value.
"""

from collections import defaultdict

from django.utils import timezone

from ..choices import OpeningStatus, TeamKind, TeamPillar
from ..models import Assignment, MLSystem, Opening, Organization, Person, PersonSkill, Team
from . import cells
from .parse import KEEP
from .plan import Plan
from .snapshot import Snapshot

BATCH = 500


def _value(value, fallback):
    return fallback if value is KEEP else value


def _chunks(items: list, size: int = BATCH):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _by_depth(records, key_of, parent_of) -> list[list]:
    """`records` grouped into generations: those whose parent is not among them first, then their children..."""
    keys = {key_of(r) for r in records}
    depth_cache: dict = {}

    def depth(record) -> int:
        chain, node = [], record
        while True:
            key = key_of(node)
            if key in depth_cache:
                base = depth_cache[key]
                break
            parent = parent_of(node)
            if parent is None or parent not in keys:
                base = -1
                chain.append(key)
                break
            chain.append(key)
            node = by_key[parent]
        for offset, key in enumerate(reversed(chain), start=1):
            depth_cache[key] = base + offset
        return depth_cache[key_of(record)]

    by_key = {key_of(r): r for r in records}
    generations: dict[int, list] = defaultdict(list)
    for record in records:
        generations[depth(record)].append(record)
    return [generations[d] for d in sorted(generations)]


def _update(model, changes: list[tuple[object, tuple[str, ...]]], now=None):
    """Bulk-update objects grouped by the fields that changed; `updated_at` in plain UPDATEs afterwards."""
    groups: dict[tuple[str, ...], list] = defaultdict(list)
    for obj, fields in changes:
        if fields:
            groups[fields].append(obj)
    for fields, objects in groups.items():
        model.objects.bulk_update(objects, list(fields), batch_size=BATCH)
    if now is not None:
        ids = [obj.pk for obj, fields in changes if fields]
        for chunk in _chunks(ids):
            model.objects.filter(pk__in=chunk).update(updated_at=now)


def _changed(obj, current: dict, fields: tuple[str, ...]) -> tuple[str, ...]:
    """The fields of `obj` whose value differs from the snapshot row `current`."""
    attnames = {f: obj._meta.get_field(f).attname for f in fields}
    return tuple(f for f, attname in attnames.items() if getattr(obj, attname) != current[attname])


def _person_changes(plan: Plan, team_pk: dict, person_ref) -> list:
    """The people of the workbook that exist already, with the fields that change."""
    changes = []
    for rec, current in plan.people:
        if current is None:
            continue
        person = Person(
            pk=current["id"],
            name=rec.name,
            team_id=team_pk[cells.key(rec.team)],
            role_id=rec.role_id,
            manager_id=person_ref(rec.manager_email, current["manager_id"]),
            fte=_value(rec.fte, current["fte"]),
            start_date=_value(rec.start_date, current["start_date"]),
            location=_value(rec.location, current["location"]),
        )
        fields = ("name", "team", "role", "manager", "fte", "start_date", "location")
        changes.append((person, _changed(person, current, fields)))
    return changes


def apply_plan(org: Organization, plan: Plan, snap: Snapshot) -> None:
    now = timezone.now()
    team_pk = {key: row["id"] for key, row in snap.teams.items()}
    person_pk = {email: row["id"] for email, row in snap.people.items()}

    def team_ref(name, current_id=None):
        return current_id if name is KEEP else (team_pk[cells.key(name)] if name else None)

    def person_ref(email, current_id=None):
        return current_id if email is KEEP else (person_pk[email] if email else None)

    # Teams: new ones parents-first, with their parent set on insert.
    new_teams = [rec for rec, current in plan.teams if current is None]
    for generation in _by_depth(new_teams, lambda r: r.key, lambda r: cells.key(r.parent) if r.parent else None):
        objects = [
            Team(
                organization=org,
                name=rec.name,
                kind=_value(rec.kind, TeamKind.OTHER),
                pillar=_value(rec.pillar, TeamPillar.MIXED),
                parent_id=team_ref(rec.parent),
            )
            for rec in generation
        ]
        Team.objects.bulk_create(objects, batch_size=BATCH)
        team_pk.update({cells.key(t.name): t.pk for t in objects})

    # People: the same, managers first.
    new_people = [rec for rec, current in plan.people if current is None]
    for generation in _by_depth(new_people, lambda r: r.email, lambda r: r.manager_email or None):
        objects = [
            Person(
                organization=org,
                email=rec.email,
                name=rec.name,
                team_id=team_pk[cells.key(rec.team)],
                role_id=rec.role_id,
                manager_id=person_ref(rec.manager_email),
                fte=_value(rec.fte, 1),
                start_date=_value(rec.start_date, None),
                location=_value(rec.location, ""),
            )
            for rec in generation
        ]
        Person.objects.bulk_create(objects, batch_size=BATCH)
        person_pk.update({p.email: p.pk for p in objects})

    # Changed teams, and the leads of new teams (people exist now).
    team_changes = []
    for rec, current in plan.teams:
        if current is None:
            lead_id = person_ref(rec.lead_email)
            if lead_id:
                team_changes.append((Team(pk=team_pk[rec.key], lead_id=lead_id), ("lead",)))
            continue
        team = Team(
            pk=current["id"],
            name=rec.name,
            kind=_value(rec.kind, current["kind"]),
            pillar=_value(rec.pillar, current["pillar"]),
            parent_id=team_ref(rec.parent, current["parent_id"]),
            lead_id=person_ref(rec.lead_email, current["lead_id"]),
        )
        team_changes.append((team, _changed(team, current, ("name", "kind", "pillar", "parent", "lead"))))
    _update(Team, team_changes, now)

    _update(Person, _person_changes(plan, team_pk, person_ref), now)

    _write_levels(PersonSkill, plan.skills, person_pk, "skill_id", now=None)
    _write_levels(Assignment, plan.assignments, person_pk, "responsibility_id", now=now)
    _write_systems(org, plan, snap, team_pk, person_pk, now)
    _write_openings(org, plan, team_pk, now)
    Organization.objects.filter(pk=org.pk).update(data_changed_at=now)


def _write_levels(model, changes, person_pk, key_attr: str, now):
    model.objects.bulk_create(
        [
            model(person_id=person_pk[rec.email], level=rec.level, **{key_attr: getattr(rec, key_attr)})
            for rec, current in changes
            if current is None
        ],
        batch_size=BATCH,
    )
    by_level: dict[object, list[int]] = defaultdict(list)
    for rec, current in changes:
        if current is not None:
            by_level[rec.level].append(current["id"])
    extra = {"updated_at": now} if now else {}
    for level, ids in by_level.items():
        for chunk in _chunks(ids):
            model.objects.filter(pk__in=chunk).update(level=level, **extra)


def _write_systems(org, plan: Plan, snap: Snapshot, team_pk, person_pk, now):
    new = [
        MLSystem(
            organization=org,
            name=rec.name,
            team_id=team_pk[cells.key(rec.team)],
            stage=rec.stage,
            domain=_value(rec.domain, ""),
        )
        for rec, current in plan.systems
        if current is None
    ]
    MLSystem.objects.bulk_create(new, batch_size=BATCH)
    system_pk = {cells.key(s.name): s.pk for s in new}
    changes = []
    for rec, current in plan.systems:
        if current is None:
            continue
        system_pk[rec.key] = current["id"]
        system = MLSystem(
            pk=current["id"],
            name=rec.name,
            team_id=team_pk[cells.key(rec.team)],
            stage=rec.stage,
            domain=_value(rec.domain, current["domain"]),
        )
        fields = _changed(system, current, ("name", "team", "stage", "domain"))
        # a change of owners or deployers alone still marks the system as updated
        changes.append((system, fields or ("stage",)))
    _update(MLSystem, changes, now)

    for relation, existing in (("owners", snap.owners), ("deployers", snap.deployers)):
        through = getattr(MLSystem, relation).through
        reset, rows = [], []
        for rec, current in plan.systems:
            emails = getattr(rec, relation)
            if emails is KEEP:
                continue
            pk = system_pk[rec.key]
            if current is not None:
                if set(emails) == existing.get(pk, set()):
                    continue
                reset.append(pk)
            rows.extend(through(mlsystem_id=pk, person_id=person_pk[e]) for e in emails)
        for chunk in _chunks(reset):
            through.objects.filter(mlsystem_id__in=chunk).delete()
        through.objects.bulk_create(rows, batch_size=BATCH)


def _write_openings(org, plan: Plan, team_pk, now):
    Opening.objects.bulk_create(
        [
            Opening(
                organization=org,
                role_id=rec.role_id,
                team_id=team_pk[cells.key(rec.team)],
                opened_on=rec.opened_on,
                status=_value(rec.status, OpeningStatus.OPEN),
                filled_on=_value(rec.filled_on, None),
            )
            for rec, current in plan.openings
            if current is None
        ],
        batch_size=BATCH,
    )
    changes = [
        (
            Opening(
                pk=current["id"],
                status=_value(rec.status, current["status"]),
                filled_on=_value(rec.filled_on, current["filled_on"]),
            ),
            ("status", "filled_on"),
        )
        for rec, current in plan.openings
        if current is not None
    ]
    _update(Opening, changes, now)
