"""Check references across the file and the organisation's data, then work out what would change.

Nothing is written here: the plan is what a dry run reports and what `apply` writes.
"""

from dataclasses import dataclass, field

from ..choices import OpeningStatus
from . import cells
from .hints import Hints
from .parse import KEEP, Parsed
from .report import ImportReport
from .snapshot import Snapshot


@dataclass
class Plan:
    """Rows to write: (record, current row) pairs; current is None for a row to create."""

    teams: list = field(default_factory=list)
    people: list = field(default_factory=list)
    skills: list = field(default_factory=list)
    assignments: list = field(default_factory=list)
    systems: list = field(default_factory=list)
    openings: list = field(default_factory=list)


def find_cycles(parents: dict[str, str | None]) -> dict[str, list[str]]:
    """Nodes that lie on a cycle of `parents` (child -> parent), each with its cycle, in linear time."""
    state: dict[str, int] = {}  # 1 = on the path being walked, 2 = finished
    on_cycle: dict[str, list[str]] = {}
    for start in parents:
        if start in state:
            continue
        path: list[str] = []
        index: dict[str, int] = {}
        node = start
        while node is not None and node not in state:
            state[node] = 1
            index[node] = len(path)
            path.append(node)
            node = parents.get(node)
        if node is not None and state.get(node) == 1:
            cycle = path[index[node] :]
            for member in cycle:
                on_cycle[member] = cycle
        for member in path:
            state[member] = 2
    return on_cycle


def _cycle_text(cycle: list[str], start: str, label) -> str:
    at = cycle.index(start)
    ordered = cycle[at:] + cycle[:at] + [start]
    shown = [label(n) for n in ordered]
    if len(shown) > 8:
        shown = shown[:4] + ["..."] + shown[-3:]
    return " → ".join(shown)


class _Planner:
    def __init__(self, parsed: Parsed, snap: Snapshot, report: ImportReport):
        self.parsed, self.snap, self.report = parsed, snap, report
        self.plan = Plan()
        self.known_teams = set(snap.teams) | set(parsed.team_keys)
        self.known_people = set(snap.people) | parsed.person_emails
        self.team_hints = Hints("team", [row["name"] for row in snap.teams.values()] + list(parsed.team_keys.values()))
        self._person_hints: Hints | None = None

    @property
    def person_hints(self) -> Hints:
        if self._person_hints is None:  # (built on the first unknown person only)
            self._person_hints = Hints("person", self.known_people)
        return self._person_hints

    def unknown(self, hints: Hints, value: str) -> str:
        return hints.message(value) if not self.report.listing_full else f"unknown {hints.what}"

    def count(self, sheet: str, current, changed: bool):
        counts = self.report.sheets[sheet]
        if current is None:
            counts.created += 1
        elif changed:
            counts.updated += 1
        else:
            counts.unchanged += 1

    def team_ok(self, sheet: str, row: int, column: str, name: str) -> bool:
        if cells.key(name) in self.known_teams:
            return True
        self.report.error(self.unknown(self.team_hints, name), sheet=sheet, row=row, column=column)
        return False

    def person_ok(self, sheet: str, row: int, column: str, email: str) -> bool:
        if email in self.known_people:
            return True
        self.report.error(self.unknown(self.person_hints, email), sheet=sheet, row=row, column=column)
        return False

    # --- teams ------------------------------------------------------------------------------------------

    def teams(self):
        snap = self.snap
        parents = {key: snap.team_key_by_id.get(row["parent_id"]) for key, row in snap.teams.items()}
        names = {key: row["name"] for key, row in snap.teams.items()} | self.parsed.team_keys
        valid = []
        for rec in self.parsed.teams:
            ok = True
            if isinstance(rec.parent, str):
                ok &= self.team_ok("teams", rec.row, "parent", rec.parent)
            if isinstance(rec.lead_email, str):
                ok &= self.person_ok("teams", rec.row, "lead_email", rec.lead_email)
            if rec.parent is not KEEP:
                parents[rec.key] = cells.key(rec.parent) if rec.parent else None
            if ok:
                valid.append(rec)
        cycles = find_cycles(parents)
        for rec in valid:
            if rec.key in cycles and rec.parent is not KEEP:
                path = _cycle_text(cycles[rec.key], rec.key, lambda k: names.get(k, k))
                self.report.error(
                    f"team '{rec.name}' would be its own ancestor ({path})", sheet="teams", row=rec.row, column="parent"
                )
                continue
            current = snap.teams.get(rec.key)
            changed = current is not None and (
                rec.name != current["name"]
                or (rec.kind is not KEEP and rec.kind != current["kind"])
                or (rec.pillar is not KEEP and rec.pillar != current["pillar"])
                or (rec.parent is not KEEP and _key(rec.parent) != snap.team_key_by_id.get(current["parent_id"]))
                or (rec.lead_email is not KEEP and rec.lead_email != snap.email_by_id.get(current["lead_id"]))
            )
            self.count("teams", current, changed)
            if current is None or changed:
                self.plan.teams.append((rec, current))

    # --- people -----------------------------------------------------------------------------------------

    def people(self):
        snap = self.snap
        managers = {email: snap.email_by_id.get(row["manager_id"]) for email, row in snap.people.items()}
        valid = []
        for rec in self.parsed.people:
            ok = self.team_ok("people", rec.row, "team", rec.team)
            if isinstance(rec.manager_email, str):
                ok &= self.person_ok("people", rec.row, "manager_email", rec.manager_email)
            if rec.manager_email is not KEEP:
                managers[rec.email] = rec.manager_email
            if ok:
                valid.append(rec)
        cycles = find_cycles(managers)
        for rec in valid:
            if rec.email in cycles and rec.manager_email is not KEEP:
                path = _cycle_text(cycles[rec.email], rec.email, str)
                self.report.error(
                    f"this manager would create a reporting cycle ({path})",
                    sheet="people",
                    row=rec.row,
                    column="manager_email",
                )
                continue
            current = snap.people.get(rec.email)
            changed = current is not None and (
                rec.name != current["name"]
                or cells.key(rec.team) != snap.team_key_by_id.get(current["team_id"])
                or rec.role_id != current["role_id"]
                or (rec.manager_email is not KEEP and rec.manager_email != snap.email_by_id.get(current["manager_id"]))
                or (rec.fte is not KEEP and rec.fte != current["fte"])
                or (rec.start_date is not KEEP and rec.start_date != current["start_date"])
                or (rec.location is not KEEP and rec.location != current["location"])
            )
            self.count("people", current, changed)
            if current is None or changed:
                self.plan.people.append((rec, current))

    # --- skills and assignments -------------------------------------------------------------------------

    def levels(self, sheet: str, records, current_rows: dict, key_attr: str):
        target = getattr(self.plan, sheet)
        for rec in records:
            if not self.person_ok(sheet, rec.row, "email", rec.email):
                continue
            current = current_rows.get((rec.email, getattr(rec, key_attr)))
            changed = current is not None and current["level"] != rec.level
            self.count(sheet, current, changed)
            if current is None or changed:
                target.append((rec, current))

    # --- systems ----------------------------------------------------------------------------------------

    def systems(self):
        snap = self.snap
        for rec in self.parsed.systems:
            ok = self.team_ok("systems", rec.row, "team", rec.team)
            for column in ("owners", "deployers"):
                emails = getattr(rec, column)
                if emails is KEEP:
                    continue
                unknown = [e for e in emails if e not in self.known_people]
                if unknown:
                    ok = False
                    message = self.unknown(self.person_hints, unknown[0])
                    if len(unknown) > 1:
                        message = f"{len(unknown)} unknown people, the first: {message}"
                    self.report.error(message, sheet="systems", row=rec.row, column=column)
            if not ok:
                continue
            current = snap.systems.get(rec.key)
            changed = current is not None and (
                rec.name != current["name"]
                or cells.key(rec.team) != snap.team_key_by_id.get(current["team_id"])
                or rec.stage != current["stage"]
                or (rec.domain is not KEEP and rec.domain != current["domain"])
                or (rec.owners is not KEEP and set(rec.owners) != snap.owners.get(current["id"], set()))
                or (rec.deployers is not KEEP and set(rec.deployers) != snap.deployers.get(current["id"], set()))
            )
            self.count("systems", current, changed)
            if current is None or changed:
                self.plan.systems.append((rec, current))

    # --- openings ---------------------------------------------------------------------------------------

    def openings(self):
        # Openings have no name: the n-th row for a (team, role, opened on) matches the n-th such opening.
        taken: dict[tuple, int] = {}
        for rec in self.parsed.openings:
            if not self.team_ok("openings", rec.row, "team", rec.team):
                continue
            key = (cells.key(rec.team), rec.role_id, rec.opened_on)
            n = taken.get(key, 0)
            taken[key] = n + 1
            existing = self.snap.openings.get(key, [])
            current = existing[n] if n < len(existing) else None
            status = rec.status if rec.status is not KEEP else (current["status"] if current else OpeningStatus.OPEN)
            filled_on = rec.filled_on if rec.filled_on is not KEEP else (current["filled_on"] if current else None)
            if filled_on and filled_on < rec.opened_on:
                self.report.error(
                    "an opening cannot be filled before it was opened",
                    sheet="openings",
                    row=rec.row,
                    column="filled_on",
                )
                continue
            if status == OpeningStatus.FILLED and not filled_on:
                self.report.error(
                    "a filled opening needs the date it was filled", sheet="openings", row=rec.row, column="filled_on"
                )
                continue
            changed = current is not None and (status != current["status"] or filled_on != current["filled_on"])
            self.count("openings", current, changed)
            if current is None or changed:
                self.plan.openings.append((rec, current))


def _key(name) -> str | None:
    return cells.key(name) if name else None


def build_plan(parsed: Parsed, snap: Snapshot, report: ImportReport) -> Plan:
    planner = _Planner(parsed, snap, report)
    planner.teams()
    planner.people()
    planner.levels("skills", parsed.skills, snap.skills, "skill_id")
    planner.levels("assignments", parsed.assignments, snap.assignments, "responsibility_id")
    planner.systems()
    planner.openings()
    return planner.plan
