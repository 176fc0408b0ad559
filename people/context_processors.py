def current_member(request):
    """The department, member and roles shown in the base layout."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"department": user.department, "member_roles": user.role_labels}
