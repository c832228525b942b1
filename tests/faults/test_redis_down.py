"""Redis stops while a lead submits: the submission is recorded, and scoring happens once Redis is back.

The submit writes the assessment's new state and a task-outbox row in one transaction; sending the
task after commit fails while the broker is down, so the row stays unsent. When Redis is back (empty:
the restart lost everything it held), the worker and beat reconnect by themselves, beat's periodic
outbox flush sends the task and the worker scores the assessment, once. Everything runs as in
production, through the outage: gunicorn, a Celery worker and beat, on a redis-server of the test's own.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/tp_faults .venv/bin/pytest tests/faults --create-db
"""

import re

import pytest
import requests

from assessments.choices import AssessmentStatus
from assessments.models import Assessment, Question
from assessments.services import answer_save, assessment_start
from outbox.models import OutboxMessage
from scoring.choices import RunStatus
from scoring.models import ScoringRun
from tests.faults.conftest import wait_for
from tests.scoring.scoring_db import contract_questionnaire, risky_org

pytestmark = [pytest.mark.worker, pytest.mark.slow]

PASSWORD = "lead-pass-4711"


@pytest.fixture
def lead_draft(org, make_member):
    risky = risky_org(org)
    lead = make_member(org, "lead", teams=[risky.ml], username="lena", password=PASSWORD)
    template = contract_questionnaire()
    draft = assessment_start(org=org, team=risky.ml, user=lead, template=template)
    for question in Question.objects.filter(section__template=template, kind="scale"):
        answer_save(assessment=draft, question=question, user=lead, value=3, expected_version=0)
    return lead, draft


def _csrf(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def _logged_in(base: str) -> requests.Session:
    session = requests.Session()
    form = session.get(f"{base}/accounts/login/", timeout=30)
    response = session.post(
        f"{base}/accounts/login/",
        {"username": "lena", "password": PASSWORD, "csrfmiddlewaretoken": _csrf(form.text)},
        timeout=30,
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:500]
    return session


def test_a_submit_while_redis_is_down_is_scored_when_it_is_back(stack, org, lead_draft):
    lead, draft = lead_draft
    base = stack.web()
    stack.worker("worker")
    stack.beat()
    session = _logged_in(base)
    review_url = f"{base}/o/{org.slug}/assessments/{draft.pk}/review/"

    stack.redis.stop()
    # Signing in and reading pages do not need Redis either (the log-in limit lives in the cache).
    assert _logged_in(base).get(f"{base}/o/{org.slug}/", timeout=30).status_code == 200
    review = session.get(review_url, timeout=30)
    assert review.status_code == 200
    response = session.post(
        f"{base}/o/{org.slug}/assessments/{draft.pk}/submit/",
        {"csrfmiddlewaretoken": _csrf(review.text)},
        headers={"Referer": review_url},
        timeout=60,
    )
    # The lead sees the submission accepted, on the assessment's page, as on any other day.
    assert response.status_code == 200 and response.url.endswith(f"/assessments/{draft.pk}/")
    assert "Submitted. The assessment is locked and queued for scoring." in response.text
    assert 'data-status="submitted"' in response.text

    draft.refresh_from_db()
    assert draft.status == AssessmentStatus.SUBMITTED and draft.submitted_by == lead
    message = OutboxMessage.objects.get(task_name="scoring.tasks.assessment_score_task", args=[draft.pk])
    assert message.sent_at is None and message.attempts >= 1 and message.last_error
    assert not ScoringRun.objects.filter(assessment=draft).exists()

    stack.redis.start()  # back, and empty; the worker and beat were running all along

    wait_for(
        lambda: Assessment.objects.values_list("status", flat=True).get(pk=draft.pk) == AssessmentStatus.SCORED,
        timeout=180,
        what="the assessment to be scored after Redis came back",
    )
    runs = list(ScoringRun.objects.filter(assessment=draft))
    assert len(runs) == 1 and runs[0].status == RunStatus.DONE
    message.refresh_from_db()
    assert message.sent_at is not None
    assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 0
    page = session.get(f"{base}/o/{org.slug}/assessments/{draft.pk}/", timeout=30)
    assert 'data-status="scored"' in page.text
