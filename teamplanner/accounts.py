"""Account pages: the rate-limited log-in and the page where a user manages their API token."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.forms.utils import ErrorDict
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .throttling import client_ip, login_attempt, login_succeeded
from .tokens import LIFETIMES, token_for, token_issue, token_revoke


class ThrottledLoginView(auth_views.LoginView):
    """Django's log-in, refusing attempts past the limits per username and address and per address."""

    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "")
        block = login_attempt(username, client_ip(request))
        if block is not None:
            # The password is not checked at all while blocked, so the form is not validated.
            form = self.get_form()
            form._errors, form.cleaned_data = ErrorDict(), {}
            form.add_error(None, block.message)
            response = self.render_to_response(self.get_context_data(form=form))
            response.status_code = 429
            response["Retry-After"] = str(block.seconds_left)
            return response
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        login_succeeded(self.request.POST.get("username", ""), client_ip(self.request))
        return super().form_valid(form)


def admin_login(request, extra_context=None):
    """The admin site's log-in, under the same limit on failed attempts as the app's log-in."""
    from django.contrib import admin

    from .views import too_many_requests

    if request.method != "POST":
        return admin.site.login(request, extra_context)
    username, ip = request.POST.get("username", ""), client_ip(request)
    block = login_attempt(username, ip)
    if block is not None:
        return too_many_requests(request, block.message, block.seconds_left)
    response = admin.site.login(request, extra_context)
    if response.status_code == 302:  # signed in; a refused log-in shows the form again (and stays counted)
        login_succeeded(username, ip)
    return response


@never_cache  # the page may show a new key: no browser or proxy may keep a copy
@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request):
    """Create (or replace) and revoke the signed-in user's API token.

    A new key is shown once, on the page that created it; it is stored only as a digest, so afterwards
    only its first characters are known.
    """
    new_key = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create" and request.POST.get("lifetime", "90") in LIFETIMES:
            new_key = token_issue(user=request.user, days=LIFETIMES[request.POST.get("lifetime", "90")])
        elif action == "revoke":
            if token_revoke(user=request.user):
                messages.success(request, "Your API token was revoked; requests made with it are now refused.")
            else:
                messages.info(request, "You had no API token.")
            return redirect("api_tokens")
        else:
            messages.error(request, "Choose whether to create or to revoke a token.")
            return redirect("api_tokens")
    context = {"token": token_for(request.user), "new_key": new_key, "lifetimes": LIFETIMES}
    return render(request, "accounts/api_tokens.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def invitations(request):
    """The invitations waiting for the signed-in user: accept one to join that organisation, or decline it."""
    from orgs import members

    if request.method == "POST":
        invitation_id = int(request.POST.get("invitation") or 0) if request.POST.get("invitation", "").isdigit() else 0
        if request.POST.get("action") == "accept":
            membership = members.invitation_accept(user=request.user, invitation_id=invitation_id)
            org = membership.organization
            messages.success(request, f"You joined {org.name} as {membership.get_role_display()}.")
            return redirect("orgs:org_home", org_slug=org.slug)
        members.invitation_decline(user=request.user, invitation_id=invitation_id)
        messages.info(request, "Invitation declined.")
        return redirect("invitations")
    return render(request, "accounts/invitations.html", {"invitations": members.invitation_list(user=request.user)})
