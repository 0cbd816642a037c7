"""Milestone states, investment pace, project lights and pipeline delivery (issue #5). No database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from luoshi.projects.rules import (
    delivered,
    expected_share,
    investment_pace,
    investment_problems,
    milestone_state,
    overdue_days,
    project_light,
    ratio,
)

AS_OF = date(2024, 10, 31)


@pytest.mark.parametrize(("planned", "actual", "state"), [
    (date(2024, 6, 1), date(2024, 5, 20), "done"),
    (date(2024, 6, 1), date(2024, 6, 1), "done"),
    (None, date(2024, 6, 1), "done"),
    (date(2024, 6, 1), date(2024, 7, 1), "done_late"),
    (date(2024, 6, 1), None, "overdue"),
    (date(2024, 11, 20), None, "due_soon"),
    (date(2025, 3, 1), None, "pending"),
    (None, None, "unplanned"),
    (date(2024, 6, 1), date(2024, 12, 1), "overdue"),  # an actual date after as-of has not happened yet
])
def test_milestone_state(planned: date | None, actual: date | None, state: str) -> None:
    assert milestone_state(planned, actual, AS_OF) == state


def test_overdue_days_count_from_the_plan() -> None:
    assert overdue_days(date(2024, 10, 1), None, AS_OF) == 30
    assert overdue_days(date(2024, 10, 1), date(2024, 10, 20), AS_OF) == 0
    assert overdue_days(date(2024, 12, 1), None, AS_OF) == 0
    assert overdue_days(None, None, AS_OF) == 0


@pytest.mark.parametrize(("completed", "planned", "month", "pace"), [
    (Decimal(50), Decimal(120), 6, 50 / 60),
    (60, 120, 6, 1.0),
    (0, 120, 6, 0.0),
    (10, None, 6, None),
    (10, 0, 6, None),
    (10, 120, 0, None),
])
def test_investment_pace_is_against_the_plan_spread_evenly(completed: object, planned: object, month: int,
                                                          pace: float | None) -> None:
    result = investment_pace(completed, planned, month)  # type: ignore[arg-type]
    assert result == (pytest.approx(pace) if pace is not None else None)


def test_expected_share_is_clamped() -> None:
    assert expected_share(6) == 0.5 and expected_share(15) == 1 and expected_share(-1) == 0


@pytest.mark.parametrize(("pace", "overdue", "has_plan", "light"), [
    (1.0, 0, True, "green"), (0.95, 0, True, "green"), (0.85, 0, True, "yellow"), (0.6, 0, True, "red"),
    (1.0, 10, True, "yellow"), (1.0, 31, True, "red"), (None, 0, True, "green"), (None, 0, False, "none"),
    (None, 45, True, "red"),
])
def test_project_light(pace: float | None, overdue: int, has_plan: bool, light: str) -> None:
    assert project_light(pace, overdue, has_plan) == light


@pytest.mark.parametrize(("pipeline", "started", "completed", "invested", "result"), [
    ("new_start", True, False, False, True), ("new_start", False, False, True, False),
    ("completion", True, True, True, True), ("completion", True, False, True, False),
    ("under_construction", False, False, True, True), ("under_construction", False, False, False, False),
    ("other", True, True, True, False),
])
def test_delivery_is_what_the_pipeline_promises(pipeline: str, started: bool, completed: bool, invested: bool,
                                                result: bool) -> None:
    assert delivered(pipeline, started_in_year=started, completed_in_year=completed,
                     invested_in_year=invested) is result


def test_money_checks() -> None:
    assert investment_problems(Decimal(100), Decimal(120), Decimal(0)) == ["planned_over_total"]
    assert investment_problems(Decimal(100), Decimal(50), Decimal(101)) == ["completed_over_total"]
    assert investment_problems(None, Decimal(50), Decimal(101)) == []
    assert investment_problems(Decimal(100), None, Decimal(100)) == []


def test_ratio_is_none_without_a_whole() -> None:
    assert ratio(1, 4) == 0.25 and ratio(1, 0) is None and ratio(None, 4) is None and ratio(1, None) is None
