import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from hypothesis import settings as hypothesis_settings

from tests.assessments.factories import small_questionnaire
from tests.orgs.factories import MembershipFactory, OrganizationFactory, TeamFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent

# Property-based tests replay the same examples on every run, so CI is repeatable; FUZZ_EXPLORE=1 lets
# hypothesis draw new ones (and remember failures in .hypothesis/) for a longer search.
hypothesis_settings.register_profile("repeatable", derandomize=True, database=None)
hypothesis_settings.load_profile("default" if os.environ.get("FUZZ_EXPLORE") == "1" else "repeatable")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(autouse=True)
def _eager_celery(request):
    """Tasks run in-process in tests, except those marked `worker`, which use a real worker."""
    from teamplanner.celery import app

    if request.node.get_closest_marker("worker"):
        yield
        return
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache. Parallel test processes share one Redis, each under its own key
    prefix: a process deletes only its own keys (clear() would empty the other processes' caches too)."""
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    # The backend itself: `django.core.cache.cache` is a proxy, never an instance of RedisCache.
    cache = caches["default"]
    prefix = settings.CACHES["default"].get("KEY_PREFIX", "")
    if not prefix or not isinstance(cache, RedisCache):
        cache.clear()
        return
    client = cache._cache.get_client(None, write=True)
    keys = list(client.scan_iter(match=cache.make_key("*"), count=1000))
    if keys:
        client.delete(*keys)


@pytest.fixture
def catalog(db):
    """The default catalog (roles, responsibilities, skills, archetypes)."""
    from roles.services import catalog_seed

    catalog_seed()


@pytest.fixture
def org(db, catalog):
    return OrganizationFactory()


@pytest.fixture
def other_org(db, catalog):
    return OrganizationFactory()


@pytest.fixture
def make_member(db):
    """make_member(org, role, teams=()) -> a user with that membership."""

    def make(org, role="viewer", teams=(), **user_kwargs):
        user = UserFactory(**user_kwargs)
        membership = MembershipFactory(user=user, organization=org, role=role)
        if teams:
            membership.teams.set(teams)
        return user

    return make


# --- real Celery worker ------------------------------------------------------------------------------


@pytest.fixture
def celery_worker_process(transactional_db):
    """A separate `celery worker` process on Redis, reading the test database.

    Needs REDIS_URL and a PostgreSQL DATABASE_URL (CI sets both); the test is skipped with a
    message otherwise, because a worker in another process cannot see an in-memory SQLite database.
    """
    from django.db import connection

    if not settings.REDIS_URL or connection.vendor != "postgresql":
        pytest.skip("needs REDIS_URL and a PostgreSQL DATABASE_URL (run .ci/run)")
    from teamplanner.celery import app

    queue = f"test-{uuid.uuid4().hex[:8]}"
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_QUEUE": queue,
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    log = open(ROOT / "test-artifacts" / f"worker-{queue}.log", "w")  # noqa: SIM115 - closed in finally
    proc = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "teamplanner",
            "worker",
            "-Q",
            queue,
            "--pool=solo",
            "--loglevel=INFO",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    previous_queue = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    app.conf.task_always_eager = False
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            replies = app.control.inspect(timeout=1).active_queues() or {}
            if any(any(q["name"] == queue for q in qs) for qs in replies.values()):
                break
            if proc.poll() is not None:
                raise RuntimeError("the Celery worker exited at start-up")
        else:
            raise RuntimeError("the Celery worker did not start within 60 s")
        yield proc
    finally:
        app.conf.task_default_queue = previous_queue
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


# --- browser tests -----------------------------------------------------------------------------------


@pytest.fixture(scope="session", autouse=True)
def _patient_browser_assertions():
    """Browser assertions wait up to 15 s (Playwright's default is 5): CI runs two test processes on two
    cores, and a page under that load may take longer than 5 s to show what it certainly will show."""
    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture
def login_page(live_server, page, client):
    """login_page(user) -> a Playwright page logged in as `user` (session cookie from the test client)."""

    def login(user):
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
        )
        return page

    return login


@pytest.fixture
def after_commit_now(monkeypatch):
    """Run after-commit work (the outbox's task dispatch) at once.

    A test's transaction never commits, so work queued for after the commit would never run; a request in
    autocommit mode runs it as soon as its own transaction ends. Tasks are eager in tests.
    """
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


# --- assessments, scoring and results ------------------------------------------------------------------


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
