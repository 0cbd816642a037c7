"""A small world with one object of every kind the five mechanisms act on, for matrix tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.utils import timezone

from luoshi.ledger.models import LiaisonRecord, Task, TaskForce, TaskForceTask
from luoshi.ledger.tests.factories import Personas, task_factory
from luoshi.oversight.models import (
    AdjustmentRequest,
    Comment,
    EvaluationSnapshot,
    SupervisionNotice,
    UnitScore,
)
from luoshi.reports.models import Evidence, Milestone, ProgressReport, ReportingPeriod
from luoshi.reports.services import evidence_add, report_create, report_return, report_submit
from luoshi.reports.tests.files import pdf


@dataclass
class World:
    """Personas plus: task_a (unit A leads, with a submitted report, evidence, a milestone, a
    pending adjustment by reporter A and a liaison), task_c (a returned report and an open
    notice), task_d (lagging, with an answered notice), task_e (unit A, reporter A's draft),
    a task force owning task_a."""

    p: Personas
    task_c: Task
    task_d: Task
    task_e: Task
    submitted: ProgressReport
    draft: ProgressReport
    returned: ProgressReport
    evidence: Evidence
    milestone: Milestone
    adjustment: AdjustmentRequest
    notice: SupervisionNotice
    answered_notice: SupervisionNotice
    liaison: LiaisonRecord
    task_force: TaskForce
    period: str


def build_world(p: Personas) -> World:
    today = timezone.localdate()
    Task.objects.filter(pk=p.task_a.pk).update(start_date=today - timedelta(days=30),
                                               deadline=today + timedelta(days=300))
    p.task_a.refresh_from_db()
    unit_a = p.unit_a
    task_c = task_factory("建设科技成果转化中心", lead_unit=unit_a, start_date=today - timedelta(days=200),
                          deadline=today - timedelta(days=10))
    task_d = task_factory("引育高层次人才", lead_unit=unit_a, start_date=today - timedelta(days=200),
                          deadline=today - timedelta(days=5))
    task_e = task_factory("建设中试基地", lead_unit=unit_a, start_date=today - timedelta(days=10),
                          deadline=today + timedelta(days=200))
    submitted = report_create(user=p.reporter_a, task=p.task_a, narrative="已开工。", percent_done=10)
    evidence = evidence_add(user=p.reporter_a, report=submitted, files=[pdf()])[0]
    submitted = report_submit(user=p.reporter_a, report=submitted)
    draft = report_create(user=p.reporter_a, task=task_e, narrative="草稿。", percent_done=5)
    returned = report_create(user=p.reporter_a, task=task_c, narrative="推进中。", percent_done=30, submit=True)
    returned = report_return(user=p.supervisor, report=returned, comment="请补充材料。")
    milestone = Milestone.objects.create(task=p.task_a, title="完成设计", due_date=today + timedelta(days=30))
    adjustment = AdjustmentRequest.objects.create(
        task=p.task_a, requested_by=p.reporter_a, reason="用地延迟", changes={"deadline": str(today + timedelta(days=400))},
        before={"deadline": str(p.task_a.deadline)})
    notice = SupervisionNotice.objects.create(
        year=today.year, number=1, task=task_c, unit=unit_a, issued_by=p.supervisor, issued_on=today,
        reason="逾期", requirement="说明原因", reply_due=today + timedelta(days=7))
    answered = SupervisionNotice.objects.create(
        year=today.year, number=2, task=task_d, unit=unit_a, issued_by=p.supervisor, issued_on=today,
        reason="逾期", requirement="说明原因", reply_due=today + timedelta(days=7), status="answered",
        reply="已整改", replied_by=p.reporter_a, replied_on=today)
    liaison = LiaisonRecord.objects.create(task=p.task_a, department="科技部", request="争取支持", asked_on=today,
                                           unit=unit_a, created_by=p.reporter_a)
    task_force = TaskForce.objects.create(name="科技专班", leader=p.leader.person)
    TaskForceTask.objects.create(task_force=task_force, task=p.task_a)
    return World(p=p, task_c=task_c, task_d=task_d, task_e=task_e, submitted=submitted, draft=draft,
                 returned=returned, evidence=evidence, milestone=milestone, adjustment=adjustment, notice=notice,
                 answered_notice=answered, liaison=liaison, task_force=task_force, period=f"{today:%Y-%m}")


def fingerprint() -> tuple[Any, ...]:
    """Everything an action could change, so a refused action can be shown to have changed nothing."""
    from luoshi.ledger.models import Task as T

    return (
        list(T.objects.order_by("pk").values_list("pk", "version", "lead_unit_id", "deadline", "progress_note",
                                                  "light", "progress_percent", "responsible_person_id")),
        T.history.count(),
        list(ProgressReport.objects.order_by("pk").values_list("pk", "status", "narrative", "percent_done")),
        Evidence.objects.count(),
        list(Milestone.objects.order_by("pk").values_list("pk", "title", "due_date", "reached_on")),
        list(AdjustmentRequest.objects.order_by("pk").values_list("pk", "status")),
        list(SupervisionNotice.objects.order_by("pk").values_list("pk", "status", "reply")),
        Comment.objects.count(),
        list(LiaisonRecord.objects.order_by("pk").values_list("pk", "version", "status")),
        list(TaskForce.objects.order_by("pk").values_list("pk", "version", "name")),
        TaskForceTask.objects.count(),
        list(ReportingPeriod.objects.values_list("key", "closed")),
        UnitScore.objects.count(),
        EvaluationSnapshot.objects.count(),
    )
