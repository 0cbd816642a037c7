"""Ledger endpoints: units and tasks (filter, page, detail, edit with version check, history)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.responses import Status

from luoshi.api.pagination import paginate
from luoshi.core.errors import NotFound
from luoshi.ledger import selectors
from luoshi.ledger.api.schemas import TaskCreateIn, TaskDetailOut, TaskPage, TaskRow, TaskUpdateIn, UnitOut
from luoshi.ledger.models import Task, Unit
from luoshi.ledger.models.units import unit_label
from luoshi.ledger.permissions import Action, require, task_get_visible
from luoshi.ledger.selectors import task_list, unit_list
from luoshi.ledger.selectors.tasks import TASK_LIST_KEY, co_unit_ids_of
from luoshi.ledger.services import task_create, task_parent_set, task_update

router = Router()

# The task list's columns: every field of a row but the two it builds (see `tasks`).
TASK_ROW_COLUMNS = [name for name in TaskRow.model_fields if name not in {"lead_unit_name", "co_unit_ids"}]
_LEAD_UNIT_NAMES = ("lead_unit__name", "lead_unit__short_name")


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
    office: int | None = None
    page: int = 1
    page_size: int = 50
    cursor: str | None = None


@router.get("/units", response=list[UnitOut], summary="单位列表")
def units(request: HttpRequest) -> Any:
    return list(unit_list())


@router.get("/tasks", response=TaskPage, summary="任务列表(筛选、分页)")
def tasks(request: HttpRequest, filters: Query[TaskFilters]) -> Any:
    data = {k: v for k, v in filters.dict().items() if v is not None and k not in {"page", "page_size", "cursor"}}
    listing = task_list(user=request.user, filters=data)
    filterset = listing.filterset
    if not filterset.is_valid():
        from luoshi.core.errors import DomainError

        raise DomainError("; ".join(f"{k}: {' '.join(v)}" for k, v in filterset.errors.items()), code="invalid_filter")
    # Rows as dicts of their columns and the lead unit's names, no model built; the co-units' ids
    # are read after the page, in one query (TaskRow).
    listing = listing.shaped(
        lambda rows: rows.select_related(None).prefetch_related(None).values(*TASK_ROW_COLUMNS, *_LEAD_UNIT_NAMES))
    page = paginate(listing.rows, filters.page, filters.page_size, cursor=filters.cursor, key=TASK_LIST_KEY,
                    walk=listing.walk, counted=listing.counted)
    co_units = co_unit_ids_of(row["id"] for row in page["results"])
    for row in page["results"]:
        name, short_name = (row.pop(column) for column in _LEAD_UNIT_NAMES)
        row["lead_unit_name"] = unit_label(name, short_name) if name is not None else None
        row["co_unit_ids"] = co_units[row["id"]]
    return page


@router.get("/tasks/{task_id}", response=TaskDetailOut, summary="任务详情")
def task(request: HttpRequest, task_id: int) -> Any:
    return task_get_visible(request.user, task_id, Task.objects.with_related())


@router.post("/tasks", response={201: TaskDetailOut}, summary="登记任务(督查;可指定上级任务)")
def task_new(request: HttpRequest, payload: TaskCreateIn) -> Any:
    require(request.user, Action.TASK_LINK)
    data = payload.dict()
    units = Unit.objects.in_bulk([i for i in [data["lead_unit_id"], *data["co_unit_ids"]] if i is not None])
    missing = [i for i in [data["lead_unit_id"], *data["co_unit_ids"]] if i is not None and i not in units]
    if missing:
        raise NotFound(_("单位不存在:%(id)s") % {"id": missing[0]})
    with transaction.atomic():
        task = task_create(
            title=data["title"], level=data["level"], category=data["category"], description=data["description"],
            lead_unit=units.get(data["lead_unit_id"]) if data["lead_unit_id"] else None,
            co_units=[units[i] for i in dict.fromkeys(data["co_unit_ids"])], start_date=data["start_date"],
            deadline=data["deadline"], expected_outcome=data["expected_outcome"],
            created_by=request.user,  # the task belongs to its author's office
        )
        if data["parent_id"] is not None:
            task_parent_set(task=task, parent_id=data["parent_id"], user=request.user, reason=data["reason"])
    return Status(201, Task.objects.with_related().get(pk=task.pk))


@router.patch("/tasks/{task_id}", response=TaskDetailOut, summary="修改任务(带版本校验;可改上级任务)")
def task_edit(request: HttpRequest, task_id: int, payload: TaskUpdateIn) -> Any:
    found = task_get_visible(request.user, task_id, Task.objects.with_related())
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    reason = changes.pop("reason", "")
    with transaction.atomic():
        if "parent_id" in changes:  # its own checks: sight, cycles, level (task_parent_set)
            found = task_parent_set(task=found, parent_id=changes.pop("parent_id"), user=request.user,
                                    reason=reason, expected_version=version)
            version = None  # checked above, and the row stays locked until the end of the block
            if not changes:
                return Task.objects.with_related().get(pk=found.pk)
        updated = task_update(task=found, user=request.user, expected_version=version, reason=reason, **changes)
    return Task.objects.with_related().get(pk=updated.pk)


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
