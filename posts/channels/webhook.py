"""Signed JSON to the account's endpoint: HMAC-SHA256 over the exact body with the account's secret."""

import hashlib
import hmac
import json
import urllib.error
import urllib.request

from . import ChannelError, Published

TIMEOUT_SECONDS = 10
SIGNATURE_HEADER = "X-Socialgov-Signature"


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class WebhookChannel:
    automatic = True

    def __init__(self, account):
        self.account = account

    def _send(self, payload: dict) -> dict:
        if not self.account.webhook_url or not self.account.webhook_secret:
            raise ChannelError(f"{self.account} has no webhook URL and secret configured.")
        body = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
        request = urllib.request.Request(
            self.account.webhook_url,
            data=body,
            method="POST",
            headers={"Content-Type": "application/json", SIGNATURE_HEADER: sign(self.account.webhook_secret, body)},
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 (configured URL)
                answer = response.read()
        except urllib.error.HTTPError as error:
            raise ChannelError(f"{self.account.webhook_url} answered {error.code} {error.reason}") from error
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise ChannelError(f"{self.account.webhook_url} could not be reached: {error}") from error
        try:
            return json.loads(answer or b"{}")
        except ValueError:
            return {}

    def publish(self, revision, *, url: str = "") -> Published:
        # The idempotency key lets the endpoint ignore a repeat of the same publication.
        answer = self._send({
            "action": "publish",
            "idempotency_key": f"post-{revision.post_id}-account-{self.account.pk}-rev-{revision.number}",
            "account": {"platform": self.account.platform, "handle": self.account.handle},
            "post": revision.post_id,
            "revision": revision.number,
            "sha256": revision.sha256,
            "body": revision.body,
            "media": [{"sha256": media.sha256, "credit": media.credit} for media in revision.media.all()],
        })
        external_id = str(answer.get("id", ""))
        return Published(external_id=external_id, url=str(answer.get("url", "")))

    def remove(self, external_id: str) -> None:
        self._send({"action": "remove", "id": external_id, "account": {"handle": self.account.handle}})
