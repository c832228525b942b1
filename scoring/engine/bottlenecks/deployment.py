"""Deployment capacity: model builders against productionisers, production systems per productioniser."""

from __future__ import annotations

from vocabulary.families import BUILDER, PRODUCTIONISER

from .. import texts
from ..frames import OrgFrames
from ..results import FindingResult, evidence
from ..thresholds import BUILDERS_PER_PRODUCTIONISER_MAX, OVERLOAD_HIGH_FACTOR, SYSTEMS_PER_PRODUCTIONISER_MAX
from .wording import plural


def deployment(f: OrgFrames) -> dict:
    fte = f.people.groupby("family")["fte"].sum()
    builder = round(float(fte.get(BUILDER, 0.0)), 2)
    prod = round(float(fte.get(PRODUCTIONISER, 0.0)), 2)
    n = len(f.production_ids)
    return {
        "builder_fte": builder,
        "productioniser_fte": prod,
        "builders_per_productioniser": round(builder / prod, 2) if prod else None,
        "production_systems": n,
        "systems_per_productioniser": round(n / prod, 2) if prod else None,
    }


def deployment_overloads(dep: dict) -> tuple[list[str], float]:
    """The sustainable limits `dep` (from `deployment`) exceeds, in words, and by how much the worst one is.

    The second value is the worst ratio over its limit (0.0 when none is exceeded).
    """
    limits = (
        ("systems_per_productioniser", "production systems", SYSTEMS_PER_PRODUCTIONISER_MAX),
        ("builders_per_productioniser", "model-builder FTE", BUILDERS_PER_PRODUCTIONISER_MAX),
    )
    ratios: list[str] = []
    worst = 0.0
    for key, what, limit in limits:
        value = dep[key]
        if value is not None and value > limit:
            ratios.append(f"{value:g} {what} per productioniser FTE (sustainable: {limit:g})")
            worst = max(worst, value / limit)
    return ratios, worst


def deployment_findings(f: OrgFrames, dep: dict) -> list[FindingResult]:
    prod_fte, n = dep["productioniser_fte"], dep["production_systems"]
    productionisers = f.people[f.people["family"] == PRODUCTIONISER]
    people = [f.person_ref(p) for p in productionisers["id"].tolist()]
    metrics = {k: v for k, v in dep.items() if v is not None}
    if prod_fte == 0:
        if n == 0 and dep["builder_fte"] == 0:
            return []
        return [
            FindingResult(
                kind="deployment_bottleneck",
                severity="critical" if n else "high",
                title="Nobody can productionise models"
                + (f", yet {plural(n, 'system')} run in production" if n else ""),
                detail=(
                    f"{dep['builder_fte']:g} FTE build models and {plural(n, 'production system')} run, "
                    "but no ML, MLOps, DevOps or infrastructure engineer is on the payroll."
                ),
                recommendation=texts.DEPLOYMENT_NONE,
                evidence=evidence(people=people, metrics=metrics),
            )
        ]
    ratios, worst = deployment_overloads(dep)
    if not ratios:
        return []
    return [
        FindingResult(
            kind="deployment_bottleneck",
            severity="high" if worst >= OVERLOAD_HIGH_FACTOR else "medium",
            title="Deployment capacity does not keep up: " + ratios[0].split(" (")[0],
            detail=(
                f"{dep['builder_fte']:g} builder FTE and {plural(n, 'production system')} depend on "
                f"{prod_fte:g} productioniser FTE: " + "; ".join(ratios) + "."
            ),
            recommendation=texts.DEPLOYMENT,
            evidence=evidence(people=people, metrics=metrics),
        )
    ]
