"""The organisation's truck factor, after Avelino et al., "A novel approach for estimating truck
factors", ICPC 2016 (see docs/scoring.md)."""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass

import pandas as pd

from .. import texts
from ..frames import OrgFrames
from ..results import FindingResult, evidence
from ..thresholds import (
    TRUCK_FACTOR_CRITICAL,
    TRUCK_FACTOR_HIGH,
    TRUCK_FACTOR_MEDIUM,
    TRUCK_FACTOR_ORPHAN_SHARE,
)
from .wording import names_text


@dataclass
class TruckFactorResult:
    value: int
    removed: list[int]
    production_systems: int
    orphaned_before: int
    orphaned_after: int


def truck_factor(owners: pd.DataFrame, deployers: pd.DataFrame, production_ids) -> TruckFactorResult:
    """The org truck factor over production systems, after Avelino et al. (ICPC 2016).

    Greedy: repeatedly remove the person whose departure orphans the most production systems right now
    (ties: the person who can run the most systems still running, which is Avelino's "top author";
    then the lowest id), until more than half of the production systems are orphaned. The number of
    people removed is the truck factor. A system is orphaned when no owner or no deployer is left.
    """
    prod = sorted(int(s) for s in production_ids)
    n = len(prod)
    if n == 0:
        return TruckFactorResult(0, [], 0, 0, 0)
    prod_set = set(prod)
    owners_of: dict[int, set[int]] = {s: set() for s in prod}
    deployers_of: dict[int, set[int]] = {s: set() for s in prod}
    person_systems: dict[int, set[int]] = defaultdict(set)
    for target, df in ((owners_of, owners), (deployers_of, deployers)):
        df = df[df["system_id"].isin(prod_set)]
        for s, p in zip(df["system_id"].tolist(), df["person_id"].tolist(), strict=True):
            target[s].add(p)
            person_systems[p].add(s)
    orphaned = {s for s in prod if not owners_of[s] or not deployers_of[s]}
    orphaned_before = len(orphaned)

    def critical(s: int) -> set[int]:
        if s in orphaned:
            return set()
        out = set()
        if len(owners_of[s]) == 1:
            out |= owners_of[s]
        if len(deployers_of[s]) == 1:
            out |= deployers_of[s]
        return out

    def involved(s: int) -> set[int]:
        return set() if s in orphaned else owners_of[s] | deployers_of[s]

    orphans_now: dict[int, int] = defaultdict(int)
    covers: dict[int, int] = defaultdict(int)
    for s in prod:
        for p in critical(s):
            orphans_now[p] += 1
        for p in involved(s):
            covers[p] += 1
    heap = [(-orphans_now[p], -c, p) for p, c in covers.items()]
    heapq.heapify(heap)
    gone: set[int] = set()
    removed: list[int] = []
    limit = n * TRUCK_FACTOR_ORPHAN_SHARE
    while len(orphaned) <= limit and heap:
        neg_o, neg_c, p = heapq.heappop(heap)
        if p in gone or -neg_o != orphans_now[p] or -neg_c != covers[p] or covers[p] == 0:
            continue  # a stale entry, or someone who no longer runs anything
        gone.add(p)
        removed.append(p)
        changed: set[int] = set()
        for s in person_systems[p]:
            if s in orphaned:
                continue
            crit_before, inv_before = critical(s), involved(s)
            owners_of[s].discard(p)
            deployers_of[s].discard(p)
            if not owners_of[s] or not deployers_of[s]:
                orphaned.add(s)
            crit_after, inv_after = critical(s), involved(s)
            for q in crit_before - crit_after:
                orphans_now[q] -= 1
            for q in crit_after - crit_before:
                orphans_now[q] += 1
            for q in inv_before - inv_after:
                covers[q] -= 1
            changed |= (crit_before ^ crit_after) | (inv_before - inv_after)
        for q in changed - gone:
            heapq.heappush(heap, (-orphans_now[q], -covers[q], q))
    return TruckFactorResult(len(removed), removed, n, orphaned_before, len(orphaned))


def truck_factor_of(f: OrgFrames) -> TruckFactorResult:
    return truck_factor(f.owners, f.deployers, f.production_ids)


def truck_factor_findings(f: OrgFrames, tf: TruckFactorResult, bus: pd.DataFrame) -> list[FindingResult]:
    if tf.production_systems == 0 or tf.value > TRUCK_FACTOR_MEDIUM:
        return []
    if tf.value <= TRUCK_FACTOR_CRITICAL:
        severity = "critical"
    elif tf.value <= TRUCK_FACTOR_HIGH:
        severity = "high"
    else:
        severity = "medium"
    people = [f.person_ref(p) for p in tf.removed]
    removed = set(tf.removed)
    prod_links = f.runners[f.runners["system_id"].isin(f.production_ids) & f.runners["person_id"].isin(removed)]
    systems = [f.system_ref(s) for s in sorted(set(prod_links["system_id"].tolist()))]
    if tf.value == 0:
        title = f"More than half of the {tf.production_systems} production systems already have nobody to run them"
        detail = (
            f"{tf.orphaned_before} of {tf.production_systems} production systems have no owner or no deployer "
            "recorded today, so the truck factor is 0."
        )
    else:
        title = f"Truck factor {tf.value}: losing {names_text(people)} would stop most production systems"
        detail = (
            f"If {names_text(people)} left, {tf.orphaned_after} of {tf.production_systems} production systems would "
            f"have no owner or no deployer left (more than half). Removal order (greedy, most systems orphaned "
            f"first): {', '.join(p['name'] for p in people)}."
        )
    return [
        FindingResult(
            kind="truck_factor",
            severity=severity,
            title=title,
            detail=detail,
            recommendation=texts.TRUCK_FACTOR,
            evidence=evidence(
                people=people,
                systems=systems,
                metrics={
                    "truck_factor": tf.value,
                    "production_systems": tf.production_systems,
                    "orphaned_before": tf.orphaned_before,
                    "orphaned_after": tf.orphaned_after,
                },
            ),
        )
    ]


def truck_factor_summary(f: OrgFrames, tf: TruckFactorResult) -> dict:
    return {
        "value": tf.value,
        "removed": [f.person_ref(p) for p in tf.removed],
        "production_systems": tf.production_systems,
        "orphaned_after": tf.orphaned_after,
    }
