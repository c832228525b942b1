"""A scenario's key figures along its own timeline: today, each dated step, the end."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from vocabulary.palette import COLORWAY

from .base import Figure, esc, figure


def scenario_timeline_chart(steps: Sequence[str], series: Sequence[Mapping]) -> Figure:
    """One line per figure over the scenario's steps; each value holds until the next step.

    `steps`: the step labels in order ("Today", "Feb 2027 (in 3 months)", ...).
    `series`: {"label", "values"} per figure, one value per step (None where there is none).
    """
    x = [esc(s) for s in steps]
    lines = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": esc(s["label"]),
            "x": x,
            "y": list(s["values"]),
            "line": {"shape": "hv", "color": COLORWAY[i % len(COLORWAY)]},
            "hovertemplate": f"{esc(s['label'])}: %{{y}}<extra>%{{x}}</extra>",
        }
        for i, s in enumerate(series)
    ]
    return figure(
        "Key figures along the scenario",
        lines,
        height=320,
        xaxis={"type": "category"},
        yaxis={"rangemode": "tozero"},
        legend={"orientation": "h", "y": -0.25, "x": 0},
        margin={"l": 50, "r": 20, "t": 50, "b": 80},
    )
