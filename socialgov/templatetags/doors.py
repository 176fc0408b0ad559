"""`{% can "posts.edit_post" post as may_edit %}`: any app's permission door, asked from a template.

Each app keeps one door, `<app>.permissions.can(member, action, obj=None)` (STYLE.md §3); the tag names the
app and the action, so templates ask exactly what the views ask. The web layer names the app by string, as
the root URLconf names its URL modules, and imports none. Answers to questions without an object are kept
for the rest of the request.
"""

from importlib import import_module

from django import template

register = template.Library()


def door(app_action: str):
    app, _, action = app_action.partition(".")
    if not app or not action:
        raise template.TemplateSyntaxError(f'{{% can %}} takes "app.action", not {app_action!r}')
    return import_module(f"{app}.permissions").can, action


@register.simple_tag(takes_context=True)
def can(context, app_action: str, obj=None) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    ask, action = door(app_action)
    if obj is not None:
        return ask(user, action, obj)
    answers = request.__dict__.setdefault("_door_answers", {})
    if app_action not in answers:
        answers[app_action] = ask(user, action)
    return answers[app_action]
