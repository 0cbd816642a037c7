"""Evaluation, assessment and reminder rules: pure functions of plain values, no database.

Evaluation (评估) turns a task's facts into a light:

- done when the task is completed; not evaluated (none) when suspended or cancelled;
- red when the deadline has passed, when progress trails the time-elapsed expectation by
  `red_gap` points or more, or when too many milestones or reports are overdue;
- unreported (未报送) when nothing has been reported on the task (no report submitted, no
  progress, no milestone reached) while the time-elapsed expectation is `yellow_gap` points or
  more and nothing makes it red: how far behind such a task is cannot be known, so it is
  not called "behind schedule"; a supervisor chases the report instead;
- yellow when progress trails by `yellow_gap` points, a milestone or a report is overdue,
  or the deadline is a few working days away and the work is far from done;
- green otherwise.

"Time elapsed" is measured in calendar days from the start to the deadline: the expectation
"time half gone, work half done" is about the plan's calendar, while reminders, which ask a
person to act, count working days. The start is the plan's clock, not the ledger's: the task's
own start date, else the issue date of the document it came from, else the day it entered the
ledger (`plan_start`), so a 2025–2027 plan loaded late is not "on schedule at 0 %". Milestones
set the pace where a task has them (`expected_progress`).

Forecast (`forecast`) says whether a task is on course to meet its deadline from its reported
progress so far; a parent's forecast comes from its children (`forecast_rollup`).

Assessment (考核) scores a unit per period from the parts of SCORE_PARTS, each in [0, 1]; see
docs/assessment.md.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TypeVar

from luoshi.core.workdays import working_days_between
from luoshi.oversight.constants import Thresholds, Weights

# Lights and statuses as plain strings (the values of ledger's TrafficLight and TaskStatus).
NONE, GREEN, YELLOW, RED, DONE = "none", "green", "yellow", "red", "done"
UNREPORTED = "unreported"
COMPLETED, CANCELLED, SUSPENDED = "completed", "cancelled", "suspended"

# Why a task is not green. Labels for people are in oversight.choices.REASON_LABELS.
OVERDUE = "overdue"
FAR_BEHIND = "far_behind"
BEHIND = "behind"
DUE_SOON = "due_soon"
MILESTONES_OVERDUE = "milestones_overdue"
REPORTS_MISSING = "reports_missing"
NO_REPORT = "no_report"


@dataclass(frozen=True)
class TaskFacts:
    """What evaluation needs to know about a task on a day."""

    status: str
    start: date | None
    deadline: date | None
    progress: int
    overdue_milestones: int = 0
    reached_milestones: int = 0
    missing_reports: int = 0
    milestone_dates: tuple[date, ...] = ()
    # Whether any report on the task has been submitted (and not returned) by the day.
    reported: bool = True


@dataclass(frozen=True)
class Evaluation:
    """A task's evaluated state: light, expected and actual progress, and the reasons."""

    light: str
    expected: int | None
    gap: int | None
    overdue: bool
    staged_progress: bool
    reasons: tuple[str, ...]


def plan_start(own: date | None, plan: date | None, entered: date) -> date:
    """The day a task's clock starts: its own start date, else its plan's (the source
    document's issue date), else the day it entered the ledger."""
    return own or plan or entered


def expected_progress(start: date | None, deadline: date | None, as_of: date,
                      milestones: Sequence[date] = ()) -> int | None:
    """Percent of the work that should be done by `as_of`; None when either date is unknown.

    Without milestones the work advances evenly from start to deadline. With n milestones
    strictly between start and deadline, they split the work into n + 1 equal shares: the
    k-th milestone (by date) is due at 100·k/(n+1) %, and the expectation runs linearly from
    one checkpoint to the next, so a task whose milestones cluster early is expected to move
    early.
    """
    if start is None or deadline is None:
        return None
    # The deadline decides first: a task entered in the ledger after its deadline (start
    # unknown, taken as the entry date) is expected done, not "not yet begun".
    if as_of >= deadline or deadline <= start:
        return 100
    if as_of <= start:
        return 0
    inner = sorted({m for m in milestones if start < m < deadline})
    n = len(inner)
    checkpoints = [(start, 0.0)] + [(m, 100 * (k + 1) / (n + 1)) for k, m in enumerate(inner)] + [(deadline, 100.0)]
    for (d0, p0), (d1, p1) in zip(checkpoints, checkpoints[1:], strict=False):
        if d0 <= as_of <= d1:
            return round(p0 + (p1 - p0) * (as_of - d0).days / (d1 - d0).days)
    return 100  # unreachable: as_of lies between start and deadline


def evaluate(facts: TaskFacts, as_of: date, t: Thresholds) -> Evaluation:
    """The light of a task on `as_of` under thresholds `t`, with every reason that applies."""
    staged = facts.progress > 0 or facts.reached_milestones > 0 or facts.status == COMPLETED
    if facts.status == COMPLETED:
        return Evaluation(DONE, 100, 0, False, True, ())
    if facts.status in (CANCELLED, SUSPENDED):
        return Evaluation(NONE, None, None, False, staged, ())
    expected = expected_progress(facts.start, facts.deadline, as_of, facts.milestone_dates)
    gap = expected - facts.progress if expected is not None else None
    overdue = facts.deadline is not None and as_of > facts.deadline
    red: list[str] = []
    unreported: list[str] = []
    yellow: list[str] = []
    if overdue:
        red.append(OVERDUE)
    # Progress 0 that nobody reported is not a measurement: the gap is unknown, not large.
    silent = not facts.reported and facts.progress == 0 and facts.reached_milestones == 0
    if gap is not None and gap >= t.yellow_gap and silent:
        unreported.append(NO_REPORT)
    elif gap is not None and gap >= t.red_gap:
        red.append(FAR_BEHIND)
    elif gap is not None and gap >= t.yellow_gap:
        yellow.append(BEHIND)
    if facts.overdue_milestones >= t.red_overdue_milestones:
        red.append(MILESTONES_OVERDUE)
    elif facts.overdue_milestones >= t.yellow_overdue_milestones:
        yellow.append(MILESTONES_OVERDUE)
    if facts.missing_reports >= t.red_missing_reports:
        red.append(REPORTS_MISSING)
    elif facts.missing_reports >= t.yellow_missing_reports:
        yellow.append(REPORTS_MISSING)
    if (not overdue and facts.deadline is not None and facts.progress < t.due_soon_min_progress
            # Counting working days walks the calendar: only do it when the deadline is near.
            and (facts.deadline - as_of).days <= 2 * t.due_soon_workdays + 14
            and working_days_between(as_of, facts.deadline) <= t.due_soon_workdays):
        yellow.append(DUE_SOON)
    light = RED if red else UNREPORTED if unreported else YELLOW if yellow else GREEN
    return Evaluation(light, expected, gap, overdue, staged, tuple(red + unreported + yellow))


# --- forecast ---------------------------------------------------------------------------------

# Verdicts of a forecast. Labels for people are in oversight.choices.FORECAST_LABELS.
ON_COURSE = "on_course"
LIKELY_LATE = "likely_late"
INSUFFICIENT = "insufficient"
NO_DEADLINE = "no_deadline"


@dataclass(frozen=True)
class Forecast:
    """Whether a task will meet its deadline at the pace of its reported progress.

    `rate` is percent per day (least-squares slope of the reported points), `projected` the
    percent that pace reaches by the deadline (capped at 100) and `finish` the day it reaches
    100 %; all three are None when the verdict is not drawn from a pace.
    """

    verdict: str
    points: int
    rate: float | None = None
    projected: int | None = None
    finish: date | None = None


def forecast(points: Sequence[tuple[date, int]], deadline: date | None, status: str,
             start: date | None = None) -> Forecast:
    """Project reported progress (day, percent) linearly to the deadline.

    Method: the slope of the least-squares line through the points (percent per day),
    extended from the latest point to the deadline. The points are the reported ones and,
    when `start` is given and precedes them, the start of the task's clock at 0 %. At least
    two points on different days are needed, otherwise the verdict is "insufficient data"
    (a single figure says where a task is, not how fast it moves). A completed task is on
    course; a cancelled or suspended one, or one without a deadline, has no forecast to give.
    """
    ordered = sorted(points)
    if start is not None and ordered and start < ordered[0][0]:
        ordered.insert(0, (start, 0))
    if status == COMPLETED:
        return Forecast(ON_COURSE, len(ordered), projected=100)
    if status in (CANCELLED, SUSPENDED) or deadline is None:
        return Forecast(NO_DEADLINE, len(ordered))
    days = {d for d, _p in ordered}
    if len(days) < 2:
        return Forecast(INSUFFICIENT, len(ordered))
    origin = ordered[0][0]
    xs = [(d - origin).days for d, _p in ordered]
    ys = [float(p) for _d, p in ordered]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    rate = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sum((x - mean_x) ** 2 for x in xs)
    last_day, last = ordered[-1][0], ordered[-1][1]
    if last >= 100:
        return Forecast(ON_COURSE, len(ordered), rate, 100, last_day)
    projected = last + rate * max(0, (deadline - last_day).days)
    finish = last_day + timedelta(days=math.ceil((100 - last) / rate)) if rate > 0 else None
    # Judged on the rounded percent, as shown: 99.8 % by the deadline is on course.
    shown = min(100, max(0, round(projected)))
    return Forecast(ON_COURSE if shown >= 100 else LIKELY_LATE, len(ordered), rate, shown, finish)


def forecast_rollup(children: Sequence[str]) -> str:
    """A parent's verdict from its children's: likely late when any child is; insufficient
    data when no child has a verdict drawn from a pace; on course otherwise. Children without
    a deadline (or cancelled) do not count."""
    counted = [v for v in children if v != NO_DEADLINE]
    if not counted:
        return NO_DEADLINE
    if LIKELY_LATE in counted:
        return LIKELY_LATE
    if all(v == INSUFFICIENT for v in counted):
        return INSUFFICIENT
    return ON_COURSE


# --- reminders --------------------------------------------------------------------------------

def reminder_stage(today: date, due: date, offsets: Sequence[int]) -> int | None:
    """Which reminder is due today for a date `due`: the smallest offset (working days before)
    not smaller than the working days left; None when none applies (too early, or past).

    Keying reminders by this stage makes a missed day harmless: the next run sends the stage
    it is in, once, instead of every stage it skipped.
    """
    if today > due:
        return None
    remaining = working_days_between(today, due)
    eligible = [o for o in offsets if o >= remaining]
    return min(eligible) if eligible else None


# --- assessment -------------------------------------------------------------------------------

@dataclass(frozen=True)
class UnitFacts:
    """What a unit's assessment for one period is computed from (see docs/assessment.md)."""

    reports_due: int = 0
    reports_on_time: int = 0
    completion_ratios: tuple[float, ...] = ()
    grade_scores: tuple[float, ...] = ()
    notice_scores: tuple[float, ...] = ()
    deadline_scores: tuple[float, ...] = ()
    # The values of the records of contributed parts (oversight.constants.contribute_score_part), by key.
    extra: Mapping[str, tuple[float, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class UnitScoreParts:
    """The parts (each in [0, 1], None when there was nothing to measure) and the total (0–100);
    `extra` has the contributed parts by key."""

    on_time: float | None
    completion: float | None
    grade: float | None
    responsiveness: float | None
    total: float | None
    overdue: float | None = None
    extra: Mapping[str, float | None] = field(default_factory=dict)


def completion_ratio(progress: int, expected: int | None) -> float | None:
    """Progress against the time-elapsed expectation, capped at 1; None when nothing was expected yet."""
    if expected is None or expected <= 0:
        return None
    return min(1.0, max(0, progress) / expected)


def grade_score(grade: int | None, returned: bool) -> float | None:
    """A reviewed report's quality in [0, 1]: a returned report scores 0, an accepted one
    (grade - 1) / 4 on the 1–5 scale; an accepted report without a grade counts as fair (3)."""
    if returned:
        return 0.0
    return ((grade if grade is not None else 3) - 1) / 4


def notice_score(answered_on: date | None, reply_due: date, as_of: date, late_grace_workdays: int) -> float | None:
    """A notice's responsiveness: 1 answered by the reply deadline, 0.5 answered late within the
    grace, 0 answered later or not at all; None while the reply is not yet due and unanswered."""
    if answered_on is not None:
        if answered_on <= reply_due:
            return 1.0
        return 0.5 if working_days_between(reply_due, answered_on) <= late_grace_workdays else 0.0
    if as_of <= reply_due:
        return None
    return 0.0


def deadline_score(deadline: date, completed_on: date | None, period_start: date) -> float | None:
    """A task's record in the "overdue tasks" part of a period starting `period_start`: 1 when
    it was completed by its deadline, 0 when it was past its deadline and not done at some time
    in the period (still open, or completed late); None when it does not count in the period
    (completed on time before the period, or completed late before the period began). The
    caller passes only tasks whose deadline has passed by the period's as-of date."""
    if completed_on is not None and completed_on <= deadline:
        return 1.0 if deadline >= period_start else None
    if completed_on is not None and completed_on < period_start:
        return None  # late, but its lateness ended before this period
    return 0.0


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def unit_score(facts: UnitFacts, w: Weights) -> UnitScoreParts:
    """Total = 100 × Σ wᵢ·partᵢ / Σ wᵢ over the parts that could be measured; None when none could."""
    on_time = facts.reports_on_time / facts.reports_due if facts.reports_due else None
    parts = {
        "on_time": on_time,
        "completion": _mean(facts.completion_ratios),
        "grade": _mean(facts.grade_scores),
        "responsiveness": _mean(facts.notice_scores),
        "overdue": _mean(facts.deadline_scores),
    }
    extra = {key: _mean(values) for key, values in facts.extra.items()}
    parts.update(extra)
    weight_of = w.by_key()
    measured = {k: v for k, v in parts.items() if v is not None and weight_of.get(k, 0) > 0}
    weight_sum = sum(weight_of[k] for k in measured)
    total = round(100 * sum(weight_of[k] * v for k, v in measured.items()) / weight_sum, 2) if weight_sum else None
    return UnitScoreParts(parts["on_time"], parts["completion"], parts["grade"], parts["responsiveness"], total,
                          overdue=parts["overdue"], extra=extra)


def record_points(values: Mapping[str, Sequence[float]], weights: Mapping[str, float]
                  ) -> dict[str, list[tuple[float, float]]]:
    """The points each record earns in the total, with the most it could earn: (earned, best).

    A part's share of the total is 100 × wᵢ ÷ Σw over the parts measured (those with records
    and a positive weight), split evenly among its records; a record of value v earns
    v × its share. The earned points of all records add up to unit_score's total.
    """
    measured = {k: v for k, v in values.items() if v and weights.get(k, 0) > 0}
    weight_sum = sum(weights[k] for k in measured)
    result: dict[str, list[tuple[float, float]]] = {k: [(0.0, 0.0)] * len(v) for k, v in values.items()}
    for key, part_values in measured.items():
        best = 100 * weights[key] / weight_sum / len(part_values)
        result[key] = [(best * value, best) for value in part_values]
    return result


K = TypeVar("K", bound=Hashable)


def rank(totals: Mapping[K, float | None]) -> dict[K, int | None]:
    """Competition ranking by total, highest first: equal totals share a rank and the next rank
    skips (1, 2, 2, 4). Units without a total are not ranked (None)."""
    ranked = sorted(((k, v) for k, v in totals.items() if v is not None), key=lambda kv: -kv[1])
    result: dict[K, int | None] = {k: None for k in totals}
    previous: float | None = None
    current_rank = 0
    for position, (key, value) in enumerate(ranked, start=1):
        if value != previous:
            current_rank, previous = position, value
        result[key] = current_rank
    return result
