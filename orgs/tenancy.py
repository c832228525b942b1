"""The one door to tenant data.

Every view, API view and task gets its organisation and its querysets through these
functions, so a user never reaches rows of an organisation they are not a member of.
An object of another organisation is answered with 404, never 403.
"""

from dataclasses import dataclass

from django.db.models import Model, QuerySet
from django.http import Http404

from vocabulary.teams import subtree

from .choices import MembershipRole
from .models import Membership, Organization, Team


def scoped(model_or_qs: type[Model] | QuerySet, user) -> QuerySet:
    """Rows of `model_or_qs` that belong to one of `user`'s organisations."""
    qs = model_or_qs if isinstance(model_or_qs, QuerySet) else model_or_qs.objects.all()
    return qs.for_user(user)


def user_orgs(user) -> QuerySet:
    return scoped(Organization, user).order_by("name")


@dataclass(frozen=True)
class OrgAccess:
    """An organisation as seen by one member: their role and the teams they may edit."""

    org: Organization
    membership: Membership

    @property
    def role(self) -> str:
        return self.membership.role

    @property
    def is_admin(self) -> bool:
        return self.membership.role == MembershipRole.ADMIN

    @property
    def is_executive(self) -> bool:
        return self.membership.role == MembershipRole.EXECUTIVE

    @property
    def is_lead(self) -> bool:
        return self.membership.role == MembershipRole.LEAD

    @property
    def can_read_results(self) -> bool:
        return True

    def led_team_ids(self) -> set[int]:
        """Ids of the teams this member leads, with every team below them."""
        if not hasattr(self, "_led_team_ids"):
            object.__setattr__(self, "_led_team_ids", _led_team_ids(self.membership))
        return self._led_team_ids

    def can_edit_team(self, team: Team | int | None) -> bool:
        """Admins edit every team of their org; leads edit the teams they lead and their sub-teams."""
        if self.is_admin:
            return True
        if not self.is_lead or team is None:
            return False
        team_id = team if isinstance(team, int) else team.pk
        return team_id in self.led_team_ids()

    def can_move_team(self, team: Team) -> bool:
        """Admins move and remove any team; leads only teams that sit below a team they lead."""
        if self.is_admin:
            return True
        led = self.led_team_ids() if self.is_lead else set()
        return team.pk in led and team.parent_id in led

    @property
    def can_edit_org(self) -> bool:
        return self.is_admin


def _led_team_ids(membership: Membership) -> set[int]:
    roots = set(membership.teams.values_list("pk", flat=True))
    # Leads named on a team through their person record lead it too.
    roots |= set(
        Team.objects.filter(organization_id=membership.organization_id, lead__user_id=membership.user_id).values_list(
            "pk", flat=True
        )
    )
    return team_subtree_ids(membership.organization_id, roots)


def team_subtree_ids(organization_id: int, roots) -> set[int]:
    """The teams `roots` with every team below them (one query, however deep)."""
    if not roots:
        return set()
    edges = Team.objects.filter(organization_id=organization_id).values_list("pk", "parent_id")
    return subtree(edges, roots)


def get_org_access(user, slug: str) -> OrgAccess:
    """The organisation `slug` as seen by `user`, or 404 when they are not a member."""
    if not getattr(user, "is_authenticated", False):
        raise Http404("No such organisation.")
    membership = Membership.objects.select_related("organization").filter(user=user, organization__slug=slug).first()
    if membership is None:
        raise Http404("No such organisation.")
    return OrgAccess(org=membership.organization, membership=membership)


def get_scoped_object(model_or_qs, user, **lookup):
    """One tenant object visible to `user`, or 404."""
    obj = scoped(model_or_qs, user).filter(**lookup).first()
    if obj is None:
        raise Http404("Not found.")
    return obj
