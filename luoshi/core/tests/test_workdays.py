from datetime import date

import pytest

from luoshi.core.workdays import add_working_days, is_working_day, working_days_between


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 10, 1), False),  # National Day
        (date(2024, 10, 7), False),  # still the Golden Week holiday, a Monday
        (date(2024, 10, 12), True),  # Saturday make-up workday (补班)
        (date(2024, 10, 8), True),
        (date(2024, 10, 13), False),  # ordinary Sunday
    ],
)
def test_it_knows_holidays_and_make_up_days(day: date, expected: bool) -> None:
    assert is_working_day(day) is expected


def test_adding_working_days_skips_the_golden_week() -> None:
    # 2024-09-30 (Mon) + 1 working day → 2024-10-08, because 10-01..10-07 is a holiday.
    assert add_working_days(date(2024, 9, 30), 1) == date(2024, 10, 8)


def test_adding_working_days_counts_a_make_up_saturday() -> None:
    # Friday 2024-10-11 + 1 → Saturday 2024-10-12, a make-up workday.
    assert add_working_days(date(2024, 10, 11), 1) == date(2024, 10, 12)


def test_negative_counts_go_backwards() -> None:
    assert add_working_days(date(2024, 10, 8), -1) == date(2024, 9, 30)


def test_working_days_between_is_signed() -> None:
    assert working_days_between(date(2024, 9, 30), date(2024, 10, 8)) == 1
    assert working_days_between(date(2024, 10, 8), date(2024, 9, 30)) == -1
    assert working_days_between(date(2024, 10, 8), date(2024, 10, 8)) == 0
