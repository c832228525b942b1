"""Which way each compared figure should move: written once for every comparison (scenarios, timelines).

A figure is "better" or "worse" only when its direction is known. A ratio is judged only when its
numerator stayed the same: then the change comes from the capacity it is divided by. "Model builders per
productioniser" falling because a model builder left is not an improvement, so it is only "changed".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

HIGHER = "higher"
LOWER = "lower"


@dataclass(frozen=True)
class Metric:
    label: str
    better: str | None  # HIGHER, LOWER, or None when neither direction is good in itself
    numerator: str | None = None  # for a ratio: the key of the figure it divides


METRICS: dict[str, Metric] = {
    "overall_level": Metric("Overall maturity level", HIGHER),
    "maturity_level": Metric("Overall maturity level", HIGHER),
    "truck_factor": Metric("Truck factor", HIGHER),
    "orphaned_after": Metric("Production systems orphaned at the truck factor", LOWER),
    "orphaned_systems": Metric("Orphaned production systems", LOWER),
    "builder_fte": Metric("Model builder FTE", None),
    "productioniser_fte": Metric("Productioniser FTE", HIGHER),
    "builders_per_productioniser": Metric("Model builders per productioniser", LOWER, numerator="builder_fte"),
    "systems_per_productioniser": Metric(
        "Production systems per productioniser", LOWER, numerator="production_systems"
    ),
    "open_roles": Metric("Open roles", LOWER),
    "lone_practitioners": Metric("Lone ML practitioners", LOWER),
}


def verdict(key: str, before, after, *, parts_before: Mapping | None = None, parts_after: Mapping | None = None) -> str:
    """ "same", "better", "worse" or "changed" (moved, but not better or worse in itself) for figure `key`.

    `parts_before`/`parts_after` hold the other figures of each side, to see whether a ratio's numerator moved.
    """
    if before == after:
        return "same"
    metric = METRICS.get(key)
    if metric is None or metric.better is None or before is None or after is None:
        return "changed"
    if metric.numerator:
        num_before = (parts_before or {}).get(metric.numerator)
        num_after = (parts_after or {}).get(metric.numerator)
        if num_before is None or num_before != num_after:
            return "changed"
    return "better" if (after > before) == (metric.better == HIGHER) else "worse"
