"""Working days in mainland China: weekends, public holidays and make-up workdays (调休).

The trap: a Saturday can be a working day (补班) and a Wednesday a holiday, so "N working
days before a deadline" cannot be counted with weekday arithmetic. The `chinese_calendar`
package carries the State Council's published schedule; for years it does not know yet
(the schedule is published each November) we fall back to Monday–Friday, and say so.
"""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar


def is_working_day(day: date) -> bool:
    """True when `day` is a working day under the official schedule (weekday rule if unknown)."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5


def schedule_known(day: date) -> bool:
    """True when the official holiday schedule for `day`'s year is known."""
    try:
        chinese_calendar.is_workday(day)
    except NotImplementedError:
        return False
    return True


def add_working_days(start: date, count: int) -> date:
    """The date `count` working days after `start` (before it when `count` is negative).

    `start` itself is not counted: add_working_days(friday, 1) is the next working day.
    """
    step = 1 if count >= 0 else -1
    remaining = abs(count)
    day = start
    while remaining:
        day += timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end`; negative when `end` is earlier."""
    if end == start:
        return 0
    sign = 1 if end > start else -1
    low, high = (start, end) if sign > 0 else (end, start)
    count = 0
    day = low + timedelta(days=1)
    while day <= high:
        if is_working_day(day):
            count += 1
        day += timedelta(days=1)
    return sign * count
