"""System checks of the core app: a warning when the holiday schedule of this year or next is
unknown, since due dates are then counted Monday–Friday."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Warning
from django.db import DatabaseError
from django.utils import timezone

from luoshi.core.workdays import extra_days_from, years_unknown

W001 = "luoshi.W001"


def calendar_years_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Warn when this year's or next year's holidays are known neither to the library nor to
    admin entries (core.Holiday)."""
    from luoshi.core.models import Holiday, HolidayKind

    try:  # read here, not through the calendar's lenient copy: an unreachable database says nothing
        entered = extra_days_from((day, kind == HolidayKind.WORKDAY)
                                  for day, kind in Holiday.objects.values_list("date", "kind"))
    except DatabaseError:  # no database, or no tables yet (before migrate): nothing to say
        return []
    missing = years_unknown(timezone.localdate(), entered)
    if not missing:
        return []
    years = ", ".join(str(y) for y in missing)
    return [Warning(
        f"No holiday schedule for {years}: working days are counted Monday-Friday.",
        hint="Enter the State Council's holidays and make-up workdays in the admin (节假日与调休), "
             "or upgrade the chinesecalendar package.",
        id=W001,
    )]
