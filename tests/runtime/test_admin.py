"""The Django admin for system administrators: every model is there, authorizations only to read,
and what the admin may change is in the audit trail (people/admin.py, posts/admin.py)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from audits.models import AuditEvent
from people.models import Member
from people.roles import GROUP_FOR_ROLE, Role
from people.services import grant_authorization
from posts.models import SocialAccount

pytestmark = pytest.mark.django_db


@pytest.fixture
def authorization(chief, pio, account):
    today = timezone.localdate()
    return grant_authorization(
        by=chief, member=pio, accounts=[account], starts_on=today, expires_on=today + timedelta(days=90)
    )


@pytest.mark.parametrize(
    "model",
    ["people_department", "people_member", "people_trainingrecord", "people_authorization", "posts_socialaccount"],
)
def test_each_model_has_a_changelist(admin_client, authorization, model):
    response = admin_client.get(reverse(f"admin:{model}_changelist"))
    assert response.status_code == 200


def test_authorizations_are_read_only_in_the_admin(admin_client, authorization):
    assert admin_client.get(reverse("admin:people_authorization_add")).status_code == 403
    change_url = reverse("admin:people_authorization_change", args=[authorization.pk])
    page = admin_client.get(change_url)
    assert page.status_code == 200 and b'name="_save"' not in page.content
    assert admin_client.post(change_url, {"expires_on": "2099-01-01"}).status_code == 403
    delete_url = reverse("admin:people_authorization_delete", args=[authorization.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    authorization.refresh_from_db()
    assert authorization.expires_on != timezone.datetime(2099, 1, 1).date()


def test_changing_a_members_roles_in_the_admin_is_audited(admin_client, admin_user, department, member):
    url = reverse("admin:people_member_change", args=[member.pk])
    form = admin_client.get(url).context["adminform"].form
    # Post the form as the page shows it, with the rank and roles changed.
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in {"password", "date_joined", "last_login", "groups"}
    }
    pio_group = Group.objects.get(name=GROUP_FOR_ROLE[Role.PIO])
    data.update(
        {
            "department": department.pk,
            "supervisor": member.supervisor_id,
            "rank": "Corporal",
            "groups": [pio_group.pk],
            "date_joined_0": "2026-01-01",
            "date_joined_1": "08:00:00",
            "training_records-TOTAL_FORMS": 0,
            "training_records-INITIAL_FORMS": 0,
            "authorizations-TOTAL_FORMS": 0,
            "authorizations-INITIAL_FORMS": 0,
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    member.refresh_from_db()
    assert member.rank == "Corporal" and member.has_role(Role.PIO)
    event = AuditEvent.objects.get(action="admin.people.member.change")
    assert event.actor == admin_user and event.object_id == str(member.pk)
    assert event.before["rank"] == "Officer" and event.after["rank"] == "Corporal"
    assert event.after["groups"] == [pio_group.pk]
    assert event.before["groups"] == [Group.objects.get(name=GROUP_FOR_ROLE[Role.MEMBER]).pk]


def test_adding_a_member_in_the_admin_is_audited_without_the_password(admin_client, department):
    response = admin_client.post(
        reverse("admin:people_member_add"),
        {
            "username": "newhire",
            "usable_password": "true",
            "password1": "a-long-enough-passphrase-42",
            "password2": "a-long-enough-passphrase-42",
            "department": department.pk,
            "first_name": "Nia",
            "last_name": "Hart",
            "email": "",
            "rank": "Officer",
            "badge_number": "",
            "division": "",
            "supervisor": "",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    member = Member.objects.get(username="newhire")
    assert member.department == department and member.check_password("a-long-enough-passphrase-42")
    event = AuditEvent.objects.get(action="admin.people.member.add")
    assert event.object_id == str(member.pk) and event.department == department
    assert event.after["password"] == "(secret)"
    assert "a-long-enough-passphrase-42" not in str(event.after)


def test_members_are_deactivated_not_deleted(admin_client, member):
    url = reverse("admin:people_member_delete", args=[member.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert Member.objects.filter(pk=member.pk).exists()


def test_account_approval_cannot_be_set_in_the_admin(admin_client, department):
    response = admin_client.post(
        reverse("admin:posts_socialaccount_add"),
        {
            "department": department.pk,
            "platform": "instagram",
            "handle": "oakleypd",
            "url": "",
            "kind": "public",
            "approved_at": "2026-01-01 00:00",
            "approved_by": "",
        },
    )
    assert response.status_code == 302
    account = SocialAccount.objects.get(handle="oakleypd")
    assert account.approved_at is None and not account.is_approved
    event = AuditEvent.objects.get(action="admin.posts.socialaccount.add")
    assert event.department == department and event.after["handle"] == "oakleypd"


def test_department_staff_see_only_their_own_department(client, custodian, member, other_pio):
    custodian.is_staff = True
    custodian.save()
    custodian.user_permissions.add(Permission.objects.get(codename="view_member"))
    client.force_login(custodian)
    listed = {m.pk for m in client.get(reverse("admin:people_member_changelist")).context["cl"].result_list}
    assert member.pk in listed and other_pio.pk not in listed
