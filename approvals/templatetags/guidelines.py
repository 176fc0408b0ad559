"""The chief's guidelines where posts are written and decided (3xx.3; issue 16.3), for posts' templates without
posts importing approvals: `{% guideline_panel form %}` in the editor, `{% attestation_field post %}` in the
submit form and `{% conformance_note post %}` on the post page."""

from django import template

from .. import guidelines
from ..models import Guideline

register = template.Library()


def _visible(user, category):
    if not category or not getattr(user, "is_authenticated", False):
        return None
    return (
        guidelines.visible(user, Guideline.objects.prefetch_related("accounts", "templates"))
        .filter(category=category)
        .first()
    )


@register.inclusion_tag("approvals/_guideline_panel.html", takes_context=True)
def guideline_panel(context, form):
    """The guideline for the category the editor shows; htmx replaces it when the author chooses another."""
    category = form["category"].value() if "category" in form.fields else ""
    return {
        "guideline": _visible(context["request"].user, category),
        "category": category,
        "department": context.get("department"),
    }


@register.inclusion_tag("approvals/_attestation_field.html", takes_context=True)
def attestation_field(context, post):
    """The author's attestation that the post strictly conforms, offered when a guideline covers its category."""
    user = context["request"].user
    guideline = _visible(user, post.category) if user.pk == post.author_id else None
    return {"guideline": guideline, "department": context.get("department")}


@register.inclusion_tag("approvals/_conformance_note.html", takes_context=True)
def conformance_note(context, post):
    """Whether the post strictly conforms to the chief's guideline, and on what basis (3xx.3)."""
    return {"verdict": guidelines.verdict(post), "department": context.get("department")}
