"""Two-factor sign-in (issue 7.1; FBI CJIS Security Policy 5.6.2.2): TOTP for every member who can post,
approve, remove, grant or dispose; enrolment with a QR code at the first sign-in; single-use backup
codes; a reset only the chief or an administrator can do, audited. No SMS."""

import base64
import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audits.models import AuditEvent
from security import permissions, second_factor
from security.models import SignIn
from tests.conftest import authenticator_code, give_training, sign_in_without_second_factor, totp_device
from tests.web import grant

from .conftest import code_step, password_step

pytestmark = pytest.mark.django_db

ROLES_THAT_NEED_IT = ["chief", "pio", "supervisor", "commander", "custodian", "reviewer"]


@pytest.mark.parametrize("persona", ROLES_THAT_NEED_IT)
def test_every_role_but_the_plain_member_needs_a_second_factor(request, persona):
    assert permissions.second_factor_required(request.getfixturevalue(persona))


def test_a_plain_member_does_not_until_they_may_post(chief, member, account):
    assert not permissions.second_factor_required(member)
    give_training(member)
    grant(chief, member, [account])
    assert permissions.second_factor_required(member)


def test_a_designee_needs_it(department, member):
    from tests.api.conftest import designate

    designate(member)
    assert permissions.second_factor_required(member)


def test_the_commander_of_an_active_incident_needs_it(supervisor, member):
    from posts.services import open_incident

    open_incident(by=supervisor, name="Vista Road fire", commander=member)
    assert permissions.second_factor_required(member)


def test_the_first_sign_in_enrols_an_app_with_a_qr_code(browser, pio):
    response = password_step(browser, "pio", next_url="/posts/")
    assert response.status_code == 302
    assert response.url == "/login/two-factor/enrol/?next=%2Fposts%2F"
    # Held at the second step: every other page sends them back to it, the API refuses.
    held = browser.get("/posts/")
    assert held.status_code == 302 and held.url.startswith("/login/two-factor/enrol/")
    assert browser.get("/api/v1/me/").status_code == 403

    page = browser.get(response.url)
    html = page.content.decode()
    assert page.status_code == 200
    # The QR code is an SVG made here (a data: URI), not an image service; the key can be typed instead.
    qr = re.search(r'<img class="qr-code" src="data:image/svg\+xml;base64,([^"]+)"', html)
    assert qr and b"<svg" in base64.b64decode(qr.group(1))
    device = TOTPDevice.objects.get(user=pio, confirmed=False)
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in html
    assert "text message" in html.lower() and "sms" not in html.lower().replace("text message", "")

    wrong = browser.post("/login/two-factor/enrol/", {"code": "000000", "next": "/posts/"})
    assert wrong.status_code == 200 and "That code is not right" in wrong.content.decode()
    done = browser.post("/login/two-factor/enrol/", {"code": authenticator_code(device), "next": "/posts/"})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", done.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    assert browser.get("/posts/").status_code == 200
    assert browser.get("/api/v1/me/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    actions = list(AuditEvent.objects.filter(action__startswith="security.").values_list("action", flat=True))
    assert "security.second_factor.enroll" in actions and "security.sign_in.success" in actions


def test_a_member_with_an_app_signs_in_with_password_then_code(browser, supervisor):
    device = totp_device(supervisor)
    response = password_step(browser, "supervisor")
    assert response.url == "/login/two-factor/?next=%2F"
    assert browser.get("/").url.startswith("/login/two-factor/")
    page = browser.get("/login/two-factor/").content.decode()
    assert '<label for="id_code">Code</label>' in page and "Verify and sign in" in page
    response = code_step(browser, authenticator_code(device), next_url="/posts/")
    assert response.status_code == 302 and response.url == "/posts/"
    assert browser.get("/").status_code == 200
    sign_in = SignIn.objects.get(member=supervisor)
    assert sign_in.second_factor == "totp" and sign_in.session_key == browser.session.session_key
    event = AuditEvent.objects.get(action="security.sign_in.success")
    assert event.object_id == str(supervisor.pk) and event.department_id == supervisor.department_id
    assert event.after["second_factor"] == "totp"


def test_a_totp_code_is_accepted_once(browser, supervisor):
    device = totp_device(supervisor)
    code = authenticator_code(device)
    password_step(browser, "supervisor")
    assert code_step(browser, code).status_code == 302
    other = type(browser)()
    password_step(other, "supervisor")
    replay = code_step(other, code)
    assert replay.status_code == 200 and "was used already" in replay.content.decode()
    assert other.get("/").status_code == 302
    failure = AuditEvent.objects.get(action="security.sign_in.failure")
    assert failure.after == {"username": "supervisor", "reason": "code"}


def test_a_backup_code_works_once(browser, supervisor, settings):
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    totp_device(supervisor)

    codes = second_factor._new_backup_codes(supervisor)
    password_step(browser, "supervisor")
    assert code_step(browser, codes[0]).status_code == 302
    assert SignIn.objects.get(member=supervisor).second_factor == "backup_code"
    assert StaticToken.objects.filter(device__user=supervisor).count() == 9
    again = type(browser)()
    password_step(again, "supervisor")
    assert code_step(again, codes[0]).status_code == 200
    assert code_step(again, codes[1]).status_code == 302


def test_wrong_codes_are_throttled_and_count_towards_the_lockout(browser, supervisor, settings):
    totp_device(supervisor)
    password_step(browser, "supervisor")
    first = code_step(browser, "123456")
    assert "That code is not right" in first.content.decode()
    # django-otp makes the next try wait (1, 2, 4 ... seconds).
    second = code_step(browser, "123456")
    assert "wait" in second.content.decode()
    from axes.models import AccessFailureLog

    assert AccessFailureLog.objects.filter(username="supervisor").count() == 1


def test_a_plain_member_may_opt_in_and_then_must_give_a_code(client, browser, member):
    sign_in_without_second_factor(client, member)
    page = client.get(reverse("security:profile")).content.decode()
    assert "Set up two-factor sign-in" in page
    enrol = client.get(reverse("security:enroll") + "?next=/profile/")
    assert enrol.status_code == 200 and "may turn it on" not in enrol.content.decode()
    device = TOTPDevice.objects.get(user=member, confirmed=False)
    assert client.post(reverse("security:enroll"), {"code": authenticator_code(device)}).status_code == 200
    assert AuditEvent.objects.filter(action="security.second_factor.enroll").count() == 1
    # From now on the sign-in asks for a code.
    assert password_step(browser, "member").url.startswith("/login/two-factor/")
    # They may turn it off again; a role that needs it may not.
    assert client.post(reverse("security:disable")).status_code == 302
    assert not TOTPDevice.objects.filter(user=member).exists()
    assert AuditEvent.objects.filter(action="security.second_factor.disable").count() == 1


def test_a_required_second_factor_cannot_be_turned_off(client, pio):
    client.force_login(pio)
    client.post(reverse("security:disable"))
    assert TOTPDevice.objects.filter(user=pio).exists()
    assert "security.second_factor.disable" not in AuditEvent.objects.values_list("action", flat=True)


def test_backup_codes_can_be_made_again_and_the_old_ones_stop_working(client, supervisor):

    old = second_factor._new_backup_codes(supervisor)
    client.force_login(supervisor)
    response = client.post(reverse("security:backup-codes"))
    new = re.findall(r"<li><code>([a-z0-9]+)</code></li>", response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert not StaticToken.objects.filter(token__in=old).exists()
    assert AuditEvent.objects.filter(action="security.second_factor.backup_codes").count() == 1


def test_a_member_who_gains_a_role_mid_session_is_held_at_enrolment(client, member):
    from django.contrib.auth.models import Group

    from people.roles import GROUP_FOR_ROLE, Role

    sign_in_without_second_factor(client, member)
    assert client.get("/").status_code == 200
    member.groups.add(Group.objects.get(name=GROUP_FOR_ROLE[Role.SUPERVISOR]))
    # Before any change the answer is asked again.
    response = client.post("/reports/new/", {"description": "x", "url": "https://example.com/p/1"})
    assert response.status_code == 302 and response.url.startswith("/login/two-factor/enrol/")


# Reset (lost phone): the chief of the member's department or an administrator, audited.


@pytest.mark.parametrize("persona", ["supervisor", "pio", "custodian", "member"])
def test_only_the_chief_resets_a_members_second_factor(client, request, persona, chief, commander):
    totp_device(commander)
    client.force_login(request.getfixturevalue(persona))
    response = client.post(reverse("security:member-reset", args=[commander.pk]))
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=commander).exists()
    assert AuditEvent.objects.filter(action="security.permission_denied").count() == 1


def test_the_chief_resets_a_members_second_factor_and_signs_them_out(client, chief, commander):
    totp_device(commander)
    away = type(client)()
    away.force_login(commander)
    SignIn.objects.create(member=commander, session_key=away.session.session_key)
    client.force_login(chief)
    detail = client.get(reverse("member-detail", args=[commander.pk])).content.decode()
    assert "Reset two-factor sign-in" in detail
    response = client.post(reverse("security:member-reset", args=[commander.pk]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=commander).exists()
    assert away.get("/").status_code == 302  # signed out everywhere
    event = AuditEvent.objects.get(action="security.second_factor.reset")
    assert event.actor == chief and event.object_id == str(commander.pk) and event.after["sessions_ended"] == 1


def test_the_chief_may_not_reset_their_own_nor_another_departments(client, chief, other_chief):
    totp_device(chief)
    client.force_login(chief)
    assert client.post(reverse("security:member-reset", args=[chief.pk])).status_code == 403
    assert client.post(reverse("security:member-reset", args=[other_chief.pk])).status_code == 404


def test_an_administrator_resets_any_members(client, django_user_model, other_chief):
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "a-long-admin-password")
    totp_device(other_chief)
    client.force_login(admin)
    assert client.post(reverse("security:member-reset", args=[other_chief.pk])).status_code == 302
    assert not TOTPDevice.objects.filter(user=other_chief).exists()
    assert permissions.second_factor_required(admin)
