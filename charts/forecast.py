"""Planning charts: capacity over the months, when openings are filled, the chance of the targets, the cost."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date

from vocabulary.families import FAMILIES, FAMILY_LABELS, OTHER
from vocabulary.palette import (
    BAD_COLOR,
    COLORWAY,
    FAMILY_BANDS,
    FAMILY_COLORS,
    GOOD_COLOR,
    GUIDE_COLOR,
    SCENARIO_BAND,
    SCENARIO_COLOR,
    WARNING_COLOR,
)

from .base import Figure, esc, figure

LEGEND = {"orientation": "h", "y": -0.18, "x": 0}


def _family_traces(x: list[str], family: str, series: Mapping[str, Sequence[float]]) -> list[dict]:
    """The 10% edge, the 10-90% band and the median line of one family."""
    label = FAMILY_LABELS.get(family, family)
    # People outside ML dwarf the ML families on one axis: they start hidden (a click on the legend shows them).
    visible = "legendonly" if family == OTHER else True
    common = {"type": "scatter", "x": x, "legendgroup": family, "visible": visible}
    return [
        {
            **common,
            "y": list(series["p10"]),
            "mode": "lines",
            "line": {"width": 0},
            "hoverinfo": "skip",
            "showlegend": False,
            "name": f"{label} 10%",
        },
        {
            **common,
            "y": list(series["p90"]),
            "mode": "lines",
            "line": {"width": 0},
            "fill": "tonexty",
            "fillcolor": FAMILY_BANDS.get(family, "rgba(0,0,0,0.1)"),
            "name": f"{label}: 10-90% range",
            "showlegend": False,
            "customdata": list(series["p10"]),
            "hovertemplate": f"{esc(label)}: 10-90% %{{customdata:.1f}}-%{{y:.1f}} FTE<extra></extra>",
        },
        {
            **common,
            "y": list(series["p50"]),
            "mode": "lines+markers",
            "marker": {"size": 4},
            "line": {"color": FAMILY_COLORS.get(family), "width": 2, "shape": "hv"},
            "name": label,
            "hovertemplate": f"{esc(label)}: median %{{y:.1f}} FTE<extra></extra>",
        },
    ]


def capacity_chart(
    months: Sequence[date], capacity: Mapping[str, Mapping[str, Sequence[float]]], *, families: Sequence[str] = ()
) -> Figure:
    """FTE per role family over the months: the median as a line, the 10-90% range as a band.

    `capacity`: family -> {"p10", "p50", "p90"}: one value per month.
    """
    x = [m.isoformat() for m in months]
    traces = []
    for family in families or [f for f in FAMILIES if f in capacity]:
        if capacity.get(family):
            traces += _family_traces(x, family, capacity[family])
    return figure(
        "Capacity by role family: median and 10-90% range",
        traces,
        legend=LEGEND,
        yaxis={"title": {"text": "FTE"}, "rangemode": "tozero"},
        xaxis={"title": {"text": ""}, "type": "date"},
        hovermode="x unified",
        height=420,
    )


def openings_chart(
    rows: Sequence[Mapping], *, as_of: date, month_dates: Callable[[float], date], limit: int = 40
) -> Figure:
    """When each opening is filled: the median date with its 10-90% range, soonest first.

    `rows`: label, p10, p50, p90 (months from `as_of`) and within_horizon (0-1) per opening.
    """
    shown = sorted(rows, key=lambda r: r["p50"])[:limit]

    def when(months: float) -> str:
        return month_dates(months).isoformat()

    labels = [f"{esc(r['label'])} · #{i + 1}" for i, r in enumerate(shown)]
    medians = {
        "type": "scatter",
        "x": [when(r["p50"]) for r in shown],
        "y": labels,
        "mode": "markers",
        "marker": {"size": 9, "color": SCENARIO_COLOR},
        "name": "Median",
        "customdata": [[when(r["p10"]), when(r["p90"]), r["within_horizon"] * 100] for r in shown],
        "hovertemplate": "%{y}<br>median %{x}<br>10-90%: %{customdata[0]} to %{customdata[1]}"
        "<br>filled within 24 months: %{customdata[2]:.0f}%<extra></extra>",
    }
    ranges = [
        {
            "type": "scatter",
            "x": [when(r["p10"]), when(r["p90"])],
            "y": [label, label],
            "mode": "lines",
            "line": {"color": SCENARIO_BAND, "width": 6},
            "hoverinfo": "skip",
            "showlegend": False,
        }
        for label, r in zip(labels, shown, strict=True)
    ]
    today = {"type": "line", "x0": as_of.isoformat(), "x1": as_of.isoformat(), "y0": 0, "y1": 1, "yref": "paper"}
    return figure(
        "When each opening is filled: median and 10-90% range",
        [medians, *ranges],
        legend=LEGEND,
        xaxis={"type": "date", "title": {"text": ""}},
        yaxis={"autorange": "reversed", "title": {"text": ""}},
        height=max(240, 26 * len(shown) + 110),
        showlegend=False,
        shapes=[{**today, "line": {"color": GUIDE_COLOR, "dash": "dot"}}],
    )


def _probability_color(p: float) -> str:
    return GOOD_COLOR if p >= 0.8 else WARNING_COLOR if p >= 0.5 else BAD_COLOR


def team_probability_chart(rows: Sequence[Mapping], *, by_date: date) -> Figure:
    """Per team (or the whole organisation), the probability of reaching all its headcount targets by `by_date`."""
    rows = sorted(rows, key=lambda r: (r["probability"], r["name"]))
    bar = {
        "type": "bar",
        "x": [round(r["probability"] * 100, 1) for r in rows],
        "y": [esc(r["name"]) for r in rows],
        "orientation": "h",
        "marker": {"color": [_probability_color(r["probability"]) for r in rows]},
        "text": [f"{r['probability'] * 100:.0f}%" for r in rows],
        "textposition": "auto",
        "hovertemplate": "%{y}: %{x:.0f}%<extra></extra>",
    }
    return figure(
        f"Chance of reaching the headcount targets by {by_date:%d %b %Y}",
        [bar],
        legend=LEGEND,
        xaxis={"range": [0, 100], "title": {"text": "probability (%)"}},
        yaxis={"title": {"text": ""}},
        height=max(220, 28 * len(rows) + 110),
        showlegend=False,
    )


def roadmap_cost_chart(phases: Sequence) -> Figure:
    """Yearly cost of the positions opened in each quarter, and the run rate once they are filled.

    `phases`: the roadmap's quarters, each with label, hire_cost and run_rate.
    """
    x = [p.label for p in phases]
    hover = "%{x}: %{y:,.0f} a year<extra></extra>"
    traces = [
        {
            "type": "bar",
            "name": "Positions opened in the quarter",
            "x": x,
            "y": [p.hire_cost for p in phases],
            "marker": {"color": SCENARIO_COLOR},
            "hovertemplate": hover,
        },
        {
            "type": "scatter",
            "name": "Yearly run rate (open and planned)",
            "x": x,
            "y": [p.run_rate for p in phases],
            "mode": "lines+markers",
            "line": {"color": COLORWAY[1]},
            "hovertemplate": hover,
        },
    ]
    return figure(
        "Cost of the planned hires (yearly)", traces, legend=LEGEND, height=340, yaxis={"rangemode": "tozero"}
    )
