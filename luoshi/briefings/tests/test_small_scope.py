"""The battle map of a small scope, read once and folded in Python, is the map its queries draw."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from luoshi.briefings import small_scope
from luoshi.briefings.selectors import dashboard_data
from luoshi.briefings.tests.conftest import Ledger
from luoshi.ledger.choices import TaskLevel, TaskStatus, TrafficLight
from luoshi.ledger.models import Person, TaskForce, TaskForceTask
from luoshi.ledger.tests.factories import task_factory
from luoshi.oversight import rules as forecast_rules

pytestmark = pytest.mark.django_db

STATUSES = [TaskStatus.IN_PROGRESS, TaskStatus.NOT_STARTED, TaskStatus.COMPLETED, TaskStatus.SUSPENDED,
            TaskStatus.CANCELLED, TaskStatus.IN_PROGRESS]
LIGHTS = [TrafficLight.RED, TrafficLight.YELLOW, TrafficLight.GREEN, TrafficLight.RED, TrafficLight.UNREPORTED]
# Codes whose order differs between a byte-wise sort and a linguistic collation, so that a list
# cut among tasks sharing a deadline shows which of the two ordered it; each ends in a number
# falling as the tasks are made, so that no list comes out right by following the order of making.
CODES = ["a-2", "A-10", "a.1", "B 3", "b-1", "10", "9", "Z", "z-0", "_1"]


def _many_tasks(ledger: Ledger, count: int = 40) -> None:
    """`count` tasks over both units (lead and co-unit), statuses, lights, parents' roll-ups and
    forecasts, most sharing a few deadlines (past, today, ahead, none), so that every list is cut
    among ties."""
    p = ledger.personas
    today = timezone.localdate()
    deadlines = [today - timedelta(days=30), today - timedelta(days=1), today, today + timedelta(days=40), None]
    for n in range(count):
        status = STATUSES[n % len(STATUSES)]
        rolled_up = n % 7 == 0   # a parent: its roll-up stands for it
        task_factory(
            f"范围任务{n:02d}", code=f"{CODES[n * 7 % len(CODES)]}/{999 - n}",
            lead_unit=p.unit_a if n % 3 else p.unit_b, co_units=[p.unit_a] if n % 3 == 0 and n % 2 else [],
            level=[TaskLevel.DISTRICT, TaskLevel.ZONE][n % 2], category=["科技创新", "绿色低碳", ""][n % 3],
            status=status, light=LIGHTS[n % len(LIGHTS)], deadline=deadlines[n % len(deadlines)],
            progress_percent=n % 101,
            rollup_light=TrafficLight.YELLOW if rolled_up else None,
            rollup_status=TaskStatus.IN_PROGRESS if rolled_up else None,
            rollup_progress=55 if rolled_up else None,
            forecast=forecast_rules.LIKELY_LATE if n % 4 == 0 else "",
        )


def _both_ways(user: Any, filters: dict[str, str], monkeypatch: pytest.MonkeyPatch
               ) -> tuple[dict[str, Any], dict[str, Any], int, int]:
    """The map read once (the scope fits) and by its queries (it does not), and the queries each made."""
    maps: list[dict[str, Any]] = []
    counts: list[int] = []
    for most in (10**6, 0):
        monkeypatch.setattr(small_scope, "SCOPE_READ_MAX", most)
        monkeypatch.setattr(small_scope, "SCOPE_READ_AT_ONCE", most)
        with CaptureQueriesContext(connection) as queries:
            data = dashboard_data(user=user, filters=filters, use_cache=False)
        data.pop("generated_at")
        maps.append(data)
        counts.append(len(queries))
    return maps[0], maps[1], counts[0], counts[1]


@pytest.mark.parametrize("who, filters", [
    ("reporter_a", {}),
    ("reporter_b", {}),
    ("reporter_a", {"status": "in_progress"}),
    ("supervisor", {"unit": "unit_a"}),
    ("supervisor", {"category": "绿色低碳"}),
    ("leader", {"level": "zone", "unit": "unit_b"}),
    ("supervisor", {"deadline_window": "overdue"}),
])
def test_a_small_scope_read_once_draws_the_map_its_queries_draw(
        ledger: Ledger, who: str, filters: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    _many_tasks(ledger)
    units = {"unit_a": str(ledger.personas.unit_a.pk), "unit_b": str(ledger.personas.unit_b.pk)}
    filters = {k: units.get(v, v) for k, v in filters.items()}
    once, queried, once_queries, queries = _both_ways(getattr(ledger.personas, who), filters, monkeypatch)
    assert "errors" not in once
    assert once == queried
    assert once_queries < queries  # the scope was read once: its figures asked nothing more
    # The figures are not all empty: the comparison says something.
    assert once["kpis"][0]["value"] > 0


def test_the_lists_cut_among_tasks_sharing_a_deadline_keep_the_databases_order(
        ledger: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    _many_tasks(ledger, count=100)
    once, queried, _, _ = _both_ways(ledger.personas.reporter_a, {}, monkeypatch)
    # Enough overdue and at-risk tasks that each list is cut at its limit, within a tie.
    assert len(once["overdue"]) == len(once["at_risk"]) == 15
    assert [row["id"] for row in once["overdue"]] == [row["id"] for row in queried["overdue"]]
    assert [row["id"] for row in once["at_risk"]] == [row["id"] for row in queried["at_risk"]]


def test_with_task_forces_the_timeline_still_agrees(ledger: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    _many_tasks(ledger)
    force = TaskForce.objects.create(name="科技创新专班", leader=Person.objects.get(user=ledger.personas.leader))
    in_window = task_factory("专班任务", lead_unit=ledger.personas.unit_a, deadline=timezone.localdate())
    TaskForceTask.objects.create(task_force=force, task=in_window)
    once, queried, _, _ = _both_ways(ledger.personas.reporter_a, {}, monkeypatch)
    assert once == queried
    assert any(group["name"] == "科技创新专班" for group in once["timeline"]["groups"])


def test_a_scope_too_large_to_read_keeps_the_queries(ledger: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    from luoshi.briefings.selectors import _flat, drill_task_list
    from luoshi.ledger.permissions import visible_task_ids

    _many_tasks(ledger)
    reporter = ledger.personas.reporter_a
    _filterset, rows = drill_task_list(user=reporter, filters={"status": "in_progress"})
    base = _flat(rows)
    seen = visible_task_ids(reporter)
    assert seen is not None
    # A reader with a scope: bounded by what they see, whatever the filters leave of it.
    seen_count = seen.count()
    assert 0 < base.count() < seen_count
    monkeypatch.setattr(small_scope, "SCOPE_READ_MAX", seen_count)
    read = small_scope.read(base, bound=seen)
    assert read is not None and sorted(t.pk for t in read) == sorted(base.values_list("pk", flat=True))
    monkeypatch.setattr(small_scope, "SCOPE_READ_MAX", seen_count - 1)
    assert small_scope.read(base, bound=seen) is None
    # Without a bound (a reader of every task), what the filters leave, up to SCOPE_READ_AT_ONCE.
    monkeypatch.setattr(small_scope, "SCOPE_READ_AT_ONCE", base.count())
    assert small_scope.read(base) is not None
    monkeypatch.setattr(small_scope, "SCOPE_READ_AT_ONCE", base.count() - 1)
    assert small_scope.read(base) is None


def _task(pk: int, *, deadline: date | None, status: str = TaskStatus.IN_PROGRESS, light: str = TrafficLight.RED,
          forecast: str = "") -> small_scope.ScopeTask:
    return small_scope.ScopeTask(pk, "", None, TaskLevel.DISTRICT, None, light, status, status, deadline, forecast)


def test_the_candidates_of_a_list_hold_every_tie_at_the_cut() -> None:
    day = date(2026, 3, 1)
    tasks = [_task(1, deadline=day), _task(2, deadline=day + timedelta(days=1)), _task(3, deadline=day),
             _task(4, deadline=day + timedelta(days=1)), _task(5, deadline=day + timedelta(days=2))]
    assert sorted(small_scope.first_ids(tasks, small_scope.by_deadline, 1)) == [1, 3]
    assert sorted(small_scope.first_ids(tasks, small_scope.by_deadline, 3)) == [1, 2, 3, 4]
    assert sorted(small_scope.first_ids(tasks, small_scope.by_deadline, 9)) == [1, 2, 3, 4, 5]
    assert small_scope.first_ids([], small_scope.by_deadline, 3) == []


def test_tasks_without_a_deadline_come_last_at_risk_and_never_overdue() -> None:
    today = date(2026, 3, 1)
    tasks = [_task(1, deadline=None), _task(2, deadline=today + timedelta(days=9)),
             _task(3, deadline=today - timedelta(days=1), status=TaskStatus.COMPLETED)]
    assert small_scope.at_risk_ids(tasks, TrafficLight.RED, 1) == [2]
    assert sorted(small_scope.at_risk_ids(tasks, TrafficLight.RED, 2)) == [1, 2]
    assert small_scope.overdue_ids(tasks, today, 5) == []


@pytest.mark.parametrize("status, deadline_in, forecast, late", [
    (TaskStatus.IN_PROGRESS, 0, forecast_rules.LIKELY_LATE, True),     # due today: not yet late
    (TaskStatus.NOT_STARTED, 5, forecast_rules.LIKELY_LATE, True),
    (TaskStatus.IN_PROGRESS, -1, forecast_rules.LIKELY_LATE, False),   # already overdue instead
    (TaskStatus.SUSPENDED, 5, forecast_rules.LIKELY_LATE, False),
    (TaskStatus.COMPLETED, 5, forecast_rules.LIKELY_LATE, False),
    (TaskStatus.IN_PROGRESS, 5, "", False),
    (TaskStatus.IN_PROGRESS, None, forecast_rules.LIKELY_LATE, False),
])
def test_likely_late_over_a_row_is_the_querys_rule(
        ledger: Ledger, status: str, deadline_in: int | None, forecast: str, late: bool) -> None:
    from luoshi.ledger.models import Task
    from luoshi.oversight.selectors import tasks_likely_late

    today = timezone.localdate()
    deadline = None if deadline_in is None else today + timedelta(days=deadline_in)
    task = task_factory("预计", status=status, deadline=deadline, forecast=forecast)
    row = small_scope.read(Task.objects.filter(pk=task.pk))
    assert row is not None
    assert small_scope.is_likely_late(row[0], today) is late
    assert tasks_likely_late(tasks=Task.objects.filter(pk=task.pk), as_of=today).exists() is late


def test_the_timeline_rows_count_the_window_only() -> None:
    start, end = date(2026, 1, 1), date(2026, 3, 1)
    tasks = [_task(1, deadline=date(2025, 12, 31)), _task(2, deadline=start),
             _task(3, deadline=start, status=TaskStatus.COMPLETED), _task(4, deadline=end), _task(5, deadline=None)]
    assert small_scope.deadlines_by_day(tasks, start, end) == [(start, 2, 1)]


def test_grouped_rows_count_each_group_once() -> None:
    today = date(2026, 3, 1)
    tasks = [_task(n, deadline=today - timedelta(days=n % 2), light=light)
             for n, light in zip(range(6), itertools.cycle([TrafficLight.RED, TrafficLight.GREEN]))]
    rows = small_scope.grouped_rows(tasks, ["level"], today, overdue=True)
    assert sorted((r["group_0"], r["group_light"], r["n"], r["overdue"]) for r in rows) == [
        (TaskLevel.DISTRICT, TrafficLight.GREEN, 3, 3), (TaskLevel.DISTRICT, TrafficLight.RED, 3, 0)]


def _trend_queries(user: Any) -> tuple[dict[str, Any], int]:
    with CaptureQueriesContext(connection) as queries:
        data = dashboard_data(user=user, use_cache=False)
    return data["trend"], sum("oversight_tasksnapshot" in q["sql"] for q in queries.captured_queries)


def test_a_small_scopes_trend_is_kept_and_follows_new_snapshots_and_tasks(ledger: Ledger) -> None:
    from luoshi.ledger.models import Task
    from luoshi.oversight.services.evaluation import snapshot_take

    _many_tasks(ledger)
    snapshot_take(key="2024-08", kind="monthly", as_of=date(2024, 8, 31))
    reporter = ledger.personas.reporter_a
    first, read = _trend_queries(reporter)
    assert read == 1 and first["periods"] == ["2024-08"]
    again, read = _trend_queries(reporter)
    assert read == 0 and again == first          # the same tasks and snapshots: kept
    # A new month's snapshot is another key: counted again, with its month.
    snapshot_take(key="2024-09", kind="monthly", as_of=date(2024, 9, 30))
    later, read = _trend_queries(reporter)
    assert read == 1 and later["periods"] == ["2024-08", "2024-09"]
    # A task the reporter's unit newly leads joins the counts of every month it was recorded in.
    moved = Task.objects.filter(lead_unit=ledger.personas.unit_b, co_units=None).exclude(kind="heading").first()
    assert moved is not None
    Task.objects.filter(pk=moved.pk).update(lead_unit=ledger.personas.unit_a)
    grown, read = _trend_queries(reporter)
    assert read == 1
    assert [sum(month) for month in zip(*grown["lights"].values(), strict=True)] == [
        sum(month) + 1 for month in zip(*later["lights"].values(), strict=True)]
