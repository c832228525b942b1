"""Prepare the load test's organisation: the demo data, scored, plus one team, lead and open draft
assessment (the default questionnaire) per simulated lead, and the executives.

    DATABASE_URL=... .venv/bin/python benchmarks/load/prepare.py --leads 50 --executives 10

Re-creates the organisation `loadtest` each time and writes the plan the locustfile reads to
benchmarks/out/load/plan.json (log-ins, each lead's assessment and the questions it may answer).
"""

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "benchmarks" / "out" / "load"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teamplanner.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import transaction  # noqa: E402

from assessments.choices import QuestionKind  # noqa: E402
from assessments.selectors import template_questions  # noqa: E402
from assessments.services import assessment_start, questionnaire_default_seed  # noqa: E402
from demo.org import demo_org_seed, demo_scored_assessments_seed  # noqa: E402
from orgs.models import Membership, Person, Team  # noqa: E402
from roles.models import RoleTemplate  # noqa: E402
from scoring.services import org_rescore  # noqa: E402

SLUG = "loadtest"
PASSWORD = "load-test-password-1"  # noqa: S105 - a throw-away log-in of a benchmark database
ANSWERABLE = (QuestionKind.SCALE, QuestionKind.YES_NO, QuestionKind.SINGLE)


def prepare(leads: int, executives: int) -> dict:
    User = get_user_model()
    User.objects.filter(username__startswith="load-").delete()
    org, _ = demo_org_seed(slug=SLUG)
    org.name = "Load Test Lending"
    org.save(update_fields=["name"])
    demo_scored_assessments_seed(org=org)
    parent = Team.objects.get(organization=org, name="Data & AI")
    roles = list(RoleTemplate.objects.filter(family__in=["builder", "productioniser"]).order_by("slug"))
    password = make_password(PASSWORD)  # hashed once: every user gets the same (real) password hash
    template = questionnaire_default_seed()
    questions = [
        {"id": q.pk, "kind": q.kind, "choices": [c["value"] for c in q.choices] if q.kind == "single" else []}
        for q in template_questions(template=template)
        if q.kind in ANSWERABLE
    ]
    plan = {"slug": SLUG, "password": PASSWORD, "leads": [], "executives": [], "teams": []}
    with transaction.atomic():
        for i in range(1, leads + 1):
            team = Team.objects.create(organization=org, name=f"Squad {i:02d}", parent=parent, kind="embedded_ml")
            for n in range(3):
                Person.objects.create(
                    organization=org,
                    team=team,
                    name=f"Squad {i:02d} member {n + 1}",
                    email=f"squad{i:02d}.{n + 1}@loadtest.example",
                    role=roles[(i + n) % len(roles)],
                )
            user = User.objects.create(username=f"load-lead-{i:02d}", password=password, first_name=f"Lead {i:02d}")
            membership = Membership.objects.create(user=user, organization=org, role="lead")
            membership.teams.set([team])
            assessment = assessment_start(org=org, team=team, user=user, template=template)
            plan["leads"].append({"username": user.username, "assessment": assessment.pk, "questions": questions})
            plan["teams"].append(team.pk)
        for i in range(1, executives + 1):
            user = User.objects.create(username=f"load-exec-{i:02d}", password=password)
            Membership.objects.create(user=user, organization=org, role="executive")
            plan["executives"].append({"username": user.username})
    org_rescore(org_id=org.pk)  # the dashboard shows the squads too
    return plan


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leads", type=int, default=50)
    parser.add_argument("--executives", type=int, default=10)
    args = parser.parse_args()
    plan = prepare(args.leads, args.executives)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "plan.json").write_text(json.dumps(plan))
    print(f"prepared {SLUG}: {len(plan['leads'])} leads with a draft each, {len(plan['executives'])} executives")


if __name__ == "__main__":
    main()
