from datetime import timedelta

import pytest
from django.utils import timezone

from approvals import services as decisions
from people.roles import Role
from people.services import grant_authorization
from posts import services
from posts.choices import CHECKLIST_FIELDS
from tests.conftest import make_account, make_member

CHECKLIST_DONE = dict.fromkeys(CHECKLIST_FIELDS, True)


def authorize(chief, member, *accounts, days=365):
    today = timezone.localdate()
    return grant_authorization(
        by=chief, member=member, accounts=list(accounts), starts_on=today, expires_on=today + timedelta(days=days)
    )


@pytest.fixture
def ready_account(department, chief):
    """An approved public account with its page checklist complete, published to by hand."""
    return make_account(department, "OakleyPolice", approved_by=chief, **CHECKLIST_DONE)


@pytest.fixture
def pio_authorized(chief, pio, ready_account):
    authorize(chief, pio, ready_account)
    return pio


@pytest.fixture
def second_pio(department, chief, ready_account):
    other = make_member(department, "pio2", Role.PIO)
    authorize(chief, other, ready_account)
    return other


@pytest.fixture
def draft(pio_authorized, ready_account):
    return services.create_post(
        by=pio_authorized,
        category="announcement",
        accounts=[ready_account],
        body="The lobby is closed Monday for Memorial Day.",
    )


@pytest.fixture
def pending(draft, pio_authorized):
    return decisions.submit(by=pio_authorized, post=draft)


@pytest.fixture
def approved(pending, supervisor):
    return decisions.approve(by=supervisor, post=pending)


@pytest.fixture
def published(approved, pio_authorized, ready_account):
    return services.publish(
        by=pio_authorized, post=approved, urls={ready_account.pk: "https://www.facebook.com/OakleyPolice/posts/1"}
    )
