"""Assessment (考核): each unit's score for a period by the formula of SCORE_PARTS, its ranks,
and the trace of a score to the records that earned or lost its points.

The facts are gathered per unit in a few grouped queries; the arithmetic is
oversight.rules.unit_score, a pure function tested with tables.

Offices (issue 10): a supervisor bound to an office computes the ranking of its jurisdiction —
the units of `OfficeScope.unit_ids`, over the tasks they lead (tasks the office sees), the
reports, notices and proposals of those units — stored under its office and ranked among
themselves; a supervisor without an office computes the installation's ranking of every unit.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Max, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from luoshi.core.clock import business_today
from luoshi.core.history import records_history
from luoshi.core.periods import Period, periods_between
from luoshi.ledger.choices import TaskStatus
from luoshi.ledger.models import Task, Unit
from luoshi.ledger.offices import OfficeScope, office_scope_for, scope_of
from luoshi.ledger.permissions import Action, require
from luoshi.oversight import rules
from luoshi.oversight.constants import ScorePart, contributed_parts, reminder_plan, score_parts, weights
from luoshi.oversight.models import SupervisionNotice, UnitScore
from luoshi.oversight.services.evaluation import day_start, task_start
from luoshi.reports import rules as period_rules
from luoshi.reports.choices import ReportStatus
from luoshi.reports.constants import setting as reports_setting
from luoshi.reports.models import ProgressReport
from luoshi.reports.services.periods import period_parse

MSG_NOT_SUBMITTED = _("%(key)s 期报告应于 %(due)s 前报送,未报送")
MSG_SUBMITTED = _("%(key)s 期报告应于 %(due)s 前报送,%(on)s 首次报送")
MSG_COMPLETION = _("实际进度 %(done)s%%,按时序应完成 %(expected)s%%")
MSG_GRADED = _("%(key)s 期报告已采纳,评价 %(grade)s 级")
MSG_RETURNED = _("%(key)s 期报告被退回")
MSG_NOTICE = _("回复时限 %(due)s,回复日期 %(on)s")
MSG_DEADLINE_MET = _("完成时限 %(due)s,%(on)s 完成")
MSG_DEADLINE_LATE = _("完成时限 %(due)s,%(on)s 才完成,本期内逾期")
MSG_DEADLINE_OPEN = _("完成时限 %(due)s,截至 %(as_of)s 仍未完成,逾期 %(days)s 天")


@dataclass(frozen=True)
class TracedRecord:
    """A record that earned or lost points in a part of a unit's score: what it is (a report
    due, a task, a reviewed report, a notice), a link to it, and its value in [0, 1]."""

    part: str
    kind: str
    pk: int
    url: str
    label: str
    detail: str
    value: float


@dataclass
class _Gathered:
    records: dict[int, dict[str, list[TracedRecord]]]
    task_counts: dict[int, int]


def _reports_due(task_rows: list[tuple[Any, ...]], period: Period, as_of: date,
                 due_workdays: int) -> dict[int, list[tuple[str, date]]]:
    """For each task, the (period key, due date) of reports whose due date falls in the
    assessment period up to `as_of`, among the periods the task was alive (from the start of
    its plan's clock to its deadline)."""
    window_end = min(period.end, as_of)
    result: dict[int, list[tuple[str, date]]] = {}
    for task_id, _unit, _status, start, issued, created, deadline, frequency, _code, _title in task_rows:
        first_day = task_start(start, issued, created)
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


def _task_url(task_id: int) -> str:
    return reverse("ledger:task_detail", args=[task_id])


def _overdue_records(records: dict[int, dict[str, list[TracedRecord]]], task_rows: list[tuple[Any, ...]],
                     period: Period, as_of: date, today: date) -> None:
    """The "overdue tasks" part: each lead task whose deadline has passed by `as_of`, scored by
    rules.deadline_score from the day it was first completed (its history). A completion is
    dated by the task's history; one recorded after the business date (a demo running on an
    earlier date) happened on the business date."""
    due = {row[0]: row for row in task_rows if row[6] is not None and row[6] < as_of}
    completed_on = {
        task_id: min(timezone.localdate(first), today)
        for task_id, first in Task.history.filter(id__in=list(due), status=TaskStatus.COMPLETED)
        .order_by().values("id").annotate(first=Min("history_date")).values_list("id", "first")
    }
    for task_id, (_id, unit_id, status, *_rest) in due.items():
        deadline: date = due[task_id][6]
        done = completed_on.get(task_id) if status == TaskStatus.COMPLETED else None
        if done is not None and done > as_of:
            done = None  # completed after the period: open throughout it
        score = rules.deadline_score(deadline, done, period.start)
        if score is None:
            continue
        if done is None:
            detail = str(MSG_DEADLINE_OPEN % {"due": deadline, "as_of": as_of, "days": (as_of - deadline).days})
        else:
            detail = str((MSG_DEADLINE_MET if score >= 1 else MSG_DEADLINE_LATE) % {"due": deadline, "on": done})
        code, title = due[task_id][8], due[task_id][9]
        records[unit_id]["overdue"].append(TracedRecord("overdue", "task", task_id, _task_url(task_id),
                                                        f"{code} {title}", detail, score))


def _gather(period: Period, today: date, scope: OfficeScope | None = None) -> _Gathered:
    """Every record that counts in each lead unit's score for `period` on `today`, by part;
    with an office's scope, only the units of its jurisdiction and the tasks it sees."""
    as_of = min(period.end, today)
    due_workdays = int(reports_setting("REPORT_DUE_WORKDAYS"))
    grace = reminder_plan().notice_late_grace_workdays
    # Headings of a plan are structure, not work: no unit is scored on them.
    tasks = Task.objects.counted()
    reports = ProgressReport.objects.all()
    notices = SupervisionNotice.objects.all()
    if scope is not None:
        # A task led by a unit of the jurisdiction falls to the office (it sees it); reports and
        # notices count when their task is one the office sees and their unit is in its jurisdiction.
        tasks = tasks.filter(lead_unit_id__in=scope.sorted_ids)
        seen = Task.objects.filter(scope.view_q()).values("pk")
        reports = reports.filter(task_id__in=seen)
        notices = notices.filter(task_id__in=seen, unit_id__in=scope.sorted_ids)
    task_rows = list(tasks.exclude(status__in=[TaskStatus.CANCELLED, TaskStatus.SUSPENDED])
                     .exclude(lead_unit__isnull=True)
                     .values_list("id", "lead_unit_id", "status", "start_date", "source_document__issued_on",
                                  "created_at", "deadline", "report_frequency", "code", "title"))
    unit_of = {row[0]: row[1] for row in task_rows}
    name_of = {row[0]: f"{row[8]} {row[9]}" for row in task_rows}
    records: dict[int, dict[str, list[TracedRecord]]] = defaultdict(lambda: defaultdict(list))

    # on-time reporting: first submission of each due report against its due date
    due = _reports_due(task_rows, period, as_of, due_workdays)
    due_keys = {key for items in due.values() for key, _d in items}
    first_submitted: dict[tuple[int, str], tuple[Any, int]] = {}
    for task_id, key, submitted_at, pk in (reports.filter(period_key__in=due_keys, submitted_at__isnull=False)
                                           .order_by("submitted_at", "pk")
                                           .values_list("task_id", "period_key", "submitted_at", "pk")):
        first_submitted.setdefault((task_id, key), (submitted_at, pk))
    for task_id, items in due.items():
        for key, due_date in items:
            found = first_submitted.get((task_id, key))
            on_time = found is not None and timezone.localdate(found[0]) <= due_date
            if found is None:
                detail = str(MSG_NOT_SUBMITTED % {"key": key, "due": due_date})
                kind, pk, url = "task", task_id, _task_url(task_id)
            else:
                detail = str(MSG_SUBMITTED % {"key": key, "due": due_date, "on": timezone.localdate(found[0])})
                kind, pk, url = "report", found[1], reverse("reports:report_detail", args=[found[1]])
            records[unit_of[task_id]]["on_time"].append(
                TracedRecord("on_time", kind, pk, url, name_of[task_id], detail, 1.0 if on_time else 0.0))

    # completion: the best progress accepted by the period's end, against the expectation then
    progress = {
        row["task_id"]: row["best"]
        for row in reports.filter(status=ReportStatus.ACCEPTED, reviewed_at__lt=day_start(as_of + timedelta(days=1)))
        .exclude(percent_done__isnull=True).values("task_id").annotate(best=Max("percent_done"))
    }
    for task_id, unit_id, status, start, issued, created, deadline, _frequency, _code, _title in task_rows:
        done = 100 if status == TaskStatus.COMPLETED else progress.get(task_id, 0)
        expected = rules.expected_progress(task_start(start, issued, created), deadline, as_of)
        ratio = rules.completion_ratio(done, expected)
        if ratio is not None:
            records[unit_id]["completion"].append(TracedRecord(
                "completion", "task", task_id, _task_url(task_id), name_of[task_id],
                str(MSG_COMPLETION % {"done": done, "expected": expected}), ratio))

    # grade: reports reviewed in the period, by the unit that wrote them (else the task's lead unit)
    reviewed = reports.filter(
        reviewed_at__gte=day_start(period.start), reviewed_at__lt=day_start(as_of + timedelta(days=1)),
        status__in=[ReportStatus.ACCEPTED, ReportStatus.RETURNED],
    ).order_by("pk").values_list("pk", "unit_id", "task_id", "status", "grade", "period_key")
    for pk, unit_id, task_id, status, grade, key in reviewed:
        owner = unit_id or unit_of.get(task_id)
        if scope is not None and owner not in scope.unit_ids:
            continue
        score = rules.grade_score(grade, status == ReportStatus.RETURNED)
        if owner is not None and score is not None:
            detail = str(MSG_RETURNED if status == ReportStatus.RETURNED else MSG_GRADED) % {
                "key": key, "grade": grade if grade is not None else "—"}
            records[owner]["grade"].append(TracedRecord("grade", "report", pk, reverse("reports:report_detail", args=[pk]),
                                                        name_of.get(task_id, str(task_id)), detail, score))

    # responsiveness: notices whose reply was due in the period
    for notice in notices.filter(reply_due__gte=period.start, reply_due__lte=period.end).order_by("pk"):
        score = rules.notice_score(notice.replied_on, notice.reply_due, today, grace)
        if score is not None:
            detail = str(MSG_NOTICE % {"due": notice.reply_due, "on": notice.replied_on or "—"})
            records[notice.unit_id]["responsiveness"].append(TracedRecord(
                "responsiveness", "notice", notice.pk, notice.get_absolute_url(), str(notice.code), detail, score))

    _overdue_records(records, task_rows, period, as_of, today)
    # parts contributed by other apps (see oversight.constants.contribute_score_part)
    for contributed in contributed_parts():
        for unit_id, unit_records in contributed.records(period, today).items():
            if scope is None or unit_id in scope.unit_ids:
                records[unit_id][contributed.part.key].extend(unit_records)

    task_counts: dict[int, int] = defaultdict(int)
    for unit_id in unit_of.values():
        task_counts[unit_id] += 1
    for unit_id in task_counts:
        records[unit_id]  # every lead unit is listed, even with nothing to measure
    return _Gathered(records=records, task_counts=task_counts)


def _facts(records: dict[str, list[TracedRecord]]) -> rules.UnitFacts:
    """The pure rules' input, from the records (one source for the score and its trace)."""
    on_time = records.get("on_time", [])
    return rules.UnitFacts(
        reports_due=len(on_time), reports_on_time=sum(1 for r in on_time if r.value >= 1),
        completion_ratios=tuple(r.value for r in records.get("completion", [])),
        grade_scores=tuple(r.value for r in records.get("grade", [])),
        notice_scores=tuple(r.value for r in records.get("responsiveness", [])),
        deadline_scores=tuple(r.value for r in records.get("overdue", [])),
        extra={c.part.key: tuple(r.value for r in records.get(c.part.key, [])) for c in contributed_parts()},
    )


def _scope_of_office(office: Unit | None) -> OfficeScope | None:
    return office_scope_for(office) if office is not None else None


@records_history
def unit_scores_compute(*, period_key: str, user: Any = None, today: date | None = None,
                        office: Unit | None = None) -> list[UnitScore]:
    """Compute and store every lead unit's score for a period, with ranks; returns the rows.

    Parts (each in [0, 1], left out when there is nothing to measure, weights renormalised),
    as SCORE_PARTS defines them: on-time reporting, completion against the time-elapsed
    expectation at the period's end (or the business date, for a running period), the grade
    of reports reviewed in the period, the responsiveness to notices whose reply was due
    in it, and the tasks past their deadline and not done in it; then the parts contributed by other
    apps (the handling of suggestions and proposals). Recomputing replaces the period's figures; their
    history keeps the earlier ones.
    With a user, the permission is checked and the ranking is the user's office's (the units of its
    jurisdiction, stored under the office) or, without an office, the installation's; without a
    user, `office` chooses (None: the installation's). Recomputing one office's ranking leaves the
    other offices' rows alone.
    """
    if user is not None:
        require(user, Action.ASSESSMENT_COMPUTE)
        scope = scope_of(user)
    else:
        scope = _scope_of_office(office)
    office_id = scope.office_id if scope is not None else None
    period = period_parse(period_key)
    today = today or business_today()
    w = weights()
    gathered = _gather(period, today, scope)
    units = sorted(gathered.records)
    parts = {unit_id: rules.unit_score(_facts(gathered.records[unit_id]), w) for unit_id in units}
    ranks = rules.rank({unit_id: p.total for unit_id, p in parts.items()})
    rows = []
    with transaction.atomic():
        for unit_id in units:
            p = parts[unit_id]
            facts = _facts(gathered.records[unit_id])
            row, _created = UnitScore.objects.update_or_create(
                period_key=period.key, unit_id=unit_id, office_id=office_id,
                defaults={
                    "on_time": p.on_time, "completion": p.completion, "grade": p.grade,
                    "responsiveness": p.responsiveness, "overdue": p.overdue,
                    "overdue_tasks": sum(1 for v in facts.deadline_scores if v < 1),
                    "extra_parts": dict(p.extra),
                    "total": p.total, "rank": ranks[unit_id],
                    "task_count": gathered.task_counts.get(unit_id, 0), "reports_due": facts.reports_due,
                    "reports_on_time": facts.reports_on_time, "reports_reviewed": len(facts.grade_scores),
                    "notices": len(facts.notice_scores), "weights": w.by_key(),
                    "computed_by": user if user is not None else None,
                },
            )
            rows.append(row)
        UnitScore.objects.filter(period_key=period.key, office_id=office_id).exclude(unit_id__in=units).delete()
    return sorted(rows, key=lambda r: (r.rank is None, r.rank or 0, str(r.unit_id)))


@dataclass(frozen=True)
class TracedPart:
    """One part of a unit's score opened up: its definition, its value, the points it gives
    and the records behind them, each with the points it earned out of those it could."""

    part: ScorePart
    value: float | None
    points: float
    records: list[tuple[TracedRecord, float, float]]


@dataclass(frozen=True)
class ScoreTrace:
    """A unit's score for a period recomputed from its records, part by part."""

    period_key: str
    unit_id: int
    total: float | None
    parts: list[TracedPart]


def unit_score_trace(*, period_key: str, unit_id: int, today: date | None = None,
                     office: Unit | None = None) -> ScoreTrace:
    """Open a unit's score into its parts and records: the same records and rules as
    unit_scores_compute for the same office (the score's `office`; None: the installation's), so
    the points of the records add up to the total (rounded to two decimals). Reads only;
    visibility is the caller's (selectors.unit_score_for)."""
    period = period_parse(period_key)
    today = today or business_today()
    w = weights()
    records = _gather(period, today, _scope_of_office(office)).records.get(unit_id, {})
    total = rules.unit_score(_facts(records), w).total
    parts = score_parts()
    values = {p.key: [r.value for r in records.get(p.key, [])] for p in parts}
    points = rules.record_points(values, w.by_key())
    traced = []
    for part in parts:
        earned = points.get(part.key, [])
        rows = [(record, got, best) for record, (got, best) in zip(records.get(part.key, []), earned, strict=True)]
        part_values = values[part.key]
        traced.append(TracedPart(part, sum(part_values) / len(part_values) if part_values else None,
                                 round(sum(got for got, _best in earned), 2), rows))
    return ScoreTrace(period.key, unit_id, total, traced)
