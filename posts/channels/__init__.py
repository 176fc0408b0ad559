"""How a post reaches a platform (DESIGN.md "Publishing"): a small interface and its channels.

A channel publishes one revision to one account, returning the external id, URL and (where the platform
gives one) the content id of the record it made, and removes by external id. `manual` needs a person to do
it by hand; `webhook` POSTs signed JSON to the account's endpoint. Connected platforms (platforms/, above
posts) register their channels here in their AppConfig.ready() (`register`), as approvals fills posts.hooks.
"""

from dataclasses import dataclass

from ..choices import Channel


class ChannelError(Exception):
    """The platform did not take the request (a non-2xx answer, a timeout, a refused connection)."""


@dataclass(frozen=True)
class Published:
    external_id: str
    url: str
    cid: str = ""


_channels: dict[str, type] = {}


def register(channel: str, factory) -> None:
    """Register `factory(account) -> channel` for a Channel value (called from a higher app's ready())."""
    _channels[channel] = factory


def get_channel(account):
    # manual and webhook import this module's ChannelError and Published: imported here, once it is loaded.
    from .manual import ManualChannel
    from .webhook import WebhookChannel

    factories = {Channel.MANUAL: ManualChannel, Channel.WEBHOOK: WebhookChannel, **_channels}
    if account.channel not in factories:
        raise ChannelError(f"No channel is installed for {account.get_channel_display()}.")
    return factories[account.channel](account)
