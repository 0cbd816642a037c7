"""Supervision notices: only on lagging tasks, reply deadline in working days, escalation once."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from luoshi.core.errors import DomainError, PermissionDenied
from luoshi.core.workdays import add_working_days
from luoshi.ledger.models import Task, TaskForce, TaskForceTask
from luoshi.ledger.tests.factories import Personas, task_factory
from luoshi.oversight.models import SupervisionNotice
from luoshi.oversight.services import notice_close, notice_issue, notice_reply, notices_escalate
from luoshi.reports.choices import NotificationKind
from luoshi.reports.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def lagging(personas: Personas) -> Task:
    today = timezone.localdate()
    return task_factory("推进零碳园区", lead_unit=personas.unit_a, start_date=today - timedelta(days=100),
                        deadline=today - timedelta(days=1))


def test_a_notice_goes_to_the_lead_unit_with_a_reply_deadline_in_working_days(personas: Personas,
                                                                             lagging: Task) -> None:
    today = timezone.localdate()
    notice = notice_issue(user=personas.supervisor, task=lagging, requirement="说明原因")
    assert (notice.unit, notice.status, notice.light_at_issue) == (personas.unit_a, "issued", "red")
    assert notice.reply_due == add_working_days(today, 5)
    assert "已超过完成时限" in notice.reason
    assert notice.code == f"督办〔{today.year}〕1号"
    assert Notification.objects.filter(recipient=personas.reporter_a, kind=NotificationKind.NOTICE_ISSUED).exists()


def test_a_task_on_track_gets_no_notice(personas: Personas) -> None:
    today = timezone.localdate()
    on_track = task_factory("按期推进", lead_unit=personas.unit_a, start_date=today, deadline=today + timedelta(days=300))
    with pytest.raises(DomainError) as error:
        notice_issue(user=personas.supervisor, task=on_track, requirement="x")
    assert error.value.code == "not_lagging"
    assert SupervisionNotice.objects.count() == 0


def test_a_reply_deadline_before_today_is_refused(personas: Personas, lagging: Task) -> None:
    with pytest.raises(DomainError) as error:
        notice_issue(user=personas.supervisor, task=lagging, requirement="x", reply_due=date(2020, 1, 1))
    assert error.value.code == "reply_due_too_early"
    assert SupervisionNotice.objects.count() == 0


def test_one_open_notice_per_task_and_numbers_run_on(personas: Personas, lagging: Task) -> None:
    first = notice_issue(user=personas.supervisor, task=lagging, requirement="x")
    with pytest.raises(DomainError):
        notice_issue(user=personas.admin, task=lagging, requirement="y")
    notice_reply(user=personas.reporter_a, notice=first, reply="已整改")
    second = notice_issue(user=personas.supervisor, task=lagging, requirement="再督办")
    assert second.number == first.number + 1


def test_unanswered_notices_escalate_to_the_task_force_leader_once(personas: Personas, lagging: Task) -> None:
    force = TaskForce.objects.create(name="零碳专班", leader=personas.leader.person)
    TaskForceTask.objects.create(task_force=force, task=lagging)
    notice = notice_issue(user=personas.supervisor, task=lagging, requirement="x")
    assert notices_escalate(today=notice.reply_due) == 0  # the deadline day itself is still in time
    late = notice.reply_due + timedelta(days=1)
    assert notices_escalate(today=late) == 1
    assert notices_escalate(today=late) == 0
    notice.refresh_from_db()
    assert (notice.status, notice.escalated_on) == ("escalated", late)
    assert "零碳专班" in notice.escalated_to
    assert Notification.objects.filter(recipient=personas.leader, kind=NotificationKind.NOTICE_ESCALATED).count() == 1
    assert notice.history.filter(status="escalated").exists()
    # a late reply is still taken, and the notice can then be closed
    assert notice_reply(user=personas.reporter_a, notice=notice, reply="已整改").status == "answered"
    assert notice_close(user=personas.supervisor, notice=notice).status == "closed"


def test_without_a_task_force_the_escalation_goes_back_to_the_issuer(personas: Personas, lagging: Task) -> None:
    notice = notice_issue(user=personas.supervisor, task=lagging, requirement="x")
    notices_escalate(today=notice.reply_due + timedelta(days=1))
    assert Notification.objects.filter(recipient=personas.supervisor, kind=NotificationKind.NOTICE_ESCALATED).exists()


def test_replies_are_the_units_and_closing_the_supervisors(personas: Personas, lagging: Task) -> None:
    notice = notice_issue(user=personas.supervisor, task=lagging, requirement="x")
    with pytest.raises(PermissionDenied):
        notice_reply(user=personas.reporter_b, notice=notice, reply="越权")
    with pytest.raises(PermissionDenied):
        notice_reply(user=personas.supervisor, notice=notice, reply="代答")
    with pytest.raises(DomainError):
        notice_close(user=personas.supervisor, notice=notice)  # not answered yet
    with pytest.raises(DomainError):
        notice_reply(user=personas.reporter_a, notice=notice, reply="")
    notice_reply(user=personas.reporter_a, notice=notice, reply="已整改")
    with pytest.raises(DomainError):
        notice_reply(user=personas.reporter_a, notice=notice, reply="再答")


def test_the_same_key_issues_one_notice(personas: Personas, lagging: Task) -> None:
    first = notice_issue(user=personas.supervisor, task=lagging, requirement="x", idempotency_key="n-1")
    assert notice_issue(user=personas.supervisor, task=lagging, requirement="x", idempotency_key="n-1").pk == first.pk


def test_a_task_nobody_reports_on_gets_a_notice_to_report(personas: Personas) -> None:
    today = timezone.localdate()
    silent = task_factory("推进智慧港口平台建设", lead_unit=personas.unit_a, start_date=today - timedelta(days=100),
                          deadline=today + timedelta(days=100))
    notice = notice_issue(user=personas.supervisor, task=silent, requirement="请报送进展")
    assert notice.light_at_issue == "unreported"
    assert "尚无任何进展报告" in notice.reason
