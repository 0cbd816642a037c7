"""Periods as offices write them, and as we write them back: tables, no database."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.utils import translation

from luoshi.core.periods import (
    Period,
    PeriodError,
    figure_period_label,
    frequency_of,
    month_end,
    parse_period,
    period_containing,
    period_end_for,
    period_from_key,
    period_key,
    period_starts_after,
    periods_between,
    reportable_periods,
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
    assert period_end_for(raw) == expected


@pytest.mark.parametrize(("raw", "code"), [
    ("三月", "unreadable"), (2024.1, "unreadable"), ("2024-13", "out_of_range"),
    ("", "unreadable"), (None, "unreadable"), (True, "unreadable"),
])
def test_it_refuses_what_is_not_a_period(raw: object, code: str) -> None:
    """2024.1 as a number may be January or October (the trailing zero is gone): refused."""
    with pytest.raises(PeriodError) as caught:
        period_end_for(raw)
    assert caught.value.code == code


def test_a_decimal_written_as_text_keeps_its_zero() -> None:
    assert period_end_for("2024.10") == date(2024, 10, 31)


def test_a_quarterly_indicator_needs_a_quarter_end() -> None:
    assert period_end_for("2024-06", "quarter") == date(2024, 6, 30)
    with pytest.raises(PeriodError) as caught:
        period_end_for("2024-05", "quarter")
    assert caught.value.code == "not_quarter_end"


def test_a_yearly_indicator_needs_a_year() -> None:
    assert period_end_for("2024", "year") == date(2024, 12, 31)
    with pytest.raises(PeriodError) as caught:
        period_end_for("2024-06", "year")
    assert caught.value.code == "not_year_end"


@pytest.mark.parametrize(("end", "frequency", "label"), [
    (date(2024, 3, 31), "month", "2024-03"), (date(2024, 9, 30), "quarter", "2024-Q3"),
    (date(2024, 12, 31), "year", "2024"),
])
def test_labels_round_trip(end: date, frequency: str, label: str) -> None:
    assert period_key(end, frequency) == label
    assert period_end_for(label, frequency) == end


@pytest.mark.parametrize(("end", "frequency", "today", "future"), [
    (date(2024, 11, 30), "month", date(2024, 10, 31), True),
    (date(2024, 10, 31), "month", date(2024, 10, 1), False),
    (date(2024, 12, 31), "quarter", date(2024, 10, 1), False),
    (date(2024, 12, 31), "quarter", date(2024, 9, 30), True),
    (date(2025, 12, 31), "year", date(2024, 12, 31), True),
])
def test_a_period_that_has_not_begun_is_in_the_future(end: date, frequency: str, today: date, future: bool) -> None:
    assert period_starts_after(end, today, frequency) is future


@pytest.mark.parametrize(("raw", "key", "frequency"), [
    ("2024-09", "2024-09", "month"), ("2024年9月", "2024-09", "month"), ("2024年1-9月", "2024-09", "month"),
    ("2024年三季度", "2024-Q3", "quarter"), ("2024Q3", "2024-Q3", "quarter"), ("2024年第三季度", "2024-Q3", "quarter"),
    ("2024年上半年", "2024-H1", "half_year"), ("2024H1", "2024-H1", "half_year"), ("2024年下半年", "2024-H2", "half_year"),
    ("2024年", "2024", "year"), ("2024年全年", "2024", "year"), (date(2024, 9, 3), "2024-09", "month"),
    (datetime(2024, 9, 3, 8, 0), "2024-09", "month"), ("\u30002024年9月 ", "2024-09", "month"),
])
def test_it_reads_the_office_spellings_as_periods(raw: object, key: str, frequency: str) -> None:
    period = parse_period(raw)
    assert (period.key, period.frequency) == (key, frequency)
    assert period == period_from_key(key)


def test_a_half_year_without_a_year_takes_the_given_year() -> None:
    assert parse_period("上半年", year=2024) == period_from_key("2024-H1")
    with pytest.raises(PeriodError):
        parse_period("上半年")


@pytest.mark.parametrize(("raw", "code"), [
    ("2024年13月", "out_of_range"), ("2024Q5", "out_of_range"), ("2024H3", "out_of_range"), ("", "unreadable"),
    ("  ", "unreadable"), ("明年", "unreadable"), (None, "unreadable"), (1e308, "unreadable"), ("9999年", "out_of_range"),
    ("0999-01", "out_of_range"),
])
def test_bad_periods_are_refused_with_a_chinese_message(raw: object, code: str) -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period(raw)
    assert caught.value.code == code
    assert "统计期" in caught.value.message_zh


def test_the_message_follows_the_active_language() -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period("2024年13月")
    with translation.override("en"):
        english = caught.value.message
    assert "统计期" not in english and "2024年13月" in english


@pytest.mark.parametrize(("word", "frequency"), [
    ("monthly", "month"), ("month", "month"), ("quarterly", "quarter"), ("quarter", "quarter"),
    ("half_yearly", "half_year"), ("yearly", "year"), ("year", "year"),
])
def test_every_stored_frequency_word_maps_onto_one_vocabulary(word: str, frequency: str) -> None:
    assert frequency_of(word) == frequency


def test_an_unknown_frequency_is_refused() -> None:
    with pytest.raises(PeriodError) as caught:
        frequency_of("weekly")
    assert caught.value.code == "unknown_frequency"


@pytest.mark.parametrize(("key", "zh", "en"), [
    ("2024-09", "2024年9月", "9/2024"), ("2024-Q3", "2024年第三季度", "Q3 2024"),
    ("2024-H1", "2024年上半年", "H1 2024"), ("2024-H2", "2024年下半年", "H2 2024"), ("2024", "2024年", "2024"),
])
def test_labels_in_both_languages(key: str, zh: str, en: str) -> None:
    period = period_from_key(key)
    assert period.label_zh == zh
    with translation.override("en"):
        assert period.label == en


@pytest.mark.parametrize(("year", "month", "end"), [
    (2024, 2, date(2024, 2, 29)), (2023, 2, date(2023, 2, 28)), (2024, 12, date(2024, 12, 31)),
])
def test_month_end(year: int, month: int, end: date) -> None:
    assert month_end(year, month) == end


def test_next_previous_and_between() -> None:
    q4 = period_from_key("2024-Q4")
    assert q4.next().key == "2025-Q1" and q4.previous().key == "2024-Q3"
    assert [p.key for p in periods_between(date(2024, 5, 1), date(2024, 8, 1), "quarterly")] == ["2024-Q2", "2024-Q3"]
    assert periods_between(date(2024, 5, 1), date(2024, 4, 1), "month") == []


@pytest.mark.parametrize(("today", "frequency", "keys"), [
    (date(2024, 10, 3), "monthly", ("2024-09", "2024-10")),
    (date(2024, 1, 5), "quarterly", ("2023-Q4", "2024-Q1")),
    (date(2024, 7, 1), "half_yearly", ("2024-H1", "2024-H2")),
    (date(2025, 1, 10), "year", ("2024", "2025")),
])
def test_reportable_periods_are_the_previous_and_the_current(today: date, frequency: str,
                                                             keys: tuple[str, str]) -> None:
    previous, current = reportable_periods(today, frequency)
    assert (previous.key, current.key) == keys
    assert isinstance(current, Period) and current.start <= today <= current.end
    assert period_containing(today, frequency) == current


@pytest.mark.parametrize(("end", "frequency", "cumulative", "label"), [
    (date(2024, 10, 31), "month", True, "2024年1-10月"), (date(2024, 1, 31), "month", True, "2024年1月"),
    (date(2024, 9, 30), "quarter", False, "2024年三季度"), (date(2024, 9, 30), "quarter", True, "2024年1-9月"),
    (date(2024, 6, 30), "half_year", False, "2024年上半年"), (date(2024, 12, 31), "year", True, "2024年"),
    (date(2024, 3, 31), "monthly", False, "2024年3月"),
])
def test_the_label_of_a_figure_says_cumulative_periods(end: date, frequency: str, cumulative: bool,
                                                       label: str) -> None:
    with translation.override("zh-hans"):
        assert figure_period_label(end, frequency, cumulative=cumulative) == label


def test_quarters_read_with_digits_in_english() -> None:
    with translation.override("en"):
        assert period_from_key("2024-Q3").label == "Q3 2024"
        assert figure_period_label(date(2024, 9, 30), "quarter") == "Q3 2024"
