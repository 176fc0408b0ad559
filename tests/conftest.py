"""Persona fixtures (STYLE.md §8): one member per role in an Oakley department,
and an Azusa department next door whose records Oakley must never see."""

import time
from datetime import timedelta

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group
from django.db import connections
from django.http import HttpRequest
from django.test.client import ClientMixin
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from people.choices import TrainingTopic
from people.models import Member, TrainingRecord
from people.roles import GROUP_FOR_ROLE, Role
from people.services import load_policy_pack
from posts.models import SocialAccount
from security import second_factor as security_second_factor
from security import sessions as security_sessions
from security import tokens as security_tokens

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


def change_events():
    """Audit events of changes: all but the security events (a refused change records one)."""
    from audits.models import AuditEvent

    return AuditEvent.objects.exclude(action__startswith="security.")


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


# Signing in, as the tests do it. A real sign-in is a password and, for every role but the plain
# member, a code from an authenticator app (security.middleware holds the session at the second step
# until then). `client.force_login` and `client.login` in these tests end as a complete sign-in does:
# with a real TOTP device and django-otp's login helper. Tests of the second step itself sign in
# with `sign_in_without_second_factor`.

_django_force_login = ClientMixin.force_login


def totp_device(member) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=member, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=member, name=security_second_factor.TOTP_NAME, confirmed=True)


def authenticator_code(device) -> str:
    """What the member's app shows: the code of the current time step, or of the next one when the
    current one was used already (a code is accepted once; the device allows one step of drift).
    A member signing in a third time within one step uses a backup code instead."""
    device.refresh_from_db()
    now = time.time()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = now
    current = totp.t()
    for ahead in range(device.tolerance + 1):
        if current + ahead > device.last_t:
            totp.time = now + ahead * device.step
            return f"{totp.token():0{device.digits}d}"
    backup, _ = StaticDevice.objects.get_or_create(
        user=device.user, name=security_second_factor.BACKUP_NAME, defaults={"confirmed": True}
    )
    code = StaticToken.random_token()
    StaticToken.objects.create(device=backup, token=code)
    return code


def operator_token(member, **options):
    """An API token as an operator makes it (manage.py drf_create_token) for a member who has enrolled an
    authenticator app, as every member whose role requires one must have before such a token works."""
    totp_device(member)
    return security_tokens.create_token(by=None, member=member, **options)


def complete_second_factor(client, member) -> None:
    """Mark the client's session as signed in with a second factor: django-otp's login with a real device."""
    request = HttpRequest()
    request.session = client.session
    request.user = member
    otp_login(request, totp_device(member))
    security_sessions.stamp_session(request.session, step="verified")
    request.session.save()


def sign_in_without_second_factor(client, member):
    """Only the password step: the session is held at the second step if the member needs one."""
    _django_force_login(client, member)
    session = client.session
    security_sessions.stamp_session(session, step=security_second_factor.second_factor_step(member))
    session.save()
    return client


@pytest.fixture(autouse=True)
def _sign_ins_complete_the_second_factor(monkeypatch):
    def force_login(self, user, backend=None):
        _django_force_login(self, user, backend)
        complete_second_factor(self, user)

    def login(self, **credentials):
        # django-axes checks every authentication against the request it comes in.
        request = HttpRequest()
        request.META["REMOTE_ADDR"] = "127.0.0.1"
        user = authenticate(request, **credentials)
        if user is None:
            return False
        force_login(self, user)
        return True

    monkeypatch.setattr(ClientMixin, "force_login", force_login)
    monkeypatch.setattr(ClientMixin, "login", login)
