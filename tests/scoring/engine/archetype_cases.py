"""The case table: small organisations, four or more per archetype, each with the archetype, current structure
and recommended structure it should get, and why.

The archetypes follow "Full Stack Deep Learning, Lecture 13: ML Teams and Startups" (FSDL below): who does ML,
where they sit, whom they report to, what reaches production, typical industries and sizes. Structures follow
"Hasty, How to organize ML teams" (Hasty below): by size, and research vs implementation.

Notation: teams are (name, kind, parent, lead); people are (name, team, role, manager, count) with the last two
optional (a count above 1 numbers the names); systems are (team, {stage: count}).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .builders import OrgBuilder


@dataclass(frozen=True)
class Case:
    key: str
    title: str
    industry: str
    stage: str
    focus: str
    teams: tuple
    people: tuple
    systems: tuple
    archetype: int
    current: str
    recommended: str
    why: str
    answers: dict = field(default_factory=dict)
    borderline: str = ""

    def build(self):
        b = OrgBuilder(stage=self.stage, ml_focus=self.focus)
        for name, kind, parent, _ in self.teams:
            b.team(name, kind=kind, parent=parent)
        for row in self.people:
            name, team, role, *rest = row
            manager, count = (rest[0] if rest else None), (rest[1] if len(rest) > 1 else 1)
            for i in range(1, count + 1):
                b.person(f"{name}{i}" if count > 1 else name, team, role, manager=manager)
        for name, _, _, lead in self.teams:
            if lead:
                b.lead(name, lead)
        for team, stages in self.systems:
            for stage, n in stages.items():
                for i in range(n):
                    b.system(f"{team} {stage} {i + 1}", team, stage=stage)
        for code, value in self.answers.items():
            b.context(code, value)
        return b.build()


CEO = ("Board", "other", None, "Ceo")
CEO_P = ("Ceo", "Board", "executive")

# fmt: off
NASCENT = [
    Case(
        "n-bi-pair",
        "Logistics firm: two data scientists inside the BI team",
        "logistics",
        "enterprise",
        "product",
        (CEO, ("Finance & BI", "data", "Board", "Bea")),
        (CEO_P, ("Bea", "Finance & BI", "business-analyst", "Ceo"),
         ("Ana", "Finance & BI", "business-analyst", "Bea", 3), ("Ds", "Finance & BI", "data-scientist", "Bea", 2)),
        (("Finance & BI", {"prototype": 1}),),
        1, "centralized", "centralized",
        "FSDL: a less technology-forward company (logistics) where a couple of people do ML ad hoc inside BI, "
        "nothing in production, no ML lead. Two people are too few to split (Hasty), so they stay together.",
    ),
    Case(
        "n-it-school",
        "School group: a data scientist and a data engineer in IT",
        "education",
        "enterprise",
        "product",
        (CEO, ("IT", "other", "Board", "Ivo")),
        (CEO_P, ("Ivo", "IT", "engineering-manager", "Ceo"), ("Sys", "IT", "software-engineer", "Ivo", 4),
         ("Dora", "IT", "data-scientist", "Ivo"), ("Eli", "IT", "data-engineer", "Ivo")),
        (),
        1, "centralized", "centralized",
        "FSDL: education is a typical nascent industry; ML happens inside IT, no systems yet. The advice is where to "
        "put the two first, whom they report to and whom to hire, not how to split them.",
    ),
    Case(
        "n-retail-scattered",
        "Retail chain: three data scientists doing ML in three business functions",
        "retail",
        "enterprise",
        "product",
        (CEO, ("Marketing", "other", "Board", None), ("Supply chain", "other", "Board", None),
         ("Finance", "other", "Board", None)),
        (CEO_P, ("Mia", "Marketing", "data-scientist", "Ceo"), ("Sam", "Supply chain", "data-scientist", "Ceo"),
         ("Fay", "Finance", "data-scientist", "Ceo")),
        (("Marketing", {"mvp": 1}), ("Supply chain", {"prototype": 1})),
        1, "decentralized", "centralized",
        "FSDL: ad hoc ML scattered over functions, little in production, no lead. With three people the move is to "
        "bring them together in one small team with a mission (Hasty: talent density; Petuum: a clear mission).",
    ),
    Case(
        "n-issue-insurer",
        "Insurance broker: two data scientists and two data engineers in the data team, reporting into BI",
        "insurance brokerage",
        "enterprise",
        "product",
        (CEO, ("Data", "data", "Board", "Dan")),
        (CEO_P, ("Dan", "Data", "business-analyst", "Ceo"), ("Ds", "Data", "data-scientist", "Dan", 2),
         ("De", "Data", "data-engineer", "Dan", 2)),
        (("Data", {"prototype": 2}),),
        1, "centralized", "centralized",
        "FSDL: a less technology-forward firm doing ad hoc ML in its data team with nothing in production; the "
        "assessment confirms ML reports into BI. Four FTE counted once, the same number in structure and archetype.",
        answers={"ctx-ml-reports-to": "it-or-bi", "ctx-path-to-production": "none", "ctx-model-ownership": "none"},
        borderline="Strong data engineering for its size (a division signal) is outweighed by where ML sits.",
    ),
    Case(
        "n-elearning-solo",
        "Small e-learning company: one data scientist in the product team",
        "education technology",
        "startup-small",
        "product",
        (("Product", "product", None, "Pia"),),
        (("Pia", "Product", "engineering-manager"), ("Dev", "Product", "software-engineer", "Pia", 4),
         ("Dina", "Product", "data-scientist", "Pia")),
        (("Product", {"prototype": 1}),),
        1, "decentralized", "decentralized",
        "FSDL: one person doing ML ad hoc in a small company with nothing in production. Hasty: a small startup keeps "
        "ML in the product team, so the advice is what to hire next, not a move.",
        borderline="Sitting in a product team is a product-embedded signal; it ties with nascent and the tie goes "
        "to the lower archetype because nothing runs in production.",
    ),
]
# fmt: on

# fmt: off
RND = [
    Case(
        "r-telecom-lab",
        "Telecom operator: a research lab under the CTO",
        "telecommunications",
        "enterprise",
        "research",
        (CEO, ("CTO office", "other", "Board", "Cto"), ("Research Lab", "research", "CTO office", "Rita")),
        (CEO_P, ("Cto", "CTO office", "executive", "Ceo"), ("Rita", "Research Lab", "ml-researcher", "Cto"),
         ("Res", "Research Lab", "ml-researcher", "Rita", 6), ("App", "Research Lab", "applied-scientist", "Rita")),
        (("Research Lab", {"prototype": 6, "production": 1}),),
        2, "centralized", "hybrid",
        "FSDL: telecom, ML centred in an R&D arm of researchers, prototypes, little production, no data engineers. "
        "Hasty: an enterprise is usually best served by a research core plus units that apply ML.",
    ),
    Case(
        "r-energy-answers",
        "Oil and gas company: R&D centre with research first and no data ownership",
        "oil and gas",
        "enterprise",
        "research",
        (CEO, ("R&D", "other", "Board", "Vic"), ("ML Research", "research", "R&D", "Hal")),
        (CEO_P, ("Vic", "R&D", "engineering-manager", "Ceo"), ("Hal", "ML Research", "ai-team-lead", "Vic"),
         ("Res", "ML Research", "ml-researcher", "Hal", 4), ("Ds", "ML Research", "data-scientist", "Hal", 2)),
        (("ML Research", {"prototype": 3}),),
        2, "centralized", "hybrid",
        "FSDL: energy, research over engineering, no data ownership, models rarely deployed; the ML lead sits two "
        "levels below the top, in the R&D arm.",
        answers={"ctx-research-vs-engineering": "research", "ctx-data-ownership": "none",
                 "ctx-model-ownership": "none", "ctx-path-to-production": "none"},
    ),
    Case(
        "r-manufacturer-small",
        "Manufacturer: a small applied research group",
        "manufacturing",
        "enterprise",
        "research",
        (CEO, ("Applied Research", "research", "Board", "Rob")),
        (CEO_P, ("Rob", "Applied Research", "ml-researcher", "Ceo"),
         ("Res", "Applied Research", "ml-researcher", "Rob", 2),
         ("Dee", "Applied Research", "data-scientist", "Rob")),
        (("Applied Research", {"prototype": 4}),),
        2, "centralized", "centralized",
        "FSDL: manufacturing R&D with researchers and prototypes only. With four people a hybrid is out of reach: "
        "keep them together with a clear function (Hasty).",
        borderline="The research lead reports to the CEO (a division signal), but nothing is in production.",
    ),
    Case(
        "r-deeptech-startup",
        "Deep-tech startup pushing the state of the art",
        "AI research",
        "startup-small",
        "research",
        (CEO, ("Research", "research", "Board", "Rae")),
        (CEO_P, ("Rae", "Research", "ml-researcher", "Ceo"), ("Res", "Research", "ml-researcher", "Rae", 3),
         ("Mle", "Research", "ml-engineer", "Rae")),
        (("Research", {"prototype": 5, "mvp": 1}),),
        2, "centralized", "centralized",
        "Hasty: an R&D-heavy startup concentrates its ML people in one team. FSDL: researchers, prototypes, no data "
        "engineers.",
        borderline="A startup rather than a large company, but R&D in every other respect.",
    ),
    Case(
        "r-utility-handoff",
        "Utility: research team whose models IT rebuilds for production",
        "energy",
        "enterprise",
        "research",
        (CEO, ("Research", "research", "Board", "Uma"), ("IT", "other", "Board", None)),
        (CEO_P, ("Uma", "Research", "ai-team-lead", "Ceo"), ("Res", "Research", "ml-researcher", "Uma", 4),
         ("Ds", "Research", "data-scientist", "Uma", 2), ("Ivan", "IT", "ml-engineer", "Ceo"),
         ("Ops", "IT", "software-engineer", "Ceo", 3)),
        (("Research", {"prototype": 6}), ("IT", {"production": 1})),
        2, "centralized", "hybrid",
        "FSDL: research rarely reaches production; another team rebuilds what does (a hand-off). The lone ML "
        "engineer in IT counts where he sits, with everyone else.",
        answers={"ctx-path-to-production": "handoff", "ctx-research-vs-engineering": "research"},
        borderline="The lead reports to the CEO, a division signal, but research and prototypes dominate.",
    ),
]
# fmt: on
