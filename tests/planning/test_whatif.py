"""What if someone leaves: orphans and risk changes on hand-built organisations (no database)."""

import pytest

from planning.engine.whatif import departure_report
from tests.scoring.engine.builders import OrgBuilder


@pytest.fixture
def org():
    b = OrgBuilder()
    b.team("Root")
    b.team("Models", parent="Root")
    b.person("Lea", "Root", "ai-team-lead")
    b.person("Priya", "Models", "ml-engineer", manager="Lea")
    b.person("Sam", "Models", "data-scientist", manager="Priya")
    b.person("Ola", "Models", "mlops-engineer", manager="Priya")
    b.lead("Models", "Priya")
    b.responsibility("model-deployment")
    b.responsibility("experimentation")
    b.assign("Priya", "model-deployment", "owner")
    b.assign("Ola", "model-deployment", "backup")
    b.assign("Priya", "experimentation", "owner")
    b.system("Credit", "Models", owners=["Priya", "Sam"], deployers=["Priya"])
    b.system("Fraud", "Models", owners=["Priya"], deployers=["Priya", "Ola"])
    b.system("Old", "Models", stage="retired", owners=["Priya"], deployers=["Priya"])
    b.system("Search", "Models", owners=["Sam"], deployers=["Ola"])
    return b


def test_what_her_departure_orphans_and_how_the_risks_change(org):
    r = departure_report(org.build(), org.id("person", "Priya"))
    assert r["person"]["name"] == "Priya" and r["leads"] == ["Models"] and r["reports"] == 2
    assert [s["name"] for s in r["impact"]["systems"]] == ["Credit", "Fraud"]
    assert [x["name"] for x in r["impact"]["responsibilities"]] == ["Experimentation"]
    assert [x["name"] for x in r["impact"]["responsibilities_losing_owner"]] == ["Model deployment", "Experimentation"]
    systems = {s["name"]: s for s in r["systems"]}
    assert set(systems) == {"Credit", "Fraud"}  # retired systems do not count
    assert systems["Credit"]["owners"] == [2, 1] and systems["Credit"]["deployers"] == [1, 0]
    assert systems["Credit"]["bus_factor"] == [1, 0] and systems["Credit"]["roles"] == ["owner", "deployer"]
    assert systems["Fraud"]["bus_factor"] == [1, 0]
    resp = {x["name"]: x for x in r["responsibilities"]}
    assert resp["Model deployment"]["bus_factor"] == [2, 1] and resp["Experimentation"]["bus_factor"] == [1, 0]
    risks = {row["risk"]: row for row in r["risks"]}
    assert risks["Productioniser FTE"]["before"] == 2.0 and risks["Productioniser FTE"]["after"] == 1.0
    # one builder for two productionisers becomes one for one: more model work per productioniser
    ratio = risks["Model builders per productioniser"]
    assert (ratio["before"], ratio["after"], ratio["worse"]) == (0.5, 1.0, True)
    assert risks["Production systems per productioniser"]["before"] == 1.5
    assert (
        risks["Production systems per productioniser"]["after"] == 3.0
        and risks["Production systems per productioniser"]["worse"]
    )
    assert risks["Their production systems nobody could run"]["after"] == 2
    assert risks["Teams without a lead"]["after"] == 1
    assert r["team"]["ml_practitioners"] == [3, 2]
    tf = r["impact"]["truck_factor"]
    assert risks["Organisation truck factor"]["before"] == tf["before"] and tf["after"] < tf["before"]


def test_a_person_with_no_links_changes_little(org):
    r = departure_report(org.build(), org.id("person", "Lea"))
    assert r["systems"] == [] and r["responsibilities"] == [] and r["impact"]["systems"] == []
    worse = [row["risk"] for row in r["risks"] if row["worse"]]
    assert worse == ["ML practitioners in Root", "Teams without a lead"] or worse == ["ML practitioners in Root"]


def test_an_unknown_person_is_an_error(org):
    with pytest.raises(KeyError):
        departure_report(org.build(), 99999)
