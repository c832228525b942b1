from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from orgs.models import Assignment, Membership, MLSystem, Opening, Organization, Person, PersonSkill, Team
from roles.models import Responsibility, RoleTemplate, Skill


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", "pw-for-tests-1")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Org {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = "viewer"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Team {n}")
    kind = "central_ml"


def role(slug: str) -> RoleTemplate:
    """A catalog role by slug (the catalog fixture seeds them)."""
    return RoleTemplate.objects.get(slug=slug)


def responsibility(slug: str) -> Responsibility:
    return Responsibility.objects.get(slug=slug)


def skill(slug: str) -> Skill:
    return Skill.objects.get(slug=slug)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    organization = factory.LazyAttribute(lambda o: o.team.organization)
    team = factory.SubFactory(TeamFactory)
    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"person{n}@example.com")
    role = factory.LazyFunction(lambda: role("ml-engineer"))
    fte = Decimal("1.0")


class PersonSkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PersonSkill

    person = factory.SubFactory(PersonFactory)
    skill = factory.LazyFunction(lambda: skill("ml-expertise"))
    level = 2


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    person = factory.SubFactory(PersonFactory)
    responsibility = factory.LazyFunction(lambda: responsibility("model-deployment"))
    level = "owner"


class MLSystemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MLSystem
        skip_postgeneration_save = True

    organization = factory.LazyAttribute(lambda o: o.team.organization)
    team = factory.SubFactory(TeamFactory)
    name = factory.Sequence(lambda n: f"System {n}")
    stage = "production"

    @factory.post_generation
    def owners(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.owners.set(extracted)

    @factory.post_generation
    def deployers(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.deployers.set(extracted)


class OpeningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opening

    organization = factory.LazyAttribute(lambda o: o.team.organization)
    team = factory.SubFactory(TeamFactory)
    role = factory.LazyFunction(lambda: role("ml-engineer"))
    opened_on = factory.Faker("date_between", start_date="-1y", end_date="today")
    status = "open"
