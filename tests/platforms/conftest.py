import pytest

from posts.choices import CHECKLIST_FIELDS
from tests.conftest import make_account

from . import devnet as network


@pytest.fixture(scope="session")
def devnet():
    """The local AT Protocol network, started once for the session's Bluesky tests."""
    running = network.start()
    yield running
    running.stop()


@pytest.fixture(autouse=True)
def _local_services(settings, tmp_path):
    # The network runs on this machine over http (socialgov.outbound refuses both elsewhere).
    settings.SOCIALGOV_ALLOW_HTTP_SERVICES = True
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def pds_account(devnet):
    return network.new_account(devnet, "oakleypd")


@pytest.fixture
def bluesky_account(department, chief):
    """An approved Bluesky account with its page checklist complete, not yet connected."""
    return make_account(department, "@oakleypd.test", approved_by=chief, platform="bluesky",
                        url="https://bsky.app/profile/oakleypd.test", **dict.fromkeys(CHECKLIST_FIELDS, True))


@pytest.fixture
def connected(chief, bluesky_account, devnet, pds_account):
    """The Bluesky account connected by the chief to a fresh PDS account; answers (account, pds account)."""
    from platforms import connections

    connections.connect(by=chief, account=bluesky_account, service=devnet.pds, identifier=pds_account.handle,
                        app_password=pds_account.app_password)
    bluesky_account.refresh_from_db()
    return bluesky_account, pds_account


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(execute=True):` runs what the block asked for after commit (the publishing, removal
    and capture tasks, eagerly in the tests)."""
    return django_capture_on_commit_callbacks
