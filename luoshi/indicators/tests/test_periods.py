"""Periods as offices write them, and as we write them back."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from luoshi.indicators.periods import (
    PeriodError,
    parse_period,
    period_label,
    period_starts_after,
)


@pytest.mark.parametrize(("raw", "expected"), [
    ("2024-03", date(2024, 3, 31)), ("2024-3", date(2024, 3, 31)), ("2024/03", date(2024, 3, 31)),
    ("2024.3", date(2024, 3, 31)), ("202403", date(2024, 3, 31)), (202403, date(2024, 3, 31)),
    ("2024年3月", date(2024, 3, 31)), ("2024年03月份", date(2024, 3, 31)), ("2024年1-3月", date(2024, 3, 31)),
    ("2024年1—10月", date(2024, 10, 31)), ("2024年2月", date(2024, 2, 29)),
    (date(2024, 3, 5), date(2024, 3, 31)), (datetime(2024, 11, 1, 0, 0), date(2024, 11, 30)),
    ("2024Q1", date(2024, 3, 31)), ("2024-Q2", date(2024, 6, 30)), ("2024年一季度", date(2024, 3, 31)),
    ("2024年第三季度", date(2024, 9, 30)), ("2024年前三季度", date(2024, 9, 30)), ("2024年上半年", date(2024, 6, 30)),
    ("2024", date(2024, 12, 31)), ("2024年", date(2024, 12, 31)), (2024, date(2024, 12, 31)),
])
def test_it_reads_the_periods_offices_write(raw: object, expected: date) -> None:
    assert parse_period(raw) == expected


@pytest.mark.parametrize(("raw", "code"), [
    ("三月", "unreadable"), (2024.1, "unreadable"), ("2024-13", "out_of_range"),
    ("", "unreadable"), (None, "unreadable"), (True, "unreadable"),
])
def test_it_refuses_what_is_not_a_period(raw: object, code: str) -> None:
    """2024.1 as a number may be January or October (the trailing zero is gone): refused."""
    with pytest.raises(PeriodError) as caught:
        parse_period(raw)
    assert caught.value.code == code


def test_a_decimal_written_as_text_keeps_its_zero() -> None:
    assert parse_period("2024.10") == date(2024, 10, 31)


def test_a_quarterly_indicator_needs_a_quarter_end() -> None:
    assert parse_period("2024-06", "quarter") == date(2024, 6, 30)
    with pytest.raises(PeriodError) as caught:
        parse_period("2024-05", "quarter")
    assert caught.value.code == "not_quarter_end"


def test_a_yearly_indicator_needs_a_year() -> None:
    assert parse_period("2024", "year") == date(2024, 12, 31)
    with pytest.raises(PeriodError) as caught:
        parse_period("2024-06", "year")
    assert caught.value.code == "not_year_end"


@pytest.mark.parametrize(("end", "frequency", "label"), [
    (date(2024, 3, 31), "month", "2024-03"), (date(2024, 9, 30), "quarter", "2024-Q3"),
    (date(2024, 12, 31), "year", "2024"),
])
def test_labels_round_trip(end: date, frequency: str, label: str) -> None:
    assert period_label(end, frequency) == label
    assert parse_period(label, frequency) == end


@pytest.mark.parametrize(("end", "frequency", "today", "future"), [
    (date(2024, 11, 30), "month", date(2024, 10, 31), True),
    (date(2024, 10, 31), "month", date(2024, 10, 1), False),
    (date(2024, 12, 31), "quarter", date(2024, 10, 1), False),
    (date(2024, 12, 31), "quarter", date(2024, 9, 30), True),
    (date(2025, 12, 31), "year", date(2024, 12, 31), True),
])
def test_a_period_that_has_not_begun_is_in_the_future(end: date, frequency: str, today: date, future: bool) -> None:
    assert period_starts_after(end, today, frequency) is future
