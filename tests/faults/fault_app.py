"""The project's Celery app, for fault tests: `celery -A tests.faults.fault_app worker`.

With FAULT_SCORING_PAUSE=<seconds>, the first scoring this worker takes up pauses after its run has
been claimed (the run is "running" in the database) and writes the id of the process doing the work
to FAULT_SIGNAL_FILE, so a test can kill that process in the middle of the task. Later attempts
(the file exists) run at full speed. With FAULT_SCORING_DIE=1 every scoring kills the process doing it
(SIGKILL, as the kernel's out-of-memory killer would), on every delivery. Production code has no such
hook; this module wraps it.
"""

import os
import signal
import time
from pathlib import Path

from celery.signals import task_prerun

from teamplanner.celery import app

__all__ = ["app"]

# Look for messages whose worker died every second, instead of every 100 s (kombu's default sweep), so a
# test does not wait longer than the visibility timeout itself.
app.conf.broker_transport_options = {
    **app.conf.broker_transport_options,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}

PAUSE = float(os.environ.get("FAULT_SCORING_PAUSE", "0"))
SIGNAL = os.environ.get("FAULT_SIGNAL_FILE", "")
DIE = os.environ.get("FAULT_SCORING_DIE") == "1"


@task_prerun.connect
def _die_scoring(task=None, **kwargs):
    if not DIE or task is None or task.name != "scoring.tasks.assessment_score_task":
        return
    from scoring import services as scoring_services

    def dying(inputs):
        os.kill(os.getpid(), signal.SIGKILL)

    scoring_services.score_org = dying


@task_prerun.connect
def _pause_scoring(task=None, **kwargs):
    if not PAUSE or not SIGNAL or task is None or task.name != "scoring.tasks.assessment_score_task":
        return
    from scoring import services as scoring_services

    real = getattr(scoring_services.score_org, "__wrapped__", scoring_services.score_org)

    def paused(inputs):
        signal = Path(SIGNAL)
        if not signal.exists():
            signal.write_text(str(os.getpid()))
            time.sleep(PAUSE)
        return real(inputs)

    paused.__wrapped__ = real
    scoring_services.score_org = paused
