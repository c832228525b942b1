"""Assessments: starting one (pre-filled from an earlier one), submitting it, and queueing its scoring."""

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from orgs.models import Organization, Team
from orgs.tenancy import OrgAccess
from outbox.services import outbox_enqueue
from teamplanner.exceptions import ApplicationError, ConflictError, ForbiddenError

from ..choices import SUBMITTED_STATES, AssessmentStatus, TemplateStatus
from ..models import Answer, Assessment, QuestionnaireTemplate
from ..selectors import (
    assessment_can_read,
    assessment_missing_required,
    assessment_open_draft,
    template_current,
    template_questions,
)
from .access import org_access, require_edit
from .answers import answer_value_clean

# By name: scoring is built on assessments, not the other way round.
SCORE_TASK = "scoring.tasks.assessment_score_task"


class DraftExistsError(ConflictError):
    """A draft of the same scope exists already. `assessment` is that draft."""

    def __init__(self, assessment: Assessment):
        scope = assessment.team.name if assessment.team_id else "the whole organisation"
        message = f"A draft assessment of {scope} is already open; continue it instead of starting another."
        super().__init__(message, extra={"team": [message]})
        self.assessment = assessment


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
    access = org_access(user, org.pk, access)
    if team is not None and team.organization_id != org.pk:
        raise Http404("No such team.")
    if not access.can_edit_team(team):
        if team is None:
            raise ForbiddenError("Only organisation admins start an assessment of the whole organisation.")
        raise ForbiddenError("You can start assessments only of the teams you lead.")
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
def assessment_submit(*, assessment: Assessment, user, access: OrgAccess | None = None) -> Assessment:
    """Lock a draft assessment, record who submitted it and when, and queue its scoring after commit.

    Raises ApplicationError when required questions (among those shown) are unanswered; `extra`
    maps each missing question's code to a message. Raises ConflictError when it is not a draft.
    """
    locked = Assessment.objects.select_for_update().filter(pk=assessment.pk).first()
    if locked is None:
        raise Http404("No such assessment.")
    access = org_access(user, locked.organization_id, access)
    require_edit(access, locked)
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

    Raises ForbiddenError for a member who may not edit it, ConflictError when it has not been
    submitted yet.
    """
    access = org_access(user, assessment.organization_id, access)
    require_edit(access, assessment)  # those who may submit it may score it again
    if assessment.status not in SUBMITTED_STATES:
        raise ConflictError(
            "Only a submitted assessment can be scored; submit it first.", extra={"status": [assessment.status]}
        )
    outbox_enqueue(task_name=SCORE_TASK, args=[assessment.pk])
    return assessment
