"""Options shared by the scheduled commands (`tick`, `proposals_remind`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.dateparse import parse_date


def add_as_of_argument(parser: CommandParser) -> None:
    """`--date YYYY-MM-DD`: run as of that day instead of the business date."""
    parser.add_argument("--date", default=None, help="run as of this day (YYYY-MM-DD); default today")


def as_of_option(options: dict[str, Any]) -> date | None:
    """The day `--date` names, None when not given; a CommandError in both languages when it
    names no day (a wrong shape, or 2024-02-30)."""
    text = options.get("date")
    if not text:
        return None
    try:
        day = parse_date(text)
    except ValueError:  # well formed but impossible, such as 2024-02-30
        day = None
    if day is None:
        raise CommandError(f"不是有效日期 / not a date: {text}")
    return day
