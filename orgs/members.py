"""An organisation's memberships: who may sign in to it, with which role, and which teams a lead leads.

Reads (`member_list`, `member_get`, `invitation_list`) and writes (`member_invite`, `member_add_new`,
`member_update`, `member_remove`; `invitation_accept` and `invitation_decline` by the invited account), used
by the members page and the API alike. Writes are keyword-only, run in one
transaction, are allowed to the organisation's admins only (else `ForbiddenError`), and raise
`ApplicationError` when a rule is broken. The rules:

- a user is a member of an organisation at most once;
- an existing account joins only by accepting an invitation, and inviting answers the same whether the
  account exists or not;
- only team leads lead teams, and only teams of the same organisation (other roles keep no teams);
- the organisation always keeps at least one admin.
"""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, DateTimeField, Exists, F, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Concat, Lower, Trim
from django.http import Http404

from teamplanner.exceptions import ApplicationError, ConflictError, ForbiddenError

from .choices import MembershipRole
from .models import Invitation, Membership, Organization, Team
from .tenancy import OrgAccess

ADMINS_ONLY = "Only an admin of this organisation can manage its members."
ALREADY_MEMBER = "{name} is already a member of this organisation."


# --- reads ------------------------------------------------------------------------------------------


def member_list(*, org: Organization) -> QuerySet[Membership]:
    """The organisation's memberships with their users and led teams, sorted by name (then username).

    Annotated with `name` (the full name, or the username when there is none), `username`, `email`
    and `last_login` (None for an account that also belongs to another organisation), so pages and the API
    can sort by them; two queries at any size (the rows and
    the led teams).
    """
    full_name = Trim(Concat(F("user__first_name"), Value(" "), F("user__last_name")))
    elsewhere = Membership.objects.filter(user_id=OuterRef("user_id")).exclude(organization_id=org.pk)
    return (
        Membership.objects.for_org(org)
        .select_related("user")
        .prefetch_related(Prefetch("teams", queryset=Team.objects.only("pk", "name", "organization_id")))
        .annotate(
            name=Lower(
                Case(
                    When(~Q(user__first_name="") | ~Q(user__last_name=""), then=full_name), default=F("user__username")
                )
            ),
            username=F("user__username"),
            email=F("user__email"),
            # When the account also belongs to another organisation, its last log-in tells of activity there.
            last_login=Case(
                When(Exists(elsewhere), then=Value(None, output_field=DateTimeField())), default=F("user__last_login")
            ),
        )
        .order_by("name", "username", "pk")
    )


def member_get(*, org: Organization, member_id: int) -> Membership:
    """One membership of `org`, or 404 (also for another organisation's membership)."""
    membership = member_list(org=org).filter(pk=member_id).first()
    if membership is None:
        raise Http404("No such member.")
    return membership


# --- helpers ----------------------------------------------------------------------------------------


def _require_admin(access: OrgAccess) -> None:
    if not access.is_admin:
        raise ForbiddenError(ADMINS_ONLY)


def _lock_org(org: Organization) -> None:
    """Serialise membership changes of one organisation, so two admins cannot both demote each other."""
    Organization.objects.select_for_update().filter(pk=org.pk).first()


def _led_teams(org: Organization, role: str, teams: Iterable[Team] | None) -> list[Team]:
    if role != MembershipRole.LEAD:
        return []  # only leads lead teams: other roles edit every team (admins) or none
    teams = list(teams or [])
    foreign = [t for t in teams if t.organization_id != org.pk]
    if foreign:
        raise ApplicationError(
            "Please correct the errors below.", extra={"teams": ["Choose teams of this organisation only."]}
        )
    return teams


def _check_role(role: str) -> None:
    if role not in MembershipRole.values:
        choices = ", ".join(MembershipRole.values)
        raise ApplicationError("Please correct the errors below.", extra={"role": [f"Choose one of {choices}."]})


def _current_role(membership: Membership) -> str:
    """The member's role as stored now (after the lock), or 404 when they were removed meanwhile."""
    role = Membership.objects.filter(pk=membership.pk).values_list("role", flat=True).first()
    if role is None:
        raise Http404("No such member.")
    return role


def other_admins(membership: Membership) -> bool:
    """Whether the organisation has admins besides this member."""
    return (
        Membership.objects.filter(organization_id=membership.organization_id, role=MembershipRole.ADMIN)
        .exclude(pk=membership.pk)
        .exists()
    )


def _display(user) -> str:
    return user.get_full_name() or user.get_username()


def _already_member(user) -> ConflictError:
    message = ALREADY_MEMBER.format(name=_display(user))
    return ConflictError(message, extra={"user": [message]})


def _create_membership(org: Organization, user, role: str, teams: list[Team]) -> Membership:
    if Membership.objects.filter(organization=org, user=user).exists():
        raise _already_member(user)
    try:
        with transaction.atomic():
            membership = Membership.objects.create(organization=org, user=user, role=role)
            membership.teams.set(teams)
    except IntegrityError:  # added by someone else at the same moment
        raise _already_member(user)
    return membership


# --- writes -----------------------------------------------------------------------------------------


INVITED = (
    "If an account with this username or e-mail address exists, it has been invited; it joins when its owner accepts."
)


def _find_account(identifier: str):
    """The account whose username or e-mail address is `identifier` (exact, ignoring case), or None.

    None also when several accounts share the e-mail address and none has it as its username. Callers answer
    alike either way, so nobody learns which accounts exist.
    """
    User = get_user_model()
    exact = User.objects.filter(username=identifier).first()  # usernames may differ only in case
    if exact is not None:
        return exact
    by_username = list(User.objects.filter(username__iexact=identifier)[:2])
    if len(by_username) == 1:
        return by_username[0]
    by_email = list(User.objects.filter(email__iexact=identifier)[:2]) if "@" in identifier else []
    return by_email[0] if len(by_email) == 1 and not by_username else None


@transaction.atomic
def member_invite(*, access: OrgAccess, user: str, role: str, teams: Iterable[Team] | None = None) -> bool:
    """Invite an existing account (named by username or e-mail) to become a member with `role`.

    Nothing changes until its owner accepts (`invitation_accept`). Whether the account exists, is invited
    already or is a member already, the answer is the same (True, no error): an admin learns
    nothing about accounts of other organisations. Inviting again replaces the role and teams offered.
    """
    _require_admin(access)
    _check_role(role)
    identifier = (user or "").strip()
    if not identifier:
        raise ApplicationError("Please correct the errors below.", extra={"user": ["Enter a username or e-mail."]})
    led = _led_teams(access.org, role, teams)
    _lock_org(access.org)
    account = _find_account(identifier)
    if account is None or Membership.objects.filter(organization=access.org, user=account).exists():
        return True
    invitation, _ = Invitation.objects.update_or_create(
        organization=access.org, user=account, defaults={"role": role, "invited_by_id": access.membership.user_id}
    )
    invitation.teams.set(led)
    return True


def invitation_list(*, user) -> QuerySet[Invitation]:
    """The invitations waiting for `user`'s answer, oldest first, with their organisations."""
    return Invitation.objects.filter(user=user).select_related("organization").order_by("created_at", "pk")


def _own_invitation(user, invitation_id: int) -> Invitation:
    invitation = invitation_list(user=user).filter(pk=invitation_id).first()
    if invitation is None:
        raise Http404("No such invitation.")
    return invitation


@transaction.atomic
def invitation_accept(*, user, invitation_id: int) -> Membership:
    """Join the organisation of one of `user`'s invitations with the role (and led teams) offered."""
    invitation = _own_invitation(user, invitation_id)
    org = invitation.organization
    _lock_org(org)
    membership = Membership.objects.filter(organization=org, user=user).first()
    if membership is None:
        led = [team for team in invitation.teams.all() if team.organization_id == org.pk]
        membership = _create_membership(org, user, invitation.role, _led_teams(org, invitation.role, led))
    invitation.delete()
    return membership


@transaction.atomic
def invitation_decline(*, user, invitation_id: int) -> None:
    """Refuse one of `user`'s invitations; the organisation's admins may invite again."""
    _own_invitation(user, invitation_id).delete()


@transaction.atomic
def member_add_new(
    *,
    access: OrgAccess,
    username: str,
    email: str,
    password: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    teams: Iterable[Team] | None = None,
) -> Membership:
    """Create an account with an initial password (checked by the password validators) and make it a member.

    The username and e-mail address must not belong to another account (ignoring case). The admin passes
    the password on; the member should change it at "Change password".
    """
    _require_admin(access)
    _check_role(role)
    led = _led_teams(access.org, role, teams)
    User = get_user_model()
    username, email = (username or "").strip(), (email or "").strip()
    account = User(
        username=username, email=email, first_name=(first_name or "").strip(), last_name=(last_name or "").strip()
    )
    errors: dict[str, list[str]] = {}
    try:
        account.full_clean(exclude=["password", "last_login", "date_joined"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if not email:
        errors.setdefault("email", []).append("Enter the member's e-mail address.")
    if username and "username" not in errors and User.objects.filter(username__iexact=username).exists():
        errors["username"] = ["An account with this username exists already: add it as an existing account."]
    if email and "email" not in errors and User.objects.filter(email__iexact=email).exists():
        errors["email"] = ["An account with this e-mail address exists already: add it as an existing account."]
    if not password:
        errors["password"] = ["Enter an initial password."]
    else:
        try:
            validate_password(password, user=account)
        except ValidationError as exc:
            errors["password"] = list(exc.messages)
    if errors:
        raise ApplicationError("Please correct the errors below.", extra=errors)
    account.set_password(password)
    _lock_org(access.org)
    try:
        with transaction.atomic():
            account.save()
    except IntegrityError:
        raise ConflictError(
            "An account with this username was created at the same moment. Please try again.",
            extra={"username": ["Taken."]},
        )
    return _create_membership(access.org, account, role, led)


@transaction.atomic
def member_update(
    *, access: OrgAccess, membership: Membership, role: str | None = None, teams: Iterable[Team] | None = None
) -> Membership:
    """Change a member's role and/or the teams they lead (None leaves a value as it is).

    Leads keep the given teams (or their current ones); other roles lead none. The organisation's last
    admin cannot be given another role (409).
    """
    _require_admin(access)
    if membership.organization_id != access.org.pk:
        raise Http404("No such member.")
    if role is not None:
        _check_role(role)
    _lock_org(access.org)
    current = _current_role(membership)
    new_role = current if role is None else role
    if current == MembershipRole.ADMIN and new_role != MembershipRole.ADMIN and not other_admins(membership):
        message = f"{_display(membership.user)} is the organisation's last admin: make someone else an admin first."
        raise ConflictError(message, extra={"role": [message]})
    if teams is None:
        teams = membership.teams.all() if new_role == MembershipRole.LEAD else []
    led = _led_teams(access.org, new_role, teams)
    if new_role != current:
        Membership.objects.filter(pk=membership.pk).update(role=new_role)
    membership.role = new_role
    membership.teams.set(led)  # also drops the teams prefetched with the membership
    return membership


@transaction.atomic
def member_remove(*, access: OrgAccess, membership: Membership) -> None:
    """Remove a member from the organisation (their account stays). The last admin cannot be removed (409)."""
    _require_admin(access)
    if membership.organization_id != access.org.pk:
        raise Http404("No such member.")
    _lock_org(access.org)
    if _current_role(membership) == MembershipRole.ADMIN and not other_admins(membership):
        raise ConflictError(
            f"{_display(membership.user)} is the organisation's last admin and cannot be removed: "
            "make someone else an admin first."
        )
    membership.delete()
