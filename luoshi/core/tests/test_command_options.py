"""The scheduled commands read `--date` the same way and refuse a day that does not exist."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from luoshi.core.management.options import as_of_option


def test_no_date_means_the_business_date() -> None:
    assert as_of_option({"date": None}) is None


def test_a_date_is_read() -> None:
    assert as_of_option({"date": "2024-10-31"}) == date(2024, 10, 31)


@pytest.mark.parametrize("text", ["2024-02-30", "31/10/2024", "yesterday"])
def test_an_impossible_or_malformed_date_is_refused_in_both_languages(text: str) -> None:
    with pytest.raises(CommandError, match="不是有效日期 / not a date"):
        as_of_option({"date": text})


@pytest.mark.django_db
@pytest.mark.parametrize("command", ["tick", "proposals_remind"])
def test_both_scheduled_commands_refuse_an_impossible_date(command: str) -> None:
    with pytest.raises(CommandError, match="2024-02-30"):
        call_command(command, "--date", "2024-02-30")
