from . import ChannelError, Published


class ManualChannel:
    """The PIO posts by hand and records the URL; removal is a task tracked until someone confirms it."""

    automatic = False

    def __init__(self, account):
        self.account = account

    def publish(self, revision, *, url: str = "") -> Published:
        if not url:
            raise ChannelError(f"Record the URL of the post on {self.account}.")
        return Published(external_id=url, url=url)

    def remove(self, external_id: str) -> None:
        raise ChannelError("Remove it by hand on the platform, then confirm the removal here.")
