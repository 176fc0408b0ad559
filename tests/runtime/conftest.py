import pytest
from django.contrib.auth.models import Group

from people.roles import GROUP_FOR_ROLE


@pytest.fixture
def role_groups(transactional_db):
    """The role groups the people migrations make, put back for tests on committed data.

    A transactional test empties the database afterwards, groups included. Serialized
    rollback would restore them, but fails (duplicate content types) after any
    transactional test that did not use it, so the groups are made here instead.
    """
    for name in GROUP_FOR_ROLE.values():
        Group.objects.get_or_create(name=name)
