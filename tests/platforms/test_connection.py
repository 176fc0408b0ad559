"""Connecting a Bluesky account (issue 12.1, 12.4) against the local PDS: the chief only; the app password is
checked by opening a session and stored encrypted, never answered, logged or exported."""

import logging

import pytest
from django.db import connection as db

from audits.models import AuditEvent
from platforms import secrets
from platforms.models import Connection, ConnectionStatus
from posts.choices import Channel
from tests.conftest import make_account

pytestmark = pytest.mark.django_db
URL = "/api/v1/accounts/{}/connection/"


def connect(api, member, account, pds, identifier, app_password):
    return api.as_(member).post(
        URL.format(account.pk), {"service": pds, "identifier": identifier, "app_password": app_password}, format="json"
    )


def test_the_chief_connects_and_the_app_password_is_stored_only_encrypted(
    api, chief, bluesky_account, devnet, pds_account, caplog
):
    caplog.set_level(logging.DEBUG)
    response = connect(api, chief, bluesky_account, devnet.pds, pds_account.handle, pds_account.app_password)
    assert response.status_code == 201, response.content
    assert pds_account.app_password not in response.content.decode()
    assert response.json()["did"] == pds_account.did and response.json()["status"] == "connected"
    with db.cursor() as cursor:
        cursor.execute("SELECT app_password, session FROM platforms_connection")
        stored_password, stored_session = cursor.fetchone()
    assert pds_account.app_password not in stored_password and stored_password
    assert secrets.decrypt(stored_password) == pds_account.app_password
    assert "accessJwt" not in stored_session and pds_account.did not in stored_session
    bluesky_account.refresh_from_db()
    assert bluesky_account.channel == Channel.BLUESKY
    event = AuditEvent.objects.get(action="platforms.connect")
    assert pds_account.app_password not in str(event.after) and event.after["did"] == pds_account.did
    assert pds_account.app_password not in caplog.text
    # Reading the account's connection back never shows it either.
    account_answer = api.as_(chief).get(f"/api/v1/accounts/{bluesky_account.pk}/").content.decode()
    assert pds_account.app_password not in account_answer


def test_a_wrong_app_password_is_a_400_naming_it_and_nothing_is_stored(
    api, chief, bluesky_account, devnet, pds_account
):
    response = connect(api, chief, bluesky_account, devnet.pds, pds_account.handle, "wrong-wrong-wrong-wrong")
    assert response.status_code == 400 and "app_password" in response.json()
    assert "wrong-wrong" not in response.content.decode()
    assert not Connection.objects.exists() and not AuditEvent.objects.filter(action="platforms.connect").exists()


def test_an_unreachable_service_is_a_400_naming_it(api, chief, bluesky_account, pds_account):
    response = connect(api, chief, bluesky_account, "http://127.0.0.1:9", pds_account.handle, "x" * 19)
    assert response.status_code == 400 and "service" in response.json()
    assert not Connection.objects.exists()


def test_a_service_must_be_https_outside_development(api, chief, bluesky_account, settings, pds_account, devnet):
    settings.SOCIALGOV_ALLOW_HTTP_SERVICES = False
    response = connect(api, chief, bluesky_account, devnet.pds, pds_account.handle, pds_account.app_password)
    assert response.status_code == 400 and "https" in response.json()["service"][0]


def test_only_the_chief_connects_and_another_department_s_account_is_not_there(
    api, pio, supervisor, custodian, chief, bluesky_account, other_department, other_chief, devnet, pds_account
):
    for member in (pio, supervisor, custodian):
        assert (
            connect(api, member, bluesky_account, devnet.pds, pds_account.handle, pds_account.app_password).status_code
            == 403
        )
        assert api.as_(member).delete(URL.format(bluesky_account.pk)).status_code == 403
    theirs = make_account(other_department, "@azusapd.test", approved_by=other_chief, platform="bluesky")
    assert connect(api, chief, theirs, devnet.pds, pds_account.handle, pds_account.app_password).status_code == 404
    assert api.as_(chief).delete(URL.format(theirs.pk)).status_code == 404
    assert not Connection.objects.exists()


def test_disconnecting_forgets_the_credentials(api, chief, bluesky_account, devnet, pds_account):
    connect(api, chief, bluesky_account, devnet.pds, pds_account.handle, pds_account.app_password)
    assert api.as_(chief).delete(URL.format(bluesky_account.pk)).status_code == 204
    assert not Connection.objects.exists()
    bluesky_account.refresh_from_db()
    assert bluesky_account.channel == Channel.MANUAL
    assert api.as_(chief).delete(URL.format(bluesky_account.pk)).status_code == 409


def test_a_revoked_app_password_breaks_the_connection_and_tells_the_chief(
    api, chief, bluesky_account, devnet, pds_account
):
    from atproto import models

    from notifications.models import Notification
    from platforms.bluesky import client as bluesky

    connect(api, chief, bluesky_account, devnet.pds, pds_account.handle, pds_account.app_password)
    pds_account.client.com.atproto.server.revoke_app_password(
        models.ComAtprotoServerRevokeAppPassword.Data(name="socialgov")
    )
    stored = Connection.objects.get()
    # Revoking the app password revokes its refresh token; the access token lives on until it expires. Once it has
    # (the session is dropped here), the next session is opened with the app password, which the platform refuses.
    Connection.objects.update(session="")
    stored.refresh_from_db()
    with pytest.raises(bluesky.PlatformError):
        bluesky.session_for(stored)
    stored.refresh_from_db()
    assert stored.status == ConnectionStatus.BROKEN and stored.session == ""
    assert Notification.objects.filter(recipient=chief, kind="platforms.connection_broken").exists()


def test_a_service_that_redirects_is_refused_without_following(api, chief, bluesky_account, pds_account):
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    followed = []

    class Redirect(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (the handler's method name)
            if "elsewhere" in self.path:
                followed.append(self.path)
            self.send_response(307)
            self.send_header("Location", "http://127.0.0.1:9/elsewhere")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Redirect)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        response = connect(
            api,
            chief,
            bluesky_account,
            f"http://127.0.0.1:{server.server_port}",
            pds_account.handle,
            pds_account.app_password,
        )
    finally:
        server.shutdown()
    assert response.status_code == 400 and "redirect" in response.json()["service"][0]
    assert not followed and not Connection.objects.exists()


def test_the_app_password_is_in_no_records_package(chief, custodian, bluesky_account, devnet, pds_account):
    import io

    from django.utils import timezone

    from platforms import connections
    from retention import services as retention
    from retention.packages import build_request_package

    connections.connect(
        by=chief,
        account=bluesky_account,
        service=devnet.pds,
        identifier=pds_account.handle,
        app_password=pds_account.app_password,
    )
    request = retention.open_request(
        by=custodian, requester="Oakley Press", received_on=timezone.localdate(), accounts=[bluesky_account]
    )
    out = io.BytesIO()
    build_request_package(by=custodian, request=request, out=out)
    import zipfile

    package = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    for name in package.namelist():
        assert pds_account.app_password.encode() not in package.read(name), name


def test_an_expired_access_token_is_refreshed_and_the_new_session_kept_encrypted(
    chief, bluesky_account, devnet, pds_account
):
    import base64
    import json

    from atproto import models
    from atproto_client.client.session import Session

    from platforms import connections
    from platforms.bluesky import client as bluesky

    connections.connect(
        by=chief,
        account=bluesky_account,
        service=devnet.pds,
        identifier=pds_account.handle,
        app_password=pds_account.app_password,
    )
    stored = Connection.objects.get()
    session = Session.decode(secrets.decrypt(stored.session))
    # The access token as it looks once it has expired (its signature is never checked by the client).
    header, payload, signature = session.access_jwt.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["exp"] = 1
    expired = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    session.access_jwt = f"{header}.{expired}.{signature}"
    Connection.objects.update(session=secrets.encrypt(session.encode()))
    stored.refresh_from_db()
    client = bluesky.session_for(stored)
    client.com.atproto.sync.get_latest_commit(models.ComAtprotoSyncGetLatestCommit.Params(did=pds_account.did))
    refreshed = Session.decode(secrets.decrypt(Connection.objects.get().session))
    assert refreshed.access_jwt != session.access_jwt and refreshed.refresh_jwt != session.refresh_jwt
    assert Connection.objects.get().status == ConnectionStatus.CONNECTED
