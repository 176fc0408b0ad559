"""Accounts: the chief adds and approves them and keeps the page checklist and channel settings
(general policy IV.A, IV.E; §322.5.1). Members see them read-only; covert ones only if assigned."""

import pytest

from audits.models import AuditEvent
from posts.choices import CHECKLIST_FIELDS
from posts.models import SocialAccount
from tests.conftest import make_account
from tests.web import login_redirect

pytestmark = pytest.mark.django_db


@pytest.fixture
def covert(department, chief, supervisor):
    return make_account(
        department,
        "quiet.neighbor",
        approved_by=chief,
        platform="instagram",
        kind="covert",
        monitoring_supervisor=supervisor,
    )


def new_account(**extra):
    return {
        "platform": "x",
        "handle": "OakleyPD_X",
        "url": "https://x.com/OakleyPD_X",
        "kind": "public",
        "channel": "manual",
        **extra,
    }


@pytest.mark.parametrize("url", ["/accounts/", "/accounts/new/"])
def test_anonymous_is_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response.url == login_redirect(url)


@pytest.mark.parametrize("persona", ["chief", "pio", "supervisor", "member"])
def test_account_list_is_shown_to_the_department(client, request, persona, account):
    client.force_login(request.getfixturevalue(persona))
    html = client.get("/accounts/").content.decode()
    assert "Facebook OakleyPD" in html and "7 of 7 missing" in html
    assert ("Add account" in html) == (persona == "chief")


def test_account_list_shows_readiness(client, department, chief, account):
    make_account(department, "OakleyReady", approved_by=chief, **dict.fromkeys(CHECKLIST_FIELDS, True))
    client.force_login(chief)
    html = client.get("/accounts/").content.decode()
    assert "Complete" in html and '<span class="status status--ok">Yes</span>' in html
    assert "§322.5.1" in html and "General policy IV.A.2" in html


def test_covert_account_is_invisible_to_unassigned_members(client, pio, custodian, chief, supervisor, covert):
    for unassigned in (pio, custodian):
        client.force_login(unassigned)
        assert "quiet.neighbor" not in client.get("/accounts/").content.decode()
        assert client.get(f"/accounts/{covert.pk}/").status_code == 404
    for assigned in (chief, supervisor):
        client.force_login(assigned)
        assert "quiet.neighbor" in client.get("/accounts/").content.decode()


def test_another_departments_account_is_404(client, chief, other_account):
    client.force_login(chief)
    assert client.get(f"/accounts/{other_account.pk}/").status_code == 404
    assert client.post(f"/accounts/{other_account.pk}/approve/").status_code == 404


# Adding an account


def test_add_account_form_labels_the_checklist_from_the_departments_pack(client, chief):
    client.force_login(chief)
    html = client.get("/accounts/new/").content.decode()
    assert '<label for="id_platform">Platform</label>' in html
    assert '<label for="id_handle">Handle</label>' in html
    assert "Public posting of content is disabled (§322.5.1)" in html
    assert "A link to the department&#x27;s official website (General policy IV.A.4)" in html
    assert html.count('type="checkbox"') == 7
    assert '<label for="id_webhook_secret">Webhook secret <span class="field__optional">(optional)</span>' in html


@pytest.mark.parametrize("persona", ["pio", "supervisor", "commander", "member", "custodian"])
def test_only_the_chief_adds_accounts(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/accounts/new/").status_code == 403
    assert client.post("/accounts/new/", new_account()).status_code == 403
    assert not SocialAccount.objects.exists()


def test_chief_adds_an_account_with_its_checklist(client, chief):
    client.force_login(chief)
    response = client.post("/accounts/new/", new_account(public_posting_disabled="on", contact_information="on"))
    account = SocialAccount.objects.get()
    assert response.status_code == 302 and response.url == f"/accounts/{account.pk}/"
    assert account.public_posting_disabled and account.contact_information and not account.introductory_statement
    assert not account.is_approved
    assert AuditEvent.objects.filter(action="posts.account.create").count() == 1


def test_covert_account_needs_a_monitoring_supervisor(client, chief, supervisor):
    client.force_login(chief)
    response = client.post("/accounts/new/", new_account(kind="covert"))
    assert response.status_code == 200
    assert (
        "A covert account needs a supervisor assigned to monitor it (general policy IV.E)." in response.content.decode()
    )
    assert not SocialAccount.objects.exists()
    response = client.post("/accounts/new/", new_account(kind="covert", monitoring_supervisor=supervisor.pk))
    assert response.status_code == 302
    assert SocialAccount.objects.get().monitoring_supervisor == supervisor


def test_webhook_channel_needs_url_and_secret(client, chief):
    client.force_login(chief)
    response = client.post("/accounts/new/", new_account(channel="webhook"))
    assert "The webhook channel needs a URL and a secret." in response.content.decode()
    assert not SocialAccount.objects.exists()


# The account page: checklist and channel settings


def test_chief_completes_the_checklist_and_the_secret_is_never_shown(client, chief, account):
    SocialAccount.objects.filter(pk=account.pk).update(webhook_secret="s3cret-value")
    client.force_login(chief)
    html = client.get(f"/accounts/{account.pk}/").content.decode()
    assert "s3cret-value" not in html and "Leave empty to keep the current secret." in html
    data = {
        "platform": "facebook",
        "handle": "OakleyPD",
        "url": account.url,
        "kind": "public",
        "channel": "manual",
        **dict.fromkeys(CHECKLIST_FIELDS, "on"),
    }
    response = client.post(f"/accounts/{account.pk}/", data)
    assert response.status_code == 302
    account.refresh_from_db()
    assert all(account.checklist.values()) and account.publishable
    assert account.webhook_secret == "s3cret-value"
    event = AuditEvent.objects.get(action="posts.account.update")
    assert set(event.after) >= set(CHECKLIST_FIELDS)


@pytest.mark.parametrize("persona", ["pio", "supervisor", "member"])
def test_others_see_the_checklist_read_only(client, request, persona, account):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(f"/accounts/{account.pk}/")
    html = response.content.decode()
    assert response.status_code == 200 and "Public posting of content is disabled (§322.5.1)" in html
    assert "<form" not in html.split("</header>")[1]
    assert client.post(f"/accounts/{account.pk}/", {"handle": "Hijacked"}).status_code == 403
    account.refresh_from_db()
    assert account.handle == "OakleyPD"


# Approving an account


def test_chief_approves_an_account(client, department, chief):
    account = make_account(department, "OakleyNew", **dict.fromkeys(CHECKLIST_FIELDS, True))
    client.force_login(chief)
    html = client.get(f"/accounts/{account.pk}/").content.decode()
    assert '<button type="submit" class="button">Approve account</button>' in html
    response = client.post(f"/accounts/{account.pk}/approve/", follow=True)
    account.refresh_from_db()
    assert account.is_approved and account.approved_by == chief
    assert "is approved for the department" in response.content.decode()


def test_approving_an_account_with_checklist_items_missing_is_not_offered_and_refused(client, department, chief):
    account = make_account(department, "OakleyNew", **dict.fromkeys(CHECKLIST_FIELDS[2:], True))
    client.force_login(chief)
    html = client.get(f"/accounts/{account.pk}/").content.decode()
    assert '<button type="submit" class="button">Approve account</button>' not in html
    assert 'disabled aria-describedby="approve-account-blocked">Approve account</button>' in html
    assert "2 items of the page checklist are missing." in html
    count = AuditEvent.objects.count()
    response = client.post(f"/accounts/{account.pk}/approve/")
    assert response.status_code == 409
    assert "2 items of the page checklist are missing" in response.content.decode()
    account.refresh_from_db()
    assert not account.is_approved and AuditEvent.objects.count() == count


@pytest.mark.parametrize("persona", ["pio", "supervisor", "member"])
def test_only_the_chief_approves_accounts(client, request, department, persona):
    account = make_account(department, "OakleyNew")
    client.force_login(request.getfixturevalue(persona))
    assert ">Approve account</button>" not in client.get(f"/accounts/{account.pk}/").content.decode()
    response = client.post(f"/accounts/{account.pk}/approve/")
    assert response.status_code == 403
    assert "Only the chief of police approves social media accounts" in response.content.decode()
    account.refresh_from_db()
    assert not account.is_approved


def test_approving_an_approved_account_is_409(client, chief, account):
    client.force_login(chief)
    count = AuditEvent.objects.count()
    response = client.post(f"/accounts/{account.pk}/approve/")
    assert response.status_code == 409 and "This account is already approved." in response.content.decode()
    assert AuditEvent.objects.count() == count


def test_approve_account_is_post_only(client, department, chief):
    account = make_account(department, "OakleyNew")
    client.force_login(chief)
    assert client.get(f"/accounts/{account.pk}/approve/").status_code == 405
