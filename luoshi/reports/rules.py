"""Reporting periods and their dates: pure functions of plain values, no database.

A period is named by a key that sorts and reads well: "2024-09" (month), "2024-Q3"
(quarter), "2024-H2" (half year), "2024" (year). Its report is due a number of *working*
days after it ends: the trap is that a 5th-working-day deadline moves with the National Day
holiday and with make-up Saturdays, so it is counted with core.workdays, never with weekdays.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from luoshi.core.workdays import add_working_days

MONTHLY, QUARTERLY, HALF_YEARLY, YEARLY = "monthly", "quarterly", "half_yearly", "yearly"
FREQUENCY_MONTHS = {MONTHLY: 1, QUARTERLY: 3, HALF_YEARLY: 6, YEARLY: 12}

_KEY_PATTERNS = [
    (re.compile(r"^(\d{4})-(\d{2})$"), MONTHLY),
    (re.compile(r"^(\d{4})-Q([1-4])$"), QUARTERLY),
    (re.compile(r"^(\d{4})-H([12])$"), HALF_YEARLY),
    (re.compile(r"^(\d{4})$"), YEARLY),
]

FUTURE, OPEN, LATE, CLOSED = "future", "open", "late", "closed"


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period: first and last day, its key and its frequency."""

    start: date
    end: date
    key: str
    frequency: str


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _make(year: int, index: int, frequency: str) -> Period:
    """The `index`-th period (1-based) of `year` at `frequency`."""
    months = FREQUENCY_MONTHS[frequency]
    first_month = (index - 1) * months + 1
    start = date(year, first_month, 1)
    end = _month_end(year, first_month + months - 1)
    key = {
        MONTHLY: f"{year}-{index:02d}",
        QUARTERLY: f"{year}-Q{index}",
        HALF_YEARLY: f"{year}-H{index}",
        YEARLY: f"{year}",
    }[frequency]
    return Period(start, end, key, frequency)


# Evaluation asks these for every task; a few hundred distinct answers cover years of them.
@lru_cache(maxsize=8192)
def period_containing(day: date, frequency: str) -> Period:
    """The period of `frequency` that contains `day`. Raises ValueError for an unknown frequency."""
    if frequency not in FREQUENCY_MONTHS:
        raise ValueError(f"unknown frequency: {frequency}")
    index = (day.month - 1) // FREQUENCY_MONTHS[frequency] + 1
    return _make(day.year, index, frequency)


def period_from_key(key: str) -> Period:
    """The period a key names ("2024-09", "2024-Q3", "2024-H2", "2024"). Raises ValueError."""
    key = key.strip()
    for pattern, frequency in _KEY_PATTERNS:
        match = pattern.match(key)
        if match:
            year = int(match.group(1))
            index = int(match.group(2)) if match.lastindex and match.lastindex > 1 else 1
            if frequency == MONTHLY and not 1 <= index <= 12:
                break
            if not 1900 <= year <= 2999:
                break
            return _make(year, index, frequency)
    raise ValueError(f"not a period key: {key!r}")


def period_next(period: Period) -> Period:
    """The period after `period`, at the same frequency."""
    months = FREQUENCY_MONTHS[period.frequency]
    index = (period.start.month - 1) // months + 1
    if index * months >= 12:
        return _make(period.start.year + 1, 1, period.frequency)
    return _make(period.start.year, index + 1, period.frequency)


@lru_cache(maxsize=8192)
def period_previous(period: Period) -> Period:
    """The period before `period`, at the same frequency."""
    months = FREQUENCY_MONTHS[period.frequency]
    index = (period.start.month - 1) // months + 1
    if index == 1:
        return _make(period.start.year - 1, 12 // months, period.frequency)
    return _make(period.start.year, index - 1, period.frequency)


def periods_between(start: date, end: date, frequency: str) -> list[Period]:
    """Every period of `frequency` that overlaps [start, end], in order."""
    if end < start:
        return []
    periods = [period_containing(start, frequency)]
    while periods[-1].end < end:
        periods.append(period_next(periods[-1]))
    return periods


@lru_cache(maxsize=8192)
def report_due_date(period: Period, due_workdays: int) -> date:
    """The last day a report for `period` is on time: `due_workdays` working days after it ends."""
    return add_working_days(period.end, due_workdays)


def report_close_date(period: Period, due_workdays: int, close_after_workdays: int) -> date:
    """The last day a (late) report for `period` is still accepted, unless reopened."""
    return add_working_days(report_due_date(period, due_workdays), close_after_workdays)


def period_state(period: Period, today: date, *, due_workdays: int, close_after_workdays: int,
                 closed: bool | None = None) -> str:
    """Whether a period takes reports on `today`: FUTURE (not started), OPEN (on time), LATE
    (after the due date, still accepted and counted late) or CLOSED.

    `closed` is a supervisor's explicit decision: True closes the period at once, False keeps
    it open past its automatic closing date (reopened), None lets the dates decide.
    """
    if closed is True:
        return CLOSED
    if today < period.start:
        return FUTURE
    if today <= report_due_date(period, due_workdays):
        return OPEN
    if closed is False or today <= report_close_date(period, due_workdays, close_after_workdays):
        return LATE
    return CLOSED


def periods_due(*, frequency: str, task_start: date, task_end: date | None, as_of: date, due_workdays: int,
                lookback: int) -> list[Period]:
    """The last `lookback` periods of a task whose report was due before `as_of`, oldest first:
    periods that overlap the task's life (start to deadline) and whose due date has passed.

    Walks backwards from the last relevant period, so the cost does not grow with the age of
    the task (evaluation runs this for every task).
    """
    if lookback <= 0 or as_of < task_start:
        return []
    last_day = min(as_of, task_end) if task_end else as_of
    period = period_containing(last_day, frequency)
    found: list[Period] = []
    while len(found) < lookback and period.end >= task_start:
        if report_due_date(period, due_workdays) < as_of:
            found.append(period)
        period = period_previous(period)
    found.reverse()
    return found


def is_late(submitted_on: date, period: Period, due_workdays: int) -> bool:
    """A report first submitted after its due date is late."""
    return submitted_on > report_due_date(period, due_workdays)
