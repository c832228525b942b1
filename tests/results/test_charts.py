"""Chart builders: plain data in, Plotly figure out (no database)."""

import csv
import io
import re
from datetime import UTC, datetime

import pandas as pd
import plotly.graph_objects as go
import pytest
from hypothesis import given
from hypothesis import strategies as st

import charts
from results.exports import safe_cell, to_csv
from vocabulary.families import FAMILY_LABELS
from vocabulary.palette import FAMILY_COLORS

KEYS = ("dimension", "label", "level", "score", "answered", "total")
DIMS = [
    dict(zip(KEYS, row, strict=True))
    for row in [
        ("mlops_level", "MLOps level", 2, 0.3, 3, 4),
        ("talent_hiring", "Talent and hiring", None, None, 0, 2),
        ("infra_data", "Infrastructure: data", 4, 0.8, 2, 2),
    ]
]


def comp(team_id, team, parent_id, role, family, fte):
    return {"team_id": team_id, "team": team, "parent_id": parent_id, "role": role, "family": family, "fte": fte}


def _trace(fig, name):
    return next(t for t in fig["data"] if t.get("name") == name)


def _valid(fig: dict) -> go.Figure:
    """plotly.py validates every property name and value of a figure dict (raises on anything invalid)."""
    return go.Figure(fig)


def test_radar_draws_levels_closed_with_target_and_overlay():
    team = [dict(d, level=5) for d in DIMS]
    fig = charts.maturity_radar(DIMS, target_level=4, name="Acme", overlays=[("Team X", team)])
    org = _trace(fig, "Acme")
    assert org["r"] == [2, None, 4, 2]  # unanswered stays a gap, never a zero
    assert org["theta"] == ["MLOps", "Talent", "Infra: data", "MLOps"]
    assert _trace(fig, "Target (level 4)")["r"] == [4, 4, 4, 4]
    assert _trace(fig, "Team X")["r"] == [5, 5, 5, 5]
    assert "not scored" in org["text"][1] and "0/2 answered" in org["text"][1]
    checked = _valid(fig)
    assert checked.layout.title.text and checked.layout.polar.radialaxis.range == (0, 5)


def test_radar_without_dimensions_is_an_empty_figure():
    fig = charts.maturity_radar([], target_level=3)
    assert fig["data"] == [] and _valid(fig).layout.title.text


def test_heatmap_cells_are_levels_and_names_are_escaped():
    frame = pd.DataFrame(
        [[1, None], [5, 3]], index=["Data", "<script>alert(1)</script>"], columns=["mlops_level", "infra_data"]
    )
    frame.attrs["labels"] = {"mlops_level": "MLOps level", "infra_data": "Infrastructure: data"}
    fig = charts.maturity_heatmap(frame)
    heat = fig["data"][0]
    assert heat["z"] == [[1, None], [5, 3]]
    assert heat["y"] == ["Data", "&lt;script&gt;alert(1)&lt;/script&gt;"]
    assert heat["x"] == ["MLOps", "Infra: data"]
    assert "not scored" in heat["text"][0][1]
    assert all("<script>" not in cell for row in heat["text"] for cell in row)
    assert (heat["zmin"], heat["zmax"]) == (1, 5)
    checked = _valid(fig)
    assert checked.layout.xaxis.title.text and checked.layout.yaxis.title.text


def test_trend_has_one_point_per_assessment_and_hides_dimension_lines():
    at = [datetime(2026, m, 1, tzinfo=UTC) for m in (1, 2, 3)]
    frame = pd.DataFrame(
        {
            "at": at + at,
            "series": ["Acme"] * 3 + ["MLOps"] * 3,
            "level": [2, 3, 3, 1, 2, None],
            "score": [0.3, 0.5, 0.55, None, None, None],
            "label": ["Q1", "Q2", "Q3"] * 2,
            "dimension": [""] * 3 + ["mlops_level"] * 3,
        }
    )
    fig = charts.maturity_trend(frame)
    acme, mlops = _trace(fig, "Acme"), _trace(fig, "MLOps")
    assert acme["y"] == [2, 3, 3] and acme["visible"] is True
    assert mlops["y"] == [1, 2, None] and mlops["visible"] == "legendonly"
    assert acme["x"][0].startswith("2026-01-01")
    assert _valid(fig).layout.yaxis.title.text == "Level (1-5)"


def test_trend_with_one_date_shows_a_month_around_it():
    frame = pd.DataFrame(
        {
            "at": [datetime(2026, 5, 10, tzinfo=UTC)],
            "series": ["Acme"],
            "level": [3],
            "score": [0.5],
            "label": ["Q2"],
            "dimension": [""],
        }
    )
    fig = charts.maturity_trend(frame)
    start, end = fig["layout"]["xaxis"]["range"]
    assert start.startswith("2026-04-25") and end.startswith("2026-05-25")
    _valid(fig)


def test_sunburst_nests_teams_and_sizes_roles_by_fte():
    rows = [
        comp(2, "Models", 1, "ML Engineer", "productioniser", 2.5),
        comp(2, "Models", 1, "Data Scientist", "builder", 3.0),
        comp(3, "<i>Pod</i>", None, "ML Engineer", "productioniser", 1),
    ]
    teams = {1: ("Data & AI", None), 2: ("Models", 1), 3: ("<i>Pod</i>", None), 4: ("Empty", None)}
    fig = charts.composition_sunburst(rows, teams=teams, root_label="Acme")
    sb = fig["data"][0]
    nodes = dict(zip(sb["ids"], zip(sb["parents"], sb["labels"], sb["values"], strict=True), strict=True))
    # Data & AI has no people of its own but is drawn as the parent of Models; Empty is left out.
    assert nodes["t1"][:2] == ("root", "Data &amp; AI")
    assert nodes["t2"][0] == "t1"
    assert "t4" not in nodes
    assert nodes["t2r0"] == ("t2", "ML Engineer", 2.5)
    assert nodes["t3r0"] == ("t3", "ML Engineer", 1.0)
    assert nodes["t3"][1] == "&lt;i&gt;Pod&lt;/i&gt;"
    leaves = [i for i in sb["ids"] if re.fullmatch(r"(t\d+|root)r\d+", i)]
    assert sum(nodes[i][2] for i in leaves) == 6.5
    # Roles are coloured by family; the legend names the families.
    colors = dict(zip(sb["ids"], sb["marker"]["colors"], strict=True))
    assert colors["t2r0"] == FAMILY_COLORS["productioniser"]
    assert colors["t2r1"] == FAMILY_COLORS["builder"]
    assert [t["name"] for t in fig["data"][1:]] == list(FAMILY_LABELS.values())
    assert _valid(fig).data[0].branchvalues == "remainder"


def test_sunburst_of_a_subtree_starts_at_that_team():
    rows = [
        comp(1, "Data & AI", None, "AI Team Lead", "ml_support", 1),
        comp(2, "Models", 1, "Data Scientist", "builder", 3.0),
    ]
    teams = {1: ("Data & AI", None), 2: ("Models", 1)}
    sb = charts.composition_sunburst(rows, teams=teams, root_label="Data & AI", root_team_id=1)["data"][0]
    parents = dict(zip(sb["ids"], sb["parents"], strict=True))
    assert parents == {"root": "", "t2": "root", "rootr0": "root", "t2r1": "t2"}


def test_family_bars_compare_builders_and_productionisers():
    groups = [
        {"name": "All", "builder": 6.0, "productioniser": 2.0, "ratio": 3.0},
        {"name": "Pod", "builder": 1.0, "productioniser": 0.0, "ratio": None},
    ]
    fig = charts.family_bars(groups)
    assert _trace(fig, "Model builders")["y"] == [6.0, 1.0]
    assert _trace(fig, "Productionisers")["y"] == [2.0, 0.0]
    assert "3.0 builders per productioniser" in _trace(fig, "Model builders")["text"][0]
    assert "no productioniser" in _trace(fig, "Model builders")["text"][1]
    _valid(fig)


def test_coverage_puts_uncovered_first_and_flags_them():
    coverage = [
        {"name": "Hiring", "pillar": "team", "owners": 2, "backups": 1, "contributors": 0, "owner_teams": ["A"]},
        {"name": "Retraining", "pillar": "model", "owners": 0, "backups": 0, "contributors": 3, "owner_teams": []},
    ]
    fig = charts.coverage_bars(coverage)
    owners = _trace(fig, "Owners")
    assert owners["y"] == ["Retraining", "Hiring"] and owners["x"] == [0, 2]
    assert _trace(fig, "Contributors")["x"] == [3, 0]
    flagged = _trace(fig, "No owner")
    assert flagged["y"] == ["Retraining"] and "no owner" in flagged["text"][0]
    _valid(fig)


def test_no_flag_trace_when_everything_is_owned():
    coverage = [{"name": "Hiring", "pillar": "team", "owners": 1, "backups": 0, "contributors": 0, "owner_teams": []}]
    assert [t["name"] for t in charts.coverage_bars(coverage)["data"]] == ["Owners", "Backups", "Contributors"]


@given(st.text())
def test_escaped_text_never_carries_markup(name):
    assert "<" not in charts.esc(name) and ">" not in charts.esc(name)


@given(st.text(min_size=1))
def test_exported_text_is_never_a_formula(value):
    cell = safe_cell(value)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")) or cell.startswith("'")
    assert cell.endswith(value)


def test_csv_keeps_names_and_neutralises_formulas():
    body = to_csv(["Team", "FTE"], [['=HYPERLINK("http://x")', 1.5], ["Zoë", None]])
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows == [["Team", "FTE"], ['\'=HYPERLINK("http://x")', "1.5"], ["Zoë", ""]]


def test_figures_are_plain_json_without_nan():
    frame = pd.DataFrame([[float("nan")]], index=["A"], columns=["mlops_level"])
    text = charts.to_json(charts.maturity_heatmap(frame))
    assert "NaN" not in text and '"z":[[null]]' in text
    with pytest.raises(ValueError):
        charts.to_json({"data": [{"type": "bar", "y": [float("nan")]}]})
