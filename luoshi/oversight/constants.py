"""Thresholds of evaluation, weights of assessment and reminder offsets: the one place they are set.

Each group has documented defaults (docs/mechanisms.md, docs/assessment.md) that a deployment
overrides through settings.LUOSHI["EVALUATION"], ["ASSESSMENT_WEIGHTS"] and ["REMINDERS"],
read at call time. The rules themselves (oversight.rules) take these values as arguments
and never read settings, so they stay pure and testable with tables.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from django.conf import settings


@dataclass(frozen=True)
class Thresholds:
    """When a task is green, yellow or red. Percentages are points of progress."""

    # Progress behind the time-elapsed expectation ("time half gone, work half done").
    yellow_gap: int = 15
    red_gap: int = 30
    # Deadline near (working days) while progress is still below this percent: yellow.
    due_soon_workdays: int = 10
    due_soon_min_progress: int = 80
    # Milestones past their date and not reached.
    yellow_overdue_milestones: int = 1
    red_overdue_milestones: int = 2
    # Reports missing among the last `missing_report_lookback` periods that were due.
    yellow_missing_reports: int = 1
    red_missing_reports: int = 2
    missing_report_lookback: int = 3


@dataclass(frozen=True)
class Weights:
    """Weights of the four parts of a unit's assessment score (need not sum to 1: normalised)."""

    on_time: float = 0.30
    completion: float = 0.40
    grade: float = 0.20
    responsiveness: float = 0.10


@dataclass(frozen=True)
class ReminderPlan:
    """When reminders go out, in working days before the date (0 = on the day)."""

    deadline_workdays: tuple[int, ...] = (10, 5, 1)
    report_workdays: tuple[int, ...] = (3, 1, 0)
    # A supervision notice must be answered within this many working days.
    notice_reply_workdays: int = 5
    # Answering a notice at most this many working days late still counts half.
    notice_late_grace_workdays: int = 5


def _override(default: Any, name: str) -> Any:
    values = getattr(settings, "LUOSHI", {}).get(name, {}) or {}
    known = {f.name for f in fields(default)}
    unknown = set(values) - known
    if unknown:
        raise ValueError(f"settings.LUOSHI[{name!r}] has unknown keys: {sorted(unknown)}")
    cleaned = {k: (tuple(v) if isinstance(v, list) else v) for k, v in values.items()}
    return replace(default, **cleaned)


def thresholds() -> Thresholds:
    return _override(Thresholds(), "EVALUATION")  # type: ignore[no-any-return]


def weights() -> Weights:
    return _override(Weights(), "ASSESSMENT_WEIGHTS")  # type: ignore[no-any-return]


def reminder_plan() -> ReminderPlan:
    return _override(ReminderPlan(), "REMINDERS")  # type: ignore[no-any-return]
