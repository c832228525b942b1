"""Scoring services: run the pure engine on an organisation's data and store the results.

Idempotent: a run is keyed by the organisation, the assessment, the scope, the scoring version and
a fingerprint of the inputs, so scoring the same inputs twice yields one result set.
"""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.utils import timezone

from assessments.choices import SUBMITTED_STATES, AssessmentStatus
from assessments.models import Assessment
from orgs.models import Organization, Person, Team
from orgs.tenancy import OrgAccess
from outbox.services import outbox_enqueue
from teamplanner.exceptions import ApplicationError, ForbiddenError
from teamplanner.tasks import TRANSIENT_ERRORS

from .choices import RunStatus
from .engine import SCORING_VERSION, ScoringInputs, score_org
from .models import ScoringRun
from .selectors import idempotency_key, inputs_digest, load_inputs, save_result

logger = logging.getLogger(__name__)

ASSESSMENT_SCORE_TASK = "scoring.tasks.assessment_score_task"
ORG_SCORE_TASK = "scoring.tasks.org_score_task"


class ScoringFailed(ApplicationError):
    """Scoring could not finish; the run and the assessment say why."""


def _user_message(exc: Exception) -> str:
    if isinstance(exc, ApplicationError):
        return exc.message
    return (
        "Scoring failed because of an unexpected error while computing the results "
        f"({type(exc).__name__}). Nothing was lost: the answers and the org data are unchanged. "
        "Try again later, and tell an administrator if it happens again."
    )


def _claim_run(
    *, key: str, org: Organization, assessment, team_id, scenario, inputs_at, template_version
) -> ScoringRun:
    """The run for `key`, created if new; a run that failed or was interrupted is taken up again."""
    defaults = {
        "organization": org,
        "assessment": assessment,
        "team_id": team_id,
        "scenario": scenario,
        "status": RunStatus.RUNNING,
        "scoring_version": SCORING_VERSION,
        "template_version": template_version,
        "inputs_at": inputs_at,
    }
    try:
        with transaction.atomic():
            run, created = ScoringRun.objects.get_or_create(idempotency_key=key, defaults=defaults)
    except IntegrityError:  # another worker created it between our get and create
        run, created = ScoringRun.objects.get(idempotency_key=key), False
    if not created and run.status != RunStatus.DONE:
        ScoringRun.objects.filter(pk=run.pk).exclude(status=RunStatus.DONE).update(status=RunStatus.RUNNING, error="")
        run.refresh_from_db()
    return run


def _fail_run(run: ScoringRun, message: str) -> None:
    ScoringRun.objects.filter(pk=run.pk).exclude(status=RunStatus.DONE).update(
        status=RunStatus.FAILED, error=message, finished_at=timezone.now()
    )


def org_score(
    *,
    org: Organization,
    assessment: Assessment | None = None,
    scenario_inputs: ScoringInputs | None = None,
    scenario=None,
) -> ScoringRun:
    """Score `org`'s current data (with `assessment`, if given) and store a done `ScoringRun`.

    `scenario_inputs` replaces the data read from the database (what-if scenarios of planning);
    `scenario` links the run to a saved scenario. Returns the existing run when these exact inputs
    were scored before. Raises ScoringFailed (the run is marked failed with the message) on a
    domain or programming error; transient database/broker errors propagate so a task can retry.
    """
    if assessment is not None and assessment.organization_id != org.pk:
        raise ApplicationError("The assessment belongs to another organisation.")
    if scenario_inputs is not None:
        inputs = scenario_inputs
        inputs_at = getattr(scenario, "updated_at", None) or (
            Organization.objects.values_list("data_changed_at", flat=True).get(pk=org.pk)
        )
        template_version = ""
    else:
        loaded = load_inputs(org=org, assessment=assessment)
        inputs, inputs_at, template_version = loaded.inputs, loaded.inputs_at, loaded.template_version
    team_id = assessment.team_id if assessment is not None else None
    key = idempotency_key(
        org_id=org.pk,
        assessment_id=assessment.pk if assessment else None,
        team_id=team_id,
        scenario_id=scenario.pk if scenario is not None else None,
        version=SCORING_VERSION,
        inputs_at=inputs_at,
        digest=inputs_digest(inputs),
    )
    run = _claim_run(
        key=key,
        org=org,
        assessment=assessment,
        team_id=team_id,
        scenario=scenario,
        inputs_at=inputs_at,
        template_version=template_version,
    )
    if run.status == RunStatus.DONE:
        return run
    try:
        result = score_org(inputs)
        team_ids = set(Team.objects.filter(organization=org).values_list("pk", flat=True))
        with transaction.atomic():
            locked = ScoringRun.objects.select_for_update().get(pk=run.pk)
            if locked.status == RunStatus.DONE:  # a concurrent worker finished first
                return locked
            return save_result(run=locked, result=result, team_ids=team_ids)
    except TRANSIENT_ERRORS:
        raise
    except Exception as exc:
        logger.exception("Scoring run %s of organisation %s failed", run.pk, org.pk)
        message = _user_message(exc)
        _fail_run(run, message)
        raise ScoringFailed(message) from exc


def latest_submitted_assessment(*, org: Organization) -> Assessment | None:
    """The organisation-wide assessment submitted last, if any."""
    return (
        Assessment.objects.for_org(org)
        .filter(team__isnull=True, status__in=SUBMITTED_STATES, submitted_at__isnull=False)
        .select_related("template")
        .order_by("-submitted_at", "-pk")
        .first()
    )


def assessment_score(*, assessment_id: int) -> ScoringRun:
    """Score a submitted assessment: submitted -> scoring -> scored (or failed, with a message)."""
    assessment = Assessment.objects.select_related("organization", "template", "team").filter(pk=assessment_id).first()
    if assessment is None:
        raise ApplicationError("This assessment does not exist any more.")
    if assessment.status not in SUBMITTED_STATES:
        raise ApplicationError("Only a submitted assessment can be scored.", extra={"status": [assessment.status]})
    if assessment.status != AssessmentStatus.SCORED:
        Assessment.objects.filter(pk=assessment.pk).update(
            status=AssessmentStatus.SCORING, status_message="Scoring is under way."
        )
    try:
        run = org_score(org=assessment.organization, assessment=assessment)
    except TRANSIENT_ERRORS:
        raise
    except ApplicationError as exc:
        Assessment.objects.filter(pk=assessment.pk).update(status=AssessmentStatus.FAILED, status_message=exc.message)
        raise ScoringFailed(exc.message) from exc
    level = f"overall level {run.overall_level}" if run.overall_level else "no maturity level (nothing scored)"
    Assessment.objects.filter(pk=assessment.pk).update(
        status=AssessmentStatus.SCORED,
        status_message=f"Scored with scoring version {run.scoring_version}: {level}.",
    )
    return run


def org_rescore(*, org_id: int) -> ScoringRun | None:
    """Score an organisation's current data with its latest submitted organisation-wide assessment."""
    org = Organization.objects.filter(pk=org_id).first()
    if org is None:
        return None
    return org_score(org=org, assessment=latest_submitted_assessment(org=org))


def scoring_mark_failed(*, message: str, assessment_id: int | None = None, org_id: int | None = None) -> None:
    """Mark unfinished runs (and the assessment) failed, e.g. when every retry of a task failed."""
    runs = ScoringRun.objects.filter(status__in=[RunStatus.PENDING, RunStatus.RUNNING])
    if assessment_id is not None:
        runs.filter(assessment_id=assessment_id).update(
            status=RunStatus.FAILED, error=message, finished_at=timezone.now()
        )
        Assessment.objects.filter(
            pk=assessment_id, status__in=[AssessmentStatus.SUBMITTED, AssessmentStatus.SCORING]
        ).update(status=AssessmentStatus.FAILED, status_message=message)
    elif org_id is not None:
        runs.filter(organization_id=org_id, team__isnull=True, scenario__isnull=True).update(
            status=RunStatus.FAILED, error=message, finished_at=timezone.now()
        )


def orgs_to_rescore() -> list[int]:
    """Organisations with people whose data changed after their latest organisation-wide score (or never scored)."""
    last = (
        ScoringRun.objects.filter(
            organization=OuterRef("pk"), team__isnull=True, scenario__isnull=True, status=RunStatus.DONE
        )
        .order_by("-inputs_at")
        .values("inputs_at")[:1]
    )
    return list(
        Organization.objects.annotate(last_inputs_at=Subquery(last))
        .filter(Exists(Person.objects.filter(organization=OuterRef("pk"))))
        .filter(Q(last_inputs_at__isnull=True) | Q(data_changed_at__gt=F("last_inputs_at")))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def assessments_waiting() -> list[int]:
    """Submitted assessments that no scoring has taken up (e.g. a dispatch that was lost)."""
    return list(
        Assessment.objects.filter(status=AssessmentStatus.SUBMITTED)
        .exclude(Exists(ScoringRun.objects.filter(assessment=OuterRef("pk"))))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def assessment_score_enqueue(*, assessment_id: int) -> None:
    """Queue the scoring of an assessment through the outbox, in the caller's transaction."""
    with transaction.atomic():
        outbox_enqueue(task_name=ASSESSMENT_SCORE_TASK, args=[assessment_id])


def org_score_enqueue(*, org_id: int) -> None:
    """Queue the scoring of an organisation's current data through the outbox, in the caller's transaction."""
    with transaction.atomic():
        outbox_enqueue(task_name=ORG_SCORE_TASK, args=[org_id])


ONLY_ADMINS_RESCORE = "Only an admin of this organisation can have it scored again."


def org_rescore_request(*, access: OrgAccess) -> None:
    """A member asks for the organisation to be scored again now: admins only (scoring otherwise follows
    every submit, change and applied scenario by itself)."""
    if not access.is_admin:
        raise ForbiddenError(ONLY_ADMINS_RESCORE)
    org_score_enqueue(org_id=access.org.pk)


@transaction.atomic
def rescore_changed_enqueue() -> dict[str, list[int]]:
    """Queue, through the outbox, the scoring of every organisation whose data changed since its last
    score and of every submission no scoring has taken up; returns their ids {"orgs": [..], "assessments": [..]}.

    A scoring still waiting in the outbox (the broker is down) is not queued a second time.
    """
    orgs = orgs_to_rescore()
    waiting = assessments_waiting()
    for org_id in orgs:
        outbox_enqueue(task_name=ORG_SCORE_TASK, args=[org_id], unless_waiting=True)
    for assessment_id in waiting:
        outbox_enqueue(task_name=ASSESSMENT_SCORE_TASK, args=[assessment_id], unless_waiting=True)
    return {"orgs": orgs, "assessments": waiting}
