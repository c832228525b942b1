"""Monte Carlo hiring and capacity forecast: plain NumPy, no ORM.

Model
-----
* The time from opening a position to the hire starting is log-normal per role: the median is the
  role's months to hire, sigma its spread (both from the catalog, or the organisation's own setting).
* Calibration (`hire_times.py`): when the organisation filled at least `MIN_OBSERVED` openings of a role, the prior and
  the observed durations are combined in log space, the prior counting as `PRIOR_WEIGHT` observations:
  mu = (w * ln(prior median) + n * mean(ln x)) / (w + n) and
  sigma^2 = (w * prior sigma^2 + n * sd(ln x)^2) / (w + n).
* An opening already open for `a` months has not been filled yet, so its time to hire is drawn from
  the distribution conditioned on T > a (inverse CDF on [F(a), 1]); the hire lands T - a months from
  now. An opening that opens in `s` months lands s + T months from now.
* Draws are Latin-hypercube stratified per opening (each decile of the distribution gets a tenth of
  the draws), so quantiles are stable with a fixed seed, and independent between openings.

Months are counted from the forecast date (`as_of`); month m means "m months from now".
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from .hire_times import HireTime
from .normal import norm_cdf, norm_ppf

DEFAULT_DRAWS = 10_000
DEFAULT_SEED = 20261123
HORIZON = 24
QUANTILES = (0.1, 0.5, 0.9)

# --- what is simulated ------------------------------------------------------------------------------


@dataclass(frozen=True)
class OpeningInput:
    """One position to fill. `months_open` > 0: open that long already; < 0: opens in -months_open months."""

    key: str
    role: str
    family: str
    team_id: int | None
    months_open: float = 0.0
    fte: float = 1.0
    label: str = ""


@dataclass(frozen=True)
class StaffChange:
    """A change whose month is known (a planned join or leave): `fte` and `headcount` are signed."""

    month: float
    role: str
    family: str
    team_id: int | None
    fte: float
    headcount: int


@dataclass(frozen=True)
class HeadcountGoal:
    """Reach `headcount` people of `role` in `team_id` (None: the whole organisation)."""

    key: str
    team_id: int | None
    role: str
    headcount: int


def simulate_fill_months(
    openings: Sequence[OpeningInput],
    hire_times: Mapping[str, HireTime],
    *,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
) -> np.ndarray:
    """Months from now until each opening is filled: an array of shape (len(openings), draws)."""
    if draws < 1:
        raise ValueError("draws must be at least 1")
    rng = np.random.default_rng(seed)
    k = len(openings)
    if k == 0:
        return np.empty((0, draws))
    mu = np.empty(k)
    sigma = np.empty(k)
    start = np.empty(k)  # months from now until the search starts (0 when already open)
    survive = np.empty(k)  # 1 - F(a): the chance a position open this long is still open
    age = np.empty(k)
    for j, o in enumerate(openings):
        ht = hire_times[o.role]
        mu[j], sigma[j] = ht.mu, ht.sigma
        age[j], start[j] = _conditional(o)
        survive[j] = _survival(age[j], ht) if age[j] > 0 else 1.0
    # Latin hypercube: one stratum of (0, 1] per draw, shuffled independently for each opening. The draw is
    # made on the upper tail, T = exp(mu - sigma * ppf(q)) with q = (1 - F(a)) * v, so a position open far
    # longer than usual (1 - F(a) tiny) is still drawn precisely.
    strata = np.empty((k, draws), dtype=np.float32)
    base = np.arange(1, draws + 1, dtype=np.float32)
    for j in range(k):
        strata[j] = rng.permutation(base)
    v = rng.random((k, draws), dtype=np.float32)
    np.subtract(strata, v, out=v)  # in (i - 1, i]
    v *= (survive / draws).astype(np.float32)[:, None]
    z = norm_ppf(v)
    z *= -sigma.astype(np.float32)[:, None]
    z += mu.astype(np.float32)[:, None]
    total = np.exp(z, out=z)
    total -= age.astype(np.float32)[:, None]
    np.maximum(total, 0.0, out=total)
    total += start.astype(np.float32)[:, None]
    return total


def _survival(age: float, ht: HireTime) -> float:
    """P(T > age), computed on the upper tail so that tiny values keep their precision."""
    return 0.5 * math.erfc((math.log(age) - ht.mu) / (ht.sigma * math.sqrt(2)))


def _quantiles(values: np.ndarray, quantiles: Sequence[float]) -> np.ndarray:
    return np.quantile(values, quantiles, axis=0)


def capacity(
    fill: np.ndarray,
    openings: Sequence[OpeningInput],
    *,
    baseline: Mapping[str, float],
    changes: Sequence[StaffChange] = (),
    horizon: int = HORIZON,
    quantiles: Sequence[float] = QUANTILES,
) -> dict[str, dict[str, list[float]]]:
    """FTE per role family at months 0..horizon: {family: {"p10": [...], "p50": [...], "p90": [...], "mean": [...]}}.

    A hire counts from the first whole month at or after it lands (fill <= m).
    """
    draws = fill.shape[1]
    months = np.arange(horizon + 1)
    families = sorted({*baseline, *(o.family for o in openings), *(c.family for c in changes)})
    out: dict[str, dict[str, list[float]]] = {}
    for family in families:
        fixed = np.full(horizon + 1, float(baseline.get(family, 0.0)))
        for c in changes:
            if c.family == family:
                fixed[months >= c.month] += c.fte
        idx = [j for j, o in enumerate(openings) if o.family == family]
        series = np.broadcast_to(fixed, (draws, horizon + 1))
        if idx:
            sub = fill[idx] if len(idx) < len(openings) else fill
            # Month bin in which each hire starts counting: ceil(fill); beyond the horizon it never counts.
            bins = np.minimum(np.ceil(sub), horizon + 1).astype(np.int64)
            bins += np.arange(draws, dtype=np.int64) * (horizon + 2)
            weights = np.array([openings[j].fte for j in idx])
            if np.all(weights == 1.0):
                hist = np.bincount(bins.ravel(), minlength=draws * (horizon + 2)).astype(float)
            else:
                w = np.broadcast_to(weights[:, None], bins.shape).ravel()
                hist = np.bincount(bins.ravel(), weights=w, minlength=draws * (horizon + 2))
            added = np.cumsum(hist.reshape(draws, horizon + 2), axis=1)[:, : horizon + 1]
            series = series + added
        q = _quantiles(series, quantiles)
        out[family] = {f"p{round(qq * 100)}": np.round(q[i], 4).tolist() for i, qq in enumerate(quantiles)}
        out[family]["mean"] = np.round(series.mean(axis=0), 4).tolist()
    return out


def _conditional(o: OpeningInput) -> tuple[float, float]:
    """(months it has been open, months until it opens) of one opening."""
    return max(float(o.months_open), 0.0), max(-float(o.months_open), 0.0)


def opening_summary(
    openings: Sequence[OpeningInput],
    hire_times: Mapping[str, HireTime],
    *,
    horizon: int = HORIZON,
    quantiles: Sequence[float] = QUANTILES,
) -> list[dict]:
    """Per opening: months until it is filled at each quantile, and the chance it is filled within the horizon.

    Computed in closed form from the (conditional) log-normal, so they are exact; the simulation
    reproduces them up to sampling noise.
    """
    if not openings:
        return []
    qs = np.asarray(quantiles, dtype=float)
    params = []
    for o in openings:
        ht = hire_times[o.role]
        age, start = _conditional(o)
        survive = _survival(age, ht) if age > 0 else 1.0
        reach = horizon - start + age
        f_reach = norm_cdf((math.log(reach) - ht.mu) / ht.sigma) if reach > 0 else 0.0
        params.append((ht.mu, ht.sigma, age, start, survive, f_reach))
    mu, sigma, age, start, survive, f_reach = (np.array(c) for c in zip(*params, strict=True))
    # quantile q of T given T > a: the upper-tail probability (1 - F(a)) * (1 - q)
    z = -norm_ppf(survive[:, None] * (1 - qs[None, :]))
    months = np.maximum(np.exp(mu[:, None] + sigma[:, None] * z) - age[:, None], 0.0) + start[:, None]
    # P(filled within the horizon | still open) = (F(reach) - F(a)) / (1 - F(a))
    safe = np.where(survive > 0, survive, 1.0)
    within = np.where(survive > 0, np.clip((f_reach - (1 - survive)) / safe, 0.0, 1.0), 1.0)
    rows = []
    for j, o in enumerate(openings):
        row = {"key": o.key, "label": o.label, "role": o.role, "family": o.family, "team_id": o.team_id}
        row["months_open"] = float(age[j])
        for i, qq in enumerate(quantiles):
            row[f"p{round(qq * 100)}"] = float(months[j, i])
        row["within_horizon"] = float(within[j])
        rows.append(row)
    return rows


def goal_probabilities(
    fill: np.ndarray,
    openings: Sequence[OpeningInput],
    *,
    goals: Sequence[HeadcountGoal],
    current: Mapping[tuple[int | None, str], int],
    by_month: float,
    changes: Sequence[StaffChange] = (),
    ancestors: Mapping[int, Sequence[int]] | None = None,
) -> tuple[list[dict], np.ndarray]:
    """For each goal, the probability of reaching its headcount by `by_month` months from now.

    `current` maps (team_id, role) to today's headcount, with (None, role) the organisation's total.
    A team's goal also counts the openings and changes of the teams below it (`ancestors` maps a team
    to the teams above it; `current` is expected to be rolled up the same way); an organisation-wide
    goal counts those of every team. Returns the rows and the (goals x draws) boolean matrix of reached
    goals, for combining goals per team.
    """
    draws = fill.shape[1]
    if not goals:
        return [], np.zeros((0, draws), dtype=bool)
    ancestors = ancestors or {}

    def keys(team_id: int | None, role: str):
        yield (team_id, role)
        for above in ancestors.get(team_id, ()):
            yield (above, role)
        yield (None, role)

    groups: dict[tuple[int | None, str], list[int]] = {}
    for j, o in enumerate(openings):
        for key in keys(o.team_id, o.role):
            groups.setdefault(key, []).append(j)
    moved: dict[tuple[int | None, str], int] = {}
    for c in changes:
        if c.month <= by_month:
            for key in keys(c.team_id, c.role):
                moved[key] = moved.get(key, 0) + c.headcount
    # Per goal and draw: reached or not. A goal without openings is reached in every draw or in none.
    filled_by = fill <= by_month
    hits = np.empty((len(goals), draws), dtype=bool)
    base = np.array([int(current.get((g.team_id, g.role), 0)) + moved.get((g.team_id, g.role), 0) for g in goals])
    expected = np.zeros(len(goals))
    counted: dict[tuple[int | None, str], np.ndarray] = {}
    for i, goal in enumerate(goals):
        key = (goal.team_id, goal.role)
        idx = groups.get(key)
        if not idx:
            hits[i] = base[i] >= goal.headcount
            continue
        if key not in counted:
            counted[key] = filled_by[idx[0]].astype(np.int32) if len(idx) == 1 else filled_by[idx].sum(axis=0)
        np.greater_equal(counted[key], goal.headcount - base[i], out=hits[i])
        expected[i] = counted[key].mean()
    probability = hits.mean(axis=1)
    rows = []
    for i, goal in enumerate(goals):
        n_open = len(groups.get((goal.team_id, goal.role), ()))
        rows.append(
            {
                "key": goal.key,
                "team_id": goal.team_id,
                "role": goal.role,
                "target": goal.headcount,
                "current": int(base[i]),
                "openings": n_open,
                "expected_hires": float(expected[i]),
                "probability": float(probability[i]),
                "missing_openings": max(goal.headcount - int(base[i]) - n_open, 0),
            }
        )
    return rows, hits


def team_probabilities(goals: Sequence[HeadcountGoal], hits: np.ndarray) -> dict[int | None, float]:
    """Per team (None: organisation-wide goals), the probability that all its goals are reached together."""
    columns: dict[int | None, list[int]] = {}
    for i, g in enumerate(goals):
        columns.setdefault(g.team_id, []).append(i)
    return {
        team_id: float((hits[cols[0]] if len(cols) == 1 else hits[cols].all(axis=0)).mean())
        for team_id, cols in columns.items()
    }


@dataclass
class Forecast:
    """Everything a forecast page shows, as plain values."""

    draws: int
    seed: int
    horizon: int
    by_month: float
    capacity: dict[str, dict[str, list[float]]]
    openings: list[dict]
    goals: list[dict]
    teams: dict[int | None, float]
    hire_times: dict[str, HireTime] = field(default_factory=dict)


def run_forecast(
    *,
    openings: Sequence[OpeningInput],
    hire_times: Mapping[str, HireTime],
    baseline: Mapping[str, float],
    current: Mapping[tuple[int | None, str], int],
    goals: Sequence[HeadcountGoal] = (),
    changes: Sequence[StaffChange] = (),
    by_month: float = 12.0,
    horizon: int = HORIZON,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    ancestors: Mapping[int, Sequence[int]] | None = None,
) -> Forecast:
    """Simulate every opening `draws` times and summarise capacity, openings and goals."""
    fill = simulate_fill_months(openings, hire_times, draws=draws, seed=seed)
    goal_rows, hits = goal_probabilities(
        fill, openings, goals=goals, current=current, by_month=by_month, changes=changes, ancestors=ancestors
    )
    return Forecast(
        draws=draws,
        seed=seed,
        horizon=horizon,
        by_month=by_month,
        capacity=capacity(fill, openings, baseline=baseline, changes=changes, horizon=horizon),
        openings=opening_summary(openings, hire_times, horizon=horizon),
        goals=goal_rows,
        teams=team_probabilities(goals, hits),
        hire_times=dict(hire_times),
    )
