"""Signed JSON to the account's endpoint: HMAC-SHA256 over the exact body with the account's secret.

The endpoint's address is checked again before each request (socialgov.outbound: https, public addresses only;
a name re-pointed inside the network after the chief saved it is refused), redirects are not followed, and what
the endpoint says is not repeated on the post: a failure shows the status code or what went wrong in plain words
(issue 17.5).
"""

import hashlib
import hmac
import json
import ssl
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError

from socialgov import outbound

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
        headers = {"Content-Type": "application/json", SIGNATURE_HEADER: sign(self.account.webhook_secret, body)}
        host = urlsplit(self.account.webhook_url).hostname or "the webhook address"
        try:
            answer = outbound.post(self.account.webhook_url, body, headers, timeout=TIMEOUT_SECONDS)
        except ValidationError as error:
            raise ChannelError(f"The webhook address was refused: {' '.join(error.messages)}") from error
        except TimeoutError as error:
            raise ChannelError(f"{host} did not answer within {TIMEOUT_SECONDS} seconds.") from error
        except ssl.SSLError as error:
            raise ChannelError(f"{host}'s TLS certificate could not be verified.") from error
        except ConnectionRefusedError as error:
            raise ChannelError(f"{host} refused the connection.") from error
        except OSError as error:
            raise ChannelError(f"{host} could not be reached.") from error
        if 300 <= answer.status < 400:
            raise ChannelError(
                f"{host} answered with a redirect (status {answer.status}); it is not followed. "
                "Set the webhook URL to the endpoint's own address."
            )
        if not 200 <= answer.status < 300:
            raise ChannelError(f"{host} answered with status {answer.status}.")
        try:
            data = json.loads(answer.body or b"{}")
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}

    def publish(self, revision, *, url: str = "") -> Published:
        # The idempotency key lets the endpoint ignore a repeat of the same publication.
        answer = self._send(
            {
                "action": "publish",
                "idempotency_key": f"post-{revision.post_id}-account-{self.account.pk}-rev-{revision.number}",
                "account": {"platform": self.account.platform, "handle": self.account.handle},
                "post": revision.post_id,
                "revision": revision.number,
                "sha256": revision.sha256,
                "body": revision.body,
                "media": [{"sha256": media.sha256, "credit": media.credit} for media in revision.media.all()],
            }
        )
        # What the endpoint answers is kept only as far as it fits: an id, and the post's address when it is one.
        external_id = str(answer.get("id", ""))[:200]
        url = str(answer.get("url", ""))
        if urlsplit(url).scheme not in ("https", "http") or len(url) > 500:
            url = ""
        return Published(external_id=external_id, url=url)

    def remove(self, external_id: str) -> None:
        self._send({"action": "remove", "id": external_id, "account": {"handle": self.account.handle}})
