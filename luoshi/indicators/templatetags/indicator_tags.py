"""Template helpers of the indicator pages (and of the panel on the ledger's task page)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from luoshi.indicators.formatting import plain_number
from luoshi.indicators.permissions import can_manage_indicators, can_view_indicators
from luoshi.indicators.selectors import IndicatorStatusRow, active_indicator_count, indicators_for_task

register = template.Library()


@register.filter
def num(value: Decimal | float | int | None, places: int = 4) -> str:
    """4.8000 → 4.8; 12000 → 12,000; None → —."""
    return plain_number(value, int(places))


@register.filter
def pct(value: float | None) -> str:
    """0.853 → 85.3%; None → —."""
    if value is None:
        return "—"
    return f"{value * 100:.1f}%"


@register.simple_tag
def task_indicators(task: Any, user: Any) -> list[IndicatorStatusRow]:
    """Status rows of the indicators a task serves (empty for users who may not see indicators)."""
    if not can_view_indicators(user):
        return []
    return indicators_for_task(task)


@register.simple_tag
def indicator_link_possible(user: Any, served: list[IndicatorStatusRow]) -> bool:
    """Whether the task page offers to link an indicator: the user manages indicators and some
    active indicator does not serve the task yet (the catalogue holds more active indicators than
    `served`, the task's rows). The indicators themselves come by search."""
    return can_manage_indicators(user) and active_indicator_count() > sum(
        1 for row in served if row.indicator.is_active)
