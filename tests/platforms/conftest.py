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


@pytest.fixture(scope="session")
def devnet_appview(django_db_setup, django_db_blocker):
    """The network with the Bluesky AppView (threads, replies), which needs PostgreSQL: its schemas live in the test
    database, and it stops before that database is dropped. For tests marked `postgres`."""
    from urllib.parse import urlsplit

    from django.conf import settings

    from tests.celery_worker import subprocess_database_url

    with django_db_blocker.unblock():
        database = subprocess_database_url()
    redis = urlsplit(settings.REDIS_URL or "redis://127.0.0.1:6379")
    running = network.start(appview_database=database, redis_host=f"{redis.hostname}:{redis.port or 6379}")
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
    return make_account(
        department,
        "@oakleypd.test",
        approved_by=chief,
        platform="bluesky",
        url="https://bsky.app/profile/oakleypd.test",
        **dict.fromkeys(CHECKLIST_FIELDS, True),
    )


@pytest.fixture
def connected(chief, bluesky_account, devnet, pds_account):
    """The Bluesky account connected by the chief to a fresh PDS account; answers (account, pds account)."""
    from platforms import connections

    connections.connect(
        by=chief,
        account=bluesky_account,
        service=devnet.pds,
        identifier=pds_account.handle,
        app_password=pds_account.app_password,
    )
    bluesky_account.refresh_from_db()
    return bluesky_account, pds_account


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(execute=True):` runs what the block asked for after commit (the publishing, removal
    and capture tasks, eagerly in the tests)."""
    return django_capture_on_commit_callbacks
