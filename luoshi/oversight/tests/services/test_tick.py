"""`luoshi tick`: due reminders in working days, escalations and snapshots — and nothing twice."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from luoshi.core.workdays import add_working_days
from luoshi.ledger.models import LiaisonRecord, Task
from luoshi.ledger.tests.factories import Personas, task_factory
from luoshi.oversight.models import EvaluationSnapshot
from luoshi.oversight.services import tick_run
from luoshi.reports.choices import NotificationKind
from luoshi.reports.models import Notification
from luoshi.reports.services import report_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def addresses(personas: Personas) -> None:
    for user in (personas.reporter_a, personas.reporter_b, personas.leader, personas.supervisor):
        user.email = f"{user.username}@example.org"
        user.save()


def messages(kind: str) -> list[str]:
    return list(Notification.objects.filter(kind=kind).values_list("dedupe_key", flat=True))


def test_deadline_reminders_go_out_at_each_stage_once(personas: Personas) -> None:
    deadline = date(2024, 10, 8)  # the day after the National Day holiday
    Task.objects.filter(pk=personas.task_a.pk).update(start_date=date(2024, 1, 1), deadline=deadline)
    tick_run(today=date(2024, 9, 20))  # 10 working days before
    tick_run(today=date(2024, 9, 20))
    tick_run(today=date(2024, 9, 27))  # 3 left: the 5-day stage
    tick_run(today=date(2024, 9, 30))  # 1 left (8 Oct): the 1-day stage
    tick_run(today=date(2024, 10, 3))  # a holiday: still the 1-day stage, already sent
    keys = messages(NotificationKind.DEADLINE_REMINDER)
    task = personas.task_a.pk
    assert sorted(keys) == sorted([f"deadline:{task}:2024-10-08:10", f"deadline:{task}:2024-10-08:5",
                                   f"deadline:{task}:2024-10-08:1"])
    # Each stage reaches the reporter inside that day's digest, one e-mail per day (issue 12).
    assert sum("完成时限提醒" in m.body for m in mail.outbox) == 3
    assert all(m.subject.startswith("[落实] 每日待办汇总") for m in mail.outbox)


def test_a_changed_deadline_is_reminded_anew(personas: Personas) -> None:
    Task.objects.filter(pk=personas.task_a.pk).update(deadline=date(2024, 10, 8))
    tick_run(today=date(2024, 9, 30))
    Task.objects.filter(pk=personas.task_a.pk).update(deadline=date(2024, 10, 9))
    tick_run(today=date(2024, 9, 30))
    assert len(messages(NotificationKind.DEADLINE_REMINDER)) == 2


def test_overdue_tasks_are_chased_once_per_deadline(personas: Personas) -> None:
    Task.objects.filter(pk=personas.task_a.pk).update(deadline=date(2024, 10, 8))
    Task.objects.filter(pk=personas.task_b.pk).update(deadline=None)
    first = tick_run(today=date(2024, 10, 9))
    second = tick_run(today=date(2024, 10, 10))
    assert (first.overdue_reminders, second.overdue_reminders) == (1, 0)
    Task.objects.filter(pk=personas.task_a.pk).update(status="completed")
    assert tick_run(today=date(2024, 10, 11)).overdue_reminders == 0


def test_report_reminders_reach_only_units_whose_report_is_missing(personas: Personas) -> None:
    # September 2024's monthly report is due on Sat 12 Oct (5 working days after the holiday).
    for task in (personas.task_a, personas.task_b):
        Task.objects.filter(pk=task.pk).update(start_date=date(2024, 1, 1), deadline=date(2025, 12, 31))
    Task.objects.filter(pk=personas.task_shared.pk).update(status="suspended")  # suspended: not chased
    from luoshi.reports.services import period_reopen

    period_reopen(user=personas.supervisor, key="2024-09")
    report_create(user=personas.reporter_b, task=personas.task_b, narrative="已报", percent_done=5,
                  period_key="2024-09", submit=True)
    report = tick_run(today=date(2024, 10, 10))  # 2 working days before (11, 12)
    assert report.report_reminders == 1
    keys = messages(NotificationKind.REPORT_REMINDER)
    assert keys == [f"report:{personas.task_a.pk}:2024-09:3"]
    assert tick_run(today=date(2024, 10, 10)).report_reminders == 0


def test_liaison_follow_ups_are_reminded_on_their_day(personas: Personas) -> None:
    LiaisonRecord.objects.create(task=personas.task_a, department="商务部", request="争取政策", asked_on=date(2024, 9, 1),
                                 follow_up_on=date(2024, 9, 20), created_by=personas.reporter_a)
    assert tick_run(today=date(2024, 9, 19)).liaison_reminders == 0
    assert tick_run(today=date(2024, 9, 20)).liaison_reminders == 1
    assert tick_run(today=date(2024, 9, 21)).liaison_reminders == 0


def test_the_monthly_snapshot_is_taken_on_the_last_day_once(personas: Personas) -> None:
    assert tick_run(today=date(2024, 9, 29)).snapshot == "2024-08"  # the missed previous month
    assert tick_run(today=date(2024, 9, 29)).snapshot == ""
    assert tick_run(today=date(2024, 9, 30)).snapshot == "2024-09"
    assert tick_run(today=date(2024, 9, 30)).snapshot == ""
    assert list(EvaluationSnapshot.objects.order_by("key").values_list("key", "as_of")) == [
        ("2024-08", date(2024, 8, 31)), ("2024-09", date(2024, 9, 30))]


def test_running_tick_twice_sends_nothing_twice(personas: Personas) -> None:
    today = date(2024, 10, 9)
    Task.objects.filter(pk=personas.task_a.pk).update(start_date=date(2024, 1, 1), deadline=today + timedelta(days=1))
    Task.objects.filter(pk=personas.task_b.pk).update(deadline=today - timedelta(days=3))
    tick_run(today=today)
    sent, written = len(mail.outbox), Notification.objects.count()
    assert sent > 0
    again = tick_run(today=today)
    assert (len(mail.outbox), Notification.objects.count()) == (sent, written)
    assert again.emails_sent == 0 and not again.errors


def test_a_failing_step_does_not_stop_the_others(personas: Personas, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(**kwargs: Any) -> int:
        raise RuntimeError("boom")

    monkeypatch.setattr("luoshi.oversight.services.tick.deadline_reminders_send", broken)
    Task.objects.filter(pk=personas.task_a.pk).update(deadline=date(2024, 10, 8))
    Task.objects.filter(pk=personas.task_b.pk).update(deadline=None)
    report = tick_run(today=date(2024, 10, 9))
    assert report.errors == ["deadline_reminders: boom"]
    assert report.overdue_reminders == 1


def test_the_command_runs_for_a_given_day(personas: Personas) -> None:
    out = StringIO()
    call_command("tick", "--date", "2024-09-30", stdout=out)
    assert "tick 2024-09-30" in out.getvalue() and "snapshot 2024-09" in out.getvalue()
    assert add_working_days(date(2024, 9, 30), 1) == date(2024, 10, 8)


def test_notices_escalate_from_tick(personas: Personas) -> None:
    from django.utils import timezone

    from luoshi.oversight.services import notice_issue

    today = timezone.localdate()
    lagging = task_factory("滞后任务", lead_unit=personas.unit_a, start_date=today - timedelta(days=50),
                           deadline=today - timedelta(days=1))
    notice = notice_issue(user=personas.supervisor, task=lagging, requirement="说明")
    assert tick_run(today=notice.reply_due + timedelta(days=1)).escalations == 1
    assert tick_run(today=notice.reply_due + timedelta(days=2)).escalations == 0


def test_a_task_nobody_reports_on_is_unreported_and_the_report_reminders_chase_it(personas: Personas) -> None:
    from luoshi.oversight.services import tasks_evaluate

    # September's monthly report falls due on Saturday 12 October 2024 (a make-up workday)
    task = task_factory("推进轨道交通建设", lead_unit=personas.unit_a, start_date=date(2024, 1, 1),
                        deadline=date(2024, 12, 31), report_frequency="monthly")
    [evaluation] = tasks_evaluate(as_of=date(2024, 10, 12), task_ids=[task.pk])
    assert evaluation.result.light == "unreported"
    tick_run(today=date(2024, 10, 12))
    task.refresh_from_db()
    assert task.light == "unreported"
    assert Notification.objects.filter(kind=NotificationKind.REPORT_REMINDER, task=task,
                                       recipient=personas.reporter_a).exists()
