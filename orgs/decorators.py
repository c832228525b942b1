from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404

from teamplanner.exceptions import ForbiddenError

from .tenancy import get_org_access

NOT_YOUR_ROLE = "Your role in this organisation does not allow this change."


def org_view(*, roles: tuple[str, ...] | None = None, refusal: str = NOT_YOUR_ROLE, visible_to=None):
    """Resolve `org_slug` from the URL into `request.org_access` (404 for non-members).

    The same rule as the API's: a member whose role is not in `roles` is refused (403, with
    `refusal` as the reason), while a section listed only for `visible_to` does not exist for
    the other members (404), as the API's `visible_to` hides it.
    """

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, org_slug, *args, **kwargs):
            access = get_org_access(request.user, org_slug)
            if visible_to and access.role not in visible_to:
                raise Http404("Not found.")
            if roles and access.role not in roles:
                raise ForbiddenError(refusal)
            request.org_access = access
            if request.session.get("last_org") != org_slug:  # write the session only when it changes
                request.session["last_org"] = org_slug
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
