"""Write an organisation's data in the import format (one .xlsx workbook), so export then import is a round trip."""

import io
from datetime import date

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from .importer.spec import SHEETS
from .models import Assignment, MLSystem, Opening, Organization, Person, PersonSkill, Team


def export_workbook(org: Organization) -> bytes:
    """The workbook bytes: one sheet per part of the format, header first, a fixed number of queries."""
    workbook = Workbook(write_only=True)
    for name, rows in _sheets(org):
        sheet = workbook.create_sheet(name)
        bold = Font(bold=True)
        header = []
        for column in SHEETS[name].columns:
            cell = WriteOnlyCell(sheet, value=column)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in rows:
            sheet.append([_cell(sheet, v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(sheet, value):
    if isinstance(value, str):
        # control characters (entered through the admin, say) cannot be stored in a workbook: drop them
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        # Text stays text: a name starting with "=" must not become a formula in someone's spreadsheet.
        cell.data_type = "s"
    elif isinstance(value, date):
        cell.number_format = "yyyy-mm-dd"
    return cell


def _joined(emails) -> str:
    return ";".join(sorted(emails))


def _sheets(org: Organization):
    teams = Team.objects.for_org(org).select_related("parent", "lead").order_by("name")
    yield (
        "teams",
        ((t.name, t.parent.name if t.parent else "", t.kind, t.pillar, t.lead.email if t.lead else "") for t in teams),
    )
    people = Person.objects.for_org(org).select_related("team", "role", "manager").order_by("email")
    yield (
        "people",
        (
            (
                p.email,
                p.name,
                p.team.name,
                p.role.slug,
                p.manager.email if p.manager else "",
                p.fte,
                p.start_date,
                p.location,
            )
            for p in people
        ),
    )
    skills = (
        PersonSkill.objects.for_org(org)
        .order_by("person__email", "skill__slug")
        .values_list("person__email", "skill__slug", "level")
    )
    yield "skills", skills.iterator()
    assignments = (
        Assignment.objects.for_org(org)
        .order_by("person__email", "responsibility__slug")
        .values_list("person__email", "responsibility__slug", "level")
    )
    yield "assignments", assignments.iterator()
    yield "systems", _systems(org)
    openings = (
        Opening.objects.for_org(org)
        .order_by("opened_on", "pk")
        .values_list("role__slug", "team__name", "opened_on", "status", "filled_on")
    )
    yield "openings", openings.iterator()


def _systems(org: Organization):
    people: dict[str, dict[int, list[str]]] = {"owners": {}, "deployers": {}}
    for relation, by_system in people.items():
        through = getattr(MLSystem, relation).through
        for system_id, email in through.objects.filter(mlsystem__organization=org).values_list(
            "mlsystem_id", "person__email"
        ):
            by_system.setdefault(system_id, []).append(email)
    for system in MLSystem.objects.for_org(org).select_related("team").order_by("name"):
        yield (
            system.name,
            system.team.name,
            system.stage,
            system.domain,
            _joined(people["owners"].get(system.pk, [])),
            _joined(people["deployers"].get(system.pk, [])),
        )
