import pytest

from demo.org import demo_org_seed
from orgs.models import Person
from orgs.tenancy import get_org_access
from tests.orgs.factories import (
    AssignmentFactory,
    MLSystemFactory,
    OpeningFactory,
    PersonFactory,
    TeamFactory,
    responsibility,
    role,
)


@pytest.fixture
def access_for(make_member):
    """access_for(org, role, teams=()) -> the OrgAccess of a new member with that role."""

    def make(org, member_role="admin", teams=()):
        user = make_member(org, member_role, teams=teams)
        return get_org_access(user, org.slug)

    return make


@pytest.fixture
def small_org(org):
    """Models (lead Priya, who builds and deploys both production systems), Platform and Sub (under Models)."""
    models = TeamFactory(organization=org, name="Models")
    platform = TeamFactory(organization=org, name="Platform", kind="platform")
    sub = TeamFactory(organization=org, name="Sub", parent=models)
    priya = PersonFactory(team=models, name="Priya Raman", role=role("ml-engineer"))
    sam = PersonFactory(team=models, name="Sam Lee", role=role("data-scientist"), manager=priya)
    ola = PersonFactory(team=platform, name="Ola Berg", role=role("mlops-engineer"))
    kim = PersonFactory(team=sub, name="Kim Obi", role=role("data-scientist"))
    models.lead = priya
    models.save()
    platform.lead = ola
    platform.save()
    AssignmentFactory(person=priya, responsibility=responsibility("model-deployment"), level="owner")
    AssignmentFactory(person=sam, responsibility=responsibility("experimentation"), level="owner")
    AssignmentFactory(person=ola, responsibility=responsibility("model-deployment"), level="backup")
    credit = MLSystemFactory(team=models, name="Credit", owners=[priya, sam], deployers=[priya])
    fraud = MLSystemFactory(team=models, name="Fraud", owners=[priya], deployers=[priya])
    search = MLSystemFactory(team=platform, name="Search", owners=[ola], deployers=[ola])
    mle_opening = OpeningFactory(team=models, role=role("ml-engineer"))
    ops_opening = OpeningFactory(team=platform, role=role("mlops-engineer"))
    return {
        "org": org,
        "models": models,
        "platform": platform,
        "sub": sub,
        "priya": priya,
        "sam": sam,
        "ola": ola,
        "kim": kim,
        "systems": [credit, fraud, search],
        "mle_opening": mle_opening,
        "ops_opening": ops_opening,
    }


@pytest.fixture
def demo(db, catalog):
    org, _ = demo_org_seed()
    return org


@pytest.fixture
def priya(demo):
    return Person.objects.get(organization=demo, name="Priya Raman")
