"""Accepting and returning reports; resubmission keeps both versions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from luoshi.core.errors import Conflict, DomainError
from luoshi.ledger.models import Task
from luoshi.ledger.tests.factories import Personas
from luoshi.reports.choices import NotificationKind, ReportStatus
from luoshi.reports.models import Milestone, Notification, ProgressReport
from luoshi.reports.services import (
    period_close,
    report_accept,
    report_create,
    report_resubmit,
    report_return,
)
from luoshi.reports.tests.files import pdf

pytestmark = pytest.mark.django_db


def submitted(p: Personas, **kwargs: Any) -> ProgressReport:
    defaults: dict[str, Any] = {"narrative": "进展", "percent_done": 40, "submit": True}
    return report_create(user=p.reporter_a, task=kwargs.pop("task", p.task_a), **(defaults | kwargs))


def test_accepting_moves_the_task_forward_and_reaches_its_milestones(personas: Personas) -> None:
    milestone = Milestone.objects.create(task=personas.task_a, title="完成设计",
                                         due_date=timezone.localdate() + timedelta(days=10))
    report = submitted(personas, milestone_ids=[milestone.pk])
    report_accept(user=personas.supervisor, report=report, comment="好", grade=5)
    task = Task.objects.get(pk=personas.task_a.pk)
    assert (task.progress_percent, task.status, task.progress_note, task.version) == (40, "in_progress", "进展", 2)
    # the progress, then (issue 12) the light evaluated at once, newest first
    light, progress = task.history.all()[:2]
    assert light.history_change_reason.startswith(f"评估(采纳进展报告,{timezone.localdate().isoformat()})")
    assert progress.history_change_reason.startswith("采纳进展报告")
    milestone.refresh_from_db()
    assert milestone.reached_on is not None and milestone.reached_by_report_id == report.pk
    assert Notification.objects.filter(recipient=personas.reporter_a, kind=NotificationKind.REPORT_ACCEPTED).exists()


def test_a_report_at_100_percent_completes_the_task(personas: Personas) -> None:
    report_accept(user=personas.supervisor, report=submitted(personas, percent_done=100))
    assert Task.objects.get(pk=personas.task_a.pk).status == "completed"


def test_progress_from_milestones_when_no_percent_is_given(personas: Personas) -> None:
    day = timezone.localdate() + timedelta(days=10)
    first = Milestone.objects.create(task=personas.task_a, title="一", due_date=day)
    Milestone.objects.create(task=personas.task_a, title="二", due_date=day)
    report_accept(user=personas.supervisor, report=submitted(personas, percent_done=None, milestone_ids=[first.pk]))
    assert Task.objects.get(pk=personas.task_a.pk).progress_percent == 50


def test_returning_needs_a_comment_and_changes_nothing_without_one(personas: Personas) -> None:
    report = submitted(personas)
    with pytest.raises(DomainError):
        report_return(user=personas.supervisor, report=report, comment="  ")
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_the_second_of_two_reviewers_is_told_of_the_first(personas: Personas) -> None:
    report = submitted(personas)
    report_accept(user=personas.supervisor, report=report)
    with pytest.raises(Conflict):
        report_return(user=personas.admin, report=report, comment="不同意")
    report.refresh_from_db()
    assert (report.status, report.reviewed_by) == (ReportStatus.ACCEPTED, personas.supervisor)


def test_a_resubmission_is_a_new_version_and_the_returned_one_stays(personas: Personas) -> None:
    report = submitted(personas, files=[pdf()])
    report_return(user=personas.supervisor, report=report, comment="请补充")
    new = report_resubmit(user=personas.reporter_a, report=report, narrative="已补充", files=[pdf("补充.pdf")])
    report.refresh_from_db()
    assert (report.status, report.narrative, report.review_comment) == (ReportStatus.RETURNED, "进展", "请补充")
    assert (new.revision, new.supersedes, new.status, new.narrative, new.percent_done) == (
        2, report, ReportStatus.SUBMITTED, "已补充", 40)
    assert sorted(e.original_name for e in new.evidence.all()) == ["补充.pdf", "证明.pdf"]
    assert report.evidence.count() == 1
    with pytest.raises(DomainError):
        report_resubmit(user=personas.reporter_a, report=report)


def test_a_resubmission_with_the_same_key_is_made_once(personas: Personas) -> None:
    report = submitted(personas)
    report_return(user=personas.supervisor, report=report, comment="请补充")
    first = report_resubmit(user=personas.reporter_a, report=report, idempotency_key="again")
    second = report_resubmit(user=personas.reporter_a, report=report, idempotency_key="again")
    assert first.pk == second.pk and ProgressReport.objects.count() == 2


def test_a_returned_report_may_be_resubmitted_after_its_period_closed(personas: Personas) -> None:
    report = submitted(personas)
    report_return(user=personas.supervisor, report=report, comment="请补充")
    period_close(user=personas.supervisor, key=report.period_key)
    assert report_resubmit(user=personas.reporter_a, report=report).revision == 2


def test_a_colleague_of_the_unit_may_resubmit(personas: Personas) -> None:
    from luoshi.ledger.tests.factories import user_factory

    colleague = user_factory("rep_a2", unit=personas.unit_a)
    report = submitted(personas)
    report_return(user=personas.supervisor, report=report, comment="请补充")
    assert report_resubmit(user=colleague, report=report).author == colleague


def test_accepting_an_older_period_does_not_overwrite_newer_progress(personas: Personas) -> None:
    newer = submitted(personas, percent_done=60)
    report_accept(user=personas.supervisor, report=newer)
    from luoshi.reports.services import period_reopen

    period_reopen(user=personas.supervisor, key="2020-01")
    older = submitted(personas, percent_done=10, period_key="2020-01")
    report_accept(user=personas.supervisor, report=older)
    assert Task.objects.get(pk=personas.task_a.pk).progress_percent == 60
