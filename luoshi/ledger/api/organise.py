"""Organise and liaise endpoints (task forces, assignment, liaison, workload, task history).

Mounted on the ledger's router, so they sit under /api/v1 beside the tasks they organise.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema, Status
from pydantic import Field

from luoshi.core.errors import DomainError, NotFound
from luoshi.ledger import organise
from luoshi.ledger import organise_selectors as selectors
from luoshi.ledger.models import Person, Task, Unit
from luoshi.ledger.permissions import MSG_TASK_NOT_FOUND, Action, require, task_get_visible, tasks_visible_to

router = Router()

MSG_TASKFORCE_NOT_FOUND = _("工作专班不存在。")
MSG_LIAISON_NOT_FOUND = _("对接记录不存在或无权查看。")
MSG_UNIT_NOT_FOUND = _("单位不存在。")
MSG_PERSON_NOT_FOUND = _("人员不存在。")
MSG_TASKS_NOT_FOUND = _("以下任务不存在或无权查看:%(ids)s")


class TaskForceOut(Schema):
    id: int
    name: str
    mandate: str
    leader_id: int
    leader_name: str
    member_ids: list[int]
    task_ids: list[int]
    is_active: bool
    version: int

    @staticmethod
    def resolve_leader_name(obj: Any) -> str:
        return str(obj.leader)

    @staticmethod
    def resolve_member_ids(obj: Any) -> list[int]:
        return [m.pk for m in obj.members.all()]

    @staticmethod
    def resolve_task_ids(obj: Any) -> list[int]:
        return list(obj.task_links.values_list("task_id", flat=True))


class TaskForceIn(Schema):
    name: str
    leader_id: int
    member_ids: list[int] = []
    mandate: str = ""


class TaskForceUpdateIn(Schema):
    """Fields to change; `version` is the one the editor read (409 if it moved on)."""

    version: int
    name: str | None = None
    mandate: str | None = None
    leader_id: int | None = None
    member_ids: list[int] | None = None
    is_active: bool | None = None


class TaskForceTasksIn(Schema):
    task_ids: list[int]
    move: bool = Field(False, description="take tasks over from another task force")


class AssignIn(Schema):
    """Only the fields sent are changed (send null to clear). `versions` maps task id → the
    version the client read; a task changed meanwhile makes the whole call fail with 409."""

    task_ids: list[int]
    lead_unit_id: int | None = None
    co_unit_ids: list[int] | None = None
    add_co_units: bool = False
    responsible_person_id: int | None = None
    report_frequency: str | None = Field(None, description="monthly, quarterly, half_yearly or yearly")
    versions: dict[int, int] | None = None


class AssignedOut(Schema):
    id: int
    code: str
    lead_unit_id: int | None
    co_unit_ids: list[int]
    responsible_person_id: int | None
    report_frequency: str
    version: int

    @staticmethod
    def resolve_co_unit_ids(obj: Any) -> list[int]:
        return [u.pk for u in obj.co_units.all()]


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


class LiaisonOut(Schema):
    id: int
    task_id: int
    department: str
    department_unit_id: int | None
    unit_id: int | None
    channel: str
    request: str
    asked_on: date
    contact: str
    answer: str
    answered_on: date | None
    status: str
    follow_up_on: date | None
    created_by_id: int | None
    version: int


class LiaisonIn(Schema):
    task_id: int
    department: str
    request: str
    asked_on: date
    department_unit_id: int | None = None
    channel: str = "meeting"
    contact: str = ""
    answer: str = ""
    answered_on: date | None = None
    status: str = "pending"
    follow_up_on: date | None = None


class LiaisonUpdateIn(Schema):
    version: int
    department: str | None = None
    request: str | None = None
    asked_on: date | None = None
    contact: str | None = None
    answer: str | None = None
    answered_on: date | None = None
    status: str | None = None
    follow_up_on: date | None = None
    channel: str | None = None


class WorkloadOut(Schema):
    id: int
    name: str
    lead: int
    co: int
    open: int
    overdue: int
    red: int
    yellow: int
    due_soon: int
    completed: int

    @staticmethod
    def resolve_id(obj: Any) -> int:
        return int(obj.pk)


class TaskBriefOut(Schema):
    id: int
    code: str
    title: str
    deadline: date | None
    status: str
    light: str
    progress_percent: int


class UnitWorkloadOut(Schema):
    unit_id: int
    led: list[TaskBriefOut]
    cooperated: list[TaskBriefOut]
    people: list[WorkloadOut]


class PersonWorkloadOut(Schema):
    person_id: int
    tasks: list[TaskBriefOut]
    task_forces_led: list[int]
    task_forces_member: list[int]
    summary: WorkloadOut


def _tasks(request: HttpRequest, ids: list[int]) -> list[Task]:
    tasks = list(tasks_visible_to(request.user, Task.objects.filter(pk__in=ids)))
    missing = sorted(set(ids) - {t.pk for t in tasks})
    if missing:
        raise NotFound(MSG_TASKS_NOT_FOUND % {"ids": ", ".join(map(str, missing))})
    return tasks


def _person(pk: int | None) -> Person | None:
    if pk is None:
        return None
    person = Person.objects.filter(pk=pk).first()
    if person is None:
        raise DomainError(MSG_PERSON_NOT_FOUND, field="person")
    return person


def _units(ids: list[int]) -> list[Unit]:
    units = list(Unit.objects.filter(pk__in=ids))
    if len(units) != len(set(ids)):
        raise DomainError(MSG_UNIT_NOT_FOUND, field="unit")
    return units


def _taskforce(request: HttpRequest, pk: int) -> Any:
    found = selectors.taskforce_detail(user=request.user, pk=pk)
    if found is None:
        raise NotFound(MSG_TASKFORCE_NOT_FOUND)
    return found


@router.get("/task-forces", response=list[TaskForceOut], summary="工作专班列表", tags=["organise"])
def taskforce_list(request: HttpRequest) -> Any:
    return list(selectors.taskforce_list(user=request.user).prefetch_related("members"))


@router.post("/task-forces", response={201: TaskForceOut}, summary="成立工作专班(督查)", tags=["organise"])
def taskforce_create(request: HttpRequest, payload: TaskForceIn) -> Any:
    require(request.user, Action.TASKFORCE_MANAGE)
    leader = _person(payload.leader_id)
    assert leader is not None  # leader_id is required
    members = list(Person.objects.filter(pk__in=payload.member_ids))
    task_force = organise.taskforce_create(user=request.user, name=payload.name, leader=leader, members=members,
                                           mandate=payload.mandate)
    return Status(201, task_force)


@router.get("/task-forces/{int:taskforce_id}", response=TaskForceOut, summary="工作专班详情", tags=["organise"])
def taskforce_get(request: HttpRequest, taskforce_id: int) -> Any:
    return _taskforce(request, taskforce_id)


@router.patch("/task-forces/{int:taskforce_id}", response=TaskForceOut, summary="修改工作专班(带版本校验)",
              tags=["organise"])
def taskforce_update(request: HttpRequest, taskforce_id: int, payload: TaskForceUpdateIn) -> Any:
    require(request.user, Action.TASKFORCE_MANAGE)
    task_force = _taskforce(request, taskforce_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    members = list(Person.objects.filter(pk__in=data.pop("member_ids"))) if "member_ids" in data else None
    if "leader_id" in data:
        data["leader"] = _person(data.pop("leader_id"))
    return organise.taskforce_update(user=request.user, task_force=task_force, expected_version=version,
                                     members=members, **data)


@router.post("/task-forces/{int:taskforce_id}/tasks", response=TaskForceOut, summary="任务纳入专班(督查)",
             tags=["organise"])
def taskforce_tasks_add(request: HttpRequest, taskforce_id: int, payload: TaskForceTasksIn) -> Any:
    require(request.user, Action.TASKFORCE_MANAGE)
    task_force = _taskforce(request, taskforce_id)
    organise.taskforce_tasks_add(user=request.user, task_force=task_force, tasks=_tasks(request, payload.task_ids),
                                 move=payload.move)
    return _taskforce(request, taskforce_id)


@router.post("/task-forces/{int:taskforce_id}/tasks/remove", response=TaskForceOut, summary="任务移出专班(督查)",
             tags=["organise"])
def taskforce_tasks_remove(request: HttpRequest, taskforce_id: int, payload: TaskForceTasksIn) -> Any:
    require(request.user, Action.TASKFORCE_MANAGE)
    task_force = _taskforce(request, taskforce_id)
    organise.taskforce_tasks_remove(user=request.user, task_force=task_force,
                                    tasks=_tasks(request, payload.task_ids))
    return _taskforce(request, taskforce_id)


@router.post("/assignments", response=list[AssignedOut], summary="批量分派牵头单位、配合单位、责任人(督查)",
             tags=["organise"])
def tasks_assign(request: HttpRequest, payload: AssignIn) -> Any:
    require(request.user, Action.TASK_ASSIGN)
    sent = payload.dict(exclude_unset=True)
    kwargs: dict[str, Any] = {}
    if "lead_unit_id" in sent:
        kwargs["lead_unit"] = _units([sent["lead_unit_id"]])[0] if sent["lead_unit_id"] is not None else None
    if "co_unit_ids" in sent:
        kwargs["co_units"] = _units(sent["co_unit_ids"] or [])
        kwargs["add_co_units"] = payload.add_co_units
    if "responsible_person_id" in sent:
        kwargs["responsible_person"] = _person(sent["responsible_person_id"])
    if sent.get("report_frequency"):
        kwargs["report_frequency"] = sent["report_frequency"]
    return organise.tasks_assign(user=request.user, tasks=_tasks(request, payload.task_ids),
                                 expected_versions=payload.versions, **kwargs)


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


@router.get("/liaisons", response=list[LiaisonOut], summary="对接记录列表", tags=["organise"])
def liaison_list(request: HttpRequest, task: int | None = None, status: str | None = None) -> Any:
    task_obj = None
    if task is not None:
        task_obj = task_get_visible(request.user, task)
    return list(selectors.liaison_list(user=request.user, task=task_obj, status=status)[:500])


@router.post("/liaisons", response={201: LiaisonOut}, summary="登记对接记录", tags=["organise"])
def liaison_create(request: HttpRequest, payload: LiaisonIn) -> Any:
    data = payload.dict()
    task = Task.objects.filter(pk=data.pop("task_id")).first()
    if task is None:
        raise NotFound(MSG_TASK_NOT_FOUND)
    unit_id = data.pop("department_unit_id")
    data["department_unit"] = _units([unit_id])[0] if unit_id else None
    return Status(201, organise.liaison_create(user=request.user, task=task, **data))


def _liaison(request: HttpRequest, pk: int) -> Any:
    found = selectors.liaison_detail(user=request.user, pk=pk)
    if found is None:
        raise NotFound(MSG_LIAISON_NOT_FOUND)
    return found


@router.get("/liaisons/{int:liaison_id}", response=LiaisonOut, summary="对接记录详情", tags=["organise"])
def liaison_get(request: HttpRequest, liaison_id: int) -> Any:
    return _liaison(request, liaison_id)


@router.patch("/liaisons/{int:liaison_id}", response=LiaisonOut, summary="更新对接记录(答复、状态、跟进;带版本校验)",
              tags=["organise"])
def liaison_update(request: HttpRequest, liaison_id: int, payload: LiaisonUpdateIn) -> Any:
    record = _liaison(request, liaison_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    return organise.liaison_update(user=request.user, record=record, expected_version=version, **data)


@router.get("/workload/units", response=list[WorkloadOut], summary="各单位工作量", tags=["organise"])
def workload_units(request: HttpRequest) -> Any:
    return selectors.unit_workload_rows(user=request.user)


@router.get("/workload/units/{int:unit_id}", response=UnitWorkloadOut, summary="单位工作量明细", tags=["organise"])
def workload_unit(request: HttpRequest, unit_id: int) -> Any:
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise NotFound(MSG_UNIT_NOT_FOUND)
    require(request.user, Action.WORKLOAD_VIEW, unit)
    load = selectors.unit_workload(user=request.user, unit=unit)
    assert load is not None
    return {"unit_id": unit.pk, "led": load.led, "cooperated": load.cooperated, "people": load.people}


@router.get("/workload/people/{int:person_id}", response=PersonWorkloadOut, summary="个人工作量", tags=["organise"])
def workload_person(request: HttpRequest, person_id: int) -> Any:
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        raise NotFound(MSG_PERSON_NOT_FOUND)
    require(request.user, Action.WORKLOAD_VIEW, person)
    load = selectors.person_workload(user=request.user, person=person)
    assert load is not None
    return {"person_id": person.pk, "tasks": load.tasks, "task_forces_led": [t.pk for t in load.task_forces_led],
            "task_forces_member": [t.pk for t in load.task_forces_member], "summary": load.summary}
