"""Cross-checks: where an answer claims something the org data contradicts, say so with both sides."""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass(frozen=True)
class _Facts:
    """What every check may hold an answer against."""

    f: OrgFrames
    dep: dict
    tf: TruckFactorResult
    bus: pd.DataFrame
    cov: pd.DataFrame
    lead_id: int | None
    lead_depth: int | None
    classification: Classification

    @property
    def lead(self) -> list[dict]:
        return [self.f.person_ref(self.lead_id)] if self.lead_id is not None else []

    @property
    def lead_far(self) -> bool:
        return self.lead_depth is not None and self.lead_depth > ML_LEAD_MAX_DEPTH


def _deployment_staffed(a: dict, x: _Facts) -> list[FindingResult]:
    if a["value"] is not True:
        return []
    dep = x.dep
    problems = []
    if dep["productioniser_fte"] == 0 and (dep["production_systems"] or dep["builder_fte"]):
        problems.append("there is no productioniser FTE at all")
    problems += deployment_overloads(dep)[0]
    if not problems:
        return []
    return [
        _finding(
            "high",
            "The assessment says deployment is well staffed; the data disagrees",
            f'Answer: "{a["text"]}" = yes. Data: ' + "; ".join(problems) + ".",
            answer=a,
            metrics={k: v for k, v in dep.items() if v is not None},
        )
    ]


def _no_single_point(a: dict, x: _Facts) -> list[FindingResult]:
    tf, bus = x.tf, x.bus
    if a["value"] is not True or not tf.production_systems:
        return []
    weak = bus[(bus["stage"] == PRODUCTION_STAGE) & (bus["bus_factor"] <= 1)]
    problems = []
    if tf.value <= 1:
        problems.append(f"the truck factor is {tf.value}")
    if len(weak):
        problems.append(f"{len(weak)} production systems have a bus factor of 1 or less")
    if not problems:
        return []
    return [
        _finding(
            "high",
            "The assessment says there is no single point of failure; the data shows one",
            f'Answer: "{a["text"]}" = yes. Data: ' + " and ".join(problems) + ".",
            answer=a,
            people=[x.f.person_ref(p) for p in tf.removed[:10]],
            systems=[x.f.system_ref(s) for s in weak["id"].tolist()[:20]],
            metrics={"truck_factor": tf.value, "weak_production_systems": len(weak)},
        )
    ]


def _all_covered(a: dict, x: _Facts) -> list[FindingResult]:
    uncovered = x.cov[x.cov["owners"] == 0]
    if a["value"] is not True or not len(uncovered):
        return []
    names = ", ".join(uncovered["name"].tolist()[:8])
    more = f" and {len(uncovered) - 8} more" if len(uncovered) > 8 else ""
    return [
        _finding(
            "medium",
            "The assessment says every responsibility has an owner; the data disagrees",
            f'Answer: "{a["text"]}" = yes. Data: nobody owns {names}{more}.',
            answer=a,
            responsibilities=[{"id": int(r.id), "slug": r.slug, "name": r.name} for r in uncovered.itertuples()],
            metrics={"uncovered": len(uncovered)},
        )
    ]


def _ml_lead_seat(a: dict, x: _Facts) -> list[FindingResult]:
    if a["value"] is not True or not ((x.lead_id is None and len(x.f.ml_people)) or x.lead_far):
        return []
    lead = x.lead
    data = "there is no ML lead" if x.lead_id is None else f"{lead[0]['name']} is {x.lead_depth} levels below the top"
    return [
        _finding(
            "medium",
            "The assessment says the ML lead has a seat at the leadership table; the data disagrees",
            f'Answer: "{a["text"]}" = yes. Data: {data}.',
            answer=a,
            people=lead,
            metrics={"depth": x.lead_depth} if x.lead_depth is not None else {},
        )
    ]


def _ml_reports_to(a: dict, x: _Facts) -> list[FindingResult]:
    if a["value"] != "c-level" or not x.lead_far:
        return []
    lead = x.lead
    return [
        _finding(
            "medium",
            "The assessment says the ML lead reports to the leadership team; the reporting lines disagree",
            f'Answer: "{a["text"]}" = c-level. Data: {lead[0]["name"]} is {x.lead_depth} levels below the top.',
            answer=a,
            people=lead,
            metrics={"depth": x.lead_depth},
        )
    ]


def _structure(a: dict, x: _Facts) -> list[FindingResult]:
    data_structure = x.classification.data_structure
    if not data_structure or a["value"] == data_structure or a["value"] not in STRUCTURE_LABELS:
        return []
    m = x.classification.metrics
    return [
        _finding(
            "low",
            f"The assessment calls the structure {STRUCTURE_LABELS[a['value']]}; "
            f"the teams look {STRUCTURE_LABELS[data_structure]}",
            f'Answer: "{a["text"]}" = {a["value"]}. Data: {m["central_ml_fte"]:g} of '
            f"{m['central_ml_fte'] + m['embedded_ml_fte']:g} ML practitioner FTE sit in central teams.",
            answer=a,
            metrics={k: m[k] for k in ("central_ml_fte", "embedded_ml_fte", "central_share")},
        )
    ]


def _path_to_production(a: dict, x: _Facts) -> list[FindingResult]:
    if not x.f.systems.shape[0]:
        return []
    m = x.classification.metrics
    share = m["production_share"]
    if a["value"] == "none" and share is not None and share >= PRODUCTION_SHARE_HIGH:
        return [
            _finding(
                "low",
                "The assessment says models rarely reach production; most systems are in production",
                f'Answer: "{a["text"]}" = none. Data: {m["production_systems"]} of {m["systems"]} ML systems '
                "are in production.",
                answer=a,
                metrics={"production_systems": m["production_systems"], "systems": m["systems"]},
            )
        ]
    if a["value"] in ("ml-team-deploys", "self-serve") and m["production_systems"] == 0:
        return [
            _finding(
                "medium",
                "The assessment describes a working path to production; no system is in production",
                f'Answer: "{a["text"]}" = {a["value"]}. Data: none of the {m["systems"]} ML systems is in production.',
                answer=a,
                metrics={"production_systems": 0, "systems": m["systems"]},
            )
        ]
    return []


# question code -> the check of its answer against the data, in the order the findings are listed
CHECKS = {
    "bn-deployment-staffed": _deployment_staffed,
    "bn-no-single-point": _no_single_point,
    "rr-all-covered": _all_covered,
    "st-ml-lead-seat": _ml_lead_seat,
    "ctx-ml-reports-to": _ml_reports_to,
    "ctx-structure": _structure,
    "ctx-path-to-production": _path_to_production,
}


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
    """The answers (question code -> {"value", "text"}) that the org data contradicts, each a finding
    with the answer and the data side by side."""
    facts = _Facts(f, dep, tf, bus, cov, lead_id, lead_depth, classification)
    out: list[FindingResult] = []
    for code, check in CHECKS.items():
        answer = answers.get(code)
        if answer:
            out += check(answer, facts)
    return out
