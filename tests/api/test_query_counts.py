"""Every list endpoint costs the same number of queries for 3 rows as for 30 (STYLE.md §8).

Each request is made as a freshly loaded member, as a real token request would be, so the
requester's roles and department are fetched within the count. (Authentication itself is
forced, so the token lookup a real request adds is not counted.)
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from audits.models import AuditEvent
from people.choices import TrainingTopic
from people.models import Authorization, Member, TrainingRecord
from people.roles import GROUP_FOR_ROLE, Role
from people.services import grant_authorization
from posts.choices import AccountKind
from tests.conftest import make_account

from .conftest import client_as

pytestmark = pytest.mark.django_db

SIZES = [3, 30]


def fresh(member):
    return Member.objects.get(pk=member.pk)


def add_members(department, chief, accounts, count):
    """`count` trained PIOs, each with a current authorization to every account."""
    today = timezone.localdate()
    pio_group = Group.objects.get(name=GROUP_FOR_ROLE[Role.PIO])
    for n in range(count):
        member = Member.objects.create(username=f"officer{n}", department=department, last_name=f"Officer{n:02}")
        member.groups.add(pio_group)
        TrainingRecord.objects.bulk_create(
            TrainingRecord(
                member=member,
                topic=topic,
                completed_on=today - timedelta(days=10),
                expires_on=today + timedelta(days=300),
            )
            for topic in TrainingTopic.values
        )
        authorization = Authorization.objects.create(
            department=department,
            member=member,
            granted_by=chief,
            starts_on=today,
            expires_on=today + timedelta(days=90),
        )
        authorization.accounts.set(accounts)


def add_accounts(department, chief, count):
    return [
        make_account(
            department,
            f"oakley{n:02}",
            approved_by=chief,
            kind=AccountKind.COVERT if n % 3 == 0 else AccountKind.PUBLIC,
        )
        for n in range(count)
    ]


@pytest.mark.parametrize("size", SIZES)
def test_members_list(size, department, chief, supervisor, account, django_assert_max_num_queries):
    add_members(department, chief, [account], size)
    client = client_as(fresh(supervisor))
    # 1 the requester's groups (roles) 2 whether the requester is a designee (a supervisor, not the chief)
    # 3 the requester's department (training topics) 4 count 5 the page of members 6 their groups
    # 7 their current training 8 their current authorizations 9 those authorizations' visible accounts
    with django_assert_max_num_queries(9):
        response = client.get("/api/v1/members/")
    assert response.json()["count"] == size + 2


@pytest.mark.parametrize("size", SIZES)
def test_accounts_list(size, department, chief, pio, django_assert_max_num_queries):
    accounts = add_accounts(department, chief, size)
    add_members(department, chief, accounts, 2)
    client = client_as(fresh(pio))
    # 1 the requester's groups (are they the chief?) 2 count 3 the page of accounts, with the
    # covert ones filtered by an EXISTS on the requester's current authorizations
    with django_assert_max_num_queries(3):
        response = client.get("/api/v1/accounts/")
    assert response.json()["count"] == size - len(range(0, size, 3))


@pytest.mark.parametrize("size", SIZES)
def test_authorizations_list(size, department, chief, custodian, account, django_assert_max_num_queries):
    covert = make_account(department, "hidden", approved_by=chief, kind=AccountKind.COVERT)
    add_members(department, chief, [account, covert], size)
    client = client_as(fresh(custodian))
    # 1 the requester's groups 2 whether the requester is a designee 3 count 4 the page of
    # authorizations 5 their visible accounts
    with django_assert_max_num_queries(5):
        response = client.get("/api/v1/authorizations/")
    assert response.json()["count"] == size
    assert all(row["accounts"] == [account.pk] for row in response.json()["results"])


@pytest.mark.parametrize("size", SIZES)
def test_training_records_list(size, department, chief, account, django_assert_max_num_queries):
    add_members(department, chief, [account], size)
    client = client_as(fresh(chief))
    # 1 the requester's groups (the chief sees the department's records) 2 count 3 the page of records
    with django_assert_max_num_queries(3):
        response = client.get("/api/v1/training-records/")
    assert response.json()["count"] == (size + 1) * len(TrainingTopic.values)


@pytest.mark.parametrize("size", SIZES)
def test_audit_events_list(size, department, chief, custodian, account, django_assert_max_num_queries):
    add_members(department, chief, [account], size)
    today = timezone.localdate()
    for member in Member.objects.filter(username__startswith="officer"):
        grant_authorization(
            by=chief, member=member, accounts=[account], starts_on=today, expires_on=today + timedelta(days=30)
        )
    client = client_as(fresh(custodian))
    # 1 the requester's groups (chief or custodian?) 2 count 3 the page of events
    with django_assert_max_num_queries(3):
        response = client.get("/api/v1/audit-events/")
    events = AuditEvent.objects.filter(department=department).count()
    assert events >= size and response.json()["count"] == events
