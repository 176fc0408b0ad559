"""Connecting an account to its platform and disconnecting it (issue 12): the chief only (general policy IV.A.2:
the chief approves the department's accounts). Connecting opens a session to prove the credentials; the app
password and the session are stored encrypted (platforms.secrets) and never shown back, logged or exported.
"""

from atproto_client.client.session import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from audits.models import AuditEvent
from notifications import services as notifications
from notifications.reminders import role_holders
from people.roles import Role
from posts.choices import Channel, Platform
from posts.models import SocialAccount
from socialgov.errors import InvalidTransition

from . import secrets
from .bluesky import client as bluesky
from .models import Connection, ConnectionStatus

CONNECTABLE = {Platform.BLUESKY: Channel.BLUESKY}


def connection_snapshot(connection: Connection | None) -> dict:
    """What the audit trail records of a connection: never the password or the tokens."""
    if connection is None:
        return {"connected": False}
    return {
        "connected": True,
        "service": connection.service,
        "identifier": connection.identifier,
        "did": connection.did,
        "status": connection.status,
    }


def may_connect(member, account: SocialAccount) -> bool:
    return member.department_id == account.department_id and member.has_role(Role.CHIEF)


def connect(*, by, account: SocialAccount, service: str, identifier: str, app_password: str) -> Connection:
    """Verify the credentials by opening a session, then store the connection (replacing an earlier one)."""
    if not may_connect(by, account):
        raise PermissionDenied("Only the chief of police connects the department's accounts (general policy IV.A.2).")
    service = (service or "").strip() or bluesky.DEFAULT_SERVICE
    identifier = (identifier or "").strip().lstrip("@")
    errors = {}
    if account.platform not in CONNECTABLE:
        errors["account"] = [f"{account.get_platform_display()} accounts cannot be connected yet; Bluesky can."]
    if not identifier:
        errors["identifier"] = ["Give the account's handle."]
    if not app_password:
        errors["app_password"] = [
            "Give an app password made for socialgov in the account's settings (never the account's main password)."
        ]
    if errors:
        raise ValidationError(errors)
    try:
        client = bluesky.sign_in(service, identifier, app_password)
    except bluesky.PlatformError as error:
        raise ValidationError({error.field or "service": [str(error)]}) from None
    session_string = client.export_session_string()
    session = Session.decode(session_string)  # the account's DID and handle, and the tokens
    with transaction.atomic():
        account = SocialAccount.objects.select_for_update().get(pk=account.pk)
        before = connection_snapshot(Connection.objects.filter(account=account).first())
        connection, _ = Connection.objects.update_or_create(
            account=account,
            defaults={
                "service": service,
                "identifier": identifier,
                "did": session.did,
                "handle": session.handle,
                "app_password": secrets.encrypt(app_password),
                "session": secrets.encrypt(session_string),
                "status": ConnectionStatus.CONNECTED,
                "error": "",
                "connected_by": by,
                "connected_at": timezone.now(),
            },
        )
        if account.channel != CONNECTABLE[account.platform]:
            account.channel = CONNECTABLE[account.platform]
            account.save(update_fields=["channel", "updated_at"])
        AuditEvent.record(
            actor=by,
            action="platforms.connect",
            target=account,
            before=before,
            after={**connection_snapshot(connection), "channel": account.channel},
        )
    return connection


@transaction.atomic
def disconnect(*, by, account: SocialAccount) -> None:
    """Forget the credentials; what was captured stays (it is a record). The account goes back to manual."""
    if not may_connect(by, account):
        raise PermissionDenied("Only the chief of police disconnects the department's accounts.")
    account = SocialAccount.objects.select_for_update().get(pk=account.pk)
    connection = Connection.objects.filter(account=account).first()
    if connection is None:
        raise InvalidTransition(account, "disconnect", f"{account} is not connected.")
    before = connection_snapshot(connection)
    connection.delete()
    account.channel = Channel.MANUAL
    account.save(update_fields=["channel", "updated_at"])
    AuditEvent.record(
        actor=by,
        action="platforms.disconnect",
        target=account,
        before=before,
        after={"connected": False, "channel": Channel.MANUAL},
    )


def save_session(connection: Connection, session_string: str) -> None:
    """Keep the current session tokens, encrypted (the SDK refreshes them when they expire)."""
    token = secrets.encrypt(session_string)
    Connection.objects.filter(pk=connection.pk).update(session=token)
    connection.session = token


def mark_broken(connection: Connection, problem: str) -> None:
    """The platform refused the app password (revoked, or the account suspended): the connection is broken
    until the chief connects it again, and the chief is told once."""
    with transaction.atomic():
        changed = Connection.objects.filter(pk=connection.pk, status=ConnectionStatus.CONNECTED).update(
            status=ConnectionStatus.BROKEN, error=problem, session=""
        )
        if changed != 1:
            return
        account = connection.account
        event = AuditEvent.record(
            actor=None,
            action="platforms.connection.broken",
            target=account,
            after={"status": ConnectionStatus.BROKEN, "error": problem},
        )
        notifications.tell(
            key=f"platforms.connection.broken:{event.pk}",
            kind="platforms.connection_broken",
            department_id=account.department_id,
            recipients=role_holders(account.department_id, Role.CHIEF),
            subject=f"{account} is no longer connected",
            reason=f"{account.get_platform_display()} refused socialgov's app password for {account}: {problem} "
            "Nothing is published to it or captured from it until it is connected again.",
            link=reverse("platforms:connection", args=[account.pk]),
        )
    connection.status = ConnectionStatus.BROKEN
