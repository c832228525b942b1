from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from orgs.models import Assignment, Person
from tests.orgs.factories import (
    AssignmentFactory,
    OpeningFactory,
    PersonFactory,
    PersonSkillFactory,
    TeamFactory,
    responsibility,
)

pytestmark = pytest.mark.django_db


def _fails(factory, **kwargs):
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(**kwargs)


def test_team_name_unique_per_org_but_not_across_orgs(org, other_org):
    TeamFactory(organization=org, name="Platform")
    _fails(TeamFactory, organization=org, name="Platform")
    TeamFactory(organization=other_org, name="Platform")


def test_team_cannot_be_its_own_parent(org):
    team = TeamFactory(organization=org)
    team.parent_id = team.pk
    with pytest.raises(IntegrityError), transaction.atomic():
        team.save()


def test_team_ancestor_cycle_is_rejected_by_validation(org):
    a = TeamFactory(organization=org)
    b = TeamFactory(organization=org, parent=a)
    c = TeamFactory(organization=org, parent=b)
    a.parent = c
    with pytest.raises(ValidationError, match="own ancestor"):
        a.full_clean()


def test_person_email_unique_per_org_ignoring_case(org, other_org):
    team = TeamFactory(organization=org)
    PersonFactory(team=team, email="ada@example.com")
    _fails(PersonFactory, team=team, email="ADA@example.com")
    PersonFactory(team=TeamFactory(organization=other_org), email="ada@example.com")


@pytest.mark.parametrize("fte", [Decimal("0"), Decimal("-0.5"), Decimal("1.5")])
def test_person_fte_out_of_range_is_rejected(org, fte):
    _fails(PersonFactory, team=TeamFactory(organization=org), fte=fte)


def test_person_fte_bounds_accepted(org):
    team = TeamFactory(organization=org)
    assert PersonFactory(team=team, fte=Decimal("1")).fte == 1
    assert PersonFactory(team=team, fte=Decimal("0.1")).fte == Decimal("0.1")


def test_person_cannot_manage_themselves(org):
    person = PersonFactory(team=TeamFactory(organization=org))
    person.manager_id = person.pk
    with pytest.raises(IntegrityError), transaction.atomic():
        person.save()


def test_manager_cycle_is_rejected_by_validation(org):
    team = TeamFactory(organization=org)
    boss = PersonFactory(team=team)
    report = PersonFactory(team=team, manager=boss)
    boss.manager = report
    with pytest.raises(ValidationError, match="cycle"):
        boss.full_clean()


def test_manager_from_another_org_is_rejected(org, other_org):
    person = PersonFactory(team=TeamFactory(organization=org))
    person.manager = PersonFactory(team=TeamFactory(organization=other_org))
    with pytest.raises(ValidationError, match="same organisation"):
        person.full_clean()


def test_email_is_normalised_by_clean(org):
    person = PersonFactory.build(team=TeamFactory(organization=org), email="  Grace@Example.COM ")
    person.organization = person.team.organization
    person.full_clean(exclude=["role"])
    assert person.email == "grace@example.com"


@pytest.mark.parametrize("level", [5, 9])
def test_skill_level_above_four_is_rejected(org, level):
    _fails(PersonSkillFactory, person=PersonFactory(team=TeamFactory(organization=org)), level=level)


def test_one_assignment_per_person_and_responsibility(org):
    person = PersonFactory(team=TeamFactory(organization=org))
    AssignmentFactory(person=person, responsibility=responsibility("ci-cd"))
    _fails(AssignmentFactory, person=person, responsibility=responsibility("ci-cd"), level="backup")


def test_assignment_level_must_be_known(org):
    person = PersonFactory(team=TeamFactory(organization=org))
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(person=person, responsibility=responsibility("ci-cd"), level="boss")


def test_opening_cannot_be_filled_before_opened(org):
    team = TeamFactory(organization=org)
    _fails(OpeningFactory, team=team, opened_on=date(2026, 5, 1), status="filled", filled_on=date(2026, 4, 1))


def test_filled_opening_needs_a_date(org):
    _fails(OpeningFactory, team=TeamFactory(organization=org), status="filled", filled_on=None)


def test_team_in_use_cannot_be_deleted_silently(org):
    team = TeamFactory(organization=org)
    PersonFactory(team=team)
    from django.db.models import RestrictedError

    with pytest.raises(RestrictedError):
        team.delete()
    assert Person.objects.filter(team=team).exists()


def test_data_changes_move_the_org_change_time(org):
    before = type(org).objects.get(pk=org.pk).data_changed_at
    PersonFactory(team=TeamFactory(organization=org))
    assert type(org).objects.get(pk=org.pk).data_changed_at > before
