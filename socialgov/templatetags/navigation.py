"""`{% main_navigation %}`: the pages the signed-in member may open (socialgov.navigation)."""

from django import template

from socialgov.navigation import links_for

register = template.Library()


@register.inclusion_tag("socialgov/navigation.html", takes_context=True)
def main_navigation(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"links": []}
    return {"links": links_for(request)}
