"""Pages of an organisation: home, team and person pages, the responsibility matrix, import and export."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from ..decorators import org_view
from ..selectors import person_list, team_tree
from ..tenancy import user_orgs


@login_required
def home(request):
    """Send the user to the organisation they used last, or let them choose."""
    orgs = list(user_orgs(request.user))
    last = request.session.get("last_org")
    if last and any(o.slug == last for o in orgs):
        return redirect("orgs:org_home", org_slug=last)
    if len(orgs) == 1:
        return redirect("orgs:org_home", org_slug=orgs[0].slug)
    return render(request, "orgs/org_list.html", {"orgs": orgs})


@org_view()
def org_home(request):
    org = request.org_access.org
    people = Paginator(person_list(org=org), 100).get_page(request.GET.get("page"))
    return render(request, "orgs/org_home.html", {"org": org, "tree": team_tree(org=org), "people": people})
