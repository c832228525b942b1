"""A synthetic organisation the size of the large customer of docs/product.md, as scoring inputs.

Deterministic for a given scale and seed. Used by benchmarks/scoring_bench.py.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from scoring.engine import OrgInfo, ScoringInputs

# slug, name, family, months to hire, share of people
ROLES = [
    ("ai-team-lead", "AI Team Lead", "ml_support", 6.0, 0.01),
    ("ml-product-manager", "ML Product Manager", "ml_support", 4.5, 0.02),
    ("ml-engineer", "ML Engineer", "productioniser", 6.0, 0.10),
    ("mlops-engineer", "MLOps Engineer", "productioniser", 7.5, 0.04),
    ("ml-researcher", "ML Researcher", "builder", 6.5, 0.04),
    ("applied-scientist", "Applied Scientist", "builder", 5.5, 0.04),
    ("data-scientist", "Data Scientist", "builder", 4.2, 0.15),
    ("data-engineer", "Data Engineer", "ml_support", 4.5, 0.10),
    ("devops-engineer", "DevOps Engineer", "productioniser", 4.0, 0.04),
    ("infrastructure-engineer", "Infrastructure Engineer", "productioniser", 4.0, 0.02),
    ("software-engineer", "Software Engineer", "other", 3.5, 0.30),
    ("product-manager", "Product Manager", "other", 3.0, 0.06),
    ("designer", "Designer", "other", 3.0, 0.03),
    ("business-analyst", "Business Analyst", "other", 2.5, 0.03),
    ("engineering-manager", "Engineering Manager", "other", 4.0, 0.02),
]
KINDS = ["central_ml", "embedded_ml", "platform", "data", "research", "product", "other"]
KIND_P = [0.15, 0.3, 0.08, 0.1, 0.07, 0.25, 0.05]
STAGES = ["idea", "prototype", "mvp", "production", "retired"]
STAGE_P = [0.1, 0.15, 0.15, 0.5, 0.1]
PILLARS = ["code", "model", "data", "team"]
LIFECYCLE = ["experiment", "build", "deploy", "manage", "optimise", "operate"]
DIMENSIONS = [
    "mlops_level",
    "structure_leadership",
    "roles_responsibilities",
    "talent_hiring",
    "expertise_bottlenecks",
    "collaboration",
    "infra_code",
    "infra_model",
    "infra_data",
    "tools_self_service",
    "ownership_kpis",
    "planning_management",
    "governance_safety",
]
CONTEXT = [
    ("ctx-company-stage", ["startup-small", "startup-large", "enterprise"]),
    ("ctx-ml-focus", ["research", "product", "both"]),
    ("ctx-ml-reports-to", ["c-level", "vp", "department", "it-or-bi"]),
    ("ctx-path-to-production", ["none", "handoff", "ml-team-deploys", "self-serve"]),
    ("ctx-data-ownership", ["none", "works-with-data-eng", "voice-in-governance", "owns-data-infra"]),
    ("ctx-model-ownership", ["none", "builders-own-deployed", "handed-maintained", "handed-operated"]),
    ("ctx-structure", ["centralized", "decentralized", "hybrid", "centralized-with-product"]),
    ("ctx-research-vs-engineering", ["research", "engineering", "balanced"]),
]


def large_org(scale: int = 1, seed: int = 7) -> ScoringInputs:
    """scale=1: 5,000 people, 400 teams, 60 responsibilities, 25,000 assignments, 1,500 systems."""
    rng = np.random.default_rng(seed)
    n_people, n_teams, n_resp = 5000 * scale, 400 * scale, 60 * scale
    n_assign, n_systems, n_openings = 25000 * scale, 1500 * scale, 200 * scale

    team_ids = np.arange(1, n_teams + 1)
    parents = np.array([0] * min(10, n_teams) + [int(rng.integers(1, t)) for t in range(11, n_teams + 1)])[:n_teams]
    teams = pd.DataFrame(
        {
            "id": team_ids,
            "name": [f"Team {t}" for t in team_ids],
            "parent_id": pd.array([p if p else None for p in parents], dtype="Int64"),
            "kind": rng.choice(KINDS, n_teams, p=KIND_P),
            "pillar": rng.choice(["code", "model", "data", "mixed"], n_teams),
        }
    )
    person_ids = np.arange(1, n_people + 1)
    person_team = np.concatenate([team_ids, rng.choice(team_ids, n_people - n_teams)])
    shares = np.array([r[4] for r in ROLES])
    role_idx = rng.choice(len(ROLES), n_people, p=shares / shares.sum())
    people = pd.DataFrame(
        {
            "id": person_ids,
            "name": [f"Person {p}" for p in person_ids],
            "team_id": person_team,
            "role_slug": [ROLES[i][0] for i in role_idx],
            "role_name": [ROLES[i][1] for i in role_idx],
            "family": [ROLES[i][2] for i in role_idx],
            "fte": rng.choice([1.0, 1.0, 1.0, 0.8, 0.5], n_people),
        }
    )
    # The first person of each team leads it and manages the others; team leads report to the parent's lead.
    lead_of_team = dict(zip(team_ids.tolist(), person_ids[:n_teams].tolist(), strict=True))
    teams["lead_id"] = pd.array([lead_of_team[t] for t in team_ids], dtype="Int64")
    parent_of = dict(zip(team_ids.tolist(), parents.tolist(), strict=True))
    manager = []
    for pid, tid in zip(person_ids.tolist(), person_team.tolist(), strict=True):
        lead = lead_of_team[tid]
        if lead != pid:
            manager.append(lead)
        else:
            parent = parent_of[tid]
            manager.append(lead_of_team[parent] if parent else None)
    people["manager_id"] = pd.array(manager, dtype="Int64")

    responsibilities = pd.DataFrame(
        {
            "id": np.arange(1, n_resp + 1),
            "slug": [f"resp-{r}" for r in range(1, n_resp + 1)],
            "name": [f"Responsibility {r}" for r in range(1, n_resp + 1)],
            "pillar": rng.choice(PILLARS, n_resp),
            "stage": rng.choice(LIFECYCLE, n_resp),
        }
    )
    flat = rng.choice(n_people * n_resp, n_assign, replace=False)
    assignments = pd.DataFrame(
        {
            "person_id": person_ids[flat // n_resp],
            "responsibility_id": flat % n_resp + 1,
            "level": rng.choice(["owner", "contributor", "backup"], n_assign, p=[0.3, 0.5, 0.2]),
        }
    )
    # Leave two responsibilities without owners so there is something to find.
    assignments.loc[assignments["responsibility_id"].isin([1, 2]) & (assignments["level"] == "owner"), "level"] = (
        "contributor"
    )

    system_ids = np.arange(1, n_systems + 1)
    systems = pd.DataFrame(
        {
            "id": system_ids,
            "name": [f"System {s}" for s in system_ids],
            "team_id": rng.choice(team_ids, n_systems),
            "stage": rng.choice(STAGES, n_systems, p=STAGE_P),
        }
    )
    productionisers = people.loc[people["family"] == "productioniser", "id"].to_numpy()
    builders = people.loc[people["family"] == "builder", "id"].to_numpy()
    n_owners = rng.integers(1, 4, n_systems)
    n_deployers = rng.integers(1, 3, n_systems)
    owners = pd.DataFrame(
        {"system_id": np.repeat(system_ids, n_owners), "person_id": rng.choice(builders, n_owners.sum())}
    ).drop_duplicates()
    deployers = pd.DataFrame(
        {"system_id": np.repeat(system_ids, n_deployers), "person_id": rng.choice(productionisers, n_deployers.sum())}
    ).drop_duplicates()

    as_of = date(2026, 11, 1)
    open_role = rng.choice(len(ROLES), n_openings)
    openings = pd.DataFrame(
        {
            "id": np.arange(1, n_openings + 1),
            "role_slug": [ROLES[i][0] for i in open_role],
            "role_name": [ROLES[i][1] for i in open_role],
            "team_id": rng.choice(team_ids, n_openings),
            "opened_on": [as_of - timedelta(days=int(d)) for d in rng.integers(1, 400, n_openings)],
            "status": rng.choice(["open", "filled", "cancelled"], n_openings, p=[0.6, 0.3, 0.1]),
            "months_to_hire": [ROLES[i][3] for i in open_role],
        }
    )

    questions, answers = [], []
    qid = 0
    for code, values in CONTEXT:
        qid += 1
        questions.append(
            {
                "id": qid,
                "code": code,
                "text": code,
                "section": "Context",
                "dimension": "context",
                "kind": "single",
                "choices": [{"value": v, "label": v} for v in values],
            }
        )
        answers.append({"question_id": qid, "value": values[int(rng.integers(len(values)))]})
    for code in ("bn-deployment-staffed", "bn-no-single-point", "rr-all-covered", "st-ml-lead-seat"):
        qid += 1
        questions.append(
            {
                "id": qid,
                "code": code,
                "text": code,
                "section": "Claims",
                "dimension": "expertise_bottlenecks",
                "kind": "yes_no",
            }
        )
        answers.append({"question_id": qid, "value": True})
    while qid < 60:
        qid += 1
        dim = DIMENSIONS[qid % len(DIMENSIONS)]
        questions.append(
            {
                "id": qid,
                "code": f"q-{qid}",
                "text": f"Question {qid}",
                "section": dim,
                "dimension": dim,
                "kind": "scale",
            }
        )
        if qid % 10:
            answers.append({"question_id": qid, "value": int(rng.integers(0, 5))})

    return ScoringInputs.build(
        org=OrgInfo(id=1, name="Large customer", slug="large", stage="enterprise", ml_focus="both", target_level=4),
        teams=teams,
        people=people,
        responsibilities=responsibilities,
        assignments=assignments,
        systems=systems,
        system_owners=owners,
        system_deployers=deployers,
        openings=openings,
        questions=questions,
        answers=answers,
        as_of=as_of,
        dimensions=tuple(DIMENSIONS),
    )
