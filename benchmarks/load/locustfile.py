"""Monday morning: every lead autosaves answers on their team's assessment while executives load dashboards.

Run through benchmarks/load/run.sh, which prepares the data (prepare.py writes plan.json), starts
gunicorn, a Celery worker, and checks afterwards (check.py) that every answer saved here is in the
database. Each simulated lead signs in, opens their draft and keeps answering questions the way the
page's autosave does (htmx POST with the answer's version); every answer the server confirmed is
recorded in benchmarks/out/load/saved.json. Each executive signs in and reads the dashboard,
filtered dashboards and team result pages.
"""

import itertools
import json
import os
import random
import re
from pathlib import Path

from locust import HttpUser, between, events, task

OUT = Path(__file__).resolve().parents[2] / "benchmarks" / "out" / "load"
PLAN = json.loads((OUT / "plan.json").read_text())
SLUG = PLAN["slug"]
LEADS = iter(PLAN["leads"])
EXECUTIVES = itertools.cycle(PLAN["executives"])
SAVED: dict[str, dict] = {}  # username -> {"assessment": id, "answers": {question id: value}}
VERSION = re.compile(r'id="q(?P<pk>\d+)-version" value="(?P<version>\d+)"')
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="(?P<token>[^"]+)"')


def _log_in(user, username: str):
    form = user.client.get("/accounts/login/", name="/accounts/login/ [form]")
    token = TOKEN.search(form.text)
    with user.client.post(
        "/accounts/login/",
        {"username": username, "password": PLAN["password"], "csrfmiddlewaretoken": token.group(1) if token else ""},
        name="/accounts/login/ [sign in]",
        allow_redirects=False,
        catch_response=True,
    ) as response:
        if response.status_code != 302:
            response.failure(f"log-in of {username} answered {response.status_code}")


class Lead(HttpUser):
    """One lead, one draft assessment, answering a question every one to three seconds."""

    weight = 5
    fixed_count = int(os.environ.get("LOAD_LEADS", len(PLAN["leads"])))
    wait_time = between(1, 3)

    def on_start(self):
        spec = next(LEADS)
        self.username, self.assessment = spec["username"], spec["assessment"]
        self.questions = spec["questions"]
        self.versions: dict[int, int] = {}
        self.base = f"/o/{SLUG}/assessments/{self.assessment}"
        self.saved = SAVED.setdefault(self.username, {"assessment": self.assessment, "answers": {}})["answers"]
        _log_in(self, self.username)
        self.client.get(f"{self.base}/section/1/", name="/o/[org]/assessments/[id]/section/[n]/")

    @task(12)
    def autosave(self):
        question = random.choice(self.questions)
        pk = question["id"]
        if question["kind"] == "scale":
            stored = random.randint(0, 4)
            posted = str(stored)
        elif question["kind"] == "yes_no":
            stored = random.random() < 0.5
            posted = "yes" if stored else "no"
        else:
            stored = posted = random.choice(question["choices"])
        with self.client.post(
            f"{self.base}/answer/{pk}/",
            {"value": posted, "version": str(self.versions.get(pk, 0))},
            headers={
                "HX-Request": "true",
                "X-CSRFToken": self.client.cookies.get("csrftoken", ""),
                "Referer": f"{self.host}{self.base}/section/1/",
            },
            name="/o/[org]/assessments/[id]/answer/[question]/ [autosave]",
            catch_response=True,
        ) as response:
            match = VERSION.search(response.text or "")
            if response.status_code != 200 or "is-saved" not in response.text or not match:
                response.failure(f"not saved ({response.status_code}): {(response.text or '')[:200]}")
                return
            self.versions[pk] = int(match.group("version"))
            self.saved[str(pk)] = stored

    @task(1)
    def open_a_section(self):
        self.client.get(f"{self.base}/section/{random.randint(1, 6)}/", name="/o/[org]/assessments/[id]/section/[n]/")


class Executive(HttpUser):
    """An executive reading the organisation's results."""

    weight = 1
    fixed_count = int(os.environ.get("LOAD_EXECUTIVES", len(PLAN["executives"])))
    wait_time = between(2, 5)

    def on_start(self):
        _log_in(self, next(EXECUTIVES)["username"])

    @task(3)
    def dashboard(self):
        self.client.get(f"/o/{SLUG}/results/", name="/o/[org]/results/ [dashboard]")

    @task(2)
    def filtered_dashboard(self):
        team = random.choice(PLAN["teams"])
        self.client.get(f"/o/{SLUG}/results/?team={team}", name="/o/[org]/results/?team= [filtered]")

    @task(1)
    def team_results(self):
        team = random.choice(PLAN["teams"])
        self.client.get(f"/o/{SLUG}/results/teams/{team}/", name="/o/[org]/results/teams/[id]/")


@events.test_stop.add_listener
def _write_saved(**kwargs):
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "saved.json").write_text(json.dumps(SAVED))
