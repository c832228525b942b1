"""Small hand-built organisations for the pure scoring tests (no database)."""

from __future__ import annotations

from datetime import date

from scoring.engine import OrgInfo, ScoringInputs

# slug -> (name, family, months to hire), as in the default catalog
ROLES = {
    "ai-team-lead": ("AI Team Lead", "ml_support", 6.0),
    "ml-product-manager": ("ML Product Manager", "ml_support", 4.5),
    "ml-engineer": ("ML Engineer", "productioniser", 6.0),
    "mlops-engineer": ("MLOps Engineer", "productioniser", 7.5),
    "ml-researcher": ("ML Researcher", "builder", 6.5),
    "applied-scientist": ("Applied Scientist", "builder", 5.5),
    "data-scientist": ("Data Scientist", "builder", 4.2),
    "data-engineer": ("Data Engineer", "ml_support", 4.5),
    "devops-engineer": ("DevOps Engineer", "productioniser", 4.0),
    "infrastructure-engineer": ("Infrastructure Engineer", "productioniser", 4.0),
    "software-engineer": ("Software Engineer", "other", 3.5),
    "product-manager": ("Product Manager", "other", 3.0),
    "designer": ("Designer", "other", 3.0),
    "engineering-manager": ("Engineering Manager", "other", 4.0),
    "business-analyst": ("Business Analyst", "other", 3.0),
    "executive": ("Executive", "other", 5.0),
}
DIMENSIONS = (
    "mlops_level",
    "structure_leadership",
    "roles_responsibilities",
    "talent_hiring",
    "expertise_bottlenecks",
)


class OrgBuilder:
    """Build `ScoringInputs` by name: `b.team("ML")`, `b.person("Ann", "ML", "ml-engineer")`, ..."""

    def __init__(self, *, stage="enterprise", ml_focus="product", target_level=3, as_of=date(2026, 11, 1)):
        self.org = OrgInfo(
            id=1, name="Test org", slug="test", stage=stage, ml_focus=ml_focus, target_level=target_level
        )
        self.as_of = as_of
        self.ids: dict[tuple[str, str], int] = {}
        self.rows: dict[str, list[dict]] = {
            k: []
            for k in (
                "teams",
                "people",
                "responsibilities",
                "assignments",
                "systems",
                "system_owners",
                "system_deployers",
                "openings",
                "questions",
                "answers",
            )
        }

    def _new(self, kind: str, name: str) -> int:
        key = (kind, name)
        assert key not in self.ids, f"{kind} {name} exists"
        self.ids[key] = len(self.ids) + 100
        return self.ids[key]

    def id(self, kind: str, name: str) -> int:
        return self.ids[(kind, name)]

    def team(self, name, *, kind="central_ml", parent=None, lead=None, pillar="mixed") -> int:
        tid = self._new("team", name)
        self.rows["teams"].append(
            {
                "id": tid,
                "name": name,
                "kind": kind,
                "pillar": pillar,
                "parent_id": self.id("team", parent) if parent else None,
                "lead_id": self.id("person", lead) if lead else None,
            }
        )
        return tid

    def lead(self, team, person):
        for row in self.rows["teams"]:
            if row["name"] == team:
                row["lead_id"] = self.id("person", person)

    def person(self, name, team, role="ml-engineer", *, fte=1.0, manager=None) -> int:
        pid = self._new("person", name)
        role_name, family, _ = ROLES[role]
        self.rows["people"].append(
            {
                "id": pid,
                "name": name,
                "team_id": self.id("team", team),
                "role_slug": role,
                "role_name": role_name,
                "family": family,
                "fte": fte,
                "manager_id": self.id("person", manager) if manager else None,
            }
        )
        return pid

    def responsibility(self, slug, *, pillar="model", stage="build", name=None) -> int:
        rid = self._new("resp", slug)
        self.rows["responsibilities"].append(
            {
                "id": rid,
                "slug": slug,
                "name": name or slug.replace("-", " ").capitalize(),
                "pillar": pillar,
                "stage": stage,
            }
        )
        return rid

    def assign(self, person, slug, level="owner"):
        self.rows["assignments"].append(
            {"person_id": self.id("person", person), "responsibility_id": self.id("resp", slug), "level": level}
        )

    def system(self, name, team, *, stage="production", owners=(), deployers=()) -> int:
        sid = self._new("system", name)
        self.rows["systems"].append({"id": sid, "name": name, "team_id": self.id("team", team), "stage": stage})
        for p in owners:
            self.rows["system_owners"].append({"system_id": sid, "person_id": self.id("person", p)})
        for p in deployers:
            self.rows["system_deployers"].append({"system_id": sid, "person_id": self.id("person", p)})
        return sid

    def opening(self, role, team, *, opened_on=date(2026, 6, 1), status="open") -> int:
        oid = len(self.rows["openings"]) + 1
        role_name, family, months = ROLES[role]
        self.rows["openings"].append(
            {
                "id": oid,
                "role_slug": role,
                "role_name": role_name,
                "family": family,
                "team_id": self.id("team", team),
                "opened_on": opened_on,
                "status": status,
                "months_to_hire": months,
            }
        )
        return oid

    def question(
        self,
        code,
        *,
        dimension="mlops_level",
        kind="scale",
        weight=1.0,
        choices=None,
        section="Section",
        text=None,
        depends_on=None,
        depends_on_values=None,
    ) -> int:
        qid = self._new("question", code)
        self.rows["questions"].append(
            {
                "id": qid,
                "code": code,
                "text": text or f"Question {code}",
                "section": section,
                "dimension": dimension,
                "kind": kind,
                "weight": weight,
                "choices": choices or [],
                "depends_on_id": self.id("question", depends_on) if depends_on else None,
                "depends_on_values": depends_on_values or [],
            }
        )
        return qid

    def answer(self, code, value=None, *, na=False):
        self.rows["answers"].append({"question_id": self.id("question", code), "value": value, "not_applicable": na})

    def context(self, code, value):
        """A context question (not scored) answered with `value`."""
        kind = "yes_no" if isinstance(value, bool) else "single"
        choices = [] if kind == "yes_no" else [{"value": value, "label": value}]
        dimension = "context" if code.startswith("ctx-") else "expertise_bottlenecks"
        self.question(code, dimension=dimension, kind=kind, choices=choices, text=f"Claim {code}")
        self.answer(code, value)

    def build(self, **overrides) -> ScoringInputs:
        has_assessment = overrides.pop("has_assessment", bool(self.rows["questions"]))
        return ScoringInputs.build(
            org=self.org,
            as_of=self.as_of,
            has_assessment=has_assessment,
            dimensions=DIMENSIONS,
            dimension_labels={d: d.replace("_", " ").capitalize() for d in DIMENSIONS},
            **self.rows,
            **overrides,
        )


def kinds(result) -> list[str]:
    return [f.kind for f in result.findings]


def of_kind(result, kind):
    return [f for f in result.findings if f.kind == kind]


def names(refs) -> list[str]:
    return [r["name"] for r in refs]
