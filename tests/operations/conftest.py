"""Undercover operations (issue 16.1): a detective assigned to an operation using a covert account, with its
monitoring supervisor; the API's world next door (every persona, Azusa)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from operations import services
from people.roles import Role
from posts.choices import AccountKind
from tests.api.conftest import covert_account, designee, grant, world  # noqa: F401 (fixtures)
from tests.conftest import make_account, make_member


@pytest.fixture
def detective(department, supervisor):
    return make_member(department, "detective", Role.MEMBER, rank="Detective", supervisor=supervisor)


@pytest.fixture
def cover(department, chief, supervisor):
    return make_account(
        department,
        "quiet.neighbor",
        approved_by=chief,
        platform="instagram",
        kind=AccountKind.COVERT,
        monitoring_supervisor=supervisor,
        url="https://www.instagram.com/quiet.neighbor",
    )


def propose(by, supervisor, members, accounts, **fields):
    today = timezone.localdate()
    return services.create_operation(
        by=by,
        name=fields.get("name", "Harbor Lights"),
        case_number=fields.get("case_number", "26-0412"),
        monitoring_supervisor=supervisor,
        members=members,
        accounts=accounts,
        starts_on=today,
        ends_on=today + timedelta(days=90),
    )


@pytest.fixture
def operation(supervisor, chief, detective, cover):
    grant(chief, detective, [cover])
    return propose(supervisor, supervisor, [detective], [cover])


@pytest.fixture
def open_operation(operation, chief):
    return services.approve_operation(by=chief, operation=operation)


def open_operation_for(accounts, members, *, chief, supervisor):
    """An approved, open operation using `accounts` with `members` assigned (what a covert account needs before
    anyone may post to it, issue 16.1)."""
    return services.approve_operation(by=chief, operation=propose(supervisor, supervisor, members, accounts))
