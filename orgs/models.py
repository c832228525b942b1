"""Organisations and their people, teams, responsibilities, ML systems and openings.

Every tenant table reaches its organisation through `TENANT_PATH`; `TenantQuerySet.for_user`
(the one door, see orgs/tenancy.py) limits rows to the organisations a user belongs to.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from .choices import (
    AssignmentLevel,
    HeadcountBand,
    ImportRunStatus,
    MembershipRole,
    MLFocus,
    OpeningStatus,
    Stage,
    SystemStage,
    TeamKind,
    TeamPillar,
)


class TenantQuerySet(models.QuerySet):
    def for_user(self, user):
        """Rows of the organisations `user` is a member of; nothing for anonymous users."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        path = self.model.TENANT_PATH
        prefix = f"{path}__" if path else ""
        return self.filter(**{f"{prefix}memberships__user": user})

    def for_org(self, org):
        path = self.model.TENANT_PATH
        return self.filter(**({path: org} if path else {"pk": org.pk}))


class Organization(models.Model):
    TENANT_PATH = ""

    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True, max_length=60)
    industry = models.CharField(max_length=100, blank=True)
    headcount_band = models.CharField(max_length=12, choices=HeadcountBand.choices, default=HeadcountBand.S)
    stage = models.CharField(max_length=16, choices=Stage.choices, default=Stage.STARTUP_LARGE)
    ml_focus = models.CharField(max_length=10, choices=MLFocus.choices, default=MLFocus.PRODUCT)
    target_level = models.PositiveSmallIntegerField(
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="The maturity level (1-5) the organisation aims for; the dashboard shows the gap.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    data_changed_at = models.DateTimeField(default=timezone.now, help_text="Last change to the org's data.")

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Membership(models.Model):
    TENANT_PATH = "organization"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=MembershipRole.choices, default=MembershipRole.VIEWER)
    teams = models.ManyToManyField(
        "Team", blank=True, related_name="lead_memberships", help_text="Teams this member leads (with their sub-teams)."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organization"], name="membership_unique_user_org")]

    def __str__(self):
        return f"{self.user} in {self.organization} ({self.role})"

    @property
    def is_admin(self):
        return self.role == MembershipRole.ADMIN


class Invitation(models.Model):
    """An admin's offer of membership to an existing account; it becomes a Membership when its owner accepts."""

    TENANT_PATH = "organization"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(max_length=10, choices=MembershipRole.choices, default=MembershipRole.VIEWER)
    teams = models.ManyToManyField("Team", blank=True, related_name="+", help_text="Teams a lead will lead.")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organization"], name="invitation_unique_user_org")]

    def __str__(self):
        return f"{self.user} invited to {self.organization} ({self.role})"


class Team(models.Model):
    TENANT_PATH = "organization"

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=150)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children")
    kind = models.CharField(max_length=12, choices=TeamKind.choices, default=TeamKind.OTHER)
    pillar = models.CharField(max_length=6, choices=TeamPillar.choices, default=TeamPillar.MIXED)
    lead = models.ForeignKey("Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="led_teams")
    description = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="team_unique_name_per_org"),
            models.CheckConstraint(condition=~models.Q(parent=models.F("pk")), name="team_not_own_parent"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.parent_id:
            if self.parent.organization_id != self.organization_id:
                raise ValidationError({"parent": "The parent team must belong to the same organisation."})
            seen = {self.pk} if self.pk else set()
            node = self.parent
            while node is not None:
                if node.pk in seen:
                    raise ValidationError({"parent": "A team cannot be its own ancestor."})
                seen.add(node.pk)
                node = node.parent
        if self.lead_id and self.lead.organization_id != self.organization_id:
            raise ValidationError({"lead": "The lead must be a person of the same organisation."})


class Person(models.Model):
    TENANT_PATH = "organization"

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="people")
    email = models.EmailField()
    name = models.CharField(max_length=200)
    team = models.ForeignKey(Team, on_delete=models.RESTRICT, related_name="members")
    role = models.ForeignKey("roles.RoleTemplate", on_delete=models.PROTECT, related_name="people")
    manager = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports")
    fte = models.DecimalField(
        max_digits=3, decimal_places=2, default=1, validators=[MinValueValidator(0.01), MaxValueValidator(1)]
    )
    start_date = models.DateField(null=True, blank=True)
    location = models.CharField(max_length=100, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(Lower("email"), "organization", name="person_unique_email_per_org"),
            models.CheckConstraint(condition=models.Q(fte__gt=0, fte__lte=1), name="person_fte_range"),
            models.CheckConstraint(condition=~models.Q(manager=models.F("pk")), name="person_not_own_manager"),
        ]

    def __str__(self):
        return self.name

    def clean_fields(self, exclude=None):
        self.email = (self.email or "").strip().lower()
        super().clean_fields(exclude=exclude)

    def clean(self):
        if self.team_id and self.team.organization_id != self.organization_id:
            raise ValidationError({"team": "The team must belong to the same organisation."})
        if self.manager_id:
            if self.manager.organization_id != self.organization_id:
                raise ValidationError({"manager": "The manager must belong to the same organisation."})
            seen = {self.pk} if self.pk else set()
            node = self.manager
            while node is not None:
                if node.pk in seen:
                    raise ValidationError({"manager": "This manager would create a reporting cycle."})
                seen.add(node.pk)
                node = node.manager


class PersonSkill(models.Model):
    TENANT_PATH = "person__organization"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey("roles.Skill", on_delete=models.PROTECT, related_name="person_skills")
    level = models.PositiveSmallIntegerField(validators=[MaxValueValidator(4)])

    objects = TenantQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "skill"], name="personskill_unique"),
            models.CheckConstraint(condition=models.Q(level__gte=0, level__lte=4), name="personskill_level_range"),
        ]

    def __str__(self):
        return f"{self.person}: {self.skill} {self.level}"


class Assignment(models.Model):
    TENANT_PATH = "person__organization"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="assignments")
    responsibility = models.ForeignKey("roles.Responsibility", on_delete=models.PROTECT, related_name="assignments")
    level = models.CharField(max_length=12, choices=AssignmentLevel.choices)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "responsibility"], name="assignment_unique"),
            models.CheckConstraint(condition=models.Q(level__in=AssignmentLevel.values), name="assignment_level_valid"),
        ]

    def __str__(self):
        return f"{self.person} {self.level} of {self.responsibility}"


class MLSystem(models.Model):
    TENANT_PATH = "organization"

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="systems")
    name = models.CharField(max_length=200)
    team = models.ForeignKey(Team, on_delete=models.RESTRICT, related_name="systems")
    stage = models.CharField(max_length=12, choices=SystemStage.choices, default=SystemStage.IDEA)
    domain = models.CharField(max_length=100, blank=True)
    description = models.TextField(blank=True)
    owners = models.ManyToManyField(Person, blank=True, related_name="owned_systems")
    deployers = models.ManyToManyField(Person, blank=True, related_name="deployable_systems")
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "ML system"
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="mlsystem_unique_name_per_org"),
            models.CheckConstraint(condition=models.Q(stage__in=SystemStage.values), name="mlsystem_stage_valid"),
        ]

    def __str__(self):
        return self.name


class Opening(models.Model):
    TENANT_PATH = "organization"

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="openings")
    role = models.ForeignKey("roles.RoleTemplate", on_delete=models.PROTECT, related_name="openings")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="openings")
    opened_on = models.DateField()
    status = models.CharField(max_length=10, choices=OpeningStatus.choices, default=OpeningStatus.OPEN)
    filled_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["opened_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(filled_on__isnull=True) | models.Q(filled_on__gte=models.F("opened_on")),
                name="opening_filled_after_opened",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=OpeningStatus.FILLED) | models.Q(filled_on__isnull=False),
                name="opening_filled_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.role} in {self.team} ({self.status})"

    def clean(self):
        if self.filled_on and self.opened_on and self.filled_on < self.opened_on:
            raise ValidationError({"filled_on": "An opening cannot be filled before it was opened."})
        if self.status == OpeningStatus.FILLED and not self.filled_on:
            raise ValidationError({"filled_on": "A filled opening needs the date it was filled."})


class ImportRun(models.Model):
    """One uploaded workbook: kept from the dry run until an admin confirms it, with its report."""

    TENANT_PATH = "organization"

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="import_runs")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="import_runs"
    )
    filename = models.CharField(max_length=255)
    content = models.BinaryField(help_text="The uploaded file, kept until the import is applied.")
    status = models.CharField(max_length=10, choices=ImportRunStatus.choices, default=ImportRunStatus.CHECKED)
    report = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ImportRunStatus.values), name="importrun_status_valid"
            ),
        ]

    def __str__(self):
        return f"{self.filename} ({self.get_status_display()})"
