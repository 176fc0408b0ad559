import pytest

from approvals import services as decisions
from people.roles import Role
from posts import permissions, services
from posts.models import Post, SocialAccount
from tests.conftest import make_account, make_member
from tests.posts.conftest import authorize

pytestmark = pytest.mark.django_db


@pytest.fixture
def covert(department, chief, supervisor):
    return make_account(
        department,
        "quiet.neighbor",
        approved_by=chief,
        platform="instagram",
        kind="covert",
        monitoring_supervisor=supervisor,
    )


def test_covert_account_is_invisible_to_unassigned_members(covert, chief, supervisor, pio, custodian, member):
    assert permissions.visible(chief, SocialAccount.objects.all()).filter(pk=covert.pk).exists()
    assert permissions.visible(supervisor, SocialAccount.objects.all()).filter(pk=covert.pk).exists()
    for unassigned in (pio, custodian, member):
        assert not permissions.visible(unassigned, SocialAccount.objects.all()).filter(pk=covert.pk).exists()


def test_covert_posts_are_seen_only_by_those_assigned(department, covert, chief, pio, supervisor, custodian):
    from tests.operations.conftest import open_operation_for

    detective = make_member(department, "detective", Role.PIO)
    authorize(chief, detective, covert)
    # Before an undercover operation governs it, the custodian does not see it either.
    assert not permissions.visible(custodian, SocialAccount.objects.all()).filter(pk=covert.pk).exists()
    open_operation_for([covert], [detective], chief=chief, supervisor=supervisor)
    post = services.create_post(
        by=detective, category="investigative_request", accounts=[covert], body="Anyone selling a bike near the park?"
    )
    assert permissions.visible(detective, Post.objects.all()).filter(pk=post.pk).exists()
    assert permissions.visible(supervisor, Post.objects.all()).filter(pk=post.pk).exists()
    assert not permissions.visible(pio, Post.objects.all()).filter(pk=post.pk).exists()
    # The records custodian sees an operation's records (issue 16.1).
    assert permissions.visible(custodian, Post.objects.all()).filter(pk=post.pk).exists()


def test_covert_account_is_exempt_from_the_page_checklist(covert):
    assert covert.checklist_missing == [] and covert.publishable


def test_another_department_sees_nothing(department, other_department, other_chief, chief, pio, ready_account):
    authorize(chief, pio, ready_account)
    services.create_post(by=pio, category="traffic", accounts=[ready_account], body="Road closed")
    outsider = make_member(other_department, "pio", Role.PIO)
    assert not permissions.visible(outsider, Post.objects.all()).exists()
    assert not permissions.visible(other_chief, SocialAccount.objects.all()).filter(department=department).exists()


def test_plain_members_see_only_what_went_public(draft, member, supervisor, pio_authorized, ready_account):
    assert not permissions.visible(member, Post.objects.all()).exists()
    decisions.submit(by=pio_authorized, post=draft)
    decisions.approve(by=supervisor, post=draft)
    services.publish(by=pio_authorized, post=draft, urls={ready_account.pk: "https://www.facebook.com/p/1"})
    assert list(permissions.visible(member, Post.objects.all())) == [draft]
