"""Processes of our own for fault tests: a Redis server on a free port, Celery workers, beat and a
gunicorn web server, all on a unique queue and reading the test database.

Nothing here touches the machine's shared Redis or PostgreSQL server processes. The tests need a
PostgreSQL DATABASE_URL (a worker in another process cannot see SQLite's in-memory test database)
and `redis-server` on the PATH; without them they are skipped with the reason.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
VISIBILITY_TIMEOUT = 6  # seconds before a message taken by a worker that died is handed out again


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(condition, *, timeout: float, what: str, every: float = 0.2):
    """Poll `condition` until it returns something truthy; fail with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    pytest.fail(f"gave up waiting {timeout:.0f} s for {what}")


class RedisServer:
    """`redis-server` on a free port, without persistence: a restart starts empty, like a lost broker."""

    def __init__(self, name: str, port: int | None = None):
        self.port = port or free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.log = ARTIFACTS / f"{name}-redis.log"
        self.proc: subprocess.Popen | None = None

    def ping(self) -> bool:
        import redis

        try:
            return redis.Redis(port=self.port, socket_connect_timeout=0.5).ping()
        except redis.exceptions.ConnectionError:
            return False

    def start(self):
        self.proc = subprocess.Popen(  # noqa: S603
            [shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no", "--daemonize", "no"],
            stdout=self.log.open("a"),
            stderr=subprocess.STDOUT,
        )
        wait_for(self.ping, timeout=20, what=f"redis-server on port {self.port}")

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=20)
        self.proc = None
        wait_for(lambda: not self.ping(), timeout=10, what="redis-server to stop")


@dataclass
class Stack:
    """The environment and the processes of one fault test."""

    name: str
    redis: RedisServer
    database_url: str
    queue: str = field(default_factory=lambda: f"faults-{uuid.uuid4().hex[:8]}")
    procs: list = field(default_factory=list)

    @property
    def env(self) -> dict:
        dropped = ("DEBUG", "SECRET_KEY", "HTTPS", "DJANGO_ALLOW_ASYNC_UNSAFE")
        return {
            **{k: v for k, v in os.environ.items() if k not in dropped},
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis.url,
            "CELERY_BROKER_URL": self.redis.url,
            "CELERY_RESULT_BACKEND": self.redis.url,
            "CELERY_QUEUE": self.queue,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
            "OUTBOX_FLUSH_SECONDS": "1",
            "RESCORE_INTERVAL_SECONDS": "3600",
            "PYTHONUNBUFFERED": "1",
        }

    def _start(self, label: str, args: list[str], **env) -> subprocess.Popen:
        log = (ARTIFACTS / f"{self.name}-{label}.log").open("w")
        proc = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", *args],
            cwd=ROOT,
            env={**self.env, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so the pool children die with it
        )
        self.procs.append(proc)
        return proc

    def worker(self, label: str, *, pool: str = "prefork", **env) -> subprocess.Popen:
        """A Celery worker on this stack's queue, ready to take tasks when this returns."""
        ready = ARTIFACTS / f"{self.name}-{label}.ready"
        ready.unlink(missing_ok=True)
        proc = self._start(
            label,
            ["celery", "-A", "tests.faults.fault_app", "worker", "-Q", self.queue, f"--pool={pool}"]
            + ["--concurrency=1", "--loglevel=INFO", "-n", f"{label}-{self.queue}@%h"]
            + ["--without-heartbeat", "--without-gossip", "--without-mingle"],
            **env,
        )
        log = ARTIFACTS / f"{self.name}-{label}.log"
        wait_for(
            lambda: proc.poll() is not None or " ready." in log.read_text(errors="ignore"),
            timeout=90,
            what=f"worker {label} to start",
        )
        assert proc.poll() is None, f"worker {label} exited at start-up, see {log}"
        return proc

    def beat(self) -> subprocess.Popen:
        schedule = ARTIFACTS / f"{self.name}-beat-schedule"
        return self._start("beat", ["celery", "-A", "tests.faults.fault_app", "beat", "-s", str(schedule)])

    def web(self) -> str:
        """gunicorn serving the app (as bin/run starts it); returns its base URL."""
        import requests

        port = free_port()
        proc = self._start("web", ["gunicorn", "teamplanner.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"])
        base = f"http://127.0.0.1:{port}"

        def up():
            if proc.poll() is not None:
                pytest.fail(f"gunicorn exited at start-up, see test-artifacts/{self.name}-web.log")
            try:
                return requests.get(f"{base}/healthz", timeout=10).status_code == 200
            except requests.RequestException:
                return False

        wait_for(up, timeout=60, what="gunicorn to serve")
        return base

    def stop_all(self):
        for proc in self.procs:
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                    proc.wait(timeout=20)
                except (ProcessLookupError, subprocess.TimeoutExpired):
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(proc.pid, signal.SIGKILL)


@pytest.fixture
def stack(request, transactional_db):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs a PostgreSQL DATABASE_URL: worker processes cannot see SQLite's in-memory test database")
    if not shutil.which("redis-server"):
        pytest.skip("needs redis-server on the PATH (apt-get install redis-server)")
    ARTIFACTS.mkdir(exist_ok=True)
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    database_url = f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    name = request.node.name.replace("[", "-").replace("]", "").replace("/", "-")[:60]
    redis_server = RedisServer(name)
    redis_server.start()
    s = Stack(name=name, redis=redis_server, database_url=database_url)
    try:
        yield s
    finally:
        s.stop_all()
        redis_server.stop()


@pytest.fixture
def sender(stack):
    """A Celery client on the stack's broker that sends tasks by name, as the web process does."""
    from celery import Celery

    # Not the current app: tasks and the outbox of the test process must keep using the project's.
    client = Celery("fault-tests", broker=stack.redis.url, set_as_current=False)
    client.conf.task_default_queue = stack.queue
    yield client
    client.close()
