"""Template helpers of the project pages (and of the panel on the ledger's task page)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from luoshi.indicators.formatting import plain_number
from luoshi.projects.permissions import can_manage_projects, can_view_projects
from luoshi.projects.selectors import project_count, projects_for_task

register = template.Library()


@register.filter
def yi(value: Decimal | float | int | None) -> str:
    """An amount in 万元 written in 亿元 with two decimals: 73916000 → 7,391.60."""
    if value is None:
        return "—"
    return plain_number(Decimal(str(value)) / Decimal(10000), 2)


@register.filter
def wan(value: Decimal | float | int | None) -> str:
    """An amount in 万元 with at most two decimals."""
    return plain_number(value, 2)


@register.filter
def month_amount(investments: dict[int, Any], month: int) -> Any:
    record = investments.get(month)
    return record.amount if record is not None else None


@register.filter
def index(values: list[Any], month: int) -> Any:
    """values[month - 1] for a list indexed by month (1 = January)."""
    try:
        return values[int(month) - 1]
    except (IndexError, TypeError, ValueError):
        return None


@register.simple_tag
def task_projects(task: Any, user: Any) -> dict[str, Any]:
    """{"rows": assessed key projects, "batches": batches} a task serves (empty for non-readers)."""
    if not can_view_projects(user):
        return {"rows": [], "batches": []}
    rows, batches = projects_for_task(task)
    return {"rows": rows, "batches": batches}


@register.simple_tag
def project_link_possible(user: Any, served: dict[str, Any]) -> bool:
    """Whether the task page offers to link a project: the user manages projects and some project
    does not serve the task yet (the catalogue holds more than `served`'s rows: every role that
    may see a project sees them all). The projects themselves come by search, as typed."""
    return (can_manage_projects(user) and can_view_projects(user)
            and project_count() > len(served["rows"]))
