"""Reading the deadline a responsibility note states: a date, "ongoing", or a flagged phrase.

Not a step of its own: :mod:`tasklist` calls :func:`read_note_deadline` on the deadline part of
each note (完成时限：…, 时间节点：…, or a time phrase inside a bracketed note).

2025年底前 / 2025年12月底 -> 2025-12-31; 2025年6月 -> 2025-06-30; 上半年 -> 30 June; 第三季度 ->
30 September; 年内 / 年底前 -> 31 December of the plan year; 2025—2027年 -> 2027-12-31;
持续推进 / 长期坚持 / 长期 / 常态化 -> ongoing. Where several dates are written the latest is the
deadline. A date that does not exist (2025年2月30日) gives no deadline and is flagged ``invalid``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from .task_resources import DEADLINE_PHRASE_RE, ONGOING_RE

_QUARTER_END_MONTH = {"一": 3, "1": 3, "二": 6, "2": 6, "三": 9, "3": 9, "四": 12, "4": 12}
_START_WORDS = ("起", "开始", "以来")
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


@dataclass(frozen=True, slots=True)
class DeadlineReading:
    """What a deadline phrase says. ``invalid`` is set when it names a date that does not exist."""

    deadline: date | None
    ongoing: bool
    text: str | None
    invalid: bool = False


def _month_end(year: int, month: int) -> date | None:
    if not 1 <= month <= 12:
        return None
    return date(year, month, calendar.monthrange(year, month)[1])


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _phrase_date(match: re.Match[str], plan_year: int | None) -> tuple[date | None, bool]:
    """The date one matched phrase names, and whether it names an impossible one."""
    if match["range"]:
        return date(int(match["ry2"]), 12, 31), False
    if match["ymd"]:
        found = _day(int(match["y1"]), int(match["m1"]), int(match["d1"]))
        return found, found is None
    if match["ym"]:
        found = _month_end(int(match["y2"]), int(match["m2"]))
        return found, found is None
    if match["yhalf"]:
        return date(int(match["y3"]), 6 if match["h3"] == "上半年" else 12, 30 if match["h3"] == "上半年" else 31), False
    if match["yq"]:
        return _month_end(int(match["y4"]), _QUARTER_END_MONTH[match["q4"]]), False
    if match["y"]:
        return date(int(match["y5"]), 12, 31), False
    if plan_year is None:
        return None, False
    if match["md"]:
        found = _day(plan_year, int(match["m6"]), int(match["d6"]))
        return found, found is None
    if match["m"]:
        found = _month_end(plan_year, int(match["m7"]))
        return found, found is None
    if match["half"]:
        return (date(plan_year, 6, 30) if match["half"] == "上半年" else date(plan_year, 12, 31)), False
    if match["q"]:
        return _month_end(plan_year, _QUARTER_END_MONTH[match["q8"]]), False
    return date(plan_year, 12, 31), False


def read_note_deadline(text: str, plan_year: int | None) -> DeadlineReading:
    """The deadline ``text`` states: the latest date it names, else ongoing, else nothing."""
    written = text.translate(_FULL_WIDTH_DIGITS).strip()
    if not written:
        return DeadlineReading(None, False, None)
    dates: list[date] = []
    invalid = False
    for match in DEADLINE_PHRASE_RE.finditer(written):
        if written.startswith(_START_WORDS, match.end()):
            continue  # 2025年起: when the work starts, not when it ends
        found, impossible = _phrase_date(match, plan_year)
        invalid = invalid or impossible
        if found is not None:
            dates.append(found)
    if dates:
        return DeadlineReading(max(dates), False, text.strip(), invalid)
    if ONGOING_RE.search(written):
        return DeadlineReading(None, True, text.strip(), invalid)
    return DeadlineReading(None, False, text.strip(), invalid)


def states_deadline(text: str) -> bool:
    """Whether ``text`` is a time phrase (a date, a period or an ongoing word)."""
    written = text.translate(_FULL_WIDTH_DIGITS)
    return DEADLINE_PHRASE_RE.search(written) is not None or ONGOING_RE.search(written) is not None
