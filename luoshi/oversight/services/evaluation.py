"""Evaluation (评估): every task's light from facts, and snapshots of it.

Facts are gathered for all tasks in a handful of grouped queries (tasks, milestone counts,
reported periods), evaluated by oversight.rules, and written back in bulk: 100,000 tasks
take one pass, not 100,000 round trips.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.apps import apps
from django.db import IntegrityError, transaction
from django.db.models.functions import Least, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from luoshi.core.clock import business_today
from luoshi.core.history import current_actor, current_reason, recording, records_history
from luoshi.ledger.choices import TaskKind, TrafficLight
from luoshi.ledger.models import Task
from luoshi.ledger.offices import scope_of
from luoshi.ledger.permissions import Action, require, tasks_managed_by
from luoshi.ledger.services import rollups_fold, rollups_refresh_all, task_rollups_refresh, tasks_light_set
from luoshi.ledger.services.rollup import ChildFigures
from luoshi.ledger.tally import tally_compact
from luoshi.oversight import rules
from luoshi.oversight.choices import REASON_LABELS, SnapshotKind
from luoshi.oversight.constants import thresholds
from luoshi.oversight.models import EvaluationSnapshot, TaskSnapshot
from luoshi.oversight.services.forecasts import forecasts_refresh, forecasts_refresh_all
from luoshi.reports import rules as period_rules
from luoshi.reports.choices import ReportStatus
from luoshi.reports.constants import setting as reports_setting
from luoshi.reports.models import Milestone, ProgressReport

BATCH = 5000
LIGHT_BATCH = 2000
LIGHT_LABELS = dict(TrafficLight.choices)
MSG_LIGHT_CHANGED = _("评估(%(trigger)s,%(day)s):%(before)s→%(after)s")
MSG_TRIGGER_SCHEDULED = _("定期评估")
MSG_TRIGGER_MANUAL = _("立即评估")
MSG_TRIGGER_SNAPSHOT = _("即时快照")
# The steps of a run, as its progress bar shows them.
MSG_STEP_EVALUATE = _("正在评估任务…")
MSG_STEP_LIGHTS = _("已评估 %(n)s 项任务,正在写入评估状态…")
MSG_STEP_ROLLUP = _("%(n)s 项任务的评估状态有变化,正在汇总上级任务…")
MSG_STEP_FORECAST = _("正在预测各项任务能否按期完成…")
# What triggers a task's evaluation outside the scheduled run: the `reason` codes of
# task_evaluate, as the ledger and reports services pass them, with their labels.
TRIGGERS = {
    "confirmed": _("任务确认"),
    "edited": _("任务修改"),
    "adjusted": _("调整批准"),
    "report_accepted": _("采纳进展报告"),
}
TASK_FIELDS = ("id", "status", "start_date", "source_document__issued_on", "created_at", "deadline",
               "progress_percent", "report_frequency", "lead_unit_id", "light")


@dataclass(frozen=True)
class TaskEvaluation:
    """A task's facts and its evaluation, as written to a snapshot row."""

    task_id: int
    lead_unit_id: int | None
    status: str
    progress: int
    deadline: date | None
    facts: rules.TaskFacts
    result: rules.Evaluation
    previous_light: str = rules.NONE


def day_start(day: date) -> datetime:
    """Midnight at the start of `day` in the site's time zone (Asia/Shanghai, not UTC: a report
    submitted at 07:00 Beijing time on the 6th was submitted on the 6th)."""
    return timezone.make_aware(datetime.combine(day, time.min))


def task_start(start: date | None, plan_issued: date | None, created: datetime) -> date:
    """The first day of a task's clock (oversight.rules.plan_start) from its stored fields."""
    return rules.plan_start(start, plan_issued, timezone.localdate(created))


@dataclass(frozen=True)
class ReportsSeen:
    """What the tasks' reports say on a day: the tasks with any report submitted (and not
    returned) by then (`ever`), and the (task, period) pairs with a report other than a draft
    submitted by then, among the periods asked (`periods`)."""

    ever: set[int]
    periods: set[tuple[int, str]]


def tasks_evaluate(*, as_of: date, task_ids: Iterable[int] | None = None) -> list[TaskEvaluation]:
    """Evaluate every task (or those of `task_ids`) on `as_of` from the facts known by then:
    progress, milestones due and reached, and reports due among the last few periods.

    The clock starts with the task's own start date, else its plan's issue date, else the
    day it entered the ledger; milestones set the pace where the task has them. Reports are
    due from the later of that start and the day the task entered the ledger.
    """
    tasks_qs = Task.objects.order_by("pk")
    milestones_qs = Milestone.objects.all()
    if task_ids is not None:
        ids = list(task_ids)
        tasks_qs = tasks_qs.filter(pk__in=ids)
        milestones_qs = milestones_qs.filter(task_id__in=ids)
    rows = list(tasks_qs.values_list(*TASK_FIELDS))
    submitted_by_then = ProgressReport.objects.filter(submitted_at__lt=day_start(as_of + timedelta(days=1)))
    if task_ids is not None:
        submitted_by_then = submitted_by_then.filter(task_id__in=[r[0] for r in rows])

    def reports_seen(keys: set[str]) -> ReportsSeen:
        # Which tasks ever reported, then which reported for the periods due: two grouped reads,
        # however many tasks.
        ever = set(submitted_by_then.filter(status__in=REPORTED).order_by().values_list("task_id", flat=True)
                   .distinct())
        periods: set[tuple[int, str]] = set()
        if keys:
            periods = set(submitted_by_then.filter(period_key__in=keys).exclude(status=ReportStatus.DRAFT)
                          .order_by().values_list("task_id", "period_key"))
        return ReportsSeen(ever, periods)

    milestones = milestones_qs.order_by().values_list("task_id", "due_date", "reached_on")
    return evaluations_of(rows, milestones, as_of=as_of, reports_seen=reports_seen)


# A report in these states says the task has reported (a returned one is to be redone).
REPORTED = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


def evaluations_of(rows: Iterable[tuple[Any, ...]], milestones: Iterable[tuple[int, date, date | None]], *,
                   as_of: date, reports_seen: Callable[[set[str]], ReportsSeen]) -> list[TaskEvaluation]:
    """The evaluations of tasks from what was read of them: their `rows` (TASK_FIELDS' values),
    their milestones (task id, due date, reached on), and `reports_seen`, asked once with the
    keys of every period due among them. Reads nothing itself: `tasks_evaluate` reads for many
    tasks, oversight.selectors.task_outlook for one task's page."""
    t = thresholds()
    due_workdays = int(reports_setting("REPORT_DUE_WORKDAYS"))
    rows = list(rows)
    # The milestones: their due dates, and how many were overdue or reached by the day.
    milestone_counts: dict[int, dict[str, int]] = defaultdict(lambda: {"overdue": 0, "reached": 0})
    milestone_dates: dict[int, list[date]] = defaultdict(list)
    for task_id, due_date, reached_on in milestones:
        milestone_dates[task_id].append(due_date)
        if due_date < as_of and (reached_on is None or reached_on > as_of):
            milestone_counts[task_id]["overdue"] += 1
        if reached_on is not None and reached_on <= as_of:
            milestone_counts[task_id]["reached"] += 1

    due: dict[int, list[str]] = {}
    starts: dict[int, date] = {}
    keys: set[str] = set()
    for task_id, _status, start, issued, created, deadline, _progress, frequency, _unit, _light in rows:
        starts[task_id] = task_start(start, issued, created)
        # Work is expected from the plan's start, but a unit can only report on a task once it
        # is in the ledger: reports fall due from the later of the two.
        first_day = max(starts[task_id], timezone.localdate(created))
        periods = period_rules.periods_due(frequency=frequency, task_start=first_day, task_end=deadline, as_of=as_of,
                                           due_workdays=due_workdays, lookback=t.missing_report_lookback)
        due[task_id] = [p.key for p in periods]
        keys.update(due[task_id])
    # Any report submitted by the day (and not returned) makes a task's progress a measurement.
    seen = reports_seen(keys)

    results = []
    for task_id, status, _start, _issued, _created, deadline, progress, _frequency, unit_id, light in rows:
        counts = milestone_counts.get(task_id, {})
        facts = rules.TaskFacts(
            status=status, start=starts[task_id], deadline=deadline, progress=progress,
            overdue_milestones=counts.get("overdue", 0), reached_milestones=counts.get("reached", 0),
            missing_reports=sum(1 for key in due[task_id] if (task_id, key) not in seen.periods),
            milestone_dates=tuple(milestone_dates.get(task_id, ())), reported=task_id in seen.ever,
        )
        results.append(TaskEvaluation(task_id, unit_id, status, progress, deadline, facts,
                                      rules.evaluate(facts, as_of, t), light))
    return results


def task_evaluation(*, task: Task, as_of: date | None = None) -> TaskEvaluation:
    """One task's evaluation on the business date (or on `as_of`), before issuing a notice and
    for the API. Reads only; `task_evaluate` writes the light. (The task's page reads it with
    its forecast: oversight.selectors.task_outlook.)"""
    return tasks_evaluate(as_of=as_of or business_today(), task_ids=[task.pk])[0]


def report_day() -> Least:
    """The day a report counts as of: its period's end, or the (local) day it was submitted if
    earlier. Taken in SQL, since reading 600,000 timestamps with their zone into Python was half
    the time of the evaluation run's forecasts over 100,000 tasks."""
    return Least("period_end", TruncDate("submitted_at", tzinfo=timezone.get_current_timezone()))


def light_change_reason(result: TaskEvaluation, trigger: str, as_of: date) -> str:
    """Why a light changed, for the task's history: what triggered the evaluation, the day,
    the old and new light and the reasons ("评估(采纳进展报告,2024-10-31):预警→滞后;已超过完成时限")."""
    reasons = ";".join(str(REASON_LABELS[r]) for r in result.result.reasons)
    text = str(MSG_LIGHT_CHANGED % {
        "trigger": trigger, "day": as_of.isoformat(),
        "before": LIGHT_LABELS.get(result.previous_light, result.previous_light),
        "after": LIGHT_LABELS.get(result.result.light, result.result.light),
    })
    return f"{text};{reasons}" if reasons else text


def _lights_write(results: Iterable[TaskEvaluation], *, trigger: str, as_of: date) -> int:
    """Write the lights that changed and record each change in the task's history, with its
    reason; returns how many changed.

    The lights go through ledger's bulk writer (one UPDATE per light and batch); the history
    rows are written in bulk too, with the task's co-units copied, since simple-history's
    bulk writer does not copy many-to-many fields and a history row without them would read
    as "co-units removed".
    """
    changed = [r for r in results if r.result.light != r.previous_light]
    if not changed:
        return 0
    tasks_light_set(lights={r.task_id: r.result.light for r in changed})
    by_id = {r.task_id: r for r in changed}
    through = Task.co_units.through
    history_co_units = apps.get_model("ledger", "HistoricalTask_co_units")  # made by simple-history
    for start in range(0, len(changed), LIGHT_BATCH):
        chunk = [r.task_id for r in changed[start:start + LIGHT_BATCH]]
        tasks = list(Task.objects.filter(pk__in=chunk))
        # A light changed by a decision that names its own reason (an approved adjustment) keeps
        # that reason first, so the task's history reads as one story.
        outer = current_reason()
        for task in tasks:
            why = light_change_reason(by_id[task.pk], trigger, as_of)
            task._change_reason = (f"{outer};{why}" if outer else why)[:100]  # type: ignore[attr-defined]
        rows = Task.history.bulk_history_create(tasks, update=True, default_user=current_actor()) or []
        links: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for link_id, task_id, unit_id in through.objects.filter(task_id__in=chunk).values_list("id", "task_id", "unit_id"):
            links[task_id].append((link_id, unit_id))
        history_co_units.objects.bulk_create([
            history_co_units(id=link_id, task_id=row.id, unit_id=unit_id, history_id=row.history_id)
            for row in rows for link_id, unit_id in links.get(row.id, ())
        ])
    return len(changed)


@records_history
def task_evaluate(task: Task, *, reason: str, user: Any = None, as_of: date | None = None) -> TaskEvaluation:
    """Evaluate one task now and write its light, recording a change in the task's history
    with `reason`: what triggered it, a code of TRIGGERS ("confirmed", "edited", "adjusted",
    "report_accepted") or a text.

    Called by the services that change what a light depends on, so the light is right at once
    instead of at the next scheduled run. Returns the evaluation.
    """
    as_of = as_of or business_today()
    result = tasks_evaluate(as_of=as_of, task_ids=[task.pk])[0]
    with recording(user), transaction.atomic():
        _lights_write([result], trigger=str(TRIGGERS.get(reason, reason)), as_of=as_of)
        # The task's progress, status or light may have moved: its parents' roll-up follows.
        parent_id = Task.objects.filter(pk=task.pk).values_list("parent_id", flat=True).first()
        task_rollups_refresh(task_ids=[parent_id])
        forecasts_refresh(task_ids=[task.pk], as_of=as_of)
    task.light = result.result.light
    return result


def _no_progress(percent: int, message: str = "") -> None:
    """The default of `evaluation_run`'s progress: the scheduler and the API watch nothing."""


def evaluation_run(*, user: Any = None, as_of: date | None = None,
                   progress: Callable[[int, str], None] = _no_progress) -> int:
    """Evaluate every task on the business date and write the lights; returns how many
    changed, each change recorded in its task's history. With a user (a supervisor pressing
    "evaluate now") the permission is checked; the scheduler calls it without one.

    `progress(percent, message)` hears each step (a background job's progress bar): at 100,000
    tasks the run takes seconds when few lights change and over a minute the first time.
    """
    task_ids: list[int] | None = None
    if user is not None:
        require(user, Action.EVALUATION_RUN)
        if scope_of(user) is not None:  # an office evaluates the tasks it manages
            task_ids = list(tasks_managed_by(user).values_list("pk", flat=True))
    as_of = as_of or business_today()
    progress(5, str(MSG_STEP_EVALUATE))
    results = tasks_evaluate(as_of=as_of) if task_ids is None else tasks_evaluate(as_of=as_of, task_ids=task_ids)
    trigger = str(MSG_TRIGGER_MANUAL if user is not None else MSG_TRIGGER_SCHEDULED)
    with recording(user), transaction.atomic():
        progress(40, str(MSG_STEP_LIGHTS % {"n": len(results)}))
        changed = _lights_write(results, trigger=trigger, as_of=as_of)
        progress(70, str(MSG_STEP_ROLLUP % {"n": changed}))
        rollups_refresh_all()
        progress(85, str(MSG_STEP_FORECAST))
        if task_ids is None:
            forecasts_refresh_all(as_of=as_of)
        else:
            forecasts_refresh(task_ids=task_ids, as_of=as_of)
    # The lights and roll-ups written above appended their changes to the ledger's tally: fold
    # them, so the battle map reads one row per group again.
    tally_compact()
    return changed


def monthly_key(day: date) -> str:
    """The key of the monthly snapshot of `day`'s month ("2024-09")."""
    return f"{day:%Y-%m}"


def staged_with_ancestors(task_ids: Iterable[int]) -> set[int]:
    """The tasks that made staged progress and every task above them: a national task has staged
    progress when a city, district or zone task beneath it has (the roll-up of "36 项重点任务取得
    阶段性进展", counted from the reports, not typed)."""
    staged = set(task_ids)
    if not staged:
        return staged
    parent_of = dict(Task.objects.filter(parent__isnull=False).values_list("pk", "parent_id"))
    for task_id in list(staged):
        node = parent_of.get(task_id)
        steps = 0
        while node is not None and node not in staged and steps < 32:
            staged.add(node)
            node = parent_of.get(node)
            steps += 1
    return staged


@dataclass(frozen=True)
class Effective:
    """The figures a snapshot records for a task: a parent's roll-up from its children's
    evaluations of the day, else the task's own."""

    light: str
    status: str
    progress: int


TreeRow = tuple[int | None, int | None, str]  # parent id, weight, kind


def task_tree() -> dict[int, TreeRow]:
    """Every task's parent, weight and kind, in one query."""
    return {pk: (parent_id, weight, kind) for pk, parent_id, weight, kind in Task.objects.order_by().values_list(
        "pk", "parent_id", "weight", "kind")}


def effective_figures(results: Iterable[TaskEvaluation], tree: dict[int, TreeRow] | None = None
                      ) -> dict[int, Effective]:
    """Each evaluated task's effective light, status and progress on the day of `results`.

    The roll-up is folded in memory from the day's evaluations (ledger's `rollups_fold`, the same
    rule the stored roll-up follows), not read from the tasks' stored roll-up, which holds the
    lights of the last run: so a snapshot of any day says what the live map says that day. `tree`
    is `task_tree()`, read here when not given."""
    results = list(results)
    tree = task_tree() if tree is None else tree
    own: dict[int, tuple[int | None, ChildFigures]] = {}
    for r in results:
        parent_id, weight, _kind = tree.get(r.task_id, (None, None, TaskKind.MEASURE))
        own[r.task_id] = (parent_id, ChildFigures(weight, str(r.status), str(r.result.light), int(r.progress)))
    rolled = rollups_fold(own)
    figures: dict[int, Effective] = {}
    for r in results:
        up = rolled.get(r.task_id)
        if up is not None and up.status is not None:
            figures[r.task_id] = Effective(str(up.light), str(up.status), int(up.progress or 0))
        else:
            figures[r.task_id] = Effective(str(r.result.light), str(r.status), int(r.progress))
    return figures


def snapshot_take(*, key: str, kind: str, as_of: date, user: Any = None,
                  update_lights: bool = False) -> tuple[EvaluationSnapshot, bool]:
    """Store every task's evaluated state on `as_of` under `key`; returns (snapshot, created).

    A key that exists already returns that snapshot untouched (a scheduler run twice, a
    double click): snapshots are records and are never rewritten. Rows are written with
    bulk_create in batches; the counts on the snapshot are computed from the same results.
    A task with children is recorded with its effective figures (light, status, progress rolled
    up from its children's evaluations, issue 10), as the live map counts it; its overdue flag,
    expected progress and reasons stay its own. Headings of a plan are not recorded.
    """
    if user is not None:
        require(user, Action.EVALUATION_RUN)
    existing = EvaluationSnapshot.objects.filter(key=key).first()
    if existing is not None:
        return existing, False
    results = tasks_evaluate(as_of=as_of)
    staged = staged_with_ancestors(r.task_id for r in results if r.result.staged_progress)
    tree = task_tree()
    effective = effective_figures(results, tree)
    # The headings of a plan are structure, not work: they count in their parents' roll-up above,
    # but are not recorded, so the snapshot's totals and rows are the tasks the battle map counts.
    recorded = [r for r in results if tree.get(r.task_id, (None, None, ""))[2] != TaskKind.HEADING]
    try:
        with transaction.atomic():
            snapshot = EvaluationSnapshot.objects.create(key=key, kind=kind, as_of=as_of,
                                                         taken_by=user if user is not None else None)
            counts: dict[str, int] = defaultdict(int)
            batch: list[TaskSnapshot] = []
            for r in recorded:
                e, shown = r.result, effective[r.task_id]
                counts[shown.light] += 1
                counts["staged"] += int(r.task_id in staged)
                counts["overdue"] += int(e.overdue)
                batch.append(TaskSnapshot(
                    snapshot=snapshot, task_id=r.task_id, lead_unit_id=r.lead_unit_id, light=shown.light,
                    status=shown.status, progress_percent=shown.progress, expected_percent=e.expected, overdue=e.overdue,
                    overdue_milestones=min(r.facts.overdue_milestones, 32767),
                    missing_reports=min(r.facts.missing_reports, 32767), staged_progress=r.task_id in staged,
                    deadline=r.deadline, reasons=",".join(e.reasons)[:120],
                ))
                if len(batch) >= BATCH:
                    TaskSnapshot.objects.bulk_create(batch)
                    batch = []
            if batch:
                TaskSnapshot.objects.bulk_create(batch)
            snapshot.task_count = len(recorded)
            snapshot.green, snapshot.yellow, snapshot.red = counts[rules.GREEN], counts[rules.YELLOW], counts[rules.RED]
            snapshot.unreported = counts[rules.UNREPORTED]
            snapshot.done, snapshot.unevaluated = counts[rules.DONE], counts[rules.NONE]
            snapshot.staged_progress, snapshot.overdue = counts["staged"], counts["overdue"]
            snapshot.save()
            if update_lights:
                with recording(user):
                    _lights_write(results, trigger=str(MSG_TRIGGER_SNAPSHOT), as_of=as_of)
                rollups_refresh_all()
    except IntegrityError:
        # Another process took the same snapshot meanwhile: theirs stands.
        return EvaluationSnapshot.objects.get(key=key), False
    return snapshot, True


def snapshot_on_demand(*, user: Any) -> tuple[EvaluationSnapshot, bool]:
    """A supervisor's snapshot of now, keyed by the minute (so a double click makes one)."""
    require(user, Action.EVALUATION_RUN)
    now = timezone.localtime()
    return snapshot_take(key=f"{now:%Y-%m-%d %H:%M}", kind=SnapshotKind.ON_DEMAND, as_of=business_today(), user=user,
                         update_lights=True)


def snapshot_monthly_due(today: date) -> tuple[str, date] | None:
    """The monthly snapshot the scheduler owes on `today`: this month's on its last day, or last
    month's if it was missed (the scheduler did not run on that day); None when none is owed."""
    last_day = calendar.monthrange(today.year, today.month)[1]
    if today.day == last_day:
        key = monthly_key(today)
        if not EvaluationSnapshot.objects.filter(key=key).exists():
            return key, today
    previous_end = today.replace(day=1) - timedelta(days=1)
    key = monthly_key(previous_end)
    if not EvaluationSnapshot.objects.filter(key=key).exists():
        return key, previous_end
    return None
