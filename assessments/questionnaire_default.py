"""The default questionnaire: what `questionnaire_default_seed()` creates as version 1.

Each section lists its questions as dicts with the fields of `Question`. `depends_on` names the
code of an earlier question. The context questions (dimension `context`, weight 0) feed the
archetype and structure classification; their codes and choice values are read by the scoring
engine and must not change.
"""

from .choices import Dimension as D
from .choices import QuestionKind as K

DEFAULT_SLUG = "default"
NAME = "ML team assessment"
DESCRIPTION = (
    "How an ML organisation is structured, staffed and run: leadership, roles, talent, bottlenecks, "
    "collaboration, MLOps practice, infrastructure per pillar, tools, ownership, planning and governance."
)


def q(code, dimension, kind, text, help_text="", *, weight=1, required=False, allow_na=False, **extra) -> dict:
    return {
        "code": code,
        "dimension": dimension,
        "kind": kind,
        "text": text,
        "help_text": help_text,
        "weight": weight,
        "required": required,
        "allow_na": allow_na,
        **extra,
    }


def ctx(code, text, help_text, choices, *, required=True) -> dict:
    """A context question: single choice, not scored, read by the classification."""
    return q(
        code,
        D.CONTEXT,
        K.SINGLE,
        text,
        help_text,
        weight=0,
        required=required,
        choices=[{"value": v, "label": label} for v, label in choices],
    )


def scale(code, dimension, text, help_text, labels, **kw) -> dict:
    assert len(labels) == 5, code
    return q(code, dimension, K.SCALE, text, help_text, scale_labels=list(labels), **kw)


def scored(choices) -> list[dict]:
    return [{"value": v, "label": label, "score": score} for v, label, score in choices]


SECTIONS: list[dict] = [
    {
        "title": "Your organisation",
        "description": "These answers are not scored. They tell the classification what kind of organisation "
        "this is, so that the recommended structure fits it.",
        "questions": [
            ctx(
                "ctx-company-stage",
                "Which description fits the company today?",
                "Headcount is a guide, not a rule: pick what best matches how the company operates.",
                [
                    ("startup-small", "A small startup (roughly up to 50 people)"),
                    ("startup-large", "A larger, growing startup or scale-up"),
                    ("enterprise", "An established enterprise"),
                ],
            ),
            ctx(
                "ctx-ml-focus",
                "What is ML mainly used for here?",
                "Exploring means research and prototypes whose value is still being found; product means "
                "models that run inside products or operations.",
                [
                    ("research", "Exploring what ML can do: research and prototypes"),
                    ("product", "Putting ML into products and day-to-day operations"),
                    ("both", "Both, in similar measure"),
                ],
            ),
            ctx(
                "ctx-ml-reports-to",
                "Where does the most senior person responsible for ML report?",
                "Follow the reporting line of whoever leads ML work overall, even if their title says something else.",
                [
                    ("c-level", "Directly to the CEO or the executive team"),
                    ("vp", "To a VP or director one level below the executive team"),
                    ("department", "Inside a department or business unit"),
                    ("it-or-bi", "Inside IT or business intelligence"),
                ],
            ),
            ctx(
                "ctx-structure",
                "How are the people who work on ML organised?",
                "Think of where model builders and ML engineers sit on the org chart, not of who they talk to.",
                [
                    ("centralized", "In one central ML team that serves the rest of the company"),
                    ("decentralized", "Spread across product or feature teams, with no central ML team"),
                    ("hybrid", "A central core for platform, practices and research, plus ML people in product teams"),
                    (
                        "centralized-with-product",
                        "A central ML unit with its own engineers and product managers that ships its own products",
                    ),
                ],
            ),
            ctx(
                "ctx-research-vs-engineering",
                "Where does the weight of the ML work lie?",
                "",
                [
                    ("research", "Research: new methods, experiments and reports"),
                    ("engineering", "Engineering: building and running models inside products"),
                    ("balanced", "Both, with researchers and engineers working side by side"),
                ],
            ),
            ctx(
                "ctx-path-to-production",
                "How does a trained model usually reach production?",
                "",
                [
                    ("none", "It rarely does: most models stay experiments"),
                    ("handoff", "The ML team hands it over and another team rebuilds or re-implements it"),
                    ("ml-team-deploys", "The ML team deploys and runs its own models"),
                    ("self-serve", "A platform lets the people who build models ship them themselves"),
                ],
            ),
            ctx(
                "ctx-data-ownership",
                "What is the ML team's relationship to the data it uses?",
                "",
                [
                    ("none", "No particular role: it works with whatever data it is given"),
                    ("works-with-data-eng", "It works closely with data engineers but does not own data"),
                    ("voice-in-governance", "It has a say in data governance and strong data engineering of its own"),
                    ("owns-data-infra", "It owns data infrastructure used across the company"),
                ],
            ),
            ctx(
                "ctx-model-ownership",
                "Once a model is in production, who owns it?",
                "",
                [
                    ("none", "Nobody in particular, or no models are in production yet"),
                    ("builders-own-deployed", "The ML engineers who deployed it own and maintain it"),
                    ("handed-maintained", "Business users receive it, and the ML team keeps maintaining it"),
                    ("handed-operated", "Business users receive it and operate it themselves"),
                ],
            ),
            q(
                "ctx-ml-headcount",
                D.CONTEXT,
                K.NUMBER,
                "Roughly how many people work on ML, in full-time equivalents?",
                "Count everyone who builds, deploys or runs models, including data engineers who mainly serve ML.",
                weight=0,
                min_value=0,
                max_value=100000,
            ),
            q(
                "ctx-production-models",
                D.CONTEXT,
                K.NUMBER,
                "Roughly how many ML models or pipelines are in production?",
                "In production means something or someone depends on its output on a regular basis.",
                weight=0,
                min_value=0,
                max_value=100000,
            ),
        ],
    },
    {
        "title": "Structure and leadership",
        "description": "Who leads ML work, where that person sits, and how clearly the team's borders are drawn.",
        "questions": [
            scale(
                "st-ml-lead",
                D.STRUCTURE,
                "How strong is the leadership of ML work?",
                "A strong lead can talk to stakeholders and understands engineering, data science and "
                "infrastructure well enough to set the team's mission and its borders.",
                [
                    "Nobody leads ML work as such",
                    "Someone coordinates ML work part-time, beside another job",
                    "There is a named ML lead, with little say over priorities",
                    "A dedicated ML lead sets direction and agrees boundaries with other teams",
                    "An experienced ML leader owns the mission, the budget and the boundaries",
                ],
                weight=2,
                required=True,
            ),
            q(
                "st-ml-lead-seat",
                D.STRUCTURE,
                K.YES_NO,
                "Does the ML lead take part where company priorities are set?",
                "Yes if the ML lead sits on, or reports directly to, the leadership team that decides priorities "
                "and budgets.",
                weight=1.5,
                required=True,
            ),
            scale(
                "st-boundaries",
                D.STRUCTURE,
                "How clear is the line between the ML team and data engineering, IT infrastructure, software "
                "engineering and BI?",
                "Unclear lines show up as work nobody picks up, or as two teams doing the same thing.",
                [
                    "Nobody could say where ML work ends and other teams' work begins",
                    "Lines exist informally and are argued about case by case",
                    "The main lines are known, but grey areas cause friction",
                    "Lines are agreed with each neighbouring team",
                    "Lines are written down, agreed and revisited when the organisation changes",
                ],
            ),
            scale(
                "st-mission",
                D.STRUCTURE,
                "How clearly is the purpose of the ML work defined?",
                "For example long-term research versus improving today's business metrics, and how the two are "
                "balanced.",
                [
                    "There is no stated purpose; the team does what it is asked",
                    "The purpose is vague and changes with whoever asks",
                    "There is a purpose, but priorities often contradict it",
                    "A clear purpose guides which projects are taken on",
                    "A clear purpose with goals the leadership team reviews regularly",
                ],
            ),
            q(
                "st-cross-team-sync",
                D.COLLABORATION,
                K.SINGLE,
                "How often do ML people from different teams meet to share work and agree on tools?",
                "Embedded ML people drift apart without a regular meeting point; weekly works well.",
                depends_on="ctx-structure",
                depends_on_values=["decentralized", "hybrid"],
                choices=scored(
                    [
                        ("never", "Never", 0.0),
                        ("ad-hoc", "Only when a problem comes up", 0.25),
                        ("monthly", "About once a month", 0.6),
                        ("weekly", "Weekly or more often", 1.0),
                    ]
                ),
            ),
        ],
    },
    {
        "title": "Roles and responsibilities",
        "description": "Whether the work of the ML lifecycle is owned, and whether people do what they are good at.",
        "questions": [
            q(
                "rr-all-covered",
                D.ROLES,
                K.YES_NO,
                "Does every step of the ML lifecycle have a named owner?",
                "Data collection and pipelines, training, evaluation, deployment, monitoring, retraining and "
                "the infrastructure underneath. A step without an owner becomes everybody's and nobody's problem.",
                weight=1.5,
                required=True,
            ),
            scale(
                "rr-defined-roles",
                D.ROLES,
                "How well are the ML roles defined?",
                "",
                [
                    "Everyone is a generalist and does whatever comes up",
                    "Titles exist but say little about who does what",
                    "Main roles are described, with overlaps nobody resolves",
                    "Each role has agreed responsibilities and expected skills",
                    "Roles, responsibilities and target skills are written down and reviewed as the team grows",
                ],
            ),
            scale(
                "rr-outside-expertise",
                D.ROLES,
                "How much time do people spend on work far outside their expertise?",
                "For example scientists hardening deployment code, or engineers left to tune models.",
                [
                    "Most of their time",
                    "A large share of their time",
                    "Some of their time, regularly",
                    "Now and then",
                    "Rarely: specialists do the specialist work",
                ],
            ),
            scale(
                "rr-infra-optimisation",
                D.ROLES,
                "Is improving infrastructure (cost, speed, scaling) somebody's job?",
                "Left undone, it piles up as scaling debt that slows every later project.",
                [
                    "Nobody does it until something breaks",
                    "It happens when someone finds spare time",
                    "It is planned occasionally, as a project",
                    "A named owner works on it regularly",
                    "An owner works on it continuously against cost and performance targets",
                ],
            ),
        ],
    },
    {
        "title": "Talent and hiring",
        "description": "How you find, grow and keep ML people, who are scarce and slow to hire.",
        "questions": [
            q(
                "th-time-to-hire",
                D.TALENT,
                K.SINGLE,
                "How long does it usually take to fill an ML engineering opening?",
                "Six months is not unusual for ML engineers, and MLOps roles often take longer. Choose not "
                "applicable if you have not hired for such a role.",
                required=True,
                allow_na=True,
                choices=scored(
                    [
                        ("under-3-months", "Under three months", 1.0),
                        ("3-6-months", "Three to six months", 0.6),
                        ("over-6-months", "More than six months", 0.2),
                    ]
                ),
            ),
            scale(
                "th-specific-profiles",
                D.TALENT,
                "How specific are your job descriptions about the skills a role must have?",
                "",
                [
                    "We look for someone who knows everything",
                    "Long wish lists that few candidates match",
                    "Some openings name their must-have skills",
                    "Every opening names a few must-have skills tied to the work",
                    "Must-haves are tied to the work; everything else is trained after hiring",
                ],
            ),
            scale(
                "th-grow-internal",
                D.TALENT,
                "How much do you grow ML skills inside the company?",
                "For example training software engineers into ML engineering, or scientists into MLOps, and "
                "hiring junior people with strong engineering to train them.",
                [
                    "Not at all",
                    "Individuals learn on their own time",
                    "Some courses and conference budget",
                    "Planned training with time set aside and mentors",
                    "A structured programme with a track record of people who moved into ML roles",
                ],
            ),
            q(
                "th-open-roles",
                D.TALENT,
                K.NUMBER,
                "How many ML-related openings are unfilled right now?",
                "Including data engineering and MLOps openings that mainly serve ML.",
                weight=0,
                min_value=0,
                max_value=10000,
            ),
        ],
    },
    {
        "title": "Expertise bottlenecks",
        "description": "Where the work depends on too few people: one expert who knows everything, a domain expert, "
        "or too little deployment capacity.",
        "questions": [
            q(
                "bn-no-single-point",
                D.BOTTLENECKS,
                K.YES_NO,
                "Can at least two people run, fix and retrain every model in production?",
                "No if any production model depends on a single person.",
                weight=2,
                required=True,
            ),
            q(
                "bn-deployment-staffed",
                D.BOTTLENECKS,
                K.YES_NO,
                "Is there enough capacity to put into production, monitor and maintain the models that are ready?",
                "No if models wait for ML engineers, MLOps or DevOps people to become free.",
                weight=2,
                required=True,
            ),
            q(
                "bn-universal-expert",
                D.BOTTLENECKS,
                K.YES_NO,
                "Is there one senior person everyone turns to for how most production models work?",
                "A yes here is a risk: losing that person would leave many models without anyone who understands them.",
                weight=1.5,
                choices=scored([("yes", "Yes", 0.0), ("no", "No", 1.0)]),
            ),
            scale(
                "bn-build-knowledge",
                D.BOTTLENECKS,
                "If the person who built a production model left tomorrow, could others see how it was built?",
                "",
                [
                    "No: only that person knows",
                    "Partly, from code without explanations",
                    "Mostly, from code and some notes",
                    "Yes: code, data and main decisions are documented",
                    "Yes, and someone else has already retrained or changed it",
                ],
            ),
            scale(
                "bn-domain-experts",
                D.BOTTLENECKS,
                "How widely shared is the domain knowledge the models depend on?",
                "For example how credit decisions are made, or what a sensor reading means.",
                [
                    "One person holds it",
                    "Two or three people hold it, informally",
                    "It is shared within the team that needs it",
                    "It is written down and regularly passed on",
                    "It is documented, taught and built into the tools",
                ],
            ),
        ],
    },
    {
        "title": "Collaboration and knowledge sharing",
        "description": "How knowledge moves between people and teams, and how new people get going.",
        "questions": [
            scale(
                "co-knowledge-sharing",
                D.COLLABORATION,
                "How is ML knowledge shared?",
                "",
                [
                    "It stays in people's heads",
                    "Occasional chats and scattered notes",
                    "Some documentation and demos, unevenly kept up",
                    "Regular reviews, demos and a maintained knowledge base",
                    "Sharing is part of every project's definition of done and is easy to find",
                ],
                required=True,
            ),
            scale(
                "co-onboarding",
                D.COLLABORATION,
                "How quickly does a new ML team member make a first real contribution?",
                "",
                [
                    "Months, mostly by asking around",
                    "Several weeks, depending on who has time",
                    "A few weeks, with some written guidance",
                    "About a week, with a documented path",
                    "Days, with a documented path, a buddy and ready-made environments",
                ],
            ),
            scale(
                "co-duplication",
                D.COLLABORATION,
                "How often do different teams build the same ML component twice?",
                "",
                [
                    "All the time",
                    "Often",
                    "Sometimes",
                    "Rarely",
                    "Almost never: shared components are found and reused",
                ],
            ),
            scale(
                "co-research-engineering",
                D.COLLABORATION,
                "How closely do scientists and engineers work together?",
                "",
                [
                    "Separate worlds: results are thrown over the wall",
                    "They meet at hand-over time",
                    "They work together on some projects",
                    "Most projects have both from the start",
                    "Mixed teams own each project from first experiment to production",
                ],
            ),
        ],
    },
    {
        "title": "MLOps level",
        "description": "How automated the path from data to a running, monitored model is. Level 0 is manual work "
        "throughout; level 4 is automated training, deployment and monitoring.",
        "questions": [
            scale(
                "ml-overall",
                D.MLOPS_LEVEL,
                "Overall, which description fits how you build and run models today?",
                "Pick the highest level that is true for most production models, not for the best one.",
                [
                    "Manual: models are trained in notebooks and handed over by hand, with no release process",
                    "Application code is built and released automatically, but models are trained and deployed by hand",
                    "Training runs as automated, repeatable pipelines with tracked experiments; deployment is "
                    "still manual",
                    "Tested models are deployed automatically through CI/CD, with versions and rollback",
                    "Training, deployment and monitoring are automated end to end; decay triggers retraining and "
                    "a safe release",
                ],
                weight=3,
                required=True,
            ),
            scale(
                "ml-experiment-tracking",
                D.MLOPS_LEVEL,
                "How are experiments recorded?",
                "",
                [
                    "They are not",
                    "In personal notes or spreadsheets",
                    "Some teams use a tracking tool",
                    "Every experiment records code, data version, parameters and metrics",
                    "Recording is automatic and results can be compared across teams",
                ],
            ),
            scale(
                "ml-training-pipelines",
                D.MLOPS_LEVEL,
                "How is model training run?",
                "",
                [
                    "By hand in notebooks",
                    "With scripts someone runs by hand",
                    "With pipelines started by hand",
                    "With pipelines on a schedule or on new data",
                    "With pipelines started by schedule, new data or monitoring, with checks before release",
                ],
            ),
            scale(
                "ml-deployment",
                D.MLOPS_LEVEL,
                "How are models deployed?",
                "",
                [
                    "Copied into place by whoever built them",
                    "With scripts run by hand",
                    "Through a standard process with manual steps",
                    "Automatically through CI/CD once tests pass",
                    "Automatically, with staged roll-outs and automatic rollback",
                ],
                required=True,
            ),
            scale(
                "ml-monitoring",
                D.MLOPS_LEVEL,
                "How are production models monitored?",
                "",
                [
                    "We hear about problems from users",
                    "Only whether the service is up and fast",
                    "Model metrics on dashboards that people check",
                    "Alerts on model quality and on drift in the input data",
                    "Alerts trigger retraining or rollback, and an owner is on call",
                ],
                required=True,
            ),
            scale(
                "ml-retraining",
                D.MLOPS_LEVEL,
                "How are models retrained?",
                "",
                [
                    "Never, or when someone remembers",
                    "By hand when a problem is noticed",
                    "By hand on a fixed schedule",
                    "Automatically on a schedule, with validation",
                    "Automatically when monitoring calls for it, validated before release",
                ],
            ),
            q(
                "ml-release-checks",
                D.MLOPS_LEVEL,
                K.MULTIPLE,
                "Which checks must a model pass before release?",
                "Choose all that apply.",
                weight=0.5,
                choices=scored(
                    [
                        ("none", "No formal checks", 0.0),
                        ("offline-metrics", "Offline metrics above a threshold", 0.6),
                        ("compare-current", "A comparison with the model now in production", 0.8),
                        ("data-validation", "Validation of the training and input data", 0.8),
                        ("fairness-robustness", "Fairness, robustness or stress tests", 1.0),
                        ("integration", "Integration tests with the application that uses it", 0.8),
                    ]
                ),
            ),
        ],
    },
    {
        "title": "Infrastructure: code, model and data",
        "description": "Each pillar of an ML application needs its own infrastructure and owner: code (DevOps), "
        "model (MLOps) and data (DataOps).",
        "questions": [
            scale(
                "ic-ci-cd",
                D.INFRA_CODE,
                "How are code changes built, tested and released?",
                "",
                [
                    "By hand",
                    "Built automatically, tested and released by hand",
                    "CI with some automated tests; releases are planned events",
                    "CI/CD with automated tests on every change",
                    "CI/CD with thorough tests; releasing is routine and frequent",
                ],
            ),
            scale(
                "ic-serving",
                D.INFRA_CODE,
                "How is the infrastructure that serves models provided?",
                "",
                [
                    "Each model gets a home-made server, if any",
                    "A few hand-built services, each different",
                    "A standard template each team copies",
                    "A shared serving layer with standard interfaces",
                    "A shared, scalable serving layer with autoscaling and agreed service levels",
                ],
            ),
            scale(
                "im-registry",
                D.INFRA_MODEL,
                "How are trained models stored and versioned?",
                "",
                [
                    "As files on laptops or shared drives",
                    "In a shared bucket with naming conventions",
                    "In a registry, used by some teams",
                    "In a registry with versions linked to code and data",
                    "In a registry with lineage, stages and approvals that deployment relies on",
                ],
            ),
            scale(
                "im-features",
                D.INFRA_MODEL,
                "How are features kept the same in training and in production?",
                "Choose not applicable if your models do not use engineered features (for example some "
                "vision or language models).",
                [
                    "They are written twice and often differ",
                    "They are written twice and checked by hand",
                    "Shared code is used where someone thought of it",
                    "A shared library is used for both",
                    "A feature store serves the same features to training and production",
                ],
                allow_na=True,
            ),
            scale(
                "id-pipelines",
                D.INFRA_DATA,
                "How are data pipelines built and run?",
                "",
                [
                    "Manual exports and one-off scripts",
                    "Scheduled scripts with no tests",
                    "Orchestrated pipelines, some with tests",
                    "Orchestrated, tested and versioned pipelines with owners",
                    "Orchestrated, tested pipelines with owners, service levels and lineage",
                ],
                required=True,
            ),
            scale(
                "id-quality",
                D.INFRA_DATA,
                "How is data quality checked?",
                "",
                [
                    "It is not; problems surface in the models",
                    "By hand, when something looks wrong",
                    "Automated checks on some key tables",
                    "Automated checks at most stages, with alerts",
                    "Automated checks everywhere stop bad data and alert its owner",
                ],
            ),
            scale(
                "id-access",
                D.INFRA_DATA,
                "How quickly can an ML practitioner get the data they need?",
                "",
                [
                    "Months, or never",
                    "Weeks, through tickets",
                    "Days",
                    "Hours, through a governed request",
                    "Minutes, through a self-service catalogue with access rules built in",
                ],
            ),
        ],
    },
    {
        "title": "Tools and self-service",
        "description": "Whether tools multiply the people you have: routine work should not wait for scarce experts.",
        "questions": [
            scale(
                "to-self-serve",
                D.TOOLS,
                "How much can model builders do without waiting for another team?",
                "Getting data and compute, training, deploying and monitoring.",
                [
                    "Nothing: every step needs a ticket",
                    "A little; most steps wait for someone",
                    "About half of the routine steps",
                    "Most routine steps",
                    "Everything routine, within guardrails",
                ],
                required=True,
            ),
            scale(
                "to-discoverability",
                D.TOOLS,
                "How easy is it to find existing code, models, features and data sets?",
                "",
                [
                    "You have to know whom to ask",
                    "Scattered across wikis and repositories",
                    "Some of it is catalogued",
                    "Most of it is catalogued and searchable",
                    "One searchable catalogue links code, models and data",
                ],
            ),
            scale(
                "to-debugging",
                D.TOOLS,
                "When a prediction is wrong, how easily can you trace it through code, model and data?",
                "",
                [
                    "Usually we cannot",
                    "With days of detective work",
                    "With effort, using logs from several systems",
                    "Logs link predictions to model versions and inputs",
                    "Any prediction can be traced to its model version, code and input data in minutes",
                ],
            ),
            q(
                "to-platform",
                D.TOOLS,
                K.YES_NO,
                "Does a team provide shared ML tools to the other teams, run as a product?",
                "Choose not applicable if there is only one small ML team.",
                weight=0.5,
                allow_na=True,
            ),
            scale(
                "to-platform-adoption",
                D.TOOLS,
                "How widely are the shared ML tools used?",
                "",
                [
                    "Hardly anyone uses them",
                    "A few teams use parts of them",
                    "About half of the teams use them",
                    "Most teams use them by default",
                    "They are the default path and teams ask for more",
                ],
                depends_on="to-platform",
                depends_on_values=[True],
            ),
        ],
    },
    {
        "title": "Ownership and KPIs",
        "description": "Who is answerable for what runs in production, and which numbers show that it works.",
        "questions": [
            scale(
                "ok-model-owners",
                D.OWNERSHIP,
                "Does each production model have a named owner answerable for how it behaves?",
                "",
                [
                    "No",
                    "Some models, informally",
                    "Most models have an owner",
                    "Every model has an owner",
                    "Every model has an owner and a backup, with written responsibilities",
                ],
                required=True,
            ),
            scale(
                "ok-product-kpis",
                D.OWNERSHIP,
                "How directly are the goals of ML work tied to product or business KPIs?",
                "",
                [
                    "Not at all",
                    "Loosely, in project proposals",
                    "Each project names the KPI it should move",
                    "Projects are measured against product KPIs after release",
                    "Product KPIs drive ML priorities and are reviewed regularly",
                ],
            ),
            scale(
                "ok-code-kpis",
                D.OWNERSHIP,
                "Do you track delivery KPIs for code?",
                "For example releases, bug fixes, features shipped, time to resolve incidents.",
                [
                    "None",
                    "Some, collected by hand now and then",
                    "Several, tracked regularly",
                    "Tracked and reviewed by the team",
                    "Tracked, reviewed and used to decide what to do next",
                ],
            ),
            scale(
                "ok-model-kpis",
                D.OWNERSHIP,
                "Do you track KPIs for models?",
                "For example model iterations shipped, quality in production, performance targets met.",
                [
                    "None",
                    "Some, collected by hand now and then",
                    "Several, tracked regularly",
                    "Tracked and reviewed by the team",
                    "Tracked, reviewed and used to decide what to do next",
                ],
            ),
            scale(
                "ok-data-kpis",
                D.OWNERSHIP,
                "Do you track KPIs for data?",
                "For example refresh frequency, number of data quality issues, time to get access.",
                [
                    "None",
                    "Some, collected by hand now and then",
                    "Several, tracked regularly",
                    "Tracked and reviewed by the team",
                    "Tracked, reviewed and used to decide what to do next",
                ],
            ),
        ],
    },
    {
        "title": "Planning and management",
        "description": "ML progress is uneven and hard to estimate; good practice plans for that.",
        "questions": [
            scale(
                "pm-estimation",
                D.PLANNING,
                "How are ML projects planned?",
                "",
                [
                    "With fixed deadlines, like ordinary software",
                    "With rough guesses that are usually missed",
                    "With milestones and an explicit note of the uncertainty",
                    "Each task has a chance of success and the plan changes as tasks stall",
                    "Plans are probabilistic, reviewed often, and leadership expects the uncertainty",
                ],
            ),
            scale(
                "pm-prioritisation",
                D.PLANNING,
                "How are ML use cases chosen?",
                "",
                [
                    "Whoever asks loudest",
                    "The ML lead decides alone",
                    "A list agreed with some stakeholders",
                    "A shared list ranked by value and effort",
                    "An open process weighing value, feasibility and cost, visible to all stakeholders",
                ],
                required=True,
            ),
            q(
                "pm-portfolio",
                D.PLANNING,
                K.YES_NO,
                "For hard problems, do you try several approaches in parallel rather than betting on one?",
                "",
            ),
            q(
                "pm-e2e-early",
                D.PLANNING,
                K.YES_NO,
                "Do new projects build a simple end-to-end version (data to prediction to user) early on?",
                "A working pipeline early shows integration problems before the model is polished.",
            ),
        ],
    },
    {
        "title": "Governance and safety",
        "description": "Checks that keep models lawful, fair and recoverable when they go wrong.",
        "questions": [
            scale(
                "gv-review",
                D.GOVERNANCE,
                "What review does a model get before it affects customers or decisions?",
                "",
                [
                    "None",
                    "An informal look by a colleague",
                    "A checklist for some models",
                    "A documented review for every model",
                    "A documented review of risk, fairness and security, scaled to the model's impact",
                ],
                required=True,
            ),
            q(
                "gv-regulated",
                D.GOVERNANCE,
                K.YES_NO,
                "Do any of your models make or support regulated decisions?",
                "For example credit, insurance, hiring or health decisions.",
                weight=0,
            ),
            q(
                "gv-protected-attributes",
                D.GOVERNANCE,
                K.YES_NO,
                "Do you check that regulated decisions do not rely on protected attributes, or on close stand-ins "
                "for them?",
                "For example age, gender or ethnicity, or a postcode that reveals them.",
                weight=1.5,
                depends_on="gv-regulated",
                depends_on_values=[True],
            ),
            scale(
                "gv-audit",
                D.GOVERNANCE,
                "For a past decision, can you show which model version made it and on what data?",
                "",
                [
                    "No",
                    "Only with a lot of digging",
                    "For some models",
                    "For most models",
                    "For every model, quickly",
                ],
            ),
            q(
                "gv-incidents",
                D.GOVERNANCE,
                K.YES_NO,
                "Is there an incident process for model failures?",
                "Who is called, how to roll back, and how to tell those affected.",
            ),
            q(
                "general-notes",
                D.CONTEXT,
                K.TEXT,
                "Is there anything else the readers of this assessment should know?",
                "",
                weight=0,
            ),
        ],
    },
]
