"""People, their skill levels, their cells of the responsibility matrix and ML systems over the API; every
write through `orgs.services`, as in the browser."""

from django.db import transaction
from django.db.models import Prefetch

from teamplanner.api_base import OrgScopedViewSet

from ... import services
from ...filters import AssignmentFilterSet, MLSystemFilterSet, PersonFilterSet, PersonSkillFilterSet
from ...models import Assignment, MLSystem, Person, PersonSkill
from ...selectors import person_list
from ..serializers import AssignmentSerializer, MLSystemSerializer, PersonSerializer, PersonSkillSerializer


class PersonViewSet(OrgScopedViewSet):
    """People of the organisation. Leads change the people of the teams they lead (`orgs.services`)."""

    model = Person
    serializer_class = PersonSerializer
    filterset_class = PersonFilterSet
    ordering_fields = ["name", "email", "fte", "start_date", "updated_at"]
    ordering = ["name"]
    create_service = staticmethod(services.person_create)
    update_service = staticmethod(services.person_update)
    delete_service = staticmethod(services.person_delete)
    instance_name = "person"
    list_selector = staticmethod(person_list)


class _CellViewSet(OrgScopedViewSet):
    """A value per person and catalog entry (`other`: a skill or a responsibility), set by one service call
    that also removes it (value None). Changing the person or the entry moves the value."""

    other: str
    value = "level"

    def teams_of(self, obj):
        return [obj.person.team]

    def select(self, qs):
        return qs.select_related("person__team", self.other)

    def set_value(self, person, other, value):
        raise NotImplementedError

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = self.set_value(data["person"], data[self.other], data[self.value])

    def perform_update(self, serializer):
        current, data = serializer.instance, serializer.validated_data
        person, other = data.get("person", current.person), data.get(self.other, getattr(current, self.other))
        with transaction.atomic():
            if (person.pk, other.pk) != (current.person_id, getattr(current, f"{self.other}_id")):
                self.set_value(current.person, getattr(current, self.other), None)
            serializer.instance = self.set_value(person, other, data.get(self.value, getattr(current, self.value)))

    def perform_destroy(self, instance):
        self.set_value(instance.person, getattr(instance, self.other), None)


class PersonSkillViewSet(_CellViewSet):
    """Skill levels (0-4) of the organisation's people, one per person and skill."""

    model = PersonSkill
    serializer_class = PersonSkillSerializer
    filterset_class = PersonSkillFilterSet
    ordering_fields = ["level", "person__name", "skill__name"]
    ordering = ["person__name", "skill__name"]
    other = "skill"

    def set_value(self, person, skill, level):
        services.person_update(access=self.org_access, person=person, skills={skill: level})
        return PersonSkill.objects.select_related("person", "skill").filter(person=person, skill=skill).first()


class AssignmentViewSet(_CellViewSet):
    """Who does what: a person's level (owner, contributor, backup) on a responsibility (a matrix cell)."""

    model = Assignment
    serializer_class = AssignmentSerializer
    filterset_class = AssignmentFilterSet
    ordering_fields = ["level", "person__name", "responsibility__name", "updated_at"]
    ordering = ["responsibility__name", "person__name"]
    other = "responsibility"

    def set_value(self, person, responsibility, level):
        return services.assignment_set(
            access=self.org_access, person=person, responsibility=responsibility, level=level
        )


class MLSystemViewSet(OrgScopedViewSet):
    """ML systems (models and pipelines) with the people who own and can deploy them."""

    model = MLSystem
    serializer_class = MLSystemSerializer
    filterset_class = MLSystemFilterSet
    ordering_fields = ["name", "stage", "updated_at"]
    ordering = ["name"]
    create_service = staticmethod(services.system_create)
    update_service = staticmethod(services.system_update)
    delete_service = staticmethod(services.system_delete)
    instance_name = "system"

    def select(self, qs):
        only_ids = Person.objects.only("pk")
        return qs.select_related("team").prefetch_related(
            Prefetch("owners", queryset=only_ids), Prefetch("deployers", queryset=only_ids)
        )
