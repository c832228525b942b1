"""Writes to the catalog."""

from dataclasses import dataclass

from django.db import transaction

from . import defaults
from .models import Archetype, Responsibility, RoleTemplate, Skill


@dataclass
class SeedReport:
    created: dict[str, int]

    def __str__(self):
        return ", ".join(f"{n} {k}" for k, n in self.created.items()) + " created"


@transaction.atomic
def catalog_seed() -> SeedReport:
    """Create the default catalog entries that are missing.

    Entries that already exist (matched by slug) are left exactly as they are, so running it
    again never overwrites what an administrator has edited.
    """
    created = {"skills": 0, "responsibilities": 0, "roles": 0, "archetypes": 0}
    for slug, name, description in defaults.SKILLS:
        _, new = Skill.objects.get_or_create(slug=slug, defaults={"name": name, "description": description})
        created["skills"] += new
    resp_by_slug = {}
    for slug, name, pillar, stage, description in defaults.RESPONSIBILITIES:
        obj, new = Responsibility.objects.get_or_create(
            slug=slug, defaults={"name": name, "pillar": pillar, "stage": stage, "description": description}
        )
        resp_by_slug[slug] = obj
        created["responsibilities"] += new
    for slug, name, category, family, months, spread, scarcity, cost, purpose, skills, resps in defaults.ROLES:
        obj, new = RoleTemplate.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "category": category,
                "family": family,
                "months_to_hire": months,
                "hire_time_spread": spread,
                "scarcity": scarcity,
                "annual_cost": cost,
                "purpose": purpose,
                "target_skills": skills,
            },
        )
        if new:
            obj.default_responsibilities.set([resp_by_slug[r] for r in resps if r in resp_by_slug])
        created["roles"] += new
    for number, slug, name, typical, ml_vs_eng, data_own, model_own, strengths, pains in defaults.ARCHETYPES:
        _, new = Archetype.objects.get_or_create(
            number=number,
            defaults={
                "slug": slug,
                "name": name,
                "typical_org": typical,
                "ml_vs_engineering": ml_vs_eng,
                "data_ownership": data_own,
                "model_ownership": model_own,
                "strengths": strengths,
                "pains": pains,
            },
        )
        created["archetypes"] += new
    return SeedReport(created=created)
