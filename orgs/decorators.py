from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404

from .tenancy import get_org_access


def org_view(*, roles: tuple[str, ...] | None = None):
    """Resolve `org_slug` from the URL into `request.org_access` (404 for non-members).

    `roles` limits the view to those membership roles; other members get 404 as well, so a
    page's existence is not revealed to those who may not see it.
    """

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, org_slug, *args, **kwargs):
            access = get_org_access(request.user, org_slug)
            if roles and access.role not in roles:
                raise Http404("Not found.")
            request.org_access = access
            if request.session.get("last_org") != org_slug:  # write the session only when it changes
                request.session["last_org"] = org_slug
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
