"""How a post reaches a platform (DESIGN.md "Publishing"): a small interface and its channels.

A channel publishes one revision to one account, returning the external id and
URL, and removes by external id. `manual` needs a person to do it by hand;
`webhook` POSTs signed JSON to the account's endpoint.
"""

from dataclasses import dataclass

from ..choices import Channel


class ChannelError(Exception):
    """The platform did not take the request (a non-2xx answer, a timeout, a refused connection)."""


@dataclass(frozen=True)
class Published:
    external_id: str
    url: str


def get_channel(account):
    from .manual import ManualChannel
    from .webhook import WebhookChannel

    return {Channel.MANUAL: ManualChannel, Channel.WEBHOOK: WebhookChannel}[account.channel](account)
