from dataclasses import dataclass

import pytest
from rest_framework.test import APIClient

from teamplanner.tokens import token_issue
from tests.orgs.factories import (
    AssignmentFactory,
    MLSystemFactory,
    OpeningFactory,
    PersonFactory,
    PersonSkillFactory,
    TeamFactory,
    UserFactory,
)


@pytest.fixture
def api_client():
    """api_client(user=None) -> an APIClient authenticated with `user`'s API token (anonymous without one)."""

    keys = {}

    def make(user=None):
        client = APIClient()
        if user is not None:
            if user.pk not in keys:  # a new token would revoke the one this user's other clients hold
                keys[user.pk] = token_issue(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {keys[user.pk]}")
        return client

    return make


@dataclass
class OrgData:
    """An organisation with a led branch (led > led_child) and a branch the lead does not lead (other)."""

    org: object
    led: object
    led_child: object
    other: object
    people: dict
    systems: dict
    openings: dict
    skills: dict
    assignments: dict


def build_org_data(org) -> OrgData:
    led = TeamFactory(organization=org, name="Credit models")
    led_child = TeamFactory(organization=org, name="Credit pods", parent=led)
    other = TeamFactory(organization=org, name="Marketing analytics")
    people = {
        "led": PersonFactory(team=led_child, name="Ada Led"),
        "other": PersonFactory(team=other, name="Bo Other"),
    }
    systems = {
        "led": MLSystemFactory(team=led_child, owners=[people["led"]], deployers=[people["led"]]),
        "other": MLSystemFactory(team=other, owners=[people["other"]]),
    }
    openings = {"led": OpeningFactory(team=led_child), "other": OpeningFactory(team=other)}
    skills = {"led": PersonSkillFactory(person=people["led"]), "other": PersonSkillFactory(person=people["other"])}
    assignments = {"led": AssignmentFactory(person=people["led"]), "other": AssignmentFactory(person=people["other"])}
    return OrgData(org, led, led_child, other, people, systems, openings, skills, assignments)


@pytest.fixture
def org_data(org):
    return build_org_data(org)


@pytest.fixture
def other_org_data(other_org):
    return build_org_data(other_org)


@pytest.fixture
def members(org, org_data, other_org, make_member):
    """A user for each membership role in `org`, an outsider (member of another org only) and anonymous (None)."""
    return {
        "admin": make_member(org, "admin"),
        "executive": make_member(org, "executive"),
        "lead": make_member(org, "lead", teams=[org_data.led]),
        "viewer": make_member(org, "viewer"),
        "outsider": make_member(other_org, "admin"),
        "anonymous": None,
    }


@pytest.fixture
def staff_user(db):
    return UserFactory(is_staff=True)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Users are made by the dozen here; a fast hasher keeps the matrix quick (log-in tests still hash)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
