"""What posts asks about covert accounts (posts.hooks; general policy IV.E; issue 16.1): a covert account is used
only while the operation it belongs to is open, and is seen only by those the operation names."""

from posts import hooks

from . import permissions
from .choices import OperationStatus
from .models import Operation

Link = Operation.accounts.through


@hooks.covert_usable_source
def unusable_reason(account) -> str:
    operations = Operation.objects.filter(accounts=account)
    if operations.filter(status=OperationStatus.OPEN).exists():
        return ""
    section = account.department.cite("covert") or "general policy IV.E"
    if operations.filter(status=OperationStatus.PROPOSED).exists():
        return (
            f"{account} belongs to an undercover operation not yet approved: it cannot be used before the chief "
            f"or a designee approves the operation ({section})."
        )
    if operations.exists():
        return f"{account} belongs to an undercover operation that is closed: it can no longer be used ({section})."
    return f"{account} belongs to no undercover operation: a covert account is used only within one ({section})."


@hooks.covert_access_source
def covert_access(member):
    governed = Link.objects.values("socialaccount_id")
    if not member.is_authenticated or member.department_id is None:
        return governed, Link.objects.none().values("socialaccount_id")
    operations = permissions.visible(member, Operation.objects.all(), approvers=False)
    seen = Link.objects.filter(operation__in=operations.values("pk"))
    return governed, seen.values("socialaccount_id")
