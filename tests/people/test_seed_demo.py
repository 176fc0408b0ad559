"""`manage.py seed_demo`: a trained member per role and a PIO who may post, all through audited services."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from audits import chain
from audits.models import AuditEvent
from people.models import Department, Member
from people.services import can_post_to, load_policy_pack
from posts.models import SocialAccount

ROLES = {
    "chief": ["chief"],
    "pio": ["pio"],
    "supervisor": ["supervisor"],
    "commander": ["commander"],
    "custodian": ["custodian"],
    "reviewer": ["supervisor", "reviewer"],
    "member": ["member"],
}


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def seed(*args):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_seed_demo_creates_one_login_per_role(db, monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    output = seed()
    department = Department.objects.get(slug="oakley")  # loaded, since none was
    members = {member.username: member for member in Member.objects.filter(department=department)}
    assert {username: member.roles for username, member in members.items()} == ROLES
    for username in ROLES:
        assert members[username].check_password(settings.DEMO_PASSWORD_DEFAULT)
        assert username in output
    assert f"Password: {settings.DEMO_PASSWORD_DEFAULT}" in output
    chain_of_command = {username: getattr(m.supervisor, "username", None) for username, m in members.items()}
    assert chain_of_command["member"] == "supervisor"
    assert chain_of_command["pio"] == "supervisor"
    assert chain_of_command["supervisor"] == "chief"
    assert chain_of_command["chief"] is None


def test_pio_may_post_to_the_approved_account_and_everyone_is_trained(db):
    seed()
    account = SocialAccount.objects.get()
    members = {member.username: member for member in Member.objects.all()}
    assert (account.handle, account.kind, account.approved_by) == ("OakleyPD", "public", members["chief"])
    assert can_post_to(members["pio"], account)
    authorization = members["pio"].authorizations.get()
    assert authorization.granted_by == members["chief"] and authorization.is_active()
    assert not can_post_to(members["member"], account)
    for member in members.values():
        assert member.has_current_training(), member.username
        assert member.training_records.filter(expires_on__gt=authorization.starts_on).count() == 5


def test_everything_seeded_is_in_the_audit_trail(db):
    seed()
    chief = Member.objects.get(username="chief")
    actions = list(AuditEvent.objects.order_by("id").values_list("action", "actor"))
    assert actions.count(("people.member.create", None)) == 1  # the chief: added by the operator
    assert actions.count(("people.member.create", chief.pk)) == 6
    assert actions.count(("people.training.record", chief.pk)) == 7 * 5
    assert ("posts.account.create", chief.pk) in actions
    assert ("posts.account.approve", chief.pk) in actions
    assert ("people.authorization.grant", chief.pk) in actions
    assert chain.verify().intact


def test_running_twice_is_harmless(db):
    seed()
    events = AuditEvent.objects.count()
    output = seed()
    assert Member.objects.count() == 7 and SocialAccount.objects.count() == 1
    assert Member.objects.get(username="pio").authorizations.count() == 1
    assert AuditEvent.objects.count() == events
    assert output.count("already there, left alone") == 7
    assert "already authorized" in output


def test_password_comes_from_the_environment(db, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "s3cret-demo")
    assert "Password: s3cret-demo" in seed()
    assert Member.objects.get(username="pio").check_password("s3cret-demo")


def test_a_second_department_gets_its_own_logins(db):
    seed()
    seed("--department", "azusa")
    azusa = Department.objects.get(slug="azusa")
    assert set(Member.objects.filter(department=azusa).values_list("username", flat=True)) == {
        f"azusa-{username}" for username in ROLES
    }
    pio = Member.objects.get(username="azusa-pio")
    assert can_post_to(pio, SocialAccount.objects.get(department=azusa, handle="AzusaPD"))
    assert not can_post_to(pio, SocialAccount.objects.get(handle="OakleyPD"))
    assert "Created the account" not in seed()  # with two loaded, the default is still oakley


def test_default_is_the_only_department_loaded(db):
    load_policy_pack("elk-grove")
    seed()
    assert Member.objects.get(username="chief").department.slug == "elk-grove"


def test_several_departments_without_oakley_need_a_choice(db):
    load_policy_pack("elk-grove")
    load_policy_pack("azusa")
    with pytest.raises(CommandError, match="choose one with --department"):
        seed()
    assert not Member.objects.exists()


def test_unknown_department_errors(db):
    with pytest.raises(CommandError, match="No department 'atlantis'.*Available packs: azusa"):
        seed("--department", "atlantis")
