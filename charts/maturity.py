"""Maturity charts: levels per dimension (radar, heatmap, today against a scenario) and their trend."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import timedelta

import pandas as pd

from vocabulary.palette import GUIDE_COLOR, LEVEL_COLORSCALE, SCENARIO_COLOR, TODAY_COLOR

from .base import Figure, esc, figure, none_if_nan, short_label


def _fmt_score(score: float | None) -> str:
    return "no answers" if score is None else f"score {score:.2f}"


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
    fig = figure(
        title,
        margin={"l": 70, "r": 70, "t": 60, "b": 40},
        polar={"radialaxis": {"range": [0, 5], "tickvals": [1, 2, 3, 4, 5], "angle": 90, "tickangle": 90}},
        showlegend=True,
    )
    if not dimensions:
        return fig
    theta = [short_label(d["dimension"], d["label"]) for d in dimensions]
    closed = theta + theta[:1]
    fig["data"].append(
        {
            "type": "scatterpolar",
            "r": [target_level] * (len(theta) + 1),
            "theta": closed,
            "name": f"Target (level {target_level})",
            "mode": "lines",
            "line": {"color": GUIDE_COLOR, "dash": "dash"},
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
                "theta": [short_label(d["dimension"], d["label"]) for d in rows] + closed[:1],
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
    z = [[None if none_if_nan(v) is None else int(v) for v in row] for row in frame.itertuples(index=False)]
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
        "x": [short_label(d, labels.get(d, d)) for d in dims],
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
    return figure(
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
    fig = figure(
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
        levels = [none_if_nan(r.level) for r in rows]
        text = []
        for r, lv in zip(rows, levels, strict=True):
            sc = none_if_nan(r.score)
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


def comparison_levels_chart(dimensions: Sequence[Mapping]) -> Figure:
    """Maturity level per dimension, today and in the scenario.

    `dimensions`: rows with dimension, label, today and scenario (levels).
    """
    labels = [esc(short_label(d["dimension"], d["label"])) for d in dimensions]
    bars = [
        {"type": "bar", "name": name, "x": labels, "y": [d[key] for d in dimensions], "marker": {"color": color}}
        for name, key, color in (("Today", "today", TODAY_COLOR), ("Scenario", "scenario", SCENARIO_COLOR))
    ]
    return figure(
        "Maturity level per dimension",
        bars,
        barmode="group",
        yaxis={"range": [0, 5], "dtick": 1},
        height=380,
        legend={"orientation": "h", "y": -0.18, "x": 0},
    )
