"""Forecast per task (issue 12, point 5): from reported progress, beside the light, counted on the battle map."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from luoshi.briefings.selectors import dashboard_data, drill_task_list
from luoshi.ledger.models import Task
from luoshi.ledger.tests.factories import PASSWORD, Personas, task_factory
from luoshi.oversight import rules
from luoshi.oversight.selectors import tasks_forecast, tasks_likely_late
from luoshi.reports.services import report_accept, report_create

pytestmark = pytest.mark.django_db


def accepted(p: Personas, task: Task, percent: int) -> None:
    report_accept(user=p.supervisor, report=report_create(user=p.reporter_a, task=task, narrative="进展",
                                                         percent_done=percent, submit=True))


def test_slow_reported_pace_is_likely_late_before_the_deadline(personas: Personas, client: Client) -> None:
    p = personas
    today = timezone.localdate()
    slow = task_factory("建设海河实验室", lead_unit=p.unit_a, start_date=today - timedelta(days=100),
                        deadline=today + timedelta(days=100))
    brisk = task_factory("建设中试基地", lead_unit=p.unit_a, start_date=today - timedelta(days=100),
                         deadline=today + timedelta(days=100))
    silent = task_factory("引育人才", lead_unit=p.unit_a, start_date=today - timedelta(days=100),
                          deadline=today + timedelta(days=100))
    parent = task_factory("科技创新专项", lead_unit=p.unit_a, deadline=today + timedelta(days=200))
    Task.objects.filter(pk__in=[slow.pk, brisk.pk]).update(parent=parent)
    accepted(p, slow, 20)   # 20 % in (at most) 100 days: well short of 100 % by the deadline
    accepted(p, brisk, 60)  # 60 % in 100 days: done before the deadline

    found = tasks_forecast(tasks=Task.objects.filter(pk__in=[slow.pk, brisk.pk, silent.pk, parent.pk]))
    # the report counts as of its period's end (at most today), so the pace is 20 % over 70–100 days
    projected = found[slow.pk].projected
    assert found[slow.pk].verdict == rules.LIKELY_LATE and projected is not None and 35 <= projected <= 60
    assert found[brisk.pk].verdict == rules.ON_COURSE
    assert found[silent.pk].verdict == rules.INSUFFICIENT
    assert found[parent.pk].verdict == rules.LIKELY_LATE  # from its children
    assert sorted(tasks_likely_late(tasks=Task.objects.all()).values_list("pk", flat=True)) == sorted([slow.pk, parent.pk])

    # The battle map counts them, and the count opens the same tasks.
    kpi = next(k for k in dashboard_data(user=p.supervisor, use_cache=False)["kpis"] if k["key"] == "likely_late")
    assert kpi["value"] == 2
    _filterset, rows = drill_task_list(user=p.supervisor, filters=kpi["filters"])
    assert sorted(rows.values_list("pk", flat=True)) == sorted([slow.pk, parent.pk])

    # The task page says so, with the method.
    assert client.login(username=p.supervisor.username, password=PASSWORD)
    page = client.get(slow.get_absolute_url()).content.decode()
    assert "预计难以按期完成" in page and f"约完成 {projected}%" in page and "最小二乘法" in page


def test_the_stored_forecast_follows_reports_and_moves_with_a_child(personas: Personas) -> None:
    """The verdict is stored on the task (issue 15: the battle map counts it without reading a
    year of reports); it follows an accepted report up the tree, and a child moved to another
    parent takes its verdict (and its roll-up) along."""
    from luoshi.ledger.services import task_parent_set
    from luoshi.oversight.services.forecasts import forecasts_refresh_all

    p = personas
    today = timezone.localdate()
    first = task_factory("第一项专项", lead_unit=p.unit_a, level="city", deadline=today + timedelta(days=300))
    second = task_factory("第二项专项", lead_unit=p.unit_a, level="city", deadline=today + timedelta(days=300))
    middle = task_factory("中间层举措", lead_unit=p.unit_a, deadline=today + timedelta(days=200))
    slow = task_factory("建设海河实验室", lead_unit=p.unit_a, start_date=today - timedelta(days=100),
                        deadline=today + timedelta(days=100))
    Task.objects.filter(pk=middle.pk).update(parent=first)
    Task.objects.filter(pk=slow.pk).update(parent=middle)
    assert Task.objects.get(pk=first.pk).forecast == ""  # nothing computed yet

    accepted(p, slow, 20)
    stored = dict(Task.objects.values_list("pk", "forecast"))
    assert stored[slow.pk] == stored[middle.pk] == stored[first.pk] == rules.LIKELY_LATE
    assert stored[second.pk] == ""

    task_parent_set(task=Task.objects.get(pk=middle.pk), parent_id=second.pk, user=p.supervisor, reason="调整归属")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.forecast != rules.LIKELY_LATE and first.children_count == 0 and first.rollup_light is None
    assert second.forecast == rules.LIKELY_LATE and second.children_count == 1
    assert sorted(tasks_likely_late(tasks=Task.objects.all()).values_list("pk", flat=True)) == sorted(
        [slow.pk, middle.pk, second.pk])

    # The evaluation run's full pass agrees with what the writes kept current.
    kept = dict(Task.objects.values_list("pk", "forecast"))
    assert forecasts_refresh_all() == sum(1 for v in kept.values() if v == "")  # only never-computed ones
    after = dict(Task.objects.values_list("pk", "forecast"))
    assert {pk: v for pk, v in after.items() if kept[pk]} == {pk: v for pk, v in kept.items() if v}


def test_the_api_shows_the_stored_forecast(personas: Personas) -> None:
    from luoshi.api.models import ApiToken

    p = personas
    today = timezone.localdate()
    slow = task_factory("建设海河实验室", lead_unit=p.unit_a, start_date=today - timedelta(days=100),
                        deadline=today + timedelta(days=100))
    accepted(p, slow, 20)
    _token, raw = ApiToken.issue(user=p.supervisor, name="市级平台")
    found = Client(headers={"Authorization": f"Bearer {raw}"}).get(f"/api/v1/tasks/{slow.pk}").json()
    assert found["forecast"] == rules.LIKELY_LATE


def test_a_tasks_outlook_is_what_the_evaluation_and_the_forecast_say_of_it(personas: Personas) -> None:
    """The task page reads a task's evaluation and forecast together (selectors.task_outlook, three
    queries): on every day and for every kind of task, the same as read apart for many tasks."""
    from datetime import date, datetime

    from luoshi.oversight.selectors import task_outlook
    from luoshi.oversight.services.evaluation import tasks_evaluate
    from luoshi.reports.choices import ReportStatus
    from luoshi.reports.models import Milestone, ProgressReport

    p = personas
    zone = timezone.get_current_timezone()
    start, deadline = date(2024, 1, 1), date(2024, 12, 31)

    def report(task: Task, month: int, status: str, percent: int | None, submitted_day: int = 5) -> None:
        end = date(2024, month + 1, 1) - timedelta(days=1)
        ProgressReport.objects.create(
            task=task, period_key=f"2024-{month:02d}", period_start=date(2024, month, 1), period_end=end,
            due_date=end + timedelta(days=5), status=status, narrative="进展", percent_done=percent,
            submitted_at=None if status == ReportStatus.DRAFT else datetime(2024, month + 1, submitted_day, 9, tzinfo=zone))

    steady = task_factory("按月报送并被采纳", lead_unit=p.unit_a, start_date=start, deadline=deadline)
    for month, percent in ((1, 5), (2, 12), (3, 20), (4, 24)):
        report(steady, month, ReportStatus.ACCEPTED, percent)
    mixed = task_factory("有退回、草稿和待审", lead_unit=p.unit_a, start_date=start, deadline=deadline)
    report(mixed, 1, ReportStatus.RETURNED, 10)
    report(mixed, 2, ReportStatus.SUBMITTED, 30)
    report(mixed, 3, ReportStatus.DRAFT, 40)
    report(mixed, 4, ReportStatus.ACCEPTED, None)
    returned_only = task_factory("只有退回的报告", lead_unit=p.unit_a, start_date=start, deadline=deadline,
                                 progress_percent=30)
    report(returned_only, 2, ReportStatus.RETURNED, 30, submitted_day=20)
    paced = task_factory("有里程碑", lead_unit=p.unit_a, start_date=start, deadline=deadline, progress_percent=10)
    Milestone.objects.create(task=paced, title="完成选址", due_date=date(2024, 3, 31), reached_on=date(2024, 4, 20))
    Milestone.objects.create(task=paced, title="开工", due_date=date(2024, 6, 30))
    parent = task_factory("上级专项", lead_unit=p.unit_a, level="city", deadline=deadline)
    Task.objects.filter(pk__in=[steady.pk, paced.pk]).update(parent=parent)
    Task.objects.filter(pk=parent.pk).update(forecast=rules.LIKELY_LATE)
    done = task_factory("已完成", lead_unit=p.unit_a, start_date=start, deadline=deadline, status="completed")
    open_ended = task_factory("持续推进", lead_unit=p.unit_a, start_date=start, deadline=None)
    tasks = [steady, mixed, returned_only, paced, parent, done, open_ended]
    # As the task page reads a task: with its related rows and whether it has children, which the
    # outlook then takes from it instead of reading the task again.
    as_the_page_reads = {t.pk: t for t in Task.objects.with_related().with_children_flag().filter(
        pk__in=[t.pk for t in tasks])}

    for day in (date(2024, 2, 10), date(2024, 3, 15), date(2024, 4, 25), date(2024, 6, 3), date(2025, 2, 1)):
        apart = {e.task_id: e for e in tasks_evaluate(as_of=day, task_ids=[t.pk for t in tasks])}
        forecasts = tasks_forecast(tasks=Task.objects.filter(pk__in=[t.pk for t in tasks]), as_of=day)
        for task in tasks:
            outlook = task_outlook(task=task, as_of=day)
            assert outlook.evaluation == apart[task.pk], (task.title, day)
            assert outlook.forecast == forecasts[task.pk], (task.title, day)
            assert outlook.forecast_from_children == (task == parent)
            assert task_outlook(task=as_the_page_reads[task.pk], as_of=day) == outlook, (task.title, day)
    # The evaluation differs between the tasks: the comparison above is not of empty answers.
    assert len({apart[t.pk].result.light for t in tasks}) >= 3
    assert task_outlook(task=steady, as_of=date(2024, 6, 3)).forecast.points == 5  # four reports, and the start at 0 %


def test_a_task_read_with_its_children_flag_is_not_read_again_for_its_outlook(
        personas: Personas, django_assert_num_queries: Any) -> None:
    """The task page reads the task with `with_children_flag()` and its source document: the
    outlook reads only the milestones and the reports; a task read without them is read again."""
    from luoshi.oversight.selectors import task_outlook

    task = task_factory("按月报送", lead_unit=personas.unit_a, deadline=timezone.localdate() + timedelta(days=90))
    task_factory("下级举措", lead_unit=personas.unit_a, parent=task, status="cancelled")
    as_the_page_reads = Task.objects.with_related().with_children_flag().get(pk=task.pk)
    task_outlook(task=task)  # the working-day calendar is read once and kept
    with django_assert_num_queries(2):
        from_the_page = task_outlook(task=as_the_page_reads)
    plain = Task.objects.get(pk=task.pk)
    with django_assert_num_queries(3):
        read_again = task_outlook(task=plain)
    assert from_the_page == read_again
    # Its only child is cancelled: it has children all the same (the stored count leaves it out).
    assert as_the_page_reads.has_children  # type: ignore[attr-defined]
    assert as_the_page_reads.children_count == 0
    assert from_the_page.forecast_from_children
