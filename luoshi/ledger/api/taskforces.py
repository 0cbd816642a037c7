"""Task force endpoints (工作专班)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from luoshi.ledger import selectors, services
from luoshi.ledger.api.lookups import person_or_refuse, tasks_or_refuse
from luoshi.ledger.models import Person
from luoshi.ledger.permissions import Action, require

router = Router()


class TaskForceOut(Schema):
    id: int
    name: str
    mandate: str
    leader_id: int
    leader_name: str
    member_ids: list[int]
    task_ids: list[int]
    is_active: bool
    office_id: int | None
    version: int

    @staticmethod
    def resolve_leader_name(obj: Any) -> str:
        return str(obj.leader)

    @staticmethod
    def resolve_member_ids(obj: Any) -> list[int]:
        return [m.pk for m in obj.members.all()]

    @staticmethod
    def resolve_task_ids(obj: Any) -> list[int]:
        # Only the tasks the requester may see (selectors.with_visible_task_links, prefetched):
        # a reporter is not told the ids of other units' tasks.
        return [link.task_id for link in obj.visible_task_links]


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


@router.get("/task-forces", response=list[TaskForceOut], summary="工作专班列表", tags=["organise"])
def taskforce_list(request: HttpRequest) -> Any:
    return list(selectors.with_visible_task_links(request.user, selectors.taskforce_list(user=request.user)))


@router.post("/task-forces", response={201: TaskForceOut}, summary="成立工作专班(督查)", tags=["organise"])
def taskforce_create(request: HttpRequest, payload: TaskForceIn) -> Any:
    require(request.user, Action.TASKFORCE_MANAGE)
    leader = person_or_refuse(payload.leader_id)
    assert leader is not None  # leader_id is required
    members = list(Person.objects.filter(pk__in=payload.member_ids))
    task_force = services.taskforce_create(user=request.user, name=payload.name, leader=leader, members=members,
                                           mandate=payload.mandate)
    return Status(201, selectors.taskforce_get_visible(request.user, task_force.pk))


@router.get("/task-forces/{int:taskforce_id}", response=TaskForceOut, summary="工作专班详情", tags=["organise"])
def taskforce_get(request: HttpRequest, taskforce_id: int) -> Any:
    return selectors.taskforce_get_visible(request.user, taskforce_id)


@router.patch("/task-forces/{int:taskforce_id}", response=TaskForceOut, summary="修改工作专班(带版本校验)",
              tags=["organise"])
def taskforce_update(request: HttpRequest, taskforce_id: int, payload: TaskForceUpdateIn) -> Any:
    require(request.user, Action.TASKFORCE_MANAGE)
    task_force = selectors.taskforce_get_visible(request.user, taskforce_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    members = list(Person.objects.filter(pk__in=data.pop("member_ids"))) if "member_ids" in data else None
    if "leader_id" in data:
        data["leader"] = person_or_refuse(data.pop("leader_id"))
    services.taskforce_update(user=request.user, task_force=task_force, expected_version=version,
                              members=members, **data)
    return selectors.taskforce_get_visible(request.user, taskforce_id)


@router.post("/task-forces/{int:taskforce_id}/tasks", response=TaskForceOut, summary="任务纳入专班(督查)",
             tags=["organise"])
def taskforce_tasks_add(request: HttpRequest, taskforce_id: int, payload: TaskForceTasksIn) -> Any:
    require(request.user, Action.TASKFORCE_MANAGE)
    task_force = selectors.taskforce_get_visible(request.user, taskforce_id)
    services.taskforce_tasks_add(user=request.user, task_force=task_force, tasks=tasks_or_refuse(request, payload.task_ids),
                                 move=payload.move)
    return selectors.taskforce_get_visible(request.user, taskforce_id)


@router.post("/task-forces/{int:taskforce_id}/tasks/remove", response=TaskForceOut, summary="任务移出专班(督查)",
             tags=["organise"])
def taskforce_tasks_remove(request: HttpRequest, taskforce_id: int, payload: TaskForceTasksIn) -> Any:
    require(request.user, Action.TASKFORCE_MANAGE)
    task_force = selectors.taskforce_get_visible(request.user, taskforce_id)
    services.taskforce_tasks_remove(user=request.user, task_force=task_force,
                                    tasks=tasks_or_refuse(request, payload.task_ids))
    return selectors.taskforce_get_visible(request.user, taskforce_id)
