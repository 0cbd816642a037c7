"""Evaluation and snapshots: lights written in bulk, snapshot rows counted, never typed."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from luoshi.ledger.models import Task
from luoshi.ledger.tests.factories import Personas, task_factory
from luoshi.oversight.choices import SnapshotKind
from luoshi.oversight.models import EvaluationSnapshot, TaskSnapshot
from luoshi.oversight.services import evaluation_run, snapshot_on_demand, snapshot_take, tasks_evaluate
from luoshi.reports.models import Milestone

pytestmark = pytest.mark.django_db


def test_evaluation_writes_lights_from_facts(personas: Personas) -> None:
    today = timezone.localdate()
    Task.objects.filter(pk=personas.task_a.pk).update(start_date=today - timedelta(days=10),
                                                      deadline=today + timedelta(days=300))
    Task.objects.filter(pk=personas.task_b.pk).update(start_date=today - timedelta(days=300),
                                                      deadline=today - timedelta(days=1))
    Milestone.objects.create(task=personas.task_shared, title="设计", due_date=today - timedelta(days=3))
    assert evaluation_run() == 3
    lights = dict(Task.objects.values_list("pk", "light"))
    assert lights == {personas.task_a.pk: "green", personas.task_b.pk: "red", personas.task_shared.pk: "yellow"}
    assert evaluation_run() == 0  # nothing changed, nothing written


def test_a_snapshot_stores_every_tasks_state_and_counts_it(personas: Personas) -> None:
    today = timezone.localdate()
    Task.objects.filter(pk=personas.task_a.pk).update(progress_percent=30, start_date=today,
                                                      deadline=today + timedelta(days=30))
    Task.objects.filter(pk=personas.task_b.pk).update(status="completed", progress_percent=100)
    snapshot, created = snapshot_take(key="2024-09", kind=SnapshotKind.MONTHLY, as_of=today)
    assert created
    rows = {r.task_id: r for r in TaskSnapshot.objects.filter(snapshot=snapshot)}
    assert set(rows) == {personas.task_a.pk, personas.task_b.pk, personas.task_shared.pk}
    assert rows[personas.task_b.pk].light == "done"
    assert rows[personas.task_a.pk].lead_unit_id == personas.unit_a.pk
    assert (snapshot.task_count, snapshot.done, snapshot.staged_progress) == (3, 1, 2)
    assert snapshot.green + snapshot.yellow + snapshot.red + snapshot.done + snapshot.unevaluated == 3


def test_a_snapshot_is_taken_once_per_key(personas: Personas) -> None:
    first, created = snapshot_take(key="2024-09", kind=SnapshotKind.MONTHLY, as_of=date(2024, 9, 30))
    Task.objects.filter(pk=personas.task_a.pk).update(progress_percent=90)
    again, created_again = snapshot_take(key="2024-09", kind=SnapshotKind.MONTHLY, as_of=date(2024, 9, 30))
    assert (created, created_again, first.pk) == (True, False, again.pk)
    assert TaskSnapshot.objects.count() == 3


def test_a_double_click_on_snapshot_now_makes_one(personas: Personas) -> None:
    first, _ = snapshot_on_demand(user=personas.supervisor)
    second, created = snapshot_on_demand(user=personas.supervisor)
    assert first.pk == second.pk and not created
    assert EvaluationSnapshot.objects.get().kind == "on_demand"


def test_missing_reports_are_counted_from_due_periods(personas: Personas) -> None:
    Task.objects.filter(pk=personas.task_a.pk).update(start_date=date(2024, 6, 1), deadline=date(2025, 6, 30),
                                                      created_at=timezone.make_aware(datetime(2024, 5, 20)))
    result = {e.task_id: e for e in tasks_evaluate(as_of=date(2024, 10, 20))}[personas.task_a.pk]
    assert result.facts.missing_reports == 3  # Jul, Aug, Sep are due; Jun falls outside the last three
    assert result.result.light == "red"


def test_reports_fall_due_only_once_the_task_is_in_the_ledger(personas: Personas) -> None:
    """Issue 12: a plan loaded late is behind its schedule, but its units missed no report before
    it was in the ledger."""
    Task.objects.filter(pk=personas.task_a.pk).update(start_date=date(2024, 6, 1), deadline=date(2025, 6, 30),
                                                      created_at=timezone.make_aware(datetime(2024, 9, 20)))
    result = {e.task_id: e for e in tasks_evaluate(as_of=date(2024, 10, 20))}[personas.task_a.pk]
    assert result.facts.missing_reports == 1  # September only
    assert result.result.expected == 36  # the work, though, is expected from June (141 of 394 days)


def test_evaluation_takes_a_fixed_number_of_queries(personas: Personas) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            snapshot_take(key=f"k{Task.objects.count()}", kind=SnapshotKind.ON_DEMAND, as_of=timezone.localdate())
        return len(queries)

    small = count()
    for i in range(30):
        task_factory(f"批量任务{i}", lead_unit=personas.unit_a, deadline=timezone.localdate() + timedelta(days=i))
    assert count() == small


def test_lights_and_snapshots_read_a_large_ledger_in_batches(personas: Personas, settings: Any) -> None:
    tasks = [Task(code=f"B-{i:05d}", title=f"任务{i}", lead_unit=personas.unit_a,
                  start_date=date(2024, 1, 1), deadline=date(2024, 12, 31), progress_percent=i % 100)
             for i in range(2500)]
    Task.objects.bulk_create(tasks)
    snapshot, _ = snapshot_take(key="bulk", kind=SnapshotKind.ON_DEMAND, as_of=date(2024, 7, 1), update_lights=True)
    assert TaskSnapshot.objects.filter(snapshot=snapshot).count() == snapshot.task_count == 2503
    assert Task.objects.filter(light="none").count() == 0


def test_staged_progress_rises_to_the_tasks_above_in_a_snapshot(personas: Personas) -> None:
    from luoshi.oversight.services.evaluation import staged_with_ancestors

    national = task_factory("国家任务", level="national")
    city = task_factory("市级举措", level="city", parent=national)
    Task.objects.filter(pk=personas.task_a.pk).update(parent=city, level="district")
    assert staged_with_ancestors([personas.task_a.pk]) == {personas.task_a.pk, city.pk, national.pk}
    assert staged_with_ancestors([]) == set()


def test_the_evaluation_run_refreshes_the_rollups(personas: Personas) -> None:
    parent = task_factory("上级任务", level="city")
    Task.objects.filter(pk__in=[personas.task_a.pk, personas.task_b.pk]).update(parent=parent)
    Task.objects.filter(pk=personas.task_b.pk).update(status="completed", progress_percent=100)
    evaluation_run()
    parent.refresh_from_db()
    assert (parent.rollup_progress, parent.children_count, parent.descendants_done) == (50, 2, 1)


def test_a_parent_is_recorded_with_the_light_rolled_up_from_its_children(personas: Personas) -> None:
    """Issue 10: a snapshot records a parent with its effective (rolled-up) figures, as the live
    map counts it, so a briefing read from a snapshot says the same as the live one."""
    today = timezone.localdate()
    parent = task_factory("上级任务", level="city")
    Task.objects.filter(pk__in=[personas.task_a.pk, personas.task_b.pk]).update(
        parent=parent, start_date=today - timedelta(days=10), deadline=today + timedelta(days=300))
    Task.objects.filter(pk=personas.task_b.pk).update(status="in_progress", progress_percent=60)
    first, _ = snapshot_take(key="before", kind=SnapshotKind.ON_DEMAND, as_of=today)
    row = TaskSnapshot.objects.get(snapshot=first, task=parent)
    assert (row.light, row.status, row.progress_percent) == ("green", "in_progress", 30)

    # The child falls behind its deadline; no evaluation run in between refreshes the stored roll-up.
    Task.objects.filter(pk=personas.task_a.pk).update(deadline=today - timedelta(days=1))
    second, _ = snapshot_take(key="after", kind=SnapshotKind.ON_DEMAND, as_of=today)
    rows = {r.task_id: r for r in TaskSnapshot.objects.filter(snapshot=second)}
    assert rows[personas.task_a.pk].light == "red"
    assert rows[parent.pk].light == "red"
    assert Task.objects.get(pk=parent.pk).light == "none"  # the parent's own light is not what is recorded
    assert second.red == 2 and second.task_count == 4


def test_a_grandparent_takes_the_roll_up_of_its_child_parent(personas: Personas) -> None:
    today = timezone.localdate()
    national = task_factory("国家任务", level="national")
    city = task_factory("市级举措", level="city", parent=national)
    Task.objects.filter(pk=personas.task_a.pk).update(parent=city, status="completed", progress_percent=100)
    snapshot, _ = snapshot_take(key="chain", kind=SnapshotKind.ON_DEMAND, as_of=today)
    rows = {r.task_id: (r.light, r.status, r.progress_percent) for r in TaskSnapshot.objects.filter(snapshot=snapshot)}
    assert rows[city.pk] == rows[national.pk] == ("done", "completed", 100)
