"""A believable demo organisation, built deterministically (same data on every run)."""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from orgs.choices import AssignmentLevel, MembershipRole, MLFocus, OpeningStatus, Stage, SystemStage
from orgs.models import Assignment, Membership, MLSystem, Opening, Organization, Person, PersonSkill, Team
from roles.models import Responsibility, RoleTemplate, Skill
from roles.services import catalog_seed

DEMO_SLUG = "northwind"
DEMO_PASSWORD = "teamplanner-demo"  # noqa: S105 - printed on purpose: demo log-ins on a local machine

# name, parent, kind, pillar
TEAMS = [
    ("Data & AI", None, "central_ml", "mixed"),
    ("ML Platform", "Data & AI", "platform", "code"),
    ("Credit Risk Models", "Data & AI", "central_ml", "model"),
    ("Data Engineering", "Data & AI", "data", "data"),
    ("Applied Research", "Data & AI", "research", "model"),
    ("Digital Product", None, "product", "mixed"),
    ("Payments Pod", "Digital Product", "embedded_ml", "mixed"),
    ("Customer Growth Pod", "Digital Product", "embedded_ml", "mixed"),
]

# team -> list of (role slug, count)
STAFFING = {
    "Data & AI": [("ai-team-lead", 1), ("ml-product-manager", 1), ("executive", 1)],
    "ML Platform": [
        ("engineering-manager", 1),
        ("mlops-engineer", 2),
        ("devops-engineer", 2),
        ("infrastructure-engineer", 1),
        ("software-engineer", 2),
    ],
    "Credit Risk Models": [
        ("ml-engineer", 2),
        ("data-scientist", 6),
        ("applied-scientist", 1),
        ("business-analyst", 1),
    ],
    "Data Engineering": [("engineering-manager", 1), ("data-engineer", 6)],
    "Applied Research": [("ml-researcher", 4), ("applied-scientist", 1)],
    "Digital Product": [("executive", 1), ("product-manager", 2), ("designer", 2)],
    "Payments Pod": [
        ("product-manager", 1),
        ("software-engineer", 6),
        ("data-scientist", 1),
        ("ml-engineer", 1),
        ("designer", 1),
    ],
    "Customer Growth Pod": [
        ("product-manager", 1),
        ("software-engineer", 5),
        ("data-scientist", 2),
        ("business-analyst", 1),
        ("data-engineer", 1),
    ],
}

FIRST = [
    "Anna",
    "Tom",
    "Aisha",
    "Lukas",
    "Mei",
    "Carlos",
    "Fatima",
    "Jonas",
    "Sofia",
    "Kwame",
    "Elena",
    "Ravi",
    "Hannah",
    "Omar",
    "Ines",
    "Daniel",
    "Yuki",
    "Marta",
    "Felix",
    "Amara",
    "Noah",
    "Zara",
    "Pablo",
    "Lena",
    "Arjun",
    "Chloe",
    "Emeka",
    "Greta",
    "Hugo",
    "Ida",
    "Jamal",
    "Kira",
    "Leo",
    "Maya",
    "Nils",
    "Olga",
    "Pedro",
    "Rosa",
    "Sami",
    "Tara",
    "Uma",
    "Victor",
    "Wen",
    "Xavier",
    "Yara",
    "Zoltan",
    "Alba",
    "Bruno",
    "Clara",
    "Dev",
    "Esme",
    "Farid",
    "Gwen",
    "Hiro",
    "Isla",
    "Jon",
    "Kofi",
    "Lina",
    "Milo",
    "Nora",
    "Otto",
]
LAST = [
    "Raman",
    "Becker",
    "Okafor",
    "Novak",
    "Chen",
    "Silva",
    "Haddad",
    "Larsen",
    "Rossi",
    "Mensah",
    "Petrova",
    "Iyer",
    "Schmidt",
    "Farouk",
    "Costa",
    "Weber",
    "Tanaka",
    "Lopez",
    "Wagner",
    "Diallo",
    "Meyer",
    "Khan",
    "Garcia",
    "Fischer",
    "Nair",
    "Martin",
    "Obi",
    "Berg",
    "Moreau",
    "Lund",
]
LOCATIONS = ["London", "Berlin", "Lisbon", "Remote"]

# name, team, stage, domain
SYSTEMS = [
    ("Credit scoring", "Credit Risk Models", "production", "lending"),
    ("Fraud detection", "Credit Risk Models", "production", "payments"),
    ("Collections prioritisation", "Credit Risk Models", "production", "lending"),
    ("Income verification", "Credit Risk Models", "mvp", "lending"),
    ("Liquidity forecasting", "Credit Risk Models", "production", "treasury"),
    ("Document OCR", "Applied Research", "production", "operations"),
    ("Support chat assistant", "Applied Research", "prototype", "customer service"),
    ("Payment anomaly alerts", "Payments Pod", "production", "payments"),
    ("KYC entity matching", "Payments Pod", "production", "compliance"),
    ("Churn prediction", "Customer Growth Pod", "production", "marketing"),
    ("Marketing uplift", "Customer Growth Pod", "mvp", "marketing"),
    ("Next best offer", "Customer Growth Pod", "idea", "marketing"),
]

# Responsibilities nobody owns in the demo, so the analysis has something to find.
UNOWNED = {"model-governance", "knowledge-sharing", "onboarding"}


# The demo's data is dated as of this day, so it is the same whenever it is seeded.
TODAY = date(2026, 11, 1)


@dataclass
class DemoLogin:
    username: str
    role: str
    password: str


@transaction.atomic
def demo_org_seed(*, slug: str = DEMO_SLUG) -> tuple[Organization, list[DemoLogin]]:
    """Create (or re-create) the demo organisation with people, teams, systems, openings and log-ins."""
    catalog_seed()
    rng = random.Random(20261123)  # noqa: S311 - deterministic demo data, not security
    Organization.objects.filter(slug=slug).delete()
    org = Organization.objects.create(
        name="Northwind Lending",
        slug=slug,
        industry="Financial services",
        headcount_band="1001-5000",
        stage=Stage.ENTERPRISE,
        ml_focus=MLFocus.PRODUCT,
        target_level=4,
    )
    roles = {r.slug: r for r in RoleTemplate.objects.all()}
    teams: dict[str, Team] = {}
    for name, parent, kind, pillar in TEAMS:
        teams[name] = Team.objects.create(
            organization=org, name=name, parent=teams.get(parent), kind=kind, pillar=pillar
        )
    people = _people_seed(org, teams, roles, rng)
    by_team: dict[str, list[Person]] = {}
    for p in people:
        by_team.setdefault(p.team.name, []).append(p)
    _leads_seed(teams, by_team, people)
    # The universal expert: one senior ML engineer who built and deploys most production models.
    expert = next(p for p in by_team["Credit Risk Models"] if p.role.slug == "ml-engineer")
    expert.name, expert.email = "Priya Raman", "priya.raman@northwind.example"
    expert.save(update_fields=["name", "email"])
    _skills_seed(people, rng)
    _assignments_seed(people, expert, rng)
    _systems_seed(org, teams, by_team, people, expert, rng)
    _openings_seed(org, teams, roles)
    logins = _demo_users(org, teams, by_team)
    return org, logins


def _people_seed(org, teams, roles, rng) -> list[Person]:
    names = iter(f"{f} {ln}" for f, ln in zip(FIRST, (LAST * 3)[: len(FIRST)], strict=True))
    people: list[Person] = []
    for team_name, staffing in STAFFING.items():
        for role_slug, count in staffing:
            for _ in range(count):
                full = next(names)
                email = full.lower().replace(" ", ".") + "@northwind.example"
                people.append(
                    Person(
                        organization=org,
                        email=email,
                        name=full,
                        team=teams[team_name],
                        role=roles[role_slug],
                        fte=Decimal("0.8") if rng.random() < 0.1 else Decimal("1.0"),
                        start_date=TODAY - timedelta(days=rng.randint(60, 2500)),
                        location=rng.choice(LOCATIONS),
                    )
                )
    Person.objects.bulk_create(people)
    return list(Person.objects.filter(organization=org).select_related("role", "team").order_by("pk"))


def _leads_seed(teams, by_team, people) -> None:
    """The first leadership-ish person of each team leads it and manages its members."""
    lead_roles = ["ai-team-lead", "engineering-manager", "executive", "product-manager", "ml-engineer", "ml-researcher"]
    for team in teams.values():
        members = by_team.get(team.name, [])
        lead = next((p for r in lead_roles for p in members if p.role.slug == r), members[0] if members else None)
        team.lead = lead
        team.save(update_fields=["lead"])
        for p in members:
            if p != lead:
                p.manager = lead
    for team in teams.values():
        if team.parent and team.lead and team.parent.lead:
            team.lead.manager = team.parent.lead
    Person.objects.bulk_update(people, ["manager"])


def _skills_seed(people, rng) -> None:
    skills = list(Skill.objects.all())
    rows = []
    for p in people:
        for s in skills:
            target = p.role.target_skills.get(s.slug)
            if target is not None or rng.random() < 0.3:
                level = max(0, min(4, (target or 1) + rng.choice([-1, 0, 0, 1])))
                rows.append(PersonSkill(person=p, skill=s, level=level))
    PersonSkill.objects.bulk_create(rows)


def _assignments_seed(people, expert, rng) -> None:
    resps = {r.slug: r for r in Responsibility.objects.all()}
    assignments: dict[tuple[int, int], Assignment] = {}
    owned_once: set[str] = set()
    for p in people:
        for r in p.role.default_responsibilities.all():
            if r.slug in UNOWNED:
                level = AssignmentLevel.CONTRIBUTOR
            elif r.slug not in owned_once or rng.random() < 0.35:
                level = AssignmentLevel.OWNER
                owned_once.add(r.slug)
            else:
                level = rng.choice([AssignmentLevel.CONTRIBUTOR, AssignmentLevel.BACKUP])
            assignments[(p.pk, r.pk)] = Assignment(person=p, responsibility=r, level=level)
    for slug in ("model-deployment", "model-monitoring", "model-retraining"):
        assignments[(expert.pk, resps[slug].pk)] = Assignment(
            person=expert, responsibility=resps[slug], level=AssignmentLevel.OWNER
        )
    for slug in UNOWNED:
        helper = rng.choice(people)
        assignments.setdefault(
            (helper.pk, resps[slug].pk),
            Assignment(person=helper, responsibility=resps[slug], level=AssignmentLevel.BACKUP),
        )
    Assignment.objects.bulk_create(assignments.values())


def _systems_seed(org, teams, by_team, people, expert, rng) -> None:
    """The systems; the expert owns and deploys those of Credit Risk Models and two more."""
    productionisers = [p for p in people if p.role.family == "productioniser" and p != expert]
    builders = [p for p in people if p.role.family == "builder"]
    for name, team_name, stage, domain in SYSTEMS:
        system = MLSystem.objects.create(organization=org, name=name, team=teams[team_name], stage=stage, domain=domain)
        team_builders = [p for p in by_team[team_name] if p.role.family == "builder"] or builders
        owners = [rng.choice(team_builders)]
        deployers = []
        if team_name == "Credit Risk Models" or name in ("Document OCR", "KYC entity matching"):
            owners.append(expert)
            deployers.append(expert)
        else:
            deployers.append(rng.choice(productionisers))
        if stage == SystemStage.PRODUCTION and name in ("Churn prediction", "Payment anomaly alerts"):
            deployers.append(rng.choice(productionisers))
        system.owners.set(owners)
        system.deployers.set(deployers)


def _openings_seed(org, teams, roles) -> None:
    openings = [
        ("mlops-engineer", "ML Platform", TODAY - timedelta(days=150), OpeningStatus.OPEN, None),
        ("ml-engineer", "Credit Risk Models", TODAY - timedelta(days=90), OpeningStatus.OPEN, None),
        ("ml-engineer", "Payments Pod", TODAY - timedelta(days=40), OpeningStatus.OPEN, None),
        ("data-engineer", "Data Engineering", TODAY - timedelta(days=20), OpeningStatus.OPEN, None),
        ("data-scientist", "Customer Growth Pod", date(2025, 9, 1), OpeningStatus.FILLED, date(2026, 1, 20)),
        ("ml-engineer", "Credit Risk Models", date(2025, 3, 1), OpeningStatus.FILLED, date(2025, 9, 15)),
        ("devops-engineer", "ML Platform", date(2025, 5, 1), OpeningStatus.FILLED, date(2025, 8, 20)),
        ("applied-scientist", "Applied Research", date(2025, 11, 1), OpeningStatus.CANCELLED, None),
    ]
    Opening.objects.bulk_create(
        [
            Opening(organization=org, role=roles[r], team=teams[t], opened_on=o, status=s, filled_on=f)
            for r, t, o, s, f in openings
        ]
    )


def demo_scored_assessments_seed(*, org: Organization) -> list:
    """Two submitted and scored org-wide assessments, filled in by the demo admin."""
    from .assessments import demo_assessments_seed

    admin = Membership.objects.get(organization=org, role=MembershipRole.ADMIN).user
    return demo_assessments_seed(org=org, user=admin)


def demo_extras_seed(*, org: Organization) -> None:
    """What makes the demo tell its story at first sight: scored team assessments and a scored scenario."""
    from .assessments import demo_scenario_seed, demo_team_assessments_seed

    admin = Membership.objects.get(organization=org, role=MembershipRole.ADMIN).user
    demo_team_assessments_seed(org=org, user=admin)
    demo_scenario_seed(org=org, user=admin)


def _demo_users(org, teams, by_team) -> list[DemoLogin]:
    User = get_user_model()
    spec = [
        ("demo-admin", MembershipRole.ADMIN, None),
        ("demo-exec", MembershipRole.EXECUTIVE, None),
        ("demo-lead", MembershipRole.LEAD, "Credit Risk Models"),
        ("demo-viewer", MembershipRole.VIEWER, None),
    ]
    logins = []
    for username, role, team_name in spec:
        user, _ = User.objects.get_or_create(username=username, defaults={"email": f"{username}@northwind.example"})
        user.set_password(DEMO_PASSWORD)
        # The demo admin also administers the shared catalog in the admin site.
        user.is_staff = user.is_superuser = role == MembershipRole.ADMIN
        user.save()
        membership, _ = Membership.objects.update_or_create(user=user, organization=org, defaults={"role": role})
        if team_name:
            team = teams[team_name]
            membership.teams.set([team])
            if team.lead:
                team.lead.user = user
                team.lead.save(update_fields=["user"])
        logins.append(DemoLogin(username=username, role=role, password=DEMO_PASSWORD))
    return logins
