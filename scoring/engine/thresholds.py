"""Every threshold, bound and weight the scoring engine uses, in one place.

docs/scoring.md explains each one; change a value here and the scoring version with it.
"""

from vocabulary import severity

SCORING_VERSION = "1.2.0"

# --- maturity -----------------------------------------------------------------------------------------
# A 0-1 score maps to a level by these lower bounds: [0, .2) -> 1, [.2, .4) -> 2, ... [.8, 1] -> 5.
LEVEL_BOUNDS = (0.0, 0.2, 0.4, 0.6, 0.8)
CONTEXT_DIMENSION = "context"
UNSCORED_KINDS = ("number", "text")
SCALE_MAX = 4
# Below the organisation's target level by this many levels or more, a maturity gap is "high".
MATURITY_GAP_HIGH = 2

# --- people (their role families are vocabulary.families') ---------------------------------------------
ML_LEAD_ROLE_SLUGS = ("ai-team-lead",)

# --- systems and responsibilities ----------------------------------------------------------------------
# An assignment at these levels can carry the responsibility alone (bus factor = owners + backups).
CARRIER_LEVELS = ("owner", "backup")
PRODUCTION_STAGE = "production"
RETIRED_STAGE = "retired"
# Responsibilities whose lifecycle stage keeps production running: a single carrier there is "high".
PRODUCTION_CRITICAL_STAGES = ("deploy", "operate")
# Owners in at least this many teams, none of them a team lead: an overlap.
OVERLAP_MIN_TEAMS = 2
OVERLAP_MEDIUM_TEAMS = 3

# --- truck factor (Avelino et al. 2016): more than this share of production systems orphaned = trouble --
TRUCK_FACTOR_ORPHAN_SHARE = 0.5
TRUCK_FACTOR_CRITICAL = 1  # truck factor <= this: critical
TRUCK_FACTOR_HIGH = 2
TRUCK_FACTOR_MEDIUM = 3

# --- universal experts ---------------------------------------------------------------------------------
# A departure that orphans at least this many systems + responsibilities makes a universal expert.
UNIVERSAL_EXPERT_MIN_ORPHANS = 3
UNIVERSAL_EXPERT_CRITICAL_SYSTEMS = 3  # orphans this many production systems or more: critical
UNIVERSAL_EXPERT_HIGH_ORPHANS = 5  # orphans at least one system, or this many items in all: high

# --- deployment capacity -------------------------------------------------------------------------------
# Sustainable: a productioniser FTE keeps this many production systems running ...
SYSTEMS_PER_PRODUCTIONISER_MAX = 3.0
# ... and turns the models of this many builder FTE into production systems.
BUILDERS_PER_PRODUCTIONISER_MAX = 3.0
# Twice the bound (or more) is "high"; no productioniser at all with production systems is "critical".
OVERLOAD_HIGH_FACTOR = 2.0

# --- load of people and teams ---------------------------------------------------------------------------
OWNED_RESPONSIBILITIES_PER_FTE_MAX = 4.0
PRODUCTION_SYSTEMS_PER_FTE_MAX = 3.0

# --- talent ---------------------------------------------------------------------------------------------
# Open-role months to hire per ML practitioner FTE: at least this much is "high" / "medium", else "low".
OPEN_MONTHS_PER_ML_FTE_HIGH = 1.0
OPEN_MONTHS_PER_ML_FTE_MEDIUM = 0.3
# An opening open longer than its role's typical months to hire is a finding of its own: high for the
# hard-to-hire families (vocabulary.families.HARD_TO_HIRE_FAMILIES), medium for the others.
DAYS_PER_MONTH = 30.44

# --- ML lead --------------------------------------------------------------------------------------------
ML_LEAD_MAX_DEPTH = 1  # reports to the top person, or is the top person
ML_LEAD_HIGH_DEPTH = 3

# --- classification -------------------------------------------------------------------------------------
NASCENT_MAX_ML_FTE = 3.0  # fewer ML practitioner FTE than this: a nascent-team signal
# Fewer ML practitioner FTE than this is a handful: too few for a central core plus embedded units (a pod alone
# is about three people), so the advice keeps them together and says where they go first.
HANDFUL_MAX_ML_FTE = 6.0
CENTRAL_TEAM_KINDS = ("central_ml", "platform", "research")
EMBEDDED_TEAM_KINDS = ("embedded_ml", "product")
# Teams that are neither ML nor product teams (BI, data, IT, business functions). ML people there count as a
# pool (central) when a team holds at least POOL_MIN_ML_PEOPLE of them, else as embedded in that function.
SUPPORT_TEAM_KINDS = ("data", "other")
POOL_MIN_ML_PEOPLE = 2
SUPPORT_SHARE_NASCENT = 0.5  # share of ML FTE in support teams at or above: ML done ad hoc outside ML teams
EMBEDDED_SHARE_PRODUCT = 0.5  # share of ML FTE in embedded/product teams at or above: product-embedded
DIVISION_MIN_SHARE = 0.5  # share of ML FTE under the ML lead's team at or above: an ML division
ML_THROUGHOUT_SHARE = 0.75  # share of product/embedded teams with ML people at or above: ML throughout
ML_THROUGHOUT_MIN_TEAMS = 2
RESEARCHER_SHARE_RND = 0.5  # ML researcher FTE among model builders at or above: an R&D signal
CENTRALIZED_MIN_SHARE = 0.8  # share of ML FTE in central teams at or above: centralized
DECENTRALIZED_MAX_SHARE = 0.2  # at or below: decentralized; in between: hybrid
STRUCTURE_MIN_ML_FTE = 3.0  # below this, the data is too thin to classify the structure
# centralized-with-product: central teams hold product managers and developers, together at least this share
# of the central teams' FTE
CENTRAL_PRODUCT_ROLE_SLUGS = ("product-manager", "ml-product-manager")
CENTRAL_DEV_ROLE_SLUGS = ("software-engineer", "designer")
WITH_PRODUCT_MIN_SHARE = 0.15
RESEARCH_SHARE_RND = 0.5  # share of ML FTE in research teams at or above: an R&D signal
PRODUCTION_SHARE_LOW = 0.2  # share of live systems in production below: models rarely reach production
PRODUCTION_SHARE_HIGH = 0.5
DATA_ENGINEER_SHARE_STRONG = 0.15  # data engineers per ML FTE at or above: strong data engineering
DATA_ENGINEER_ROLE_SLUG = "data-engineer"

# --- ranking --------------------------------------------------------------------------------------------
# The order of severities is vocabulary.severity's SEVERITIES; their weight in an action's priority:
SEVERITY_WEIGHT = {
    severity.CRITICAL: 10.0,
    severity.HIGH: 4.0,
    severity.MEDIUM: 2.0,
    severity.LOW: 1.0,
    severity.INFO: 0.5,
}
# kind -> (impact 1-5, effort 1-5)
IMPACT_EFFORT = {
    "truck_factor": (5, 4),
    "universal_expert": (5, 3),
    "bus_factor_system": (4, 2),
    "bus_factor_responsibility": (3, 1),
    "deployment_bottleneck": (4, 4),
    "uncovered_responsibility": (3, 1),
    "overlapping_responsibility": (2, 1),
    "talent_open_roles": (3, 4),
    "overdue_opening": (4, 3),
    "lone_practitioner": (3, 2),
    "overloaded_person": (3, 2),
    "overloaded_team": (3, 3),
    "ml_lead_distance": (4, 4),
    "cross_check": (3, 1),
    "maturity_gap": (3, 3),
}
FINDING_KINDS = tuple(IMPACT_EFFORT)
