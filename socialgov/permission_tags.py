"""What the `{% can %}`-style template tags of each app share: asking an app's permission door from a
template, with the answers to object-free questions kept for the rest of the request (the navigation asks
the same ones on every page)."""


def request_can(context, can, cache_name: str, action: str, obj=None) -> bool:
    """`can(user, action[, obj])` for the signed-in member of the template's request; False when signed out."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    if obj is not None:
        return can(user, action, obj)
    answers = request.__dict__.setdefault(cache_name, {})
    if action not in answers:
        answers[action] = can(user, action)
    return answers[action]
