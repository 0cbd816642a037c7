"""Reads of the oversight app: snapshots and trends, adjustments, notices, scores, comments."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, cast

from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from luoshi.core.access import get_visible
from luoshi.core.clock import business_today
from luoshi.core.types import UserLike
from luoshi.ledger.choices import TaskStatus, TrafficLight
from luoshi.ledger.models import Task
from luoshi.ledger.models.tasks import has_children
from luoshi.ledger.offices import office_id_of
from luoshi.ledger.permissions import (
    Action,
    by_task_visible_to,
    can,
    notices_visible_to,
    of_task_visible_to,
    reads_everything,
    sees_every_task,
    tasks_managed_by,
    tasks_visible_to,
    unit_id_of,
)
from luoshi.oversight import rules
from luoshi.oversight.choices import OPEN_NOTICE_STATUSES, AdjustmentStatus, NoticeStatus, SnapshotKind
from luoshi.oversight.models import (
    AdjustmentRequest,
    Comment,
    EvaluationSnapshot,
    SupervisionNotice,
    TaskSnapshot,
    UnitScore,
)
from luoshi.oversight.services.evaluation import (
    REPORTED,
    TASK_FIELDS,
    ReportsSeen,
    TaskEvaluation,
    day_start,
    evaluations_of,
    report_day,
    task_start,
)
from luoshi.reports.choices import ReportStatus
from luoshi.reports.models import Milestone, ProgressReport


@dataclass(frozen=True)
class SnapshotSummary:
    """Counts of one snapshot, within what the reader may see."""

    snapshot: EvaluationSnapshot
    task_count: int
    green: int
    yellow: int
    red: int
    done: int
    unevaluated: int
    staged_progress: int
    overdue: int
    unreported: int = 0


def snapshot_list(*, user: Any, kind: str | None = None) -> QuerySet[EvaluationSnapshot]:
    """Snapshots, newest first (every signed-in role; counts are narrowed by snapshot_summary)."""
    if not can(user, Action.SNAPSHOT_VIEW):
        return EvaluationSnapshot.objects.none()
    rows = EvaluationSnapshot.objects.all()
    if kind:
        rows = rows.filter(kind=kind)
    return rows.order_by("-as_of", "-taken_at")


def snapshot_summary(*, user: Any, snapshot: EvaluationSnapshot) -> SnapshotSummary:
    """The snapshot's counts: the stored totals for readers of everything; for a reporter,
    counted from the rows of their unit's tasks (one grouped query)."""
    if sees_every_task(user):
        s = snapshot
        return SnapshotSummary(s, s.task_count, s.green, s.yellow, s.red, s.done, s.unevaluated, s.staged_progress,
                               s.overdue, s.unreported)
    rows = by_task_visible_to(user, TaskSnapshot.objects.filter(snapshot=snapshot))
    c = rows.aggregate(
        total=Count("id"), green=Count("id", filter=Q(light=TrafficLight.GREEN)),
        yellow=Count("id", filter=Q(light=TrafficLight.YELLOW)), red=Count("id", filter=Q(light=TrafficLight.RED)),
        done=Count("id", filter=Q(light=TrafficLight.DONE)), none=Count("id", filter=Q(light=TrafficLight.NONE)),
        staged=Count("id", filter=Q(staged_progress=True)), overdue=Count("id", filter=Q(overdue=True)),
        unreported=Count("id", filter=Q(light=TrafficLight.UNREPORTED)),
    )
    return SnapshotSummary(snapshot, c["total"], c["green"], c["yellow"], c["red"], c["done"], c["none"],
                           c["staged"], c["overdue"], c["unreported"])


def snapshot_trend(*, user: Any, limit: int = 12) -> list[SnapshotSummary]:
    """The last `limit` monthly snapshots, oldest first, as counts: "N tasks with staged progress"
    and the lights over time, counted from stored evaluations."""
    snapshots = list(snapshot_list(user=user, kind=SnapshotKind.MONTHLY)[:limit])
    snapshots.reverse()
    return [snapshot_summary(user=user, snapshot=s) for s in snapshots]


def snapshot_latest(*, user: Any) -> SnapshotSummary | None:
    """The newest snapshot's counts, or None when none was taken."""
    snapshot = snapshot_list(user=user).first()
    return snapshot_summary(user=user, snapshot=snapshot) if snapshot is not None else None


def snapshot_rows(*, user: Any, snapshot: EvaluationSnapshot, light: str | None = None,
                  unit_id: int | None = None) -> QuerySet[TaskSnapshot]:
    """A snapshot's task rows the user may see, filtered by light and unit, by task code."""
    rows = by_task_visible_to(user, TaskSnapshot.objects.filter(snapshot=snapshot)).select_related("task",
                                                                                                   "lead_unit")
    if light:
        rows = rows.filter(light=light)
    if unit_id:
        rows = rows.filter(lead_unit_id=unit_id)
    return rows.order_by("task__code")


def task_trend(*, user: Any, task: Task, limit: int = 12) -> list[TaskSnapshot]:
    """A task's evaluated state in its last snapshots, oldest first."""
    rows = list(of_task_visible_to(user, TaskSnapshot.objects.all(), task).select_related("snapshot")
                .order_by("-snapshot__as_of", "-snapshot__taken_at")[:limit])
    rows.reverse()
    return rows


def adjustment_list(*, user: Any, status: str | None = None, task: Task | None = None) -> QuerySet[AdjustmentRequest]:
    """Adjustment requests on tasks the user may see, newest first."""
    rows = AdjustmentRequest.objects.select_related(
        "task", "requested_by", "requested_by__person", "decided_by", "decided_by__person")
    rows = by_task_visible_to(user, rows) if task is None else of_task_visible_to(user, rows, task)
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("-created_at")


MSG_ADJUSTMENT_NOT_FOUND = _("调整申请不存在或无权查看。")
MSG_NOTICE_NOT_FOUND = _("督办单不存在或无权查看。")


def adjustment_get_visible(user: UserLike, pk: Any) -> AdjustmentRequest:
    """One adjustment request, or NotFound when not visible."""
    return get_visible(adjustment_list(user=user), pk, MSG_ADJUSTMENT_NOT_FOUND)


def notice_list(*, user: Any, status: str | None = None, task: Task | None = None,
                unit_id: int | None = None) -> QuerySet[SupervisionNotice]:
    """Notices the user may see (status "open" = issued or escalated), newest number first."""
    rows = notices_visible_to(user, SupervisionNotice.objects.select_related("task", "unit", "issued_by",
                                                                             "replied_by"), task=task)
    if status == "open":
        rows = rows.filter(status__in=OPEN_NOTICE_STATUSES)
    elif status:
        rows = rows.filter(status=status)
    if unit_id:
        rows = rows.filter(unit_id=unit_id)
    return rows.order_by("-year", "-number")


def notice_get_visible(user: UserLike, pk: Any) -> SupervisionNotice:
    """One notice, or NotFound when not visible."""
    return get_visible(notice_list(user=user), pk, MSG_NOTICE_NOT_FOUND)


def lagging_without_notice(*, user: Any, limit: int = 50) -> QuerySet[Task]:
    """Red, yellow and unreported tasks with no open notice: where a supervisor may want to
    issue one (red first, then unreported, then yellow)."""
    open_notice_tasks = SupervisionNotice.objects.filter(status__in=OPEN_NOTICE_STATUSES).values("task_id")
    return (tasks_managed_by(user, Task.objects.select_related("lead_unit"))
            .filter(light__in=[TrafficLight.RED, TrafficLight.YELLOW, TrafficLight.UNREPORTED])
            .exclude(pk__in=open_notice_tasks).order_by("-light", "deadline", "code")[:limit])


def ranking_office_id(user: UserLike) -> int | None:
    """The office whose ranking `user` reads: a supervisor's, leader's or admin's own office; None
    (the installation's ranking) for those without an office and for reporters."""
    return office_id_of(user)


def _scores_read_by(user: UserLike) -> QuerySet[UnitScore]:
    """The stored scores of the ranking `user` reads (see ranking_office_id); none without the right."""
    if not can(user, Action.ASSESSMENT_VIEW):
        return UnitScore.objects.none()
    return UnitScore.objects.filter(office_id=ranking_office_id(user))


def unit_scores_for_period(*, user: Any, period_key: str) -> QuerySet[UnitScore]:
    """The ranking table of a period (every signed-in role sees it: rankings are circulated):
    an office's own ranking of its jurisdiction for its people, the installation's otherwise."""
    return (_scores_read_by(user).filter(period_key=period_key).select_related("unit")
            .order_by(F("rank").asc(nulls_last=True), "unit__name"))


def unit_score_for(*, user: Any, period_key: str, unit_id: int) -> UnitScore | None:
    """A unit's stored score in the ranking `user` reads, when they may open it into its records:
    oversight and leaders open every unit's of that ranking (an office's: the units of its
    jurisdiction), a reporter their own unit's (the records name the unit's tasks)."""
    if not (reads_everything(user) or unit_id_of(user) == unit_id):
        return None
    return (_scores_read_by(user).filter(period_key=period_key, unit_id=unit_id)
            .select_related("unit", "office").first())


def assessed_periods(*, user: Any) -> list[str]:
    """Periods that have scores in the ranking `user` reads, newest first."""
    return list(_scores_read_by(user).order_by("-period_key").values_list("period_key", flat=True).distinct())


def task_comments(*, user: Any, task: Task) -> QuerySet[Comment]:
    """A task's comments, newest first, if the user may see the task."""
    return of_task_visible_to(user, Comment.objects.select_related("author", "author__person"), task)


@dataclass(frozen=True)
class Overview:
    """What the oversight home page leads with."""

    latest: SnapshotSummary | None
    trend: list[SnapshotSummary]
    pending_adjustments: int
    open_notices: int
    escalated_notices: int
    lights: dict[str, int]


def oversight_overview(*, user: Any) -> Overview:
    """Lights now, the latest snapshot and the trend, pending adjustments and open notices."""
    # The headings of a plan are structure, not work: counted nowhere (Task.objects.counted()).
    lights = dict(tasks_visible_to(user, Task.objects.counted()).order_by().values_list("light")
                  .annotate(n=Count("id", distinct=True)))
    return Overview(
        latest=snapshot_latest(user=user),
        trend=snapshot_trend(user=user),
        pending_adjustments=adjustment_list(user=user, status=AdjustmentStatus.PENDING).count(),
        open_notices=notice_list(user=user, status="open").count(),
        escalated_notices=notice_list(user=user, status=NoticeStatus.ESCALATED).count(),
        lights=lights,
    )


# --- forecasts --------------------------------------------------------------------------------

def tasks_own_forecast(*, task_ids: Iterable[int], as_of: date | None = None) -> dict[int, rules.Forecast]:
    """Each task's own forecast on `as_of` (default: the business date), by oversight.rules.forecast:
    the percent of its reports accepted by then, against the start of its clock, projected to its
    deadline. Two queries, whatever the number of tasks: the tasks, their accepted reports."""
    as_of = as_of or business_today()
    ids = list(task_ids)
    facts = Task.objects.filter(pk__in=ids).values_list(
        "pk", "status", "deadline", "start_date", "source_document__issued_on", "created_at")
    points: dict[int, list[tuple[date, int]]] = defaultdict(list)
    for task_id, day, percent in ProgressReport.objects.filter(
            task_id__in=ids, status=ReportStatus.ACCEPTED, percent_done__isnull=False,
            submitted_at__lt=day_start(as_of + timedelta(days=1)),
    ).values_list("task_id", report_day(), "percent_done"):
        if percent is not None:  # filtered above; the check narrows the type
            points[task_id].append((day, percent))
    return {pk: rules.forecast(points.get(pk, []), deadline, status, task_start(start, issued, created))
            for pk, status, deadline, start, issued, created in facts}


def tasks_forecast(*, tasks: QuerySet[Task], as_of: date | None = None) -> dict[int, rules.Forecast]:
    """Each task's forecast: its own (tasks_own_forecast) or, for a task with children, the verdict
    stored from theirs by the forecast service (oversight.services.forecasts), which keeps it
    current as their reports are accepted, so a national task's page does not read the reports of
    the thousands of tasks beneath it."""
    rows = list(tasks.annotate(has_children=has_children()).values_list("pk", "has_children", "forecast"))
    own = tasks_own_forecast(task_ids=[pk for pk, has_children, _v in rows if not has_children], as_of=as_of)
    return {pk: _stored_forecast(verdict) if has_children else own[pk] for pk, has_children, verdict in rows}


def _stored_forecast(verdict: str) -> rules.Forecast:
    return rules.Forecast(verdict or rules.INSUFFICIENT, 0)


@dataclass(frozen=True)
class TaskOutlook:
    """A task's evaluation and forecast, as its page shows them; `forecast_from_children` when
    the forecast is its children's (it has some), not drawn from its own reports."""

    evaluation: TaskEvaluation
    forecast: rules.Forecast
    forecast_from_children: bool


def task_outlook(*, task: Task, as_of: date | None = None) -> TaskOutlook:
    """One task's evaluation (services.evaluation) and forecast (`tasks_forecast`) on the business
    date (or `as_of`), for its page, in three reads: the task, its milestones, and its reports
    submitted by the day, which say at once whether it has reported, for which periods, and the
    accepted progress its forecast projects (the two read apart took seven queries)."""
    as_of = as_of or business_today()
    *row, verdict, has_children = _outlook_facts(task)
    reports = list(ProgressReport.objects.filter(task_id=task.pk, submitted_at__lt=day_start(as_of + timedelta(days=1)))
                   .exclude(status=ReportStatus.DRAFT).values_list("period_key", "status", report_day(), "percent_done"))
    seen = ReportsSeen(ever={task.pk} if any(status in REPORTED for _key, status, _day, _p in reports) else set(),
                       periods={(task.pk, key) for key, _status, _day, _p in reports})
    milestones = Milestone.objects.filter(task_id=task.pk).order_by().values_list("task_id", "due_date", "reached_on")
    (evaluation,) = evaluations_of([tuple(row)], milestones, as_of=as_of, reports_seen=lambda _keys: seen)
    if has_children:
        return TaskOutlook(evaluation, _stored_forecast(verdict), True)
    points = [(day, percent) for _key, status, day, percent in reports
              if status == ReportStatus.ACCEPTED and percent is not None]
    # The evaluation's facts hold the start of the task's clock, as tasks_own_forecast reckons it.
    forecast = rules.forecast(points, evaluation.deadline, evaluation.status, evaluation.facts.start)
    return TaskOutlook(evaluation, forecast, False)


def _outlook_facts(task: Task) -> tuple[Any, ...]:
    """TASK_FIELDS' values of `task`, its stored forecast and whether it has children: taken from
    `task` itself when it was read with them (the task page reads it `with_children_flag()` and
    its source document), else read."""
    read_with_them = hasattr(task, "has_children") and (
        task.source_document_id is None or Task.source_document.is_cached(task))
    if not read_with_them:
        return tuple(Task.objects.filter(pk=task.pk).with_children_flag()
                     .values_list(*TASK_FIELDS, "forecast", "has_children").get())
    return (*(_value_at(task, path) for path in TASK_FIELDS), task.forecast, cast(Any, task).has_children)


def _value_at(obj: Any, path: str) -> Any:
    """The value a `values_list` path ("source_document__issued_on") names on an object read
    with its related rows; None past a missing one."""
    for name in path.split("__"):
        if obj is None:
            return None
        obj = getattr(obj, name)
    return obj


# Never "likely late" whatever the forecast: nothing more is expected of the task.
NOT_EXPECTED = (TaskStatus.COMPLETED, TaskStatus.CANCELLED, TaskStatus.SUSPENDED)


def likely_late_q(as_of: date) -> Q:
    """Expected, not yet due on `as_of`, and forecast late: `tasks_likely_late` as a condition
    (the battle map's scope statement computes it per row)."""
    return ~Q(status__in=NOT_EXPECTED) & Q(deadline__gte=as_of, forecast=rules.LIKELY_LATE)


def tasks_likely_late(*, tasks: QuerySet[Task], as_of: date | None = None) -> QuerySet[Task]:
    """The open tasks of `tasks` whose forecast is "likely late" while their deadline has not passed
    yet: the ones to act on before they are late. Reads the stored forecast (one indexed filter)."""
    return tasks.filter(likely_late_q(as_of or business_today()))
