from . import second_factor, sessions


def sign_in(request):
    """`sign_in_complete`: signed in and past the second step, so the layout shows the member and the
    navigation (a member held at the second step sees only that step)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"sign_in_complete": False}
    session = request.session
    state = (session.get(sessions.SECOND_FACTOR) or [None])[0]
    return {"sign_in_complete": second_factor.is_verified(session) or state in (None, "none", "verified")}
