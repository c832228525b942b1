"""Maturity panels: levels per dimension (radar), per team (heatmap) and over time (trend)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

import charts
from vocabulary.palette import DIMENSION_SHORT_LABELS

from ..selectors import DIMENSIONS, DimensionRow, TeamLevels, TrendPoint
from .base import Chart, Table

HEATMAP_ROWS = 40  # more teams than this: the chart shows the weakest, the table and exports show all


def _dims_as_dicts(rows: Sequence[DimensionRow]) -> list[dict]:
    return [d.__dict__ for d in rows]


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
