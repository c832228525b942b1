"""Pages of an organisation: home, team and person pages, the responsibility matrix, import and export."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from ..decorators import org_view
from ..filters import PersonFilterSet
from ..models import Team
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
    access = request.org_access
    org = access.org
    search = PersonFilterSet(request.GET, queryset=person_list(org=org))  # the API's filter for the same list
    people = Paginator(search.qs, 100).get_page(request.GET.get("page"))
    my_teams = []
    if access.is_lead:
        led = set(access.membership.teams.values_list("pk", flat=True))
        my_teams = list(Team.objects.for_org(org).filter(pk__in=led).order_by("name"))
    context = {"org": org, "tree": team_tree(org=org), "people": people, "q": search.form["q"].value() or ""}
    return render(request, "orgs/org_home.html", {**context, "my_teams": my_teams})
