"""The tally: the database keeps the counted tasks' figures per dimension exact, whoever writes.

Each test writes tasks one way and then compares the tally with a count of the tasks themselves
(`tally_drift`), on SQLite and on PostgreSQL alike."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from luoshi.ledger.choices import TaskKind, TaskLevel, TaskStatus, TrafficLight
from luoshi.ledger.models import Task, TaskTally
from luoshi.ledger.services import rollups_refresh_all, task_update, tasks_light_set
from luoshi.ledger.tally import (
    DIMENSIONS,
    live_counts,
    tally_after_migrate,
    tally_compact,
    tally_counts,
    tally_drift,
    tally_level_links,
    tally_rebuild,
    triggers_missing,
)
from luoshi.ledger.tests.factories import Personas, task_factory, unit_factory

pytestmark = pytest.mark.django_db


def _counts(dimension: str) -> dict[object, dict[tuple[str, str], int]]:
    return tally_counts([dimension])[dimension]


def test_a_new_task_is_counted_in_every_dimension_with_its_light_and_status() -> None:
    unit = unit_factory()
    task_factory(category="营商环境", lead_unit=unit, level=TaskLevel.CITY, light=TrafficLight.GREEN,
                 status=TaskStatus.IN_PROGRESS)
    key = (TrafficLight.GREEN, TaskStatus.IN_PROGRESS)
    assert _counts("category") == {"营商环境": {key: 1}}
    assert _counts("lead_unit_id") == {unit.pk: {key: 1}}
    assert _counts("level") == {TaskLevel.CITY: {key: 1}}
    assert _counts("source_document_id") == {None: {key: 1}}  # no plan: read back as None, as the column has it
    assert _counts("has_target") == {False: {key: 1}}


def test_a_target_set_or_cleared_moves_the_task_between_with_and_without() -> None:
    task = task_factory()
    Task.objects.filter(pk=task.pk).update(target_value=3)
    assert list(_counts("has_target")) == [True]
    Task.objects.filter(pk=task.pk).update(target_value=None)
    assert list(_counts("has_target")) == [False]
    assert tally_drift() == []


def test_headings_are_not_counted_and_become_counted_when_their_kind_changes() -> None:
    heading = task_factory(kind=TaskKind.HEADING, category="标题")
    assert _counts("category") == {}
    Task.objects.filter(pk=heading.pk).update(kind=TaskKind.MEASURE)
    assert sum(_counts("category")["标题"].values()) == 1
    Task.objects.filter(pk=heading.pk).update(kind=TaskKind.HEADING)
    assert _counts("category") == {}
    assert tally_drift() == []


def test_every_kind_of_write_keeps_it_exact(personas: Personas) -> None:
    unit = unit_factory()
    tasks = [task_factory(category=f"类别{i % 3}", lead_unit=unit if i % 2 else None) for i in range(12)]
    assert tally_drift() == []
    # a save through the service (a change of category and lead unit)
    task_update(task=tasks[0], user=personas.supervisor, reason="调整", category="新类别", lead_unit=personas.unit_a)
    assert tally_drift() == []
    # a bulk update of lights, as the evaluation writes them
    tasks_light_set(lights={t.pk: TrafficLight.RED for t in tasks[:7]})
    assert tally_drift() == []
    # QuerySet.update of a column the tally does not count leaves it alone
    before = TaskTally.objects.count()
    Task.objects.update(progress_percent=50)
    assert TaskTally.objects.count() == before
    # bulk_update and bulk_create
    for t in tasks[7:]:
        t.status = TaskStatus.COMPLETED
    Task.objects.bulk_update(tasks[7:], ["status"])
    Task.objects.bulk_create([Task(code=f"B-{i}", title=f"批量{i}", category="批量") for i in range(5)])
    assert tally_drift() == []
    # an upsert: two rows exist (updated), one is new (inserted)
    Task.objects.bulk_create(
        [Task(code=f"B-{i}", title=f"批量{i}", category="批量", light=TrafficLight.YELLOW) for i in (0, 1, 9)],
        update_conflicts=True, unique_fields=["code"], update_fields=["light"])
    assert Task.objects.filter(category="批量", light=TrafficLight.YELLOW).count() == 3
    assert tally_drift() == []
    # a model saved directly (the admin's way), then deleted one by one and in bulk
    tasks[1].level = TaskLevel.ZONE
    tasks[1].save()
    tasks[2].delete()
    Task.objects.filter(category="批量").delete()
    assert tally_drift() == []
    assert sum(n for groups in _counts("category").values() for n in groups.values()) == Task.objects.counted().count()


def test_a_parent_counts_with_its_rollup() -> None:
    parent = task_factory(level=TaskLevel.CITY, category="上级")
    task_factory(level=TaskLevel.DISTRICT, parent=parent, category="下级", status=TaskStatus.COMPLETED,
                 light=TrafficLight.DONE)
    rollups_refresh_all()
    parent.refresh_from_db()
    assert parent.rollup_status == TaskStatus.COMPLETED
    assert _counts("category")["上级"] == {(TrafficLight.DONE, TaskStatus.COMPLETED): 1}
    assert tally_drift() == []


def test_compaction_folds_the_changes_without_changing_a_count() -> None:
    tasks = [task_factory(category="甲") for _ in range(4)]
    for light in (TrafficLight.RED, TrafficLight.YELLOW, TrafficLight.GREEN):
        tasks_light_set(lights={t.pk: light for t in tasks})
    before = tally_counts(["category", "level"])
    assert TaskTally.objects.count() > 8
    left = tally_compact()
    # one row per dimension: every task is in one group of each (甲, no unit, district…), green / not started
    assert left == TaskTally.objects.count() == len(DIMENSIONS)
    assert tally_counts(["category", "level"]) == before
    Task.objects.all().delete()
    assert tally_compact() == 0  # groups that cancel leave no row


def test_the_deadlines_by_month_follow_the_own_status_and_the_category() -> None:
    """`deadline_month` keeps (month, own status, category) of each counted task with a deadline,
    not split by light: a parent's own status, not its roll-up, as the overdue list reads it; a
    category with a colon or of the longest length reads back whole; a deadline moved to another
    month or cleared moves the task, one moved within its month does not."""
    from datetime import date

    from luoshi.ledger.tally import tally_deadline_months

    long_category = "类:" + "长" * 198
    parent = task_factory(level=TaskLevel.CITY, category=long_category, deadline=date(2026, 6, 30))
    child = task_factory(level=TaskLevel.DISTRICT, parent=parent, deadline=date(2026, 3, 31), category="甲",
                         status=TaskStatus.COMPLETED, light=TrafficLight.DONE)
    task_factory(deadline=date(2026, 3, 2), category="甲", status=TaskStatus.COMPLETED)
    task_factory(deadline=None, category="乙")
    rollups_refresh_all()
    parent.refresh_from_db()
    assert parent.rollup_status == TaskStatus.COMPLETED  # the roll-up is done; the parent's own status is not
    assert tally_deadline_months() == {("2026-06", TaskStatus.NOT_STARTED, long_category): 1,
                                       ("2026-03", TaskStatus.COMPLETED, "甲"): 2}
    assert set(_counts("deadline_month")[("2026-03", TaskStatus.COMPLETED, "甲")]) == {("", "")}  # one row
    Task.objects.filter(pk=child.pk).update(deadline=date(2026, 3, 15))
    assert tally_deadline_months()[("2026-03", TaskStatus.COMPLETED, "甲")] == 2
    Task.objects.filter(pk=child.pk).update(deadline=date(2026, 4, 30))
    Task.objects.filter(pk=parent.pk).update(deadline=None)
    assert tally_deadline_months() == {("2026-03", TaskStatus.COMPLETED, "甲"): 1,
                                       ("2026-04", TaskStatus.COMPLETED, "甲"): 1}
    assert tally_drift() == []


def test_the_coverage_figures_count_headings_and_follow_links_and_refinements() -> None:
    """`level_links` counts every task, headings included, by level, linked upward or not and
    refined below or not; linking a task and the roll-up's children count move it."""
    heading = task_factory(kind=TaskKind.HEADING, level=TaskLevel.CITY)
    measure = task_factory(level=TaskLevel.DISTRICT)
    assert tally_level_links() == {"city": {"total": 1, "unlinked": 1, "covered": 0},
                                   "district": {"total": 1, "unlinked": 1, "covered": 0}}
    Task.objects.filter(pk=measure.pk).update(parent=heading)
    rollups_refresh_all()  # the heading's children count
    assert tally_level_links() == {"city": {"total": 1, "unlinked": 1, "covered": 1},
                                   "district": {"total": 1, "unlinked": 0, "covered": 0}}
    assert tally_drift() == []
    Task.objects.filter(pk=measure.pk).delete()
    rollups_refresh_all()
    assert tally_level_links() == {"city": {"total": 1, "unlinked": 1, "covered": 0}}
    assert tally_drift() == []


def test_rebuild_recounts_after_the_rows_were_lost() -> None:
    task_factory(category="甲")
    TaskTally.objects.all().delete()
    assert tally_drift() != []
    tally_rebuild()
    assert tally_drift() == []


def test_the_check_command_names_a_group_that_differs() -> None:
    task_factory(category="甲")
    call_command("tally", "check", stdout=StringIO())
    TaskTally.objects.create(dimension="category", value="甲", light=TrafficLight.RED, status=TaskStatus.NOT_STARTED, n=1)
    err = StringIO()
    with pytest.raises(CommandError, match="tally differs"):
        call_command("tally", "check", stdout=StringIO(), stderr=err)
    assert "category='甲' red/not_started: tally 1, tasks 0" in err.getvalue()
    call_command("tally", "rebuild", stdout=StringIO())
    assert tally_drift() == []


def test_a_missing_trigger_is_named_by_the_check_and_put_back_after_migrate() -> None:
    """A migration that remakes the task table on SQLite drops its triggers: `tally check` names
    them, and the post-migrate step installs them again and recounts."""
    task_factory(category="甲")
    assert triggers_missing() == set()
    with connection.cursor() as cursor:
        on_table = " ON ledger_task" if connection.vendor == "postgresql" else ""
        cursor.execute(f"DROP TRIGGER ledger_task_tally_insert{on_table}")
    task_factory(category="乙")  # not counted: no trigger
    assert triggers_missing() == {"ledger_task_tally_insert"}
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("tally", "check", stdout=StringIO(), stderr=err)
    assert "trigger missing: ledger_task_tally_insert" in err.getvalue() and "category='乙'" in err.getvalue()
    tally_after_migrate()
    assert triggers_missing() == set() and tally_drift() == []
    task_factory(category="丙")
    assert tally_drift() == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
def test_truncating_the_tasks_empties_the_tally() -> None:
    task_factory(category="甲")
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's open transaction holds deferred checks
        cursor.execute(f"TRUNCATE {Task._meta.db_table} CASCADE")
    assert tally_counts(["category"]) == {"category": {}}


def test_live_counts_agree_with_the_battle_maps_definition(personas: Personas) -> None:
    # `live_counts` is the check's reference: it must count what the battle map counts.
    task_factory(kind=TaskKind.HEADING, category="甲")
    assert sum(n for g in live_counts(["category"])["category"].values() for n in g.values()) == \
        Task.objects.counted().count()


def test_the_home_page_figures_of_every_task_come_from_the_tally(personas: Personas,
                                                                django_assert_num_queries: object) -> None:
    from django.db.models import Q

    from luoshi.ledger.selectors import home_counts

    task_factory(target_value=5, light=TrafficLight.RED)
    task_factory(target_value=1, status=TaskStatus.COMPLETED, light=TrafficLight.DONE)
    task_factory(light=TrafficLight.UNREPORTED)
    task_factory(kind=TaskKind.HEADING, target_value=9, light=TrafficLight.RED)  # structure: not counted
    counted = Task.objects.counted()
    expected = {
        "total": counted.count(), "completed": counted.filter(status=TaskStatus.COMPLETED).count(),
        "red": counted.filter(light=TrafficLight.RED).count(),
        "unreported": counted.filter(light=TrafficLight.UNREPORTED).count(),
        "with_target": counted.filter(~Q(target_value=None)).count(),
    }
    with django_assert_num_queries(1):  # type: ignore[operator]
        assert home_counts(user=personas.supervisor) == expected
    assert expected["with_target"] == 2 and expected["red"] == 1


@pytest.mark.django_db(transaction=True)
def test_a_flushed_database_starts_with_an_empty_tally() -> None:
    # Flushing empties the tasks and the tally in no fixed order (SQLite); whatever the order, the
    # next tasks are counted from zero.
    task_factory(category="甲")
    call_command("flush", interactive=False, verbosity=0)
    assert TaskTally.objects.count() == 0
    task_factory(category="乙")
    assert tally_drift() == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers: SQLite has one writer at a time")
def test_concurrent_writers_and_compactions_keep_it_exact() -> None:
    import threading

    from django.db import connections

    tasks = [task_factory(category=f"类{i % 4}") for i in range(40)]
    ids = [t.pk for t in tasks]
    lights = [TrafficLight.GREEN, TrafficLight.YELLOW, TrafficLight.RED]
    errors: list[BaseException] = []

    def writer(offset: int) -> None:
        try:
            for step in range(8):
                for pk in ids[offset::4]:
                    Task.objects.filter(pk=pk).update(light=lights[(pk + step) % 3], category=f"类{(pk + step) % 4}")
        except BaseException as exc:  # reported below: a thread's exception would vanish
            errors.append(exc)
        finally:
            connections.close_all()

    def compactor() -> None:
        try:
            for _ in range(8):
                tally_compact()
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(4)] + [
        threading.Thread(target=compactor) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert tally_drift() == []
