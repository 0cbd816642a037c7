"""Workload endpoints (工作量): every unit, one unit, one person."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from luoshi.core.access import get_visible
from luoshi.ledger import selectors
from luoshi.ledger.api.lookups import MSG_PERSON_NOT_FOUND, MSG_UNIT_NOT_FOUND
from luoshi.ledger.models import Person, Unit
from luoshi.ledger.permissions import Action, require

router = Router()


class WorkloadOut(Schema):
    id: int
    name: str
    lead: int
    co: int
    open: int
    overdue: int
    red: int
    yellow: int
    unreported: int
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


@router.get("/workload/units", response=list[WorkloadOut], summary="各单位工作量", tags=["organise"])
def workload_units(request: HttpRequest) -> Any:
    return selectors.unit_workload_rows(user=request.user)


@router.get("/workload/units/{int:unit_id}", response=UnitWorkloadOut, summary="单位工作量明细", tags=["organise"])
def workload_unit(request: HttpRequest, unit_id: int) -> Any:
    unit = get_visible(Unit.objects.all(), unit_id, MSG_UNIT_NOT_FOUND)
    require(request.user, Action.WORKLOAD_VIEW, unit)
    load = selectors.unit_workload(user=request.user, unit=unit)
    assert load is not None
    return {"unit_id": unit.pk, "led": load.led, "cooperated": load.cooperated, "people": load.people}


@router.get("/workload/people/{int:person_id}", response=PersonWorkloadOut, summary="个人工作量", tags=["organise"])
def workload_person(request: HttpRequest, person_id: int) -> Any:
    person = get_visible(Person.objects.all(), person_id, MSG_PERSON_NOT_FOUND)
    require(request.user, Action.WORKLOAD_VIEW, person)
    load = selectors.person_workload(user=request.user, person=person)
    assert load is not None
    return {"person_id": person.pk, "tasks": load.tasks, "task_forces_led": [t.pk for t in load.task_forces_led],
            "task_forces_member": [t.pk for t in load.task_forces_member], "summary": load.summary}
