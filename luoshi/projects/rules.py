"""Rules of key projects: milestone states, investment pace, project lights, pipeline delivery. Pure.

Written out for users in docs/projects.md. Dates and amounts come in as plain values; nothing
here touches the database.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

MilestoneStateName = Literal["done", "done_late", "overdue", "due_soon", "pending", "unplanned"]
Light = Literal["green", "yellow", "red", "none"]

# A milestone due within this many days is "due soon".
DUE_SOON_DAYS = 30
# Investment pace: completed ÷ (annual plan × months elapsed ÷ 12). Green from 90%, yellow from 70%.
PACE_GREEN = 0.9
PACE_YELLOW = 0.7
# A milestone overdue by more than this many days makes the project red (any overdue one: yellow).
OVERDUE_RED_DAYS = 30
# The order in which a project passes its milestones.
MILESTONE_ORDER = ("start", "structure", "completion", "operation")


def milestone_state(planned: date | None, actual: date | None, as_of: date,
                    soon_days: int = DUE_SOON_DAYS) -> MilestoneStateName:
    """done (on or before plan, or no plan), done_late, overdue (plan passed, not done),
    due_soon (plan within `soon_days`), pending, unplanned (neither date)."""
    if actual is not None and actual <= as_of:
        if planned is not None and actual > planned:
            return "done_late"
        return "done"
    if planned is None:
        return "unplanned"
    if planned < as_of:
        return "overdue"
    if (planned - as_of).days <= soon_days:
        return "due_soon"
    return "pending"


def overdue_days(planned: date | None, actual: date | None, as_of: date) -> int:
    """Days a milestone is overdue at `as_of` (0 when done or not yet due)."""
    if planned is None or (actual is not None and actual <= as_of) or planned >= as_of:
        return 0
    return (as_of - planned).days


def expected_share(month: int) -> float:
    """Share of the annual plan expected by the end of `month`: month / 12 (investment is taken as
    evenly spread; offices that plan by quarter see the same line at quarter ends)."""
    return max(0, min(month, 12)) / 12


def investment_pace(completed: Decimal | float, planned: Decimal | float | None, month: int) -> float | None:
    """Completed investment against what the annual plan asks by `month` (1.0 = on pace), or None
    without a plan or before any month has passed."""
    if planned is None or float(planned) <= 0 or month <= 0:
        return None
    return float(completed) / (float(planned) * expected_share(month))


def project_light(pace: float | None, max_overdue_days: int, has_plan: bool = True) -> Light:
    """Red when pace < 70% or a milestone is overdue by more than 30 days; yellow when pace < 90% or
    any milestone is overdue; green otherwise; none when there is neither a plan nor a milestone."""
    if pace is None and not has_plan:
        return "none"
    if (pace is not None and pace < PACE_YELLOW) or max_overdue_days > OVERDUE_RED_DAYS:
        return "red"
    if (pace is not None and pace < PACE_GREEN) or max_overdue_days > 0:
        return "yellow"
    return "green"


def delivered(pipeline: str, *, started_in_year: bool, completed_in_year: bool, invested_in_year: bool) -> bool:
    """Whether a project has done what its pipeline promises this year: a new start has started,
    a completion has completed, a project under construction has invested this year."""
    if pipeline == "new_start":
        return started_in_year
    if pipeline == "completion":
        return completed_in_year
    if pipeline == "under_construction":
        return invested_in_year or started_in_year
    return False


def investment_problems(total: Decimal | None, planned: Decimal | None, completed_year: Decimal) -> list[str]:
    """The year's plan cannot exceed the total investment, nor the year's completed investment."""
    problems = []
    if total is not None and planned is not None and planned > total:
        problems.append("planned_over_total")
    if total is not None and completed_year > total:
        problems.append("completed_over_total")
    return problems


def ratio(part: Decimal | float | int | None, whole: Decimal | float | int | None) -> float | None:
    """part ÷ whole, or None when the whole is missing or zero."""
    if part is None or whole is None or float(whole) == 0:
        return None
    return float(part) / float(whole)
