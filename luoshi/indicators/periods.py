"""Statistical periods (统计期): parsing what offices write, and labelling what we export. Pure.

A period is stored as the last day of the month, quarter or year it covers, so that monthly,
quarterly and yearly series sort and compare on one date column. A cumulative figure for
"2024年1-3月" belongs to the period ending 2024-03-31, like "2024年3月".

Spreadsheets hold periods in many shapes: a date cell, "2024-03", "2024年3月", "2024年1-3月",
"2024Q1", "2024年一季度", "2024年上半年", "2024年". The trap is a number cell: 2024.1 may be
January or October (the trailing zero of 2024.10 is lost), so decimals are refused; 202403
(an integer) is read as March 2024.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime
from typing import Literal

FrequencyName = Literal["month", "quarter", "year"]

QUARTER_WORDS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
MONTHS_PER_PERIOD = {"month": 1, "quarter": 3, "year": 12}


class PeriodError(ValueError):
    """A period that cannot be read, or that does not fit the indicator's frequency.

    `code` is one of "unreadable", "not_quarter_end", "not_year_end", "out_of_range".
    """

    def __init__(self, code: str, text: str) -> None:
        super().__init__(f"{code}: {text}")
        self.code = code
        self.text = text


def month_end(year: int, month: int) -> date:
    """The last day of `month` in `year`."""
    return date(year, month, calendar.monthrange(year, month)[1])


def months_in_period(frequency: str) -> int:
    """How many months one period of `frequency` spans (1, 3 or 12)."""
    return MONTHS_PER_PERIOD.get(frequency, 1)


_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(\d{4})\s*[-/.年]\s*(?:1\s*[-—~～至到]\s*)?(\d{1,2})\s*月?份?(?:末)?$"), "month"),
    (re.compile(r"^(\d{4})(\d{2})$"), "month"),
    (re.compile(r"^(\d{4})\s*[-年]?\s*[Qq]([1-4])$"), "quarter"),
    (re.compile(r"^(\d{4})\s*年?\s*第?([一二三四1-4])\s*季度?$"), "quarter"),
    (re.compile(r"^(\d{4})\s*年?\s*前([一二三1-3])季度?$"), "quarter"),
    (re.compile(r"^(\d{4})\s*年?\s*上半年$"), "half"),
    (re.compile(r"^(\d{4})\s*年?\s*(?:全年|年度)?$"), "year"),
]


def _year_month(value: object) -> tuple[int, int]:
    if isinstance(value, datetime):
        return value.year, value.month
    if isinstance(value, date):
        return value.year, value.month
    if isinstance(value, bool):
        raise PeriodError("unreadable", str(value))
    if isinstance(value, int):
        text = str(value)
    elif isinstance(value, float):
        if not value.is_integer():
            raise PeriodError("unreadable", str(value))
        text = str(int(value))
    elif isinstance(value, str):
        text = value.strip().replace("\u3000", " ")
    else:
        raise PeriodError("unreadable", str(value))
    for pattern, kind in _PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        year = int(match.group(1))
        if kind == "month":
            month = int(match.group(2))
        elif kind == "quarter":
            month = QUARTER_WORDS[match.group(2)] * 3
        elif kind == "half":
            month = 6
        else:
            month = 12
        if not 1 <= month <= 12 or not 1900 <= year <= 2999:
            raise PeriodError("out_of_range", text)
        return year, month
    raise PeriodError("unreadable", text)


def parse_period(value: object, frequency: str = "month") -> date:
    """The period end for a cell value, checked against the indicator's frequency.

    Raises PeriodError: "unreadable" when the text is not a period, "not_quarter_end" when a
    quarterly indicator is given a month that does not end a quarter, "not_year_end" when a
    yearly indicator is given anything but a whole year (or December).
    """
    year, month = _year_month(value)
    if frequency == "quarter" and month % 3:
        raise PeriodError("not_quarter_end", str(value))
    if frequency == "year" and month != 12:
        raise PeriodError("not_year_end", str(value))
    return month_end(year, month)


def period_label(period_end: date, frequency: str = "month") -> str:
    """How a period is written in exports and the API: 2024-03, 2024-Q1 or 2024."""
    if frequency == "year":
        return str(period_end.year)
    if frequency == "quarter":
        return f"{period_end.year}-Q{(period_end.month - 1) // 3 + 1}"
    return f"{period_end.year}-{period_end.month:02d}"


def period_starts_after(period_end: date, today: date, frequency: str = "month") -> bool:
    """True when the period has not begun by `today` (a future period cannot have an actual)."""
    months = months_in_period(frequency)
    start_month = period_end.month - months + 1
    return date(period_end.year, start_month, 1) > today
