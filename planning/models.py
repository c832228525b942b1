"""What-if scenarios, targets, per-role planning settings and the record of applied scenarios.

A scenario never touches the real data: it is a list of typed changes (`ScenarioChange`) laid over
the organisation's current data when it is scored or forecast. Applying it to the real data is a
separate, recorded step (`ScenarioApplication`).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from orgs.models import TenantQuerySet

from .choices import SCORED_DIMENSION_CHOICES as DIMENSION_CHOICES
from .choices import ChangeKind, ScenarioScoringStatus


class Scenario(models.Model):
    """A named, saved set of changes on top of an organisation's current data."""

    TENANT_PATH = "organization"

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="scenarios")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    scoring_status = models.CharField(
        max_length=10, choices=ScenarioScoringStatus.choices, default=ScenarioScoringStatus.NONE
    )
    scoring_error = models.TextField(blank=True)
    scored_run = models.ForeignKey(
        "scoring.ScoringRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    baseline_run = models.ForeignKey(
        "scoring.ScoringRun",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The scoring of the real data the scenario was compared with.",
    )
    timeline = models.JSONField(
        default=dict,
        blank=True,
        help_text="The key figures today, at each dated step and at the end, stored with the scoring run it "
        'belongs to: {"run": scored_run id, "as_of", "baseline", "steps": [...], "maturity_varies"} '
        "(planning/engine/timeline.py).",
    )

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="scenario_unique_name_per_org")]

    def __str__(self):
        return self.name

    @property
    def is_applied(self) -> bool:
        return self.applied_at is not None


class ScenarioChange(models.Model):
    """One change of a scenario. Which fields matter depends on `kind` (see planning/services.py)."""

    TENANT_PATH = "scenario__organization"

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="changes")
    position = models.PositiveIntegerField(default=0, help_text="Changes are laid over the data in this order.")
    kind = models.CharField(max_length=16, choices=ChangeKind.choices)
    # References may disappear from the real data later; the change then stays, marked as stale.
    person = models.ForeignKey("orgs.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    to_person = models.ForeignKey("orgs.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    team = models.ForeignKey("orgs.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    to_team = models.ForeignKey("orgs.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    role = models.ForeignKey("roles.RoleTemplate", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    responsibility = models.ForeignKey(
        "roles.Responsibility", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opening = models.ForeignKey("orgs.Opening", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    people = models.ManyToManyField("orgs.Person", blank=True, related_name="+")
    level = models.CharField(max_length=12, blank=True)
    month = models.DateField(null=True, blank=True, help_text="First day of the month the change takes effect.")
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    fte = models.DecimalField(
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0.01), MaxValueValidator(1)],
    )
    label = models.CharField(max_length=300, help_text="What the change does, in words, as it was written.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["scenario", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ChangeKind.values), name="scenariochange_kind_valid"),
        ]

    def __str__(self):
        return self.label


class ScenarioApplication(models.Model):
    """The record of a scenario applied to the real data: who, when, and what each change did."""

    TENANT_PATH = "organization"

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.CASCADE, related_name="scenario_applications"
    )
    scenario = models.ForeignKey(
        Scenario, null=True, blank=True, on_delete=models.SET_NULL, related_name="applications"
    )
    scenario_name = models.CharField(max_length=200)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    applied_at = models.DateTimeField(auto_now_add=True)
    log = models.JSONField(default=list, blank=True, help_text='[{"change": label, "result": what was written}]')

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-applied_at", "-pk"]

    def __str__(self):
        return f"{self.scenario_name} applied {self.applied_at:%Y-%m-%d}"


class HeadcountTarget(models.Model):
    """How many people of a role the organisation (team empty) or a team aims to have."""

    TENANT_PATH = "organization"

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="headcount_targets")
    team = models.ForeignKey(
        "orgs.Team", null=True, blank=True, on_delete=models.CASCADE, related_name="headcount_targets"
    )
    role = models.ForeignKey("roles.RoleTemplate", on_delete=models.PROTECT, related_name="+")
    headcount = models.PositiveIntegerField(validators=[MaxValueValidator(100000)])
    due_on = models.DateField(null=True, blank=True, help_text="When the target should be reached.")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["team__name", "role__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "team", "role"],
                condition=Q(team__isnull=False),
                name="headcounttarget_unique_team_role",
            ),
            models.UniqueConstraint(
                fields=["organization", "role"],
                condition=Q(team__isnull=True),
                name="headcounttarget_unique_org_role",
            ),
        ]

    def __str__(self):
        return f"{self.headcount} x {self.role} in {self.team or 'the organisation'}"


class MaturityTarget(models.Model):
    """The maturity level (1-5) the organisation (team empty) or a team aims for in one dimension."""

    TENANT_PATH = "organization"

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="maturity_targets")
    team = models.ForeignKey(
        "orgs.Team", null=True, blank=True, on_delete=models.CASCADE, related_name="maturity_targets"
    )
    dimension = models.CharField(max_length=32, choices=DIMENSION_CHOICES)
    level = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["team__name", "dimension", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "team", "dimension"],
                condition=Q(team__isnull=False),
                name="maturitytarget_unique_team_dimension",
            ),
            models.UniqueConstraint(
                fields=["organization", "dimension"],
                condition=Q(team__isnull=True),
                name="maturitytarget_unique_org_dimension",
            ),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=5), name="maturitytarget_level_range"),
        ]

    def __str__(self):
        return f"{self.dimension} level {self.level} in {self.team or 'the organisation'}"


class RoleSetting(models.Model):
    """An organisation's own estimate for a role: cost per position and time to hire (empty = the catalog's)."""

    TENANT_PATH = "organization"

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="role_settings")
    role = models.ForeignKey("roles.RoleTemplate", on_delete=models.CASCADE, related_name="+")
    annual_cost = models.DecimalField(
        max_digits=10,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Estimated yearly cost of one position.",
    )
    months_to_hire = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0.1), MaxValueValidator(60)],
        help_text="Median months from opening a position to the hire starting.",
    )
    hire_time_spread = models.DecimalField(
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0.05), MaxValueValidator(2)],
        help_text="Spread of the time to hire (sigma of a log-normal distribution).",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["role__name"]
        constraints = [models.UniqueConstraint(fields=["organization", "role"], name="rolesetting_unique_org_role")]

    def __str__(self):
        return f"{self.role} in {self.organization}"
