"""Reporting deadlines of periods: pure functions of plain values, no database.

Periods themselves (keys such as "2024-09", "2024-Q3", "2024-H2", "2024", parsing, next and
previous) are `luoshi.core.periods`. A period's report is due a number of *working* days after
it ends: the trap is that a 5th-working-day deadline moves with the National Day holiday and
with make-up Saturdays, so it is counted with core.workdays, never with weekdays.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from luoshi.core.periods import Period, period_containing, period_previous
from luoshi.core.workdays import add_working_days

FUTURE, OPEN, LATE, CLOSED = "future", "open", "late", "closed"


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
