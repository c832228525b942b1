"""Chart builders: plain data in, Plotly figure out. No database, no request.

A figure is returned as Plotly's own JSON form (a dict of `data` and `layout`), which plotly.js
draws as is. Building `plotly.graph_objects.Figure`s instead would validate and deep-copy every
value on each request (over a second for a 400-team sunburst); the tests validate each builder's
output with `go.Figure(...)` instead.

Plotly renders labels and hover text as a small subset of HTML, so every name that a user typed
(teams, people, roles, assessments) is HTML-escaped here: a team called `<b>x</b>` shows as typed.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta

import pandas as pd

Figure = dict  # {"data": [trace, ...], "layout": {...}} as plotly.js takes it

SHORT_LABELS = {
    "mlops_level": "MLOps",
    "structure_leadership": "Structure",
    "roles_responsibilities": "Roles",
    "talent_hiring": "Talent",
    "expertise_bottlenecks": "Bottlenecks",
    "collaboration": "Collaboration",
    "infra_code": "Infra: code",
    "infra_model": "Infra: model",
    "infra_data": "Infra: data",
    "tools_self_service": "Tools",
    "ownership_kpis": "Ownership/KPIs",
    "planning_management": "Planning",
    "governance_safety": "Governance",
}
LEVEL_COLORSCALE = [[0.0, "#d73027"], [0.25, "#fc8d59"], [0.5, "#fee08b"], [0.75, "#91cf60"], [1.0, "#1a9850"]]
FAMILY_LABELS = {
    "builder": "Model builders",
    "productioniser": "Productionisers",
    "ml_support": "Other ML practitioners",
    "other": "Not ML practitioners",
}
FAMILY_COLORS = {"builder": "#4c78a8", "productioniser": "#f58518", "ml_support": "#54a24b", "other": "#b0b0b0"}
FULL_DEPTH_MAX_SLICES = 600
TEAM_COLORS = ["#c3d3e6", "#d9e4f0", "#ebf1f7"]  # team rings in pale blue, lighter with depth
# One small template instead of Plotly's default, which would add ~10 kB to every embedded figure.
TEMPLATE = {
    "layout": {
        "font": {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 12},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "colorway": ["#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#b279a2", "#9d755d", "#eeca3b"],
        "hoverlabel": {"align": "left"},
        "xaxis": {"gridcolor": "#e5e5e5", "zerolinecolor": "#cccccc", "automargin": True},
        "yaxis": {"gridcolor": "#e5e5e5", "zerolinecolor": "#cccccc", "automargin": True},
    }
}


def esc(value) -> str:
    """Text as Plotly should show it, never as markup."""
    return html.escape(str(value), quote=False)


def _json_default(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy and pandas scalars
        return value.item()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def to_json(figure: Figure) -> str:
    """The figure as compact JSON for plotly.js (no NaN: JSON.parse would refuse it)."""
    return json.dumps(figure, separators=(",", ":"), default=_json_default, allow_nan=False)


def _figure(title: str, traces: list[dict] | None = None, **layout) -> Figure:
    base = {
        "title": {"text": esc(title), "x": 0, "xanchor": "left", "font": {"size": 15}},
        "template": TEMPLATE,
        "autosize": True,
        "margin": {"l": 60, "r": 20, "t": 50, "b": 50},
        "legend": {"orientation": "h", "y": -0.15, "x": 0},
    }
    base.update(layout)
    return {"data": traces or [], "layout": base}


def _short(dimension: str, label: str) -> str:
    return SHORT_LABELS.get(dimension, label)


def _fmt_score(score: float | None) -> str:
    return "no answers" if score is None else f"score {score:.2f}"


def _none_if_nan(value):
    return None if value is None or (isinstance(value, float) and value != value) else value


def maturity_radar(
    dimensions: Sequence[Mapping],
    *,
    target_level: int,
    title: str = "Maturity per dimension",
    name: str = "Organisation",
    overlays: Iterable[tuple[str, Sequence[Mapping]]] = (),
) -> Figure:
    """A radar of levels (1-5) per dimension against the target level.

    `dimensions`: rows with dimension, label, level (None when unanswered), score, answered, total.
    `overlays`: more (name, rows) series drawn on top, e.g. a team against its organisation.
    """
    fig = _figure(
        title,
        margin={"l": 70, "r": 70, "t": 60, "b": 40},
        polar={"radialaxis": {"range": [0, 5], "tickvals": [1, 2, 3, 4, 5], "angle": 90, "tickangle": 90}},
        showlegend=True,
    )
    if not dimensions:
        return fig
    theta = [_short(d["dimension"], d["label"]) for d in dimensions]
    closed = theta + theta[:1]
    fig["data"].append(
        {
            "type": "scatterpolar",
            "r": [target_level] * (len(theta) + 1),
            "theta": closed,
            "name": f"Target (level {target_level})",
            "mode": "lines",
            "line": {"color": "#888888", "dash": "dash"},
            "hovertemplate": f"Target level {target_level}<extra></extra>",
        }
    )
    for series_name, rows in [(name, dimensions), *overlays]:
        levels = [d["level"] for d in rows]
        hover = [
            f"{esc(d['label'])}<br>level {d['level'] if d['level'] is not None else 'not scored'}"
            f" ({_fmt_score(d['score'])}, {d['answered']}/{d['total']} answered)"
            for d in rows
        ]
        fig["data"].append(
            {
                "type": "scatterpolar",
                "r": levels + levels[:1],
                "theta": [_short(d["dimension"], d["label"]) for d in rows] + closed[:1],
                "name": esc(series_name),
                "mode": "lines+markers",
                "fill": "toself",
                "opacity": 0.8,
                "connectgaps": False,
                "text": hover + hover[:1],
                "hovertemplate": "%{text}<extra>" + esc(series_name) + "</extra>",
            }
        )
    return fig


def maturity_heatmap(frame: pd.DataFrame, *, title: str = "Maturity by team and dimension") -> Figure:
    """Teams (rows) x dimensions (columns) coloured by level 1-5.

    `frame`: one row per team, index = team name, columns = dimension values, cells = level or None;
    `frame.attrs["labels"]` maps dimension to its full label, `frame.attrs["dates"]` team to scoring date.
    """
    labels: dict = frame.attrs.get("labels", {})
    dates: dict = frame.attrs.get("dates", {})
    teams = [esc(t) for t in frame.index]
    dims = list(frame.columns)
    z = [[None if _none_if_nan(v) is None else int(v) for v in row] for row in frame.itertuples(index=False)]
    hover = [
        [
            f"{teams[i]}<br>{esc(labels.get(d, d))}: {'level ' + str(z[i][j]) if z[i][j] is not None else 'not scored'}"
            + (f"<br>scored {esc(dates[frame.index[i]])}" if frame.index[i] in dates else "")
            for j, d in enumerate(dims)
        ]
        for i in range(len(teams))
    ]
    heat = {
        "type": "heatmap",
        "z": z,
        "x": [_short(d, labels.get(d, d)) for d in dims],
        "y": teams,
        "zmin": 1,
        "zmax": 5,
        "colorscale": LEVEL_COLORSCALE,
        "colorbar": {"title": {"text": "Level"}, "tickvals": [1, 2, 3, 4, 5], "thickness": 12},
        "text": hover,
        "hovertemplate": "%{text}<extra></extra>",
        "texttemplate": "%{z}",
        "xgap": 2,
        "ygap": 2,
    }
    return _figure(
        title,
        [heat],
        height=max(260, 140 + 26 * len(teams)),
        margin={"l": 20, "r": 20, "t": 90, "b": 20},
        xaxis={"side": "top", "title": {"text": "Dimension"}, "tickangle": -30},
        yaxis={"autorange": "reversed", "title": {"text": "Team"}, "type": "category"},
    )


def maturity_trend(frame: pd.DataFrame, *, title: str = "Maturity over time") -> Figure:
    """Overall level per scored assessment over time, one line per series.

    `frame`: columns at (datetime), series (name), level (1-5 or None), score, label (the assessment) and
    dimension ("" for an overall series). Dimension series are hidden until picked in the legend.
    """
    fig = _figure(
        title,
        xaxis={"title": {"text": "Scored on"}, "type": "date", "tickformat": "%d %b %Y"},
        yaxis={"title": {"text": "Level (1-5)"}, "range": [0.5, 5.5], "tickvals": [1, 2, 3, 4, 5]},
        hovermode="closest",
    )
    if frame.empty:
        return fig
    records = list(frame.itertuples(index=False))
    if len({r.at.date() for r in records}) == 1:
        # One date only: show a month around it instead of an axis of milliseconds.
        middle, span = records[0].at, timedelta(days=15)
        fig["layout"]["xaxis"]["range"] = [(middle - span).isoformat(), (middle + span).isoformat()]
    series: dict[str, list] = {}
    for r in records:
        series.setdefault(r.series, []).append(r)
    for i, (name, rows) in enumerate(series.items()):
        rows.sort(key=lambda r: r.at)
        levels = [_none_if_nan(r.level) for r in rows]
        text = []
        for r, lv in zip(rows, levels, strict=True):
            sc = _none_if_nan(r.score)
            text.append(
                f"{esc(name)}<br>{esc(r.label)}<br>level {int(lv) if lv is not None else 'not scored'}"
                + (f" (score {sc:.2f})" if sc is not None else "")
            )
        is_dimension = bool(rows[0].dimension)
        fig["data"].append(
            {
                "type": "scatter",
                "x": [r.at.isoformat() for r in rows],
                "y": [None if v is None else int(v) for v in levels],
                "name": esc(name),
                "mode": "lines+markers",
                "text": text,
                "hovertemplate": "%{text}<br>%{x|%d %b %Y}<extra></extra>",
                "visible": "legendonly" if is_dimension else True,
                "line": {"width": 3 if i == 0 else 2, "dash": "dot" if is_dimension else "solid"},
            }
        )
    return fig


def composition_sunburst(
    rows: Sequence[Mapping],
    *,
    teams: Mapping[int, tuple[str, int | None]],
    root_label: str,
    root_team_id: int | None = None,
    title: str = "Team composition (FTE)",
) -> Figure:
    """Organisation -> teams (nested) -> roles, sized by FTE; roles coloured by family.

    `rows`: one per team x role with team_id, team, role, family, fte (the summary's composition);
    `teams`: id -> (name, parent id) for every team, so teams without people still nest correctly.
    With `root_team_id` the chart starts at that team and shows only what is below it.
    """

    def node_id(team_id: int) -> str:
        return "root" if team_id == root_team_id else f"t{team_id}"

    totals: dict[int, float] = {}
    row_names: dict[int, str] = {}
    for r in rows:
        totals[r["team_id"]] = totals.get(r["team_id"], 0.0) + float(r["fte"] or 0)
        row_names[r["team_id"]] = r["team"]
    # A team is drawn when it, or a team below it, has people; its chain of parents is drawn with it.
    needed: dict[int, int] = {}  # team id -> depth below the root
    for team_id in totals:
        chain, node, seen, reached_root = [], team_id, set(), root_team_id is None
        while node is not None and node not in seen:
            seen.add(node)
            if node == root_team_id:
                reached_root = True
                break
            chain.append(node)
            node = teams.get(node, (None, None))[1]
        if reached_root:
            for depth, n in enumerate(reversed(chain)):
                needed.setdefault(n, depth)
    ids, labels, parents, values, colors = ["root"], [esc(root_label)], [""], [0.0], ["#ffffff"]
    for team_id, depth in needed.items():
        name, parent = teams.get(team_id, (row_names.get(team_id, "?"), None))
        in_chart = parent is not None and (parent in needed or parent == root_team_id)
        ids.append(f"t{team_id}")
        labels.append(esc(name))
        parents.append(node_id(parent) if in_chart else "root")
        values.append(0.0)
        colors.append(TEAM_COLORS[min(depth, len(TEAM_COLORS) - 1)])
    # One pass over what can be thousands of team x role rows: locals and caches keep it cheap.
    roles: dict[str, tuple[str, str]] = {}  # role name -> (id suffix, escaped label)
    node_ids = {t: node_id(t) for t in [*needed, root_team_id] if t is not None}
    family_color, other = FAMILY_COLORS.get, FAMILY_COLORS["other"]
    add_id, add_label, add_parent, add_value, add_color = (
        ids.append,
        labels.append,
        parents.append,
        values.append,
        colors.append,
    )
    for r in rows:
        node = node_ids.get(r["team_id"])
        if node is None:
            continue
        role = roles.get(r["role"])
        if role is None:
            role = roles[r["role"]] = (f"r{len(roles)}", esc(r["role"]))
        add_id(node + role[0])
        add_label(role[1])
        add_parent(node)
        add_value(r["fte"] or 0)
        add_color(family_color(r["family"], other))
    sunburst = {
        "type": "sunburst",
        "ids": ids,
        "labels": labels,
        "parents": parents,
        "values": values,
        "branchvalues": "remainder",
        # Every level when it stays readable; a large organisation opens on three rings and zooms on click.
        "maxdepth": -1 if len(ids) - len(needed) <= FULL_DEPTH_MAX_SLICES else 3,
        "insidetextorientation": "radial",
        "textinfo": "label",
        "marker": {"colors": colors, "line": {"color": "white", "width": 1}},
        "hovertemplate": "%{currentPath}%{label}<br>%{value:.1f} FTE (%{percentRoot:.0%} of all)<extra></extra>",
    }
    # The legend of the role colours: empty traces whose only purpose is the key.
    keys = [
        {
            "type": "bar",
            "x": [None],
            "y": [None],
            "name": label,
            "marker": {"color": FAMILY_COLORS[family]},
            "showlegend": True,
            "hoverinfo": "skip",
        }
        for family, label in FAMILY_LABELS.items()
    ]
    return _figure(
        title,
        [sunburst, *keys],
        height=560,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        xaxis={"visible": False},
        yaxis={"visible": False},
        legend={"orientation": "h", "y": -0.02, "x": 0},
    )


def family_bars(groups: Sequence[Mapping], *, title: str = "Model builders vs. productionisers (FTE)") -> Figure:
    """Builder and productioniser FTE per group of teams (grouped bars).

    `groups`: rows with name, builder, productioniser (FTE) and ratio (builders per productioniser or None).
    """
    names = [esc(g["name"]) for g in groups]
    fig = _figure(
        title,
        barmode="group",
        xaxis={"title": {"text": "Teams"}, "type": "category", "tickangle": -30 if len(groups) > 4 else 0},
        yaxis={"title": {"text": "FTE"}, "rangemode": "tozero"},
        margin={"l": 60, "r": 20, "t": 50, "b": 80},
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 1, "xanchor": "right"},
    )
    for family in ("builder", "productioniser"):
        text = [
            f"{n}<br>{FAMILY_LABELS[family]}: {g[family]:.1f} FTE<br>"
            + (f"{g['ratio']:.1f} builders per productioniser" if g.get("ratio") is not None else "no productioniser")
            for n, g in zip(names, groups, strict=True)
        ]
        fig["data"].append(
            {
                "type": "bar",
                "x": names,
                "y": [round(g[family], 2) for g in groups],
                "name": FAMILY_LABELS[family],
                "marker": {"color": FAMILY_COLORS[family]},
                "text": text,
                "textposition": "none",
                "hovertemplate": "%{text}<extra></extra>",
            }
        )
    return fig


def coverage_bars(coverage: Sequence[Mapping], *, title: str = "Responsibility coverage") -> Figure:
    """Owners, backups and contributors per responsibility; responsibilities with no owner are flagged.

    `coverage`: the summary's coverage rows (name, pillar, owners, backups, contributors, owner_teams).
    Rows are drawn uncovered first, then by number of owners.
    """
    rows = sorted(coverage, key=lambda c: (c["owners"] > 0, c["owners"], c["name"]))
    names = [esc(c["name"]) for c in rows]
    fig = _figure(
        title,
        barmode="stack",
        height=max(280, 110 + 22 * len(rows)),
        xaxis={"title": {"text": "People"}, "rangemode": "tozero"},
        yaxis={"title": {"text": "Responsibility"}, "autorange": "reversed", "type": "category"},
        margin={"l": 20, "r": 20, "t": 80, "b": 50},
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0},
    )
    hover = [
        f"{esc(c['name'])} ({esc(c.get('pillar', ''))})<br>{c['owners']} owner(s), {c['backups']} backup(s),"
        f" {c['contributors']} contributor(s)<br>"
        + (("owned in: " + esc(", ".join(c.get("owner_teams") or []))) if c["owners"] else "<b>no owner</b>")
        for c in rows
    ]
    for key, label, color in (
        ("owners", "Owners", "#1a9850"),
        ("backups", "Backups", "#91cf60"),
        ("contributors", "Contributors", "#c7c7c7"),
    ):
        fig["data"].append(
            {
                "type": "bar",
                "y": names,
                "x": [c[key] for c in rows],
                "name": label,
                "orientation": "h",
                "marker": {"color": color},
                "text": hover,
                "textposition": "none",
                "hovertemplate": "%{text}<extra>" + label + "</extra>",
            }
        )
    uncovered = [(n, h) for n, h, c in zip(names, hover, rows, strict=True) if c["owners"] == 0]
    if uncovered:
        fig["data"].append(
            {
                "type": "scatter",
                "y": [n for n, _ in uncovered],
                "x": [0] * len(uncovered),
                "name": "No owner",
                "mode": "markers",
                "marker": {"symbol": "x", "size": 12, "color": "#d73027"},
                "text": [h for _, h in uncovered],
                "hovertemplate": "%{text}<extra>No owner</extra>",
            }
        )
    return fig
