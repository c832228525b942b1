"""The members page: an organisation's admins add, change and remove who may use it, and with which role."""

from functools import partial

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from teamplanner.exceptions import ApplicationError, ForbiddenError

from .. import members as services
from ..choices import MembershipRole
from ..decorators import org_view
from ..forms_members import MemberExistingForm, MemberNewForm, MemberRoleForm
from ..members import ADMINS_ONLY as MEMBERS_ADMINS_ONLY
from .service_forms import call_service

ADMIN = (MembershipRole.ADMIN,)
PAGE_SIZE = 100
CHANGE_PASSWORD = "Change password"


def _save(form, service, **kwargs):
    """Call `service` with the form's values; None (with the errors on the form) when a rule is broken."""
    return call_service(form, partial(service, **kwargs))


@org_view(roles=ADMIN, refusal=MEMBERS_ADMINS_ONLY)
@require_GET
def member_list(request):
    org = request.org_access.org
    page = Paginator(services.member_list(org=org), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "orgs/members.html", {"members": page})


@org_view(roles=ADMIN, refusal=MEMBERS_ADMINS_ONLY)
@require_http_methods(["GET", "POST"])
def member_add(request):
    access = request.org_access
    kind = request.POST.get("kind") if request.method == "POST" else None
    forms = {
        "existing": MemberExistingForm(
            request.POST if kind == "existing" else None, org=access.org, auto_id="existing_%s"
        ),
        "new": MemberNewForm(request.POST if kind == "new" else None, org=access.org, auto_id="new_%s"),
    }
    status = 200
    if request.method == "POST":
        status = 400
        form = forms.get(kind)
        if form is None:
            messages.error(request, "Choose whether to add an existing account or create a new one.")
        elif form.is_valid():
            if kind == "existing":
                if call_service(form, partial(services.member_invite, access=access)):
                    messages.success(request, services.INVITED)
                    return redirect("orgs:members", org_slug=access.org.slug)
            else:
                membership = _save(form, services.member_add_new, access=access)
                if membership is not None:
                    user, role = membership.user, membership.get_role_display()
                    messages.success(
                        request,
                        f"Created the account {user.get_username()} and added it as {role}. Pass the initial "
                        f"password on to them; they should change it at “{CHANGE_PASSWORD}” after logging in.",
                    )
                    return redirect("orgs:members", org_slug=access.org.slug)
    context = {"existing_form": forms["existing"], "new_form": forms["new"], "kind": kind}
    return render(request, "orgs/members_add.html", context, status=status)


@org_view(roles=ADMIN, refusal=MEMBERS_ADMINS_ONLY)
@require_http_methods(["GET", "POST"])
def member_edit(request, member_id: int):
    access = request.org_access
    membership = services.member_get(org=access.org, member_id=member_id)
    initial = {"role": membership.role, "teams": [team.pk for team in membership.teams.all()]}
    form = MemberRoleForm(request.POST if request.method == "POST" else None, org=access.org, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and _save(form, services.member_update, access=access, membership=membership):
            name = membership.user.get_full_name() or membership.user.get_username()
            messages.success(request, f"Saved: {name} is now {membership.get_role_display()}.")
            if membership.user_id == request.user.pk and membership.role != MembershipRole.ADMIN:
                return redirect("orgs:org_home", org_slug=access.org.slug)  # no longer allowed on this page
            return redirect("orgs:members", org_slug=access.org.slug)
    return render(request, "orgs/members_edit.html", {"member": membership, "form": form}, status=status)


@org_view(roles=ADMIN, refusal=MEMBERS_ADMINS_ONLY)
@require_http_methods(["GET", "POST"])
def member_remove(request, member_id: int):
    access = request.org_access
    membership = services.member_get(org=access.org, member_id=member_id)
    error, status = None, 200
    if request.method == "POST":
        try:
            services.member_remove(access=access, membership=membership)
        except ForbiddenError:
            raise
        except ApplicationError as exc:
            error, status = exc.message, 400
        else:
            user = membership.user
            messages.success(request, f"Removed {user.get_full_name() or user.get_username()} from {access.org.name}.")
            if user.pk == request.user.pk:
                return redirect("home")
            return redirect("orgs:members", org_slug=access.org.slug)
    return render(request, "orgs/members_remove.html", {"member": membership, "error": error}, status=status)
