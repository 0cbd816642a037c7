"""Reporting periods and due dates: tables of cases, no database."""

from __future__ import annotations

from datetime import date

import pytest

from luoshi.core import periods
from luoshi.core.periods import Period
from luoshi.reports import rules


@pytest.mark.parametrize(("day", "frequency", "key", "start", "end"), [
    (date(2024, 9, 15), "monthly", "2024-09", date(2024, 9, 1), date(2024, 9, 30)),
    (date(2024, 2, 29), "monthly", "2024-02", date(2024, 2, 1), date(2024, 2, 29)),
    (date(2024, 8, 1), "quarterly", "2024-Q3", date(2024, 7, 1), date(2024, 9, 30)),
    (date(2024, 12, 31), "quarterly", "2024-Q4", date(2024, 10, 1), date(2024, 12, 31)),
    (date(2024, 6, 30), "half_yearly", "2024-H1", date(2024, 1, 1), date(2024, 6, 30)),
    (date(2024, 7, 1), "half_yearly", "2024-H2", date(2024, 7, 1), date(2024, 12, 31)),
    (date(2024, 3, 3), "yearly", "2024", date(2024, 1, 1), date(2024, 12, 31)),
])
def test_the_period_containing_a_day(day: date, frequency: str, key: str, start: date, end: date) -> None:
    period = periods.period_containing(day, frequency)
    assert (period.key, period.start, period.end) == (key, start, end)
    assert periods.period_from_key(key) == period


@pytest.mark.parametrize("key", ["2024-13", "2024-00", "2024-Q5", "2024-H3", "24-09", "2024/09", "", "abcd"])
def test_it_rejects_malformed_period_keys(key: str) -> None:
    with pytest.raises(ValueError):
        periods.period_from_key(key)


@pytest.mark.parametrize(("key", "previous", "following"), [
    ("2024-01", "2023-12", "2024-02"),
    ("2024-Q1", "2023-Q4", "2024-Q2"),
    ("2024-H2", "2024-H1", "2025-H1"),
    ("2024", "2023", "2025"),
])
def test_previous_and_next_periods(key: str, previous: str, following: str) -> None:
    period = periods.period_from_key(key)
    assert periods.period_previous(period).key == previous
    assert periods.period_next(period).key == following


@pytest.mark.parametrize(("key", "workdays", "due"), [
    # 5 working days after 30 Sep 2024: the National Day holiday runs to 7 Oct and Saturday
    # 12 Oct is a make-up workday, so the report is due on a Saturday, not on 7 Oct.
    ("2024-09", 5, date(2024, 10, 12)),
    ("2024-Q3", 5, date(2024, 10, 12)),
    # June 2024 ends on a Sunday: Mon 1 Jul .. Fri 5 Jul.
    ("2024-06", 5, date(2024, 7, 5)),
    # Spring Festival 2025: 28 Jan – 4 Feb off, 26 Jan (Sun) and 8 Feb (Sat) worked.
    ("2025-01", 1, date(2025, 2, 5)),
    ("2024-12", 0, date(2024, 12, 31)),
])
def test_report_due_dates_count_working_days_with_holidays(key: str, workdays: int, due: date) -> None:
    assert rules.report_due_date(periods.period_from_key(key), workdays) == due


SEPT = periods.period_from_key("2024-09")


@pytest.mark.parametrize(("today", "closed", "state"), [
    (date(2024, 8, 31), None, rules.FUTURE),
    (date(2024, 9, 1), None, rules.OPEN),
    (date(2024, 10, 12), None, rules.OPEN),  # the due date itself is on time
    (date(2024, 10, 14), None, rules.LATE),
    (date(2024, 10, 25), None, rules.LATE),  # 10 working days after the due date
    (date(2024, 10, 28), None, rules.CLOSED),
    (date(2024, 9, 15), True, rules.CLOSED),  # a supervisor closed it
    (date(2025, 3, 1), False, rules.LATE),  # a supervisor reopened it
])
def test_period_state(today: date, closed: bool | None, state: str) -> None:
    assert rules.period_state(SEPT, today, due_workdays=5, close_after_workdays=10, closed=closed) == state


@pytest.mark.parametrize(("start", "end", "as_of", "keys"), [
    # due dates: Jul → 7 Aug, Aug → 6 Sep, Sep → 12 Oct
    (date(2024, 7, 10), None, date(2024, 10, 20), ["2024-07", "2024-08", "2024-09"]),
    (date(2024, 7, 10), None, date(2024, 10, 12), ["2024-07", "2024-08"]),  # Sep due today: not yet missing
    (date(2024, 9, 10), None, date(2024, 10, 20), ["2024-09"]),
    (date(2024, 1, 1), date(2024, 8, 15), date(2024, 12, 1), ["2024-06", "2024-07", "2024-08"]),
    (date(2024, 11, 1), None, date(2024, 10, 20), []),
])
def test_periods_due_are_the_last_three_whose_due_date_passed(start: date, end: date | None, as_of: date,
                                                               keys: list[str]) -> None:
    due = rules.periods_due(frequency="monthly", task_start=start, task_end=end, as_of=as_of, due_workdays=5,
                            lookback=3)
    assert [p.key for p in due] == keys


def test_a_report_after_its_due_date_is_late() -> None:
    assert not rules.is_late(date(2024, 10, 12), SEPT, 5)
    assert rules.is_late(date(2024, 10, 14), SEPT, 5)


def test_periods_between_covers_both_ends() -> None:
    found = periods.periods_between(date(2024, 2, 15), date(2024, 5, 1), "monthly")
    assert [p.key for p in found] == ["2024-02", "2024-03", "2024-04", "2024-05"]
    assert isinstance(found[0], Period)
