"""What every Celery task of the project shares: which errors are worth retrying, how, and what the
user is told when the last retry fails too.

Tasks retry only on transient errors (the database or the broker briefly unreachable), with
exponential backoff; a domain error or a bug is final at once. When the last retry fails, the task
marks its work failed with a message, so nothing stays "running" for ever.
"""

import json
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial

from django.db import InterfaceError, OperationalError

from outbox.deliveries import delivery_end, delivery_start

from .exceptions import ApplicationError

try:  # Redis is only needed when a broker is configured
    from redis.exceptions import ConnectionError as RedisConnectionError
except ImportError:  # pragma: no cover
    RedisConnectionError = OperationalError

logger = logging.getLogger(__name__)

# Errors worth retrying: the database or the broker was briefly unreachable.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, RedisConnectionError)


def retry_options(*, max_retries: int = 5) -> dict:
    """Keyword arguments of `@shared_task` for a task that retries transient errors only: after 5 s,
    10 s, 20 s ... (at most 5 minutes apart, with jitter), `max_retries` times."""
    return {
        "autoretry_for": TRANSIENT_ERRORS,
        "retry_backoff": 5,
        "retry_backoff_max": 300,
        "max_retries": max_retries,
    }


RETRY_OPTIONS = retry_options()


def gave_up_message(what: str) -> str:
    """What the user reads when every retry of `what` ("Scoring") failed."""
    return f"{what} could not reach the database or the task queue after several attempts. Try again later."


def is_last_try(task) -> bool:
    """Whether `task` (bound) runs its last attempt: a transient error now is not retried."""
    return task.request.retries >= task.max_retries


@contextmanager
def failed_after_last_retry(task, mark_failed: Callable[[], object], what: str) -> Iterator[None]:
    """Run the block; on a transient error in the last attempt, call `mark_failed()` before re-raising.

    `mark_failed` tells the user (a run or an import marked failed with a message); if the database
    is still unreachable for that too, it is logged and the original error propagates.
    """
    try:
        yield
    except TRANSIENT_ERRORS:
        if is_last_try(task):
            try:
                mark_failed()
            except TRANSIENT_ERRORS:
                logger.exception("Could not mark %s failed", what)
        raise


# A message whose work kills the worker process (out of memory, a crash in a library) is delivered again
# at once with late acknowledgement; after this many deaths it is given up and its work marked failed.
MAX_DELIVERIES = 3


def crashed_message(what: str) -> str:
    """What the user reads when `what` ("Scoring") stopped the worker process every time it was tried."""
    return (
        f"{what} stopped the worker process {MAX_DELIVERIES} times (it ran out of memory or crashed) and "
        "was not tried again. Nothing was written. Tell an administrator if it happens again."
    )


def run_scoring(
    task, *, ident: dict, work: Callable[[], object], mark_failed: Callable[[str], object], what: str
) -> dict:
    """The body of a scoring task (bound): `work()` returns the run (or None when its subject is gone).

    A domain error is final and reported in the result; a transient one is retried by Celery, and
    in the last attempt `mark_failed(message)` tells the user first. A delivery that follows
    MAX_DELIVERIES attempts whose process died is not run: `mark_failed` says so and the message
    is acknowledged. `ident` names the subject in the result and in the delivery count.
    """
    key = json.dumps(ident, sort_keys=True)
    if delivery_start(task_name=task.name, key=key) > MAX_DELIVERIES:
        logger.error("%s gave up: %s died %s times", task.name, key, MAX_DELIVERIES)
        mark_failed(crashed_message("Scoring"))
        delivery_end(task_name=task.name, key=key)
        return {**ident, "status": "failed", "error": "worker lost"}
    try:
        with failed_after_last_retry(task, partial(mark_failed, gave_up_message("Scoring")), what):
            run = work()
    except ApplicationError as exc:
        return {**ident, "status": "failed", "error": exc.message}
    finally:
        delivery_end(task_name=task.name, key=key)
    return {**ident, "run_id": run.pk if run else None, "status": run.status if run else "gone"}
