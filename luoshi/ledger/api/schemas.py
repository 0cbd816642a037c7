from __future__ import annotations

from datetime import date
from decimal import Decimal

from ninja import Field, Schema
from pydantic import BaseModel

from luoshi.api.pagination import CursorPage
from luoshi.ledger.choices import TaskLevel


class UnitOut(Schema):
    id: int
    name: str
    short_name: str
    level: str
    parent_id: int | None
    is_office: bool


class TaskRow(BaseModel):
    """A task as every answer gives it, and a row of the task list as it is built: from a dict of
    the task's columns, by plain pydantic. Ninja's Schema reads each field of each row through its
    getter, which was a quarter of the list's time (issue 15). A single task comes from the model,
    through `TaskOut`'s resolvers: the same fields and JSON."""

    id: int
    code: str
    title: str
    level: str
    category: str
    parent_id: int | None
    office_id: int | None = Field(None, description="the office whose plan the task belongs to; null: the installation's")
    lead_unit_id: int | None
    lead_unit_name: str | None
    co_unit_ids: list[int]
    responsible_person_id: int | None
    deadline: date | None
    ongoing: bool = Field(False, description="持续推进: the plan sets no end date")
    kind: str = Field("measure", description="measure, or heading: a heading of its plan (一、/（一）), in the "
                                              "tree but not counted in totals")
    forecast: str = Field("", description="stored forecast: on_course, likely_late, insufficient, no_deadline; "
                                          "empty until the evaluation first runs")
    expected_outcome: str
    target_indicator: str
    target_value: Decimal | None
    target_unit: str
    target_comparator: str
    status: str
    light: str
    progress_percent: int
    weight: int | None = Field(None, description="weight in its parent's roll-up; null = 1")
    rollup_progress: int | None = Field(None, description="progress rolled up from the children; null without children")
    rollup_status: str | None = None
    rollup_light: str | None = None
    children_count: int = 0
    descendants_count: int = 0
    descendants_done: int = 0
    source_document_id: int | None
    source_start: int | None
    source_end: int | None
    version: int


class TaskOut(Schema, TaskRow):
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
    parent_id: int | None = Field(
        None, description="the task this one refines (null clears it): a task the caller may see, at the same "
                          "level or above, not the task itself nor one below it; supervisors only")
    weight: int | None = Field(None, ge=1, le=1000, description="weight in its parent's roll-up; null = equal")
    reason: str = Field("", max_length=100,
                        description="why the deadline, target or parent changes (required for deadline or target)")


class TaskCreateIn(Schema):
    """A task registered directly (not from a document); `parent_id` links it to the task it refines."""

    title: str = Field(..., min_length=1, max_length=500)
    level: TaskLevel = TaskLevel.DISTRICT
    category: str = Field("", max_length=200)
    description: str = Field("", max_length=5000)
    lead_unit_id: int | None = None
    co_unit_ids: list[int] = Field(default_factory=list, max_length=200)
    start_date: date | None = None
    deadline: date | None = None
    expected_outcome: str = Field("", max_length=2000)
    parent_id: int | None = Field(
        None, description="the task this one refines: a task the caller may see, at the same level or above")
    reason: str = Field("", max_length=100, description="recorded in the task's history with its parent")


class TaskPage(CursorPage):
    results: list[TaskRow]
