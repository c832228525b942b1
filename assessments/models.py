"""Questionnaire templates and assessment runs with their answers.

A published template version is frozen: assessments keep pointing at the version they
were started on, and a change is made by publishing a new version.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from orgs.models import TenantQuerySet

from .choices import AssessmentStatus, Dimension, QuestionKind, TemplateStatus


class QuestionnaireTemplate(models.Model):
    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)
    version = models.PositiveIntegerField(default=1)
    status = models.CharField(max_length=10, choices=TemplateStatus.choices, default=TemplateStatus.DRAFT)
    description = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["slug", "-version"]
        constraints = [models.UniqueConstraint(fields=["slug", "version"], name="template_unique_version")]

    def __str__(self):
        return f"{self.name} v{self.version}"

    @property
    def is_frozen(self) -> bool:
        """Published and archived versions never change; a change is a new version."""
        return self.status != TemplateStatus.DRAFT

    def clean(self):
        if self.pk:
            stored = QuestionnaireTemplate.objects.filter(pk=self.pk).values("status", "slug", "version").first()
            if stored and stored["status"] != TemplateStatus.DRAFT:
                raise ValidationError(
                    f"Version {stored['version']} is {stored['status']} and cannot change; "
                    "publish a new version and edit that instead."
                )


def _frozen_error(template_id) -> ValidationError | None:
    """An error when the template (read from the database) is no longer a draft."""
    if not template_id:
        return None
    status = QuestionnaireTemplate.objects.filter(pk=template_id).values_list("status", flat=True).first()
    if status and status != TemplateStatus.DRAFT:
        return ValidationError(
            "This questionnaire version is published and cannot change; publish a new version and edit that instead."
        )
    return None


class Section(models.Model):
    template = models.ForeignKey(QuestionnaireTemplate, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["template", "order", "pk"]

    def __str__(self):
        return self.title

    def clean(self):
        error = _frozen_error(self.template_id)
        if error is None and self.pk:
            # Moving a section out of a frozen template changes that template too.
            old = Section.objects.filter(pk=self.pk).values_list("template_id", flat=True).first()
            error = _frozen_error(old)
        if error:
            raise error


class Question(models.Model):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    code = models.SlugField(max_length=80, help_text="Stable key, unique within the template (used by scoring).")
    order = models.PositiveIntegerField(default=0)
    text = models.TextField()
    help_text = models.TextField(blank=True)
    dimension = models.CharField(max_length=32, choices=Dimension.choices)
    kind = models.CharField(max_length=10, choices=QuestionKind.choices)
    weight = models.DecimalField(max_digits=4, decimal_places=2, default=1, validators=[MinValueValidator(0)])
    required = models.BooleanField(default=True)
    allow_na = models.BooleanField("allow 'not applicable'", default=False)
    choices = models.JSONField(
        default=list,
        blank=True,
        help_text='For single/multiple choice: [{"value": "a", "label": "...", "score": 0.0-1.0}, ...].',
    )
    scale_labels = models.JSONField(default=list, blank=True, help_text="For a 0-4 scale: five labels, level 0 first.")
    min_value = models.FloatField(null=True, blank=True)
    max_value = models.FloatField(null=True, blank=True)
    depends_on = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="dependents")
    depends_on_values = models.JSONField(
        default=list, blank=True, help_text="Show this question only when the other answer is one of these."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["section__order", "order", "pk"]

    def __str__(self):
        return f"{self.code}: {self.text[:60]}"

    @property
    def is_scored(self) -> bool:
        """Whether the answer counts toward maturity (see the scoring contract)."""
        return (
            self.weight > 0
            and self.kind not in (QuestionKind.NUMBER, QuestionKind.TEXT)
            and self.dimension != Dimension.CONTEXT
        )

    def choice_values(self) -> list[str]:
        return [c.get("value") for c in self.choices if isinstance(c, dict)]

    def clean(self):
        section = Section.objects.filter(pk=self.section_id).values("template_id").first() if self.section_id else None
        template_id = section["template_id"] if section else None
        error = _frozen_error(template_id)
        if error is None and self.pk:
            old = Question.objects.filter(pk=self.pk).values_list("section__template_id", flat=True).first()
            error = _frozen_error(old)
        if error:
            raise error
        errors = question_definition_errors(self, template_id=template_id)
        if errors:
            raise ValidationError(errors)


def question_definition_errors(
    question: "Question", *, template_id: int | None, siblings: "list[Question] | None" = None
) -> dict[str, list[str]]:
    """What is wrong with a question's definition, by field (empty when it is fine).

    `siblings` are the template's questions (this one included or not); when given, codes and
    dependencies are checked against them without querying the database.
    """
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    kind = question.kind
    if kind == QuestionKind.SCALE:
        labels = question.scale_labels
        labels_ok = isinstance(labels, list) and len(labels) == 5
        if not labels_ok or not all(isinstance(x, str) and x.strip() for x in labels):
            add("scale_labels", "A 0-4 scale needs five labels, level 0 first.")
    choices = question.choices
    if not isinstance(choices, list):
        add("choices", "Choices must be a list.")
        choices = []
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) and len(choices) < 2:
        add("choices", "A choice question needs at least two choices.")
    if choices and kind not in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.YES_NO):
        add("choices", "Only choice and yes/no questions have choices.")
    seen = set()
    needs_score = (
        question.dimension != Dimension.CONTEXT
        and kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
        and question.weight is not None
        and question.weight > 0
    )
    for choice in choices:
        if not isinstance(choice, dict) or not isinstance(choice.get("value"), str) or not choice.get("value"):
            add("choices", 'Every choice needs a text "value".')
            continue
        value = choice["value"]
        if kind == QuestionKind.YES_NO and value not in ("yes", "no"):
            add("choices", 'The choices of a yes/no question can only score "yes" and "no".')
        if value in seen:
            add("choices", f'The choice value "{value}" appears twice.')
        seen.add(value)
        score = choice.get("score")
        if score is None:
            if needs_score:
                add("choices", f'The choice "{value}" needs a score between 0 and 1.')
        elif isinstance(score, bool) or not isinstance(score, int | float) or not 0 <= score <= 1:
            add("choices", f'The score of "{value}" must be a number between 0 and 1.')
    if question.min_value is not None and question.max_value is not None and question.min_value > question.max_value:
        add("max_value", "The maximum must not be below the minimum.")
    if not isinstance(question.depends_on_values, list):
        add("depends_on_values", "Must be a list of answer values.")

    if siblings is None and template_id:
        siblings = list(
            Question.objects.filter(section__template_id=template_id).only("pk", "code", "depends_on_id", "section_id")
        )
    siblings = [s for s in (siblings or []) if s.pk is None or s.pk != question.pk]
    if question.depends_on_id:
        parents = {s.pk: s.depends_on_id for s in siblings}
        if question.pk and question.depends_on_id == question.pk:
            add("depends_on", "A question cannot depend on itself.")
        elif question.depends_on_id not in parents:
            add("depends_on", "A question can only depend on a question of the same questionnaire version.")
        elif question.pk:
            node, steps = question.depends_on_id, 0
            while node and steps <= len(parents):
                if node == question.pk:
                    add("depends_on", "These dependencies go round in a circle.")
                    break
                node, steps = parents.get(node), steps + 1
    if question.code and any(s.code == question.code for s in siblings):
        add("code", f'The code "{question.code}" is already used in this questionnaire version.')
    return errors


class Assessment(models.Model):
    TENANT_PATH = "organization"

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="assessments")
    team = models.ForeignKey(
        "orgs.Team",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="assessments",
        help_text="Empty for an assessment of the whole organisation.",
    )
    template = models.ForeignKey(QuestionnaireTemplate, on_delete=models.PROTECT, related_name="assessments")
    title = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT)
    status_message = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    prefilled_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organization", "status", "submitted_at"])]

    def __str__(self):
        scope = self.team.name if self.team_id else "whole organisation"
        return self.title or f"Assessment of {scope}"

    @property
    def is_locked(self) -> bool:
        return self.status != AssessmentStatus.DRAFT


class Answer(models.Model):
    TENANT_PATH = "assessment__organization"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.JSONField(null=True, blank=True)
    not_applicable = models.BooleanField(default=False)
    comment = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1, help_text="Raised on every save; guards against lost updates.")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "question"], name="answer_unique_per_question")]

    def __str__(self):
        return f"{self.question.code} = {self.value!r}"
