"""RowsByIds: a loader's query compiled once answers what the queryset answers for each list of ids (issue 18.2)."""

import pytest

from people.models import Department, Member
from socialgov.query import RowsByIds

pytestmark = pytest.mark.django_db

FIELDS = ("pk", "username", "date_joined", "department__policy", "department__public_phone_numbers")


def test_rows_by_ids_answer_what_values_answers(department, chief, pio, supervisor, member):
    Department.objects.filter(pk=department.pk).update(public_phone_numbers=["555-0100"])
    members = RowsByIds("pk", lambda: Member.objects.order_by("-pk").values(*FIELDS))
    for ids in ([chief.pk], [chief.pk, pio.pk, supervisor.pk], [member.pk, pio.pk], [chief.pk, pio.pk, 10**9]):
        expected = list(Member.objects.filter(pk__in=ids).order_by("-pk").values(*FIELDS))
        assert members.rows(ids) == expected  # dates and JSON converted as the ORM converts them
    assert members.rows([]) == []
    assert isinstance(members.rows([chief.pk])[0]["department__public_phone_numbers"], list)


def test_a_query_with_other_parameters_is_refused(chief):
    named = RowsByIds("pk", lambda: Member.objects.filter(username=chief.username).values("pk"))
    with pytest.raises(ValueError, match="parameters besides the ids"):
        named.rows([chief.pk])
