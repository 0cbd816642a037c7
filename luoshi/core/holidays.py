"""The admin-entered holidays and make-up workdays, as the calendar's extra days.

Read once and kept in the process: every working-day count would otherwise query the table.
A save or delete clears the copy of the process that made it (a signal: the calendar must not
know who changed a holiday); other processes read the table again after HOLIDAY_CACHE_SECONDS.
"""

from __future__ import annotations

import time

from django.db import DatabaseError

from luoshi.core.workdays import NO_EXTRA_DAYS, ExtraDays, extra_days_from

HOLIDAY_CACHE_SECONDS = 300.0

_cached: tuple[float, ExtraDays] | None = None


def holiday_extra_days() -> ExtraDays:
    """Entered days as {date: is a working day}; empty while the table does not exist yet."""
    global _cached
    now = time.monotonic()
    if _cached is not None and now - _cached[0] < HOLIDAY_CACHE_SECONDS:
        return _cached[1]
    from luoshi.core.models import Holiday, HolidayKind

    try:
        rows = [(day, kind == HolidayKind.WORKDAY) for day, kind in Holiday.objects.values_list("date", "kind")]
    except (DatabaseError, RuntimeError):
        # Before the first migrate, or where the database may not be used (a pure calculation
        # under test): no entries, and nothing kept, so the next call reads the table.
        return NO_EXTRA_DAYS
    _cached = (now, extra_days_from(rows))
    return _cached[1]


def holiday_cache_clear(**kwargs: object) -> None:
    """Forget the kept copy (connected to Holiday's save and delete)."""
    global _cached
    _cached = None
