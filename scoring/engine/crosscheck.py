"""Cross-checks: where an answer claims something the org data contradicts, say so with both sides."""

from __future__ import annotations

import pandas as pd

from . import texts
from .bottlenecks import TruckFactorResult
from .bottlenecks.deployment import deployment_overloads
from .classification import STRUCTURE_LABELS, Classification
from .frames import OrgFrames
from .results import FindingResult, evidence
from .thresholds import ML_LEAD_MAX_DEPTH, PRODUCTION_SHARE_HIGH, PRODUCTION_STAGE


def _finding(severity, title, detail, *, answer, **ev) -> FindingResult:
    return FindingResult(
        kind="cross_check",
        severity=severity,
        title=title,
        detail=detail,
        recommendation=texts.CROSS_CHECK,
        evidence=evidence(answers=[answer], **ev),
    )


def cross_checks(
    f: OrgFrames,
    answers: dict,
    *,
    dep: dict,
    tf: TruckFactorResult,
    bus: pd.DataFrame,
    cov: pd.DataFrame,
    lead_id: int | None,
    lead_depth: int | None,
    classification: Classification,
) -> list[FindingResult]:
    out: list[FindingResult] = []

    a = answers.get("bn-deployment-staffed")
    if a and a["value"] is True:
        problems = []
        if dep["productioniser_fte"] == 0 and (dep["production_systems"] or dep["builder_fte"]):
            problems.append("there is no productioniser FTE at all")
        problems += deployment_overloads(dep)[0]
        if problems:
            out.append(
                _finding(
                    "high",
                    "The assessment says deployment is well staffed; the data disagrees",
                    f'Answer: "{a["text"]}" = yes. Data: ' + "; ".join(problems) + ".",
                    answer=a,
                    metrics={k: v for k, v in dep.items() if v is not None},
                )
            )

    a = answers.get("bn-no-single-point")
    if a and a["value"] is True and tf.production_systems:
        weak = bus[(bus["stage"] == PRODUCTION_STAGE) & (bus["bus_factor"] <= 1)]
        problems = []
        if tf.value <= 1:
            problems.append(f"the truck factor is {tf.value}")
        if len(weak):
            problems.append(f"{len(weak)} production systems have a bus factor of 1 or less")
        if problems:
            out.append(
                _finding(
                    "high",
                    "The assessment says there is no single point of failure; the data shows one",
                    f'Answer: "{a["text"]}" = yes. Data: ' + " and ".join(problems) + ".",
                    answer=a,
                    people=[f.person_ref(p) for p in tf.removed[:10]],
                    systems=[f.system_ref(s) for s in weak["id"].tolist()[:20]],
                    metrics={"truck_factor": tf.value, "weak_production_systems": len(weak)},
                )
            )

    a = answers.get("rr-all-covered")
    if a and a["value"] is True:
        uncovered = cov[cov["owners"] == 0]
        if len(uncovered):
            out.append(
                _finding(
                    "medium",
                    "The assessment says every responsibility has an owner; the data disagrees",
                    f'Answer: "{a["text"]}" = yes. Data: nobody owns '
                    + ", ".join(uncovered["name"].tolist()[:8])
                    + (f" and {len(uncovered) - 8} more" if len(uncovered) > 8 else "")
                    + ".",
                    answer=a,
                    responsibilities=[
                        {"id": int(r.id), "slug": r.slug, "name": r.name} for r in uncovered.itertuples()
                    ],
                    metrics={"uncovered": len(uncovered)},
                )
            )

    lead = [f.person_ref(lead_id)] if lead_id is not None else []
    far = lead_depth is not None and lead_depth > ML_LEAD_MAX_DEPTH
    a = answers.get("st-ml-lead-seat")
    if a and a["value"] is True and (lead_id is None and len(f.ml_people) or far):
        data = "there is no ML lead" if lead_id is None else f"{lead[0]['name']} is {lead_depth} levels below the top"
        out.append(
            _finding(
                "medium",
                "The assessment says the ML lead has a seat at the leadership table; the data disagrees",
                f'Answer: "{a["text"]}" = yes. Data: {data}.',
                answer=a,
                people=lead,
                metrics={"depth": lead_depth} if lead_depth is not None else {},
            )
        )
    a = answers.get("ctx-ml-reports-to")
    if a and a["value"] == "c-level" and far:
        out.append(
            _finding(
                "medium",
                "The assessment says the ML lead reports to the leadership team; the reporting lines disagree",
                f'Answer: "{a["text"]}" = c-level. Data: {lead[0]["name"]} is {lead_depth} levels below the top.',
                answer=a,
                people=lead,
                metrics={"depth": lead_depth},
            )
        )

    a = answers.get("ctx-structure")
    data_structure = classification.data_structure
    if a and data_structure and a["value"] != data_structure and a["value"] in STRUCTURE_LABELS:
        m = classification.metrics
        out.append(
            _finding(
                "low",
                f"The assessment calls the structure {STRUCTURE_LABELS[a['value']]}; "
                f"the teams look {STRUCTURE_LABELS[data_structure]}",
                f'Answer: "{a["text"]}" = {a["value"]}. Data: {m["central_ml_fte"]:g} of '
                f"{m['central_ml_fte'] + m['embedded_ml_fte']:g} ML practitioner FTE sit in central teams.",
                answer=a,
                metrics={
                    "central_ml_fte": m["central_ml_fte"],
                    "embedded_ml_fte": m["embedded_ml_fte"],
                    "central_share": m["central_share"],
                },
            )
        )

    a = answers.get("ctx-path-to-production")
    if a and f.systems.shape[0]:
        m = classification.metrics
        if (
            a["value"] == "none"
            and m["production_share"] is not None
            and m["production_share"] >= PRODUCTION_SHARE_HIGH
        ):
            out.append(
                _finding(
                    "low",
                    "The assessment says models rarely reach production; most systems are in production",
                    f'Answer: "{a["text"]}" = none. Data: {m["production_systems"]} of {m["systems"]} ML systems '
                    "are in production.",
                    answer=a,
                    metrics={"production_systems": m["production_systems"], "systems": m["systems"]},
                )
            )
        elif a["value"] in ("ml-team-deploys", "self-serve") and m["production_systems"] == 0:
            out.append(
                _finding(
                    "medium",
                    "The assessment describes a working path to production; no system is in production",
                    f'Answer: "{a["text"]}" = {a["value"]}. Data: none of the {m["systems"]} ML systems is in '
                    "production.",
                    answer=a,
                    metrics={"production_systems": 0, "systems": m["systems"]},
                )
            )
    return out
