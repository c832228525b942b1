import os

import pytest

from orgs.tasks import org_data_summary_task
from tests.orgs.factories import PersonFactory, TeamFactory


@pytest.mark.worker
def test_a_task_runs_in_a_separate_worker_process(celery_worker_process, org):
    team = TeamFactory(organization=org)
    PersonFactory.create_batch(3, team=team)

    result = org_data_summary_task.delay(org.pk).get(timeout=60)

    assert result["worker_pid"] == celery_worker_process.pid
    assert result["worker_pid"] != os.getpid()
    assert result == {**result, "org": org.slug, "people": 3, "teams": 1}


def test_the_same_task_runs_in_process_without_a_broker(org):
    TeamFactory(organization=org)
    result = org_data_summary_task.delay(org.pk).get()
    assert result["worker_pid"] == os.getpid() and result["teams"] == 1
