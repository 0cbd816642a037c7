"""Long lists without a full COUNT or a deep OFFSET (issue 15, point 2): keyset pages at any
depth, a count capped at COUNT_CAP, clear refusals for a mangled cursor or a page too deep."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from luoshi.core.errors import DomainError
from luoshi.core.pagination import MSG_BAD_CURSOR, capped_count, cursor_encode, page_of
from luoshi.ledger.models import Task
from luoshi.ledger.tests.factories import task_factory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tasks() -> list[str]:
    return [task_factory(code=f"K-{n:03d}").code for n in range(23)]


def _walk_forward(size: int) -> tuple[list[str], int]:
    queryset = Task.objects.order_by("code")
    seen: list[str] = []
    page = page_of(queryset, size=size, key=("code",))
    pages = 1
    seen += [t.code for t in page]
    while page.has_next:
        page = page_of(queryset, size=size, number=page.next_number, cursor=page.next_cursor, key=("code",))
        seen += [t.code for t in page]
        pages += 1
    return seen, pages


def test_following_next_cursors_visits_every_row_once_in_order(tasks: list[str]) -> None:
    seen, pages = _walk_forward(5)
    assert seen == sorted(tasks) and pages == 5


def test_previous_cursors_walk_back_to_the_first_page(tasks: list[str]) -> None:
    queryset = Task.objects.order_by("code")
    page = page_of(queryset, size=5, key=("code",))
    while page.has_next:
        page = page_of(queryset, size=5, number=page.next_number, cursor=page.next_cursor, key=("code",))
    assert [t.code for t in page] == sorted(tasks)[20:]
    backwards = []
    while page.has_previous:
        page = page_of(queryset, size=5, number=page.previous_number, cursor=page.previous_cursor, key=("code",))
        backwards.append([t.code for t in page])
    assert backwards[-1] == sorted(tasks)[:5] and len(backwards) == 4


def test_a_descending_two_column_key_pages_without_gaps(tasks: list[str]) -> None:
    queryset = Task.objects.all()
    key = ("-level", "-id")
    expected = list(Task.objects.order_by(*key).values_list("code", flat=True))
    seen: list[str] = []
    page = page_of(queryset, size=4, key=key)
    seen += [t.code for t in page]
    while page.has_next:
        page = page_of(queryset, size=4, cursor=page.next_cursor, key=key)
        seen += [t.code for t in page]
    assert seen == expected


def test_a_deep_page_reads_from_the_cursor_without_offset(tasks: list[str]) -> None:
    cursor = cursor_encode("a", ["K-019"])
    with CaptureQueriesContext(connection) as queries:
        page = page_of(Task.objects.order_by("code"), size=5, cursor=cursor, key=("code",))
    assert [t.code for t in page] == ["K-020", "K-021", "K-022"] and not page.has_next
    assert not any("OFFSET" in q["sql"].upper() for q in queries.captured_queries)


def test_the_count_stops_at_the_cap(tasks: list[str]) -> None:
    assert capped_count(Task.objects.all(), cap=10) == (10, True)
    assert capped_count(Task.objects.all(), cap=100) == (23, False)
    page = page_of(Task.objects.order_by("code"), size=5, key=("code",), cap=10)
    assert page.count_label == "10+" and page.num_pages is None


def test_a_page_number_past_the_cap_is_refused(tasks: list[str]) -> None:
    with pytest.raises(DomainError) as error:
        page_of(Task.objects.order_by("code"), size=5, number=3, cap=10)
    assert error.value.code == "page_too_deep"


@pytest.mark.parametrize("cursor", ["garbage", "e30", cursor_encode("x", ["K-001"]), cursor_encode("a", [])])
def test_a_mangled_cursor_is_a_clear_error(tasks: list[str], cursor: str) -> None:
    with pytest.raises(DomainError) as error:
        page_of(Task.objects.order_by("code"), size=5, cursor=cursor, key=("code",))
    assert error.value.code == "invalid_cursor" and str(error.value.message) == str(MSG_BAD_CURSOR)
