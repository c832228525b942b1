"""Writes to the catalog: the default entries, and site staff's changes to single entries."""

from dataclasses import dataclass

from django.db import transaction

from teamplanner.exceptions import ForbiddenError, delete_checked, save_checked

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


# --- catalog entries (roles, responsibilities, skills, archetypes) ----------------------------------

STAFF_ONLY = "Only site staff can change the shared catalog."
CATALOG_CONFLICT = (
    "This change conflicts with data saved at the same moment (for example a duplicate name). Reload and try again."
)
CatalogEntry = RoleTemplate | Responsibility | Skill | Archetype


def _require_staff(user) -> None:
    if not (getattr(user, "is_authenticated", False) and user.is_staff):
        raise ForbiddenError(STAFF_ONLY)


def _save_entry(entry: CatalogEntry, fields: dict) -> CatalogEntry:
    many = {name: fields.pop(name) for name in list(fields) if entry._meta.get_field(name).many_to_many}
    for name, value in fields.items():
        setattr(entry, name, value)
    save_checked(entry, many=many, conflict=CATALOG_CONFLICT)
    return entry


def catalog_entry_create(*, user, model: type[CatalogEntry], **fields) -> CatalogEntry:
    """Add an entry to the shared catalog (site staff only); the model's rules decide what is valid."""
    _require_staff(user)
    return _save_entry(model(), fields)


def catalog_entry_update(*, user, entry: CatalogEntry, **fields) -> CatalogEntry:
    """Change a catalog entry (site staff only); its history records who changed it."""
    _require_staff(user)
    return _save_entry(entry, fields)


def catalog_entry_delete(*, user, entry: CatalogEntry) -> None:
    """Remove a catalog entry (site staff only); 409 while an organisation's data still refers to it."""
    _require_staff(user)
    delete_checked(entry.delete)
