"""At sign-in, a member who owes an acknowledgment of the policy version in force is marked in the session, so
the first page they open leads them to it (conduct.middleware; issue 15.1). Asked once, at sign-in: the pages
after it cost no query."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .policy import needs_acknowledgment

PENDING = "conduct.acknowledgment_pending"
PROMPTED = "conduct.acknowledgment_prompted"


@receiver(user_logged_in)
def ask_for_acknowledgment(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is None:
        return
    version = needs_acknowledgment(user)
    session.pop(PROMPTED, None)
    if version is None:
        session.pop(PENDING, None)
    else:
        session[PENDING] = version.pk
