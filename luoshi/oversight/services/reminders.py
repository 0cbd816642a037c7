"""Reminders (催办): before deadlines and report due dates, counted in working days, and on overdue.

Reminders are written to the inbox without e-mail: the scheduler then gathers each person's
new reminders into one daily digest (reports.services.digests), which is what they read and
what is mailed, so a unit with 43 overdue tasks gets one message, not 43.

Each reminder is keyed by its event and stage (e.g. "deadline:42:2024-12-31:5"), so however
often the scheduler runs, a person gets each reminder once; a missed day sends the stage the
date is in, not every stage skipped. A changed deadline is a new event and is reminded anew.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from luoshi.core.clock import business_today
from luoshi.core.periods import reportable_periods
from luoshi.ledger.choices import ReportFrequency, TaskStatus
from luoshi.ledger.models import LiaisonRecord, Task
from luoshi.ledger.models.liaison import OPEN_LIAISON_STATUSES
from luoshi.oversight import rules
from luoshi.oversight.constants import reminder_plan
from luoshi.reports import rules as period_rules
from luoshi.reports.choices import NotificationKind, ReportStatus
from luoshi.reports.constants import setting as reports_setting
from luoshi.reports.models import Notification, ProgressReport
from luoshi.reports.services import notify, task_recipients

OPEN_STATUSES = (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS)


def _already_sent(kind: str, keys: Iterable[str]) -> set[str]:
    """Event keys that already have messages: skipped before any per-task work is done."""
    keys = list(keys)
    sent: set[str] = set()
    for start in range(0, len(keys), 1000):
        sent.update(Notification.objects.filter(kind=kind, dedupe_key__in=keys[start:start + 1000])
                    .values_list("dedupe_key", flat=True))
    return sent


def deadline_reminders_send(*, today: date | None = None) -> int:
    """Remind the lead unit and responsible person of open tasks whose deadline is near
    (ReminderPlan.deadline_workdays working days before it); returns messages written."""
    today = today or business_today()
    offsets = reminder_plan().deadline_workdays
    if not offsets:
        return 0
    # Calendar window wide enough for the largest offset across the longest holiday.
    horizon = today + timedelta(days=2 * max(offsets) + 14)
    tasks = list(Task.objects.filter(status__in=OPEN_STATUSES, deadline__gte=today, deadline__lte=horizon)
                 .select_related("lead_unit", "responsible_person").order_by("deadline", "pk"))
    staged = []
    for task in tasks:
        assert task.deadline is not None
        stage = rules.reminder_stage(today, task.deadline, offsets)
        if stage is not None:
            staged.append((task, stage, f"deadline:{task.pk}:{task.deadline}:{stage}"))
    sent = _already_sent(NotificationKind.DEADLINE_REMINDER, (key for _t, _s, key in staged))
    written = 0
    for task, stage, key in staged:
        if key in sent:
            continue
        when = _("今天到期") if stage == 0 else _("还有 %(n)s 个工作日到期") % {"n": stage}
        written += len(notify(
            recipients=task_recipients(task), kind=NotificationKind.DEADLINE_REMINDER,
            subject=str(_("完成时限提醒:%(task)s %(when)s(%(deadline)s)") % {
                "task": task.code, "when": when, "deadline": task.deadline}),
            body=task.title, url=task.get_absolute_url(), task=task, dedupe_key=key, deliver_on_commit=False, email=False))
    return written


def overdue_reminders_send(*, today: date | None = None) -> int:
    """Tell the unit, once per deadline, that an open task has passed it (逾期催办)."""
    today = today or business_today()
    tasks = list(Task.objects.filter(status__in=OPEN_STATUSES, deadline__lt=today)
                 .select_related("lead_unit", "responsible_person").order_by("deadline", "pk"))
    keyed = [(task, f"overdue:{task.pk}:{task.deadline}") for task in tasks]
    sent = _already_sent(NotificationKind.DEADLINE_OVERDUE, (key for _t, key in keyed))
    written = 0
    for task, key in keyed:
        if key in sent:
            continue
        written += len(notify(
            recipients=task_recipients(task), kind=NotificationKind.DEADLINE_OVERDUE,
            subject=str(_("逾期催办:%(task)s 已超过完成时限 %(deadline)s") % {"task": task.code,
                                                                            "deadline": task.deadline}),
            body=str(_("请尽快报送进展;如需调整完成时限,请提交调整申请。")), url=task.get_absolute_url(), task=task,
            dedupe_key=key, deliver_on_commit=False, email=False))
    return written


def report_reminders_send(*, today: date | None = None) -> int:
    """Remind units whose report for the period now due is missing, ReminderPlan.report_workdays
    working days before the due date; returns messages written."""
    today = today or business_today()
    offsets = reminder_plan().report_workdays
    if not offsets:
        return 0
    due_workdays = int(reports_setting("REPORT_DUE_WORKDAYS"))
    written = 0
    for frequency in ReportFrequency.values:
        previous, current = reportable_periods(today, frequency)
        # The report due next: last period's until its due date, then this one's.
        target = previous if today <= period_rules.report_due_date(previous, due_workdays) else current
        due = period_rules.report_due_date(target, due_workdays)
        stage = rules.reminder_stage(today, due, offsets)
        if stage is None:
            continue
        reported = ProgressReport.objects.filter(task=OuterRef("pk"), period_key=target.key).exclude(
            status=ReportStatus.DRAFT)
        tasks = list(
            Task.objects.filter(report_frequency=frequency, status__in=OPEN_STATUSES)
            .filter(Q(start_date__isnull=True) | Q(start_date__lte=target.end))
            .filter(Q(deadline__isnull=True) | Q(deadline__gte=target.start))
            .exclude(lead_unit__isnull=True)
            .filter(~Exists(reported))
            .select_related("lead_unit", "responsible_person").order_by("pk")
        )
        keyed = [(task, f"report:{task.pk}:{target.key}:{stage}") for task in tasks]
        sent = _already_sent(NotificationKind.REPORT_REMINDER, (key for _t, key in keyed))
        for task, key in keyed:
            if key in sent:
                continue
            written += len(notify(
                recipients=task_recipients(task), kind=NotificationKind.REPORT_REMINDER,
                subject=str(_("填报提醒:%(task)s %(period)s 进展请于 %(due)s 前报送") % {
                    "task": task.code, "period": target.key, "due": due}),
                body=task.title, url=task.get_absolute_url(), task=task, dedupe_key=key, deliver_on_commit=False, email=False))
    return written


def liaison_follow_ups_send(*, today: date | None = None) -> int:
    """Remind whoever logged a liaison when its follow-up date has come and it is still open."""
    today = today or business_today()
    records = list(LiaisonRecord.objects.filter(status__in=OPEN_LIAISON_STATUSES, follow_up_on__lte=today,
                                                follow_up_on__gte=today - timedelta(days=30),
                                                created_by__isnull=False)
                   .select_related("task", "created_by"))
    keyed = [(r, f"liaison:{r.pk}:{r.follow_up_on}") for r in records]
    sent = _already_sent(NotificationKind.LIAISON_FOLLOW_UP, (key for _r, key in keyed))
    written = 0
    for record, key in keyed:
        if key in sent:
            continue
        written += len(notify(
            recipients=[record.created_by], kind=NotificationKind.LIAISON_FOLLOW_UP,
            subject=str(_("对接跟进提醒:%(department)s(%(task)s)") % {"department": record.department,
                                                                       "task": record.task.code}),
            body=record.request, url=record.get_absolute_url(), task=record.task, dedupe_key=key,
            deliver_on_commit=False, email=False))
    return written
