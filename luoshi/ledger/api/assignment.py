"""Assignment endpoint: many tasks at once to lead unit, co-units, person, frequency."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from luoshi.ledger import services
from luoshi.ledger.api.lookups import person_or_refuse, tasks_or_refuse, units_or_refuse
from luoshi.ledger.permissions import Action, require

router = Router()


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


@router.post("/assignments", response=list[AssignedOut], summary="批量分派牵头单位、配合单位、责任人(督查)",
             tags=["organise"])
def tasks_assign(request: HttpRequest, payload: AssignIn) -> Any:
    require(request.user, Action.TASK_ASSIGN)
    sent = payload.dict(exclude_unset=True)
    kwargs: dict[str, Any] = {}
    if "lead_unit_id" in sent:
        kwargs["lead_unit"] = units_or_refuse([sent["lead_unit_id"]])[0] if sent["lead_unit_id"] is not None else None
    if "co_unit_ids" in sent:
        kwargs["co_units"] = units_or_refuse(sent["co_unit_ids"] or [])
        kwargs["add_co_units"] = payload.add_co_units
    if "responsible_person_id" in sent:
        kwargs["responsible_person"] = person_or_refuse(sent["responsible_person_id"])
    if sent.get("report_frequency"):
        kwargs["report_frequency"] = sent["report_frequency"]
    return services.tasks_assign(user=request.user, tasks=tasks_or_refuse(request, payload.task_ids),
                                 expected_versions=payload.versions, **kwargs)
