"""A scope's battle map counted in one statement is the map its queries draw."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from luoshi.briefings import scope_figures
from luoshi.briefings.selectors import (
    DIMENSIONS,
    LIST_LIMIT,
    _flat,
    _grouped_by,
    _task_lists,
    _timeline,
    _timeline_window,
    dashboard_data,
    drill_task_list,
)
from luoshi.briefings.tests.conftest import Ledger
from luoshi.core.clock import business_today
from luoshi.ledger.choices import TaskLevel, TaskStatus, TrafficLight
from luoshi.ledger.models import Person, Task, TaskForce, TaskForceTask
from luoshi.ledger.tests.factories import task_factory
from luoshi.oversight import rules as forecast_rules
from luoshi.oversight.selectors import tasks_likely_late

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


def _counted(base: Any, today: date) -> scope_figures.ScopeFigures:
    """The figures of `base` grouped by every breakdown at once, as the map counts its own two."""
    return scope_figures.counted_in_database(base, columns=[d.column for d in DIMENSIONS], today=today,
                                             window=_timeline_window(today), wanted=LIST_LIMIT)


def _scope(user: Any, filters: dict[str, str]) -> Any:
    filterset, rows = drill_task_list(user=user, filters=filters, by_columns=True)
    assert filterset.is_valid(), filterset.errors
    return _flat(rows)


@pytest.mark.parametrize("who, filters", [
    ("reporter_a", {}),
    ("reporter_b", {}),
    ("reporter_a", {"status": "in_progress"}),
    ("supervisor", {"unit": "unit_a"}),
    ("supervisor", {"category": "绿色低碳"}),
    ("leader", {"level": "zone", "unit": "unit_b"}),
    ("supervisor", {"deadline_window": "overdue"}),
    ("supervisor", {"q": "范围任务1"}),                  # a text search: LIKE patterns in the statement
    ("reporter_a", {"part": "创新"}),                     # joins the parent
])
def test_a_scope_counted_in_one_statement_draws_the_figures_its_queries_draw(
        ledger: Ledger, who: str, filters: dict[str, str]) -> None:
    _many_tasks(ledger)
    units = {"unit_a": str(ledger.personas.unit_a.pk), "unit_b": str(ledger.personas.unit_b.pk)}
    base = _scope(getattr(ledger.personas, who), {k: units.get(v, v) for k, v in filters.items()})
    today = business_today()
    with CaptureQueriesContext(connection) as queries:
        figures = _counted(base, today)
    assert len(queries) == 1
    # Every breakdown, with overdue in each: the GROUP BY queries' figures.
    for overdue_by in DIMENSIONS:
        assert (_grouped_by(base, DIMENSIONS, None, today, overdue_by=overdue_by, scope=figures)
                == _grouped_by(base, DIMENSIONS, None, today, overdue_by=overdue_by))
    assert figures.likely_late == tasks_likely_late(tasks=base, as_of=today).count()
    assert _task_lists(base, today, figures) == _task_lists(base, today)
    assert _timeline(base, today, figures) == _timeline(base, today)
    assert sorted(figures.task_ids) == sorted(base.values_list("pk", flat=True))
    # The figures are not all empty: the comparison says something.
    assert figures.task_ids and figures.grouped


@pytest.mark.parametrize("who", ["reporter_a", "supervisor", "leader"])
def test_the_whole_map_of_a_scope_is_drawn_and_counts_its_tasks(ledger: Ledger, who: str) -> None:
    _many_tasks(ledger)
    user = getattr(ledger.personas, who)
    filters = {"level": "zone"}
    data = dashboard_data(user=user, filters=filters, use_cache=False)
    assert "errors" not in data
    base = _scope(user, filters)
    assert {k["key"]: k["value"] for k in data["kpis"]}["total"] == base.count() > 0
    assert sum(row["value"] for row in data["by_status"]) == base.count()


def test_the_lists_cut_among_tasks_sharing_a_deadline_keep_the_databases_order(ledger: Ledger) -> None:
    _many_tasks(ledger, count=100)
    base = _scope(ledger.personas.reporter_a, {})
    today = business_today()
    figures = _counted(base, today)
    overdue, at_risk = _task_lists(base, today, figures)
    # Enough overdue and at-risk tasks that each list is cut at its limit, within a tie.
    assert len(overdue) == len(at_risk) == LIST_LIMIT
    assert len(figures.overdue_ids) == LIST_LIMIT
    queried_overdue, queried_at_risk = _task_lists(base, today)
    assert [row["id"] for row in overdue] == [row["id"] for row in queried_overdue]
    assert [row["id"] for row in at_risk] == [row["id"] for row in queried_at_risk]


def test_with_task_forces_the_timeline_still_agrees(ledger: Ledger) -> None:
    _many_tasks(ledger)
    force = TaskForce.objects.create(name="科技创新专班", leader=Person.objects.get(user=ledger.personas.leader))
    in_window = task_factory("专班任务", lead_unit=ledger.personas.unit_a, deadline=timezone.localdate())
    TaskForceTask.objects.create(task_force=force, task=in_window)
    base = _scope(ledger.personas.reporter_a, {})
    today = business_today()
    timeline = _timeline(base, today, _counted(base, today))
    assert timeline == _timeline(base, today)
    assert any(group["name"] == "科技创新专班" for group in timeline["groups"])


@pytest.mark.parametrize("empty", [
    lambda: Task.objects.filter(pk__lt=0),   # no row meets the condition
    lambda: Task.objects.none(),             # no SQL at all: what a reader who sees nothing has
    lambda: Task.objects.filter(pk__in=[]),
])
def test_an_empty_scope_has_no_figures(ledger: Ledger, empty: Any) -> None:
    assert _counted(empty(), business_today()) == scope_figures.ScopeFigures()


def test_a_reader_who_sees_no_task_gets_an_empty_map(ledger: Ledger) -> None:
    from django.contrib.auth import get_user_model

    from luoshi.ledger.permissions import tasks_visible_to

    _many_tasks(ledger)
    nobody = get_user_model().objects.create_user("无单位用户", password="x" * 12)
    assert not tasks_visible_to(nobody, Task.objects.all()).exists()
    data = dashboard_data(user=nobody, use_cache=False)
    assert "errors" not in data
    assert {k["key"]: k["value"] for k in data["kpis"]}["total"] == 0
    assert data["overdue"] == data["at_risk"] == []


def test_tasks_without_a_deadline_come_last_at_risk_and_never_overdue(ledger: Ledger) -> None:
    today = business_today()
    undated = task_factory("无时限", light=TrafficLight.RED, status=TaskStatus.IN_PROGRESS, deadline=None)
    dated = task_factory("有时限", light=TrafficLight.RED, status=TaskStatus.IN_PROGRESS,
                         deadline=today + timedelta(days=9))
    done = task_factory("已完成", light=TrafficLight.RED, status=TaskStatus.COMPLETED,
                        deadline=today - timedelta(days=1))
    base = Task.objects.filter(pk__in=[undated.pk, dated.pk, done.pk])
    first = scope_figures.counted_in_database(base, columns=["level"], today=today,
                                              window=_timeline_window(today), wanted=1)
    assert first.at_risk_ids[TrafficLight.RED] == [dated.pk]
    both = scope_figures.counted_in_database(base, columns=["level"], today=today,
                                             window=_timeline_window(today), wanted=5)
    assert both.at_risk_ids[TrafficLight.RED] == [dated.pk, undated.pk]  # the closed one is not at risk
    assert both.overdue_ids == []


@pytest.mark.parametrize("status, deadline_in, forecast, late", [
    (TaskStatus.IN_PROGRESS, 0, forecast_rules.LIKELY_LATE, True),     # due today: not yet late
    (TaskStatus.NOT_STARTED, 5, forecast_rules.LIKELY_LATE, True),
    (TaskStatus.IN_PROGRESS, -1, forecast_rules.LIKELY_LATE, False),   # already overdue instead
    (TaskStatus.SUSPENDED, 5, forecast_rules.LIKELY_LATE, False),
    (TaskStatus.COMPLETED, 5, forecast_rules.LIKELY_LATE, False),
    (TaskStatus.IN_PROGRESS, 5, "", False),
    (TaskStatus.IN_PROGRESS, None, forecast_rules.LIKELY_LATE, False),
])
def test_likely_late_in_the_statement_is_the_querys_rule(
        ledger: Ledger, status: str, deadline_in: int | None, forecast: str, late: bool) -> None:
    today = timezone.localdate()
    deadline = None if deadline_in is None else today + timedelta(days=deadline_in)
    task = task_factory("预计", status=status, deadline=deadline, forecast=forecast)
    one = Task.objects.filter(pk=task.pk)
    assert _counted(one, today).likely_late == int(late)
    assert tasks_likely_late(tasks=one, as_of=today).exists() is late


def test_the_timeline_counts_the_window_only(ledger: Ledger) -> None:
    start, end = date(2026, 1, 1), date(2026, 3, 1)
    made = [task_factory(f"时限{n}", deadline=deadline, status=status) for n, (deadline, status) in enumerate([
        (date(2025, 12, 31), TaskStatus.IN_PROGRESS), (start, TaskStatus.IN_PROGRESS),
        (start, TaskStatus.COMPLETED), (end, TaskStatus.IN_PROGRESS), (None, TaskStatus.IN_PROGRESS)])]
    figures = scope_figures.counted_in_database(Task.objects.filter(pk__in=[t.pk for t in made]), columns=["level"],
                                                today=date(2026, 2, 1), window=(start, end), wanted=5)
    assert figures.deadlines_by_day == [(start, 2, 1)]


def test_grouped_rows_count_each_group_once(ledger: Ledger) -> None:
    today = business_today()
    made = [task_factory(f"分组{n}", level=TaskLevel.DISTRICT, light=light, status=TaskStatus.IN_PROGRESS,
                         deadline=today - timedelta(days=n % 2))
            for n, light in enumerate([TrafficLight.RED, TrafficLight.GREEN] * 3)]
    figures = scope_figures.counted_in_database(Task.objects.filter(pk__in=[t.pk for t in made]), columns=["level"],
                                                today=today, window=_timeline_window(today), wanted=5)
    assert sorted((r["group_0"], r["group_light"], r["n"], r["overdue"]) for r in figures.grouped) == [
        (TaskLevel.DISTRICT, TrafficLight.GREEN, 3, 3), (TaskLevel.DISTRICT, TrafficLight.RED, 3, 0)]


def _trend_queries(user: Any) -> tuple[dict[str, Any], int]:
    with CaptureQueriesContext(connection) as queries:
        data = dashboard_data(user=user, use_cache=False)
    return data["trend"], sum("oversight_tasksnapshot" in q["sql"] for q in queries.captured_queries)


def test_a_scopes_trend_is_kept_and_follows_new_snapshots_and_tasks(ledger: Ledger) -> None:
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


@pytest.mark.parametrize("query", [
    "lead_unit=abc", "programme=x%27%20OR%201%3D1", "lead_unit=abc&level=zone", "snap_lead_unit=--",
])
def test_a_filter_that_names_nothing_draws_an_empty_map_not_an_error(ledger: Ledger, query: str) -> None:
    """A filter value that can name no task (not a number where an id is wanted) leaves the scope
    empty by its very condition: the map says so, with a 200."""
    from django.test import Client
    from django.urls import reverse

    from luoshi.ledger.tests.factories import PASSWORD

    _many_tasks(ledger)
    client = Client()
    assert client.login(username=ledger.personas.supervisor.username, password=PASSWORD)
    response = client.get(reverse("briefings:dashboard_data") + "?" + query)
    assert response.status_code == 200
    data = response.json()
    assert {k["key"]: k["value"] for k in data["kpis"]}["total"] == 0
    assert data["overdue"] == data["at_risk"] == []
