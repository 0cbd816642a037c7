"""Demo data for the five mechanisms: a task force, milestones, reports in each state, a liaison,
an adjustment request, lights, a monthly snapshot and the month's assessment.

Idempotent like the rest of the demo: objects are found by name or idempotency key before
anything is made, so a second `make run` adds nothing. Every write goes through the services,
as a person of the right role, so the demo's history reads like real use.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from luoshi.core.clock import business_today
from luoshi.core.errors import DomainError
from luoshi.core.history import recording
from luoshi.ledger.choices import TaskStatus
from luoshi.ledger.models import LiaisonRecord, Task, TaskForce
from luoshi.ledger.services import liaison_create, taskforce_create, taskforce_tasks_add, tasks_assign
from luoshi.oversight.choices import AdjustmentStatus, SnapshotKind
from luoshi.oversight.models import AdjustmentRequest
from luoshi.oversight.services import (
    adjustment_request,
    evaluation_run,
    snapshot_take,
    unit_scores_compute,
)
from luoshi.oversight.services.evaluation import snapshot_monthly_due
from luoshi.reports.choices import ReportStatus
from luoshi.reports.models import Milestone, ProgressReport
from luoshi.reports.services import milestone_create, report_accept, report_create, report_return

logger = logging.getLogger("luoshi.demo")

TASK_FORCE_NAME = "科技创新工作专班"


@dataclass
class OversightDemoReport:
    task_force: str = ""
    reports: int = 0
    snapshot: str = ""
    scores: int = 0


def _try(step: str, action: Any, **kwargs: Any) -> Any:
    """Run one demo step; a domain refusal (e.g. a period closed since the last load) skips it."""
    try:
        return action(**kwargs)
    except (DomainError, ValidationError) as exc:
        logger.info("demo step skipped", extra={"step": step, "reason": str(getattr(exc, "message", exc))})
        return None


def oversight_demo_load() -> OversightDemoReport:
    """Give the demo ledger something to show on the reports and oversight pages."""
    result = OversightDemoReport()
    users = {u.username: u for u in get_user_model().objects.filter(
        username__in=["supervisor", "reporter", "leader"]).select_related("person")}
    supervisor, reporter, leader = users.get("supervisor"), users.get("reporter"), users.get("leader")
    if not (supervisor and reporter and leader) or reporter.person.unit_id is None:
        return result
    unit_id = reporter.person.unit_id
    tasks = list(Task.objects.filter(lead_unit_id=unit_id, status__in=[TaskStatus.NOT_STARTED,
                                                                        TaskStatus.IN_PROGRESS]).order_by("code")[:6])
    if not tasks:
        return result

    task_force = TaskForce.objects.filter(name=TASK_FORCE_NAME).first() or _try(
        "task force", taskforce_create, user=supervisor, name=TASK_FORCE_NAME, leader=leader.person,
        members=[reporter.person, supervisor.person], mandate="统筹推进科技创新领域重点任务,定期调度。")
    if task_force is not None:
        result.task_force = task_force.name
        free = [t for t in tasks if not hasattr(t, "task_force_link")]
        if free:
            _try("task force tasks", taskforce_tasks_add, user=supervisor, task_force=task_force, tasks=free)
    unassigned = [t for t in tasks if t.responsible_person_id is None]
    if unassigned:
        _try("assignment", tasks_assign, user=supervisor, tasks=unassigned, responsible_person=reporter.person)

    today = business_today()
    first = tasks[0]
    if not Milestone.objects.filter(task=first).exists() and (first.deadline is None or first.deadline > today):
        due = min(first.deadline, today + timedelta(days=30)) if first.deadline else today + timedelta(days=30)
        _try("milestone", milestone_create, user=supervisor, task=first, title="完成方案编制并报批", due_date=due)

    plans = [("demo-accepted", 30, "已完成方案编制,正在组织专家论证。", "accept"),
             ("demo-returned", 10, "正在推进。", "return"),
             ("demo-pending", 45, "主体工程已开工,完成投资约四成。", None)]
    for task, (key, percent, narrative, decision) in zip(tasks, plans, strict=False):
        report = _try("report", report_create, user=reporter, task=task, narrative=narrative, percent_done=percent,
                      submit=True, idempotency_key=key)
        if report is None:
            continue
        result.reports += 1
        fresh = report.status == ReportStatus.SUBMITTED
        if fresh and decision == "accept":
            _try("accept", report_accept, user=supervisor, report=report, comment="进展属实,材料齐全。", grade=4)
        elif fresh and decision == "return":
            _try("return", report_return, user=supervisor, report=report, comment="请补充完成的具体工作量和证明材料。")
        if fresh:
            _on_business_date(report, today, supervisor)

    if not LiaisonRecord.objects.filter(task=first).exists():
        _try("liaison", liaison_create, user=reporter, task=first, department="科技部",
             request="争取国家重点实验室布局支持,请求将项目纳入部市会商议题。", asked_on=today - timedelta(days=7),
             follow_up_on=today + timedelta(days=14))
    if len(tasks) > 3 and tasks[3].deadline and not AdjustmentRequest.objects.filter(
            task=tasks[3], status=AdjustmentStatus.PENDING).exists():
        _try("adjustment", adjustment_request, user=reporter, task=tasks[3],
             changes={"deadline": tasks[3].deadline + timedelta(days=90)}, reason="受用地审批进度影响,申请延期一个季度。",
             idempotency_key="demo-adjustment")

    evaluation_run()
    owed = snapshot_monthly_due(today)
    if owed is not None:
        snapshot, _created = snapshot_take(key=owed[0], kind=SnapshotKind.MONTHLY, as_of=owed[1])
        result.snapshot = snapshot.key
    result.scores = len(unit_scores_compute(period_key=f"{today:%Y-%m}"))
    return result


def _on_business_date(report: ProgressReport, today: date, user: Any) -> None:
    """Date a sample report on the business date: the services stamp the wall clock, which a
    demo running as of its documents' time has not reached (a report "from the future" would
    not count as reported). Saved, so the change is in the report's history."""
    report.refresh_from_db()
    report.submitted_at = timezone.make_aware(datetime.combine(today, time(9)))
    if report.reviewed_at is not None:
        report.reviewed_at = timezone.make_aware(datetime.combine(today, time(15)))
    with recording(user, "演示数据：按业务日期记录报送与审核时间"):
        report.save(update_fields=["submitted_at", "reviewed_at", "updated_at"])
