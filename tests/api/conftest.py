"""The API's world: every persona of tests/conftest.py, a designee, a covert account and
authorizations on both sides of the department boundary (Oakley and Azusa)."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from approvals import services as decisions
from people.roles import Role
from people.services import grant_authorization
from posts import services
from posts.choices import CHECKLIST_FIELDS, AccountKind, PostStatus
from posts.models import Post, SocialAccount
from tests.conftest import change_events, make_account, make_member

# Every persona the matrices run as; "anonymous" sends no credentials.
ROLES = ["chief", "designee", "pio", "supervisor", "commander", "custodian", "reviewer", "member", "anonymous"]
# Who sees every member's training and authorizations (people.permissions.sees_department_records);
# the reviewer is also a supervisor.
SEES_DEPARTMENT = {"chief", "designee", "supervisor", "custodian", "reviewer"}
MAY_GRANT = {"chief", "designee"}
MAY_RECORD_TRAINING = {"chief", "designee", "supervisor", "reviewer"}
MAY_READ_AUDIT = {"chief", "custodian"}


def grant(by, member, accounts, days=365):
    today = timezone.localdate()
    return grant_authorization(
        by=by, member=member, accounts=accounts, starts_on=today, expires_on=today + timedelta(days=days)
    )


def client_as(member=None) -> APIClient:
    client = APIClient()
    if member is not None:
        client.force_authenticate(user=member)
    return client


class AuditCount:
    """How many change events a block of code wrote (a refusal's security.permission_denied is not a change)."""

    def __enter__(self):
        self.before = change_events().count()
        return self

    def __exit__(self, *exc):
        self.written = change_events().count() - self.before
        return False


@pytest.fixture
def designee(department):
    member = make_member(department, "designee", Role.PIO, rank="Captain")
    designate(member)
    return member


def designate(member, scopes=None, starts_in=-1, days=365, reason="Covers for the chief."):
    """Name `member` the chief's designee (issue 16.2): every scope unless `scopes`, from `starts_in` days from
    today for `days` days. Written directly: a fixture's chief may not exist yet."""
    from people.choices import DesigneeScope
    from people.models import Designation, Member

    chief = Member.objects.filter(department=member.department, groups__name="Chief of Police").first()
    start = timezone.localdate() + timedelta(days=starts_in)
    for key in ("_current_designations", "is_designee"):
        member.__dict__.pop(key, None)
    return Designation.objects.create(
        department=member.department,
        member=member,
        scopes=list(scopes or DesigneeScope.values),
        starts_on=start,
        ends_on=start + timedelta(days=days),
        reason=reason,
        named_by=chief or member,
    )


@pytest.fixture
def covert_account(department, chief):
    return make_account(
        department,
        "oakley_undercover",
        approved_by=chief,
        platform="instagram",
        kind=AccountKind.COVERT,
        url="https://www.instagram.com/oakley_undercover",
    )


@pytest.fixture
def world(
    department,
    other_department,
    chief,
    designee,
    pio,
    supervisor,
    commander,
    custodian,
    reviewer,
    member,
    account,
    covert_account,
    other_chief,
    other_pio,
    other_account,
):
    """The PIO may post to the public and the covert account, the commander to the public one;
    Azusa's PIO to Azusa's account."""
    return SimpleNamespace(
        department=department,
        other_department=other_department,
        chief=chief,
        designee=designee,
        pio=pio,
        supervisor=supervisor,
        commander=commander,
        custodian=custodian,
        reviewer=reviewer,
        member=member,
        account=account,
        covert_account=covert_account,
        other_chief=other_chief,
        other_pio=other_pio,
        other_account=other_account,
        pio_authorization=grant(chief, pio, [account, covert_account]),
        commander_authorization=grant(chief, commander, [account]),
        other_authorization=grant(other_chief, other_pio, [other_account]),
    )


@pytest.fixture
def as_role(world):
    """`as_role("pio")` is an API client signed in as that persona (no one for "anonymous")."""

    def client(role: str) -> APIClient:
        return client_as(None if role == "anonymous" else getattr(world, role))

    return client


URL = "https://www.facebook.com/OakleyPD/posts/1"


@pytest.fixture
def ready(world):
    SocialAccount.objects.filter(pk__in=[world.account.pk, world.other_account.pk]).update(
        **dict.fromkeys(CHECKLIST_FIELDS, True)
    )
    world.account.refresh_from_db()
    return world


def make_post(world, status=PostStatus.DRAFT, *, pio=None, account=None, approver=None):
    pio = pio or world.pio
    account = account or world.account
    post = services.create_post(by=pio, category="announcement", accounts=[account], body="Lobby closed Monday.")
    if status == PostStatus.DRAFT:
        return post
    decisions.submit(by=pio, post=post)
    if status == PostStatus.PENDING:
        return post
    decisions.approve(by=approver or world.supervisor, post=post)
    if status == PostStatus.APPROVED:
        return post
    services.publish(by=pio, post=post, urls={account.pk: URL})
    return Post.objects.get(pk=post.pk)
