"""Input and output shapes of the indicators API."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema

from luoshi.core.bounds import Amount


class IndicatorOut(Schema):
    id: int
    name: str
    aliases: list[str]
    definition: str
    unit: str
    direction: str
    expression: str
    frequency: str
    cumulative: bool
    responsible_unit_id: int | None
    responsible_unit_name: str | None
    is_active: bool


class IndicatorIn(Schema):
    name: str
    unit: str = ""
    aliases: list[str] = []
    definition: str = ""
    direction: str = "up"
    expression: str = "level"
    frequency: str = "month"
    cumulative: bool = True
    responsible_unit_id: int | None = None


class IndicatorPatch(Schema):
    """Leave a field out to keep it; only the responsible unit can be cleared with null."""

    name: str = None  # type: ignore[assignment]
    unit: str = None  # type: ignore[assignment]
    aliases: list[str] = None  # type: ignore[assignment]
    definition: str = None  # type: ignore[assignment]
    direction: str = None  # type: ignore[assignment]
    expression: str = None  # type: ignore[assignment]
    frequency: str = None  # type: ignore[assignment]
    cumulative: bool = None  # type: ignore[assignment]
    responsible_unit_id: int | None = None
    is_active: bool = None  # type: ignore[assignment]


class TargetOut(Schema):
    year: int
    comparator: str
    value: float | None
    tolerance: float | None
    baseline: float | None
    reference_indicator_id: int | None
    statement: str
    phrase: str
    source_item_id: int | None
    source_document_id: int | None
    source_start: int | None
    source_end: int | None


class TargetIn(Schema):
    comparator: str = "eq"
    value: Amount | None = None
    tolerance: Annotated[Decimal, Field(ge=0, le=Decimal("1e5"))] | None = None
    baseline: Amount | None = None
    reference_indicator_id: int | None = None
    statement: str = ""


class ObservationOut(Schema):
    id: int
    period: str
    period_end: date
    value: float
    note: str
    source: str
    entered_by: str | None
    updated_at: datetime


class ObservationIn(Schema):
    value: Amount
    unit: str | None = None
    note: str = ""


class StatusOut(Schema):
    """An indicator assessed for a year at a date (see docs/indicators.md for the rules)."""

    indicator_id: int
    name: str
    unit: str
    responsible_unit: str | None
    year: int
    as_of: date
    comparator: str | None
    target_value: float | None
    target_phrase: str
    latest_period: str | None
    latest_value: float | None
    required: float | None
    gap: float | None
    light: str
    mode: str
    threshold: float | None
    forecast: float | None
    forecast_method: str | None
    at_risk: bool


class IndicatorDetailOut(IndicatorOut):
    targets: list[TargetOut]
    status: StatusOut
    task_ids: list[int]


class RevisionOut(Schema):
    when: datetime
    who: str | None
    action: str
    reason: str
    period_end: date
    before: float | None
    after: float | None


class ChartOut(Schema):
    periods: list[str]
    months: list[int]
    actual: list[float | None]
    previous: list[float | None]
    required: list[float | None]
    threshold: float | None
    forecast: float | None
    forecast_method: str
    unit: str
    light: str
    at_risk: bool
