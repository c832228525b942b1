"""The members page: only admins; add existing and new accounts, change roles and led teams, remove;
the organisation always keeps an admin. And every user's password change page."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orgs import members as services
from orgs.models import Invitation, Membership
from orgs.tenancy import get_org_access
from teamplanner.exceptions import ApplicationError
from tests.orgs.factories import MembershipFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()
STRONG = "Plum-harbour-42"


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def url(name, org, **kwargs):
    return reverse(f"orgs:{name}", kwargs={"org_slug": org.slug, **kwargs})


def membership(user, org) -> Membership:
    return Membership.objects.get(user=user, organization=org)


@pytest.fixture
def admin(org, make_member):
    return make_member(org, "admin", username="ann-admin", first_name="Ann", last_name="Admin")


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture
def teams(org):
    return {
        "credit": TeamFactory(organization=org, name="Credit"),
        "fraud": TeamFactory(organization=org, name="Fraud"),
    }


# --- access ---------------------------------------------------------------------------------------


def _pages(org, member):
    return [
        url("members", org),
        url("member_add", org),
        url("member_edit", org, member_id=member.pk),
        url("member_remove", org, member_id=member.pk),
    ]


def test_admins_open_every_members_page(admin_client, org, admin):
    for page in _pages(org, membership(admin, org)):
        assert admin_client.get(page).status_code == 200, page


@pytest.mark.parametrize("role", ["executive", "lead", "viewer"])
def test_other_roles_are_refused_the_members_pages(client, org, admin, make_member, role):
    # As in the API: a member is told why (403 with the reason); only outsiders get 404.
    client.force_login(make_member(org, role))
    target = membership(admin, org)
    for page in _pages(org, target):
        refused = client.get(page)
        assert refused.status_code == 403 and "Only an admin of this organisation" in refused.content.decode(), page
        assert client.post(page, {"kind": "existing", "user": "x", "role": "admin"}).status_code == 403, page
    assert membership(admin, org).role == "admin" and Membership.objects.filter(organization=org).count() == 2


def test_admin_of_another_org_gets_404(client, org, other_org, admin, make_member):
    client.force_login(make_member(other_org, "admin"))
    for page in _pages(org, membership(admin, org)):
        assert client.get(page).status_code == 404, page
    # their own organisation's URL with a membership of this one
    client_pages = _pages(other_org, membership(admin, org))[2:]
    for page in client_pages:
        assert client.get(page).status_code == 404, page
        assert client.post(page, {"role": "viewer"}).status_code == 404, page
    assert Membership.objects.filter(user=admin, organization=org, role="admin").exists()


def test_anonymous_users_are_sent_to_log_in(client, org, admin):
    for page in _pages(org, membership(admin, org)):
        response = client.get(page)
        assert response.status_code == 302 and response.url.startswith("/accounts/login/"), page


def test_only_admins_see_the_members_link(client, org, admin, make_member):
    client.force_login(admin)
    assert url("members", org).encode() in client.get(url("org_home", org)).content
    client.force_login(make_member(org, "executive"))
    assert url("members", org).encode() not in client.get(url("org_home", org)).content


# --- the list ---------------------------------------------------------------------------------------


def test_list_shows_members_sorted_by_name_with_their_details(admin_client, org, admin, teams, make_member):
    lead = make_member(org, "lead", teams=[teams["fraud"], teams["credit"]], username="zed", first_name="Bea")
    make_member(org, "viewer", username="carl", first_name="", last_name="")
    make_member(org, "executive", username="abe", first_name="Zoe", last_name="Exec")
    response = admin_client.get(url("members", org))
    html = response.content.decode()
    assert response.status_code == 200
    # Ann Admin, Bea (zed), carl, Zoe Exec (abe): by full name, the username when there is none
    positions = [html.index(f"<td>{name}") for name in ("ann-admin", "zed", "carl", "abe")]
    assert positions == sorted(positions)
    assert "Team lead" in html and "Executive" in html and lead.email in html
    assert html.index(">Credit</a>") < html.index(">Fraud</a>")
    assert "never" in html  # nobody here has logged in


def test_list_makes_the_same_number_of_queries_at_any_size(
    admin_client, org, teams, make_member, django_assert_max_num_queries
):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(url("members", org)).status_code == 200
        return len(queries)

    make_member(org, "lead", teams=[teams["credit"]])
    count()  # the first visit also remembers the organisation in the session
    small = count()
    for i in range(12):
        make_member(org, "lead" if i % 2 else "viewer", teams=[teams["credit"], teams["fraud"]] if i % 2 else [])
    assert count() == small
    with django_assert_max_num_queries(small):
        admin_client.get(url("members", org))


# --- adding -----------------------------------------------------------------------------------------


def _accept(user):
    client = Client()
    client.force_login(user)
    page = client.get("/accounts/invitations/").content.decode()
    invitation = Invitation.objects.get(user=user)
    return page, client.post("/accounts/invitations/", {"invitation": invitation.pk, "action": "accept"})


def test_an_existing_account_is_invited_and_joins_when_it_accepts(admin_client, org, other_org, teams):
    bob = UserFactory(username="Bob.Builder")
    MembershipFactory(user=bob, organization=other_org, role="admin")
    response = admin_client.post(
        url("member_add", org),
        {"kind": "existing", "user": "bob.builder", "role": "lead", "teams": [teams["credit"].pk]},
    )
    assert response.status_code == 302 and response.url == url("members", org)
    assert not Membership.objects.filter(user=bob, organization=org).exists()  # not without bob's consent
    follow = admin_client.get(response.url).content.decode()
    assert "it has been invited; it joins when its owner accepts" in follow and "Bob.Builder" not in follow

    page, accepted = _accept(bob)
    assert org.name in page and "Team lead" in page
    assert accepted.status_code == 302
    added = membership(bob, org)
    assert added.role == "lead" and list(added.teams.all()) == [teams["credit"]]
    assert membership(bob, other_org).role == "admin"  # the other membership is untouched
    assert not Invitation.objects.filter(user=bob).exists()


def test_an_invitation_can_be_declined(admin_client, org):
    cleo = UserFactory(username="cleo", email="Cleo@Example.org")
    admin_client.post(url("member_add", org), {"kind": "existing", "user": "cleo@example.ORG", "role": "viewer"})
    invitation = Invitation.objects.get(user=cleo, organization=org)
    client = Client()
    client.force_login(cleo)
    declined = client.post("/accounts/invitations/", {"invitation": invitation.pk, "action": "decline"}, follow=True)
    assert "Invitation declined." in declined.content.decode()
    assert not Invitation.objects.exists() and not Membership.objects.filter(user=cleo).exists()
    # Nobody answers another account's invitation.
    admin_client.post(url("member_add", org), {"kind": "existing", "user": "cleo", "role": "viewer"})
    other = Invitation.objects.get(user=cleo)
    assert admin_client.post("/accounts/invitations/", {"invitation": other.pk, "action": "accept"}).status_code == 404


def test_unknown_existing_and_member_accounts_get_the_same_answer(admin_client, org, make_member):
    UserFactory(username="erin")
    make_member(org, "viewer", username="dora")
    answers = []
    for name in ("nobody@example.org", "erin", "DORA"):
        response = admin_client.post(url("member_add", org), {"kind": "existing", "user": name, "role": "admin"})
        assert response.status_code == 302
        answers.append(admin_client.get(response.url).content.decode().count("it has been invited"))
    assert answers == [1, 1, 1]
    assert Invitation.objects.filter(organization=org).count() == 1  # erin only
    assert membership(User.objects.get(username="dora"), org).role == "viewer"


def test_add_a_new_account_which_can_then_log_in(admin_client, org, teams):
    data = {
        "kind": "new",
        "username": "eve",
        "first_name": "Eve",
        "last_name": "Engineer",
        "email": "eve@example.org",
        "password": STRONG,
        "role": "lead",
        "teams": [teams["fraud"].pk],
    }
    response = admin_client.post(url("member_add", org), data, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == url("members", org)
    assert "Created the account eve" in html and "Change password" in html
    assert STRONG not in html
    eve = User.objects.get(username="eve")
    assert (eve.email, eve.get_full_name()) == ("eve@example.org", "Eve Engineer")
    assert list(membership(eve, org).teams.all()) == [teams["fraud"]]

    fresh = Client()
    assert fresh.login(username="eve", password=STRONG)
    assert fresh.get(url("team_detail", org, team_id=teams["fraud"].pk)).status_code == 200


def test_a_weak_password_is_a_form_error_and_keeps_the_other_fields(admin_client, org):
    data = {
        "kind": "new",
        "username": "fred",
        "first_name": "Fred",
        "email": "fred@example.org",
        "password": "12345678",
    }
    response = admin_client.post(url("member_add", org), {**data, "role": "viewer"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "This password is too common." in html and "This password is entirely numeric." in html
    assert 'value="fred"' in html and 'value="fred@example.org"' in html and 'value="Fred"' in html
    assert "12345678" not in html  # passwords are not sent back
    assert not User.objects.filter(username="fred").exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("username", "Gus", "An account with this username exists already"),
        ("email", "GUS@example.org", "An account with this e-mail address exists already"),
        ("username", "bad name!", "Enter a valid username"),
        ("email", "not-an-email", "Enter a valid email address."),
    ],
)
def test_new_account_fields_are_checked(admin_client, org, field, value, message):
    UserFactory(username="gus", email="gus@example.org")
    data = {"kind": "new", "username": "newbie", "email": "newbie@example.org", "password": STRONG, "role": "viewer"}
    response = admin_client.post(url("member_add", org), {**data, field: value})
    assert response.status_code == 400 and message in response.content.decode()
    assert not User.objects.filter(username="newbie").exists()
    assert Membership.objects.filter(organization=org).count() == 1


def test_teams_of_another_org_are_rejected(admin_client, org, other_org, admin):
    theirs = TeamFactory(organization=other_org, name="Their team")
    UserFactory(username="hal")
    response = admin_client.post(
        url("member_add", org), {"kind": "existing", "user": "hal", "role": "lead", "teams": [theirs.pk]}
    )
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    assert Membership.objects.filter(organization=org).count() == 1
    with pytest.raises(ApplicationError) as exc:  # the service refuses them as well
        services.member_invite(access=get_org_access(admin, org.slug), user="hal", role="lead", teams=[theirs])
    assert "teams" in exc.value.extra


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"kind": "sideways", "user": "x", "role": "viewer"},
        {"kind": "existing", "user": "", "role": "viewer"},
        {"kind": "existing", "user": "x", "role": "owner"},
        {"kind": "existing", "user": "x", "role": "lead", "teams": ["abc"]},
        {"kind": "existing", "user": "x", "role": "lead", "teams": [str(2**70)]},
        {"kind": "new", "username": "", "email": "", "password": "", "role": "viewer"},
    ],
)
def test_bad_input_is_a_400_with_a_message(admin_client, org, data):
    response = admin_client.post(url("member_add", org), data)
    assert response.status_code == 400
    assert b"alert-danger" in response.content and b"Traceback" not in response.content
    assert Membership.objects.filter(organization=org).count() == 1


# --- changing and removing ----------------------------------------------------------------------------


def test_change_the_role_and_led_teams(admin_client, org, teams, make_member):
    ivy = make_member(org, "viewer", username="ivy")
    target = membership(ivy, org)
    edit = url("member_edit", org, member_id=target.pk)
    assert admin_client.get(edit).status_code == 200
    response = admin_client.post(edit, {"role": "lead", "teams": [teams["credit"].pk, teams["fraud"].pk]})
    assert response.status_code == 302 and response.url == url("members", org)
    target.refresh_from_db()
    assert target.role == "lead" and set(target.teams.all()) == {teams["credit"], teams["fraud"]}
    assert get_org_access(ivy, org.slug).can_edit_team(teams["fraud"])

    page = admin_client.get(edit).content.decode()
    assert page.count("checked") == 2  # the form shows the teams they lead

    # another role leads no teams
    admin_client.post(edit, {"role": "executive", "teams": [teams["credit"].pk]})
    target.refresh_from_db()
    assert target.role == "executive" and not target.teams.exists()


def test_changing_to_teams_of_another_org_is_rejected(admin_client, org, other_org, teams, make_member):
    jo = make_member(org, "lead", teams=[teams["credit"]])
    target = membership(jo, org)
    theirs = TeamFactory(organization=other_org)
    response = admin_client.post(url("member_edit", org, member_id=target.pk), {"role": "lead", "teams": [theirs.pk]})
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    assert list(target.teams.all()) == [teams["credit"]]


def test_remove_a_member_after_confirming(admin_client, org, make_member):
    kim = make_member(org, "viewer", username="kim")
    target = membership(kim, org)
    remove = url("member_remove", org, member_id=target.pk)
    confirm = admin_client.get(remove)
    assert confirm.status_code == 200 and b'id="remove-member"' in confirm.content
    assert Membership.objects.filter(pk=target.pk).exists()  # a GET changes nothing
    response = admin_client.post(remove, follow=True)
    assert response.redirect_chain[-1][0] == url("members", org)
    assert "Removed kim from" in response.content.decode()
    assert not Membership.objects.filter(pk=target.pk).exists()
    assert User.objects.filter(pk=kim.pk).exists()  # the account stays
    assert admin_client.post(remove).status_code == 404


def test_the_last_admin_cannot_be_demoted(admin_client, org, admin):
    own = membership(admin, org)
    response = admin_client.post(url("member_edit", org, member_id=own.pk), {"role": "viewer"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "last admin: make someone else an admin first" in html
    own.refresh_from_db()
    assert own.role == "admin"


def test_the_last_admin_cannot_remove_themselves(admin_client, org, admin):
    own = membership(admin, org)
    response = admin_client.post(url("member_remove", org, member_id=own.pk))
    assert response.status_code == 400
    assert "last admin and cannot be removed" in response.content.decode()
    assert Membership.objects.filter(pk=own.pk, role="admin").exists()


def test_with_a_second_admin_an_admin_may_step_down_or_leave(admin_client, org, admin, make_member):
    other = make_member(org, "admin")
    own = membership(admin, org)
    response = admin_client.post(url("member_edit", org, member_id=own.pk), {"role": "executive"})
    assert response.status_code == 302 and response.url == url("org_home", org)  # the members page is no longer theirs
    own.refresh_from_db()
    assert own.role == "executive"
    # now `other` is the last admin
    last = membership(other, org)
    with pytest.raises(ApplicationError):
        services.member_remove(access=get_org_access(other, org.slug), membership=last)
    own.role = "admin"
    own.save()
    response = admin_client.post(url("member_remove", org, member_id=own.pk))
    assert response.status_code == 302 and response.url == reverse("home")
    assert not Membership.objects.filter(pk=own.pk).exists()


def test_services_refuse_non_admins(org, admin, make_member):
    lead = make_member(org, "lead")
    access = get_org_access(lead, org.slug)
    for call in (
        lambda: services.member_invite(access=access, user=admin.username, role="viewer"),
        lambda: services.member_update(access=access, membership=membership(admin, org), role="viewer"),
        lambda: services.member_remove(access=access, membership=membership(admin, org)),
    ):
        with pytest.raises(ApplicationError) as exc:
            call()
        assert exc.value.status_code == 403


# --- password change ----------------------------------------------------------------------------------


def test_every_user_changes_their_password(client, org, make_member):
    viewer = make_member(org, "viewer", username="lou", password="pw-for-tests-1")
    client.force_login(viewer)
    page = client.get(reverse("password_change"))
    assert page.status_code == 200 and b'id="password-change"' in page.content
    assert reverse("password_change").encode() in client.get(url("org_home", org)).content  # linked in the navbar
    response = client.post(
        reverse("password_change"),
        {"old_password": "pw-for-tests-1", "new_password1": STRONG, "new_password2": STRONG},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("password_change_done")
    assert b"Your password was changed" in response.content
    assert client.get(url("org_home", org)).status_code == 200  # still logged in
    viewer.refresh_from_db()
    assert viewer.check_password(STRONG)


def test_a_wrong_old_password_is_an_error(client, org, make_member):
    viewer = make_member(org, "viewer", password="pw-for-tests-1")
    client.force_login(viewer)
    response = client.post(
        reverse("password_change"), {"old_password": "wrong", "new_password1": STRONG, "new_password2": STRONG}
    )
    assert response.status_code == 200
    assert "Your old password was entered incorrectly" in response.content.decode()
    viewer.refresh_from_db()
    assert viewer.check_password("pw-for-tests-1")


def test_the_password_page_needs_a_log_in(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("model", ["organization", "membership", "team", "person", "mlsystem", "opening"])
def test_the_django_admin_shows_tenant_data_but_changes_go_through_the_app(client, org, make_member, model):
    """Every rule of a tenant write lives in its service (pages and API); the Django admin only reads."""
    from orgs.models import Membership

    staff = make_member(org, "admin", is_staff=True, is_superuser=True)
    only_admin = Membership.objects.get(user=staff, organization=org)
    client.force_login(staff)
    listing = client.get(f"/admin/orgs/{model}/")
    assert listing.status_code == 200
    assert client.get(f"/admin/orgs/{model}/add/").status_code == 403
    if model == "membership":
        change = f"/admin/orgs/membership/{only_admin.pk}/change/"
        assert client.get(change).status_code == 200  # shown read-only
        response = client.post(change, {"user": staff.pk, "organization": org.pk, "role": "viewer"})
        assert response.status_code == 403
        assert client.get(f"/admin/orgs/membership/{only_admin.pk}/delete/").status_code == 403
        bulk = {"action": "delete_selected", "_selected_action": [only_admin.pk], "post": "yes"}
        client.post("/admin/orgs/membership/", bulk)
        assert Membership.objects.get(pk=only_admin.pk).role == "admin"
