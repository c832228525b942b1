"""Recommendation texts, written from the domain brief (docs/scoring.md lists where each comes from)."""

BUS_FACTOR_SYSTEM = (
    "Give each of these systems a second owner and a second deployer: pair someone on the next release and let "
    "them run it alone the time after, and write a short runbook of how the model was built and is operated."
)
TRUCK_FACTOR = (
    "Spread production knowledge before it walks out of the door: for the systems these people carry, name a "
    "second owner and deployer, rotate deployments and on-call between them, and record how each model was "
    "built. Check the truck factor again after every departure or reorganisation."
)
UNIVERSAL_EXPERT = (
    "Treat this as an existential risk rather than a compliment: plan knowledge transfer for everything listed "
    "(pairing, recorded walk-throughs, runbooks), give each system a second owner and deployer, and stop "
    "routing new models through this person alone until the backups have done a release themselves."
)
DEPLOYMENT = (
    "Grow deployment capacity: hiring ML and MLOps engineers takes six months or more, so also train interested "
    "software engineers or scientists in deployment, and invest in tooling that makes routine packaging, "
    "deployment and monitoring self-serve, so that builders can ship without waiting in a queue."
)
DEPLOYMENT_NONE = (
    "Nobody in the organisation is a productioniser (ML, MLOps, DevOps or infrastructure engineer) although "
    "systems run in production: name who keeps them running, and hire or train at least one ML or MLOps engineer."
)
UNCOVERED = (
    "Name an owner and a backup: work that is nobody's job becomes someone else's problem. Tie it to the goals "
    "of the role that normally carries it, so it is planned and reviewed like any other work."
)
UNCOVERED_WITH_HELPERS = (
    "People already help with this but nobody owns it: make one of them the owner and keep the others as "
    "backups or contributors."
)
OVERLAP = (
    "Choose one leading owner, ideally someone who leads a team, to coordinate the others, or split the "
    "responsibility by scope so that each team owns a clear part; several AI teams doing the same work "
    "unaware of each other is a known trap."
)
BUS_FACTOR_RESPONSIBILITY = (
    "Name a backup for this responsibility and let them carry it once while the owner is still around to help."
)
OPEN_ROLES = (
    "These roles take months to fill (ML engineers about six, MLOps engineers longer). Be specific about the "
    "must-have skills, consider hiring software engineers with an interest in ML or junior talent and training "
    "them, and use tools that multiply the productivity of the engineers you already have."
)
OVERDUE_OPENING = (
    "Look again at this opening: widen the profile or the pay band, use a recruiter who knows the field, or "
    "train an engineer or scientist you already have into the role while the search goes on."
)
LONE_PRACTITIONER = (
    "A lone ML practitioner has nobody to review their work and is hard to replace. Connect them with the "
    "other ML people (a weekly cross-team meeting or guild), give them a reviewer from a central ML team, or "
    "group ML people so that no one works alone."
)
OVERLOADED_PERSON = (
    "Move part of this load to a backup or to colleagues with spare capacity: an overloaded owner is both a "
    "bottleneck and a flight risk."
)
OVERLOADED_TEAM = (
    "Rebalance the team: hand responsibilities or systems to teams with capacity, automate routine operations, "
    "or add headcount where the work is permanent."
)
ML_LEAD_DISTANCE = (
    "Bring the ML lead closer to the leadership table: a lead several levels below the top cannot secure the "
    "budget, the mission and the boundaries with IT, BI and data teams that ML work needs."
)
NO_ML_LEAD = (
    "Appoint an AI team lead: someone who understands engineering, data science and ML infrastructure well "
    "enough to set the team's mission and boundaries. A strong lead is the first structural need."
)
CROSS_CHECK = "Discuss the difference with the people who answered, then correct either the answer or the org data."

MATURITY = {
    "mlops_level": "Automate the path from experiment to production step by step: versioned data and models, "
    "a repeatable training pipeline, then automated deployment and monitoring.",
    "structure_leadership": "Give the ML work a strong lead with a seat at the leadership table, its own budget and "
    "a clear function, and draw the boundaries with IT, BI and data teams explicitly.",
    "roles_responsibilities": "Map the lifecycle responsibilities to named owners and backups, and keep people's "
    "work within their expertise.",
    "talent_hiring": "Plan hiring around the long time to hire ML and MLOps engineers: train existing engineers "
    "and scientists, consider junior talent and be specific about must-have skills.",
    "expertise_bottlenecks": "Remove single points of failure: second owners and deployers for production "
    "systems, documented models and more deployment capacity.",
    "collaboration": "Make ML people meet across teams regularly, document how systems were built and give new "
    "members an onboarding path.",
    "infra_code": "Give application code its DevOps basics: CI/CD, releases and mean time to resolution as KPIs.",
    "infra_model": "Give models their MLOps basics: a registry, automated deployment, monitoring and retraining.",
    "infra_data": "Give data its DataOps basics: tested pipelines, quality checks, lineage and fast access.",
    "tools_self_service": "Invest in tools that make code, models and data self-serve and discoverable, so "
    "routine work does not queue behind a few specialists.",
    "ownership_kpis": "Agree per-pillar KPIs driven by product KPIs (releases, model quality in production, data "
    "freshness) and give each a named owner.",
    "planning_management": "Plan ML work probabilistically: give tasks a likelihood of success, keep a portfolio "
    "of approaches, re-plan as tasks stall and build an end-to-end pipeline early.",
    "governance_safety": "Add governance checks to the release path (e.g. no protected attributes in credit "
    "decisions) and name who signs them off.",
}
MATURITY_DEFAULT = "Work through the lowest-scoring answers of this dimension first."
