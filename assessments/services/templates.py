"""Questionnaire templates: publishing a version, copying it into the next one, seeding the default."""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from teamplanner.exceptions import ApplicationError, ConflictError

from .. import questionnaire_default as default
from ..choices import TemplateStatus
from ..models import Question, QuestionnaireTemplate, Section, question_definition_errors
from ..selectors import template_current, template_questions


def template_problems(*, template: QuestionnaireTemplate) -> dict[str, list[str]]:
    """What stops `template` from being published, by question code ("" for the template itself)."""
    questions = list(Question.objects.filter(section__template=template).order_by("section__order", "order", "pk"))
    problems: dict[str, list[str]] = {}
    if not questions:
        problems[""] = ["A questionnaire needs at least one question."]
    for question in questions:
        errors = question_definition_errors(question, template_id=template.pk, siblings=questions)
        if errors:
            problems[question.code] = [f"{field}: {msg}" for field, msgs in errors.items() for msg in msgs]
    return problems


@transaction.atomic
def template_publish(*, template: QuestionnaireTemplate) -> QuestionnaireTemplate:
    """Publish a draft version: it becomes the version new assessments use and is frozen from now on.

    Older published versions of the same questionnaire are archived; assessments already started
    on them keep their version. Raises ApplicationError when a question is not well defined.
    """
    template = QuestionnaireTemplate.objects.select_for_update().get(pk=template.pk)
    if template.status != TemplateStatus.DRAFT:
        raise ConflictError(f"Version {template.version} is already {template.get_status_display().lower()}.")
    problems = template_problems(template=template)
    if problems:
        if "" in problems:
            message = f"Version {template.version} cannot be published: {problems[''][0]}"
        else:
            message = (
                f"Version {template.version} cannot be published: {len(problems)} question(s) need fixing "
                f"({', '.join(sorted(problems))})."
            )
        raise ApplicationError(message, extra=problems)
    older = QuestionnaireTemplate.objects.filter(slug=template.slug, status=TemplateStatus.PUBLISHED)
    for old in older.exclude(pk=template.pk):
        old.status = TemplateStatus.ARCHIVED
        old.save(update_fields=["status"])
    template.status = TemplateStatus.PUBLISHED
    template.published_at = timezone.now()
    template.save(update_fields=["status", "published_at"])
    return template


@transaction.atomic
def template_new_version(*, template: QuestionnaireTemplate) -> QuestionnaireTemplate:
    """Copy `template` into the next version number as an editable draft (sections, questions, dependencies).

    Raises ConflictError when a draft of this questionnaire already exists: edit that one instead.
    """
    source = QuestionnaireTemplate.objects.select_for_update().get(pk=template.pk)
    draft = QuestionnaireTemplate.objects.filter(slug=source.slug, status=TemplateStatus.DRAFT).first()
    if draft is not None:
        raise ConflictError(
            f"Version {draft.version} of this questionnaire is already a draft; edit and publish that one.",
            extra={"version": [str(draft.version)]},
        )
    latest = QuestionnaireTemplate.objects.filter(slug=source.slug).aggregate(v=Max("version"))["v"] or 0
    copy = QuestionnaireTemplate.objects.create(
        slug=source.slug,
        name=source.name,
        version=latest + 1,
        status=TemplateStatus.DRAFT,
        description=source.description,
    )
    questions = template_questions(template=source)
    section_map: dict[int, Section] = {}
    for section in Section.objects.filter(template=source).order_by("order", "pk"):
        section_map[section.pk] = Section.objects.create(
            template=copy, order=section.order, title=section.title, description=section.description
        )
    copied = ("code", "order", "text", "help_text", "dimension", "kind", "weight", "required", "allow_na")
    copied += ("choices", "scale_labels", "min_value", "max_value", "depends_on_values")
    question_map: dict[int, Question] = {}
    for question in questions:  # a dependency may point forwards: link them once all exist
        question_map[question.pk] = Question.objects.create(
            section=section_map[question.section_id], **{name: getattr(question, name) for name in copied}
        )
    for question in questions:
        if question.depends_on_id in question_map:
            new = question_map[question.pk]
            new.depends_on = question_map[question.depends_on_id]
            new.save(update_fields=["depends_on"])
    return copy


def questionnaire_default_seed() -> QuestionnaireTemplate:
    """The default questionnaire, created and published as version 1 when it does not exist yet.

    Idempotent and cheap when it exists: returns the newest published version (or the newest
    version, when an administrator has archived them all) without changing anything.
    """
    existing = _default_template()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return _default_create()
    except IntegrityError:  # created concurrently by another process
        return _default_template()


def _default_template() -> QuestionnaireTemplate | None:
    return template_current(slug=default.DEFAULT_SLUG) or (
        QuestionnaireTemplate.objects.filter(slug=default.DEFAULT_SLUG).order_by("-version").first()
    )


def _default_create() -> QuestionnaireTemplate:
    template = QuestionnaireTemplate.objects.create(
        slug=default.DEFAULT_SLUG, name=default.NAME, description=default.DESCRIPTION, version=1
    )
    sections = [
        Section(template=template, order=i, title=s["title"], description=s.get("description", ""))
        for i, s in enumerate(default.SECTIONS, start=1)
    ]
    sections = bulk_create_with_history(sections, Section)
    if any(s.pk is None for s in sections):  # databases that do not return ids from bulk inserts
        sections = list(Section.objects.filter(template=template).order_by("order"))
    by_code: dict[str, Question] = {}
    later: list[tuple[Question, dict]] = []
    for section, spec in zip(sections, default.SECTIONS, strict=True):
        for order, data in enumerate(spec["questions"], start=1):
            fields = {k: v for k, v in data.items() if k not in ("depends_on",)}
            fields["weight"] = Decimal(str(fields["weight"]))
            question = Question(section=section, order=order, **fields)
            by_code[question.code] = question
            later.append((question, data))
    independent = [qn for qn, data in later if not data.get("depends_on")]
    dependent = [qn for qn, data in later if data.get("depends_on")]
    _bulk_questions(independent, template)
    for question, data in later:
        if data.get("depends_on"):
            question.depends_on = by_code[data["depends_on"]]
    _bulk_questions(dependent, template)
    return template_publish(template=template)


def _bulk_questions(questions: list[Question], template: QuestionnaireTemplate) -> None:
    created = bulk_create_with_history(questions, Question)
    if any(q.pk is None for q in created):
        pks = dict(Question.objects.filter(section__template=template).values_list("code", "pk"))
        for q in questions:
            q.pk = pks[q.code]
