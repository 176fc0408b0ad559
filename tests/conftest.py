"""Persona fixtures (STYLE.md §8): one member per role in an Oakley department,
and an Azusa department next door whose records Oakley must never see."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import connections
from django.utils import timezone
from rest_framework.test import APIClient

from people.choices import TrainingTopic
from people.models import Member, TrainingRecord
from people.roles import GROUP_FOR_ROLE, Role
from people.services import load_policy_pack
from posts.models import SocialAccount

pytest_plugins = ["tests.celery_worker"]

PASSWORD = "correct-horse-battery-staple"


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` exercise what only PostgreSQL has (the append-only trigger, row locks
    between connections). On SQLite they are deselected, not skipped, so no skipped test is left
    behind; CI runs the suite again on PostgreSQL, where they run."""
    if connections["default"].vendor == "postgresql":
        return
    deselected = [item for item in items if item.get_closest_marker("postgres")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker("postgres")]


def make_member(department, username, *roles, trained=True, **fields):
    member = Member.objects.create_user(
        username=f"{username}" if department.slug == "oakley" else f"{department.slug}-{username}",
        password=PASSWORD,
        department=department,
        first_name=fields.pop("first_name", username.title()),
        last_name=fields.pop("last_name", department.slug.title()),
        **fields,
    )
    # get_or_create: a transactional test empties the database, the migration's role groups included.
    member.groups.set([Group.objects.get_or_create(name=GROUP_FOR_ROLE[role])[0] for role in roles])
    if trained:
        give_training(member)
    return member


def give_training(member, completed_on=None, expires_on=None):
    today = timezone.localdate()
    completed_on = completed_on or today - timedelta(days=30)
    expires_on = expires_on or today + timedelta(days=335)
    for topic in TrainingTopic.values:
        TrainingRecord.objects.create(member=member, topic=topic, completed_on=completed_on, expires_on=expires_on)


def make_account(department, handle, approved_by=None, **fields):
    return SocialAccount.objects.create(
        department=department,
        platform=fields.pop("platform", "facebook"),
        handle=handle,
        url=fields.pop("url", f"https://www.facebook.com/{handle.lstrip('@')}"),
        approved_by=approved_by,
        approved_at=timezone.now() if approved_by else None,
        **fields,
    )


@pytest.fixture
def department(db):
    return load_policy_pack("oakley")[0]


@pytest.fixture
def other_department(db):
    return load_policy_pack("azusa")[0]


@pytest.fixture
def chief(department):
    return make_member(department, "chief", Role.CHIEF, rank="Chief")


@pytest.fixture
def pio(department):
    return make_member(department, "pio", Role.PIO, rank="Sergeant")


@pytest.fixture
def supervisor(department):
    return make_member(department, "supervisor", Role.SUPERVISOR, rank="Lieutenant")


@pytest.fixture
def commander(department):
    return make_member(department, "commander", Role.COMMANDER, rank="Captain")


@pytest.fixture
def custodian(department):
    return make_member(department, "custodian", Role.CUSTODIAN)


@pytest.fixture
def reviewer(department):
    return make_member(department, "reviewer", Role.REVIEWER, Role.SUPERVISOR, rank="Lieutenant")


@pytest.fixture
def member(department, supervisor):
    return make_member(department, "member", Role.MEMBER, trained=False, rank="Officer", supervisor=supervisor)


@pytest.fixture
def untrained(department):
    return make_member(department, "untrained", Role.PIO, trained=False)


@pytest.fixture
def account(department, chief):
    return make_account(department, "OakleyPD", approved_by=chief)


@pytest.fixture
def other_chief(other_department):
    return make_member(other_department, "chief", Role.CHIEF)


@pytest.fixture
def other_pio(other_department):
    return make_member(other_department, "pio", Role.PIO)


@pytest.fixture
def other_account(other_department, other_chief):
    return make_account(other_department, "AzusaPD", approved_by=other_chief)


@pytest.fixture
def api():
    """An API client; `api.as_(member)` signs in as that member."""
    client = APIClient()

    def as_(member):
        client.force_authenticate(user=member)
        return client

    client.as_ = as_
    return client


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The production hasher costs ~0.5 s a password; personas are created in almost every test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
