"""Input and output shapes of the projects API. Money is in 万元."""

from __future__ import annotations

from datetime import date
from typing import Any

from ninja import Schema

from luoshi.core.bounds import Amount, Year


class BatchOut(Schema):
    id: int
    name: str
    pipeline: str
    year: int | None
    programme: str
    promised_count: int
    promised_investment: float | None
    statement: str
    source_item_id: int | None
    source_document_id: int | None
    source_start: int | None
    source_end: int | None

    @staticmethod
    def resolve_promised_investment(obj: Any) -> float | None:
        return float(obj.promised_investment) if obj.promised_investment is not None else None


class BatchIn(Schema):
    name: str
    pipeline: str
    year: Year | None = None
    programme: str = ""
    promised_count: int
    promised_investment: Amount | None = None
    statement: str = ""


class ProjectMilestoneOut(Schema):
    kind: str
    label: str
    planned: date | None
    actual: date | None
    state: str
    overdue_days: int
    note: str


class ProjectOut(Schema):
    id: int
    year: int
    code: str
    name: str
    pipeline: str
    batch_id: int | None
    programme: str
    lead_unit_id: int | None
    lead_unit_name: str | None
    location: str
    industry: str
    description: str
    total_investment: float | None
    planned_investment: float | None
    completed_investment: float
    data_month: int
    pace: float | None
    light: str
    delivered: bool
    milestones: list[ProjectMilestoneOut]


class ProjectDetailOut(ProjectOut):
    investments: dict[int, float]
    task_ids: list[int]


class ProjectPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[ProjectOut]


class ProjectIn(Schema):
    year: Year
    code: str
    name: str
    pipeline: str = "under_construction"
    programme: str = ""
    lead_unit_id: int | None = None
    location: str = ""
    industry: str = ""
    description: str = ""
    total_investment: Amount | None = None
    planned_investment: Amount | None = None


class ProjectPatch(Schema):
    """Leave a field out to keep it; the lead unit and the investments can be cleared with null."""

    name: str = None  # type: ignore[assignment]
    pipeline: str = None  # type: ignore[assignment]
    programme: str = None  # type: ignore[assignment]
    lead_unit_id: int | None = None
    location: str = None  # type: ignore[assignment]
    industry: str = None  # type: ignore[assignment]
    description: str = None  # type: ignore[assignment]
    total_investment: Amount | None = None
    planned_investment: Amount | None = None


class InvestmentIn(Schema):
    amount: Amount
    unit: str = "万元"


class InvestmentOut(Schema):
    year: int
    month: int
    amount: float


class ProjectMilestoneIn(Schema):
    """Leave a field out to keep it; send null to clear a date."""

    planned_date: date | None = None
    actual_date: date | None = None
    note: str | None = None


# Schema names are unique across the API (tasks have milestones too); the old names stay importable.
MilestoneOut = ProjectMilestoneOut
MilestoneIn = ProjectMilestoneIn


class RollupOut(Schema):
    key: str
    label: str
    promised_count: int | None
    promised_investment: float | None
    project_count: int
    total_investment: float
    planned_investment: float
    completed_investment: float
    delivered: int
    overdue_milestones: int
    lights: dict[str, int]
    listed_rate: float | None
    delivered_rate: float | None
    investment_rate: float | None
    completion_rate: float | None


class RollupResultOut(Schema):
    year: int
    by: str
    as_of: date
    data_month: int
    groups: list[RollupOut]
    total: RollupOut
