"""The standard normal distribution without SciPy: its quantile (vectorised) and its CDF."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

# Acklam's rational approximation of the standard normal quantile (relative error < 1.2e-9).
_A = (
    -39.69683028665376,
    220.9460984245205,
    -275.9285104469687,
    138.3577518672690,
    -30.66479806614716,
    2.506628277459239,
)
_B = (-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572)
_C = (
    -0.007784894002430293,
    -0.3223964580411365,
    -2.400758277161838,
    -2.549732539343734,
    4.374664141464968,
    2.938163982698783,
)
_D = (0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416)
_P_LOW = 0.02425
_P_EDGE = 1e-15


def _poly(coeffs: Sequence[float], x: np.ndarray) -> np.ndarray:
    out = np.full_like(x, coeffs[0])
    for c in coeffs[1:]:
        out *= x
        out += c
    return out


def _tail(q: np.ndarray) -> np.ndarray:
    """The lower-tail branch, q = sqrt(-2 ln p)."""
    den = _poly(_D, q)
    den *= q
    den += 1
    return _poly(_C, q) / den


def norm_ppf(p) -> np.ndarray:
    """The standard normal quantile of each probability in `p` (clipped into (0, 1)).

    float32 input stays float32 (about twice as fast, and precise enough for months); anything else is float64.
    """
    p = np.asarray(p)
    if p.dtype != np.float32:
        p = p.astype(float)
    edge = _P_EDGE if p.dtype == np.float64 else 1e-7
    p = np.clip(p, edge, 1 - edge)
    # The central branch for every value (cheap, in place), then the few tail values replaced.
    q = p - 0.5
    r = q * q
    out = _poly(_A, r)
    out *= q
    den = _poly(_B, r)
    den *= r
    den += 1
    out /= den
    low = np.flatnonzero(p < _P_LOW)
    if low.size:
        out.flat[low] = _tail(np.sqrt(-2 * np.log(p.flat[low])))
    high = np.flatnonzero(p > 1 - _P_LOW)
    if high.size:
        out.flat[high] = -_tail(np.sqrt(-2 * np.log1p(-p.flat[high])))
    return out


def norm_cdf(x: float) -> float:
    return 0.5 * math.erfc(-x / math.sqrt(2))
