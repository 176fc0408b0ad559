"""The one door for notifications (STYLE.md §3): a notification is seen by its recipient only (not there: 404)."""


def can(member, action: str, obj=None) -> bool:
    if member is None or not member.is_authenticated:
        return False
    match action:
        case "view_notifications":
            return True
        case "read_notification":
            return obj is not None and obj.recipient_id == member.pk
    raise ValueError(f"unknown action {action!r}")


def visible(member, queryset):
    if member is None or not member.is_authenticated:
        return queryset.none()
    return queryset.filter(recipient_id=member.pk)
