"""Teams and openings edited in the browser: admins everywhere, leads below the teams they lead."""

import pytest
from django.urls import reverse

from orgs.choices import OpeningStatus
from orgs.models import Opening, Team
from teamplanner.exceptions import ApplicationError
from tests.orgs.factories import MLSystemFactory, OpeningFactory, PersonFactory, TeamFactory, role

pytestmark = pytest.mark.django_db


def url(name, org, **kwargs):
    return reverse(f"orgs:{name}", kwargs={"org_slug": org.slug, **kwargs})


@pytest.fixture
def world(org):
    top = TeamFactory(organization=org, name="Data & AI")
    mine = TeamFactory(organization=org, name="Credit Risk", parent=top)
    below = TeamFactory(organization=org, name="Credit Risk Models", parent=mine)
    theirs = TeamFactory(organization=org, name="Payments", parent=top)
    ada = PersonFactory(team=mine, name="Ada Builder", email="ada@example.com")
    return {"top": top, "mine": mine, "below": below, "theirs": theirs, "ada": ada}


def team_data(**overrides):
    return {"name": "Fraud ML", "parent": "", "kind": "embedded_ml", "pillar": "model", "lead_email": "", **overrides}


def test_admin_adds_a_top_level_team_and_a_sub_team_with_a_lead(client, org, make_member, world):
    client.force_login(make_member(org, "admin"))
    assert client.get(url("org_home", org)).content.decode().count(url("team_new", org)) == 1
    response = client.post(url("team_new", org), team_data(name="Platform"))
    platform = Team.objects.get(organization=org, name="Platform")
    assert response.status_code == 302 and response.url == url("team_detail", org, team_id=platform.pk)
    assert platform.parent is None and platform.kind == "embedded_ml"

    page = client.get(url("team_new", org) + f"?parent={platform.pk}")
    assert page.status_code == 200 and "Add a team to Platform" in page.content.decode()
    client.post(url("team_new", org), team_data(name="Serving", parent=platform.pk, lead_email="ADA@example.com"))
    serving = Team.objects.get(organization=org, name="Serving")
    assert serving.parent == platform and serving.lead == world["ada"]
    assert "Serving" in client.get(url("team_detail", org, team_id=platform.pk)).content.decode()


def test_team_form_errors_are_messages_and_nothing_is_written(client, org, make_member, world):
    client.force_login(make_member(org, "admin"))
    before = Team.objects.count()
    response = client.post(url("team_new", org), team_data(name="credit risk", lead_email="nobody@example.com"))
    assert response.status_code == 400
    body = response.content.decode()
    assert "already has a team with this name" in body and "Nobody in this organisation has this email" in body
    assert Team.objects.count() == before


def test_a_team_cannot_move_below_itself(client, org, make_member, world):
    client.force_login(make_member(org, "admin"))
    form = client.get(url("team_edit", org, team_id=world["mine"].pk)).context["form"]
    choices = set(form.fields["parent"].queryset.values_list("pk", flat=True))
    assert world["mine"].pk not in choices and world["below"].pk not in choices and world["top"].pk in choices
    response = client.post(
        url("team_edit", org, team_id=world["mine"].pk), team_data(name="Credit Risk", parent=world["below"].pk)
    )
    assert response.status_code == 400
    world["mine"].refresh_from_db()
    assert world["mine"].parent == world["top"]


def test_admin_edits_a_team(client, org, make_member, world):
    client.force_login(make_member(org, "admin"))
    response = client.post(
        url("team_edit", org, team_id=world["theirs"].pk),
        team_data(name="Payments ML", parent=world["mine"].pk, pillar="data", description="Fraud and payments."),
    )
    assert response.status_code == 302
    team = Team.objects.get(pk=world["theirs"].pk)
    assert (team.name, team.parent, team.pillar, team.description) == (
        "Payments ML",
        world["mine"],
        "data",
        "Fraud and payments.",
    )


def test_lead_adds_and_edits_below_their_team_but_not_elsewhere(client, org, make_member, world):
    client.force_login(make_member(org, "lead", teams=[world["mine"]]))
    # no top-level teams for leads, and no teams under someone else's
    assert client.post(url("team_new", org), team_data(name="Loose")).status_code == 400
    assert client.get(url("team_new", org) + f"?parent={world['theirs'].pk}").status_code == 403
    assert client.post(url("team_new", org), team_data(parent=world["theirs"].pk)).status_code == 400
    assert not Team.objects.filter(name__in=["Loose", "Fraud ML"]).exists()

    assert client.post(url("team_new", org), team_data(parent=world["mine"].pk)).status_code == 302
    assert Team.objects.get(name="Fraud ML").parent == world["mine"]
    # edits a team below, may not move the team they lead nor edit another
    edit_below = client.post(
        url("team_edit", org, team_id=world["below"].pk), team_data(name="Scorecards", parent=world["mine"].pk)
    )
    assert edit_below.status_code == 302
    page = client.get(url("team_edit", org, team_id=world["mine"].pk))
    assert page.context["form"].fields["parent"].disabled
    assert url("team_delete", org, team_id=world["mine"].pk) not in page.content.decode()
    below_page = client.get(url("team_edit", org, team_id=world["below"].pk)).content.decode()
    assert url("team_delete", org, team_id=world["below"].pk) in below_page
    assert "Only an organisation admin can move the team you lead" in page.content.decode()
    # a move sent anyway is refused as the API refuses it, and nothing is saved
    moved = client.post(
        url("team_edit", org, team_id=world["mine"].pk),
        team_data(name="Moved", parent=world["theirs"].pk, description="Scores and limits."),
    )
    assert moved.status_code == 403 and "Only an organisation admin can move" in moved.content.decode()
    assert Team.objects.get(pk=world["mine"].pk).name != "Moved"
    # the rest of their own team is theirs to edit (the disabled parent is not sent, or sent unchanged)
    renamed = client.post(
        url("team_edit", org, team_id=world["mine"].pk),
        team_data(name="Credit Risk ML", parent=world["top"].pk, description="Scores and limits."),
    )
    assert renamed.status_code == 302
    mine = Team.objects.get(pk=world["mine"].pk)
    assert (mine.name, mine.parent, mine.description) == ("Credit Risk ML", world["top"], "Scores and limits.")
    from orgs.services import team_update
    from orgs.tenancy import get_org_access

    lead = page.wsgi_request.user
    with pytest.raises(ApplicationError, match="Only an organisation admin can move"):
        team_update(access=get_org_access(lead, org.slug), team=mine, parent=None)
    assert client.get(url("team_edit", org, team_id=world["theirs"].pk)).status_code == 403


@pytest.mark.parametrize("role_name", ["viewer", "executive"])
def test_readers_do_not_change_teams(client, org, make_member, world, role_name):
    client.force_login(make_member(org, role_name))
    assert client.get(url("team_new", org)).status_code == 403
    assert client.post(url("team_edit", org, team_id=world["mine"].pk), team_data()).status_code == 403
    assert client.post(url("team_delete", org, team_id=world["below"].pk)).status_code == 403
    page = client.get(url("team_detail", org, team_id=world["mine"].pk)).content.decode()
    assert url("team_edit", org, team_id=world["mine"].pk) not in page
    assert url("opening_new", org, team_id=world["mine"].pk) not in page


def test_only_an_empty_team_is_removed_with_its_openings(client, org, make_member, world):
    client.force_login(make_member(org, "admin"))
    MLSystemFactory(team=world["below"], name="Scorecard")
    OpeningFactory(team=world["below"])
    response = client.post(url("team_delete", org, team_id=world["below"].pk), follow=True)
    assert "still has 1 ML systems" in response.content.decode()
    assert Team.objects.filter(pk=world["below"].pk).exists()

    world["below"].systems.all().delete()
    response = client.post(url("team_delete", org, team_id=world["below"].pk))
    assert response.status_code == 302 and response.url == url("team_detail", org, team_id=world["mine"].pk)
    assert not Team.objects.filter(pk=world["below"].pk).exists()
    assert not Opening.objects.filter(team_id=world["below"].pk).exists()


def test_a_lead_cannot_remove_the_team_they_lead(client, org, make_member, world):
    client.force_login(make_member(org, "lead", teams=[world["mine"]]))
    empty = TeamFactory(organization=org, name="Empty", parent=world["mine"])
    assert client.post(url("team_delete", org, team_id=world["mine"].pk)).status_code == 403
    assert client.post(url("team_delete", org, team_id=empty.pk)).status_code == 302
    assert Team.objects.filter(pk=world["mine"].pk).exists() and not Team.objects.filter(pk=empty.pk).exists()


def opening_data(team, **overrides):
    data = {"team": team.pk, "role": role("mlops-engineer").pk, "opened_on": "2026-03-01", "status": "open"}
    return {**data, "filled_on": "", **overrides}


def test_lead_adds_fills_and_removes_an_opening(client, org, make_member, world):
    client.force_login(make_member(org, "lead", teams=[world["mine"]]))
    detail = client.get(url("team_detail", org, team_id=world["mine"].pk)).content.decode()
    assert url("opening_new", org, team_id=world["mine"].pk) in detail
    response = client.post(url("opening_new", org, team_id=world["mine"].pk), opening_data(world["mine"]))
    assert response.status_code == 302
    opening = Opening.objects.get(team=world["mine"])
    assert (opening.status, opening.role.slug, str(opening.opened_on)) == ("open", "mlops-engineer", "2026-03-01")

    filled = opening_data(world["mine"], status="filled", filled_on="2026-09-15")
    assert client.post(url("opening_edit", org, opening_id=opening.pk), filled).status_code == 302
    opening.refresh_from_db()
    assert opening.status == OpeningStatus.FILLED and str(opening.filled_on) == "2026-09-15"

    assert client.post(url("opening_delete", org, opening_id=opening.pk)).status_code == 302
    assert not Opening.objects.filter(pk=opening.pk).exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"status": "filled"}, "A filled opening needs the date it was filled."),
        ({"status": "filled", "filled_on": "2026-01-01"}, "cannot be filled before it was opened"),
        ({"filled_on": "2026-05-01"}, "An open role has no fill date"),
        ({"opened_on": "not a date"}, "Enter a valid date."),
    ],
)
def test_opening_errors_are_messages(client, org, make_member, world, overrides, message):
    client.force_login(make_member(org, "admin"))
    response = client.post(url("opening_new", org, team_id=world["mine"].pk), opening_data(world["mine"], **overrides))
    assert response.status_code == 400 and message in response.content.decode()
    assert not Opening.objects.exists()


def test_lead_cannot_touch_another_teams_openings(client, org, make_member, world):
    theirs = OpeningFactory(team=world["theirs"])
    client.force_login(make_member(org, "lead", teams=[world["mine"]]))
    assert client.get(url("opening_new", org, team_id=world["theirs"].pk)).status_code == 403
    assert client.get(url("opening_edit", org, opening_id=theirs.pk)).status_code == 403
    assert client.post(url("opening_delete", org, opening_id=theirs.pk)).status_code == 403
    # nor move one of theirs onto another team
    mine = OpeningFactory(team=world["mine"])
    response = client.post(url("opening_edit", org, opening_id=mine.pk), opening_data(world["theirs"]))
    assert response.status_code == 400
    assert Opening.objects.get(pk=mine.pk).team == world["mine"]


def test_another_orgs_teams_and_openings_are_not_found(client, org, other_org, make_member):
    foreign_team = TeamFactory(organization=other_org)
    foreign_opening = OpeningFactory(team=foreign_team)
    client.force_login(make_member(org, "admin"))
    assert client.get(url("team_edit", org, team_id=foreign_team.pk)).status_code == 404
    assert client.get(url("opening_edit", org, opening_id=foreign_opening.pk)).status_code == 404
    assert client.get(url("team_new", org) + f"?parent={foreign_team.pk}").status_code == 404
    # a foreign parent id in the form is just not a valid choice
    response = client.post(url("team_new", org), team_data(parent=foreign_team.pk))
    assert response.status_code == 400 and not Team.objects.filter(organization=org, name="Fraud ML").exists()
