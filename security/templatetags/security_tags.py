"""The member page's sign-in panel (lockout and second factor), drawn by security for people's page.

people sits below security and never imports it (docs/architecture.md): its member page loads this tag.
"""

from django import template

from .. import permissions, services

register = template.Library()


@register.inclusion_tag("security/_member_sign_in.html", takes_context=True)
def member_sign_in(context, subject):
    """Lockout and second factor, for the chief (or an administrator) who may unlock or reset them."""
    user = context["request"].user
    may_unlock = permissions.can(user, "unlock", subject)
    return {"subject": subject, "sign_in": services.sign_in_status(subject) if may_unlock else None}
