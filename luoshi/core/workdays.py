"""Working days in mainland China: weekends, public holidays and make-up workdays (调休).

The trap: a Saturday can be a working day (补班) and a Wednesday a holiday, so "N working
days before a deadline" cannot be counted with weekday arithmetic. The `chinese_calendar`
package carries the State Council's published schedule up to its last release's year. For
later years an admin enters the published holidays and make-up days (core.Holiday); those
entries are passed in as `extra` (date → is it a working day), and win over the library. A
year known to neither is counted Monday–Friday, and admins are warned (`years_unknown`).

The functions are pure: `extra` is a plain mapping. Left out, it is the one installed by
`use_extra_days` (the core app installs the admin's entries at start-up), so the callers
that only ask "is this a working day" need not know where holidays come from.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from datetime import date, timedelta
from types import MappingProxyType

import chinese_calendar

ExtraDays = Mapping[date, bool]
NO_EXTRA_DAYS: ExtraDays = MappingProxyType({})

_source: Callable[[], ExtraDays] = lambda: NO_EXTRA_DAYS  # noqa: E731 (replaced by use_extra_days)


def use_extra_days(source: Callable[[], ExtraDays]) -> None:
    """Install where the default extra days come from (a function called once per calculation)."""
    global _source
    _source = source


def extra_days() -> ExtraDays:
    """The installed extra days (admin-entered holidays and make-up workdays)."""
    return _source()


# The library's schedule is fixed for the life of the process; an evaluation run over 100,000
# tasks asked it 66,000 times for a few hundred distinct days (a sixth of the run's time).
@functools.lru_cache(maxsize=8192)
def library_is_working_day(day: date) -> bool | None:
    """What the library says about `day`: True or False, None when it does not know the year."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return None


def is_working_day(day: date, extra: ExtraDays | None = None) -> bool:
    """True when `day` is a working day: an entry in `extra` first, then the official schedule,
    then the weekday rule for a year nobody knows."""
    extra = extra_days() if extra is None else extra
    if day in extra:
        return extra[day]
    known = library_is_working_day(day)
    return day.weekday() < 5 if known is None else known


def schedule_known(day: date, extra: ExtraDays | None = None) -> bool:
    """True when the holiday schedule for `day`'s year is known: to the library, or through
    at least one entry for that year."""
    extra = extra_days() if extra is None else extra
    if library_is_working_day(day) is not None:
        return True
    return any(d.year == day.year for d in extra)


def years_unknown(today: date, extra: ExtraDays | None = None) -> list[int]:
    """This year and next, where neither the library nor any entry knows the schedule."""
    extra = extra_days() if extra is None else extra
    return [year for year in (today.year, today.year + 1) if not schedule_known(date(year, 7, 1), extra)]


def clashes_with_library(day: date, working: bool) -> bool:
    """True when the library knows `day`'s year and says the opposite of `working`."""
    known = library_is_working_day(day)
    return known is not None and known != working


def add_working_days(start: date, count: int, extra: ExtraDays | None = None) -> date:
    """The date `count` working days after `start` (before it when `count` is negative).

    `start` itself is not counted: add_working_days(friday, 1) is the next working day.
    """
    extra = extra_days() if extra is None else extra
    step = 1 if count >= 0 else -1
    remaining = abs(count)
    day = start
    while remaining:
        day += timedelta(days=step)
        if is_working_day(day, extra):
            remaining -= 1
    return day


def working_days_between(start: date, end: date, extra: ExtraDays | None = None) -> int:
    """Working days after `start` up to and including `end`; negative when `end` is earlier."""
    if end == start:
        return 0
    extra = extra_days() if extra is None else extra
    sign = 1 if end > start else -1
    low, high = (start, end) if sign > 0 else (end, start)
    count = 0
    day = low + timedelta(days=1)
    while day <= high:
        if is_working_day(day, extra):
            count += 1
        day += timedelta(days=1)
    return sign * count


def extra_days_from(rows: Iterable[tuple[date, bool]]) -> ExtraDays:
    """An immutable mapping of (date, is working day) rows."""
    return MappingProxyType(dict(rows))
