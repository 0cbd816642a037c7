"""Reads of the reports app for its use cases: lists, the review queue, a reporter's to-do, the inbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from luoshi.core.access import get_visible
from luoshi.core.clock import business_today
from luoshi.core.periods import reportable_periods
from luoshi.core.types import UserLike
from luoshi.ledger.choices import TaskStatus
from luoshi.ledger.models import Task, Unit
from luoshi.ledger.permissions import (
    Action,
    by_task_managed_by,
    can,
    of_task_visible_to,
    reports_visible_to,
    tasks_visible_to,
    unit_id_of,
)
from luoshi.reports import rules
from luoshi.reports.choices import FOLDED_KINDS, ContributionStatus, ReportStatus
from luoshi.reports.models import Contribution, Evidence, Milestone, Notification, ProgressReport
from luoshi.reports.services.periods import PeriodInfo, period_info


def report_list(*, user: Any, task: Task | None = None, status: str | None = None, period_key: str | None = None,
                unit_id: int | None = None) -> QuerySet[ProgressReport]:
    """Reports the user may see (their tasks' submitted reports and their own drafts), newest first."""
    rows = reports_visible_to(user, ProgressReport.objects.select_related("task", "author", "unit", "reviewed_by"),
                              task=task)
    if status:
        rows = rows.filter(status=status)
    if period_key:
        rows = rows.filter(period_key=period_key)
    if unit_id:
        rows = rows.filter(unit_id=unit_id)
    return rows.order_by("-period_end", "task__code", "-revision")


MSG_REPORT_NOT_FOUND = _("进展报告不存在或无权查看。")


def report_get_visible(user: UserLike, pk: Any) -> ProgressReport:
    """One report with its evidence, milestones and version chain, or NotFound when not visible."""
    return get_visible(report_list(user=user).select_related("supersedes").prefetch_related("evidence", "milestones"),
                       pk, MSG_REPORT_NOT_FOUND)


def report_versions(*, user: Any, report: ProgressReport) -> list[ProgressReport]:
    """Every version of the report's task and period the user may see, oldest first."""
    return list(report_list(user=user, task=report.task, period_key=report.period_key).order_by("revision"))


def review_queue(*, user: Any) -> QuerySet[ProgressReport]:
    """Submitted reports waiting for a supervisor, oldest first (empty for other roles)."""
    if not can(user, Action.REPORT_REVIEW):
        return ProgressReport.objects.none()
    return (by_task_managed_by(user, ProgressReport.objects.filter(status=ReportStatus.SUBMITTED))
            .select_related("task", "author", "unit").order_by("submitted_at"))


def my_drafts(*, user: Any) -> QuerySet[ProgressReport]:
    """The user's own drafts (nobody else sees them)."""
    if getattr(user, "pk", None) is None:
        return ProgressReport.objects.none()
    return ProgressReport.objects.filter(author=user, status=ReportStatus.DRAFT).select_related("task")


def my_returned(*, user: Any) -> QuerySet[ProgressReport]:
    """Returned reports of the user's tasks not yet resubmitted."""
    return (report_list(user=user, status=ReportStatus.RETURNED)
            .filter(resubmission__isnull=True))


@dataclass
class TodoRow:
    """A task and the period its next report is for, with that period's report if any."""

    task: Task
    period: PeriodInfo
    report: ProgressReport | None
    leads: bool = True  # False: the reporter's unit is a co-unit and contributes its part


def reporting_todo(*, user: Any, today: date | None = None, limit: int = 200) -> list[TodoRow]:
    """For a reporter: each open task of their unit with the period to report now (the previous
    period while its report is missing and it still takes reports, else the current one) and
    that period's report, if any. Two queries whatever the number of tasks."""
    if not can(user, Action.REPORT_WRITE):
        return []
    today = today or business_today()
    tasks = list(tasks_visible_to(user, Task.objects.select_related("lead_unit"))
                 .filter(status__in=[TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS]).order_by("deadline", "code")
                 [:limit])
    infos: dict[str, PeriodInfo] = {}
    candidates: dict[int, tuple[str, str]] = {}
    for task in tasks:
        previous, current = reportable_periods(today, task.report_frequency)
        for period in (previous, current):
            if period.key not in infos:
                infos[period.key] = period_info(period, today)
        candidates[task.pk] = (previous.key, current.key)
    keys = {key for pair in candidates.values() for key in pair}
    reports: dict[tuple[int, str], ProgressReport] = {}
    for report in ProgressReport.objects.filter(task__in=tasks, period_key__in=keys).order_by("revision"):
        if report.status == ReportStatus.DRAFT and report.author_id != user.pk:
            continue  # a colleague's draft is theirs alone
        reports[(report.task_id, report.period_key)] = report  # the latest revision wins
    rows = []
    for task in tasks:
        previous_key, current_key = candidates[task.pk]
        previous_report = reports.get((task.pk, previous_key))
        previous_pending = previous_report is None or previous_report.status == ReportStatus.RETURNED \
            or previous_report.status == ReportStatus.DRAFT
        if infos[previous_key].state in (rules.OPEN, rules.LATE) and previous_pending:
            rows.append(TodoRow(task=task, period=infos[previous_key], report=previous_report))
        else:
            rows.append(TodoRow(task=task, period=infos[current_key], report=reports.get((task.pk, current_key))))
    unit_id = unit_id_of(user)
    for row in rows:
        row.leads = row.task.lead_unit_id == unit_id
    return rows


@dataclass
class ContributionRow:
    """A co-unit of a task and its contribution for the period (None: not contributed yet)."""

    unit: Unit
    contribution: Contribution | None


def task_contributions(*, user: Any, task: Task, period_key: str) -> list[ContributionRow]:
    """Each co-unit of `task` with its submitted contribution for `period_key`, or the user's
    own draft; a colleague's draft counts as not contributed (drafts are their author's)."""
    return _contributions_by_period(user=user, task=task, period_keys=[period_key])[period_key]


def _contributions_by_period(*, user: Any, task: Task, period_keys: list[str]) -> dict[str, list[ContributionRow]]:
    """`task_contributions` for several periods in two queries (the co-units, the contributions)."""
    if not can(user, Action.TASK_VIEW, task):
        return {key: [] for key in period_keys}
    # In the units' own order (level, then name), as the task page lists the co-units; the page's
    # prefetch of them serves this too (a query less on every task page).
    units = list(task.co_units.all())
    rows = Contribution.objects.filter(task=task, period_key__in=period_keys).filter(
        Q(status=ContributionStatus.SUBMITTED) | Q(author_id=getattr(user, "pk", None)))
    by_period_unit = {(c.period_key, c.unit_id): c for c in rows}
    return {key: [ContributionRow(unit=unit, contribution=by_period_unit.get((key, unit.pk))) for unit in units]
            for key in period_keys}


def task_contributions_open(*, user: Any, task: Task, today: date | None = None) -> list[tuple[str, list[ContributionRow]]]:
    """`task_contributions` for each period that still takes reports (last period while it is
    open or late, and the current one), newest first; empty for a task without co-units."""
    if not task.co_units.exists():
        return []
    today = today or business_today()
    current = rules.period_containing(today, task.report_frequency)
    keys = [current.key]
    previous = rules.period_previous(current)
    if period_info(previous, today).state in (rules.OPEN, rules.LATE):
        keys.append(previous.key)
    by_period = _contributions_by_period(user=user, task=task, period_keys=keys)
    return [(key, by_period[key]) for key in keys]


def contribution_own(*, user: Any, task: Task, period_key: str) -> Contribution | None:
    """The user's unit's contribution to `task` for the period, if the user may see it."""
    unit_id = unit_id_of(user)
    if unit_id is None:
        return None
    found = Contribution.objects.filter(task=task, period_key=period_key, unit_id=unit_id).first()
    if found is None or (found.status == ContributionStatus.DRAFT and found.author_id != getattr(user, "pk", None)):
        return None
    return found


def contribution_for_download(*, user: Any, pk: int) -> Contribution | None:
    """A contribution whose evidence the user may read: submitted and on a task they see, or their own draft."""
    found = Contribution.objects.select_related("task").filter(pk=pk).first()
    if found is None or not can(user, Action.TASK_VIEW, found.task):
        return None
    if found.status == ContributionStatus.DRAFT and found.author_id != getattr(user, "pk", None):
        return None
    return found


def task_reports(*, user: Any, task: Task) -> list[ProgressReport]:
    """A task's reports the user may see, newest first, for the task page: their own columns (the
    task is known; authors and reviewers are not shown) and how many evidence files each has
    (`evidence_count`), rather than every file read to be counted."""
    files = Evidence.objects.filter(report=OuterRef("pk")).order_by().values("report").annotate(n=Count("pk")).values("n")
    # One task's: by period and revision, without the list's order by task code (a join).
    return list(report_list(user=user, task=task).select_related(None).order_by("-period_end", "-revision")
                .annotate(evidence_count=Coalesce(Subquery(files), 0))[:24])


def task_milestones(*, user: Any, task: Task) -> list[Milestone]:
    """A task's milestones, by due date, if the user may see the task."""
    return list(of_task_visible_to(user, Milestone.objects.all(), task).order_by("due_date", "position"))


def evidence_for_download(*, user: Any, pk: int) -> Evidence | None:
    """An evidence file the user may read (they may see its report), else None."""
    evidence = Evidence.objects.select_related("report", "report__task").filter(pk=pk).first()
    if evidence is None or not can(user, Action.REPORT_VIEW, evidence.report):
        return None
    return evidence


def inbox(*, user: Any, unread_only: bool = False) -> QuerySet[Notification]:
    """The user's own messages, newest first. Scheduled reminders gathered into a daily digest
    are read inside it (see `digest_items`), not one by one."""
    if getattr(user, "pk", None) is None:
        return Notification.objects.none()
    rows = (Notification.objects.filter(recipient=user).select_related("task")
            .exclude(kind__in=FOLDED_KINDS, digest__isnull=False)
            .prefetch_related(Prefetch("items", queryset=Notification.objects.order_by("kind", "pk"))))
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    return rows.order_by("-created_at", "-id")


def unread_count(*, user: Any) -> int:
    """How many of the user's messages are unread."""
    return inbox(user=user, unread_only=True).count()


def reports_prefetch() -> Prefetch:
    """A prefetch of tasks' reports for list pages, newest first."""
    return Prefetch("reports", queryset=ProgressReport.objects.order_by("-period_end", "-revision"))
