"""Planning charts: plain data in, Plotly figure out. No database, no request.

Names users typed (teams, roles, people) are HTML-escaped, since Plotly renders a subset of HTML in labels.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from datetime import date

import plotly.graph_objects as go

FAMILIES = ["builder", "productioniser", "ml_support", "other"]
FAMILY_LABELS = {
    "builder": "Model builders",
    "productioniser": "Productionisers",
    "ml_support": "Other ML practitioners",
    "other": "Not ML practitioners",
}
FAMILY_COLORS = {"builder": "#4c78a8", "productioniser": "#f58518", "ml_support": "#54a24b", "other": "#8c8c8c"}
BANDS = {
    "builder": "rgba(76,120,168,0.18)",
    "productioniser": "rgba(245,133,24,0.18)",
    "ml_support": "rgba(84,162,75,0.18)",
    "other": "rgba(140,140,140,0.15)",
}
TODAY, SCENARIO = "#8c8c8c", "#4c78a8"
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
TEMPLATE = go.layout.Template(
    layout={
        "font": {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 12},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "hoverlabel": {"align": "left"},
        "xaxis": {"gridcolor": "#e5e5e5", "zerolinecolor": "#cccccc", "automargin": True},
        "yaxis": {"gridcolor": "#e5e5e5", "zerolinecolor": "#cccccc", "automargin": True},
    }
)


def esc(value) -> str:
    return html.escape(str(value), quote=False)


def _layout(title: str, **extra) -> dict:
    layout = {
        "title": {"text": esc(title), "x": 0, "xanchor": "left", "font": {"size": 15}},
        "template": TEMPLATE,
        "autosize": True,
        "margin": {"l": 60, "r": 20, "t": 50, "b": 50},
        "legend": {"orientation": "h", "y": -0.18, "x": 0},
    }
    layout.update(extra)
    return layout


def capacity_chart(
    months: Sequence[date], capacity: Mapping[str, Mapping[str, Sequence[float]]], *, families: Sequence[str] = ()
) -> go.Figure:
    """FTE per role family over the months: the median as a line, the 10-90% range as a band."""
    fig = go.Figure()
    x = [m.isoformat() for m in months]
    for family in families or [f for f in FAMILIES if f in capacity]:
        series = capacity.get(family)
        if not series:
            continue
        label = FAMILY_LABELS.get(family, family)
        # People outside ML dwarf the ML families on one axis: they start hidden (a click on the legend shows them).
        visible = "legendonly" if family == "other" else True
        fig.add_trace(
            go.Scatter(
                x=x,
                y=list(series["p10"]),
                mode="lines",
                line={"width": 0},
                hoverinfo="skip",
                showlegend=False,
                legendgroup=family,
                name=f"{label} 10%",
                visible=visible,
            )
        )
        fig.add_trace(
            go.Scatter(
                x=x,
                y=list(series["p90"]),
                mode="lines",
                line={"width": 0},
                fill="tonexty",
                fillcolor=BANDS.get(family, "rgba(0,0,0,0.1)"),
                name=f"{label}: 10-90% range",
                legendgroup=family,
                showlegend=False,
                visible=visible,
                customdata=list(series["p10"]),
                hovertemplate=f"{esc(label)}: 10-90% %{{customdata:.1f}}-%{{y:.1f}} FTE<extra></extra>",
            )
        )
        fig.add_trace(
            go.Scatter(
                x=x,
                y=list(series["p50"]),
                mode="lines+markers",
                marker={"size": 4},
                line={"color": FAMILY_COLORS.get(family), "width": 2, "shape": "hv"},
                name=label,
                legendgroup=family,
                visible=visible,
                hovertemplate=f"{esc(label)}: median %{{y:.1f}} FTE<extra></extra>",
            )
        )
    fig.update_layout(
        **_layout("Capacity by role family: median and 10-90% range"),
        yaxis={"title": {"text": "FTE"}, "rangemode": "tozero"},
        xaxis={"title": {"text": ""}, "type": "date"},
        hovermode="x unified",
        height=420,
    )
    return fig


def openings_chart(rows: Sequence[Mapping], *, as_of: date, month_dates, limit: int = 40) -> go.Figure:
    """When each opening is filled: the median date with its 10-90% range, soonest first."""
    shown = sorted(rows, key=lambda r: r["p50"])[:limit]

    def when(months: float) -> str:
        return month_dates(months).isoformat()

    labels = [f"{esc(r['label'])} · #{i + 1}" for i, r in enumerate(shown)]
    medians = [when(r["p50"]) for r in shown]
    fig = go.Figure(
        go.Scatter(
            x=medians,
            y=labels,
            mode="markers",
            marker={"size": 9, "color": SCENARIO},
            name="Median",
            customdata=[[when(r["p10"]), when(r["p90"]), r["within_horizon"] * 100] for r in shown],
            hovertemplate="%{y}<br>median %{x}<br>10-90%: %{customdata[0]} to %{customdata[1]}"
            "<br>filled within 24 months: %{customdata[2]:.0f}%<extra></extra>",
        )
    )
    for label, r in zip(labels, shown, strict=True):
        fig.add_trace(
            go.Scatter(
                x=[when(r["p10"]), when(r["p90"])],
                y=[label, label],
                mode="lines",
                line={"color": "rgba(76,120,168,0.45)", "width": 6},
                hoverinfo="skip",
                showlegend=False,
            )
        )
    fig.update_layout(
        **_layout("When each opening is filled: median and 10-90% range"),
        xaxis={"type": "date", "title": {"text": ""}},
        yaxis={"autorange": "reversed", "title": {"text": ""}},
        height=max(240, 26 * len(shown) + 110),
        showlegend=False,
        shapes=[
            {
                "type": "line",
                "x0": as_of.isoformat(),
                "x1": as_of.isoformat(),
                "y0": 0,
                "y1": 1,
                "yref": "paper",
                "line": {"color": "#999", "dash": "dot"},
            }
        ],
    )
    return fig


def team_probability_chart(rows: Sequence[Mapping], *, by_date: date) -> go.Figure:
    """Per team (or the whole organisation), the probability of reaching all its headcount targets by `by_date`."""
    rows = sorted(rows, key=lambda r: (r["probability"], r["name"]))
    fig = go.Figure(
        go.Bar(
            x=[round(r["probability"] * 100, 1) for r in rows],
            y=[esc(r["name"]) for r in rows],
            orientation="h",
            marker={"color": [_prob_color(r["probability"]) for r in rows]},
            text=[f"{r['probability'] * 100:.0f}%" for r in rows],
            textposition="auto",
            hovertemplate="%{y}: %{x:.0f}%<extra></extra>",
        )
    )
    fig.update_layout(
        **_layout(f"Chance of reaching the headcount targets by {by_date:%d %b %Y}"),
        xaxis={"range": [0, 100], "title": {"text": "probability (%)"}},
        yaxis={"title": {"text": ""}},
        height=max(220, 28 * len(rows) + 110),
        showlegend=False,
    )
    return fig


def _prob_color(p: float) -> str:
    return "#1a9850" if p >= 0.8 else "#fdae61" if p >= 0.5 else "#d73027"


def comparison_levels_chart(dimensions: Sequence[Mapping]) -> go.Figure:
    """Maturity level per dimension, today and in the scenario."""
    labels = [esc(SHORT_LABELS.get(d["dimension"], d["label"])) for d in dimensions]
    fig = go.Figure(
        [
            go.Bar(name="Today", x=labels, y=[d["today"] for d in dimensions], marker={"color": TODAY}),
            go.Bar(name="Scenario", x=labels, y=[d["scenario"] for d in dimensions], marker={"color": SCENARIO}),
        ]
    )
    fig.update_layout(
        **_layout("Maturity level per dimension"), barmode="group", yaxis={"range": [0, 5], "dtick": 1}, height=380
    )
    return fig


def comparison_families_chart(today: Mapping, scenario: Mapping) -> go.Figure:
    """Model builders and productionisers (FTE), today and in the scenario."""
    x = ["Model builders", "Productionisers"]
    fig = go.Figure(
        [
            go.Bar(
                name="Today",
                x=x,
                y=[today.get("builder_fte"), today.get("productioniser_fte")],
                marker={"color": TODAY},
            ),
            go.Bar(
                name="Scenario",
                x=x,
                y=[scenario.get("builder_fte"), scenario.get("productioniser_fte")],
                marker={"color": SCENARIO},
            ),
        ]
    )
    fig.update_layout(
        **_layout("Builders and productionisers (FTE)"), barmode="group", height=320, yaxis={"rangemode": "tozero"}
    )
    return fig


def roadmap_cost_chart(phases: Sequence) -> go.Figure:
    """Yearly cost of the positions opened in each quarter, and the run rate once they are filled."""
    x = [p.label for p in phases]
    fig = go.Figure(
        [
            go.Bar(
                name="Positions opened in the quarter",
                x=x,
                y=[p.hire_cost for p in phases],
                marker={"color": SCENARIO},
                hovertemplate="%{x}: %{y:,.0f} a year<extra></extra>",
            ),
            go.Scatter(
                name="Yearly run rate (open and planned)",
                x=x,
                y=[p.run_rate for p in phases],
                mode="lines+markers",
                line={"color": "#f58518"},
                hovertemplate="%{x}: %{y:,.0f} a year<extra></extra>",
            ),
        ]
    )
    fig.update_layout(**_layout("Cost of the planned hires (yearly)"), height=340, yaxis={"rangemode": "tozero"})
    return fig
