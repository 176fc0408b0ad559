"""The General Police Department (the `generic` pack, whose policy the conduct records cite: IV.B.3, IV.B.5,
IV.D, V.A, V.B) with one member per conduct role, and Oakley next door."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from conduct import policy
from people import designees
from people.roles import Role
from people.services import load_policy_pack
from tests.conftest import make_member


@pytest.fixture
def generic(db):
    return load_policy_pack("generic")[0]


@pytest.fixture
def gpd(generic):
    """The department's people: chief, designee, supervisor, two officers under the supervisor, internal
    affairs, a background investigator, a PIO; and its policy version 1 in force."""
    d = generic
    people = SimpleNamespace(department=d)
    people.chief = make_member(d, "chief", Role.CHIEF, first_name="Dana", last_name="Reyes", rank="Chief")
    people.designee = make_member(d, "designee", Role.MEMBER, first_name="Pat", last_name="Ng")
    today = timezone.localdate()
    designees.name(
        by=people.chief,
        member=people.designee,
        scopes=[designees.Scope.PERMISSION_REQUESTS],
        starts_on=today,
        ends_on=today + timedelta(days=365),
        reason="Decides permission requests.",
    )
    people.supervisor = make_member(d, "supervisor", Role.SUPERVISOR, first_name="Lee", last_name="Park")
    people.officer = make_member(
        d, "officer", Role.MEMBER, trained=False, first_name="Sam", last_name="Ortiz", supervisor=people.supervisor
    )
    people.colleague = make_member(
        d, "colleague", Role.MEMBER, trained=False, first_name="Kim", last_name="Lu", supervisor=people.supervisor
    )
    people.ia = make_member(d, "ia", Role.INTERNAL_AFFAIRS, first_name="Ira", last_name="Abel")
    people.background = make_member(d, "background", Role.BACKGROUND, first_name="Bo", last_name="Grant")
    people.pio = make_member(d, "pio", Role.PIO, first_name="Max", last_name="Stone")
    people.version, _ = policy.sync_version(d)
    return people


@pytest.fixture
def oakley_chief(department):
    return make_member(department, "chief", Role.CHIEF, rank="Chief")
