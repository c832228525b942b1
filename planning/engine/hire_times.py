"""How long a role takes to hire: a log-normal per role, calibrated by the organisation's own filled openings.

The prior (median and spread) comes from the catalog or the organisation's setting. When the
organisation filled at least `MIN_OBSERVED` openings of a role, the prior and the observed durations
are combined in log space, the prior counting as `PRIOR_WEIGHT` observations.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from .normal import norm_ppf

MONTH_DAYS = 365.2425 / 12
MIN_OBSERVED = 3  # filled openings of a role needed before the org's own data calibrates it
PRIOR_WEIGHT = 3.0  # the prior counts as this many observations
MIN_OBSERVED_MONTHS = 0.25  # a position filled within a week counts as a week
SIGMA_BOUNDS = (0.05, 2.0)


@dataclass(frozen=True)
class HireTime:
    """The log-normal time to hire of one role, after calibration."""

    role: str
    median_months: float
    sigma: float
    prior_median: float
    prior_sigma: float
    observed: int = 0
    observed_median: float | None = None

    @property
    def mu(self) -> float:
        return math.log(self.median_months)

    @property
    def calibrated(self) -> bool:
        return self.observed >= MIN_OBSERVED

    def quantile(self, q: float) -> float:
        return float(math.exp(self.mu + self.sigma * float(norm_ppf([q])[0])))


def hire_time(
    *,
    role: str,
    prior_median: float,
    prior_sigma: float,
    observed_months: Iterable[float] = (),
    min_observed: int = MIN_OBSERVED,
    prior_weight: float = PRIOR_WEIGHT,
) -> HireTime:
    """A role's time to hire: the prior, calibrated by the org's filled openings when there are enough.

    `observed_months` are the durations (months from opened to filled) of the org's filled openings
    of the role. With fewer than `min_observed` of them the prior is used unchanged.
    """
    if prior_median <= 0:
        raise ValueError(f"{role}: the median time to hire must be positive")
    lo, hi = SIGMA_BOUNDS
    prior_sigma = min(max(float(prior_sigma), lo), hi)
    x = np.maximum(np.asarray(list(observed_months), dtype=float), MIN_OBSERVED_MONTHS)
    n = int(x.size)
    observed_median = float(np.median(x)) if n else None
    if n < min_observed:
        return HireTime(role, float(prior_median), prior_sigma, float(prior_median), prior_sigma, n, observed_median)
    logs = np.log(x)
    w = float(prior_weight)
    mu = (w * math.log(prior_median) + n * float(logs.mean())) / (w + n)
    sd = float(logs.std(ddof=1)) if n > 1 else prior_sigma
    sigma = math.sqrt((w * prior_sigma**2 + n * sd**2) / (w + n))
    sigma = min(max(sigma, lo), hi)
    return HireTime(role, math.exp(mu), sigma, float(prior_median), prior_sigma, n, observed_median)
