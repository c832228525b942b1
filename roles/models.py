"""The catalog shared by every organisation: role templates, responsibilities, skills, archetypes.

Entries are edited by site administrators in the Django admin; every change is kept by
django-simple-history so it can be inspected and reverted.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from .choices import LifecycleStage, Pillar, RoleCategory, RoleFamily, Scarcity


class Skill(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Responsibility(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=150, unique=True)
    pillar = models.CharField(max_length=10, choices=Pillar.choices)
    stage = models.CharField(max_length=12, choices=LifecycleStage.choices)
    description = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "responsibilities"

    def __str__(self):
        return self.name


class RoleTemplate(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100, unique=True)
    category = models.CharField(max_length=24, choices=RoleCategory.choices)
    family = models.CharField(
        max_length=16,
        choices=RoleFamily.choices,
        default=RoleFamily.OTHER,
        help_text="Which family scoring counts this role in (builders, productionisers, ...).",
    )
    purpose = models.TextField(blank=True)
    target_skills = models.JSONField(
        default=dict, blank=True, help_text='Target level 0-4 per skill slug, e.g. {"ml-expertise": 3}.'
    )
    default_responsibilities = models.ManyToManyField(Responsibility, blank=True, related_name="role_templates")
    months_to_hire = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        default=3,
        validators=[MinValueValidator(0.1), MaxValueValidator(60)],
        help_text="Median months from opening a position to the hire starting.",
    )
    hire_time_spread = models.DecimalField(
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.40"),
        validators=[MinValueValidator(0.01), MaxValueValidator(2)],
        help_text="Spread of the time to hire (sigma of a log-normal distribution).",
    )
    scarcity = models.CharField(max_length=10, choices=Scarcity.choices, default=Scarcity.MEDIUM)
    annual_cost = models.DecimalField(
        max_digits=10,
        decimal_places=0,
        default=100000,
        validators=[MinValueValidator(0)],
        help_text="Estimated yearly cost of one position.",
    )
    history = HistoricalRecords(m2m_fields=[default_responsibilities])

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(months_to_hire__gt=0), name="role_months_to_hire_positive"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if not isinstance(self.target_skills, dict):
            raise ValidationError({"target_skills": "Enter an object of skill slug to level."})
        known = set(Skill.objects.values_list("slug", flat=True))
        for slug, level in self.target_skills.items():
            if known and slug not in known:
                raise ValidationError({"target_skills": f"Unknown skill '{slug}'."})
            if not isinstance(level, int) or not 0 <= level <= 4:
                raise ValidationError({"target_skills": f"Level for '{slug}' must be a whole number 0-4."})


class Archetype(models.Model):
    number = models.PositiveSmallIntegerField(unique=True, validators=[MinValueValidator(1), MaxValueValidator(5)])
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100)
    typical_org = models.TextField(blank=True)
    ml_vs_engineering = models.TextField(blank=True)
    data_ownership = models.TextField(blank=True)
    model_ownership = models.TextField(blank=True)
    strengths = models.TextField(blank=True)
    pains = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.name}"
