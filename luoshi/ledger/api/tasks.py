"""Ledger endpoints: units and tasks (filter, page, detail, edit with version check, history)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema

from luoshi.api.pagination import paginate
from luoshi.ledger import selectors
from luoshi.ledger.api.schemas import TaskDetailOut, TaskPage, TaskUpdateIn, UnitOut
from luoshi.ledger.models import Task
from luoshi.ledger.permissions import task_get_visible
from luoshi.ledger.selectors import task_list, unit_list
from luoshi.ledger.selectors.tasks import TASK_LIST_KEY
from luoshi.ledger.services import task_update

router = Router()


class TaskFilters(Schema):
    q: str | None = None
    level: str | None = None
    category: str | None = None
    unit: int | None = None
    status: str | None = None
    light: str | None = None
    deadline_window: str | None = None
    document: int | None = None
    parent: int | None = None
    page: int = 1
    page_size: int = 50
    cursor: str | None = None


@router.get("/units", response=list[UnitOut], summary="单位列表")
def units(request: HttpRequest) -> Any:
    return list(unit_list())


@router.get("/tasks", response=TaskPage, summary="任务列表(筛选、分页)")
def tasks(request: HttpRequest, filters: Query[TaskFilters]) -> Any:
    data = {k: v for k, v in filters.dict().items() if v is not None and k not in {"page", "page_size", "cursor"}}
    filterset, rows = task_list(user=request.user, filters=data)
    if not filterset.is_valid():
        from luoshi.core.errors import DomainError

        raise DomainError("; ".join(f"{k}: {' '.join(v)}" for k, v in filterset.errors.items()), code="invalid_filter")
    return paginate(rows, filters.page, filters.page_size, cursor=filters.cursor, key=TASK_LIST_KEY)


@router.get("/tasks/{task_id}", response=TaskDetailOut, summary="任务详情")
def task(request: HttpRequest, task_id: int) -> Any:
    return task_get_visible(request.user, task_id, Task.objects.with_related())


@router.patch("/tasks/{task_id}", response=TaskDetailOut, summary="修改任务(带版本校验)")
def task_edit(request: HttpRequest, task_id: int, payload: TaskUpdateIn) -> Any:
    found = task_get_visible(request.user, task_id, Task.objects.with_related())
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    reason = changes.pop("reason", "")
    return task_update(task=found, user=request.user, expected_version=version, reason=reason, **changes)


class HistoryChangeOut(Schema):
    field: str
    label: str
    before: Any
    after: Any


class HistoryOut(Schema):
    when: datetime
    who: str | None
    action: str
    reason: str
    changes: list[HistoryChangeOut]


@router.get("/tasks/{int:task_id}/history", response=list[HistoryOut],
            summary="任务变更记录(谁、何时、改前、改后、原因;只读)", tags=["organise"])
def task_history(request: HttpRequest, task_id: int, limit: int = 100) -> Any:
    task = task_get_visible(request.user, task_id)
    rows = selectors.task_history(user=request.user, task=task, limit=max(1, min(limit, 500)))
    return [{"when": r.when, "who": str(r.who) if r.who is not None else None, "action": str(r.action), "reason": r.reason,
             "changes": [{"field": c.field, "label": c.label, "before": _plain(c.before), "after": _plain(c.after)}
                         for c in r.changes]} for r in rows]


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (int, float, bool, str)):
        return value
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)
