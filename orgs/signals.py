"""Bookkeeping only: remember when an organisation's data last changed, so the beat
schedule can re-score organisations whose data moved since their last score."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from .models import Assignment, MLSystem, Opening, Organization, Person, PersonSkill, Team


def touch_org(org_id: int | None) -> None:
    if org_id:
        Organization.objects.filter(pk=org_id).update(data_changed_at=timezone.now())


@receiver([post_save, post_delete], sender=Team)
@receiver([post_save, post_delete], sender=Person)
@receiver([post_save, post_delete], sender=MLSystem)
@receiver([post_save, post_delete], sender=Opening)
def _org_row_changed(sender, instance, **kwargs):
    touch_org(instance.organization_id)


@receiver([post_save, post_delete], sender=Assignment)
@receiver([post_save, post_delete], sender=PersonSkill)
def _person_row_changed(sender, instance, **kwargs):
    org_id = Person.objects.filter(pk=instance.person_id).values_list("organization_id", flat=True).first()
    touch_org(org_id)


@receiver(m2m_changed, sender=MLSystem.owners.through)
@receiver(m2m_changed, sender=MLSystem.deployers.through)
def _system_people_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and isinstance(instance, MLSystem):
        touch_org(instance.organization_id)
