"""Adjustment requests: reason, validation before anything is written, four-eyes decision, history."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from luoshi.core.errors import Conflict, DomainError, PermissionDenied
from luoshi.ledger.models import Task
from luoshi.ledger.services import task_update
from luoshi.ledger.tests.factories import Personas
from luoshi.oversight.models import AdjustmentRequest
from luoshi.oversight.services import (
    adjustment_approve,
    adjustment_refuse,
    adjustment_request,
    adjustment_withdraw,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(personas: Personas) -> Task:
    Task.objects.filter(pk=personas.task_a.pk).update(start_date=date(2024, 1, 1), deadline=date(2024, 12, 31))
    return Task.objects.get(pk=personas.task_a.pk)


def test_only_the_fields_that_differ_are_requested(personas: Personas, task: Task) -> None:
    request = adjustment_request(user=personas.reporter_a, task=task, reason="用地审批延迟",
                                 changes={"deadline": "2025-06-30", "title": task.title, "lead_unit": task.lead_unit_id})
    assert request.changes == {"deadline": "2025-06-30"}
    assert request.before == {"deadline": "2024-12-31"}


def test_a_deadline_before_the_start_is_refused_and_nothing_is_written(personas: Personas, task: Task) -> None:
    with pytest.raises(DomainError) as error:
        adjustment_request(user=personas.reporter_a, task=task, reason="笔误", changes={"deadline": "2023-06-30"})
    assert error.value.field == "deadline" and "开始日期" in str(error.value.message)
    assert AdjustmentRequest.objects.count() == 0


@pytest.mark.parametrize(("changes", "code"), [
    ({}, "no_change"),
    ({"deadline": "2024-12-31"}, "no_change"),
    ({"progress_percent": 100}, "not_adjustable"),
    ({"deadline": "明年"}, "invalid"),
    ({"co_units": [999999]}, "invalid"),
])
def test_malformed_requests_are_refused(personas: Personas, task: Task, changes: dict[str, object], code: str) -> None:
    with pytest.raises(DomainError) as error:
        adjustment_request(user=personas.reporter_a, task=task, reason="理由", changes=changes)
    assert error.value.code == code
    assert AdjustmentRequest.objects.count() == 0


def test_a_reason_is_required(personas: Personas, task: Task) -> None:
    with pytest.raises(DomainError):
        adjustment_request(user=personas.reporter_a, task=task, reason=" ", changes={"deadline": "2025-06-30"})


def test_one_pending_request_per_task(personas: Personas, task: Task) -> None:
    adjustment_request(user=personas.reporter_a, task=task, reason="一", changes={"deadline": "2025-06-30"})
    with pytest.raises(DomainError) as error:
        adjustment_request(user=personas.supervisor, task=task, reason="二", changes={"target_value": "5"})
    assert error.value.code == "pending_exists"


def test_approval_applies_the_change_and_the_history_says_who_when_before_after_why(
        personas: Personas, task: Task) -> None:
    request = adjustment_request(user=personas.reporter_a, task=task, reason="设备到货延迟",
                                 changes={"deadline": "2025-06-30", "co_units": [personas.unit_b.pk]})
    adjustment_approve(user=personas.supervisor, request=request, comment="同意")
    task.refresh_from_db()
    assert task.deadline == date(2025, 6, 30) and list(task.co_units.all()) == [personas.unit_b]
    records = list(task.history.filter(history_change_reason=f"调整申请#{request.pk}:设备到货延迟"))
    assert records and {r.history_user for r in records} == {personas.supervisor}
    changes = [c for r in records for c in r.diff_against(r.prev_record).changes]
    change = next(c for c in changes if c.field == "deadline")
    assert (change.old, change.new) == (date(2024, 12, 31), date(2025, 6, 30))
    request.refresh_from_db()
    assert (request.status, request.decided_by, request.applied_version) == ("approved", personas.supervisor,
                                                                             task.version)


def test_nobody_decides_their_own_request(personas: Personas, task: Task) -> None:
    request = adjustment_request(user=personas.supervisor, task=task, reason="统筹", changes={"deadline": "2025-03-31"})
    with pytest.raises(PermissionDenied):
        adjustment_approve(user=personas.supervisor, request=request)
    adjustment_approve(user=personas.admin, request=request)
    assert Task.objects.get(pk=task.pk).deadline == date(2025, 3, 31)


def test_a_task_changed_since_the_request_is_a_conflict(personas: Personas, task: Task) -> None:
    request = adjustment_request(user=personas.reporter_a, task=task, reason="延期", changes={"deadline": "2025-06-30"})
    task_update(task=task, user=personas.admin, deadline=date(2025, 1, 31), reason="市政府会议决定延期")
    with pytest.raises(Conflict):
        adjustment_approve(user=personas.supervisor, request=request)
    assert Task.objects.get(pk=task.pk).deadline == date(2025, 1, 31)
    assert AdjustmentRequest.objects.get().status == "pending"


def test_two_supervisors_deciding_at_once_the_second_is_told(personas: Personas, task: Task) -> None:
    request = adjustment_request(user=personas.reporter_a, task=task, reason="延期", changes={"deadline": "2025-06-30"})
    adjustment_refuse(user=personas.supervisor, request=request, comment="理由不足")
    with pytest.raises(Conflict):
        adjustment_approve(user=personas.admin, request=request)
    assert Task.objects.get(pk=task.pk).deadline == date(2024, 12, 31)


def test_refusing_needs_a_comment_and_withdrawing_is_the_requesters(personas: Personas, task: Task) -> None:
    request = adjustment_request(user=personas.reporter_a, task=task, reason="延期", changes={"deadline": "2025-06-30"})
    with pytest.raises(DomainError):
        adjustment_refuse(user=personas.supervisor, request=request, comment="")
    with pytest.raises(PermissionDenied):
        adjustment_withdraw(user=personas.supervisor, request=request)
    assert adjustment_withdraw(user=personas.reporter_a, request=request).status == "withdrawn"


def test_a_reporter_cannot_change_the_plan_directly(personas: Personas, task: Task) -> None:
    with pytest.raises(PermissionDenied):
        task_update(task=task, user=personas.reporter_a, deadline=timezone.localdate() + timedelta(days=900))
    assert Task.objects.get(pk=task.pk).deadline == date(2024, 12, 31)


def test_the_same_key_makes_one_request(personas: Personas, task: Task) -> None:
    kwargs = {"user": personas.reporter_a, "task": task, "reason": "延期", "changes": {"deadline": "2025-06-30"},
              "idempotency_key": "adj-1"}
    assert adjustment_request(**kwargs).pk == adjustment_request(**kwargs).pk  # type: ignore[arg-type]
