from django.utils.functional import SimpleLazyObject

from .models import Notification


def notifications(request):
    """The unread count in the header: one COUNT query, only on pages that show it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: Notification.objects.for_member(user).unread().count())}
