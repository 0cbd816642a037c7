"""Forecast per task (issue 12, point 5): from reported progress, beside the light, counted on the battle map."""

from __future__ import annotations

from datetime import timedelta

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
