"""The connection page of an account (issue 12.4): the chief connects it there; it shows the status, the last
capture and its errors, "Capture now", and the captured posts with their versions and deletions."""

import pytest
from django.test import Client

from platforms import capture
from platforms.models import Connection

from .helpers import delete_directly, post_directly

pytestmark = pytest.mark.django_db


def page(member, account):
    client = Client()
    client.force_login(member)
    return client, f"/accounts/{account.pk}/connection/"


def test_the_chief_connects_on_the_page_and_a_wrong_password_is_shown_on_its_field(
    chief, bluesky_account, devnet, pds_account
):
    client, url = page(chief, bluesky_account)
    assert b"App password" in client.get(url).content
    wrong = client.post(url, {"service": devnet.pds, "identifier": pds_account.handle, "app_password": "nope-nope"})
    assert wrong.status_code == 200 and b"refused the handle and app password" in wrong.content
    assert not Connection.objects.exists()
    done = client.post(
        url,
        {"service": devnet.pds, "identifier": pds_account.handle, "app_password": pds_account.app_password},
        follow=True,
    )
    assert b"Connected" in done.content and pds_account.app_password.encode() not in done.content
    assert Connection.objects.get().did == pds_account.did


def test_the_page_lists_what_capture_kept_and_who_may_act(committed, connected, supervisor, member, commander):
    account, pds = connected
    kept = post_directly(pds, "Kept, then deleted on the platform.")
    capture.capture_account(account.pk)
    delete_directly(pds, kept)
    capture.capture_account(account.pk)
    client, url = page(supervisor, account)
    shown = client.get(url).content.decode()
    assert "Kept, then deleted on the platform." in shown and "Capture now" in shown and "Disconnect" not in shown
    assert "App password" not in shown
    with committed(execute=True):
        assert client.post(f"/accounts/{account.pk}/capture/").status_code == 302
    assert Connection.objects.get().last_capture_at is not None
    client, _ = page(commander, account)
    assert "Capture now" not in client.get(url).content.decode()
    assert client.post(f"/accounts/{account.pk}/capture/").status_code == 403
    client, _ = page(member, account)
    assert client.get(url).status_code == 403
