"""The Monte Carlo hiring forecast against cases that can be worked out by hand. No database."""

import math
from statistics import NormalDist

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planning.engine.forecast import (
    HeadcountGoal,
    OpeningInput,
    StaffChange,
    capacity,
    goal_probabilities,
    opening_summary,
    run_forecast,
    simulate_fill_months,
    team_probabilities,
)
from planning.engine.hire_times import MIN_OBSERVED, hire_time
from planning.engine.normal import norm_ppf

N = NormalDist()
Z10, Z90 = N.inv_cdf(0.1), N.inv_cdf(0.9)


def mle(median=6.0, sigma=0.4, observed=()):
    return {
        "ml-engineer": hire_time(role="ml-engineer", prior_median=median, prior_sigma=sigma, observed_months=observed)
    }


def opening(key="o1", months_open=0.0, team_id=1, role="ml-engineer", family="productioniser", fte=1.0):
    return OpeningInput(key=key, role=role, family=family, team_id=team_id, months_open=months_open, fte=fte)


@pytest.mark.parametrize("p", [1e-12, 1e-6, 0.001, 0.02, 0.0243, 0.1, 0.3, 0.5, 0.77, 0.975, 0.98, 0.999, 1 - 1e-9])
def test_normal_quantile_matches_the_standard_library(p):
    assert norm_ppf([p])[0] == pytest.approx(N.inv_cdf(p), abs=1e-7)


def test_single_opening_median_and_band_are_the_log_normal_quantiles():
    fill = simulate_fill_months([opening()], mle(6.0, 0.4), draws=10_000, seed=1)
    p10, p50, p90 = np.quantile(fill[0], [0.1, 0.5, 0.9])
    assert p50 == pytest.approx(6.0, rel=0.01)
    assert p10 == pytest.approx(6.0 * math.exp(0.4 * Z10), rel=0.01)  # 3.59 months
    assert p90 == pytest.approx(6.0 * math.exp(0.4 * Z90), rel=0.01)  # 10.02 months
    row = opening_summary([opening()], mle(6.0, 0.4))[0]
    assert row["p50"] == pytest.approx(6.0)
    assert row["p10"] == pytest.approx(6.0 * math.exp(0.4 * Z10))
    assert row["p90"] == pytest.approx(6.0 * math.exp(0.4 * Z90))
    # P(T <= 24) for a median of 6 and sigma 0.4
    assert row["within_horizon"] == pytest.approx(N.cdf(math.log(4) / 0.4))


def test_an_opening_open_for_a_while_is_drawn_given_it_is_not_filled_yet():
    # Open for 6 months with a median of 6: half the distribution is used up, so the median of
    # what remains is the 75th percentile of the full distribution, minus the 6 months gone.
    fill = simulate_fill_months([opening(months_open=6.0)], mle(6.0, 0.4), draws=10_000, seed=2)
    expected = 6.0 * math.exp(0.4 * N.inv_cdf(0.75)) - 6.0  # 1.86 months
    assert np.median(fill[0]) == pytest.approx(expected, rel=0.02)
    assert (fill >= 0).all()
    row = opening_summary([opening(months_open=6.0)], mle(6.0, 0.4))[0]
    assert row["p50"] == pytest.approx(expected)
    assert row["p10"] == pytest.approx(6.0 * math.exp(0.4 * N.inv_cdf(0.55)) - 6.0)


def test_an_opening_that_opens_later_starts_its_clock_then():
    fill = simulate_fill_months([opening(months_open=-4.0)], mle(6.0, 0.4), draws=10_000, seed=3)
    assert fill.min() >= 4.0
    assert np.median(fill[0]) == pytest.approx(10.0, rel=0.01)
    assert opening_summary([opening(months_open=-4.0)], mle(6.0, 0.4))[0]["p50"] == pytest.approx(10.0)


def test_capacity_median_line_and_band_for_one_opening():
    # 2 FTE today plus one hire with a median of 5.5 months (sigma 0.4). A hire counts from the first
    # whole month m with fill <= m, so the median line steps up at the first m with P(T <= m) > 50%
    # (month 6), the upper band line once P > 10% (month 4: the 10th percentile is 3.29) and the
    # lower band line once P > 90% (month 10: the 90th percentile is 9.18).
    fill = simulate_fill_months([opening()], mle(5.5, 0.4), draws=10_000, seed=4)
    series = capacity(fill, [opening()], baseline={"productioniser": 2.0}, horizon=24)["productioniser"]
    assert series["p50"] == [2.0] * 6 + [3.0] * 19
    assert series["p90"] == [2.0] * 4 + [3.0] * 21
    assert series["p10"] == [2.0] * 10 + [3.0] * 15
    assert series["mean"][6] == pytest.approx(2.0 + N.cdf(math.log(6 / 5.5) / 0.4), abs=0.01)
    assert series["mean"][12] == pytest.approx(2.0 + N.cdf(math.log(12 / 5.5) / 0.4), abs=0.01)


def test_capacity_counts_fte_and_known_joins_and_leaves():
    fill = simulate_fill_months([opening(fte=0.5)], mle(0.8, 0.05), draws=2_000, seed=5)
    changes = [
        StaffChange(month=3, role="ml-engineer", family="productioniser", team_id=1, fte=1.0, headcount=1),
        StaffChange(month=5, role="data-scientist", family="builder", team_id=1, fte=-0.8, headcount=-1),
    ]
    cap = capacity(fill, [opening(fte=0.5)], baseline={"productioniser": 1.0, "builder": 2.0}, changes=changes)
    assert cap["productioniser"]["p50"][:5] == [1.0, 1.5, 1.5, 2.5, 2.5]  # hire lands in month 1, join in 3
    assert cap["builder"]["p50"][:7] == [2.0] * 5 + [1.2, 1.2]


def test_calibration_moves_the_median_toward_the_orgs_own_hires():
    prior = hire_time(role="mle", prior_median=6.0, prior_sigma=0.4)
    fast = hire_time(role="mle", prior_median=6.0, prior_sigma=0.4, observed_months=[2.0, 2.0, 2.0])
    slow = hire_time(role="mle", prior_median=6.0, prior_sigma=0.4, observed_months=[12.0, 12.0, 12.0, 12.0])
    too_few = hire_time(role="mle", prior_median=6.0, prior_sigma=0.4, observed_months=[2.0] * (MIN_OBSERVED - 1))
    assert not too_few.calibrated and too_few.median_months == 6.0 and too_few.sigma == 0.4
    assert fast.calibrated and fast.median_months < prior.median_months < slow.median_months
    # weights 3 (prior) and 3 (observed) in log space: the geometric mean of 6 and 2
    assert fast.median_months == pytest.approx(math.sqrt(12.0))
    # identical observations have no spread, so sigma shrinks toward it: sqrt(3 * 0.16 / 6)
    assert fast.sigma == pytest.approx(math.sqrt(0.08))
    assert slow.median_months == pytest.approx(math.exp((3 * math.log(6) + 4 * math.log(12)) / 7))

    def median_fill(times):
        return np.median(simulate_fill_months([opening()], {"ml-engineer": times}, seed=6)[0])

    with_role = {
        name: hire_time(role="ml-engineer", prior_median=6.0, prior_sigma=0.4, observed_months=obs)
        for name, obs in (("prior", ()), ("fast", [2.0, 2.0, 2.0]), ("slow", [12.0] * 4))
    }
    assert median_fill(with_role["fast"]) < median_fill(with_role["prior"]) < median_fill(with_role["slow"])


def test_fixed_seed_gives_the_same_forecast_and_another_seed_differs():
    ops = [opening("a"), opening("b", months_open=3.0)]
    one = simulate_fill_months(ops, mle(), draws=500, seed=11)
    assert np.array_equal(one, simulate_fill_months(ops, mle(), draws=500, seed=11))
    assert not np.array_equal(one, simulate_fill_months(ops, mle(), draws=500, seed=12))


def test_goal_probability_by_a_date():
    ops = [opening("a", team_id=7)]
    fill = simulate_fill_months(ops, mle(6.0, 0.4), draws=10_000, seed=8)
    goals = [HeadcountGoal("g", 7, "ml-engineer", 2)]
    rows, _ = goal_probabilities(fill, ops, goals=goals, current={(7, "ml-engineer"): 1}, by_month=12)
    assert rows[0]["probability"] == pytest.approx(N.cdf(math.log(2) / 0.4), abs=0.01)  # 0.958
    rows, _ = goal_probabilities(fill, ops, goals=goals, current={(7, "ml-engineer"): 1}, by_month=6)
    assert rows[0]["probability"] == pytest.approx(0.5, abs=0.01)
    # Three needed, one opening: impossible, and the page says how many openings are missing.
    rows, _ = goal_probabilities(
        fill, ops, goals=[HeadcountGoal("g", 7, "ml-engineer", 3)], current={(7, "ml-engineer"): 1}, by_month=24
    )
    assert rows[0]["probability"] == 0.0 and rows[0]["missing_openings"] == 1


def test_a_team_reaches_its_target_when_all_its_goals_are_reached():
    ops = [opening("a", team_id=7), opening("b", team_id=7, role="mlops-engineer")]
    times = {**mle(6.0, 0.4), "mlops-engineer": hire_time(role="mlops-engineer", prior_median=6.0, prior_sigma=0.4)}
    fill = simulate_fill_months(ops, times, draws=10_000, seed=9)
    goals = [HeadcountGoal("g1", 7, "ml-engineer", 1), HeadcountGoal("g2", 7, "mlops-engineer", 1)]
    rows, hits = goal_probabilities(fill, ops, goals=goals, current={}, by_month=6)
    assert [r["probability"] for r in rows] == [pytest.approx(0.5, abs=0.01)] * 2
    assert team_probabilities(goals, hits)[7] == pytest.approx(0.25, abs=0.02)  # independent openings


def test_an_org_wide_goal_counts_every_team_and_known_changes():
    ops = [opening("a", team_id=1), opening("b", team_id=2)]
    fill = simulate_fill_months(ops, mle(0.5, 0.05), draws=1_000, seed=10)
    join = StaffChange(month=2, role="ml-engineer", family="productioniser", team_id=3, fte=1.0, headcount=1)
    rows, _ = goal_probabilities(
        fill,
        ops,
        goals=[HeadcountGoal("org", None, "ml-engineer", 5)],
        current={(None, "ml-engineer"): 2},
        by_month=3,
        changes=[join],
    )
    assert rows[0]["probability"] == 1.0 and rows[0]["current"] == 3 and rows[0]["openings"] == 2


def test_run_forecast_puts_it_together():
    result = run_forecast(
        openings=[opening()],
        hire_times=mle(),
        baseline={"productioniser": 1.0},
        current={(1, "ml-engineer"): 0},
        goals=[HeadcountGoal("g", 1, "ml-engineer", 1)],
        by_month=6,
        draws=4_000,
        seed=1,
    )
    assert result.draws == 4_000 and len(result.capacity["productioniser"]["p50"]) == 25
    assert result.goals[0]["probability"] == pytest.approx(0.5, abs=0.02)
    assert result.teams[1] == result.goals[0]["probability"]


@settings(max_examples=40, deadline=None)
@given(
    medians=st.lists(st.floats(0.5, 20), min_size=1, max_size=6),
    ages=st.lists(st.floats(-6, 30), min_size=6, max_size=6),
    sigma=st.floats(0.05, 1.5),
)
def test_properties_of_any_forecast(medians, ages, sigma):
    times = {f"r{i}": hire_time(role=f"r{i}", prior_median=m, prior_sigma=sigma) for i, m in enumerate(medians)}
    ops = [opening(f"o{i}", months_open=ages[i], role=f"r{i}") for i in range(len(medians))]
    fill = simulate_fill_months(ops, times, draws=400, seed=1)
    assert np.isfinite(fill).all() and (fill >= 0).all()
    for j, o in enumerate(ops):
        assert fill[j].min() >= max(-o.months_open, 0) - 1e-9
    series = capacity(fill, ops, baseline={"productioniser": 1.0})["productioniser"]
    for lo, mid, hi in zip(series["p10"], series["p50"], series["p90"], strict=True):
        assert lo <= mid <= hi
    assert all(a <= b for a, b in zip(series["p50"], series["p50"][1:], strict=False))  # hires only add
