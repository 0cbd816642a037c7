"""`aggregate_row` gives what `QuerySet.aggregate` gives, on both databases."""

from __future__ import annotations

import pytest
from django.db.models import Count, Max, Q, Sum

from luoshi.core.aggregates import aggregate_row
from luoshi.ledger.choices import TaskLevel
from luoshi.ledger.models import Task
from luoshi.ledger.tests.factories import task_factory

pytestmark = pytest.mark.django_db


def test_filtered_counts_over_a_join_equal_django_aggregate() -> None:
    national = task_factory("国家任务", level=TaskLevel.NATIONAL, category="科技创新")
    heading = task_factory("围绕科技创新", level=TaskLevel.CITY, category="科技创新", parent=national)
    task_factory("市级举措一", level=TaskLevel.CITY, category="港口", parent=heading)
    task_factory("市级举措二", level=TaskLevel.CITY, category="科技创新")
    wanted = {
        "n": Count("id"),
        "under_national": Count("id", filter=Q(parent__level=TaskLevel.NATIONAL)),
        "part": Count("id", filter=Q(category__contains="科技") | Q(parent__category__contains="科技")),
        "biggest": Max("children_count"),
    }
    city = Task.objects.filter(level=TaskLevel.CITY)
    assert aggregate_row(city, **wanted) == city.aggregate(**wanted) == {
        "n": 3, "under_national": 1, "part": 3, "biggest": 0}


@pytest.mark.parametrize("empty", [
    lambda: Task.objects.filter(level="nowhere"),
    lambda: Task.objects.filter(pk__in=[]),  # a query Django knows is empty before asking the database
])
def test_nothing_to_aggregate_gives_zero_counts_and_no_sums(empty) -> None:  # type: ignore[no-untyped-def]
    wanted = {"n": Count("id"), "total": Sum("children_count")}
    assert aggregate_row(empty(), **wanted) == empty().aggregate(**wanted) == {"n": 0, "total": None}
