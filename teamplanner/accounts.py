"""Account pages: the rate-limited log-in and the page where a user manages their API token."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.forms.utils import ErrorDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods
from rest_framework.authtoken.models import Token

from .throttling import login_block, login_failed, login_succeeded


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR") or "unknown"


class ThrottledLoginView(auth_views.LoginView):
    """Django's log-in, refusing further attempts for a username from one address after too many failures."""

    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "")
        block = login_block(username, client_ip(request))
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

    def form_invalid(self, form):
        login_failed(self.request.POST.get("username", ""), client_ip(self.request))
        return super().form_invalid(form)

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
    block = login_block(username, ip)
    if block is not None:
        return too_many_requests(request, block.message, block.seconds_left)
    response = admin.site.login(request, extra_context)
    if response.status_code == 302:  # signed in; a refused log-in shows the form again
        login_succeeded(username, ip)
    else:
        login_failed(username, ip)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request):
    """Create (or replace) and revoke the signed-in user's API token.

    A new key is shown once, on the page that created it; afterwards only its first characters are.
    """
    token = Token.objects.filter(user=request.user).first()
    new_key = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create":
            with transaction.atomic():
                Token.objects.filter(user=request.user).delete()
                token = Token.objects.create(user=request.user)
            new_key = token.key
        elif action == "revoke":
            deleted, _ = Token.objects.filter(user=request.user).delete()
            if deleted:
                messages.success(request, "Your API token was revoked; requests made with it are now refused.")
            else:
                messages.info(request, "You had no API token.")
            return redirect("api_tokens")
        else:
            messages.error(request, "Choose whether to create or to revoke a token.")
            return redirect("api_tokens")
    return render(request, "accounts/api_tokens.html", {"token": token, "new_key": new_key})
