"""System checks of the core app: a warning when the holiday schedule of this year or next is
unknown, since due dates are then counted Monday–Friday."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Warning
from django.db import DatabaseError
from django.utils import timezone

from luoshi.core.workdays import years_unknown

W001 = "luoshi.W001"


def calendar_years_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Warn when this year's or next year's holidays are known neither to the library nor to
    admin entries (core.Holiday)."""
    try:
        missing = years_unknown(timezone.localdate())
    except DatabaseError:  # no tables yet: nothing to say before migrate
        return []
    if not missing:
        return []
    years = ", ".join(str(y) for y in missing)
    return [Warning(
        f"No holiday schedule for {years}: working days are counted Monday-Friday.",
        hint="Enter the State Council's holidays and make-up workdays in the admin (节假日与调休), "
             "or upgrade the chinesecalendar package.",
        id=W001,
    )]
