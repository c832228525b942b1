import pytest

from tests.assessments.factories import small_questionnaire
from tests.orgs.factories import TeamFactory


@pytest.fixture
def questionnaire(db):
    """A small published questionnaire (see `small_questionnaire`)."""
    return small_questionnaire()


@pytest.fixture
def team(org):
    return TeamFactory(organization=org, name="Forecasting")


@pytest.fixture
def lead(org, team, make_member):
    """A lead of `team`."""
    return make_member(org, "lead", teams=[team])


@pytest.fixture
def admin(org, make_member):
    return make_member(org, "admin")


@pytest.fixture
def dispatched():
    """Tasks sent to Celery during the test, as (task name, args); nothing is run.

    Catches `task.delay()` / `apply_async()` and signatures sent by name alike, so tests do not
    depend on how a service dispatches.
    """
    from unittest import mock

    sent: list[tuple[str, list]] = []

    def task_apply_async(self, args=None, kwargs=None, **options):
        sent.append((self.name, list(args or [])))

    def signature_apply_async(self, args=None, kwargs=None, **options):
        sent.append((self.task, list(args or self.args or [])))

    with (
        mock.patch("celery.app.task.Task.apply_async", task_apply_async),
        mock.patch("celery.canvas.Signature.apply_async", signature_apply_async),
    ):
        yield sent
