"""Webhook and platform service addresses cannot reach inside the network (issue 17.5; socialgov.outbound).

An address is refused when it is not https, carries a user name or password, or resolves to loopback, link-local
(the cloud metadata address), private, shared or other non-public addresses, IPv4 inside IPv6 included, unless
SOCIALGOV_ALLOW_HTTP_SERVICES is on (development, and the tests that run a platform on this machine). The account
form and the API refuse such a webhook URL (400 naming `webhook_url`, nothing saved); the webhook channel checks the
address again before each request, so a name re-pointed inside the network after it was saved is not called. What
the endpoint says in its status line is not shown back, and a redirect is not followed.
"""

import pytest
from django.core.exceptions import ValidationError

from approvals import services as decisions
from audits.models import AuditEvent
from posts import services
from posts.channels import ChannelError
from posts.choices import PostStatus
from posts.models import Post, SocialAccount
from socialgov.outbound import check_service_url
from tests.conftest import make_account
from tests.posts.conftest import CHECKLIST_DONE, authorize
from tests.posts.platform import Platform, allow_local_services

pytestmark = pytest.mark.django_db

INSIDE = [
    "https://127.0.0.1/hook",
    "https://127.9.9.9:8443/hook",
    "https://169.254.169.254/latest/meta-data/",
    "https://10.0.0.5/hook",
    "https://10.255.255.254/hook",
    "https://192.168.1.20/hook",
    "https://172.16.0.1/hook",
    "https://172.31.255.254/hook",
    "https://100.64.0.1/hook",  # shared address space (carrier NAT)
    "https://0.0.0.0/hook",
    "https://[::1]/hook",
    "https://[fe80::1]/hook",
    "https://[fd00::1]/hook",
    "https://[::ffff:127.0.0.1]/hook",  # IPv4-mapped IPv6
    "https://[::ffff:169.254.169.254]/hook",
    "https://[64:ff9b::a00:5]/hook",  # NAT64 of 10.0.0.5
    "https://[2002:7f00:1::]/hook",  # 6to4 of 127.0.0.1
    "https://localhost/hook",  # a name that resolves to 127.0.0.1
    "https://2130706433/hook",  # 127.0.0.1 written as one number
    "https://0x7f.1/hook",
]
NOT_HTTPS = ["http://93.184.215.14/hook", "ftp://93.184.215.14/hook", "file:///etc/passwd", "93.184.215.14/hook"]
WITH_CREDENTIALS = ["https://user:secret@93.184.215.14/hook", "https://token@93.184.215.14/hook"]
PUBLIC = ["https://93.184.215.14/hook", "https://93.184.215.14:8443/hook?x=1", "https://[2606:4700::1111]/hook"]


@pytest.fixture(autouse=True)
def _services_checked(settings):
    settings.SOCIALGOV_ALLOW_HTTP_SERVICES = False


def refused(url) -> str:
    with pytest.raises(ValidationError) as error:
        check_service_url(url)
    return " ".join(error.value.messages)


@pytest.mark.parametrize("url", INSIDE)
def test_an_address_inside_the_network_is_refused(url):
    assert "private network" in refused(url)


@pytest.mark.parametrize("url", NOT_HTTPS)
def test_only_https_is_accepted(url):
    assert "https://" in refused(url)


@pytest.mark.parametrize("url", WITH_CREDENTIALS)
def test_an_address_with_credentials_is_refused(url, settings):
    assert "user name or password" in refused(url)
    settings.SOCIALGOV_ALLOW_HTTP_SERVICES = True
    assert "user name or password" in refused(url)


def test_a_name_that_does_not_resolve_is_refused():
    assert "does not resolve" in refused("https://platform.invalid/hook")


@pytest.mark.parametrize("url", PUBLIC)
def test_a_public_https_address_is_accepted(url):
    check_service_url(url)


@pytest.mark.parametrize("url", [*INSIDE, "http://127.0.0.1:8000/hook", "http://localhost/hook"])
def test_the_development_setting_allows_local_and_http_services(url, settings):
    settings.SOCIALGOV_ALLOW_HTTP_SERVICES = True
    check_service_url(url)


# The account form and the API.


def new_account(**extra):
    return {
        "platform": "x",
        "handle": "OakleyPD_X",
        "url": "https://x.com/OakleyPD_X",
        "kind": "public",
        "channel": "webhook",
        "webhook_secret": "s3cret",
        **extra,
    }


@pytest.mark.parametrize(
    "url",
    [
        "https://169.254.169.254/latest/meta-data/",
        "https://localhost/hook",
        "http://93.184.215.14/hook",
        "https://user:pw@93.184.215.14/hook",
    ],
)
def test_the_account_form_refuses_the_webhook_url(client, chief, account, url):
    client.force_login(chief)
    events = AuditEvent.objects.count()
    response = client.post("/accounts/new/", new_account(webhook_url=url))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["webhook_url"], errors
    response = client.post(
        f"/accounts/{account.pk}/", new_account(webhook_url=url, handle=account.handle, platform=account.platform)
    )
    assert list(response.context["form"].errors) == ["webhook_url"]
    assert SocialAccount.objects.filter(webhook_url=url).count() == 0
    assert AuditEvent.objects.count() == events


def test_the_account_form_takes_a_public_https_webhook(client, chief):
    client.force_login(chief)
    response = client.post("/accounts/new/", new_account(webhook_url="https://93.184.215.14/hook"))
    assert response.status_code == 302
    assert SocialAccount.objects.get(handle="OakleyPD_X").webhook_url == "https://93.184.215.14/hook"


@pytest.mark.parametrize("url", ["https://10.0.0.5/hook", "https://[::ffff:127.0.0.1]/hook", "http://localhost/"])
def test_the_api_refuses_the_webhook_url_naming_it(api, chief, account, url):
    client = api.as_(chief)
    events = AuditEvent.objects.count()
    response = client.post("/api/v1/accounts/", new_account(webhook_url=url), format="json")
    assert response.status_code == 400 and "webhook_url" in response.json(), response.json()
    response = client.patch(
        f"/api/v1/accounts/{account.pk}/",
        {"channel": "webhook", "webhook_url": url, "webhook_secret": "s3cret"},
        format="json",
    )
    assert response.status_code == 400 and "webhook_url" in response.json(), response.json()
    account.refresh_from_db()
    assert account.webhook_url == "" and not SocialAccount.objects.filter(handle="OakleyPD_X").exists()
    assert AuditEvent.objects.count() == events


def test_the_api_takes_a_public_https_webhook(api, chief):
    response = api.as_(chief).post(
        "/api/v1/accounts/", new_account(webhook_url="https://93.184.215.14/hook"), format="json"
    )
    assert response.status_code == 201 and response.json()["webhook_url"] == "https://93.184.215.14/hook"


def test_an_unchanged_webhook_url_is_not_asked_again_when_the_checklist_is_kept(api, chief, account):
    """A saved address is checked again before each request, not on every edit of the account."""
    SocialAccount.objects.filter(pk=account.pk).update(
        channel="webhook", webhook_url="https://localhost/hook", webhook_secret="s3cret"
    )
    response = api.as_(chief).patch(
        f"/api/v1/accounts/{account.pk}/", {"checklist": {"contact_information": True}}, format="json"
    )
    assert response.status_code == 200


# The webhook channel.


@pytest.fixture
def platform():
    server = Platform()
    yield server
    server.close()


@pytest.fixture
def approved(department, chief, pio, supervisor, platform):
    account = make_account(
        department,
        "OakleyX",
        approved_by=chief,
        platform="x",
        channel="webhook",
        webhook_url=platform.url,
        webhook_secret="s3cret",
        **CHECKLIST_DONE,
    )
    authorize(chief, pio, account)
    post = services.create_post(by=pio, category="traffic", accounts=[account], body="Hwy 4 closed at Main St.")
    decisions.submit(by=pio, post=post)
    decisions.approve(by=supervisor, post=post)
    return post, account


@pytest.mark.parametrize("saved", ["platform", "localhost"])
def test_the_channel_checks_the_address_again_before_each_request(approved, platform, saved):
    """The address was saved while it pointed outside (or the setting was on); now it points inside: nothing is
    sent, and the post says why in plain words."""
    post, account = approved
    if saved == "localhost":  # the saved name now resolves to this machine
        SocialAccount.objects.filter(pk=account.pk).update(
            webhook_url=platform.url.replace("http://127.0.0.1", "https://localhost")
        )
    with pytest.raises(ChannelError, match="refused"):
        services.publish_to_account(post.pk, account.pk)
    assert platform.received == []
    post.refresh_from_db()
    assert post.status == PostStatus.APPROVED
    assert post.publish_error.startswith("X (Twitter) OakleyX: The webhook address was refused: ")
    assert ("https://" if saved == "platform" else "private network") in post.publish_error


def test_the_remote_status_line_is_not_shown_back(approved, platform, settings, monkeypatch):
    allow_local_services(settings, monkeypatch)
    post, account = approved
    platform.status, platform.reason = 502, "Upstream db-internal.oakley.local:5432 password rejected"
    with pytest.raises(ChannelError) as error:
        services.publish_to_account(post.pk, account.pk)
    post.refresh_from_db()
    for shown in (
        str(error.value),
        post.publish_error,
        AuditEvent.objects.filter(action="posts.publication.fail").latest("pk").after["error"],
    ):
        assert "status 502" in shown and "db-internal" not in shown and "password" not in shown
    assert len(platform.received) == 1


def test_a_redirect_is_not_followed(approved, platform, settings, monkeypatch):
    allow_local_services(settings, monkeypatch)
    post, account = approved
    elsewhere = Platform()
    try:
        platform.status, platform.location = 307, elsewhere.url
        with pytest.raises(ChannelError, match="redirect"):
            services.publish_to_account(post.pk, account.pk)
        assert len(platform.received) == 1 and elsewhere.received == []
    finally:
        elsewhere.close()
    assert Post.objects.get(pk=post.pk).status == PostStatus.APPROVED


def test_an_unreachable_endpoint_is_named_plainly(approved, platform, settings, monkeypatch):
    allow_local_services(settings, monkeypatch)
    post, account = approved
    platform.close()
    with pytest.raises(ChannelError, match="refused the connection"):
        services.publish_to_account(post.pk, account.pk)
    assert Post.objects.get(pk=post.pk).publish_error == "X (Twitter) OakleyX: 127.0.0.1 refused the connection."


def test_what_the_endpoint_answers_is_kept_only_when_it_is_an_address(approved, platform, settings, monkeypatch):
    allow_local_services(settings, monkeypatch)
    post, account = approved
    platform.answer = {"id": "x" * 5000, "url": "javascript:alert(document.cookie)"}
    assert services.publish_to_account(post.pk, account.pk) == "published"
    publication = post.publications.get()
    assert publication.url == "" and publication.external_id == "x" * 200


# https: the certificate is checked against the name, and the connection goes to the address that was checked.


@pytest.fixture
def tls_endpoint(tmp_path):
    """An https endpoint on this machine whose certificate names `platform.invalid` and `localhost`, signed by
    itself; `trust` makes this process trust it (SSL_CERT_FILE)."""
    import datetime
    import ssl
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "platform.invalid")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName("platform.invalid"), x509.DNSName("localhost")]), critical=False
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            received.append((self.headers["Host"], self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"id": "tls-1", "url": "https://x.test/p/tls-1"}')

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield type("Endpoint", (), {"port": server.server_address[1], "received": received, "cert": str(cert_file)})
    server.shutdown()
    server.server_close()


def test_an_untrusted_certificate_is_refused_in_plain_words(approved, tls_endpoint, settings, monkeypatch):
    allow_local_services(settings, monkeypatch)
    post, account = approved
    SocialAccount.objects.filter(pk=account.pk).update(webhook_url=f"https://localhost:{tls_endpoint.port}/hook")
    with pytest.raises(ChannelError, match="TLS certificate could not be verified"):
        services.publish_to_account(post.pk, account.pk)
    assert tls_endpoint.received == []


def test_the_request_goes_to_the_address_that_was_checked(approved, tls_endpoint, monkeypatch):
    """The name is resolved once, by the check, and the connection is made to that address: `platform.invalid`
    (which no resolver answers) is reached at the address the check saw, named in the Host header and checked
    against the certificate. The resolver's answer is the test's, standing in for a public address."""
    from socialgov import outbound

    post, account = approved
    monkeypatch.setenv("SSL_CERT_FILE", tls_endpoint.cert)
    monkeypatch.setattr(outbound, "resolve", lambda host, port: ["127.0.0.1"] if host == "platform.invalid" else [])
    monkeypatch.setattr(outbound, "_is_public", lambda address: address == "127.0.0.1")
    url = f"https://platform.invalid:{tls_endpoint.port}/hook"
    SocialAccount.objects.filter(pk=account.pk).update(webhook_url=url)
    assert services.publish_to_account(post.pk, account.pk) == "published"
    [(host, _body)] = tls_endpoint.received
    assert host == f"platform.invalid:{tls_endpoint.port}"
