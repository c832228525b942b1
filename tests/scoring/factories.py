"""Stored scoring results (runs, dimension scores, findings) built the way the scoring engine stores them.

The dashboard reads only these rows, so its tests and benchmark build them here following the
results contract: `summary` has every key, `Finding.evidence` has every list.
"""

import random
from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from assessments.choices import SCORED_DIMENSIONS, AssessmentStatus, TemplateStatus
from assessments.models import Assessment, QuestionnaireTemplate
from orgs.models import Organization, Person, Team
from roles.models import Responsibility, RoleTemplate
from scoring.choices import RunStatus, Severity
from scoring.models import DimensionScore, Finding, ScoringRun
from tests.orgs.factories import OrganizationFactory

STRUCTURES = ["centralized", "decentralized", "hybrid", "centralized-with-product"]
FINDING_KINDS = [
    "bus_factor_responsibility",
    "bus_factor_system",
    "truck_factor",
    "universal_expert",
    "deployment_bottleneck",
    "uncovered_responsibility",
    "overlapping_responsibility",
    "talent_open_roles",
    "lone_practitioner",
    "overloaded_person",
    "overloaded_team",
    "ml_lead_distance",
    "cross_check",
    "maturity_gap",
]
SEVERITY_ORDER = [Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO]


def empty_summary() -> dict:
    """A summary with every key of the contract present and empty."""
    return {
        "maturity": {"overall_score": None, "overall_level": None, "unanswered": []},
        "truck_factor": {"value": 0, "removed": [], "production_systems": 0, "orphaned_after": 0},
        "bus_factors": {"responsibilities": [], "systems": []},
        "deployment": {
            "builder_fte": 0.0,
            "productioniser_fte": 0.0,
            "builders_per_productioniser": None,
            "production_systems": 0,
            "systems_per_productioniser": None,
        },
        "composition": [],
        "coverage": [],
        "talent": {"open_roles": [], "weighted_open_months": 0.0, "lone_practitioners": []},
        "classification": {
            "archetype": 1,
            "archetype_name": "Nascent / ad-hoc",
            "archetype_reasons": [],
            "current_structure": "centralized",
            "structure_reasons": [],
            "recommended_structure": "centralized",
            "recommendation_reasons": [],
            "design_choices": {
                "engineering_vs_research": {"choice": "", "reason": ""},
                "data_ownership": {"choice": "", "reason": ""},
                "model_ownership": {"choice": "", "reason": ""},
            },
            "changes_needed": [],
        },
        "actions": [],
        "ml_lead": {"person": None, "depth": None},
    }


def evidence(**parts) -> dict:
    """A finding's evidence with every list of the contract present."""
    out = {"people": [], "teams": [], "systems": [], "responsibilities": [], "answers": [], "metrics": {}}
    out.update(parts)
    return out


class ScoringRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScoringRun

    organization = factory.SubFactory(OrganizationFactory)
    idempotency_key = factory.Sequence(lambda n: f"test-run-{n}")
    status = RunStatus.DONE
    scoring_version = "1.0"
    template_version = "default-v1"
    inputs_at = factory.LazyFunction(timezone.now)
    finished_at = factory.LazyFunction(timezone.now)
    overall_level = 3
    overall_score = 0.5
    truck_factor = 2
    archetype = 3
    current_structure = "centralized"
    recommended_structure = "hybrid"
    summary = factory.LazyFunction(empty_summary)


class DimensionScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DimensionScore

    run = factory.SubFactory(ScoringRunFactory)
    dimension = "mlops_level"
    score = 0.5
    level = 3
    answered = 4
    total = 5
    evidence = factory.LazyFunction(list)


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    run = factory.SubFactory(ScoringRunFactory)
    kind = "bus_factor_system"
    severity = Severity.HIGH
    title = factory.Sequence(lambda n: f"Finding {n}")
    detail = "Only one person can deploy this system."
    evidence = factory.LazyFunction(evidence)
    recommendation = "Pair a second engineer on the next deployment."
    impact = 4
    effort = 2
    rank = factory.Sequence(lambda n: n + 1)


def score_for_level(level: int | None) -> float | None:
    return None if level is None else round((level - 1) / 4 * 0.9 + 0.05, 3)


def scored_run(
    org: Organization,
    *,
    levels: dict[str, int | None] | None = None,
    team: Team | None = None,
    at=None,
    summary: dict | None = None,
    findings: list[dict] | None = None,
    assessment: Assessment | None = None,
    **run_fields,
) -> ScoringRun:
    """A done run with one DimensionScore per entry of `levels` (all scored dimensions at 3 by default)."""
    at = at or timezone.now()
    levels = levels if levels is not None else {d.value: 3 for d in SCORED_DIMENSIONS}
    known = [lv for lv in levels.values() if lv is not None]
    overall = round(sum(known) / len(known)) if known else None
    fields = {
        "overall_level": overall,
        "overall_score": score_for_level(overall),
        "finished_at": at,
        "inputs_at": at - timedelta(minutes=5),
    }
    fields.update(run_fields)
    run = ScoringRunFactory(
        organization=org, team=team, assessment=assessment, summary=summary or empty_summary(), **fields
    )
    ScoringRun.objects.filter(pk=run.pk).update(created_at=at)
    DimensionScore.objects.bulk_create(
        [
            DimensionScore(
                run=run,
                dimension=dim,
                level=level,
                score=score_for_level(level),
                answered=0 if level is None else 4,
                total=4,
                evidence=[],
            )
            for dim, level in levels.items()
        ]
    )
    for i, spec in enumerate(findings or [], start=1):
        FindingFactory(run=run, **{"rank": i, **spec})
    return run


# --- realistic results for a whole organisation ----------------------------------------------------------


def questionnaire_template() -> QuestionnaireTemplate:
    template, _ = QuestionnaireTemplate.objects.get_or_create(
        slug="results-test",
        version=1,
        defaults={"name": "Results test questionnaire", "status": TemplateStatus.PUBLISHED},
    )
    return template


def org_summary(
    org: Organization,
    *,
    rng: random.Random,
    teams: list[Team] | None = None,
    level: int = 3,
    production_systems: int | None = None,
) -> dict:
    """A contract-complete summary computed from the org's real teams, people, roles and responsibilities."""
    teams = teams if teams is not None else list(Team.objects.filter(organization=org))
    team_by_id = {t.pk: t for t in teams}
    summary = empty_summary()
    composition: dict[tuple[int, str], dict] = {}
    people = list(
        Person.objects.filter(organization=org, team_id__in=team_by_id).values_list(
            "pk", "name", "team_id", "role__name", "role__family", "fte"
        )
    )
    for _pk, _name, team_id, role_name, family, fte in people:
        team = team_by_id[team_id]
        row = composition.setdefault(
            (team_id, role_name),
            {"team_id": team_id, "team": team.name, "parent_id": team.parent_id, "role": role_name, "family": family},
        )
        row["fte"] = round(row.get("fte", 0.0) + float(fte), 2)
    summary["composition"] = list(composition.values())
    builder = sum(r["fte"] for r in composition.values() if r["family"] == "builder")
    prod = sum(r["fte"] for r in composition.values() if r["family"] == "productioniser")
    production_systems = production_systems or max(1, len(teams) // 3)
    summary["deployment"] = {
        "builder_fte": round(builder, 2),
        "productioniser_fte": round(prod, 2),
        "builders_per_productioniser": round(builder / prod, 2) if prod else None,
        "production_systems": production_systems,
        "systems_per_productioniser": round(production_systems / prod, 2) if prod else None,
    }
    team_names = [t.name for t in teams] or ["(none)"]
    coverage = []
    for r in Responsibility.objects.order_by("name"):
        owners = rng.choice([0, 0, 1, 1, 2, 3, 5])
        coverage.append(
            {
                "id": r.pk,
                "slug": r.slug,
                "name": r.name,
                "pillar": r.pillar,
                "owners": owners,
                "contributors": rng.randint(0, 6),
                "backups": rng.randint(0, 2),
                "owner_teams": sorted(set(rng.sample(team_names, min(owners, len(team_names))))),
            }
        )
    summary["coverage"] = coverage
    summary["bus_factors"] = {
        "responsibilities": [
            {k: c[k] for k in ("id", "slug", "name", "pillar", "owners", "backups")} | {"bus_factor": c["owners"]}
            for c in coverage
        ],
        "systems": [
            {
                "id": 10_000 + i,
                "name": f"System {i}",
                "team_id": t.pk,
                "team": t.name,
                "stage": "production",
                "bus_factor": rng.randint(1, 3),
            }
            for i in range(production_systems)
            for t in [teams[i % len(teams)]]
        ]
        if teams
        else [],
    }
    roles = list(RoleTemplate.objects.filter(family__in=["builder", "productioniser"]))
    open_roles = [
        {
            "opening_id": 20_000 + i,
            "role": role.name,
            "team": rng.choice(team_names),
            "months_to_hire": float(role.months_to_hire),
        }
        for i, role in enumerate(rng.sample(roles, min(4, len(roles))))
    ]
    summary["talent"] = {
        "open_roles": open_roles,
        "weighted_open_months": round(sum(o["months_to_hire"] for o in open_roles), 1),
        "lone_practitioners": [
            {"id": pk, "name": name, "team": team_by_id[team_id].name}
            for pk, name, team_id, *_ in people[: min(3, len(people))]
        ],
    }
    removed = [{"id": pk, "name": name} for pk, name, *_ in people[:2]]
    summary["truck_factor"] = {
        "value": len(removed),
        "removed": removed,
        "production_systems": production_systems,
        "orphaned_after": max(0, production_systems // 2),
    }
    summary["maturity"] = {
        "overall_score": score_for_level(level),
        "overall_level": level,
        "unanswered": [{"code": "q-tools-1", "text": "Can teams deploy a model without help?", "section": "Tools"}],
    }
    summary["classification"] = {
        "archetype": 3,
        "archetype_name": "Product-embedded",
        "archetype_reasons": ["Most ML people sit in product teams.", "Engineers deploy what they build."],
        "current_structure": "decentralized",
        "structure_reasons": ["ML practitioners are spread over many product teams."],
        "recommended_structure": "hybrid",
        "recommendation_reasons": ["An enterprise focused on product ML gains from a shared platform core."],
        "design_choices": {
            "engineering_vs_research": {"choice": "engineering", "reason": "Models ship inside products."},
            "data_ownership": {"choice": "partner", "reason": "Data engineers sit in a separate team."},
            "model_ownership": {"choice": "maintain", "reason": "ML engineers keep what they deploy."},
        },
        "changes_needed": ["Create a central ML platform team.", "Hold a weekly guild for embedded ML people."],
    }
    summary["ml_lead"] = {"person": removed[0] if removed else None, "depth": 1 if removed else None}
    return summary


def org_findings(summary: dict, teams: list[Team], *, rng: random.Random, count: int) -> list[dict]:
    """`count` findings of every kind, with evidence drawn from the summary, most severe first."""
    people = summary["truck_factor"]["removed"] + [
        {"id": p["id"], "name": p["name"]} for p in summary["talent"]["lone_practitioners"]
    ]
    systems = [{"id": s["id"], "name": s["name"]} for s in summary["bus_factors"]["systems"]]
    resps = [{"id": c["id"], "slug": c["slug"], "name": c["name"]} for c in summary["coverage"]]
    out = []
    for i in range(count):
        kind = FINDING_KINDS[i % len(FINDING_KINDS)]
        team = rng.choice(teams) if teams and i % 2 else None
        severity = SEVERITY_ORDER[min(4, i * 5 // max(count, 1))]
        out.append(
            {
                "kind": kind,
                "severity": severity,
                "title": f"{kind.replace('_', ' ').capitalize()} #{i + 1}",
                "detail": "What the data shows, with the numbers behind it.",
                "recommendation": "Name a backup owner and pair them on the next release.",
                "team": team,
                "impact": 5 - (i % 5),
                "effort": 1 + (i % 5),
                "evidence": evidence(
                    people=people[:2],
                    teams=[{"id": team.pk, "name": team.name}] if team else [],
                    systems=systems[:2],
                    responsibilities=resps[:1],
                    metrics={"bus_factor": 1},
                ),
            }
        )
    return out


def org_results_seed(
    org: Organization,
    *,
    org_runs: int = 3,
    team_runs: int | None = None,
    findings: int = 28,
    seed: int = 7,
    start=None,
    production_systems: int | None = None,
) -> ScoringRun:
    """Scored history for `org`: `org_runs` org-wide runs, one month apart, plus team runs; returns the latest org run.

    Each run belongs to a submitted assessment (as the engine stores it), and team runs are spread over
    the org's teams, each team assessed up to twice.
    """
    rng = random.Random(seed)
    teams = list(Team.objects.filter(organization=org).order_by("pk"))
    template = questionnaire_template()
    start = start or timezone.now() - timedelta(days=30 * org_runs)
    latest = None
    for i in range(org_runs):
        at = start + timedelta(days=30 * i)
        level = min(5, 2 + i // 2)
        assessment = Assessment.objects.create(
            organization=org, template=template, title=f"Org assessment {i + 1}", status=AssessmentStatus.SCORED
        )
        Assessment.objects.filter(pk=assessment.pk).update(submitted_at=at, created_at=at)
        summary = org_summary(org, rng=rng, teams=teams, level=level, production_systems=production_systems)
        levels = {d.value: max(1, min(5, level + rng.choice([-1, 0, 0, 1]))) for d in SCORED_DIMENSIONS}
        latest = scored_run(
            org,
            levels=levels,
            at=at,
            summary=summary,
            assessment=assessment,
            findings=org_findings(summary, teams, rng=rng, count=findings),
            truck_factor=summary["truck_factor"]["value"],
            archetype=summary["classification"]["archetype"],
            current_structure=summary["classification"]["current_structure"],
            recommended_structure=summary["classification"]["recommended_structure"],
        )
    team_runs = len(teams) if team_runs is None else team_runs
    for i in range(team_runs):
        team = teams[(i * 7) % len(teams)]
        at = start + timedelta(days=15 + (i * 7) % (30 * max(org_runs, 1)))
        assessment = Assessment.objects.create(
            organization=org, team=team, template=template, status=AssessmentStatus.SCORED
        )
        levels = {d.value: rng.randint(1, 5) for d in SCORED_DIMENSIONS}
        scored_run(
            org,
            team=team,
            levels=levels,
            at=at,
            assessment=assessment,
            summary=empty_summary(),
            findings=[
                {
                    "kind": "lone_practitioner",
                    "severity": Severity.MEDIUM,
                    "title": f"Lone practitioner in {team.name}",
                    "team": team,
                    "evidence": evidence(teams=[{"id": team.pk, "name": team.name}]),
                }
            ],
        )
    return latest


def large_org_seed(
    *, teams: int, people: int, assessments: int, org: Organization | None = None, slug: str | None = None
) -> Organization:
    """An organisation of the given size with stored results: teams in a 3-level hierarchy, people, scored runs.

    A fifth of the assessments are org-wide (the trend), the rest are of single teams (the heatmap).
    """
    org = org or Organization.objects.create(name=f"Large {slug or 'org'}", slug=slug or "large-org")
    roles = list(RoleTemplate.objects.order_by("slug"))
    divisions = max(1, teams // 40)
    created: list[Team] = []
    for d in range(divisions):
        created.append(Team.objects.create(organization=org, name=f"Division {d + 1}", kind="product"))
    groups = []
    for g in range(max(1, teams // 8)):
        if len(created) >= teams:
            break
        groups.append(
            Team.objects.create(
                organization=org, name=f"Group {g + 1}", parent=created[g % divisions], kind="central_ml"
            )
        )
        created.append(groups[-1])
    leaf_rows = [
        Team(organization=org, name=f"Team {n + 1}", parent=groups[n % len(groups)], kind="embedded_ml")
        for n in range(max(0, teams - len(created)))
    ]
    created += Team.objects.bulk_create(leaf_rows)
    Person.objects.bulk_create(
        [
            Person(
                organization=org,
                email=f"p{n}@{org.slug}.example",
                name=f"Person {n}",
                team=created[n % len(created)],
                role=roles[(n // len(created)) % len(roles)],
                fte=Decimal("1.0") if n % 7 else Decimal("0.5"),
            )
            for n in range(people)
        ],
        batch_size=1000,
    )
    org_runs = max(1, assessments // 5)
    org_results_seed(
        org, org_runs=org_runs, team_runs=assessments - org_runs, findings=60, production_systems=max(1, teams * 3 // 2)
    )
    return org
