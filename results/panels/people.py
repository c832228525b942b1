"""People panels: the composition of the teams, builders against productionisers, responsibility coverage."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import charts
from vocabulary.families import BUILDER, PRODUCTIONISER

from ..selectors import TeamTree
from .base import Chart, Table


def composition_rows(data_summary: Mapping, subtree: set[int] | None) -> list[dict]:
    rows = data_summary["composition"]
    return [r for r in rows if subtree is None or r["team_id"] in subtree]


def composition_chart(rows: Sequence[Mapping], *, tree: TeamTree, root_label: str, root_team_id: int | None) -> Chart:
    title = "Team composition (FTE)"
    teams = {n.id: (n.name, n.parent_id) for n in tree.nodes}
    fig = charts.composition_sunburst(rows, teams=teams, root_label=root_label, root_team_id=root_team_id, title=title)
    per_team: dict[int, list] = {}  # team id -> [name, FTE, ["role FTE", ...]]
    total = 0.0
    for r in rows:
        fte = r["fte"] or 0
        total += fte
        t = per_team.get(r["team_id"])
        if t is None:
            t = per_team[r["team_id"]] = [r["team"], 0.0, []]
        t[1] += fte
        t[2].append(f"{r['role']} {fte}")
    order = {n.id: i for i, n in enumerate(tree.nodes)}
    table_rows = [
        [name, round(fte, 2), ", ".join(roles)]
        for _, (name, fte, roles) in sorted(per_team.items(), key=lambda kv: order.get(kv[0], 10**9))
    ]
    total = round(total, 2)
    note = (
        f"{total:g} FTE in {len(per_team)} teams, roles coloured by family. "
        "Click a team to zoom in; click the centre to zoom out."
    )
    empty = "" if rows else "The scoring stored no team composition."
    return Chart(
        "composition", title, fig, Table(["Team", "FTE", "Roles (FTE)"], table_rows, title), note=note, empty=empty
    )


def family_groups(
    rows: Sequence[Mapping], *, tree: TeamTree, root_team_id: int | None
) -> tuple[list[dict], dict[str, float]]:
    """Builder and productioniser FTE per top-level team (or per child of the filtered team), and in total."""
    root = tree.by_id.get(root_team_id) if root_team_id else None
    group_depth = root.depth + 1 if root else 0
    groups: dict[str, dict] = {}
    totals = {BUILDER: 0.0, PRODUCTIONISER: 0.0}
    group_of: dict[int, str] = {}  # team id -> the group it is counted in (one walk up the tree per team)
    for r in rows:
        family = r.get("family")
        if family not in totals:
            continue
        team_id = r["team_id"]
        name = group_of.get(team_id)
        if name is None:
            path = tree.path(team_id)
            if root and team_id == root.id:
                name = f"{root.name} (itself)"
            elif len(path) > group_depth:
                name = path[group_depth].name
            else:
                name = r.get("team", "?")
            group_of[team_id] = name
        g = groups.get(name)
        if g is None:
            g = groups[name] = {"name": name, BUILDER: 0.0, PRODUCTIONISER: 0.0}
        fte = r["fte"] or 0
        g[family] += fte
        totals[family] += fte
    out = []
    for g in [{"name": "All", **totals}, *groups.values()]:
        g["ratio"] = g["builder"] / g["productioniser"] if g["productioniser"] else None
        out.append(g)
    return out, totals


def family_chart(
    rows: Sequence[Mapping], *, deployment: Mapping, tree: TeamTree, root_team_id: int | None, systems: int | None
) -> Chart:
    title = "Model builders vs. productionisers (FTE)"
    groups, totals = family_groups(rows, tree=tree, root_team_id=root_team_id)
    if root_team_id is None and deployment["builder_fte"] is not None and deployment["productioniser_fte"] is not None:
        # Org-wide the scoring's own totals are the reference.
        builder, prod = deployment["builder_fte"], deployment["productioniser_fte"]
        groups[0].update(builder=builder, productioniser=prod, ratio=deployment["builders_per_productioniser"])
        systems = deployment["production_systems"]
        per_prod = deployment["systems_per_productioniser"]
    else:
        builder, prod = totals["builder"], totals["productioniser"]
        per_prod = (systems / prod) if prod and systems is not None else None
    fig = charts.family_bars(groups, title=title)
    table_rows = [
        [g["name"], round(g["builder"], 2), round(g["productioniser"], 2), _ratio(g["ratio"])] for g in groups
    ]
    note = f"{_ratio(groups[0]['ratio'])} builders per productioniser"
    if systems is not None:
        note += f"; {systems} production systems"
        if per_prod is not None:
            note += f", {per_prod:.1f} per productioniser"
    note += "."
    empty = "" if (builder or prod) else "No model builders or productionisers in the stored composition."
    return Chart(
        "families",
        title,
        fig,
        Table(["Teams", "Builder FTE", "Productioniser FTE", "Builders per productioniser"], table_rows, title),
        note=note,
        empty=empty,
    )


def _ratio(value) -> str:
    return "–" if value is None else f"{float(value):.1f}"


def coverage_chart(coverage: Sequence[Mapping], *, selection: set[str] | None = None) -> Chart:
    """Responsibilities x number of owners, uncovered ones flagged; `selection` marks owners inside a team subtree."""
    title = "Responsibility coverage"
    fig = charts.coverage_bars(coverage, title=title)
    headers = ["Responsibility", "Pillar", "Owners", "Backups", "Contributors", "Owner teams"]
    if selection is not None:
        headers.append("Owned in the selected teams")
    rows = []
    for c in sorted(coverage, key=lambda c: (c.get("owners", 0) > 0, c.get("owners", 0), c.get("name", ""))):
        row = [
            c.get("name", ""),
            c.get("pillar", ""),
            c.get("owners", 0) or "none",
            c.get("backups", 0),
            c.get("contributors", 0),
            ", ".join(c.get("owner_teams") or []),
        ]
        if selection is not None:
            row.append("yes" if set(c.get("owner_teams") or []) & selection else "no")
        rows.append(row)
    uncovered = sum(1 for c in coverage if not c.get("owners"))
    note = f"{uncovered} of {len(coverage)} responsibilities have no owner." if coverage else ""
    if selection is not None:
        note += " Counts are organisation-wide; the table says which are owned inside the selected teams."
    empty = "" if coverage else "The scoring stored no responsibility coverage."
    return Chart("coverage", title, fig, Table(headers, rows, title), note=note.strip(), empty=empty)


def production_systems_in(summary: Mapping, subtree: set[int] | None) -> int | None:
    systems = summary["bus_factors"]["systems"]
    return sum(1 for s in systems if subtree is None or s["team_id"] in subtree)
