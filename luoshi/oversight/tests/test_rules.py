"""Evaluation, reminder and assessment rules: tables of cases, no database."""

from __future__ import annotations

from datetime import date

import pytest

from luoshi.oversight import rules
from luoshi.oversight.constants import Thresholds, Weights
from luoshi.oversight.rules import TaskFacts, UnitFacts

T = Thresholds()
START, DEADLINE = date(2024, 1, 1), date(2024, 12, 31)
MID = date(2024, 7, 1)  # 182 of 365 days: 50% expected


@pytest.mark.parametrize(("start", "deadline", "as_of", "expected"), [
    (START, DEADLINE, date(2023, 12, 1), 0),
    (START, DEADLINE, START, 0),
    (START, DEADLINE, MID, 50),
    (START, DEADLINE, DEADLINE, 100),
    (START, DEADLINE, date(2025, 3, 1), 100),
    (None, DEADLINE, MID, None),
    (START, None, MID, None),
    (START, START, MID, 100),
    (date(2026, 1, 1), DEADLINE, date(2026, 2, 1), 100),  # entered after its deadline: expected done
])
def test_expected_progress_follows_elapsed_time(start: date | None, deadline: date | None, as_of: date,
                                                expected: int | None) -> None:
    assert rules.expected_progress(start, deadline, as_of) == expected


@pytest.mark.parametrize(("own", "plan", "entered", "start"), [
    (date(2025, 3, 1), date(2025, 1, 10), date(2026, 5, 1), date(2025, 3, 1)),  # its own start first
    (None, date(2025, 1, 10), date(2026, 5, 1), date(2025, 1, 10)),  # else the plan's issue date
    (None, None, date(2026, 5, 1), date(2026, 5, 1)),  # else the day it entered the ledger
])
def test_the_clock_starts_with_the_task_then_its_plan_then_the_ledger(own: date | None, plan: date | None,
                                                                      entered: date, start: date) -> None:
    assert rules.plan_start(own, plan, entered) == start


def test_a_plan_loaded_late_is_not_on_schedule_at_zero() -> None:
    """Issue 12: a 2025–2027 plan loaded in mid-2026 is expected about half done, not 0 %."""
    start = rules.plan_start(None, date(2025, 1, 1), date(2026, 7, 1))
    expected = rules.expected_progress(start, date(2027, 12, 31), date(2026, 7, 1))
    assert expected == 50
    assert rules.evaluate(facts(start=start, deadline=date(2027, 12, 31), progress=0), date(2026, 7, 1), T).light == "red"


@pytest.mark.parametrize(("milestones", "as_of", "expected"), [
    ((date(2024, 2, 1),), date(2024, 2, 1), 50),  # one early milestone: half the work by February
    ((date(2024, 2, 1),), date(2024, 1, 16), 24),  # 15 of 31 days towards 50 %
    ((date(2024, 2, 1), date(2024, 3, 1)), date(2024, 3, 1), 67),
    ((date(2024, 2, 1),), date(2024, 12, 31), 100),
    ((date(2023, 6, 1), date(2025, 6, 1)), MID, 50),  # milestones outside the plan change nothing
    ((DEADLINE,), MID, 50),  # a milestone on the deadline is the deadline
])
def test_milestones_set_the_pace(milestones: tuple[date, ...], as_of: date, expected: int) -> None:
    assert rules.expected_progress(START, DEADLINE, as_of, milestones) == expected


@pytest.mark.parametrize(("points", "deadline", "status", "verdict", "projected"), [
    ((), DEADLINE, "in_progress", rules.INSUFFICIENT, None),
    (((date(2024, 3, 31), 20),), DEADLINE, "in_progress", rules.INSUFFICIENT, None),
    (((date(2024, 3, 31), 20), (date(2024, 3, 31), 30)), DEADLINE, "in_progress", rules.INSUFFICIENT, None),
    # 20 points a quarter: 40 + 20/91 × 184 days ≈ 80 % by the deadline
    (((date(2024, 3, 31), 20), (date(2024, 6, 30), 40)), DEADLINE, "in_progress", rules.LIKELY_LATE, 80),
    (((date(2024, 3, 31), 10), (date(2024, 6, 30), 20)), DEADLINE, "in_progress", rules.LIKELY_LATE, 40),
    (((date(2024, 3, 31), 30), (date(2024, 6, 30), 30)), DEADLINE, "in_progress", rules.LIKELY_LATE, 30),
    (((date(2024, 1, 31), 20), (date(2024, 2, 29), 40)), DEADLINE, "in_progress", rules.ON_COURSE, 100),
    (((date(2024, 1, 31), 20), (date(2024, 2, 29), 100)), DEADLINE, "in_progress", rules.ON_COURSE, 100),
    (((date(2024, 1, 31), 20),), DEADLINE, "completed", rules.ON_COURSE, 100),
    (((date(2024, 1, 31), 20), (date(2024, 2, 29), 40)), None, "in_progress", rules.NO_DEADLINE, None),
])
def test_forecast_projects_reported_pace_to_the_deadline(points: tuple[tuple[date, int], ...], deadline: date | None,
                                                         status: str, verdict: str, projected: int | None) -> None:
    result = rules.forecast(points, deadline, status)
    assert (result.verdict, result.projected) == (verdict, projected)


def test_the_start_of_the_clock_is_the_first_point_once_something_is_reported() -> None:
    start = date(2024, 1, 1)
    assert rules.forecast([], DEADLINE, "in_progress", start).verdict == rules.INSUFFICIENT
    one = rules.forecast([(date(2024, 7, 1), 30)], DEADLINE, "in_progress", start)
    assert (one.verdict, one.points) == (rules.LIKELY_LATE, 2)  # 30 % in half the time: about 60 % by the end
    assert rules.forecast([(date(2024, 7, 1), 60)], DEADLINE, "in_progress", start).verdict == rules.ON_COURSE


def test_forecast_rate_and_finish_follow_the_line() -> None:
    result = rules.forecast([(date(2024, 1, 1), 0), (date(2024, 1, 11), 10)], DEADLINE, "in_progress")
    assert result.rate == 1.0
    assert result.finish == date(2024, 4, 10)


@pytest.mark.parametrize(("children", "verdict"), [
    ((), rules.NO_DEADLINE),
    ((rules.ON_COURSE, rules.LIKELY_LATE), rules.LIKELY_LATE),
    ((rules.INSUFFICIENT, rules.INSUFFICIENT), rules.INSUFFICIENT),
    ((rules.INSUFFICIENT, rules.ON_COURSE, rules.NO_DEADLINE), rules.ON_COURSE),
    ((rules.NO_DEADLINE,), rules.NO_DEADLINE),
])
def test_a_parent_forecast_comes_from_its_children(children: tuple[str, ...], verdict: str) -> None:
    assert rules.forecast_rollup(children) == verdict


def facts(**kw: object) -> TaskFacts:
    base: dict[str, object] = {"status": "in_progress", "start": START, "deadline": DEADLINE, "progress": 50}
    base.update(kw)
    return TaskFacts(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(("task", "as_of", "light", "reasons"), [
    # time half gone, work half done
    (facts(progress=50), MID, rules.GREEN, ()),
    (facts(progress=36), MID, rules.GREEN, ()),  # 14 points behind: within the yellow gap
    (facts(progress=35), MID, rules.YELLOW, (rules.BEHIND,)),  # 15 behind
    (facts(progress=20), MID, rules.RED, (rules.FAR_BEHIND,)),  # 30 behind
    (facts(progress=90), date(2025, 1, 2), rules.RED, (rules.OVERDUE,)),
    (facts(status="completed", progress=100), date(2025, 1, 2), rules.DONE, ()),
    (facts(status="suspended", progress=10), MID, rules.NONE, ()),
    (facts(status="cancelled"), MID, rules.NONE, ()),
    (facts(overdue_milestones=1), MID, rules.YELLOW, (rules.MILESTONES_OVERDUE,)),
    (facts(overdue_milestones=2), MID, rules.RED, (rules.MILESTONES_OVERDUE,)),
    (facts(missing_reports=1), MID, rules.YELLOW, (rules.REPORTS_MISSING,)),
    (facts(missing_reports=2), MID, rules.RED, (rules.REPORTS_MISSING,)),
    # deadline 31 Dec 2024 (Tue); on 20 Dec there are 7 working days left
    (facts(progress=95), date(2024, 12, 20), rules.GREEN, ()),
    (facts(progress=30, start=date(2024, 12, 1)), date(2024, 12, 20), rules.RED, (rules.FAR_BEHIND, rules.DUE_SOON)),
    (facts(progress=79, start=date(2024, 12, 19)), date(2024, 12, 20), rules.YELLOW, (rules.DUE_SOON,)),
    (facts(start=None, deadline=None, progress=0), MID, rules.GREEN, ()),
    (facts(progress=10, missing_reports=1, overdue_milestones=2), MID, rules.RED,
     (rules.FAR_BEHIND, rules.MILESTONES_OVERDUE, rules.REPORTS_MISSING)),
    # nothing reported: unknown, not behind; once anything is reported, the gap is measured
    (facts(progress=0, reported=False), MID, rules.UNREPORTED, (rules.NO_REPORT,)),
    (facts(progress=0, reported=False, start=date(2024, 6, 25)), MID, rules.GREEN, ()),  # nothing expected yet
    (facts(progress=0, reported=True), MID, rules.RED, (rules.FAR_BEHIND,)),  # a report saying 0 %
    (facts(progress=0, reported=False, reached_milestones=1), MID, rules.RED, (rules.FAR_BEHIND,)),
    (facts(progress=0, reported=False, missing_reports=1), MID, rules.UNREPORTED,
     (rules.NO_REPORT, rules.REPORTS_MISSING)),
    # what makes a task red still does
    (facts(progress=0, reported=False, missing_reports=2), MID, rules.RED, (rules.NO_REPORT, rules.REPORTS_MISSING)),
    (facts(progress=0, reported=False), date(2025, 1, 2), rules.RED, (rules.OVERDUE, rules.NO_REPORT)),
])
def test_evaluation_lights(task: TaskFacts, as_of: date, light: str, reasons: tuple[str, ...]) -> None:
    result = rules.evaluate(task, as_of, T)
    assert result.light == light
    assert set(result.reasons) == set(reasons)


@pytest.mark.parametrize(("task", "staged"), [
    (facts(progress=0), False),
    (facts(progress=1), True),
    (facts(progress=0, reached_milestones=1), True),
    (facts(status="completed", progress=100), True),
])
def test_staged_progress_is_any_progress_or_milestone(task: TaskFacts, staged: bool) -> None:
    assert rules.evaluate(task, MID, T).staged_progress is staged


def test_thresholds_are_parameters_not_constants_in_the_rule() -> None:
    strict = Thresholds(yellow_gap=5, red_gap=10)
    assert rules.evaluate(facts(progress=44), MID, strict).light == rules.YELLOW
    assert rules.evaluate(facts(progress=44), MID, T).light == rules.GREEN


# Fri 27 Sep 2024; the National Day holiday is 1–7 Oct, Sun 29 Sep and Sat 12 Oct are worked.
@pytest.mark.parametrize(("today", "due", "stage"), [
    (date(2024, 9, 27), date(2024, 10, 8), 5),  # 2 working days left (29, 30 Sep, 8 Oct = 3) → stage 5
    (date(2024, 9, 30), date(2024, 10, 8), 1),  # 1 working day left (8 Oct)
    (date(2024, 10, 8), date(2024, 10, 8), 0),
    (date(2024, 9, 1), date(2024, 10, 8), None),  # too early for any stage
    (date(2024, 10, 9), date(2024, 10, 8), None),  # past
    (date(2024, 9, 20), date(2024, 10, 8), 10),
])
def test_reminder_stage_counts_working_days(today: date, due: date, stage: int | None) -> None:
    assert rules.reminder_stage(today, due, (10, 5, 1, 0)) == stage


@pytest.mark.parametrize(("progress", "expected", "ratio"), [
    (50, 50, 1.0), (25, 50, 0.5), (80, 50, 1.0), (0, 40, 0.0), (10, 0, None), (10, None, None),
])
def test_completion_ratio(progress: int, expected: int | None, ratio: float | None) -> None:
    assert rules.completion_ratio(progress, expected) == ratio


@pytest.mark.parametrize(("grade", "returned", "score"), [
    (5, False, 1.0), (4, False, 0.75), (1, False, 0.0), (None, False, 0.5), (5, True, 0.0),
])
def test_grade_score(grade: int | None, returned: bool, score: float) -> None:
    assert rules.grade_score(grade, returned) == score


DUE = date(2024, 10, 8)


@pytest.mark.parametrize(("answered", "as_of", "score"), [
    (date(2024, 10, 8), date(2024, 10, 30), 1.0),
    (date(2024, 10, 14), date(2024, 10, 30), 0.5),  # 4 working days late (9, 10, 11, 12 Sat, 14)
    (date(2024, 10, 30), date(2024, 10, 30), 0.0),
    (None, date(2024, 10, 8), None),  # not due yet
    (None, date(2024, 10, 9), 0.0),
])
def test_notice_score(answered: date | None, as_of: date, score: float | None) -> None:
    assert rules.notice_score(answered, DUE, as_of, 5) == score


# The five parts of oversight with the weights these tables were written for.
W = Weights(on_time=0.25, completion=0.35, grade=0.2, responsiveness=0.1, overdue=0.1)


@pytest.mark.parametrize(("unit", "total", "on_time"), [
    # every part measured: 100 × (.25×1 + .35×.5 + .2×.75 + .1×1 + .1×.5) / 1.0
    (UnitFacts(reports_due=4, reports_on_time=4, completion_ratios=(0.5,), grade_scores=(0.75,),
               notice_scores=(1.0,), deadline_scores=(1.0, 0.0)), 72.5, 1.0),
    # no notices, no deadline passed: those parts are left out and the weights renormalised over 0.8
    (UnitFacts(reports_due=2, reports_on_time=1, completion_ratios=(1.0, 0.0), grade_scores=(0.5,)),
     round(100 * (0.25 * 0.5 + 0.35 * 0.5 + 0.2 * 0.5) / 0.8, 2), 0.5),
    (UnitFacts(), None, None),
])
def test_unit_score_formula(unit: UnitFacts, total: float | None, on_time: float | None) -> None:
    parts = rules.unit_score(unit, W)
    assert parts.total == total
    assert parts.on_time == on_time


def test_weights_are_configurable() -> None:
    unit = UnitFacts(reports_due=1, reports_on_time=1, completion_ratios=(0.0,))
    assert rules.unit_score(unit, Weights(on_time=1, completion=0, grade=0, responsiveness=0)).total == 100.0
    assert rules.unit_score(unit, Weights(on_time=0, completion=1, grade=0, responsiveness=0)).total == 0.0


def test_rank_shares_ties_and_skips() -> None:
    assert rules.rank({"a": 90.0, "b": 80.0, "c": 90.0, "d": 70.0, "e": None}) == {
        "a": 1, "c": 1, "b": 3, "d": 4, "e": None}


def test_the_worked_example_in_docs_assessment_md() -> None:
    unit = UnitFacts(reports_due=4, reports_on_time=3, completion_ratios=(0.8, 1.0), grade_scores=(0.0, 0.75))
    # the default weights: on time .25 × .75, completion .30 × .9, quality .15 × .375, over the .70 measured
    assert rules.unit_score(unit, Weights(extra={"proposals": 0.1})).total == 73.39


def test_a_contributed_part_weighs_like_the_others() -> None:
    w = Weights(on_time=0.5, completion=0, grade=0, responsiveness=0, overdue=0, extra={"proposals": 0.5})
    # on time 1.0, proposals (1 + 0) / 2 = 0.5: 100 × (0.5 × 1 + 0.5 × 0.5) / 1.0
    parts = rules.unit_score(UnitFacts(reports_due=1, reports_on_time=1, extra={"proposals": (1.0, 0.0)}), w)
    assert (parts.total, parts.extra) == (75.0, {"proposals": 0.5})
    # nothing to measure in the contributed part: left out, the others renormalised
    parts = rules.unit_score(UnitFacts(reports_due=1, reports_on_time=1, extra={"proposals": ()}), w)
    assert (parts.total, parts.extra) == (100.0, {"proposals": None})
    # a unit measured only on the contributed part
    assert rules.unit_score(UnitFacts(extra={"proposals": (0.0, 1.0, 1.0, 1.0)}), w).total == 75.0


@pytest.mark.parametrize(("completed_on", "score"), [
    (None, 0.0),                      # past its deadline and still open: overdue
    (date(2024, 9, 20), 1.0),         # completed by its deadline in the period
    (date(2024, 10, 3), 0.0),         # completed late, in the period: overdue in it
    (date(2024, 9, 25), 1.0),         # completed on its deadline day
])
def test_deadline_score_of_a_task_due_in_the_period(completed_on: date | None, score: float) -> None:
    assert rules.deadline_score(date(2024, 9, 25), completed_on, date(2024, 9, 1)) == score


@pytest.mark.parametrize(("completed_on", "score"), [
    (None, 0.0),                      # due before the period, still open in it: overdue
    (date(2024, 8, 10), None),        # done on time before the period: not in it
    (date(2024, 8, 31), None),        # done late, but before the period began: not in it
    (date(2024, 9, 5), 0.0),          # done late, during the period: overdue in it
])
def test_deadline_score_of_a_task_due_before_the_period(completed_on: date | None, score: float | None) -> None:
    assert rules.deadline_score(date(2024, 8, 15), completed_on, date(2024, 9, 1)) == score
