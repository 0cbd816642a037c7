"""The business date: off by default, from the setting first, then from the demo's file."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings

from luoshi.core import clock


def test_it_is_off_by_default_and_today_is_the_local_date(settings: Settings) -> None:
    assert clock.business_date() is None
    assert clock.business_today() == timezone.localdate()


def test_the_setting_gives_the_business_date(settings: Settings) -> None:
    settings.LUOSHI_BUSINESS_DATE = "2024-10-31"
    assert clock.business_today() == date(2024, 10, 31)


def test_the_file_written_for_the_demo_gives_it_and_removing_it_turns_it_off(settings: Settings,
                                                                              tmp_path: Path) -> None:
    settings.LUOSHI_BUSINESS_DATE_FILE = tmp_path / "business_date"
    assert clock.business_date_store(date(2024, 10, 31)) == tmp_path / "business_date"
    assert clock.business_today() == date(2024, 10, 31)
    settings.LUOSHI_BUSINESS_DATE = "2025-01-02"  # the setting wins over the file
    assert clock.business_today() == date(2025, 1, 2)
    settings.LUOSHI_BUSINESS_DATE = ""
    clock.business_date_store(None)
    assert clock.business_date() is None


@pytest.mark.parametrize("value", ["2024-13-01", "yesterday", "31/10/2024"])
def test_a_malformed_business_date_is_a_clear_error(settings: Settings, value: str) -> None:
    settings.LUOSHI_BUSINESS_DATE = value
    with pytest.raises(ImproperlyConfigured, match="ISO date"):
        clock.business_today()


@pytest.mark.django_db
def test_every_page_shows_a_banner_while_a_business_date_is_set(settings: Settings, client: Client) -> None:
    assert "演示业务日期" not in client.get("/login/").content.decode()
    settings.LUOSHI_BUSINESS_DATE = "2024-10-31"
    page = client.get("/login/").content.decode()
    assert "演示业务日期" in page and "2024-10-31" in page


def test_the_file_is_read_again_only_when_it_changes(settings: Settings, tmp_path: Path) -> None:
    """"Today" is asked many times per request; the file is parsed once per change (issue 15)."""
    path = tmp_path / "business_date"
    settings.LUOSHI_BUSINESS_DATE_FILE = path
    clock.business_date_store(date(2024, 10, 31))
    assert clock.business_today() == date(2024, 10, 31)
    cached = clock._file_cache[str(path)]
    assert clock.business_today() == date(2024, 10, 31) and clock._file_cache[str(path)] is cached
    path.write_text("2024-11-30\n", encoding="utf-8")  # as another process (manage.py demo) would
    os.utime(path, ns=(1, 1))  # even a rewrite within the same clock tick changes the key (time, size, inode)
    assert clock.business_today() == date(2024, 11, 30)
    path.unlink()
    assert clock.business_date() is None
