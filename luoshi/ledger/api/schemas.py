from __future__ import annotations

from datetime import date
from decimal import Decimal

from ninja import Field, Schema

from luoshi.api.pagination import CursorPage


class UnitOut(Schema):
    id: int
    name: str
    short_name: str
    level: str
    parent_id: int | None


class TaskOut(Schema):
    id: int
    code: str
    title: str
    level: str
    category: str
    parent_id: int | None
    lead_unit_id: int | None
    lead_unit_name: str | None
    co_unit_ids: list[int]
    responsible_person_id: int | None
    deadline: date | None
    expected_outcome: str
    target_indicator: str
    target_value: Decimal | None
    target_unit: str
    target_comparator: str
    status: str
    light: str
    progress_percent: int
    source_document_id: int | None
    source_start: int | None
    source_end: int | None
    version: int

    @staticmethod
    def resolve_lead_unit_name(obj: object) -> str | None:
        unit = getattr(obj, "lead_unit", None)
        return str(unit) if unit else None

    @staticmethod
    def resolve_co_unit_ids(obj: object) -> list[int]:
        return [u.pk for u in obj.co_units.all()]  # type: ignore[attr-defined]


class TaskDetailOut(TaskOut):
    description: str
    source_quote: str
    children_ids: list[int]

    @staticmethod
    def resolve_children_ids(obj: object) -> list[int]:
        return list(obj.children.values_list("pk", flat=True))  # type: ignore[attr-defined]


class TaskUpdateIn(Schema):
    """Fields a task edit may change; `version` is the one the editor read."""

    version: int
    # Leave a field out to keep it; only the deadline may be cleared with null.
    title: str = None  # type: ignore[assignment]
    category: str = None  # type: ignore[assignment]
    deadline: date | None = None
    expected_outcome: str = None  # type: ignore[assignment]
    status: str = None  # type: ignore[assignment]
    progress_note: str = None  # type: ignore[assignment]
    reason: str = Field("", max_length=100,
                        description="why the deadline or target changes (required when either does)")


class TaskPage(CursorPage):
    results: list[TaskOut]
