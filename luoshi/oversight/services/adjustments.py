"""Adjustment (调整): request a change to a task's plan, and a supervisor's decision on it.

An approved change is applied through ledger.services.task_update, so it is versioned and
recorded in the task's history like any edit, with the request named as the reason.
"""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _

from luoshi.core.errors import Conflict, DomainError
from luoshi.core.history import recording, records_history
from luoshi.ledger.choices import Comparator
from luoshi.ledger.models import Task, Unit
from luoshi.ledger.permissions import Action, require, task_get_visible
from luoshi.ledger.services import task_update
from luoshi.oversight.choices import ADJUSTABLE_FIELDS, AdjustmentStatus
from luoshi.oversight.models import AdjustmentRequest
from luoshi.oversight.services.evaluation import task_evaluate
from luoshi.reports.choices import NotificationKind
from luoshi.reports.services import notify, supervisors

MSG_REASON_REQUIRED = _("请填写调整理由。")
MSG_NO_CHANGE = _("申请的内容与任务现状相同,无需调整。")
MSG_UNKNOWN_FIELDS = _("这些内容不能通过调整申请变更:%(fields)s")
MSG_PENDING_EXISTS = _("该任务已有待审批的调整申请,请等待审批或撤回后再申请。")
MSG_NOT_PENDING = _("该申请已处理(当前状态:%(status)s)。")
MSG_TASK_CHANGED = _("任务的“%(fields)s”在申请后已被修改,本申请不能直接生效。请拒绝后由申请人重新申请。")
MSG_COMMENT_REQUIRED = _("不予批准时须填写审批意见。")
MSG_KEY_REUSED = _("该防重复提交标识已用于另一项申请,请刷新页面后重新提交。")
MSG_BAD_DATE = _("“%(label)s”不是有效日期。")
MSG_BAD_NUMBER = _("目标值必须是数字。")
MSG_BAD_UNIT = _("所选单位不存在。")
MSG_BAD_COMPARATOR = _("目标比较方式不正确。")
MSG_LEAD_IS_CO_UNIT = _("牵头单位不能同时是配合单位。")
MSG_HISTORY_REASON = _("调整申请#%(pk)s:%(reason)s")


def _serialise(field: str, value: Any) -> Any:
    """JSON form of a field value: dates as ISO strings, decimals as strings, units as ids."""
    if value is None:
        return None
    if field == "co_units":
        return sorted(int(getattr(u, "pk", u)) for u in value)
    if field == "lead_unit":
        return int(getattr(value, "pk", value))
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return value


def _current(task: Task, field: str) -> Any:
    if field == "co_units":
        return _serialise(field, task.co_units.values_list("pk", flat=True))
    if field == "lead_unit":
        return task.lead_unit_id
    return _serialise(field, getattr(task, field))


def _parse(field: str, raw: Any) -> Any:
    """The model value of a proposed change, from what a form or JSON gave; DomainError if malformed."""
    label = ADJUSTABLE_FIELDS[field]
    if field in ("deadline", "start_date"):
        if raw in (None, ""):
            return None
        try:
            value = raw if isinstance(raw, date) else parse_date(str(raw))
        except ValueError:  # well formed but impossible, such as 2024-02-30
            value = None
        if value is None:
            raise DomainError(MSG_BAD_DATE % {"label": label}, field=field)
        return value
    if field == "target_value":
        if raw in (None, ""):
            return None
        try:
            return Decimal(str(raw))
        except (InvalidOperation, ValueError) as exc:
            raise DomainError(MSG_BAD_NUMBER, field=field) from exc
    if field == "lead_unit":
        if raw in (None, ""):
            return None
        unit = Unit.objects.filter(pk=getattr(raw, "pk", raw)).first()
        if unit is None:
            raise DomainError(MSG_BAD_UNIT, field=field)
        return unit
    if field == "co_units":
        ids = [int(getattr(u, "pk", u)) for u in (raw or [])]
        units = list(Unit.objects.filter(pk__in=ids))
        if len(units) != len(set(ids)):
            raise DomainError(MSG_BAD_UNIT, field=field)
        return units
    if field == "target_comparator" and raw not in (*Comparator.values, "", None):
        raise DomainError(MSG_BAD_COMPARATOR, field=field)
    return "" if raw is None else str(raw).strip()


def _validate_proposed(task: Task, parsed: dict[str, Any]) -> None:
    """Apply the change to a copy of the task and validate it as the ledger would; a deadline
    before the start (and every other one-row rule) is refused before anything is written."""
    proposed = copy.copy(task)
    for field, value in parsed.items():
        if field != "co_units":
            setattr(proposed, field, value)
    try:
        proposed.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise DomainError(" ".join(str(m) for m in messages), field=field, code="invalid_change") from exc
    lead = parsed.get("lead_unit", task.lead_unit) if "lead_unit" in parsed else task.lead_unit
    co = parsed["co_units"] if "co_units" in parsed else list(task.co_units.all())
    if lead is not None and any(u.pk == lead.pk for u in co):
        raise DomainError(MSG_LEAD_IS_CO_UNIT, field="co_units", code="lead_is_co_unit")


@records_history
def adjustment_request(*, user: Any, task: Task, changes: dict[str, Any], reason: str,
                       idempotency_key: str = "") -> AdjustmentRequest:
    """Ask to change a task's deadline, target, units or scope, with a reason.

    Only fields that differ from the task are kept. Raises NotFound (task not visible),
    PermissionDenied, DomainError (no reason, nothing to change, a field that cannot be
    adjusted, an invalid result such as a deadline before the start, a pending request
    exists), Conflict (idempotency key used for another task). A repeated idempotency key
    returns the request it made.
    """
    task = task_get_visible(user, task.pk)
    require(user, Action.ADJUSTMENT_REQUEST, task)
    key = (idempotency_key or "").strip()[:64]
    if key:
        existing = AdjustmentRequest.objects.filter(requested_by=user, idempotency_key=key).first()
        if existing is not None:
            if existing.task_id != task.pk:
                raise Conflict(MSG_KEY_REUSED, code="idempotency_key_reused")
            return existing
    if not (reason or "").strip():
        raise DomainError(MSG_REASON_REQUIRED, field="reason", code="reason_required")
    unknown = set(changes) - set(ADJUSTABLE_FIELDS)
    if unknown:
        raise DomainError(MSG_UNKNOWN_FIELDS % {"fields": "、".join(sorted(unknown))}, code="not_adjustable")
    parsed = {field: _parse(field, value) for field, value in changes.items()}
    proposed = {f: _serialise(f, v) for f, v in parsed.items()}
    differing = {f: v for f, v in proposed.items() if v != _current(task, f)}
    if not differing:
        raise DomainError(MSG_NO_CHANGE, code="no_change")
    _validate_proposed(task, {f: parsed[f] for f in differing})
    if AdjustmentRequest.objects.filter(task=task, status=AdjustmentStatus.PENDING).exists():
        raise DomainError(MSG_PENDING_EXISTS, code="pending_exists")
    try:
        with transaction.atomic():
            request = AdjustmentRequest.objects.create(
                task=task, requested_by=user, reason=reason.strip(), changes=differing,
                before={f: _current(task, f) for f in differing}, idempotency_key=key,
            )
            notify(recipients=[u for u in supervisors() if u.pk != user.pk],
                   kind=NotificationKind.ADJUSTMENT_REQUESTED,
                   subject=str(_("调整申请待审批:%(task)s") % {"task": task.code}), body=request.reason,
                   url=request.get_absolute_url(), task=task, dedupe_key=f"adjustment-requested:{request.pk}")
    except IntegrityError as exc:
        if key:
            again = AdjustmentRequest.objects.filter(requested_by=user, idempotency_key=key).first()
            if again is not None:
                return again
        raise DomainError(MSG_PENDING_EXISTS, code="pending_exists") from exc
    return request


def _locked_pending(user: Any, request: AdjustmentRequest, action: Action) -> AdjustmentRequest:
    locked = AdjustmentRequest.objects.select_for_update(of=("self",)).select_related("task").get(pk=request.pk)
    require(user, action, locked)
    if locked.status != AdjustmentStatus.PENDING:
        # Two supervisors deciding at once: the second is told, nothing is overwritten.
        raise Conflict(MSG_NOT_PENDING % {"status": locked.get_status_display()}, code="already_decided")
    return locked


def _tell_requester(request: AdjustmentRequest) -> None:
    if request.requested_by is None:
        return
    notify(recipients=[request.requested_by], kind=NotificationKind.ADJUSTMENT_DECIDED,
           subject=str(_("调整申请%(status)s:%(task)s") % {"status": request.get_status_display(),
                                                          "task": request.task.code}),
           body=request.decision_comment, url=request.get_absolute_url(), task=request.task,
           dedupe_key=f"adjustment-decided:{request.pk}")


@records_history
@transaction.atomic
def adjustment_approve(*, user: Any, request: AdjustmentRequest, comment: str = "") -> AdjustmentRequest:
    """Approve a pending request and apply it to the task (a supervisor other than the requester).

    When a requested field changed on the task since the request was made, Conflict is raised
    and nothing is written: the approver would otherwise overwrite a change they never saw.
    """
    locked = _locked_pending(user, request, Action.ADJUSTMENT_DECIDE)
    task = Task.objects.select_for_update().get(pk=locked.task_id)
    moved = [str(ADJUSTABLE_FIELDS[f]) for f, before in locked.before.items() if _current(task, f) != before]
    if moved:
        raise Conflict(MSG_TASK_CHANGED % {"fields": "、".join(moved)}, code="task_changed")
    parsed = {f: _parse(f, v) for f, v in locked.changes.items()}
    co_units = parsed.pop("co_units", None)
    try:
        with recording(user, str(MSG_HISTORY_REASON % {"pk": locked.pk, "reason": locked.reason})):
            updated = task_update(task=task, user=user, expected_version=task.version, co_units=co_units,
                                      via_adjustment=True, **parsed)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise DomainError(" ".join(str(m) for m in messages), field=field, code="invalid_change") from exc
    locked.status = AdjustmentStatus.APPROVED
    locked.decided_by, locked.decided_at = user, timezone.now()
    locked.decision_comment = comment.strip()
    locked.applied_version = updated.version
    locked.save()
    task_evaluate(updated, reason="adjusted", user=user)
    _tell_requester(locked)
    return locked


@records_history
@transaction.atomic
def adjustment_refuse(*, user: Any, request: AdjustmentRequest, comment: str) -> AdjustmentRequest:
    """Refuse a pending request with a comment saying why; the task is not changed."""
    locked = _locked_pending(user, request, Action.ADJUSTMENT_DECIDE)
    if not (comment or "").strip():
        raise DomainError(MSG_COMMENT_REQUIRED, field="comment", code="comment_required")
    locked.status = AdjustmentStatus.REFUSED
    locked.decided_by, locked.decided_at = user, timezone.now()
    locked.decision_comment = comment.strip()
    locked.save()
    _tell_requester(locked)
    return locked


@records_history
@transaction.atomic
def adjustment_withdraw(*, user: Any, request: AdjustmentRequest) -> AdjustmentRequest:
    """The requester takes back a pending request."""
    locked = _locked_pending(user, request, Action.ADJUSTMENT_WITHDRAW)
    locked.status = AdjustmentStatus.WITHDRAWN
    locked.decided_at = timezone.now()
    locked.save()
    return locked
