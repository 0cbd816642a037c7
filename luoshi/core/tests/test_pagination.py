"""Long lists without a full COUNT or a deep OFFSET (issue 15, point 2): keyset pages at any
depth, a count capped at COUNT_CAP, clear refusals for a mangled cursor or a page too deep."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from luoshi.core import pagination
from luoshi.core.errors import DomainError
from luoshi.core.pagination import (
    MSG_BAD_CURSOR,
    among,
    capped_count,
    cursor_encode,
    page_number,
    page_of,
    table_rows,
    values_among,
    walk_pays,
)
from luoshi.ledger.models import Task
from luoshi.ledger.tests.factories import task_factory, unit_factory

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


@pytest.mark.parametrize("key", [("code",), ("-level", "-id"), ("level", "-code")])
def test_every_numbered_page_holds_the_rows_of_that_position(tasks: list[str], key: tuple[str, ...]) -> None:
    """A numbered page finds its first row by skipping the key's columns alone, then reads from
    there: the same rows as slicing the list, on keys with ties in their first column, under a
    filter, and past the end."""
    from luoshi.ledger.choices import TaskLevel

    Task.objects.filter(code__in=tasks[::3]).update(level=TaskLevel.CITY)
    for queryset in (Task.objects.all(), Task.objects.exclude(code="K-004").prefetch_related("co_units")):
        expected = list(queryset.order_by(*key).values_list("code", flat=True))
        for number in range(1, 7):
            page = page_of(queryset, size=4, number=number, key=key)
            assert [t.code for t in page] == expected[(number - 1) * 4: number * 4], (key, number)
            assert page.has_next == (len(expected) > number * 4)


def test_a_numbered_page_of_an_unfiltered_list_skips_only_the_keys_columns(tasks: list[str]) -> None:
    def skipping(queryset: object) -> list[str]:
        with CaptureQueriesContext(connection) as queries:
            page_of(queryset, size=5, number=3, key=("code",))  # type: ignore[arg-type]
        return [q["sql"] for q in queries.captured_queries if "OFFSET" in q["sql"].upper()]

    (unfiltered,) = skipping(Task.objects.order_by("code"))
    assert "title" not in unfiltered
    (filtered,) = skipping(Task.objects.exclude(code="K-004"))  # whole rows: the filter runs once
    assert "title" in filtered


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


@pytest.mark.parametrize("values", [False, True])
def test_a_page_counted_with_its_rows_is_the_page_counted_apart(tasks: list[str], values: bool) -> None:
    rows = Task.objects.filter(code__startswith="K-").order_by("-code")
    if values:
        rows = rows.values("pk", "code")  # type: ignore[assignment]
    for number in range(1, 7):
        apart = page_of(rows, size=5, number=number)
        with CaptureQueriesContext(connection) as captured:
            together = page_of(rows, size=5, number=number, count_with_rows=True)
        assert (together.count, together.count_capped, together.has_next, together.has_previous) == (
            apart.count, apart.count_capped, apart.has_next, apart.has_previous), number
        assert [r["code"] if values else r.code for r in together.rows] == (  # type: ignore[index, union-attr]
            [r["code"] if values else r.code for r in apart.rows])  # type: ignore[index, union-attr]
        # One query for a page that has rows (or the first page, which has none to count).
        assert len(captured.captured_queries) == (1 if together.rows or number == 1 else 2), number
    assert apart.count == 23 and not apart.rows  # page 6 is past the last


def test_a_page_counted_with_its_rows_keeps_the_cap(tasks: list[str]) -> None:
    page = page_of(Task.objects.order_by("code"), size=5, cap=10, count_with_rows=True)
    assert (page.count, page.count_capped, len(page.rows), page.has_next) == (10, True, 5, True)
    with pytest.raises(DomainError):
        page_of(Task.objects.order_by("code"), size=5, number=3, cap=10, count_with_rows=True)
    nothing = page_of(Task.objects.none().order_by("code"), size=5, count_with_rows=True)
    assert (nothing.count, nothing.rows, nothing.has_next) == (0, [], False)


def _per_row() -> Q:
    """The set of `_parts` written as a check of each row: the first two parts' own conditions,
    and the co-units' ids, joined by OR (as ledger.offices.TaskParts writes a walk)."""
    return (Q(code__lte="K-009") | Q(code__gte="K-005", code__lte="K-014")
            | Q(pk__in=Task.co_units.through.objects.order_by().values("task_id")))


def _parts() -> list[Any]:
    """Three sets of task ids that overlap: codes K-000..K-009, K-005..K-014, and the tasks with a co-unit."""
    return [Task.objects.filter(code__lte="K-009").order_by().values("pk"),
            Task.objects.filter(code__gte="K-005", code__lte="K-014").order_by().values("pk"),
            Task.co_units.through.objects.order_by().values("task_id")]


def test_rows_among_sets_are_the_same_joined_or_checked_per_row(tasks: list[str]) -> None:
    unit = unit_factory("抽查单位")
    for code in ("K-020", "K-021", "K-005"):
        Task.objects.get(code=code).co_units.add(unit)
    expected = [*sorted(tasks)[:15], "K-020", "K-021"]
    joined = Task.objects.filter(among(_parts())).order_by("code")
    per_row = Task.objects.filter(_per_row()).order_by("code")
    assert list(joined.values_list("code", flat=True)) == expected
    assert list(per_row.values_list("code", flat=True)) == expected
    assert list(per_row.order_by("-code").values_list("code", flat=True)) == expected[::-1]
    assert per_row.count() == joined.count() == 17
    assert "UNION" in str(joined.query) and "UNION" not in str(per_row.query)


def test_a_page_read_walking_the_key_is_the_page_read_by_the_join(tasks: list[str], monkeypatch: pytest.MonkeyPatch
                                                                   ) -> None:
    monkeypatch.setattr(pagination, "WALK_MIN", 1)
    monkeypatch.setattr(pagination, "WALK_FACTOR", 0.0)
    joined = Task.objects.filter(among(_parts()))
    per_row = Task.objects.filter(_per_row())
    pages = []
    for walk in (None, per_row):
        seen = []
        page = page_of(joined, size=4, key=("code",), walk=walk)
        seen.append([t.code for t in page])
        while page.has_next:
            page = page_of(joined, size=4, cursor=page.next_cursor, key=("code",), walk=walk)
            seen.append([t.code for t in page])
        back = page_of(joined, size=4, cursor=page.previous_cursor, key=("code",), walk=walk)
        numbered = page_of(joined, size=4, number=3, key=("code",), walk=walk)
        pages.append((seen, [t.code for t in back], [t.code for t in numbered], page.count))
    assert pages[0] == pages[1]
    assert pages[0][0][0] == ["K-000", "K-001", "K-002", "K-003"] and pages[0][3] == 15


def test_a_list_counted_by_the_keys_of_its_set_counts_each_row_once(tasks: list[str]) -> None:
    unit = unit_factory("抽查单位")
    for code in ("K-020", "K-021", "K-005"):  # K-005 is in all three parts
        Task.objects.get(code=code).co_units.add(unit)
    first, *rest = _parts()
    keys = first.union(*rest)
    rows = Task.objects.filter(among(_parts())).order_by("code")
    assert capped_count(keys) == capped_count(rows) == (17, False)
    assert capped_count(keys, cap=10) == (10, True)
    counted = page_of(rows, size=4, number=2, key=("code",), counted=keys)
    plain = page_of(rows, size=4, number=2, key=("code",))
    assert [t.code for t in counted] == [t.code for t in plain] == ["K-004", "K-005", "K-006", "K-007"]
    assert (counted.count, counted.num_pages) == (plain.count, plain.num_pages) == (17, 5)
    # The count reads the keys alone: no query of it names the task table's other columns.
    with CaptureQueriesContext(connection) as queries:
        page_of(rows, size=4, key=("code",), counted=keys)
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert len(counts) == 1 and "UNION" in counts[0].upper() and "title" not in counts[0]


@pytest.mark.parametrize("cap", [9, 10, 11, 14, 15, 16, 17, 100])
def test_a_union_of_keys_is_counted_exactly_to_the_cap_whichever_part_comes_first(tasks: list[str], cap: int) -> None:
    """The first part (K-000..K-009, ten keys) bounds the count from below when it holds each key
    once; a first part that may repeat a key (the co-unit links) is never taken for a bound."""
    unit, other = unit_factory("抽查单位"), unit_factory("另一单位")
    for code in ("K-020", "K-021", "K-005"):
        Task.objects.get(code=code).co_units.add(unit, other)  # each task twice among the links
    first, second, links = _parts()
    expected = (cap, True) if 17 > cap else (17, False)
    assert capped_count(first.union(second, links), cap=cap) == expected
    assert capped_count(links.union(first, second), cap=cap) == expected
    # Six links of three tasks: counted as three, whatever the cap; so too a first part that
    # joins the links (each of the three tasks read twice), which is never taken for a bound.
    assert capped_count(links.union(links), cap=cap) == ((cap, True) if 3 > cap else (3, False))
    joined = Task.objects.filter(co_units__in=[unit, other]).order_by().values("pk")
    assert joined.count() == 6
    assert capped_count(joined.union(joined), cap=cap) == ((cap, True) if 3 > cap else (3, False))
    assert capped_count(joined.union(joined), cap=4) == (3, False)
    with CaptureQueriesContext(connection) as queries:
        capped_count(first.union(second, links), cap=cap)
    assert len(queries.captured_queries) == 1


@pytest.mark.parametrize("empty_first", [True, False])
def test_a_union_with_a_part_empty_by_its_condition_is_counted(tasks: list[str], empty_first: bool) -> None:
    """A part that names no key by its very condition (`IN ()`, which Django leaves out of the SQL
    it writes) is counted as nothing, whichever place it takes, never an error."""
    first, second, links = _parts()
    empty = Task.objects.filter(pk__in=[]).order_by().values("pk")
    union = empty.union(first, second) if empty_first else first.union(empty, second)
    assert capped_count(union) == capped_count(first.union(second)) == (15, False)
    assert capped_count(union, cap=5) == (5, True)
    assert capped_count(empty.union(empty)) == (0, False)


def test_a_list_is_walked_only_when_it_holds_enough_of_its_table(
        tasks: list[str], django_assert_num_queries: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pagination, "_sizes", {})
    with django_assert_num_queries(0):  # a short list never asks the table's size
        assert not walk_pays(pagination.WALK_MIN - 1, 25, Task)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE ledger_task")  # the estimate counts this transaction's rows
    assert table_rows(Task) == 23
    with django_assert_num_queries(1):  # the table's size, asked once …
        assert walk_pays(10_000, 25, Task)  # 23 tasks: any list long enough is most of the table
    with django_assert_num_queries(0):  # … and kept by the process for a while
        assert walk_pays(pagination.WALK_MIN, 25, Task)
    monkeypatch.setattr(pagination, "TABLE_ROWS_SECONDS", 0.0)
    monkeypatch.setattr(pagination, "_sizes", {})
    for _ in range(2):
        with django_assert_num_queries(1):  # kept no time: asked each time
            assert walk_pays(pagination.WALK_MIN, 25, Task)
    # In a table of ten million rows a page of 25 of a list of 1,000 is joined (the walk would
    # read 250,000 rows), of a list of exactly 10,000 too (25,000 rows, half of them weighed
    # against 10,000); a list longer than the count's cap is walked, asking nothing.
    monkeypatch.setattr(pagination, "_sizes", {("default", "ledger_task"): (float("inf"), 10_000_000)})
    assert not walk_pays(1_000, 25, Task)
    assert not walk_pays(10_000, 25, Task)
    monkeypatch.setattr(pagination, "_sizes", {})
    with django_assert_num_queries(0):
        assert walk_pays(10_000, 25, Task, capped=True)


@pytest.mark.parametrize("estimate", [-1, 0])
def test_the_tables_size_is_counted_where_no_estimate_is_kept(tasks: list[str], estimate: int) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # as on a table never analysed (-1), or analysed empty (0)
            cursor.execute("UPDATE pg_class SET reltuples = %s WHERE oid = 'ledger_task'::regclass", [estimate])
    assert table_rows(Task) == 23


def test_rows_among_a_list_of_values_are_those_in_it(tasks: list[str]) -> None:
    """`values_among` holds the rows `__in` holds, for keys and for a foreign key, an empty list
    included; on PostgreSQL the list is one array parameter."""
    parent = Task.objects.get(code="K-000")
    Task.objects.filter(code__in=["K-003", "K-004", "K-007"]).update(parent=parent)
    ids = list(Task.objects.filter(code__gte="K-010").values_list("pk", flat=True))[:6]
    for column, values in (("pk", ids), ("id", [*ids, 10**12]), ("parent_id", [parent.pk, 10**9]), ("pk", [])):
        among_values = Task.objects.filter(values_among(column, values)).order_by("code")
        listed = Task.objects.filter(**{f"{column}__in": values}).order_by("code")
        assert list(among_values.values_list("code", flat=True)) == list(listed.values_list("code", flat=True))
    assert Task.objects.filter(values_among("parent_id", [parent.pk])).count() == 3
    assert Task.objects.filter(values_among("pk", ids)).count() == 6
    if connection.vendor == "postgresql":
        with CaptureQueriesContext(connection) as queries:
            list(Task.objects.filter(values_among("parent_id", [parent.pk, 7, 8])))
        assert "= ANY(" in queries.captured_queries[-1]["sql"]


@pytest.mark.parametrize(("raw", "expected"), [
    (None, 1), ("", 1), ("3", 3), ("0", 1), ("-4", 1), ("2.5", 1), ("\x00", 1), ("1\x00", 1), ("\u202e7", 1),
    ("9" * 400, 400), ("1e9", 1), (" 2 ", 2),
])
def test_a_requested_page_number_is_a_page_that_can_be_reached(raw: Any, expected: int) -> None:
    assert page_number(raw, 25) == expected  # 10,000 rows reachable by number: 400 pages of 25
