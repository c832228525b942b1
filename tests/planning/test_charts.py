"""Planning chart builders: data in, figure out (no database)."""

from datetime import date, timedelta

import plotly.graph_objects as go

import charts


def _valid(fig: dict) -> go.Figure:
    """plotly.py validates every property name and value of a figure dict (raises on anything invalid)."""
    return go.Figure(fig)


def test_capacity_chart_draws_a_median_line_and_a_band_per_family():
    months = [date(2026, 11, 1), date(2026, 12, 1)]
    cap = {
        "builder": {"p10": [1, 1], "p50": [1, 2], "p90": [1, 3]},
        "other": {"p10": [9, 9], "p50": [9, 9], "p90": [9, 9]},
    }
    fig = _valid(charts.capacity_chart(months, cap))
    names = [t.name for t in fig.data]
    assert names == [
        "Model builders 10%",
        "Model builders: 10-90% range",
        "Model builders",
        "Not ML practitioners 10%",
        "Not ML practitioners: 10-90% range",
        "Not ML practitioners",
    ]
    assert list(fig.data[2].y) == [1, 2] and fig.data[1].fill == "tonexty" and list(fig.data[1].y) == [1, 3]
    assert all(t.visible == "legendonly" for t in fig.data[3:])  # people outside ML start hidden


def test_openings_chart_escapes_names_and_shows_the_soonest():
    rows = [
        {"label": f"<b>Role</b> {i}", "p10": i, "p50": i + 1, "p90": i + 2, "within_horizon": 0.5} for i in range(50)
    ]

    def when(m):
        return date(2026, 1, 1) + timedelta(days=30 * m)

    fig = _valid(charts.openings_chart(rows, as_of=date(2026, 1, 1), month_dates=when, limit=40))
    labels = list(fig.data[0].y)
    assert len(labels) == 40 and labels[0] == "&lt;b&gt;Role&lt;/b&gt; 0 · #1"


def test_team_probability_chart_in_percent():
    fig = _valid(
        charts.team_probability_chart(
            [{"name": "A", "probability": 0.25}, {"name": "B", "probability": 0.9}], by_date=date(2027, 6, 1)
        )
    )
    assert list(fig.data[0].x) == [25.0, 90.0] and list(fig.data[0].text) == ["25%", "90%"]
    assert "01 Jun 2027" in fig.layout.title.text


def test_comparison_charts():
    fig = _valid(
        charts.comparison_levels_chart(
            [{"dimension": "mlops_level", "label": "MLOps level", "today": 3, "scenario": 2}]
        )
    )
    assert [t.name for t in fig.data] == ["Today", "Scenario"] and list(fig.data[1].y) == [2]
    assert list(fig.data[0].x) == ["MLOps"]
    fam = _valid(
        charts.comparison_families_chart(
            {"builder_fte": 10, "productioniser_fte": 4}, {"builder_fte": 10, "productioniser_fte": 3}
        )
    )
    assert list(fam.data[1].y) == [10, 3]


def test_roadmap_cost_chart():
    class Phase:
        def __init__(self, label, hire_cost, run_rate):
            self.label, self.hire_cost, self.run_rate = label, hire_cost, run_rate

    fig = _valid(charts.roadmap_cost_chart([Phase("Q1 2027", 100.0, 250.0), Phase("Q2 2027", 0.0, 250.0)]))
    assert [t.type for t in fig.data] == ["bar", "scatter"] and list(fig.data[1].y) == [250.0, 250.0]


def test_the_timeline_chart_draws_one_stepped_line_per_figure_and_escapes_labels():
    fig = _valid(
        charts.scenario_timeline_chart(
            ["Today", "Feb 2027 (in 3 months)", "<May> 2027"],
            [
                {"label": "Truck factor", "values": [2, 1, 1]},
                {"label": "Model builders per productioniser", "values": [1.5, None, 1.5]},
            ],
        )
    )
    assert [t.name for t in fig.data] == ["Truck factor", "Model builders per productioniser"]
    assert list(fig.data[0].y) == [2, 1, 1] and fig.data[0].line.shape == "hv"
    assert list(fig.data[1].x) == ["Today", "Feb 2027 (in 3 months)", "&lt;May&gt; 2027"]
    assert fig.layout.xaxis.type == "category"
