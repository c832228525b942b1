"""The scoring engine: `score_org(inputs) -> ScoreResult`, and `departure_impact` for what-if questions.

Pure: reads a `ScoringInputs`, touches no database, returns plain results.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from .actions import actions_summary, rank_findings
from .bottlenecks import (
    bus_factor_summary,
    bus_factor_system_findings,
    coverage_summary,
    deployment,
    deployment_findings,
    ml_lead,
    ml_lead_findings,
    overload_findings,
    person_load,
    responsibility_coverage,
    responsibility_findings,
    system_bus_factors,
    team_load,
    truck_factor_findings,
    truck_factor_of,
    truck_factor_summary,
    universal_expert_findings,
)
from .classification import classify
from .crosscheck import cross_checks
from .frames import OrgFrames
from .inputs import ScoringInputs
from .maturity import maturity, maturity_gap_findings
from .results import ScoreResult, records, to_builtin
from .talent import lone_practitioners, open_roles, talent_findings, talent_summary
from .thresholds import CARRIER_LEVELS, PRODUCTION_STAGE, SCORING_VERSION


def composition(f: OrgFrames) -> list[dict]:
    """FTE per team and role, one row per team x role."""
    p = f.people
    if p.empty:
        return []
    codes, roles = pd.factorize(p["role_name"])
    c = (
        pd.DataFrame({"team_id": p["team_id"].to_numpy(), "role": codes, "fte": p["fte"].to_numpy()})
        .groupby(["team_id", "role"], as_index=False)["fte"]
        .sum()
    )
    family = dict(zip(p["role_name"].tolist(), p["family"].tolist(), strict=False))
    parents = {
        int(t): (None if x is pd.NA else int(x)) for t, x in zip(f.teams["id"], f.teams["parent_id"], strict=True)
    }
    role_names = [str(r) for r in roles]
    rows = [
        {
            "team_id": t,
            "team": f.team_name.get(t, ""),
            "parent_id": parents.get(t),
            "role": role_names[r],
            "family": family[role_names[r]],
            "fte": round(fte, 2),
        }
        for t, r, fte in zip(c["team_id"].tolist(), c["role"].tolist(), c["fte"].tolist(), strict=True)
    ]
    rows.sort(key=lambda row: (row["team"], row["role"]))
    return rows


def score_org(inputs: ScoringInputs) -> ScoreResult:
    """Score one organisation (or one team, when the inputs are scoped to it).

    In: the org data and, if `inputs.has_assessment`, the questionnaire with its answers.
    Out: dimension scores, findings ranked into actions, classification and the summary of the
    results contract (docs/scoring.md).
    """
    f = OrgFrames(inputs)
    mat = maturity(inputs)
    answers = mat.answers
    bus = system_bus_factors(f)
    cov = responsibility_coverage(f)
    tf = truck_factor_of(f)
    dep = deployment(f)
    people_load = person_load(f)
    teams_load = team_load(f, people_load)
    lead_id, lead_depth = ml_lead(f)
    opens = open_roles(f)
    lone = lone_practitioners(f)
    cls = classify(f, answers)

    findings = [
        *truck_factor_findings(f, tf, bus),
        *universal_expert_findings(f, bus),
        *bus_factor_system_findings(f, bus),
        *responsibility_findings(f, cov),
        *deployment_findings(f, dep),
        *overload_findings(f, people_load, teams_load),
        *talent_findings(f, opens, lone),
        *ml_lead_findings(f, lead_id, lead_depth, answers),
        *cross_checks(
            f,
            answers,
            dep=dep,
            tf=tf,
            bus=bus,
            cov=cov,
            lead_id=lead_id,
            lead_depth=lead_depth,
            classification=cls,
        ),
        *maturity_gap_findings(mat, target_level=inputs.org.target_level),
    ]
    if inputs.scope_team_id is not None:
        for finding in findings:
            if finding.team_id is None:
                finding.team_id = inputs.scope_team_id
    findings = rank_findings(findings)
    # The large lists are built from plain Python values already; only the small parts need converting.
    summary = {
        "maturity": to_builtin(mat.summary()),
        "truck_factor": truck_factor_summary(f, tf),
        "bus_factors": bus_factor_summary(bus, cov),
        "deployment": to_builtin(dep),
        "composition": composition(f),
        "coverage": coverage_summary(cov),
        "talent": to_builtin(talent_summary(opens, lone)),
        "classification": to_builtin(cls.summary()),
        "actions": actions_summary(findings),
        "ml_lead": to_builtin({"person": f.person_ref(lead_id) if lead_id is not None else None, "depth": lead_depth}),
    }
    return ScoreResult(
        scoring_version=SCORING_VERSION,
        dimensions=mat.dimensions,
        overall_score=mat.overall_score,
        overall_level=mat.overall_level,
        truck_factor=tf.value if tf.production_systems else None,
        archetype=cls.archetype,
        current_structure=cls.current_structure,
        recommended_structure=cls.recommended_structure,
        findings=findings,
        summary=summary,
    )


def deployment_capacity(inputs: ScoringInputs) -> dict:
    """The deployment figures of `inputs` as `score_org` reads them (builder and productioniser FTE, their
    ratio, production systems per productioniser): for what-if pages that compare before and after."""
    return deployment(OrgFrames(inputs))


def departure_impact(inputs: ScoringInputs, person_ids: Iterable[int]) -> dict:
    """What the departure of `person_ids` would orphan, for "what if X leaves?".

    Out: {"people": [{id, name}],
          "systems": [{id, name, team_id, team, stage}]        systems (not retired) nobody could run any more,
          "production_systems_orphaned": int,                  of those, in production,
          "responsibilities": [{id, slug, name}]               left with no owner and no backup,
          "responsibilities_losing_owner": [{id, slug, name}]  left without an owner (backups may remain),
          "truck_factor": {"before": int, "after": int}, "production_systems": int}
    """
    gone = {int(p) for p in person_ids}
    before = OrgFrames(inputs)
    after_inputs = inputs.without_people(gone)
    after = OrgFrames(after_inputs)
    bus_before, bus_after = system_bus_factors(before), system_bus_factors(after)
    orphaned = bus_before[(bus_before["bus_factor"] >= 1) & (bus_after["bus_factor"].reindex(bus_before.index) == 0)]
    a_before, a_after = before.assignments, after.assignments

    def carried(a):
        return set(a.loc[a["level"].isin(CARRIER_LEVELS), "responsibility_id"].tolist())

    def owned(a):
        return set(a.loc[a["level"] == "owner", "responsibility_id"].tolist())

    lost = sorted(carried(a_before) - carried(a_after))
    lost_owner = sorted(owned(a_before) - owned(a_after))
    tf_before, tf_after = truck_factor_of(before), truck_factor_of(after)
    return to_builtin(
        {
            "people": [before.person_ref(p) for p in sorted(gone) if p in before.person_name],
            "systems": records(orphaned.sort_values("name"), ["id", "name", "team_id", "team", "stage"]),
            "production_systems_orphaned": int((orphaned["stage"] == PRODUCTION_STAGE).sum()),
            "responsibilities": [before.resp_ref(r) for r in lost],
            "responsibilities_losing_owner": [before.resp_ref(r) for r in lost_owner],
            "truck_factor": {"before": tf_before.value, "after": tf_after.value},
            "production_systems": tf_before.production_systems,
        }
    )
