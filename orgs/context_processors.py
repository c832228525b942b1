def current_org(request):
    """The organisation the page is about (set by org views) and the user's other organisations."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    from .tenancy import user_orgs

    return {
        "user_orgs": list(user_orgs(user)),
        "access": getattr(request, "org_access", None),
    }
