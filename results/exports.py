"""CSV and XLSX of stored scores and findings, as the dashboard shows them (same filters).

Cells that a spreadsheet would read as a formula (=, +, -, @ at the start of a text) are prefixed
with an apostrophe, so a name typed into the app can never run in someone's spreadsheet.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .selectors import DIMENSIONS, DashboardData, TeamResults

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FINDING_HEADERS = [
    "Rank",
    "Severity",
    "Kind",
    "Title",
    "Team",
    "Detail",
    "Recommendation",
    "Impact",
    "Effort",
    "People",
    "Teams",
    "Systems",
    "Responsibilities",
    "Metrics",
]
SCORE_HEADERS = ["Scope", "Team", "Dimension", "Dimension name", "Level", "Score", "Answered", "Questions", "Scored at"]


def safe_cell(value):
    """A value a spreadsheet shows as text, never evaluates."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _names(items) -> str:
    return "; ".join(str(i.get("name", "")) for i in items or [] if isinstance(i, dict))


def finding_rows(findings: Iterable) -> list[list]:
    rows = []
    for f in findings:
        ev = f.evidence if isinstance(f.evidence, dict) else {}
        rows.append(
            [
                f.rank,
                f.severity,
                f.kind,
                f.title,
                f.team.name if f.team_id and f.team else "",
                f.detail,
                f.recommendation,
                f.impact,
                f.effort,
                _names(ev.get("people")),
                _names(ev.get("teams")),
                _names(ev.get("systems")),
                _names(ev.get("responsibilities")),
                json.dumps(ev.get("metrics") if isinstance(ev.get("metrics"), dict) else {}, sort_keys=True),
            ]
        )
    return rows


def score_rows(data: DashboardData) -> list[list]:
    """Org-wide dimension scores, then each team's latest, one row per dimension."""
    rows = []
    if data.run:
        at = data.run.finished_at or data.run.created_at
        for d in data.dimensions:
            rows.append(["organisation", "", d.dimension, d.label, d.level, d.score, d.answered, d.total, _iso(at)])
    labels = dict(DIMENSIONS)
    for t in data.team_levels:
        for dim, label in labels.items():
            rows.append(["team", t.team, dim, label, t.levels.get(dim), t.scores.get(dim), None, None, _iso(t.at)])
    return rows


def team_score_rows(results: TeamResults) -> list[list]:
    at = _iso(results.run.finished_at or results.run.created_at) if results.run else ""
    return [
        ["team", results.team.name, d.dimension, d.label, d.level, d.score, d.answered, d.total, at]
        for d in results.dimensions
    ]


def _iso(value) -> str:
    return value.isoformat() if value else ""


def to_csv(headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if v is None else safe_cell(v) for v in row])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")  # the BOM makes Excel read UTF-8 names correctly


def to_xlsx(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence]]]) -> bytes:
    """One worksheet per (title, headers, rows)."""
    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, headers, rows in sheets:
        ws = wb.create_sheet(title=title[:31])
        ws.freeze_panes = "A2"
        header_cells = []
        for h in headers:
            cell = WriteOnlyCell(ws, value=h)
            cell.font = bold
            header_cells.append(cell)
        ws.append(header_cells)
        for row in rows:
            ws.append([safe_cell(v) for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def dashboard_workbook(data: DashboardData) -> bytes:
    """Summary, scores, teams x dimensions, findings, coverage, composition, open roles and trend."""
    s = data.summary
    run = data.run
    cls = s["classification"]
    summary_rows = [
        ["Organisation", data.org.name],
        ["Teams shown", data.team.name + " and the teams below it" if data.team else "All"],
        ["Results as of", data.filters.as_of.isoformat() if data.filters.as_of else "latest"],
        ["Scored at", _iso(run.finished_at or run.created_at) if run else ""],
        ["Scoring version", run.scoring_version if run else ""],
        ["Questionnaire version", run.template_version if run else ""],
        ["Overall level", run.overall_level if run else ""],
        ["Overall score", run.overall_score if run else ""],
        ["Target level", data.org.target_level],
        ["Truck factor", run.truck_factor if run else ""],
        ["Archetype", f"{cls['archetype'] or ''} {cls['archetype_name']}".strip()],
        ["Current structure", cls["current_structure"]],
        ["Recommended structure", cls["recommended_structure"]],
    ]
    dims = [d for d, _ in DIMENSIONS]
    team_rows = [[t.team, _iso(t.at)] + [t.levels.get(d) for d in dims] for t in data.team_levels]
    subtree = data.subtree
    names = None if subtree is None else {data.tree.by_id[t].name for t in subtree if t in data.tree.by_id}
    coverage = [
        [c["name"], c["pillar"], c["owners"], c["backups"], c["contributors"], ", ".join(c["owner_teams"])]
        for c in s["coverage"]
    ]
    composition = [
        [r["team"], r["role"], r["family"], r["fte"]]
        for r in s["composition"]
        if subtree is None or r["team_id"] in subtree
    ]
    open_roles = [
        [o["role"], o["team"], o["months_to_hire"]]
        for o in s["talent"]["open_roles"]
        if names is None or o["team"] in names
    ]
    trend = [[_iso(p.at), p.label, p.overall_level, p.overall_score, p.truck_factor] for p in data.trend]
    return to_xlsx(
        [
            ("Summary", ["Item", "Value"], summary_rows),
            ("Scores", SCORE_HEADERS, score_rows(data)),
            ("Teams x dimensions", ["Team", "Scored at"] + dims, team_rows),
            ("Findings", FINDING_HEADERS, finding_rows(data.findings)),
            (
                "Coverage",
                ["Responsibility", "Pillar", "Owners", "Backups", "Contributors", "Owner teams"],
                coverage,
            ),
            ("Composition", ["Team", "Role", "Family", "FTE"], composition),
            ("Open roles", ["Role", "Team", "Expected months to fill"], open_roles),
            ("Trend", ["Scored at", "Assessment", "Overall level", "Overall score", "Truck factor"], trend),
        ]
    )


def team_workbook(results: TeamResults) -> bytes:
    trend = [[_iso(p.at), p.label, p.overall_level, p.overall_score] for p in results.trend]
    return to_xlsx(
        [
            ("Scores", SCORE_HEADERS, team_score_rows(results)),
            ("Findings", FINDING_HEADERS, finding_rows(results.findings)),
            ("Trend", ["Scored at", "Assessment", "Overall level", "Overall score"], trend),
        ]
    )
