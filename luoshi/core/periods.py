"""Periods (月度、季度、半年、年度): one value, one vocabulary, one parser. Pure, no database.

A `Period` is a month, quarter, half year or year: its first and last day, its frequency and a
key that sorts and reads well: "2024-09", "2024-Q3", "2024-H2", "2024". Reports are written for
periods, indicators store an actual at a period's last day, briefings cover a period.

Frequencies: the one vocabulary is "month", "quarter", "half_year", "year". Two stored spellings
exist in the database — tasks' report frequency ("monthly", "quarterly", "half_yearly",
"yearly") and indicators' frequency ("month", "quarter", "year") — and `frequency_of` maps every
stored spelling onto the vocabulary, in this one place, so no data migration is needed.

Offices write periods in many shapes: a date cell, "2024-09", "2024年9月", "2024年1-9月"
(cumulative: it ends with September), "2024Q3", "2024年三季度", "2024年前三季度", "2024年上半年",
"2024H1", "上半年" (with a given year), "2024年". The trap is a number cell: 2024.1 may be
January or October (the trailing zero of 2024.10 is lost), so decimals are refused; 202409 (an
integer) is read as September 2024.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Literal

Frequency = Literal["month", "quarter", "half_year", "year"]
MONTH: Frequency = "month"
QUARTER: Frequency = "quarter"
HALF_YEAR: Frequency = "half_year"
YEAR: Frequency = "year"
FREQUENCIES: tuple[Frequency, ...] = (MONTH, QUARTER, HALF_YEAR, YEAR)
MONTHS: dict[Frequency, int] = {MONTH: 1, QUARTER: 3, HALF_YEAR: 6, YEAR: 12}

# Every stored spelling of a frequency, mapped onto the vocabulary (see the module docstring).
_FREQUENCY_WORDS: dict[str, Frequency] = {
    "month": MONTH, "monthly": MONTH, "quarter": QUARTER, "quarterly": QUARTER,
    "half_year": HALF_YEAR, "half_yearly": HALF_YEAR, "half": HALF_YEAR, "year": YEAR, "yearly": YEAR,
}
# The task report frequency as the ledger stores it (ReportFrequency), for the way back.
REPORT_FREQUENCY_WORDS: dict[Frequency, str] = {
    MONTH: "monthly", QUARTER: "quarterly", HALF_YEAR: "half_yearly", YEAR: "yearly"}

MIN_YEAR, MAX_YEAR = 1900, 2999
CHINESE_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4}
QUARTER_NAMES = {1: "一", 2: "二", 3: "三", 4: "四"}


def gettext_noop(message: str) -> str:
    """Mark a message for translation; it is translated when shown (see PeriodError.message)."""
    return message


MSG_UNREADABLE = gettext_noop("无法识别的统计期“%(text)s”(可写 2024-09、2024年9月、2024Q3、2024年三季度、2024年上半年、2024年)。")
MSG_OUT_OF_RANGE = gettext_noop("统计期“%(text)s”超出范围(月份 1–12,季度 1–4,年份 1900–2999)。")
MSG_NOT_QUARTER_END = gettext_noop("该指标按季度统计,统计期应为季末月份(3、6、9、12月),而不是“%(text)s”。")
MSG_NOT_YEAR_END = gettext_noop("该指标按年度统计,统计期应为整年(如 2024 或 2024年),而不是“%(text)s”。")
MSG_UNKNOWN_FREQUENCY = gettext_noop("未知的统计频度“%(text)s”。")
_MESSAGES = {"unreadable": MSG_UNREADABLE, "out_of_range": MSG_OUT_OF_RANGE, "not_quarter_end": MSG_NOT_QUARTER_END,
             "not_year_end": MSG_NOT_YEAR_END, "unknown_frequency": MSG_UNKNOWN_FREQUENCY}


class PeriodError(ValueError):
    """A period that cannot be read, or that does not fit a frequency.

    `code` is one of "unreadable", "out_of_range", "not_quarter_end", "not_year_end",
    "unknown_frequency"; `text` is what was given; `message` says it in the active language.
    """

    def __init__(self, code: str, text: str) -> None:
        super().__init__(f"{code}: {text}")
        self.code = code
        self.text = text

    @property
    def message_zh(self) -> str:
        return _MESSAGES[self.code] % {"text": self.text}

    @property
    def message(self) -> str:
        from django.utils.translation import gettext

        return gettext(_MESSAGES[self.code]) % {"text": self.text}


def frequency_of(word: str) -> Frequency:
    """The vocabulary's frequency for any stored spelling ("monthly" → "month"). Raises PeriodError."""
    try:
        return _FREQUENCY_WORDS[word]
    except KeyError:
        raise PeriodError("unknown_frequency", str(word)) from None


def month_end(year: int, month: int) -> date:
    """The last day of `month` in `year`."""
    return date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True, order=True)
class Period:
    """A month, quarter, half year or year: first and last day, key and frequency.

    Ordered by start (then end), so that periods of one frequency sort in time.
    """

    start: date
    end: date
    key: str
    frequency: Frequency

    @property
    def index(self) -> int:
        """1-based position within the year: month 1–12, quarter 1–4, half 1–2, year 1."""
        return (self.start.month - 1) // MONTHS[self.frequency] + 1

    @property
    def label_zh(self) -> str:
        """2024年9月, 2024年第三季度, 2024年上半年, 2024年."""
        return _label(self, translate=False)

    @property
    def label(self) -> str:
        """The label in the active language (English: Sep 2024, Q3 2024, H1 2024, 2024)."""
        return _label(self, translate=True)

    def next(self) -> Period:
        return period_next(self)

    def previous(self) -> Period:
        return period_previous(self)


_LABELS: dict[Frequency, str] = {
    MONTH: gettext_noop("%(y)s年%(m)s月"), QUARTER: gettext_noop("%(y)s年第%(q)s季度"),
    YEAR: gettext_noop("%(y)s年")}
_HALF_LABELS = {1: gettext_noop("%(y)s年上半年"), 2: gettext_noop("%(y)s年下半年")}
_FIGURE_QUARTER = gettext_noop("%(year)s年%(quarter)s季度")
_FIGURE_CUMULATIVE = gettext_noop("%(year)s年1-%(month)s月")


def _label(period: Period, *, translate: bool) -> str:
    if period.frequency == HALF_YEAR:
        template = _HALF_LABELS[period.index]
    else:
        template = _LABELS[period.frequency]
    quarter: object = QUARTER_NAMES.get(period.index, "")
    if translate:
        from django.utils.translation import gettext

        translated = gettext(template)
        if translated != template:  # another language: Q3 2024, not Q三 2024
            quarter = period.index
        template = translated
    return template % {"y": period.start.year, "m": period.start.month, "q": quarter}


@lru_cache(maxsize=8192)
def period_of(year: int, index: int, frequency: Frequency) -> Period:
    """The `index`-th period (1-based) of `year` at `frequency`. Raises PeriodError when out of range."""
    months = MONTHS[frequency]
    if not MIN_YEAR <= year <= MAX_YEAR or not 1 <= index <= 12 // months:
        raise PeriodError("out_of_range", f"{year}/{index}")
    first_month = (index - 1) * months + 1
    key = {MONTH: f"{year}-{index:02d}", QUARTER: f"{year}-Q{index}", HALF_YEAR: f"{year}-H{index}",
           YEAR: f"{year}"}[frequency]
    return Period(date(year, first_month, 1), month_end(year, first_month + months - 1), key, frequency)


@lru_cache(maxsize=8192)
def period_containing(day: date, frequency: str) -> Period:
    """The period of `frequency` (any stored spelling) that contains `day`."""
    canonical = frequency_of(frequency)
    return period_of(day.year, (day.month - 1) // MONTHS[canonical] + 1, canonical)


def period_next(period: Period) -> Period:
    """The period after `period`, at the same frequency."""
    if period.index * MONTHS[period.frequency] >= 12:
        return period_of(period.start.year + 1, 1, period.frequency)
    return period_of(period.start.year, period.index + 1, period.frequency)


@lru_cache(maxsize=8192)
def period_previous(period: Period) -> Period:
    """The period before `period`, at the same frequency."""
    if period.index == 1:
        return period_of(period.start.year - 1, 12 // MONTHS[period.frequency], period.frequency)
    return period_of(period.start.year, period.index - 1, period.frequency)


def periods_between(start: date, end: date, frequency: str) -> list[Period]:
    """Every period of `frequency` that overlaps [start, end], in order."""
    if end < start:
        return []
    periods = [period_containing(start, frequency)]
    while periods[-1].end < end:
        periods.append(period_next(periods[-1]))
    return periods


def reportable_periods(today: date, frequency: str) -> tuple[Period, Period]:
    """The periods a report may be written for on `today`, older first: the one before the
    current period (its report falls due after it ends) and the current one. Whether each still
    takes reports depends on its due and closing dates (reports.rules.period_state)."""
    current = period_containing(today, frequency)
    return period_previous(current), current


_KEY_PATTERNS: list[tuple[re.Pattern[str], Frequency]] = [
    (re.compile(r"^(\d{4})-(\d{2})$"), MONTH),
    (re.compile(r"^(\d{4})-Q(\d)$"), QUARTER),
    (re.compile(r"^(\d{4})-H(\d)$"), HALF_YEAR),
    (re.compile(r"^(\d{4})$"), YEAR),
]


def period_from_key(key: str) -> Period:
    """The period a key names ("2024-09", "2024-Q3", "2024-H2", "2024"). Raises PeriodError."""
    text = key.strip()
    for pattern, frequency in _KEY_PATTERNS:
        match = pattern.match(text)
        if match:
            index = int(match.group(2)) if match.lastindex and match.lastindex > 1 else 1
            try:
                return period_of(int(match.group(1)), index, frequency)
            except PeriodError:
                raise PeriodError("out_of_range", text) from None
    raise PeriodError("unreadable", text)


# Office spellings: (pattern, frequency, how to read the index). Month patterns capture the
# (last) month, quarter patterns the quarter, half-year patterns the half.
_SEP = r"\s*[-/.年]\s*"
_OFFICE_PATTERNS: list[tuple[re.Pattern[str], Frequency]] = [
    (re.compile(r"^(\d{4})" + _SEP + r"(?:1\s*[-—~～至到]\s*)?(\d{1,2})\s*月?份?末?$"), MONTH),
    (re.compile(r"^(\d{4})(\d{2})$"), MONTH),
    (re.compile(r"^(\d{4})\s*[-年]?\s*[Qq](\d)$"), QUARTER),
    (re.compile(r"^(\d{4})\s*年?\s*第?([一二三四\d])\s*季度?$"), QUARTER),
    (re.compile(r"^(\d{4})\s*年?\s*前([一二三\d])季度?$"), QUARTER),
    (re.compile(r"^(\d{4})\s*[-年]?\s*[Hh](\d)$"), HALF_YEAR),
    (re.compile(r"^(\d{4})\s*年?\s*([上下])半年$"), HALF_YEAR),
    (re.compile(r"^(\d{4})\s*年?\s*(?:全年|年度)?$"), YEAR),
]
_HALF_WITHOUT_YEAR = re.compile(r"^([上下])半年$")


def _index(text: str) -> int:
    if text in CHINESE_DIGITS:
        return CHINESE_DIGITS[text]
    if text in ("上", "下"):
        return 1 if text == "上" else 2
    return int(text)


def _cell_text(value: object) -> str:
    if isinstance(value, bool) or value is None:
        raise PeriodError("unreadable", "" if value is None else str(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not value.is_integer():
            raise PeriodError("unreadable", str(value))
        return str(int(value))
    if isinstance(value, str):
        return value.strip().replace("\u3000", " ")
    raise PeriodError("unreadable", str(value))


def parse_period(value: object, *, year: int | None = None) -> Period:
    """The period an office wrote: a date cell (its month), or text in any of the spellings of the
    module docstring. `year` completes a period written without one ("上半年").

    Raises PeriodError: "unreadable" when it is not a period, "out_of_range" for 2024年13月 or
    2024Q5 or a year outside 1900–2999.
    """
    if isinstance(value, (datetime, date)):
        return period_containing(value if not isinstance(value, datetime) else value.date(), MONTH)
    text = _cell_text(value)
    half = _HALF_WITHOUT_YEAR.match(text)
    if half and year is not None:
        text = f"{year}年{text}"
    for pattern, frequency in _OFFICE_PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        index = _index(match.group(2)) if match.lastindex and match.lastindex > 1 else 1
        try:
            return period_of(int(match.group(1)), index, frequency)
        except PeriodError:
            raise PeriodError("out_of_range", text) from None
    raise PeriodError("unreadable", text)


def period_end_for(value: object, frequency: str = MONTH) -> date:
    """The last day of the period written in `value`, checked against a series' `frequency`:
    a quarterly series takes quarters or the months that end them, a yearly one whole years (or
    December). How indicators store an actual.

    Raises PeriodError as parse_period does, and "not_quarter_end" / "not_year_end".
    """
    end = parse_period(value).end
    canonical = frequency_of(frequency)
    if canonical == QUARTER and end.month % 3:
        raise PeriodError("not_quarter_end", str(value))
    if canonical == YEAR and end.month != 12:
        raise PeriodError("not_year_end", str(value))
    return end


def period_starts_after(period_end: date, today: date, frequency: str = MONTH) -> bool:
    """True when the period ending `period_end` has not begun by `today` (no actual for the future)."""
    return period_containing(period_end, frequency).start > today


def period_key(day: date, frequency: str = MONTH) -> str:
    """The key of the period of `frequency` containing `day`: 2024-03, 2024-Q1, 2024-H1 or 2024."""
    return period_containing(day, frequency).key


def figure_period_label(period_end: date, frequency: str = MONTH, *, cumulative: bool = False) -> str:
    """How the period of a statistical figure reads on a page, in the active language: 2024年1-10月
    for a cumulative figure (year to date), 2024年三季度 for a quarter, else the period's label
    (2024年3月, 2024年上半年, 2024年)."""
    from django.utils.translation import gettext

    period = period_containing(period_end, frequency)
    if period.frequency == YEAR:
        return period.label
    if cumulative and period_end.month > 1:
        return gettext(_FIGURE_CUMULATIVE) % {"year": period_end.year, "month": period_end.month}
    if period.frequency == QUARTER:
        template = gettext(_FIGURE_QUARTER)
        quarter: object = QUARTER_NAMES[period.index] if template == _FIGURE_QUARTER else period.index
        return template % {"year": period_end.year, "quarter": quarter}
    return period.label
