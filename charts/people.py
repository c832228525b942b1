"""People charts: who the organisation is made of (composition, role families) and who covers what."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from vocabulary.families import BUILDER, FAMILY_LABELS, OTHER, PRODUCTIONISER
from vocabulary.palette import (
    BAD_COLOR,
    FAIR_COLOR,
    FAMILY_COLORS,
    GOOD_COLOR,
    MUTED_COLOR,
    SCENARIO_COLOR,
    TEAM_COLORS,
    TODAY_COLOR,
)

from .base import Figure, esc, figure

FULL_DEPTH_MAX_SLICES = 600


def _drawn_teams(
    rows: Sequence[Mapping], teams: Mapping[int, tuple[str, int | None]], root_team_id: int | None
) -> dict[int, int]:
    """Team id -> depth below the root, for every team that has people or a team with people below it.

    A team is drawn when it, or a team below it, has people; its chain of parents is drawn with it.
    """
    needed: dict[int, int] = {}
    for team_id in dict.fromkeys(r["team_id"] for r in rows):
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
    return needed


def _sunburst_nodes(
    rows: Sequence[Mapping],
    teams: Mapping[int, tuple[str, int | None]],
    root_label: str,
    root_team_id: int | None,
) -> tuple[dict[str, list], int]:
    """The sunburst's parallel lists (ids, labels, parents, values, colors) and the number of team nodes."""

    def node_id(team_id: int) -> str:
        return "root" if team_id == root_team_id else f"t{team_id}"

    row_names = {r["team_id"]: r["team"] for r in rows}
    needed = _drawn_teams(rows, teams, root_team_id)
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
    family_color, other = FAMILY_COLORS.get, FAMILY_COLORS[OTHER]
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
    nodes = {"ids": ids, "labels": labels, "parents": parents, "values": values, "colors": colors}
    return nodes, len(needed)


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
    nodes, team_nodes = _sunburst_nodes(rows, teams, root_label, root_team_id)
    colors = nodes.pop("colors")
    sunburst = {
        "type": "sunburst",
        **nodes,
        "branchvalues": "remainder",
        # Every level when it stays readable; a large organisation opens on three rings and zooms on click.
        "maxdepth": -1 if len(nodes["ids"]) - team_nodes <= FULL_DEPTH_MAX_SLICES else 3,
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
    return figure(
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
    fig = figure(
        title,
        barmode="group",
        xaxis={"title": {"text": "Teams"}, "type": "category", "tickangle": -30 if len(groups) > 4 else 0},
        yaxis={"title": {"text": "FTE"}, "rangemode": "tozero"},
        margin={"l": 60, "r": 20, "t": 50, "b": 80},
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 1, "xanchor": "right"},
    )
    for family in (BUILDER, PRODUCTIONISER):
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
    fig = figure(
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
        ("owners", "Owners", GOOD_COLOR),
        ("backups", "Backups", FAIR_COLOR),
        ("contributors", "Contributors", MUTED_COLOR),
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
                "marker": {"symbol": "x", "size": 12, "color": BAD_COLOR},
                "text": [h for _, h in uncovered],
                "hovertemplate": "%{text}<extra>No owner</extra>",
            }
        )
    return fig


def comparison_families_chart(today: Mapping, scenario: Mapping) -> Figure:
    """Model builders and productionisers (FTE), today and in the scenario.

    `today`, `scenario`: the deployment figures with builder_fte and productioniser_fte.
    """
    x = [FAMILY_LABELS[BUILDER], FAMILY_LABELS[PRODUCTIONISER]]
    bars = [
        {
            "type": "bar",
            "name": name,
            "x": x,
            "y": [values.get("builder_fte"), values.get("productioniser_fte")],
            "marker": {"color": color},
        }
        for name, values, color in (("Today", today, TODAY_COLOR), ("Scenario", scenario, SCENARIO_COLOR))
    ]
    return figure(
        "Builders and productionisers (FTE)",
        bars,
        barmode="group",
        height=320,
        yaxis={"rangemode": "tozero"},
        legend={"orientation": "h", "y": -0.18, "x": 0},
    )
