"""Raw sheets to typed records: one record per valid row, every bad cell reported.

References to the catalog (roles, skills, responsibilities) are resolved here; references between
rows (teams, people) are checked later against the file and the organisation's data together.
"""

from dataclasses import dataclass, field
from datetime import date

from roles.models import Responsibility, RoleTemplate, Skill

from . import cells
from .cells import CellError
from .hints import Hints
from .reader import RawSheet, RawWorkbook
from .report import ImportReport
from .spec import ENUMS, MAX_LENGTHS, SHEETS


class _Keep:
    """The value of a column the file does not set: an update keeps what is there, a create uses the default."""

    def __repr__(self):
        return "KEEP"


KEEP = _Keep()


@dataclass(slots=True)
class TeamRec:
    row: int
    name: str
    key: str
    parent: object = KEEP  # team name as written, or None
    kind: object = KEEP
    pillar: object = KEEP
    lead_email: object = KEEP  # email or None


@dataclass(slots=True)
class PersonRec:
    row: int
    email: str
    name: str
    team: str  # team name as written
    role_id: int
    manager_email: object = KEEP
    fte: object = KEEP
    start_date: object = KEEP
    location: object = KEEP


@dataclass(slots=True)
class SkillRec:
    row: int
    email: str
    skill_id: int
    level: int


@dataclass(slots=True)
class AssignmentRec:
    row: int
    email: str
    responsibility_id: int
    level: str


@dataclass(slots=True)
class SystemRec:
    row: int
    name: str
    key: str
    team: str
    stage: str
    domain: object = KEEP
    owners: object = KEEP  # list of emails
    deployers: object = KEEP


@dataclass(slots=True)
class OpeningRec:
    row: int
    role_id: int
    team: str
    opened_on: date
    status: object = KEEP
    filled_on: object = KEEP


@dataclass
class Parsed:
    teams: list[TeamRec] = field(default_factory=list)
    people: list[PersonRec] = field(default_factory=list)
    skills: list[SkillRec] = field(default_factory=list)
    assignments: list[AssignmentRec] = field(default_factory=list)
    systems: list[SystemRec] = field(default_factory=list)
    openings: list[OpeningRec] = field(default_factory=list)
    # Every team name and person email the file defines, valid rows or not, so one bad cell
    # does not turn into a cascade of "unknown team" errors elsewhere.
    team_keys: dict[str, str] = field(default_factory=dict)  # key -> name as written
    person_emails: set[str] = field(default_factory=set)


class Catalog:
    """The shared catalog, looked up by slug or by name (case-insensitive); an unknown value is told the
    slugs (shorter than the names, and accepted too)."""

    def __init__(self):
        self.roles, self.role_hints = self._index(RoleTemplate, "role")
        self.skills, self.skill_hints = self._index(Skill, "skill")
        self.responsibilities, self.responsibility_hints = self._index(Responsibility, "responsibility")

    @staticmethod
    def _index(model, what: str) -> tuple[dict[str, int], Hints]:
        index: dict[str, int] = {}
        slugs = []
        for pk, slug, name in model.objects.values_list("pk", "slug", "name"):
            index.setdefault(cells.key(name), pk)
            index[slug.lower()] = pk
            slugs.append(slug)
        return index, Hints(what, slugs)


class _Row:
    """Reads the cells of one row, collecting errors instead of stopping at the first."""

    def __init__(self, report: ImportReport, sheet: str, number: int, values: dict):
        self.report, self.sheet, self.number, self.values = report, sheet, number, values
        self.ok = True

    def fail(self, column: str, message: str):
        self.ok = False
        self.report.error(message, sheet=self.sheet, row=self.number, column=column)

    def has(self, column: str) -> bool:
        return column in self.values

    def get(self, column: str, convert, *args, required=False, blank=None):
        """The converted cell; `blank` when empty (KEEP for columns where empty means "leave as is")."""
        if column not in self.values:
            return KEEP
        raw = self.values[column]
        if cells.is_blank(raw):
            if required:
                self.fail(column, "a value is required")
            return blank
        try:
            return convert(raw, *args)
        except CellError as exc:
            self.fail(column, str(exc))
            return None

    def text(self, column: str, required=False, blank=""):
        return self.get(column, cells.text, MAX_LENGTHS.get((self.sheet, column)), required=required, blank=blank)

    def enum(self, column: str, required=False, blank=None):
        return self.get(column, cells.choice, ENUMS[(self.sheet, column)], required=required, blank=blank)

    def lookup(self, column: str, index: dict[str, int], hints: Hints):
        raw = self.values.get(column)
        if cells.is_blank(raw):
            self.fail(column, "a value is required")
            return None
        try:
            found = index.get(cells.key(raw)) or index.get(cells.text(raw).lower())
        except CellError as exc:
            self.fail(column, str(exc))
            return None
        if found is None:
            value = cells.text(raw)
            self.fail(column, hints.message(value) if not self.report.listing_full else f"unknown {hints.what}")
        return found


def _rows(sheet: RawSheet, report: ImportReport):
    """(row number, {column: raw value}) for the columns of the format; header problems reported once."""
    spec = SHEETS[sheet.name]
    positions: dict[str, int] = {}  # column -> its place among the kept values
    for index, header in enumerate(sheet.headers):
        if not header:
            continue
        if header not in spec.columns:
            # The name once, shortened: it is the column of the issue, not repeated in the message.
            report.warn("This column is not part of the format and was ignored.", sheet.name, 1, cells.shown(header))
        elif header in positions:
            report.error("This column appears twice in the header.", sheet=sheet.name, row=1, column=header)
        else:
            positions[header] = sheet.kept.index(index)
    missing = [c for c in spec.required if c not in positions]
    for column in missing:
        report.error("The required column is missing from the header.", sheet=sheet.name, row=1, column=column)
    if missing:
        return
    for number, values in sheet.rows:
        yield number, {c: values[i] for c, i in positions.items()}


def _duplicate(seen: dict, key, row: _Row, column: str, what: str) -> bool:
    if key in seen:
        row.fail(column, f"duplicate {what}: already on row {seen[key]}")
        return True
    seen[key] = row.number
    return False


def parse_workbook(workbook: RawWorkbook, catalog: Catalog, report: ImportReport) -> Parsed:
    parsed = Parsed()
    sheets = workbook.sheets
    if "teams" in sheets:
        _parse_teams(sheets["teams"], parsed, report)
    if "people" in sheets:
        _parse_people(sheets["people"], parsed, catalog, report)
    if "skills" in sheets:
        _parse_skills(sheets["skills"], parsed, catalog, report)
    if "assignments" in sheets:
        _parse_assignments(sheets["assignments"], parsed, catalog, report)
    if "systems" in sheets:
        _parse_systems(sheets["systems"], parsed, report)
    if "openings" in sheets:
        _parse_openings(sheets["openings"], parsed, catalog, report)
    return parsed


def _parse_teams(sheet, parsed: Parsed, report):
    seen: dict[str, int] = {}
    for number, values in _rows(sheet, report):
        row = _Row(report, "teams", number, values)
        name = row.text("name", required=True)
        if not name:
            continue
        key = cells.key(name)
        if _duplicate(seen, key, row, "name", f"team '{name}'"):
            continue
        parsed.team_keys[key] = name
        parent = row.text("parent", blank=None)
        rec = TeamRec(
            row=number,
            name=" ".join(name.split()),
            key=key,
            parent=parent,
            kind=row.enum("kind", blank=KEEP),
            pillar=row.enum("pillar", blank=KEEP),
            lead_email=row.get("lead_email", cells.email),
        )
        if isinstance(parent, str) and cells.key(parent) == key:
            row.fail("parent", f"team '{name}' cannot be its own parent")
        if row.ok:
            parsed.teams.append(rec)


def _parse_people(sheet, parsed: Parsed, catalog: Catalog, report):
    seen: dict[str, int] = {}
    for number, values in _rows(sheet, report):
        row = _Row(report, "people", number, values)
        email = row.get("email", cells.email, required=True)
        if email and _duplicate(seen, email, row, "email", f"person '{email}'"):
            continue
        if email:
            parsed.person_emails.add(email)
        name = row.text("name", required=True)
        team = row.text("team", required=True)
        role_id = row.lookup("role", catalog.roles, catalog.role_hints)
        manager = row.get("manager_email", cells.email)
        if email and manager == email:
            row.fail("manager_email", "a person cannot be their own manager")
        rec = PersonRec(
            row=number,
            email=email or "",
            name=" ".join((name or "").split()),
            team=team or "",
            role_id=role_id or 0,
            manager_email=manager,
            fte=row.get("fte", cells.fte, blank=KEEP),
            start_date=row.get("start_date", cells.iso_date),
            location=row.text("location"),
        )
        if row.ok:
            parsed.people.append(rec)


def _parse_skills(sheet, parsed: Parsed, catalog: Catalog, report):
    seen: dict[tuple, int] = {}
    for number, values in _rows(sheet, report):
        row = _Row(report, "skills", number, values)
        email = row.get("email", cells.email, required=True)
        skill_id = row.lookup("skill", catalog.skills, catalog.skill_hints)
        level = row.get("level", cells.skill_level, required=True)
        if row.ok and not _duplicate(seen, (email, skill_id), row, "skill", "skill for this person"):
            parsed.skills.append(SkillRec(number, email, skill_id, level))


def _parse_assignments(sheet, parsed: Parsed, catalog: Catalog, report):
    seen: dict[tuple, int] = {}
    for number, values in _rows(sheet, report):
        row = _Row(report, "assignments", number, values)
        email = row.get("email", cells.email, required=True)
        resp_id = row.lookup("responsibility", catalog.responsibilities, catalog.responsibility_hints)
        level = row.enum("level", required=True)
        if row.ok and not _duplicate(seen, (email, resp_id), row, "responsibility", "assignment for this person"):
            parsed.assignments.append(AssignmentRec(number, email, resp_id, level))


def _parse_systems(sheet, parsed: Parsed, report):
    seen: dict[str, int] = {}
    for number, values in _rows(sheet, report):
        row = _Row(report, "systems", number, values)
        name = row.text("name", required=True)
        team = row.text("team", required=True)
        stage = row.enum("stage", required=True)
        rec = SystemRec(
            row=number,
            name=" ".join((name or "").split()),
            key=cells.key(name) if name else "",
            team=team or "",
            stage=stage or "",
            domain=row.text("domain"),
            owners=row.get("owners", cells.emails, blank=[]),
            deployers=row.get("deployers", cells.emails, blank=[]),
        )
        if name and _duplicate(seen, rec.key, row, "name", f"system '{name}'"):
            continue
        if row.ok:
            parsed.systems.append(rec)


def _parse_openings(sheet, parsed: Parsed, catalog: Catalog, report):
    for number, values in _rows(sheet, report):
        row = _Row(report, "openings", number, values)
        role_id = row.lookup("role", catalog.roles, catalog.role_hints)
        team = row.text("team", required=True)
        opened_on = row.get("opened_on", cells.iso_date, required=True)
        rec = OpeningRec(
            row=number,
            role_id=role_id or 0,
            team=team or "",
            opened_on=opened_on,
            status=row.enum("status", blank=KEEP),
            filled_on=row.get("filled_on", cells.iso_date),
        )
        if row.ok:
            parsed.openings.append(rec)
