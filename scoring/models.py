"""Scoring runs of an organisation's data, their dimension scores and findings."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from assessments.choices import Dimension
from orgs.models import TenantQuerySet

from .choices import RunStatus, Severity


class ScoringRun(models.Model):
    """One scoring of an organisation's data (and, when there is one, a submitted assessment)."""

    TENANT_PATH = "organization"

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="scoring_runs")
    assessment = models.ForeignKey(
        "assessments.Assessment", null=True, blank=True, on_delete=models.CASCADE, related_name="scoring_runs"
    )
    team = models.ForeignKey(
        "orgs.Team",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The team the assessment was about, if any.",
    )
    scenario = models.ForeignKey(
        "planning.Scenario", null=True, blank=True, on_delete=models.CASCADE, related_name="scoring_runs"
    )
    idempotency_key = models.CharField(
        max_length=200, unique=True, help_text="Same inputs, same key: a second run is a no-op."
    )
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.PENDING)
    error = models.TextField(blank=True)
    scoring_version = models.CharField(max_length=20)
    template_version = models.CharField(max_length=100, blank=True)
    inputs_at = models.DateTimeField(help_text="When the scored data last changed.")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    overall_level = models.PositiveSmallIntegerField(null=True, blank=True)
    overall_score = models.FloatField(null=True, blank=True)
    truck_factor = models.PositiveIntegerField(null=True, blank=True)
    archetype = models.PositiveSmallIntegerField(null=True, blank=True)
    current_structure = models.CharField(max_length=32, blank=True)
    recommended_structure = models.CharField(max_length=32, blank=True)
    summary = models.JSONField(
        default=dict, blank=True, help_text="Classification reasons, design choices and chart-ready metrics."
    )

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organization", "status", "-created_at"], name="scoringrun_org_status_idx")]

    def __str__(self):
        return f"Scoring of {self.organization} #{self.pk} ({self.status})"


class DimensionScore(models.Model):
    TENANT_PATH = "run__organization"

    run = models.ForeignKey(ScoringRun, on_delete=models.CASCADE, related_name="dimension_scores")
    dimension = models.CharField(max_length=32, choices=Dimension.choices)
    score = models.FloatField(null=True, help_text="0-1, or empty when nothing in the dimension was answered.")
    level = models.PositiveSmallIntegerField(null=True, validators=[MinValueValidator(1), MaxValueValidator(5)])
    answered = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    evidence = models.JSONField(default=list, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["run", "dimension"]
        constraints = [models.UniqueConstraint(fields=["run", "dimension"], name="dimscore_unique")]

    def __str__(self):
        return f"{self.dimension}: level {self.level}"


class Finding(models.Model):
    TENANT_PATH = "run__organization"

    run = models.ForeignKey(ScoringRun, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(max_length=40)
    severity = models.CharField(max_length=10, choices=Severity.choices)
    title = models.CharField(max_length=300)
    detail = models.TextField(blank=True)
    evidence = models.JSONField(
        default=dict, blank=True, help_text="Ids and names of the people, teams, systems and responsibilities involved."
    )
    recommendation = models.TextField(blank=True)
    team = models.ForeignKey("orgs.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    impact = models.PositiveSmallIntegerField(default=1)
    effort = models.PositiveSmallIntegerField(default=1)
    rank = models.PositiveIntegerField(default=0, help_text="1 = do this first.")

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["run", "rank", "pk"]
        indexes = [models.Index(fields=["run", "rank"], name="finding_run_rank_idx")]

    def __str__(self):
        return self.title
