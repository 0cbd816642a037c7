"""Liaison log endpoints (对接记录)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from luoshi.core.errors import NotFound
from luoshi.ledger import selectors, services
from luoshi.ledger.api.lookups import units_or_refuse
from luoshi.ledger.models import Task
from luoshi.ledger.permissions import MSG_TASK_NOT_FOUND, task_get_visible

router = Router()


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
    data["department_unit"] = units_or_refuse([unit_id])[0] if unit_id else None
    return Status(201, services.liaison_create(user=request.user, task=task, **data))


@router.get("/liaisons/{int:liaison_id}", response=LiaisonOut, summary="对接记录详情", tags=["organise"])
def liaison_get(request: HttpRequest, liaison_id: int) -> Any:
    return selectors.liaison_get_visible(request.user, liaison_id)


@router.patch("/liaisons/{int:liaison_id}", response=LiaisonOut, summary="更新对接记录(答复、状态、跟进;带版本校验)",
              tags=["organise"])
def liaison_update(request: HttpRequest, liaison_id: int, payload: LiaisonUpdateIn) -> Any:
    record = selectors.liaison_get_visible(request.user, liaison_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    return services.liaison_update(user=request.user, record=record, expected_version=version, **data)
