"""Adapters to the data other apps own: evaluation snapshots and unit scores (oversight), task
forces (ledger), milestones and progress reports (reports), indicators, projects.

Everything the battle map and briefings read from those apps goes through this module, so that
a change of their models touches one file. Those apps are hard dependencies (they sit above
briefings); a function answers "nothing known" (None or an empty list) when there is no data,
and the caller then falls back to the live ledger. Nothing here writes.
"""

from __future__ import annotations

import hashlib
from array import array
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from luoshi.briefings import rules
from luoshi.core.clock import business_today
from luoshi.core.kept import kept_here
from luoshi.indicators.constants import FIGURES_TOKEN as INDICATOR_FIGURES
from luoshi.indicators.formatting import comparator_suffix
from luoshi.indicators.models import Observation
from luoshi.indicators.permissions import can_view_indicators
from luoshi.indicators.selectors import default_as_of, indicator_status_rows
from luoshi.ledger.choices import TaskStatus, TrafficLight
from luoshi.ledger.models import Task, TaskForce, TaskForceTask
from luoshi.ledger.permissions import taskforces_visible_to
from luoshi.ledger.tally import is_every_counted_task, is_every_task
from luoshi.oversight.choices import REASON_LABELS
from luoshi.oversight.models import EvaluationSnapshot, TaskSnapshot, UnitScore
from luoshi.projects.constants import FIGURES_TOKEN as PROJECT_FIGURES
from luoshi.projects.models import KeyProject, ProjectInvestment, ProjectMilestone
from luoshi.projects.permissions import can_view_projects
from luoshi.reports.models import Milestone, ProgressReport

TREND_MONTHS = 12
# How long the trend of one set of tasks is kept (`snapshot_trend`). The key says exactly what
# the figures are of, so they are never stale; the time only bounds what the cache holds.
TREND_KEPT_SECONDS = 24 * 3600


# --- periods -------------------------------------------------------------------------------------

def _month_key(day: date) -> str:
    return f"{day.year}-{day.month:02d}"


def _period_end(period: str) -> date | None:
    from luoshi.briefings.rules import period_bounds

    try:
        return period_bounds(period)[1]
    except ValueError:
        return None


# --- evaluation snapshots (oversight) --------------------------------------------------------------

def snapshot_for(period: str) -> Any | None:
    """The monthly evaluation snapshot that closes `period`, or None.

    A month uses its own snapshot ("2024-09"); a quarter or a year the latest monthly snapshot
    inside it (a year in progress: the latest month taken so far). "" means the latest one.
    """
    monthly = EvaluationSnapshot.objects.filter(kind="monthly")
    if not period:
        return monthly.order_by("-as_of").first()
    end = _period_end(period)
    if end is None:
        return None
    from luoshi.briefings.rules import period_bounds

    start = period_bounds(period)[0]
    return monthly.filter(as_of__gte=start, as_of__lte=end).order_by("-as_of").first()


def _previous_snapshot(snapshot: Any) -> Any | None:
    evaluation_snapshot = type(snapshot)
    return (evaluation_snapshot.objects.filter(kind="monthly", as_of__lt=snapshot.as_of)
            .order_by("-as_of").first())


def every_task(queryset: QuerySet[Task]) -> bool:
    """Whether `queryset` is every task a snapshot records: the counted tasks, with or without the
    filter that leaves out the headings of a plan (a snapshot does not record them either). Its
    snapshot figures are then the snapshot's own totals and rows, read without a join."""
    return is_every_counted_task(queryset) or is_every_task(queryset)


def task_condition(queryset: QuerySet[Task], field: str = "task_id") -> Q:
    """`field` among the tasks of `queryset`, as a subquery; nothing when it is every task."""
    if every_task(queryset):
        return Q()
    return Q(**{f"{field}__in": queryset.order_by().values("pk")})


def snapshot_rows(queryset: QuerySet[Task], snapshot: Any) -> QuerySet[Any]:
    """The snapshot's rows for the tasks of `queryset` (no join when `queryset` is every task)."""
    return TaskSnapshot.objects.filter(task_condition(queryset), snapshot=snapshot)


def snapshot_counts(queryset: QuerySet[Task], *, snapshot: Any, as_of: date) -> rules.Counts:
    """Counts of `queryset` as recorded in `snapshot`."""
    totals = snapshot_rows(queryset, snapshot).aggregate(
        total=Count("id"),
        completed=Count("id", filter=Q(status=TaskStatus.COMPLETED)),
        in_progress=Count("id", filter=Q(status=TaskStatus.IN_PROGRESS)),
        not_started=Count("id", filter=Q(status=TaskStatus.NOT_STARTED)),
        staged=Count("id", filter=Q(staged_progress=True)),
        overdue=Count("id", filter=Q(overdue=True)),
        red=Count("id", filter=Q(light=TrafficLight.RED)),
        yellow=Count("id", filter=Q(light=TrafficLight.YELLOW)),
        unreported=Count("id", filter=Q(light=TrafficLight.UNREPORTED)),
    )
    # Distinct tasks overdue or red (never overdue + red). Its own query: inside the aggregate
    # above, "overdue" would name the count, not the snapshot's column.
    attention = snapshot_rows(queryset, snapshot).filter(Q(overdue=True) | Q(light=TrafficLight.RED)).count()
    n = {k: int(v or 0) for k, v in totals.items()}
    return rules.Counts(total=n["total"], completed=n["completed"], in_progress=n["in_progress"],
                        not_started=n["not_started"], staged=n["staged"], overdue=n["overdue"], red=n["red"],
                        yellow=n["yellow"], attention=attention, unreported=n["unreported"])


def snapshot_moved(queryset: QuerySet[Task], *, snapshot: Any, limit: int) -> list[rules.TaskLine]:
    """Tasks with staged progress in the snapshot's month, biggest rise against the month before first."""
    previous = _previous_snapshot(snapshot)
    rows = snapshot_rows(queryset, snapshot).filter(staged_progress=True)
    if previous is not None:
        before = TaskSnapshot.objects.filter(snapshot=previous, task_id=OuterRef("task_id")).values(
            "progress_percent")[:1]
        rows = rows.annotate(before=Subquery(before, output_field=IntegerField()))
    else:
        rows = rows.annotate(before=F("progress_percent") * 0)
    rows = rows.annotate(rise=F("progress_percent") - F("before")).order_by(
        F("rise").desc(nulls_last=True), "task__code")
    lines: list[rules.TaskLine] = []
    for r in rows.values("task__code", "task__title", "task__lead_unit__short_name", "task__lead_unit__name",
                         "progress_percent", "before", "status")[:limit]:
        lines.append({
            "code": r["task__code"], "title": r["task__title"],
            "unit": r["task__lead_unit__short_name"] or r["task__lead_unit__name"] or "",
            "progress": 100 if r["status"] == TaskStatus.COMPLETED else r["progress_percent"],
            "progress_before": r["before"] if previous is not None else None,
        })
    return lines


def snapshot_periods(limit: int = 24) -> list[str]:
    """Months with a monthly snapshot, newest first."""
    return list(EvaluationSnapshot.objects.filter(kind="monthly").order_by("-as_of").values_list("key", flat=True)[:limit])


def snapshot_trend(queryset: QuerySet[Task], *, period: str, task_ids: Sequence[int] | None = None
                   ) -> dict[str, Any] | None:
    """Counts of each light month by month, for up to 12 monthly snapshots ending at `period`.

    Every task: the snapshots' own totals (twelve rows). A subset: one GROUP BY over their rows,
    kept in the cache when the caller knows the subset's ids (`task_ids`, the tasks of
    `queryset`): a snapshot's rows are written once and never rewritten, so the counts of one set
    of tasks in one list of snapshots never change, and the key is made of exactly those
    (`_trend_key`). A new month's snapshot, or a task gained or lost, is another key.
    """
    snapshots = EvaluationSnapshot.objects.filter(kind="monthly")
    end = _period_end(period) if period else None
    if end is not None:
        snapshots = snapshots.filter(as_of__lte=end)
    chosen = list(snapshots.order_by("-as_of")[:TREND_MONTHS])[::-1]
    if not chosen:
        return None
    periods = [s.key for s in chosen]
    lights: dict[str, list[int]] = {light: [0] * len(chosen) for light in TrafficLight.values}
    staged = [0] * len(chosen)
    if every_task(queryset):
        for i, s in enumerate(chosen):
            lights[TrafficLight.GREEN][i], lights[TrafficLight.YELLOW][i] = s.green, s.yellow
            lights[TrafficLight.RED][i], lights[TrafficLight.DONE][i] = s.red, s.done
            lights[TrafficLight.UNREPORTED][i] = s.unreported
            lights[TrafficLight.NONE][i], staged[i] = s.unevaluated, s.staged_progress
    else:
        key = _trend_key(chosen, task_ids) if task_ids is not None else None
        kept = cache.get(key) if key else None
        if kept is not None:
            return {"periods": periods, **kept}
        index = {s.pk: i for i, s in enumerate(chosen)}
        grouped = (TaskSnapshot.objects.filter(task_condition(queryset), snapshot_id__in=list(index))
                   .values("snapshot_id", "light")
                   .annotate(n=Count("id"), staged=Count("id", filter=Q(staged_progress=True))).order_by())
        for row in grouped:
            i = index[row["snapshot_id"]]
            lights.setdefault(row["light"], [0] * len(chosen))[i] += row["n"]
            staged[i] += row["staged"]
        if key:
            cache.set(key, {"lights": lights, "staged": staged}, TREND_KEPT_SECONDS)
    return {"periods": periods, "lights": lights, "staged": staged}


def _trend_key(snapshots: Sequence[Any], task_ids: Sequence[int]) -> str:
    """The cache key of the trend of `task_ids` over `snapshots`: a digest of the sorted ids and of
    each snapshot's id and moment of taking (a snapshot deleted and taken again is another)."""
    digest = hashlib.sha256(array("q", sorted(task_ids)).tobytes())
    for snapshot in snapshots:
        digest.update(f"|{snapshot.pk}@{snapshot.taken_at.isoformat()}".encode())
    return f"briefings:trend:{digest.hexdigest()}"


UNSET: Any = object()


def tasks_with_snapshot(queryset: QuerySet[Task], *, period: str, light: str | None = None,
                        status: str | None = None, overdue: bool | None = None,
                        lead_unit: Any = UNSET) -> QuerySet[Task]:
    """Tasks of `queryset` whose snapshot closing `period` has the given light/status.

    Without such a snapshot the live light/status stands in, as on the dashboard.
    """
    snapshot = snapshot_for(period)
    if snapshot is None:
        if light:
            queryset = queryset.filter(light=light)
        if status:
            queryset = queryset.filter(status=status)
        if overdue is not None:

            late = Q(deadline__lt=business_today()) & ~Q(status__in=[TaskStatus.COMPLETED, TaskStatus.CANCELLED])
            queryset = queryset.filter(late) if overdue else queryset.exclude(late)
        if lead_unit is not UNSET:
            queryset = queryset.filter(lead_unit_id=lead_unit)
        return queryset
    rows = TaskSnapshot.objects.filter(snapshot=snapshot, task_id=OuterRef("pk"))
    if light:
        rows = rows.filter(light=light)
    if status:
        rows = rows.filter(status=status)
    if overdue is not None:
        rows = rows.filter(overdue=overdue)
    if lead_unit is not UNSET:
        rows = rows.filter(lead_unit_id=lead_unit)
    return queryset.filter(Exists(rows))


def tasks_with_staged_progress(queryset: QuerySet[Task], *, period: str) -> QuerySet[Task]:
    """Tasks that made staged progress (阶段性进展) in `period` ("" = the latest snapshot).

    With a snapshot: its `staged_progress` flag, set by the evaluation from the reports. Without:
    completed tasks and tasks under way with some progress.
    """
    snapshot = snapshot_for(period)
    if snapshot is None:
        # A parent's own figures or, when it has children, its roll-up of the reports beneath it.
        own = Q(rollup_status__isnull=True) & (Q(status=TaskStatus.COMPLETED)
                                               | Q(status=TaskStatus.IN_PROGRESS, progress_percent__gt=0))
        rolled = Q(rollup_status=TaskStatus.COMPLETED) | Q(rollup_status=TaskStatus.IN_PROGRESS,
                                                            rollup_progress__gt=0)
        return queryset.filter(own | rolled)
    return queryset.filter(Exists(TaskSnapshot.objects.filter(snapshot=snapshot, task_id=OuterRef("pk"),
                                                               staged_progress=True)))


def staged_count(queryset: QuerySet[Task], *, period: str, trend: Mapping[str, Any] | None = None) -> int:
    """How many tasks of `queryset` made staged progress in `period`: the size of
    tasks_with_staged_progress, counted on the snapshot's rows without a join when it can be.

    `trend` is `snapshot_trend` of the same tasks, when the caller has it: ending at that
    snapshot, it already counted them."""
    snapshot = snapshot_for(period)
    if snapshot is None:
        return tasks_with_staged_progress(queryset, period=period).count()
    if every_task(queryset):
        # Every task: the count the snapshot recorded when it was taken (its rows go only with
        # a deleted task, which no list can open any more).
        return int(snapshot.staged_progress)
    if trend and trend["periods"] and trend["periods"][-1] == snapshot.key:
        return int(trend["staged"][-1])
    return snapshot_rows(queryset, snapshot).filter(staged_progress=True).count()


def latest_reasons(codes: list[str]) -> dict[str, str]:
    """Why each lagging task lags, by task code: the unit's latest report narrative, else the
    evaluation's reasons in words."""
    if not codes:
        return {}
    reasons: dict[str, str] = {}
    latest = (TaskSnapshot.objects.filter(task__code__in=codes).exclude(reasons="")
              .order_by("task_id", "-snapshot__as_of").values("task__code", "reasons"))
    for row in latest:
        if row["task__code"] not in reasons:
            labels = [str(REASON_LABELS.get(code, code)) for code in row["reasons"].split(",") if code]
            reasons[row["task__code"]] = "、".join(labels)
    narratives = (ProgressReport.objects.filter(task__code__in=codes, status__in=["submitted", "accepted"])
                  .order_by("task_id", "-period_end").values("task__code", "narrative"))
    seen: set[str] = set()
    for report in narratives:
        code = report["task__code"]
        if code not in seen and report["narrative"]:
            seen.add(code)
            reasons[code] = report["narrative"][:200]
    return reasons


# --- task forces (ledger) ------------------------------------------------------------------------

def task_force_choices(user: Any) -> list[tuple[int, str]]:
    """(id, name) of the task forces `user` may see (permissions.taskforces_visible_to: a reporter
    is not shown every task force's name in a filter); [] when there are none."""
    visible = taskforces_visible_to(user, TaskForce.objects.order_by("name"))
    return [(pk, str(name)) for pk, name in visible.values_list("pk", "name")]


def tasks_in_task_force(queryset: QuerySet[Task], task_force_id: int) -> QuerySet[Task]:
    """Tasks of `queryset` owned by the task force."""
    return queryset.filter(Exists(TaskForceTask.objects.filter(task_id=OuterRef("pk"), task_force_id=task_force_id)))


def task_force_timeline(queryset: QuerySet[Task]) -> list[dict[str, Any]] | None:
    """Deadlines and milestones by month per task force (roadmap, 路线图); None without task forces.

    [{name, filters: {task_force}, months: {"2024-09": {due, completed, milestones}}}]; tasks of
    no task force form the last group.
    """
    if not TaskForce.objects.exists():
        return None
    names = dict(TaskForce.objects.values_list("pk", "name"))
    groups: dict[Any, dict[str, Any]] = {}
    # Grouped by the date itself and folded into months here (cheaper than truncating each date in
    # SQL); all tasks first, then the task forces' tasks read from the link table's side, and the
    # tasks of no task force are the difference (a LEFT JOIN of every task took three times as long).
    everyone: dict[str, list[int]] = {}
    for row in (queryset.filter(deadline__isnull=False).values("deadline")
                .annotate(n=Count("id"), done=Count("id", filter=Q(status=TaskStatus.COMPLETED))).order_by()):
        cell = everyone.setdefault(row["deadline"].strftime("%Y-%m"), [0, 0])
        cell[0] += row["n"]
        cell[1] += row["done"]
    # An inner join (tasks that have a task force), which the planner may start from either table.
    linked = queryset.filter(deadline__isnull=False, task_force_link__isnull=False)
    for row in (linked.values(day=F("deadline"), tf=F("task_force_link__task_force_id"))
                .annotate(n=Count("id"), done=Count("id", filter=Q(status=TaskStatus.COMPLETED))).order_by()):
        month = row["day"].strftime("%Y-%m")
        group = groups.setdefault(row["tf"], _timeline_group(row["tf"], names))
        cell = group["months"].setdefault(month, {"due": 0, "completed": 0, "milestones": 0})
        cell["due"] += row["n"]
        cell["completed"] += row["done"]
        everyone[month][0] -= row["n"]
        everyone[month][1] -= row["done"]
    if any(n for n, _done in everyone.values()):
        rest = groups.setdefault(None, _timeline_group(None, names))
        for month, (n, done) in everyone.items():
            if n:
                rest["months"][month] = {"due": n, "completed": done, "milestones": 0}
    milestone_rows = (Milestone.objects.filter(task__in=queryset.order_by().values("pk"))
                      .values("due_date", tf=F("task__task_force_link__task_force_id"))
                      .annotate(n=Count("id")).order_by())
    for row in milestone_rows:
        group = groups.setdefault(row["tf"], _timeline_group(row["tf"], names))
        cell = group["months"].setdefault(row["due_date"].strftime("%Y-%m"),
                                          {"due": 0, "completed": 0, "milestones": 0})
        cell["milestones"] += row["n"]
    return sorted(groups.values(), key=lambda g: (g["filters"] == {}, g["name"]))


def _timeline_group(task_force_id: Any, names: dict[int, str]) -> dict[str, Any]:
    if task_force_id is None:
        return {"name": _("未纳入专班"), "filters": {}, "months": {}}
    return {"name": names.get(task_force_id, ""), "filters": {"task_force": task_force_id}, "months": {}}


# --- assessment (oversight) ----------------------------------------------------------------------

def unit_ranking(*, period: str, office_id: int | None = None) -> list[dict[str, Any]] | None:
    """Assessment scores per unit for `period` (or the latest assessed period) in the ranking of
    `office_id` (None: the installation's), best first; None when no period was assessed."""
    scores = UnitScore.objects.filter(office_id=office_id).exclude(total=None)
    key = period if period and scores.filter(period_key=period).exists() else (
        scores.order_by("-computed_at").values_list("period_key", flat=True).first())
    if not key:
        return None
    rows = []
    for r in (scores.filter(period_key=key).order_by("rank", "unit__name")
              .values("unit_id", "unit__name", "unit__short_name", "total", "rank", "task_count")[:20]):
        assert r["total"] is not None  # scores without a total are excluded above
        rows.append({"name": r["unit__short_name"] or r["unit__name"], "unit_id": r["unit_id"],
                     "score": round(float(r["total"]), 1), "rank": r["rank"], "total": r["task_count"],
                     "period": key, "filters": {"lead_unit": str(r["unit_id"])}})
    return rows


# --- indicators ----------------------------------------------------------------------------------

# The catalogues' figures are the same for every reader who may see them (every role may: see
# indicators.permissions and projects.permissions) and change only when an indicator, a target, an
# observation, a project, its investment or its milestones is written. Assessing a province's 400
# indicators and rolling up its 6,000 key projects cost a cold battle map four fifths of its time,
# so each is read once per year, day and language and kept in the process until one of those
# writes renews its token (core.kept.kept_here). The lists are shared between requests: read only.

def indicator_rows(*, year: int, user: Any = None, as_of: date | None = None) -> list[dict[str, Any]]:
    """Indicators with a target for `year`: target, latest actual, judgement, and the month-by-month
    actuals (one query for all series), as rules.IndicatorLine dicts plus `series` and `url`.
    Nothing for a reader who may not see indicators."""
    if user is not None and not can_view_indicators(user):
        return []
    # Without `as_of` the assessment is of today (default_as_of), so the day is part of the key.
    key = ("battle-map-indicators", year, as_of, default_as_of(year), get_language())
    return kept_here(key, [INDICATOR_FIGURES], lambda: _indicator_lines(year=year, as_of=as_of))


def _indicator_lines(*, year: int, as_of: date | None) -> list[dict[str, Any]]:
    rows = indicator_status_rows(year=year, as_of=as_of, with_target_only=True)
    if not rows:
        return []
    series: dict[int, list[list[Any]]] = defaultdict(list)
    end = as_of or date(year, 12, 31)
    for indicator_id, period_end, value in (
            Observation.objects.filter(indicator_id__in=[r.indicator.pk for r in rows],
                                       period_end__gte=date(year, 1, 1), period_end__lte=end)
            .order_by("period_end").values_list("indicator_id", "period_end", "value")):
        series[indicator_id].append([_month_key(period_end), float(value)])
    lines = []
    for row in rows:
        target = row.target
        assessment = row.assessment
        bound = assessment.bound
        status = row.light_label
        if row.at_risk:
            status += _("，预计难以完成全年目标")
        elif row.forecast_value is not None and row.light in {"green", "yellow"}:
            status += _("，预计可以完成全年目标")
        try:
            url = row.indicator.get_absolute_url()
        except NoReverseMatch:
            url = ""
        lines.append({
            "name": row.indicator.name, "unit": row.indicator.unit,
            "target": float(target.value) if target is not None and target.value is not None else (
                bound.threshold if bound is not None else None),
            "comparator_label": comparator_suffix(target.comparator) if target is not None else "",
            "phrase": row.target_phrase,
            "actual": assessment.latest_value, "actual_period": row.latest_label,
            "required": assessment.required, "light": row.light, "status_label": status,
            "on_track": None if row.light == "none" else row.light == "green",
            "at_risk": row.at_risk, "series": series.get(row.indicator.pk, []), "url": url,
        })
    return lines


# --- projects ------------------------------------------------------------------------------------

WAN = Decimal(10000)


def project_rollup(*, year: int, user: Any = None, as_of: date | None = None) -> dict[str, Any] | None:
    """Key projects of `year`: counts and investment planned against completed, by month (in yuan).

    {count, started, completed, planned_investment, completed_investment, months, planned, completed_by_month,
     unit_label, url}; None when the year has no projects, or the reader may not see projects.
    """
    if user is not None and not can_view_projects(user):
        return None
    last_month = 12 if as_of is None or as_of.year > year else as_of.month
    return kept_here(("battle-map-projects", year, last_month, get_language()), [PROJECT_FIGURES],
                     lambda: _project_summary(year=year, last_month=last_month))


def _project_summary(*, year: int, last_month: int) -> dict[str, Any] | None:
    projects: QuerySet[KeyProject] = KeyProject.objects.filter(year=year)
    totals = projects.aggregate(count=Count("id"), planned=Sum("planned_investment"))
    if not totals["count"]:
        return None
    monthly = dict(ProjectInvestment.objects.filter(project__in=projects.values("pk"), year=year,
                                                    month__lte=last_month)
                   .values_list("month").annotate(total=Sum("amount")).order_by())
    milestones = ProjectMilestone.objects.filter(project__in=projects.values("pk"), actual_date__year=year)
    started = milestones.filter(kind="start").count()
    finished = milestones.filter(kind="completion").count()
    planned = Decimal(totals["planned"] or 0)
    months, plan_line, done_line, running = [], [], [], Decimal(0)
    for month in range(1, last_month + 1):
        running += Decimal(monthly.get(month) or 0)
        months.append(f"{year}-{month:02d}")
        plan_line.append(round(float(planned * month / 12 / WAN), 2))   # 亿元: 万元 ÷ 10,000
        done_line.append(round(float(running / WAN), 2))
    try:
        url = reverse("projects:list")
    except NoReverseMatch:
        url = ""
    return {
        "count": totals["count"], "started": started, "completed": finished,
        "planned_investment": float(planned * WAN), "completed_investment": float(running * WAN),
        "months": months, "planned_line": plan_line, "completed_line": done_line, "unit_label": _("亿元"),
        "url": url,
    }
