"""The liaison log (对接记录): requests to higher-level departments about a task, and their answers."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from luoshi.core.errors import Conflict, DomainError
from luoshi.core.history import acting_user, records_history
from luoshi.core.types import UserLike
from luoshi.ledger.models import LiaisonRecord, LiaisonStatus, Task, Unit
from luoshi.ledger.permissions import Action, require, task_get_visible, unit_id_of

MSG_LIAISON_CONFLICT = _("该对接记录已被他人修改,请刷新后重新修改。")

# Fields of a liaison record an edit may change.
LIAISON_EDITABLE_FIELDS = {
    "department", "department_unit", "channel", "request", "asked_on", "contact", "answer", "answered_on",
    "status", "follow_up_on",
}


@records_history
@transaction.atomic
def liaison_create(*, user: UserLike, task: Task, department: str, request: str, asked_on: date,
                   department_unit: Unit | None = None, channel: str = "meeting", contact: str = "",
                   answer: str = "", answered_on: date | None = None, status: str = LiaisonStatus.PENDING,
                   follow_up_on: date | None = None) -> LiaisonRecord:
    """Log a request to a higher-level department about a task. Supervisors log for any task,
    reporters for their unit's tasks (the record is marked with their unit). Raises
    NotFound (task not visible), PermissionDenied, ValidationError (dates out of order)."""
    task = task_get_visible(user, task.pk)
    require(user, Action.LIAISON_WRITE, task)
    unit_id = unit_id_of(user)
    record = LiaisonRecord(
        task=task, department=department.strip(), department_unit=department_unit, channel=channel,
        request=request.strip(), asked_on=asked_on, contact=contact, answer=answer, answered_on=answered_on,
        status=status, follow_up_on=follow_up_on, created_by=acting_user(user),
        unit_id=unit_id if unit_id is not None else task.lead_unit_id,
    )
    record.full_clean()
    record.save()
    return record


@records_history
@transaction.atomic
def liaison_update(*, user: UserLike, record: LiaisonRecord, expected_version: int | None,
                   **changes: Any) -> LiaisonRecord:
    """Record the answer, status or follow-up date of a liaison, refusing a stale edit (Conflict)."""
    require(user, Action.LIAISON_WRITE, record)
    unknown = set(changes) - LIAISON_EDITABLE_FIELDS
    if unknown:
        raise DomainError(_("不能修改这些字段:%(fields)s") % {"fields": ", ".join(sorted(unknown))})
    locked = LiaisonRecord.objects.select_for_update().get(pk=record.pk)
    if expected_version is not None and locked.version != expected_version:
        raise Conflict(MSG_LIAISON_CONFLICT)
    for field, value in changes.items():
        setattr(locked, field, value)
    locked.full_clean()
    locked.version += 1
    try:
        with transaction.atomic():
            locked.save()
    except IntegrityError as exc:  # the database's own date check, should clean() have missed it
        raise DomainError(_("答复日期不能早于对接日期。"), field="answered_on") from exc
    return locked
