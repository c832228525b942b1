"""Writes for questionnaires and assessments: seeding and versioning templates, starting
assessments, saving answers without lost updates, and submitting.

Each service is one transaction. Permission rules live here so that pages, the API and scripts
obey the same ones: another organisation's objects are 404 (`Http404`), objects a member may
see but not change are `PermissionDenied`, broken domain rules are `ApplicationError`.
"""

import logging
import math
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.http import Http404
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from orgs.models import Membership, Organization, Team
from orgs.tenancy import OrgAccess
from outbox.services import outbox_enqueue
from teamplanner.exceptions import ApplicationError, ConflictError

from . import questionnaire_default as default
from .choices import SUBMITTED_STATES, AssessmentStatus, QuestionKind, TemplateStatus
from .models import Answer, Assessment, Question, QuestionnaireTemplate, Section, question_definition_errors
from .selectors import (
    assessment_can_edit,
    assessment_can_read,
    assessment_missing_required,
    assessment_open_draft,
    template_current,
    template_questions,
)

logger = logging.getLogger(__name__)

COMMENT_MAX = 5000
SCORE_TASK = "scoring.tasks.assessment_score_task"
TEXT_MAX = 5000


class AnswerConflictError(ConflictError):
    """The answer changed since the client read it. `current` is the stored answer (None if there is none)."""

    def __init__(self, current: Answer | None, *, user=None):
        if current is not None and current.updated_by_id and user is not None and current.updated_by_id == user.pk:
            who = "You changed this answer in another window since this page was loaded."
        elif current is not None and current.updated_by_id:
            name = current.updated_by.get_full_name() or current.updated_by.get_username()
            who = f"Someone else changed this answer since this page was loaded (last change by {name})."
        else:
            who = "Someone else changed this answer since this page was loaded."
        message = f"{who} The current answer is shown; your change was not saved."
        super().__init__(message, extra={"version": [message]})
        self.current = current


class DraftExistsError(ConflictError):
    """A draft of the same scope exists already. `assessment` is that draft."""

    def __init__(self, assessment: Assessment):
        scope = assessment.team.name if assessment.team_id else "the whole organisation"
        message = f"A draft assessment of {scope} is already open; continue it instead of starting another."
        super().__init__(message, extra={"team": [message]})
        self.assessment = assessment


# --- access -----------------------------------------------------------------------------------------


def _access(user, org_id: int, access: OrgAccess | None = None) -> OrgAccess:
    """The member's view of the organisation, or 404 for anyone who is not a member."""
    if access is not None and access.org.pk == org_id:
        return access
    if not getattr(user, "is_authenticated", False):
        raise Http404("No such organisation.")
    membership = Membership.objects.select_related("organization").filter(user=user, organization_id=org_id).first()
    if membership is None:
        raise Http404("No such organisation.")
    return OrgAccess(org=membership.organization, membership=membership)


def _require_edit(access: OrgAccess, assessment: Assessment) -> None:
    if not assessment_can_read(access=access, assessment=assessment):
        raise Http404("No such assessment.")
    if not assessment_can_edit(access=access, assessment=assessment):
        raise PermissionDenied("You may read this assessment but not change it.")


# --- templates --------------------------------------------------------------------------------------


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


# --- answer values ----------------------------------------------------------------------------------


def answer_value_clean(*, question: Question, value: Any) -> Any:
    """`value` checked against the question's kind and returned in the stored form (None = no answer).

    scale: int 0-4; yes_no: bool; single: a choice value; multiple: a list of choice values (each
    once, in the order of the choices); number: int or float within min/max; text: a stripped
    string (empty = no answer). Raises ApplicationError(extra={"value": [...]}) otherwise.
    """

    def bad(message: str):
        return ApplicationError(message, extra={"value": [message]})

    if value is None:
        return None
    kind = question.kind
    if kind == QuestionKind.SCALE:
        if isinstance(value, bool) or not isinstance(value, int | float) or value not in (0, 1, 2, 3, 4):
            raise bad("Choose a level from 0 to 4.")
        return int(value)
    if kind == QuestionKind.YES_NO:
        if not isinstance(value, bool):
            raise bad("Answer yes or no.")
        return value
    if kind == QuestionKind.SINGLE:
        if not isinstance(value, str) or value not in question.choice_values():
            raise bad("Choose one of the listed answers.")
        return value
    if kind == QuestionKind.MULTIPLE:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise bad("Choose from the listed answers.")
        allowed = question.choice_values()
        unknown = [v for v in value if v not in allowed]
        if unknown:
            raise bad(f"Not among the listed answers: {', '.join(unknown)}.")
        chosen = set(value)
        return [v for v in allowed if v in chosen]
    if kind == QuestionKind.NUMBER:
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            raise bad("Enter a number.")
        number = float(value)
        if not math.isfinite(number):
            raise bad("Enter a number.")
        if question.min_value is not None and number < question.min_value:
            raise bad(f"Enter a number of at least {question.min_value:g}.")
        if question.max_value is not None and number > question.max_value:
            raise bad(f"Enter a number of at most {question.max_value:g}.")
        return int(number) if number.is_integer() and abs(number) < 2**53 else number
    if kind == QuestionKind.TEXT:
        if not isinstance(value, str):
            raise bad("Enter some text.")
        text = value.strip()
        if len(text) > TEXT_MAX:
            raise bad(f"Keep the answer under {TEXT_MAX} characters.")
        return text or None
    raise bad("This question cannot be answered.")


def _comment_clean(comment: str | None) -> str | None:
    if comment is None:
        return None
    if not isinstance(comment, str):
        raise ApplicationError("The comment must be text.", extra={"comment": ["The comment must be text."]})
    comment = comment.strip()
    if len(comment) > COMMENT_MAX:
        message = f"Keep the comment under {COMMENT_MAX} characters."
        raise ApplicationError(message, extra={"comment": [message]})
    return comment


# --- assessments ------------------------------------------------------------------------------------


@transaction.atomic
def assessment_start(
    *,
    org: Organization,
    team: Team | None,
    user,
    template: QuestionnaireTemplate | None = None,
    prefill_from: Assessment | None = None,
    access: OrgAccess | None = None,
) -> Assessment:
    """Start a draft assessment of `team` (or of the whole organisation when `team` is None).

    Leads may start one for the teams they lead, admins for any team and for the organisation.
    `template` defaults to the current published version (of `prefill_from`'s questionnaire when
    given). `prefill_from` copies its answers and comments for every question whose code is in the
    new version and whose answer still fits. Raises DraftExistsError when the scope already has a
    draft, ApplicationError when there is no published questionnaire.
    """
    access = _access(user, org.pk, access)
    if team is not None and team.organization_id != org.pk:
        raise Http404("No such team.")
    if not access.can_edit_team(team):
        if team is None:
            raise PermissionDenied("Only organisation admins start an assessment of the whole organisation.")
        raise PermissionDenied("You can start assessments only of the teams you lead.")
    # Starts of one organisation go one at a time, so a scope never gets two drafts.
    Organization.objects.select_for_update().filter(pk=org.pk).first()
    draft = assessment_open_draft(org=org, team=team)
    if draft is not None:
        raise DraftExistsError(draft)
    if prefill_from is not None and (
        prefill_from.organization_id != org.pk or not assessment_can_read(access=access, assessment=prefill_from)
    ):
        raise Http404("No such assessment.")
    if template is None:
        slug = None
        if prefill_from is not None:
            slug = QuestionnaireTemplate.objects.filter(pk=prefill_from.template_id).values_list("slug", flat=True)[0]
        template = template_current(slug=slug) or template_current()
    if template is None:
        raise ApplicationError("There is no published questionnaire yet. Ask a site administrator to publish one.")
    if template.status != TemplateStatus.PUBLISHED:
        message = f"{template} is not a published questionnaire version."
        raise ApplicationError(message, extra={"template": [message]})
    assessment = Assessment.objects.create(
        organization=org, team=team, template=template, created_by=user, prefilled_from=prefill_from
    )
    if prefill_from is not None:
        _prefill(assessment=assessment, source=prefill_from, user=user)
    return assessment


def _prefill(*, assessment: Assessment, source: Assessment, user) -> int:
    questions = {q.code: q for q in template_questions(template=assessment.template_id)}
    copies = []
    for old in Answer.objects.filter(assessment=source).select_related("question"):
        question = questions.get(old.question.code)
        if question is None:
            continue
        not_applicable = old.not_applicable and question.allow_na
        try:
            value = None if not_applicable else answer_value_clean(question=question, value=old.value)
        except ApplicationError:
            value = None  # the question changed shape in the new version: ask it afresh
        if value is None and not not_applicable and not old.comment:
            continue
        copies.append(
            Answer(
                assessment=assessment,
                question=question,
                value=value,
                not_applicable=not_applicable,
                comment=old.comment,
                updated_by=user,
            )
        )
    Answer.objects.bulk_create(copies)
    return len(copies)


@transaction.atomic
def answer_save(
    *,
    assessment: Assessment,
    question: Question,
    user,
    value: Any,
    not_applicable: bool = False,
    comment: str | None = None,
    expected_version: int | None,
    access: OrgAccess | None = None,
) -> Answer:
    """Save one answer of a draft assessment and return it with its new version.

    `value` follows the answer contract (see `answer_value_clean`); `not_applicable=True` stores no
    value (only where the question allows it); `comment=None` keeps the stored comment.
    `expected_version` is the version the client last saw (0 for "no answer yet"); when the stored
    version differs and the stored answer is not already what the client sends, AnswerConflictError
    is raised carrying the current answer. `expected_version=None` skips the check (scripts only).
    Saving what is already stored changes nothing and raises no conflict.
    """
    locked = Assessment.objects.select_for_update().filter(pk=assessment.pk).first()
    if locked is None:
        raise Http404("No such assessment.")
    access = _access(user, locked.organization_id, access)
    _require_edit(access, locked)
    if locked.status != AssessmentStatus.DRAFT:
        raise ConflictError(
            f"This assessment was submitted ({locked.get_status_display().lower()}); its answers can no longer change.",
            extra={"status": [locked.status]},
        )
    if question.section.template_id != locked.template_id:
        raise ApplicationError(
            "This question is not part of the assessment's questionnaire.", extra={"question": [str(question.pk)]}
        )
    if not_applicable and not question.allow_na:
        message = "This question cannot be answered with 'not applicable'."
        raise ApplicationError(message, extra={"not_applicable": [message]})
    value = None if not_applicable else answer_value_clean(question=question, value=value)
    comment = _comment_clean(comment)

    current = Answer.objects.filter(assessment=locked, question=question).select_related("updated_by").first()
    stored_version = current.version if current else 0
    new_comment = (current.comment if current else "") if comment is None else comment
    if current is not None and (current.value, current.not_applicable, current.comment) == (
        value,
        bool(not_applicable),
        new_comment,
    ):
        return current
    if expected_version is not None and expected_version != stored_version:
        raise AnswerConflictError(current, user=user)

    now = timezone.now()
    if current is None:
        try:
            with transaction.atomic():
                answer = Answer.objects.create(
                    assessment=locked,
                    question=question,
                    value=value,
                    not_applicable=bool(not_applicable),
                    comment=new_comment,
                    updated_by=user,
                    version=1,
                )
        except IntegrityError:  # another request created it a moment ago
            stored = Answer.objects.select_related("updated_by").get(assessment=locked, question=question)
            raise AnswerConflictError(stored, user=user)
    else:
        changed = Answer.objects.filter(pk=current.pk, version=stored_version).update(
            value=value,
            not_applicable=bool(not_applicable),
            comment=new_comment,
            updated_by=user,
            updated_at=now,
            version=F("version") + 1,
        )
        if not changed:
            current.refresh_from_db()
            raise AnswerConflictError(current, user=user)
        answer = Answer.objects.select_related("updated_by").get(pk=current.pk)
    Assessment.objects.filter(pk=locked.pk).update(updated_at=now)
    return answer


@transaction.atomic
def assessment_submit(*, assessment: Assessment, user, access: OrgAccess | None = None) -> Assessment:
    """Lock a draft assessment, record who submitted it and when, and queue its scoring after commit.

    Raises ApplicationError when required questions (among those shown) are unanswered; `extra`
    maps each missing question's code to a message. Raises ConflictError when it is not a draft.
    """
    locked = Assessment.objects.select_for_update().filter(pk=assessment.pk).first()
    if locked is None:
        raise Http404("No such assessment.")
    access = _access(user, locked.organization_id, access)
    _require_edit(access, locked)
    if locked.status != AssessmentStatus.DRAFT:
        raise ConflictError("This assessment has already been submitted.", extra={"status": [locked.status]})
    missing = assessment_missing_required(assessment=locked)
    if missing:
        raise ApplicationError(
            f"{len(missing)} required question{'s are' if len(missing) != 1 else ' is'} not answered yet.",
            extra={q.code: [f"Required: {q.text}"] for q in missing},
        )
    now = timezone.now()
    locked.status = AssessmentStatus.SUBMITTED
    locked.status_message = "Waiting for scoring."
    locked.submitted_by = user
    locked.submitted_at = now
    locked.save(update_fields=["status", "status_message", "submitted_by", "submitted_at", "updated_at"])
    # The dispatch is written with the submission: when the broker is down the outbox row waits
    # for the periodic flush, so a recorded submission is always scored once the broker is back.
    outbox_enqueue(task_name=SCORE_TASK, args=[locked.pk])
    return locked


@transaction.atomic
def assessment_rescore(*, assessment: Assessment, user, access: OrgAccess | None = None) -> Assessment:
    """Queue the scoring of a submitted assessment again, with the current org data, through the outbox.

    Raises ConflictError when the assessment has not been submitted yet.
    """
    access = _access(user, assessment.organization_id, access)
    if not assessment_can_read(access=access, assessment=assessment):
        raise Http404("No such assessment.")
    if assessment.status not in SUBMITTED_STATES:
        raise ConflictError(
            "Only a submitted assessment can be scored; submit it first.", extra={"status": [assessment.status]}
        )
    outbox_enqueue(task_name=SCORE_TASK, args=[assessment.pk])
    return assessment
