from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audits.models import AuditEvent
from people.models import Authorization
from people.services import can_post_to, grant_authorization, revoke_authorization
from socialgov.errors import InvalidTransition

pytestmark = pytest.mark.django_db


def grant(by, member, accounts, days=365):
    today = timezone.localdate()
    return grant_authorization(
        by=by, member=member, accounts=accounts, starts_on=today, expires_on=today + timedelta(days=days)
    )


def test_chief_grants_authorization_and_member_may_post(chief, pio, account):
    authorization = grant(chief, pio, [account])
    assert can_post_to(pio, account)
    assert pio.has_perm("posts.post_to_account", account)
    event = AuditEvent.objects.get(action="people.authorization.grant")
    assert event.object_id == str(authorization.pk) and event.actor == chief
    assert event.after["accounts"] == [account.pk]


def test_grant_refused_without_current_training_names_the_training(chief, untrained, account):
    with pytest.raises(ValidationError) as error:
        grant(chief, untrained, [account])
    message = error.value.message_dict["member"][0]
    assert "Legal issues" in message and "§322.8" in message
    assert not Authorization.objects.exists()
    assert not AuditEvent.objects.filter(action="people.authorization.grant").exists()


def test_only_chief_or_designee_grants(pio, supervisor, account):
    with pytest.raises(PermissionDenied):
        grant(supervisor, pio, [account])


def test_authorization_stops_counting_the_moment_it_expires(chief, pio, account):
    authorization = grant(chief, pio, [account], days=10)
    assert can_post_to(pio, account, on=authorization.expires_on - timedelta(days=1))
    assert not can_post_to(pio, account, on=authorization.expires_on)


def test_revoked_authorization_removes_derived_permission(chief, pio, account):
    authorization = grant(chief, pio, [account])
    revoke_authorization(by=chief, authorization=authorization, reason="Reassigned to patrol")
    pio = type(pio).objects.get(pk=pio.pk)
    assert not can_post_to(pio, account)
    assert not pio.has_perm("posts.post_to_account", account)
    with pytest.raises(InvalidTransition):
        revoke_authorization(by=chief, authorization=authorization, reason="again")
