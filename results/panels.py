"""From stored results to what a page shows: headline numbers, chart inputs and their text alternatives.

Pure functions over the data the selectors read (no queries). Each chart comes with a table that
says the same thing in text, for screen readers and for people who prefer numbers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from statistics import median

import pandas as pd

import charts
from vocabulary.palette import DIMENSION_SHORT_LABELS

from .selectors import DIMENSIONS, DashboardData, DimensionRow, TeamLevels, TeamResults, TeamTree, TrendPoint

HEATMAP_ROWS = 40  # more teams than this: the chart shows the weakest, the table and exports show all


@dataclass
class Table:
    headers: list[str]
    rows: list[list]
    caption: str = ""


@dataclass
class Chart:
    """One figure with its id on the page, a text alternative and an optional note."""

    key: str
    title: str
    figure: charts.Figure
    table: Table
    note: str = ""
    empty: str = ""  # when set, the page shows this instead of the chart


@dataclass
class Headline:
    overall_level: int | None
    overall_score: float | None
    target_level: int
    truck_factor: int | None
    truck_removed: list[str]
    production_systems: int | None
    orphaned_after: int | None
    open_roles: int
    months_to_fill_median: float | None
    months_to_fill_max: float | None
    weighted_open_months: float
    uncovered: list[str] = field(default_factory=list)
    unanswered: int = 0

    @property
    def gap(self) -> int | None:
        return None if self.overall_level is None else self.target_level - self.overall_level


def _dims_as_dicts(rows: Sequence[DimensionRow]) -> list[dict]:
    return [d.__dict__ for d in rows]


def subtree_names(tree: TeamTree, subtree: set[int] | None) -> set[str] | None:
    return None if subtree is None else {tree.by_id[t].name for t in subtree if t in tree.by_id}


def headline(data: DashboardData) -> Headline:
    """The four headline cards, limited to the team filter where the stored rows allow it."""
    s = data.summary
    run = data.run
    names = subtree_names(data.tree, data.subtree)
    open_roles = [o for o in s["talent"]["open_roles"] if names is None or o["team"] in names]
    months = [o["months_to_hire"] for o in open_roles if o["months_to_hire"] is not None]
    weighted = s["talent"]["weighted_open_months"]
    truck = s["truck_factor"]
    maturity = s["maturity"]
    return Headline(
        overall_level=run.overall_level if run else None,
        overall_score=run.overall_score if run else None,
        target_level=data.org.target_level,
        truck_factor=run.truck_factor if run and run.truck_factor is not None else truck["value"],
        truck_removed=[p["name"] for p in truck["removed"]],
        production_systems=truck["production_systems"],
        orphaned_after=truck["orphaned_after"],
        open_roles=len(open_roles),
        months_to_fill_median=round(median(months), 1) if months else None,
        months_to_fill_max=round(max(months), 1) if months else None,
        weighted_open_months=round(sum(months), 1) if names is not None else round(float(weighted), 1),
        uncovered=[c["name"] for c in s["coverage"] if not c["owners"]],
        unanswered=len(maturity["unanswered"]),
    )


def open_roles_table(data: DashboardData) -> Table:
    names = subtree_names(data.tree, data.subtree)
    rows = [
        [o["role"], o["team"], o["months_to_hire"]]
        for o in data.summary["talent"]["open_roles"]
        if names is None or o["team"] in names
    ]
    return Table(["Role", "Team", "Expected months to fill"], rows, "Open roles")


def radar_chart(
    dimensions: Sequence[DimensionRow],
    *,
    target_level: int,
    name: str,
    overlays: Sequence[tuple[str, Sequence[DimensionRow]]] = (),
    title: str = "Maturity level (1-5) per dimension against the target",
) -> Chart:
    fig = charts.maturity_radar(
        _dims_as_dicts(dimensions),
        target_level=target_level,
        name=name,
        overlays=[(n, _dims_as_dicts(rows)) for n, rows in overlays if rows],
        title=title,
    )
    headers = ["Dimension", f"{name} level", "Score", "Answered"]
    extra = [(n, {d.dimension: d for d in rows}) for n, rows in overlays if rows]
    headers += [f"{n} level" for n, _ in extra] + ["Target"]
    rows = []
    for d in dimensions:
        row = [d.label, d.level if d.level is not None else "not scored", _score(d.score), f"{d.answered}/{d.total}"]
        for _, by_dim in extra:
            other = by_dim.get(d.dimension)
            row.append(other.level if other and other.level is not None else "not scored")
        rows.append(row + [target_level])
    empty = ""
    if not any(d.level is not None for d in dimensions):
        empty = (
            "No maturity levels yet: they come from an answered questionnaire. This scoring used the org data only "
            "(risks, structure and composition below)."
        )
    return Chart("radar", title, fig, Table(headers, rows, title), empty=empty)


def _score(score: float | None) -> str:
    return "" if score is None else f"{score:.2f}"


def heatmap_chart(team_levels: Sequence[TeamLevels], *, limit: int = HEATMAP_ROWS) -> Chart:
    title = "Maturity by team and dimension"
    shown = list(team_levels)
    note = ""
    if len(shown) > limit:
        shown = sorted(shown, key=lambda t: (t.mean_level is None, t.mean_level or 0, t.team))[:limit]
        order = {t.team_id: i for i, t in enumerate(team_levels)}
        shown.sort(key=lambda t: order[t.team_id])
        note = (
            f"{len(team_levels)} teams have scored assessments; the chart shows the {limit} with the lowest average "
            "level. Filter by team to see a part of the organisation, or use the table or the exports for all."
        )
    frame = pd.DataFrame(
        [[t.levels.get(d) for d, _ in DIMENSIONS] for t in shown],
        index=[t.team for t in shown],
        columns=[d for d, _ in DIMENSIONS],
    )
    frame.attrs["labels"] = dict(DIMENSIONS)
    frame.attrs["dates"] = {t.team: f"{t.at:%d %b %Y}" for t in shown}
    fig = charts.maturity_heatmap(frame, title=title)
    headers = ["Team", "Scored on"] + [DIMENSION_SHORT_LABELS.get(d, label) for d, label in DIMENSIONS]
    rows = [
        [t.team, f"{t.at:%Y-%m-%d}"] + [t.levels.get(d) if t.levels.get(d) is not None else "–" for d, _ in DIMENSIONS]
        for t in team_levels
    ]
    empty = "" if team_levels else "No team has a scored assessment yet. Assess a team to see it here."
    return Chart("heatmap", title, fig, Table(headers, rows, "Level per team and dimension"), note=note, empty=empty)


def _trend_frame(series: Sequence[tuple[str, Sequence[TrendPoint]]], *, dimensions: bool) -> pd.DataFrame:
    records = []
    for name, points in series:
        for p in points:
            records.append(
                {
                    "at": p.at,
                    "series": name,
                    "level": p.overall_level,
                    "score": p.overall_score,
                    "label": p.label,
                    "dimension": "",
                }
            )
    if dimensions and series:
        name, points = series[0]
        for dim, label in DIMENSIONS:
            for p in points:
                records.append(
                    {
                        "at": p.at,
                        "series": DIMENSION_SHORT_LABELS.get(dim, label),
                        "level": p.levels.get(dim),
                        "score": None,
                        "label": p.label,
                        "dimension": dim,
                    }
                )
    return pd.DataFrame.from_records(records, columns=["at", "series", "level", "score", "label", "dimension"])


def trend_chart(series: Sequence[tuple[str, Sequence[TrendPoint]]], *, title: str = "Maturity over time") -> Chart:
    """Overall level per scored assessment, with one hidden line per dimension of the first series."""
    series = [(n, pts) for n, pts in series if pts]
    fig = charts.maturity_trend(_trend_frame(series, dimensions=True), title=title)
    rows = [
        [
            name,
            f"{p.at:%Y-%m-%d}",
            p.label,
            p.overall_level if p.overall_level is not None else "–",
            _score(p.overall_score),
            p.truck_factor if p.truck_factor is not None else "–",
        ]
        for name, points in series
        for p in points
    ]
    table = Table(["Series", "Scored on", "Assessment", "Overall level", "Score", "Truck factor"], rows, title)
    points = sum(len(pts) for _, pts in series)
    note = ""
    if points == 1:
        note = "One scored assessment so far: the trend starts with the next one."
    empty = ""
    if not points:
        empty = "No scored assessment yet."
    elif not any(p.overall_level is not None for _, pts in series for p in pts):
        empty = "No maturity levels yet: the trend starts with the first answered and scored questionnaire."
    return Chart("trend", title, fig, table, note=note, empty=empty)


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
    totals = {"builder": 0.0, "productioniser": 0.0}
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
            g = groups[name] = {"name": name, "builder": 0.0, "productioniser": 0.0}
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


def dashboard_charts(data: DashboardData) -> list[Chart]:
    """Every chart of the org dashboard, in page order."""
    s = data.summary
    name = data.org.name
    overlays = [(data.team.name, data.team_dimensions)] if data.team and data.team_dimensions else []
    out = [radar_chart(data.dimensions, target_level=data.org.target_level, name=name, overlays=overlays)]
    out.append(heatmap_chart(data.team_levels))
    trend_series = [(name, data.trend)] + ([(data.team.name, data.team_trend)] if data.team else [])
    out.append(trend_chart(trend_series))
    rows = composition_rows(s, data.subtree)
    root_id = data.team.id if data.team else None
    out.append(
        family_chart(
            rows,
            deployment=s["deployment"],
            tree=data.tree,
            root_team_id=root_id,
            systems=production_systems_in(s, data.subtree),
        )
    )
    out.append(
        composition_chart(rows, tree=data.tree, root_label=data.team.name if data.team else name, root_team_id=root_id)
    )
    out.append(coverage_chart(s["coverage"], selection=subtree_names(data.tree, data.subtree)))
    if data.run is None:
        for chart in out:
            if chart.key in ("radar", "families", "composition", "coverage") and not chart.empty:
                chart.empty = "No organisation-wide scoring yet."
    return out


def team_charts(results: TeamResults) -> list[Chart]:
    """The team page's charts: its levels against the org and the target, its coverage and its trend."""
    team = results.team.name
    overlays = [(results.org.name, results.org_dimensions)] if results.org_dimensions else []
    radar = radar_chart(
        results.dimensions,
        target_level=results.org.target_level,
        name=team,
        overlays=overlays,
        title="The team's maturity against the organisation and the target",
    )
    if not any(d.level is not None for d in results.dimensions):
        radar.empty = "This team has no scored assessment yet: assess the team to see its levels here."
    trend = trend_chart([(team, results.trend)], title="The team's maturity over time")
    coverage = team_coverage(results)
    return [radar, coverage, trend]


def team_coverage(results: TeamResults) -> Chart:
    """The team run's own coverage when it has one, otherwise the org's with the team's ownership marked."""
    own = results.summary["coverage"]
    if own:
        return coverage_chart(own)
    org_cov = results.org_summary["coverage"]
    chart = coverage_chart(org_cov or [], selection=subtree_names(results.tree, results.subtree))
    if not org_cov:
        chart.empty = "No responsibility coverage stored yet."
    return chart
