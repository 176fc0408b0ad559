"""Guardian is the truth (issue 11): the permission doors read the object permissions the granting services write.
Removing a member's "post to account" permission alone, leaving the authorization in place, refuses drafting
for that account; restoring it allows it again. The same holds for an Incident Commander's approval (3xx.4.1)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from approvals import services as decisions
from approvals.rules import may_decide
from people.models import Authorization
from people.services import grant_authorization
from posts import permissions, services
from tests.conftest import make_account
from tests.posts.conftest import CHECKLIST_DONE, authorize

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready(department, chief, pio):
    account = make_account(department, "OakleyPolice", approved_by=chief, **CHECKLIST_DONE)
    authorize(chief, pio, account)
    return account


def draft(pio, account):
    return services.create_post(
        by=pio, category="announcement", accounts=[account], body="The lobby is closed Monday for Memorial Day."
    )


def test_removing_the_object_permission_alone_refuses_drafting_and_restoring_it_allows_it(pio, ready):
    assert draft(pio, ready).pk
    remove_perm("posts.post_to_account", pio, ready)
    assert Authorization.objects.current().filter(member=pio, accounts=ready).exists()  # the record is kept
    with pytest.raises(PermissionDenied):
        draft(pio, ready)
    assert not permissions.can(pio, "create_post", [ready])
    assign_perm("posts.post_to_account", pio, ready)
    assert draft(pio, ready).pk


def test_the_permission_without_a_current_authorization_is_not_enough(chief, pio, ready):
    expires_on = Authorization.objects.get(member=pio).expires_on
    assert permissions.holds(pio, "post_to_account", ready)
    # The day it expires it no longer counts (3xx.3), though nothing has removed the permission yet.
    assert not permissions.authorized_for_all(pio, [ready], on=expires_on)


def test_an_authorization_that_starts_later_takes_effect_without_a_job(department, chief, pio):
    account = make_account(department, "OakleyLater", approved_by=chief, **CHECKLIST_DONE)
    today = timezone.localdate()
    grant_authorization(
        by=chief,
        member=pio,
        accounts=[account],
        starts_on=today + timedelta(days=1),
        expires_on=today + timedelta(days=30),
    )
    assert not permissions.authorized_for_all(pio, [account])
    assert permissions.authorized_for_all(pio, [account], on=today + timedelta(days=1))


def test_the_commander_approves_only_while_holding_the_incident_permission(chief, pio, supervisor, commander, ready):
    incident = services.open_incident(by=supervisor, name="Harbor flood", commander=commander)
    post = services.create_post(
        by=pio,
        category="safety_alert",
        accounts=[ready],
        incident=incident,
        body="Avoid the harbor road until further notice.",
    )
    decisions.submit(by=pio, post=post)
    assert may_decide(commander, post)[0]
    remove_perm("posts.approve_for_incident", commander, incident)
    assert not may_decide(commander, post)[0]
    with pytest.raises(PermissionDenied):
        decisions.approve(by=commander, post=post)
    assign_perm("posts.approve_for_incident", commander, incident)
    assert decisions.approve(by=commander, post=post).status == "approved"
