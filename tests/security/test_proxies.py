"""Client addresses behind trusted proxies (issue 17.4): the sign-in lockout and the audit trail both count
the member's own address, so one proxy cannot lock a whole department out, and a client cannot choose its
address by writing X-Forwarded-For itself."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from audits.models import AuditEvent
from socialgov.client_address import client_address
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

WRONG = "not-the-password"
PROXIES = ["10.0.0.1", "10.0.0.2"]  # the TLS terminator and the load balancer, in that order


def request(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def sign_in(client, username, password, *, client_at, proxies=True):
    """A sign-in that passed the two proxies: each appended the address it received it from."""
    if proxies:
        return client.post(
            "/login/",
            {"username": username, "password": password},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"{client_at}, 10.0.0.1",
        )
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=client_at)


@pytest.mark.parametrize(
    "trusted, remote, forwarded, expected",
    [
        ([], "10.0.0.2", "203.0.113.7, 10.0.0.1", "10.0.0.2"),  # no proxy configured: the header is not believed
        (PROXIES, "10.0.0.2", "203.0.113.7, 10.0.0.1", "203.0.113.7"),
        (PROXIES, "10.0.0.2", "6.6.6.6, 203.0.113.7, 10.0.0.1", "203.0.113.7"),  # a forged entry on the left
        (PROXIES, "198.51.100.9", "6.6.6.6", "198.51.100.9"),  # not from a proxy: its own header is ignored
        (["10.0.0.0/24"], "10.0.0.2", "203.0.113.7, 10.0.0.1", "203.0.113.7"),
        (["2"], "10.0.0.2", "203.0.113.7, 10.0.0.1", "203.0.113.7"),
        (["2"], "10.0.0.2", "6.6.6.6, 203.0.113.7, 10.0.0.1", "203.0.113.7"),
        (["1"], "10.0.0.2", "not an address, 203.0.113.7", "203.0.113.7"),
        (PROXIES, "10.0.0.2", "", "10.0.0.2"),
        (PROXIES, "not-an-ip", "203.0.113.7", None),
    ],
)
def test_the_client_address(settings, trusted, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = trusted
    assert client_address(request(remote, forwarded)) == expected


def test_a_wrong_setting_is_named(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1", "a proxy"]
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXIES"):
        client_address(request("10.0.0.2", "203.0.113.7"))


def test_twenty_failures_from_one_client_do_not_lock_out_a_member_elsewhere(client, browser, member, settings):
    settings.TRUSTED_PROXIES = PROXIES
    for n in range(20):
        sign_in(client, f"made-up-{n}", WRONG, client_at="203.0.113.7")
    # The client that failed twenty times is locked...
    assert sign_in(client, "made-up-21", WRONG, client_at="203.0.113.7").status_code == 429
    # ...the member signing in from another address, through the same proxies, is not.
    answer = sign_in(browser, "member", PASSWORD, client_at="198.51.100.9")
    assert answer.status_code == 302
    failure = AuditEvent.objects.filter(action="security.sign_in.failure").first()
    success = AuditEvent.objects.get(action="security.sign_in.success")
    assert failure.remote_addr == "203.0.113.7" and success.remote_addr == "198.51.100.9"


def test_without_the_setting_the_proxy_address_locks_everyone_out(client, browser, member, settings):
    """What the setting is for: untold of its proxies, the app counts every failure against the proxy."""
    settings.TRUSTED_PROXIES = []
    for n in range(20):
        sign_in(client, f"made-up-{n}", WRONG, client_at="203.0.113.7")
    assert sign_in(browser, "member", PASSWORD, client_at="198.51.100.9").status_code == 429
