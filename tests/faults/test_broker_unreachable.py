"""The broker cannot be reached while people submit and rescore: every request answers at once, the
dispatch waits in the outbox, and the periodic flush sends it once the broker is back.

Two real kinds of outage, no mocks: nothing listens on the broker's port (connection refused), and a
socket that accepts connections but never answers (a hung or firewalled host). The test then starts a
redis-server on that very port and runs the flush, as beat does every OUTBOX_FLUSH_SECONDS, and finds
the messages on the broker's queue. Runs in-process: the tasks are only sent here, not run.
"""

import json
import shutil
import socket
import time

import pytest
from django.db import transaction
from django.urls import reverse
from rest_framework.test import APIClient

from assessments.choices import AssessmentStatus
from assessments.models import Assessment
from assessments.services import assessment_start
from outbox.models import OutboxMessage
from outbox.services import outbox_flush
from outbox.tasks import outbox_flush_task
from scoring.services import ASSESSMENT_SCORE_TASK, ORG_SCORE_TASK
from tests.faults.conftest import ARTIFACTS, RedisServer, free_port
from tests.scoring.scoring_db import contract_questionnaire, risky_org, submitted_assessment

pytestmark = pytest.mark.django_db(transaction=True)

FAST = 1.0  # seconds: a request that waits on the broker takes 20 s or never ends


class Outage:
    """The broker's address while it cannot be reached; `back()` starts a redis-server there."""

    def __init__(self, kind: str, name: str):
        self.kind = kind
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.silent: socket.socket | None = None
        if kind == "silent":  # the kernel completes the handshake; nobody ever reads or answers
            self.silent = socket.socket()
            self.silent.bind(("127.0.0.1", self.port))
            self.silent.listen(64)
        self.redis = RedisServer(name, port=self.port)

    def back(self):
        if self.silent is not None:
            self.silent.close()
            self.silent = None
        self.redis.start()

    def close(self):
        if self.silent is not None:
            self.silent.close()
        if self.redis.proc is not None:
            self.redis.stop()


@pytest.fixture(params=["refused", "silent"])
def broker_down(request):
    """The project's Celery app sends to a broker that cannot be reached (and runs nothing in-process)."""
    from teamplanner.celery import app

    if not shutil.which("redis-server"):
        pytest.skip("needs redis-server on the PATH (apt-get install redis-server)")
    ARTIFACTS.mkdir(exist_ok=True)
    outage = Outage(request.param, f"broker-{request.param}")
    saved = {key: app.conf[key] for key in ("broker_url", "broker_write_url", "task_always_eager")}
    app.conf.update(broker_url=outage.url, broker_write_url=None, task_always_eager=False)
    try:
        yield outage
    finally:
        app.conf.update(saved)
        outage.close()


def _queued_tasks(outage: Outage) -> list[tuple[str, list]]:
    """(task name, args) of every message waiting on the broker's queues."""
    import redis

    from teamplanner.celery import app

    client = redis.Redis(port=outage.port)
    queue = app.amqp.default_queue.name
    bodies = [json.loads(raw) for raw in client.lrange(queue, 0, -1)]
    return sorted((b["headers"]["task"], json.loads(_decoded(b))[0]) for b in bodies)


def _decoded(body: dict) -> str:
    import base64

    return base64.b64decode(body["body"]).decode()


def _timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


@pytest.fixture
def world(org, make_member):
    risky_org(org)  # people, teams and systems to score
    template = contract_questionnaire()
    admin = make_member(org, "admin")
    scored = submitted_assessment(org, template)
    draft = assessment_start(org=org, team=None, user=admin, template=template)
    return org, admin, draft, scored


def test_submit_and_rescore_answer_at_once_and_are_sent_when_the_broker_is_back(broker_down, world):
    org, admin, draft, scored = world
    client = APIClient()
    client.force_authenticate(admin)
    base = f"/api/v1/orgs/{org.slug}"
    OutboxMessage.objects.all().delete()

    submit, submit_took = _timed(lambda: client.post(f"{base}/assessments/{draft.pk}/submit/"))
    rescore, rescore_took = _timed(lambda: client.post(f"{base}/assessments/{scored.pk}/rescore/"))
    results, results_took = _timed(lambda: client.post(f"{base}/results/rescore/"))
    print(f"{broker_down.kind}: submit {submit_took:.3f} s, rescore {rescore_took:.3f} s, results {results_took:.3f} s")

    assert (submit.status_code, rescore.status_code, results.status_code) == (200, 202, 202)
    assert max(submit_took, rescore_took, results_took) < FAST
    assert Assessment.objects.get(pk=draft.pk).status == AssessmentStatus.SUBMITTED
    expected = sorted(
        [(ASSESSMENT_SCORE_TASK, [draft.pk]), (ASSESSMENT_SCORE_TASK, [scored.pk]), (ORG_SCORE_TASK, [org.pk])]
    )
    waiting = OutboxMessage.objects.filter(sent_at__isnull=True)
    assert sorted((m.task_name, m.args) for m in waiting) == expected
    assert all(m.attempts == 1 and m.last_error for m in waiting)

    # Beat's flush while the broker is still down gives up as fast, and keeps every message.
    sent, flush_took = _timed(outbox_flush)
    assert sent == 0 and flush_took < FAST
    assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 3

    broker_down.back()
    assert outbox_flush_task() == 3
    assert not OutboxMessage.objects.filter(sent_at__isnull=True).exists()
    assert _queued_tasks(broker_down) == expected
    assert outbox_flush() == 0  # sent once


def test_a_page_submit_answers_at_once_too(broker_down, world, client):
    org, admin, draft, _ = world
    client.force_login(admin)
    url = reverse("assessments:submit", kwargs={"org_slug": org.slug, "pk": draft.pk})
    response, took = _timed(lambda: client.post(url))
    assert response.status_code == 302 and took < FAST
    message = OutboxMessage.objects.get(task_name=ASSESSMENT_SCORE_TASK, args=[draft.pk])
    assert message.sent_at is None and message.last_error

    broker_down.back()
    assert outbox_flush() >= 1
    assert (ASSESSMENT_SCORE_TASK, [draft.pk]) in _queued_tasks(broker_down)


def test_a_change_that_rolls_back_sends_nothing_even_when_the_broker_is_back(broker_down, world):
    from outbox.services import outbox_enqueue

    org, *_ = world
    OutboxMessage.objects.all().delete()
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox_enqueue(task_name=ORG_SCORE_TASK, args=[org.pk])
        raise RuntimeError("the change failed")
    broker_down.back()
    assert outbox_flush() == 0 and _queued_tasks(broker_down) == []
