"""Holidays entered by admins for years the calendar library does not know (issue 12, point 2)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from luoshi.core.checks import W001, calendar_years_check
from luoshi.core.holidays import holiday_cache_clear
from luoshi.core.models import Holiday, HolidayKind
from luoshi.core.workdays import (
    add_working_days,
    is_working_day,
    library_is_working_day,
    schedule_known,
    working_days_between,
    years_unknown,
)

# A year the library does not know: far enough ahead for any release of it.
LATER = 2099


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    holiday_cache_clear()
    yield
    holiday_cache_clear()  # entries of a rolled-back test must not outlive it


# --- the pure calendar ----------------------------------------------------------------------

def test_an_unknown_year_falls_back_to_monday_to_friday_and_says_so() -> None:
    assert library_is_working_day(date(LATER, 1, 1)) is None
    assert schedule_known(date(LATER, 1, 1), {}) is False
    assert is_working_day(date(LATER, 1, 1), {}) is True  # a Thursday


def test_entered_days_win_for_a_year_the_library_does_not_know() -> None:
    extra = {date(LATER, 1, 1): False, date(LATER, 1, 3): True}  # New Year; a Saturday make-up day
    assert is_working_day(date(LATER, 1, 1), extra) is False
    assert is_working_day(date(LATER, 1, 3), extra) is True
    assert schedule_known(date(LATER, 6, 1), extra) is True
    # Wed 31 Dec 2098 + 1 working day skips the holiday Thursday and Friday is next.
    assert add_working_days(date(LATER - 1, 12, 31), 1, extra) == date(LATER, 1, 2)
    assert working_days_between(date(LATER - 1, 12, 31), date(LATER, 1, 4), extra) == 2  # Fri 2, Sat 3


@pytest.mark.parametrize(("today", "expected"), [
    (date(2024, 6, 1), []),
    (date(LATER, 6, 1), [LATER, LATER + 1]),
])
def test_years_unknown_lists_this_year_and_next_when_nobody_knows_them(today: date, expected: list[int]) -> None:
    assert years_unknown(today, {}) == expected


def test_entries_for_a_year_make_it_known() -> None:
    assert years_unknown(date(LATER, 6, 1), {date(LATER, 10, 1): False}) == [LATER + 1]


# --- the model, the check and the warning -----------------------------------------------------

@pytest.mark.django_db
def test_a_saved_entry_changes_the_working_day_count_at_once() -> None:
    assert is_working_day(date(LATER, 1, 1)) is True
    Holiday.objects.create(date=date(LATER, 1, 1), kind=HolidayKind.HOLIDAY, name="元旦")
    assert is_working_day(date(LATER, 1, 1)) is False
    Holiday.objects.all().delete()
    assert is_working_day(date(LATER, 1, 1)) is True


@pytest.mark.django_db
def test_an_entry_that_clashes_with_the_library_is_refused_clearly() -> None:
    entry = Holiday(date=date(2024, 10, 12), kind=HolidayKind.HOLIDAY, name="国庆节")  # an official make-up Saturday
    with pytest.raises(ValidationError) as error:
        entry.full_clean()
    message = error.value.message_dict["kind"][0]
    assert "2024-10-12" in message and "工作日" in message and "放假" in message


@pytest.mark.django_db
def test_an_entry_that_agrees_with_the_library_is_accepted() -> None:
    Holiday(date=date(2024, 10, 1), kind=HolidayKind.HOLIDAY, name="国庆节").full_clean()


@pytest.mark.django_db
def test_the_system_check_warns_only_while_a_year_is_unknown(
    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("luoshi.core.checks.timezone.localdate", lambda: date(LATER, 3, 1))
    (warning,) = calendar_years_check()
    assert warning.id == W001 and str(LATER) in warning.msg
    Holiday.objects.create(date=date(LATER, 10, 1), kind=HolidayKind.HOLIDAY, name="国庆节")
    Holiday.objects.create(date=date(LATER + 1, 10, 1), kind=HolidayKind.HOLIDAY, name="国庆节")
    assert calendar_years_check() == []


@pytest.mark.django_db
def test_admins_see_the_warning_on_the_site_and_the_admin_index(client: Client, django_user_model: Any,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("luoshi.core.context_processors.timezone.localdate", lambda: date(LATER, 3, 1))
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(admin)
    index = client.get("/admin/").content.decode()
    assert 'id="calendar-warning"' in index and f"{LATER}、{LATER + 1}" in index
    page = client.get("/").content.decode()
    assert 'id="calendar-warning"' in page
    response = client.post("/admin/core/holiday/add/", {"date": "2024-10-12", "kind": "holiday", "name": "国庆节"})
    assert response.status_code == 200 and "不符" in response.content.decode()
    assert not Holiday.objects.exists()


@pytest.mark.django_db
def test_other_users_are_not_shown_the_warning(client: Client, django_user_model: Any,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("luoshi.core.context_processors.timezone.localdate", lambda: date(LATER, 3, 1))
    client.force_login(django_user_model.objects.create_user("someone", password="pw"))
    assert 'id="calendar-warning"' not in client.get("/").content.decode()
