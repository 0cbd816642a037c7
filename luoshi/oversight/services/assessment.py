"""Assessment (考核): each unit's score for a period by the formula in docs/assessment.md, and ranks.

The facts are gathered per unit in a few grouped queries; the arithmetic is
oversight.rules.unit_score, a pure function tested with tables.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone

from luoshi.core.periods import Period, periods_between
from luoshi.ledger.choices import TaskStatus
from luoshi.ledger.models import Task
from luoshi.ledger.organise import records_actor
from luoshi.ledger.permissions import Action, require
from luoshi.oversight import rules
from luoshi.oversight.constants import reminder_plan, weights
from luoshi.oversight.models import SupervisionNotice, UnitScore
from luoshi.oversight.services.evaluation import day_start
from luoshi.reports import rules as period_rules
from luoshi.reports.choices import ReportStatus
from luoshi.reports.constants import setting as reports_setting
from luoshi.reports.models import ProgressReport
from luoshi.reports.services.periods import period_parse


def _reports_due(task_rows: list[tuple[Any, ...]], period: Period, as_of: date,
                 due_workdays: int) -> dict[int, list[tuple[str, date]]]:
    """For each task, the (period key, due date) of reports whose due date falls in the
    assessment period up to `as_of`, among the periods the task was alive."""
    window_end = min(period.end, as_of)
    result: dict[int, list[tuple[str, date]]] = {}
    for task_id, _unit, _status, start, created, deadline, frequency in task_rows:
        first_day = start or timezone.localdate(created)
        # report periods that could fall due in the window: from a year before it to its end
        candidates = periods_between(max(first_day, period.start.replace(year=period.start.year - 1)),
                                     min(deadline, window_end) if deadline else window_end, frequency)
        due = []
        for candidate in candidates:
            due_date = period_rules.report_due_date(candidate, due_workdays)
            if period.start <= due_date <= window_end and candidate.end >= first_day:
                due.append((candidate.key, due_date))
        result[task_id] = due
    return result


@records_actor
def unit_scores_compute(*, period_key: str, user: Any = None, today: date | None = None) -> list[UnitScore]:
    """Compute and store every lead unit's score for a period, with ranks; returns the rows.

    Parts (each in [0, 1], left out when there is nothing to measure, weights renormalised):
    on-time reporting, completion against the time-elapsed expectation at the period's end
    (or today, for a running period), the grade of reports reviewed in the period, and the
    responsiveness to notices whose reply was due in it. Recomputing replaces the period's
    figures; their history keeps the earlier ones. With a user, the permission is checked.
    """
    if user is not None:
        require(user, Action.ASSESSMENT_COMPUTE)
    period = period_parse(period_key)
    today = today or timezone.localdate()
    as_of = min(period.end, today)
    due_workdays = int(reports_setting("REPORT_DUE_WORKDAYS"))
    grace = reminder_plan().notice_late_grace_workdays
    w = weights()

    task_rows = list(Task.objects.exclude(status__in=[TaskStatus.CANCELLED, TaskStatus.SUSPENDED])
                     .exclude(lead_unit__isnull=True)
                     .values_list("id", "lead_unit_id", "status", "start_date", "created_at", "deadline",
                                  "report_frequency"))
    unit_of = {row[0]: row[1] for row in task_rows}

    # on-time reporting: first submission of each due report against its due date
    due = _reports_due(task_rows, period, as_of, due_workdays)
    due_keys = {key for items in due.values() for key, _d in items}
    first_submitted = {
        (row["task_id"], row["period_key"]): row["first"]
        for row in ProgressReport.objects.filter(period_key__in=due_keys, submitted_at__isnull=False)
        .values("task_id", "period_key").annotate(first=Min("submitted_at"))
    }
    reports_due: dict[int, int] = defaultdict(int)
    on_time: dict[int, int] = defaultdict(int)
    for task_id, items in due.items():
        for key, due_date in items:
            reports_due[unit_of[task_id]] += 1
            first = first_submitted.get((task_id, key))
            if first is not None and timezone.localdate(first) <= due_date:
                on_time[unit_of[task_id]] += 1

    # completion: the best progress accepted by the period's end, against the expectation then
    progress = {
        row["task_id"]: row["best"]
        for row in ProgressReport.objects.filter(status=ReportStatus.ACCEPTED,
                                                 reviewed_at__lt=day_start(as_of + timedelta(days=1)))
        .exclude(percent_done__isnull=True).values("task_id").annotate(best=Max("percent_done"))
    }
    completion: dict[int, list[float]] = defaultdict(list)
    for task_id, unit_id, status, start, created, deadline, _frequency in task_rows:
        done = 100 if status == TaskStatus.COMPLETED else progress.get(task_id, 0)
        ratio = rules.completion_ratio(done, rules.expected_progress(start or timezone.localdate(created),
                                                                     deadline, as_of))
        if ratio is not None:
            completion[unit_id].append(ratio)

    # grade: reports reviewed in the period, by the unit that wrote them (else the task's lead unit)
    grades: dict[int, list[float]] = defaultdict(list)
    reviewed = ProgressReport.objects.filter(
        reviewed_at__gte=day_start(period.start), reviewed_at__lt=day_start(as_of + timedelta(days=1)), status__in=[ReportStatus.ACCEPTED, ReportStatus.RETURNED],
    ).values_list("unit_id", "task_id", "status", "grade")
    for unit_id, task_id, status, grade in reviewed:
        owner = unit_id or unit_of.get(task_id)
        score = rules.grade_score(grade, status == ReportStatus.RETURNED)
        if owner is not None and score is not None:
            grades[owner].append(score)

    # responsiveness: notices whose reply was due in the period
    notice_scores: dict[int, list[float]] = defaultdict(list)
    for unit_id, replied_on, reply_due in SupervisionNotice.objects.filter(
        reply_due__gte=period.start, reply_due__lte=period.end
    ).values_list("unit_id", "replied_on", "reply_due"):
        score = rules.notice_score(replied_on, reply_due, today, grace)
        if score is not None:
            notice_scores[unit_id].append(score)

    units = sorted({u for u in unit_of.values()} | set(notice_scores))
    task_counts: dict[int, int] = defaultdict(int)
    for unit_id in unit_of.values():
        task_counts[unit_id] += 1
    parts = {
        unit_id: rules.unit_score(rules.UnitFacts(
            reports_due=reports_due[unit_id], reports_on_time=on_time[unit_id],
            completion_ratios=tuple(completion[unit_id]), grade_scores=tuple(grades[unit_id]),
            notice_scores=tuple(notice_scores[unit_id])), w)
        for unit_id in units
    }
    ranks = rules.rank({unit_id: p.total for unit_id, p in parts.items()})
    rows = []
    with transaction.atomic():
        for unit_id in units:
            p = parts[unit_id]
            row, _created = UnitScore.objects.update_or_create(
                period_key=period.key, unit_id=unit_id,
                defaults={
                    "on_time": p.on_time, "completion": p.completion, "grade": p.grade,
                    "responsiveness": p.responsiveness, "total": p.total, "rank": ranks[unit_id],
                    "task_count": task_counts[unit_id], "reports_due": reports_due[unit_id],
                    "reports_on_time": on_time[unit_id], "reports_reviewed": len(grades[unit_id]),
                    "notices": len(notice_scores[unit_id]), "weights": asdict(w),
                    "computed_by": user if user is not None else None,
                },
            )
            rows.append(row)
        UnitScore.objects.filter(period_key=period.key).exclude(unit_id__in=units).delete()
    return sorted(rows, key=lambda r: (r.rank is None, r.rank or 0, str(r.unit_id)))
