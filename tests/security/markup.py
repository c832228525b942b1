"""An organisation whose names are markup: the demo organisation with a team, people, a system and a
scenario renamed to HTML that would run script if a page or a chart inserted it as markup."""

from assessments.choices import SCORED_DIMENSIONS
from demo.org import demo_org_seed, demo_scored_assessments_seed
from orgs.models import Membership, MLSystem, Person, Team
from orgs.tenancy import get_org_access
from planning import services as planning
from tests.scoring.factories import scored_run

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror="window.__xss=1;alert(2)">'
FORMULA = '=HYPERLINK("http://evil.example","Payments")'
RAW = (SCRIPT, "<img src=x onerror=")  # what must never reach a page unescaped
ESCAPED = ("&lt;script&gt;alert(1)&lt;/script&gt;", "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e")


def markup_org():
    """The demo organisation with markup names, scored twice through the real scoring, and a scored scenario.

    Returns (org, objects by name, with its admin user as "admin").
    """
    org, _ = demo_org_seed(slug="markup")
    team = Team.objects.get(organization=org, name="Credit Risk Models")
    team.name = SCRIPT
    team.save()
    priya = Person.objects.get(organization=org, name="Priya Raman")
    priya.name = SCRIPT
    priya.save()
    other = Person.objects.filter(organization=org, team=team).exclude(pk=priya.pk).first()
    other.name = IMG
    other.save()
    system = MLSystem.objects.filter(organization=org).order_by("pk").first()
    system.name = IMG
    system.save()
    Team.objects.filter(organization=org, name="Payments Pod").update(name=FORMULA)
    demo_scored_assessments_seed(org=org)
    admin = Membership.objects.get(organization=org, role="admin").user
    scored_run(org, team=team, levels={d.value: 2 for d in SCORED_DIMENSIONS})
    access = get_org_access(admin, org.slug)
    scenario = planning.scenario_create(access=access, name=SCRIPT, description=IMG)
    planning.scenario_change_add(access=access, scenario=scenario, kind="leave", person=priya)
    planning.scenario_score_request(access=access, scenario=scenario)
    objects = {"team": team, "person": priya, "other": other, "system": system, "scenario": scenario, "admin": admin}
    return org, objects


def pages(org, objects) -> dict[str, str]:
    """The pages that show these names, by what they are."""
    o = f"/o/{org.slug}"
    team, person, scenario = objects["team"].pk, objects["person"].pk, objects["scenario"].pk
    return {
        "org home": f"{o}/",
        "team page": f"{o}/teams/{team}/",
        "matrix": f"{o}/matrix/",
        "team matrix": f"{o}/teams/{team}/matrix/",
        "person page": f"{o}/people/{person}/",
        "dashboard": f"{o}/results/",
        "findings": f"{o}/results/findings/",
        "team results": f"{o}/results/teams/{team}/",
        "planning": f"{o}/planning/",
        "scenario": f"{o}/planning/scenarios/{scenario}/",
        "comparison": f"{o}/planning/scenarios/{scenario}/compare/",
        "what-if": f"{o}/planning/what-if/?team={team}",
        "what-if person": f"{o}/planning/what-if/person/{person}/",
        "forecast": f"{o}/planning/forecast/",
        "roadmap": f"{o}/planning/roadmap/",
        "targets": f"{o}/planning/targets/",
        "assessments": f"{o}/assessments/",
    }
