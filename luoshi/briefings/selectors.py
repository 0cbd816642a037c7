"""Reads for the battle map, the drill-down list, coverage and briefings.

The dashboard is computed with a handful of queries whose number does not depend on the number
of tasks: for every task, from the tally the database keeps; for a reader's scope, from one
statement over its tasks (`scope_figures`); else GROUP BY queries (a past month's snapshot, and a
tab's breakdown asked on its own). Python folds the grouped rows into the shape the charts want. Results are cached per visibility scope and
filters for a minute.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from luoshi.briefings import rules, scope_figures, sources
from luoshi.briefings.filtersets import NONE_VALUE, TaskDrillFilterSet
from luoshi.briefings.proposal_panel import briefing_proposal_summary
from luoshi.core.aggregates import aggregate_row
from luoshi.core.bounds import YEAR_MAX, YEAR_MIN, id_or_none
from luoshi.core.clock import business_today
from luoshi.core.pagination import page_number, page_of, values_among
from luoshi.core.urlcache import address_template
from luoshi.documents.models import Document
from luoshi.indicators.permissions import can_view_indicators
from luoshi.ledger.choices import TaskLevel, TaskStatus, TrafficLight
from luoshi.ledger.models import Task, Unit
from luoshi.ledger.models.tasks import effective_annotations
from luoshi.ledger.permissions import task_visibility_key, tasks_visible_to
from luoshi.ledger.selectors.tasks import unit_labels
from luoshi.ledger.tally import (
    Counts,
    is_every_counted_task,
    is_every_task,
    tally_counts,
    tally_deadline_months,
    tally_level_links,
)
from luoshi.oversight.selectors import ranking_office_id, tasks_likely_late
from luoshi.projects.permissions import can_view_projects

CLOSED = scope_figures.CLOSED
TOP_GROUPS = 20
LIST_LIMIT = 15
# The indicators the map draws (gauges and trend lines): a province tracks hundreds, and a chart
# of hundreds of lines says nothing; the rest are counted in its caption and listed on their page.
INDICATORS_SHOWN = 8


def drill_task_list(*, user: Any, filters: Mapping[str, Any] | None = None, headings: bool = False,
                    by_columns: bool = False) -> tuple[TaskDrillFilterSet, QuerySet[Task]]:
    """Visible tasks under the drill-down filters, ordered by code; the bound filterset is returned
    for its form and errors (rows are empty when it does not validate).

    This is where every count of the battle map and the briefings starts, and the list behind each
    number: the headings of a plan (`Task.kind` heading) are structure, not work, and are left out,
    so a number and its list agree. `headings=True` keeps them (the coverage tree, the ledger's export).
    `by_columns` writes the visibility for queries that read every visible task (the battle map's:
    ledger.permissions.tasks_visible_to).
    """
    base = tasks_visible_to(user, Task.objects.all() if headings else Task.objects.counted(), by_columns=by_columns)
    filterset = TaskDrillFilterSet(data=filters or {}, queryset=base)
    rows = filterset.qs if filterset.is_valid() else base.none()
    return filterset, rows.order_by("code")


def _flat(queryset: QuerySet[Task]) -> QuerySet[Task]:
    """The same tasks without duplicate rows from a join, so that plain COUNT(*) is right.

    The visibility rule is a semi-join (`id IN (… UNION …)`, core.pagination.among) and the drill
    filters join nothing that repeats a task, so the list comes back unordered as it is. A query
    with DISTINCT (which an aggregate cannot sit on) becomes `id IN (its ids)`. (Reading the ids
    once as a list, as this did when a reporter's visibility was a DISTINCT join, is what the
    battle map's `scope_figures` statement does now for a reader's scope, in the database.)
    """
    if not queryset.query.distinct:
        return queryset.order_by()
    return Task.objects.filter(pk__in=queryset.order_by().values("pk"))


def dashboard_cache_key(*, user: Any, filters: Mapping[str, Any]) -> str:
    """One key per visibility scope and set of filters, per day and language.

    The scope is what the figures read of the user: the tasks they see (`task_visibility_key`,
    from the inputs of the visibility rule, not its compiled SQL, which cost a third of a cached
    request), the office whose ranking they read, and whether they may read the indicators and
    projects drawn beside the tasks."""
    payload = json.dumps({
        "scope": task_visibility_key(user),
        "ranking": ranking_office_id(user),
        "sources": [can_view_indicators(user), can_view_projects(user)],
        "filters": sorted((k, str(v)) for k, v in filters.items() if v not in (None, "")),
        "day": business_today().isoformat(),
        "lang": get_language(),
    }, ensure_ascii=False)
    return "luoshi:dashboard:" + hashlib.sha256(payload.encode("utf-8")).hexdigest()


def encode_dashboard(data: Mapping[str, Any]) -> bytes:
    """The battle map's figures as the JSON served (UTF-8, Chinese unescaped)."""
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).encode("utf-8")


def dashboard_json(*, user: Any, filters: Mapping[str, Any] | None = None, use_cache: bool = True,
                   dimension: str = "") -> tuple[bytes, bool]:
    """`dashboard_data` as the JSON body served, and whether it reports errors (bad filters).

    The cache holds the encoded body: a hit is served as stored, without decoding and
    re-encoding a few dozen kilobytes of figures on every request."""
    filters = {k: v for k, v in (filters or {}).items() if k in TaskDrillFilterSet.base_filters and v not in ("", None)}
    if dimension and dimension not in DIMENSION_BY_KEY:
        return encode_dashboard({"errors": {"dimension": [_("未知的统计维度。")]}}), True
    key = dashboard_cache_key(user=user, filters={**filters, "__dimension": dimension})
    seconds = int(settings.LUOSHI.get("DASHBOARD_CACHE_SECONDS", 60))
    # 0 turns the cache off: nothing is kept, and nothing kept before (by a server configured
    # otherwise, sharing the cache) is served either.
    use_cache = use_cache and seconds > 0
    if use_cache:
        cached = cache.get(key)
        if isinstance(cached, bytes):
            return cached, False
    data = _dashboard_compute(user=user, filters=filters, dimension=dimension)
    body = encode_dashboard(data)
    if data.get("errors"):
        return body, True
    if use_cache:
        cache.set(key, body, seconds)
    return body, False


def dashboard_data(*, user: Any, filters: Mapping[str, Any] | None = None, use_cache: bool = True,
                   dimension: str = "") -> dict[str, Any]:
    """Everything the battle map draws, for the tasks `user` sees under `filters`; with `dimension`
    (by_category, by_programme, by_level, by_unit) only that breakdown, for a tab opened later.

    The figures as the JSON carries them (decimals and dates as text), cached or not alike.
    Raises nothing for bad filters: the result then carries `errors` and no numbers.
    """
    body, _errors = dashboard_json(user=user, filters=filters, use_cache=use_cache, dimension=dimension)
    return dict(json.loads(body))


@dataclass(frozen=True)
class _Dimension:
    key: str                    # name in the JSON
    column: str                 # grouped column of the task
    filter_name: str            # drill-down filter for one value
    snapshot_column: str = ""   # the snapshot row's own copy, read without a join to the tasks
    snapshot_filter: str = ""   # and the drill-down filter on that copy


DIMENSIONS = [
    _Dimension("by_category", "category", "category_is"),
    _Dimension("by_programme", "source_document_id", "programme"),
    _Dimension("by_level", "level", "level"),
    # A snapshot keeps the lead unit of its day: its map and drill-down use that one.
    _Dimension("by_unit", "lead_unit_id", "lead_unit", "lead_unit_id", "snap_lead_unit"),
]


LIGHTS = tuple(TrafficLight.values)  # read once: an enum's values are rebuilt on every access


def _empty_counts() -> dict[str, Any]:
    return {"total": 0, "completed": 0, "overdue": 0, "lights": dict.fromkeys(LIGHTS, 0), "statuses": {}}


# Drawn when the page opens; the other breakdowns are fetched when their tab is clicked.
DEFAULT_DIMENSION = "by_category"
DIMENSION_BY_KEY = {d.key: d for d in DIMENSIONS}


def _grouped(base: QuerySet[Task], dimension: _Dimension, snapshot: Any, today: date
             ) -> dict[Any, dict[str, Any]]:
    """Counts per value of one dimension: total, completed and lights."""
    return _grouped_by(base, [dimension], snapshot, today)[dimension.key]


def _grouped_by(base: QuerySet[Task], dimensions: list[_Dimension], snapshot: Any, today: date, *,
                overdue_by: _Dimension | None = None, scope: scope_figures.ScopeFigures | None = None,
                tallied: Counts | None = None) -> dict[str, dict[Any, dict[str, Any]]]:
    """Counts per value of each of `dimensions` (by its key): total, completed and lights, and
    in the groups of `overdue_by` (one of them) the tasks overdue too.

    One GROUP BY (dimensions…, light, status) with one filtered count, folded here into each
    dimension: on PostgreSQL reading 100,000 rows is most of the cost, so two breakdowns (the
    categories and the units' ranking) come from one scan, and the query asks for no more than
    the charts draw. With a snapshot, lights, statuses and overdue are the snapshot's. With
    `scope` (the figures of `base` counted in one statement, live only, grouped by `dimensions`),
    its grouped rows. For every counted task, live, the tally's counts are summed: `tallied` when
    the caller has read them already (`_read_tally`).
    """
    if snapshot is None and is_every_counted_task(base):
        return _tallied(dimensions, today, overdue_by=overdue_by, counts=tallied)
    grouped: Iterable[dict[str, Any]]
    if scope is not None and snapshot is None:
        grouped = scope.grouped
    else:
        grouped = _grouped_query(base, dimensions, snapshot, today, overdue=overdue_by is not None)
    folded: dict[str, dict[Any, dict[str, Any]]] = {d.key: defaultdict(_empty_counts) for d in dimensions}
    for row in grouped:
        n, row_light, row_status = row["n"], row["group_light"], row["group_status"]
        for i, dimension in enumerate(dimensions):
            counts = folded[dimension.key][row[f"group_{i}"]]
            _count_in(counts, row_light, row_status, n)
            if dimension is overdue_by:
                counts["overdue"] += row["overdue"]
    return folded


def _grouped_query(base: QuerySet[Task], dimensions: list[_Dimension], snapshot: Any, today: date, *,
                   overdue: bool) -> QuerySet[Any]:
    """The GROUP BY of `_grouped_by`: `group_<i>` per dimension, `group_light`, `group_status`, `n`
    and, if asked, `overdue`."""
    if snapshot is not None:
        rows = sources.snapshot_rows(base, snapshot)
        columns = [d.snapshot_column or f"task__{d.column}" for d in dimensions]
        late = Q(overdue=True)
    else:
        rows = base
        columns, late = [d.column for d in dimensions], scope_figures.overdue_q(today)
    counts_wanted: dict[str, Any] = {"n": Count("id")}
    if overdue:
        counts_wanted["overdue"] = Count("id", filter=late)
    light: Coalesce | F
    status: Coalesce | F
    if snapshot is None:
        # A parent counts with its roll-up from the tasks beneath it, a task without children with
        # its own: the one definition (Task.objects.with_rollup), which the home page counts by too.
        effective = effective_annotations()
        light, status = effective["eff_light"], effective["eff_status"]
    else:
        light, status = F("light"), F("status")
    keys = {f"group_{i}": F(column) for i, column in enumerate(columns)}
    return rows.values(**keys, group_light=light, group_status=status).annotate(**counts_wanted).order_by()


def _count_in(counts: dict[str, Any], light: str, status: str, n: int) -> None:
    """Add `n` tasks of one light and status to a group's counts."""
    counts["total"] += n
    counts["lights"][light] = counts["lights"].get(light, 0) + n
    counts["statuses"][status] = counts["statuses"].get(status, 0) + n
    if status == TaskStatus.COMPLETED:
        counts["completed"] += n


def _read_tally(dimensions: list[_Dimension]) -> Counts:
    """The tally's counts that `_tallied` sums for `dimensions` and the timeline reads (the
    deadlines by month), in one query: the map's breakdowns and its timeline read them once."""
    return tally_counts([d.column for d in dimensions] + ["deadline_month"])


def _tallied(dimensions: list[_Dimension], today: date, *, overdue_by: _Dimension | None = None,
             counts: Counts | None = None) -> dict[str, dict[Any, dict[str, Any]]]:
    """`_grouped_by` for every counted task, live: the lights and statuses from the ledger's tally
    (a few thousand rows the database keeps current, instead of every task). Overdue, which
    depends on the day: by category, the months before this one summed from the tally's deadlines
    by month and this month's days counted on the tasks (37,000 overdue tasks of 100,000 were
    15 ms of counting); by another breakdown, counted on the open tasks past their deadline (an
    index that includes what they are grouped by answers it alone). From `counts` (`_read_tally`)
    when given, else read here."""
    columns = [d.column for d in dimensions]
    by_month = overdue_by is not None and overdue_by.column == "category"
    tallied = counts if counts is not None else tally_counts(columns + ["deadline_month"] if by_month else columns)
    folded: dict[str, dict[Any, dict[str, Any]]] = {d.key: defaultdict(_empty_counts) for d in dimensions}
    for dimension in dimensions:
        for value, groups in tallied[dimension.column].items():
            counts = folded[dimension.key][value]
            for (row_light, row_status), n in groups.items():
                _count_in(counts, row_light, row_status, n)
    if overdue_by is None:
        return folded
    overdue = folded[overdue_by.key]
    # Counted on the deadline (never null here), not the id: the index answers alone.
    late = Task.objects.counted().filter(deadline__lt=today).exclude(status__in=CLOSED)
    if by_month:
        # The months before this one from the tally; this month's days on the tasks.
        this_month = today.strftime("%Y-%m")
        for (month, status, category), n in tally_deadline_months(tallied).items():
            if month < this_month and status not in CLOSED:
                overdue[category]["overdue"] += n
        late = late.filter(deadline__gte=today.replace(day=1))
    for row in late.values(overdue_by.column).annotate(n=Count("deadline")).order_by():
        overdue[row[overdue_by.column]]["overdue"] += row["n"]
    return folded


def _sum_counts(groups: Mapping[Any, dict[str, Any]]) -> dict[str, Any]:
    total = _empty_counts()
    for counts in groups.values():
        for key in ("total", "completed", "overdue"):
            total[key] += counts[key]
        for light, n in counts["lights"].items():
            total["lights"][light] = total["lights"].get(light, 0) + n
        for status, n in counts["statuses"].items():
            total["statuses"][status] = total["statuses"].get(status, 0) + n
    return total


def _dashboard_compute(*, user: Any, filters: Mapping[str, Any], dimension: str = "") -> dict[str, Any]:
    # Every query of the map reads all the tasks it counts (none checks them one by one for
    # another query's rows): the visibility written for that (by_columns).
    filterset, rows = drill_task_list(user=user, filters=filters, by_columns=True)
    if not filterset.is_valid():
        return {"errors": {k: [str(m) for m in v] for k, v in filterset.errors.items()}}
    base = _flat(rows)
    today = business_today()
    period = filterset.period_key
    snapshot = sources.snapshot_for(period) if period else None
    if dimension:
        wanted = DIMENSION_BY_KEY[dimension]
        groups = _grouped(base, wanted, snapshot, today)
        labels = _dimension_names({dimension: groups})[dimension]
        return {dimension: _dimension_rows(wanted, groups, labels, snapshot=snapshot is not None)}
    if snapshot is not None:
        light_filter, status_filter, overdue_filter = "snap_light", "snap_status", {"snap_overdue": "true"}
    else:
        light_filter, status_filter, overdue_filter = "light", "status", {"deadline_window": "overdue"}
    # One scan of the tasks gives the opening breakdown and, summed, every total on the page; and
    # the units' completion, when no assessment ranks them.
    scored = sources.unit_ranking(period=period, office_id=ranking_office_id(user))
    breakdowns = [DIMENSION_BY_KEY[DEFAULT_DIMENSION]] + ([] if scored else [DIMENSION_BY_KEY["by_unit"]])
    # A narrower scope than every counted task, live, is counted in one statement
    # (`scope_figures`): the breakdowns, the likely-late count, the lists, the timeline and the
    # trend's key, instead of each query finding its tasks again.
    every_live = snapshot is None and is_every_counted_task(base)
    scope = (scope_figures.counted_in_database(base, columns=[d.column for d in breakdowns], today=today,
                                               window=_timeline_window(today), wanted=LIST_LIMIT)
             if snapshot is None and not every_live else None)
    # Every counted task, live: the breakdowns and the timeline sum the tally, read once for both.
    tallied = _read_tally(breakdowns) if every_live else None
    # Overdue is drawn for the categories (and summed for the page's figure); the units' ranking
    # does not show it.
    folded = _grouped_by(base, breakdowns, snapshot, today, overdue_by=DIMENSION_BY_KEY[DEFAULT_DIMENSION],
                         scope=scope, tallied=tallied)
    totals = _sum_counts(folded[DEFAULT_DIMENSION])
    by_status = totals["statuses"]
    names = _dimension_names(folded)
    # The trend (the last twelve snapshots) counts the latest snapshot's staged progress of these
    # tasks too: the figure is read from it rather than counted again.
    trend = sources.snapshot_trend(base, period=period,
                                   task_ids=None if scope is None else scope.task_ids)
    staged = sources.staged_count(base, period=period, trend=trend) if totals["total"] else 0
    if not totals["total"]:
        likely_late = 0
    elif scope is not None:
        likely_late = scope.likely_late
    else:
        likely_late = tasks_likely_late(tasks=base).count()
    data: dict[str, Any] = {
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "today": today.isoformat(),
        "period": period,
        "filters": dict(filters),
        "drill_url": reverse("briefings:tasks"),
        "data_url": reverse("briefings:dashboard_data"),
        "task_url": address_template("ledger:task_detail", "{id}"),
        "source": "snapshot" if snapshot is not None else "live",
        "snapshot": getattr(snapshot, "key", ""),
        "light_filter": light_filter,
        "light_names": {k: str(v) for k, v in TrafficLight.choices},
        "kpis": _kpis(totals, by_status, staged, status_filter, light_filter, overdue_filter,
                      likely_late),
        "by_status": [
            {"key": s, "name": str(label), "value": by_status.get(s, 0), "filters": {status_filter: s}}
            for s, label in TaskStatus.choices if by_status.get(s)
        ],
    }
    data[DEFAULT_DIMENSION] = _dimension_rows(DIMENSION_BY_KEY[DEFAULT_DIMENSION], folded[DEFAULT_DIMENSION],
                                              names[DEFAULT_DIMENSION], snapshot=snapshot is not None)
    data["unit_ranking"] = _unit_ranking(scored, folded.get("by_unit", {}), snapshot is not None, names["by_unit"])
    data["overdue"], data["at_risk"] = _task_lists(base, today, scope)
    data["overdue_total"] = totals["overdue"]
    data["at_risk_total"] = totals["lights"].get(TrafficLight.YELLOW, 0) + totals["lights"].get(TrafficLight.RED, 0)
    data["timeline"] = _timeline(base, today, scope, tallied=tallied)
    data["trend"] = trend
    # A period that is not one ("0", "²") draws this year's indicators and projects, as none does.
    end = rules.period_bounds(period)[1] if period and _valid_period(period) else None
    year = end.year if end is not None else today.year
    as_of = min(end, today) if end is not None else None
    indicators = sources.indicator_rows(year=year, user=user, as_of=as_of)
    data["indicators"] = rules.indicators_to_watch(indicators, INDICATORS_SHOWN)
    overview = rules.indicator_overview(indicators)
    caption = str(overview.pop("sentence"))
    if len(data["indicators"]) < len(indicators):
        caption += _("图中为其中%(shown)s项，滞后和预计难以完成的在前。") % {"shown": len(data["indicators"])}
    data["indicator_overview"] = {**overview, "shown": len(data["indicators"]), "caption": caption,
                                  "url": f"{reverse('indicators:list')}?year={year}"}
    data["projects"] = sources.project_rollup(year=year, user=user, as_of=as_of)
    return data


def _valid_period(period: str) -> bool:
    try:
        start, _end = rules.period_bounds(period)
    except ValueError:
        return False
    return YEAR_MIN <= start.year <= YEAR_MAX


def _kpis(totals: dict[str, Any], by_status: Mapping[str, int], staged: int, status_filter: str,
          light_filter: str, overdue_filter: dict[str, str], likely_late: int = 0) -> list[dict[str, Any]]:
    lights = totals["lights"]
    return [
        {"key": "total", "label": _("台账任务"), "value": totals["total"], "filters": {}},
        {"key": "completed", "label": _("已完成"), "value": totals["completed"],
         "filters": {status_filter: "completed"}, "rate": rules.percent(totals["completed"], totals["total"])},
        {"key": "in_progress", "label": _("推进中"), "value": by_status.get(TaskStatus.IN_PROGRESS, 0),
         "filters": {status_filter: "in_progress"}},
        {"key": "staged", "label": _("取得阶段性进展"), "value": staged, "filters": {"staged": "true"}},
        {"key": "overdue", "label": _("已逾期"), "value": totals["overdue"], "filters": overdue_filter},
        {"key": "red", "label": _("滞后"), "value": lights.get(TrafficLight.RED, 0), "filters": {light_filter: "red"}},
        {"key": "yellow", "label": _("预警"), "value": lights.get(TrafficLight.YELLOW, 0),
         "filters": {light_filter: "yellow"}},
        {"key": "unreported", "label": _("未报送"), "value": lights.get(TrafficLight.UNREPORTED, 0),
         "filters": {light_filter: "unreported"}},
        {"key": "likely_late", "label": _("预计难以按期完成"), "value": likely_late,
         "filters": {"forecast": "likely_late"}},
    ]


def _dimension_names(folded: Mapping[str, Mapping[Any, Any]]) -> dict[str, dict[Any, str]]:
    """Display names of the grouped values, for the dimensions present in `folded`."""
    doc_ids = [k for k in folded.get("by_programme", {}) if k is not None]
    units = _unit_names(folded["by_unit"]) if folded.get("by_unit") else {}
    documents = dict(Document.objects.filter(pk__in=doc_ids).values_list("pk", "title")) if doc_ids else {}
    levels = {k: str(v) for k, v in TaskLevel.choices}
    unknown = _("未填写")
    return {
        "by_category": {k: (k or unknown) for k in folded.get("by_category", {})},
        "by_programme": {k: (documents.get(k, "") if k else _("未关联文件")) for k in folded.get("by_programme", {})},
        "by_level": {k: levels.get(k, k) for k in folded.get("by_level", {})},
        "by_unit": {k: units.get(k, "") for k in folded.get("by_unit", {})},
    }


def _filter_value(value: Any) -> str:
    return NONE_VALUE if value in (None, "") else str(value)


def _dimension_rows(dimension: _Dimension, counts: Mapping[Any, dict[str, Any]], names: Mapping[Any, str], *,
                    snapshot: bool = False) -> list[dict[str, Any]]:
    filter_name = dimension.snapshot_filter if snapshot and dimension.snapshot_filter else dimension.filter_name
    order = {k: i for i, k in enumerate(TaskLevel.values)}
    keys = sorted(counts, key=lambda k: (order.get(k, 0) if dimension.key == "by_level" else -counts[k]["total"],
                                         str(names.get(k, ""))))
    rows = []
    for key in keys[:TOP_GROUPS]:
        c = counts[key]
        rows.append({
            "key": _filter_value(key), "name": names.get(key, "") or str(key),
            "filters": {filter_name: _filter_value(key)},
            "total": c["total"], "completed": c["completed"], "overdue": c["overdue"],
            "rate": rules.percent(c["completed"], c["total"]),
            "lights": c["lights"],
        })
    return rows


def _unit_ranking(scored: list[dict[str, Any]] | None, counts: Mapping[Any, dict[str, Any]],
                  from_snapshot: bool, names: Mapping[Any, str]) -> dict[str, Any]:
    """The units by assessment score (`scored`: oversight's UnitScore, the ranking of the reader's
    office) when the period, or a recent one, was assessed; otherwise by the share of their tasks
    completed (`counts`, the breakdown by unit, whose names `_dimension_names` gave)."""
    if scored:
        return {"kind": "assessment", "label": _("考核得分"), "rows": scored}
    dimension = DIMENSION_BY_KEY["by_unit"]
    filter_name = dimension.snapshot_filter if from_snapshot else dimension.filter_name
    rows = [
        {"name": names.get(k, ""), "unit_id": k, "score": rules.percent(c["completed"], c["total"]),
         "total": c["total"], "red": c["lights"].get(TrafficLight.RED, 0), "filters": {filter_name: str(k)}}
        for k, c in counts.items() if k is not None
    ]
    rows.sort(key=lambda r: (-r["score"], r["red"], -r["total"], r["name"]))
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    return {"kind": "completion", "label": _("完成率(%)"), "rows": rows[:TOP_GROUPS]}


def _task_row(task: dict[str, Any], today: date) -> dict[str, Any]:
    deadline = task["deadline"]
    return {
        "id": task["pk"], "code": task["code"], "title": task["title"],
        "unit": task["lead_unit__short_name"] or task["lead_unit__name"] or "",
        "deadline": deadline.isoformat() if deadline else "",
        "days_overdue": (today - deadline).days if deadline and deadline < today else 0,
        "light": task["eff_light"] if "eff_light" in task else task["light"],
        "progress": task["eff_progress"] if "eff_progress" in task else task["progress_percent"],
    }


def _task_lists(base: QuerySet[Task], today: date, scope: scope_figures.ScopeFigures | None = None
                ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The overdue tasks (by deadline) and the tasks at risk (red before yellow, each by deadline,
    open), LIST_LIMIT of each. With `scope` (the figures of `base`, which name each list's tasks)
    one query reads the rows of those few tasks."""
    if scope is not None:
        return _task_lists_of_scope(scope, today)
    # A parent shows its roll-up (its light and progress from the tasks beneath it).
    base = base.annotate(**effective_annotations())
    overdue = base.filter(scope_figures.overdue_q(today)).order_by("deadline", "code")
    # Red before yellow, each by deadline: two short indexed reads instead of sorting every open task.
    at_risk: list[dict[str, Any]] = []
    for light in (TrafficLight.RED, TrafficLight.YELLOW):
        wanted = LIST_LIMIT - len(at_risk)
        if wanted > 0:
            at_risk += list(base.filter(eff_light=light).exclude(status__in=CLOSED)  # type: ignore[misc]
                            .order_by(F("deadline").asc(nulls_last=True), "code").values(*LIST_FIELDS)[:wanted])
    return ([_task_row(t, today) for t in overdue.values(*LIST_FIELDS)[:LIST_LIMIT]],
            [_task_row(t, today) for t in at_risk])


# What a list's row shows (`_task_row`).
LIST_FIELDS = ["pk", "code", "title", "lead_unit__name", "lead_unit__short_name", "deadline", "eff_light",
               "eff_progress"]


def _task_lists_of_scope(scope: scope_figures.ScopeFigures, today: date
                         ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """`_task_lists` of a scope whose figures name each list's tasks: their rows read in one query
    in the lists' order (by deadline, nulls last, then code: the code by the database's
    collation), and dealt out here."""
    overdue = set(scope.overdue_ids)
    by_light = {light: set(scope.at_risk_ids[light]) for light in scope_figures.AT_RISK_LIGHTS}
    candidates = overdue.union(*by_light.values())
    if not candidates:
        return [], []
    rows = list(Task.objects.filter(values_among("pk", sorted(candidates))).annotate(**effective_annotations())
                .order_by(F("deadline").asc(nulls_last=True), "code").values(*LIST_FIELDS))
    at_risk: list[dict[str, Any]] = []
    for ids in by_light.values():  # red before yellow
        at_risk += [row for row in rows if row["pk"] in ids][:LIST_LIMIT - len(at_risk)]
    return ([_task_row(row, today) for row in rows if row["pk"] in overdue][:LIST_LIMIT],
            [_task_row(row, today) for row in at_risk])


TIMELINE_MONTHS_BEFORE = 2   # the roadmap shows the last two months and the next ten
TIMELINE_MONTHS = 12


def _month_start(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _timeline_window(today: date) -> tuple[date, date]:
    """The first day of the timeline's first month and of the month after its last."""
    return _month_start(today, -TIMELINE_MONTHS_BEFORE), _month_start(today, TIMELINE_MONTHS - TIMELINE_MONTHS_BEFORE)


def _timeline(base: QuerySet[Task], today: date, scope: scope_figures.ScopeFigures | None = None, *,
              tallied: Counts | None = None) -> dict[str, Any]:
    """Deadlines by month over a rolling twelve months (two back, ten ahead), per task force when
    there are task forces.

    Grouped by the deadline itself (a few hundred dates) and folded into months here: cheaper on
    100,000 tasks than truncating every date in SQL. With `scope` (the figures of `base`,
    counted for this window) and no task forces, its deadlines by day. Every counted task's months
    are summed from `tallied` when the caller has read the tally (`_read_tally`).
    """
    start, end = _timeline_window(today)
    due = base.filter(deadline__gte=start, deadline__lt=end)
    groups = sources.task_force_timeline(due)
    if groups is None:
        # Every counted task: summed from the tally's deadlines by month (the window starts and
        # ends on a month's first day). Otherwise counted on the deadline (never null here), not
        # the id: the deadline index then answers alone, since it includes status and kind.
        counted: Iterable[tuple[str, int, int]]
        if is_every_counted_task(base):
            first, after = start.strftime("%Y-%m"), end.strftime("%Y-%m")
            counted = [(month, n, n if status == TaskStatus.COMPLETED else 0)
                       for (month, status, _category), n in tally_deadline_months(tallied).items()
                       if first <= month < after]
        else:
            by_day: Iterable[tuple[date, int, int]]
            if scope is not None:
                by_day = scope.deadlines_by_day
            else:
                by_day = due.values_list("deadline").annotate(
                    n=Count("deadline"), done=Count("deadline", filter=Q(status=TaskStatus.COMPLETED))).order_by()
            counted = ((day.strftime("%Y-%m"), n, done) for day, n, done in by_day)
        months: dict[str, dict[str, int]] = {}
        for month, n, done in counted:
            cell = months.setdefault(month, {"due": 0, "completed": 0})
            cell["due"] += n
            cell["completed"] += done
        groups = [{"name": _("全部任务"), "filters": {}, "months": months}]
    all_months = [_month_start(start, i).strftime("%Y-%m") for i in range(TIMELINE_MONTHS)]
    return {"months": all_months, "groups": groups}


# --- briefings ---------------------------------------------------------------------------------

MOVED_LIMIT = 8
SLIPPED_LIMIT = 8
RESULTS_LIMIT = 5
CATEGORY_LIMIT = 8


def scope_filters(scope: Mapping[str, Any]) -> dict[str, Any]:
    """The drill-down filters a briefing scope stands for."""
    allowed = {"level", "office", "unit", "task_force", "category_is", "programme"}
    return {k: v for k, v in scope.items() if k in allowed and v not in (None, "")}


def scope_label(scope: Mapping[str, Any], *, user: Any) -> str:
    """Words for a scope: the office, the unit, the level, the task force, joined; "" for everything."""
    parts = []
    if scope.get("office"):
        office = Unit.objects.filter(pk=scope["office"]).first()
        if office:
            parts.append(office.name)
    if scope.get("unit"):
        unit = Unit.objects.filter(pk=scope["unit"]).first()
        if unit:
            parts.append(unit.name)
    if scope.get("level"):
        parts.append(str(dict(TaskLevel.choices).get(scope["level"], "")))
    if scope.get("task_force"):
        parts.append(dict(sources.task_force_choices(user)).get(int(scope["task_force"]), ""))
    if scope.get("category_is"):
        parts.append(str(scope["category_is"]))
    return "".join(p for p in parts if p)


def briefing_figures(*, user: Any, period: str, scope: Mapping[str, Any]) -> dict[str, Any]:
    """The numbers of a briefing for `period` and `scope`, inside `user`'s visibility, as JSON-able data.

    They come from the period's evaluation snapshot when there is one, else from the live ledger;
    `source` and `snapshot_period` say which. Raises ValueError for a malformed period.
    """
    # The roadmap's bars are the timeline page's, which reads this module's drill list: imported here.
    from luoshi.briefings.timeline import roadmap_figure

    start, end = rules.period_bounds(period)
    filterset, rows = drill_task_list(user=user, filters=scope_filters(scope))
    base = _flat(rows)
    today = business_today()
    as_of = min(end, today)
    snapshot = sources.snapshot_for(period) if filterset.is_valid() else None
    if snapshot is not None:
        counts = sources.snapshot_counts(base, snapshot=snapshot, as_of=as_of)
        moved = sources.snapshot_moved(base, snapshot=snapshot, limit=MOVED_LIMIT)
    else:
        counts = _live_counts(base, as_of=as_of, period=period)
        moved = _live_moved(base)
    indicators = [_indicator_line(i) for i in sources.indicator_rows(year=end.year, user=user, as_of=as_of)]
    figures: dict[str, Any] = {
        "period": period, "period_start": start.isoformat(), "period_end": end.isoformat(),
        "as_of": (snapshot.as_of if snapshot is not None else as_of).isoformat(),
        "source": "snapshot" if snapshot is not None else "live",
        "snapshot_period": period if snapshot is not None else "",
        "computed_at": timezone.localtime().isoformat(timespec="seconds"),
        "counts": counts,
        "categories": _categories(base),
        "moved": moved,
        "slipped": _slipped(base, as_of=as_of),
        "results": _results(base),
        "indicators": indicators,
        # The counts the text's sentence on the indicators it does not name is made of.
        "indicator_overview": {**{k: v for k, v in rules.indicator_overview(indicators).items() if k != "sentence"},
                               "named": len(rules.briefing_indicators(indicators))},
        "projects": _project_summary(sources.project_rollup(year=end.year, user=user, as_of=as_of)),
        "proposals": briefing_proposal_summary(user=user, year=end.year, as_of=as_of,
                                               unit_id=_scope_unit(scope)),
        "roadmap": roadmap_figure(rows=base, scope=scope_filters(scope), today=today),
    }
    return figures


def _scope_unit(scope: Mapping[str, Any]) -> int | None:
    return id_or_none(scope.get("unit"))


def _live_counts(base: QuerySet[Task], *, as_of: date, period: str) -> rules.Counts:
    # A parent counts with its roll-up from the tasks beneath it (its status and light).
    totals = base.annotate(**effective_annotations()).aggregate(
        total=Count("id"),
        completed=Count("id", filter=Q(eff_status=TaskStatus.COMPLETED)),
        in_progress=Count("id", filter=Q(eff_status=TaskStatus.IN_PROGRESS)),
        not_started=Count("id", filter=Q(eff_status=TaskStatus.NOT_STARTED)),
        overdue=Count("id", filter=Q(deadline__lt=as_of) & ~Q(status__in=CLOSED)),
        red=Count("id", filter=Q(eff_light=TrafficLight.RED)),
        yellow=Count("id", filter=Q(eff_light=TrafficLight.YELLOW)),
        attention=Count("id", filter=(Q(deadline__lt=as_of) & ~Q(status__in=CLOSED)) | Q(eff_light=TrafficLight.RED)),
        unreported=Count("id", filter=Q(eff_light=TrafficLight.UNREPORTED)),
    )
    staged = sources.staged_count(base, period=period)
    return rules.Counts(total=totals["total"], completed=totals["completed"], in_progress=totals["in_progress"],
                        not_started=totals["not_started"], staged=staged, overdue=totals["overdue"],
                        red=totals["red"], yellow=totals["yellow"], attention=totals["attention"],
                        unreported=totals["unreported"])


def _unit_name(row: Mapping[str, Any]) -> str:
    return str(row.get("lead_unit__short_name") or row.get("lead_unit__name") or "")


LINE_FIELDS = ["code", "title", "lead_unit__name", "lead_unit__short_name", "progress_percent", "deadline",
               "progress_note", "expected_outcome", "status"]


def _live_moved(base: QuerySet[Task]) -> list[rules.TaskLine]:
    rows = (base.filter(Q(status=TaskStatus.COMPLETED) | Q(status=TaskStatus.IN_PROGRESS, progress_percent__gt=0))
            .order_by("-progress_percent", "-updated_at", "code").values(*LINE_FIELDS)[:MOVED_LIMIT])
    return [rules.TaskLine(code=r["code"], title=r["title"], unit=_unit_name(r),
                           progress=100 if r["status"] == TaskStatus.COMPLETED else r["progress_percent"],
                           progress_before=None) for r in rows]


def _slipped(base: QuerySet[Task], *, as_of: date) -> list[rules.TaskLine]:
    rows = (base.filter(Q(deadline__lt=as_of) | Q(light=TrafficLight.RED)).exclude(status__in=CLOSED)
            .order_by("deadline", "code").values(*LINE_FIELDS)[:SLIPPED_LIMIT])
    reasons = sources.latest_reasons([r["code"] for r in rows])
    lines = []
    for r in rows:
        deadline = r["deadline"]
        lines.append(rules.TaskLine(
            code=r["code"], title=r["title"], unit=_unit_name(r), progress=r["progress_percent"],
            deadline=deadline.isoformat() if deadline else "",
            days_overdue=(as_of - deadline).days if deadline and deadline < as_of else 0,
            reason=reasons.get(r["code"]) or r["progress_note"] or "",
        ))
    return lines


def _results(base: QuerySet[Task]) -> list[rules.TaskLine]:
    rows = (base.filter(status=TaskStatus.COMPLETED).exclude(expected_outcome="")
            .order_by("-updated_at", "code").values(*LINE_FIELDS)[:RESULTS_LIMIT])
    return [rules.TaskLine(code=r["code"], title=r["title"], unit=_unit_name(r), outcome=r["expected_outcome"])
            for r in rows]


def _categories(base: QuerySet[Task]) -> list[rules.CategoryLine]:
    rows = (base.values("category").annotate(
        total=Count("id"), completed=Count("id", filter=Q(status=TaskStatus.COMPLETED)),
        red=Count("id", filter=Q(light=TrafficLight.RED)),
    ).order_by("-total", "category")[:CATEGORY_LIMIT])
    return [rules.CategoryLine(name=r["category"] or _("未分类"), total=r["total"], completed=r["completed"],
                               red=r["red"]) for r in rows]


# --- coverage ----------------------------------------------------------------------------------

COVERAGE_ROOTS_PER_PAGE = 10
# Tasks shown beneath each top task before one line opens the rest (its breakdown by level and
# unit is above them): the page is an overview, and each row costs its rendering.
COVERAGE_ROWS_PER_ROOT = 10
# The short level names of the coverage tree's badges.
LEVEL_BADGES = {"national": gettext_lazy("国家"), "city": gettext_lazy("市"), "district": gettext_lazy("区"),
                "zone": gettext_lazy("功能区")}
LEVELS = list(TaskLevel.values)  # national, city, district, zone: higher to lower


@dataclass
class CoverageNode:
    # The fields a row of the tree shows (COVERAGE_FIELDS) for a top task and the tasks shown
    # beneath it; for the rest, counted in the breakdown but not drawn, only BELOW_FIELDS.
    task: dict[str, Any]
    children: list[CoverageNode]
    breakdown: dict[str, Any] | None = None  # for a top task: what lies below it, by level and unit

    @property
    def is_gap(self) -> bool:
        return not self.children and self.task["level"] != LEVELS[-1]


def level_links_of(tasks: QuerySet[Task]) -> dict[str, dict[str, int]]:
    """The coverage figures per level counted on `tasks` themselves: how many ("total"), how many
    not linked to a task above ("unlinked"), how many refined below ("covered"); what
    `tally_level_links` answers for every task.

    A task with a measure below has children: the count the roll-up keeps on every task
    (ledger.services.rollup; cancelled children do not count), so one pass over the tasks gives
    every figure. Counted on the level (never null), not the id, so that the (level) index that
    includes the parent and the children count answers without reading the tasks."""
    rows = (tasks.values("level")
            .annotate(total=Count("level"), unlinked=Count("level", filter=Q(parent__isnull=True)),
                      covered=Count("level", filter=Q(children_count__gt=0))).order_by())
    return {r["level"]: {"total": r["total"], "unlinked": r["unlinked"], "covered": r["covered"]} for r in rows}


def coverage(*, user: Any, filters: Mapping[str, Any], page: Any = None) -> dict[str, Any]:
    """Each higher-level task with the lower-level measures implementing it, within `user`'s visibility.

    `filters` are the drill-down filters applied to the top tasks, plus `root` (the level to start
    from; the highest level present by default) and `gaps=1` (only top tasks without a measure below).
    Returns stats per level (total, covered, gaps, not linked upward), the page of trees, the form.
    """
    params = {k: v for k, v in filters.items() if k not in {"page", "root", "gaps"}}
    filterset, rows = drill_task_list(user=user, filters=params, headings=True)
    visible = _flat(tasks_visible_to(user, Task.objects.all()))
    # The figures per level: every task (a supervisor's) from the tally the database keeps (15 ms
    # → 1 ms at 100,000 tasks on PostgreSQL), a narrower view counted on its tasks in one pass (the
    # semi-join on the parents it replaced read every parent link: 245 of 310 ms of SQL).
    has_below = Q(children_count__gt=0)
    stats_rows = (tally_level_links() if is_every_task(visible)
                  else level_links_of(tasks_visible_to(user, Task.objects.all(), by_columns=True)))
    stats = []
    for level, label in TaskLevel.choices:
        r = stats_rows.get(level, {"total": 0, "covered": 0, "unlinked": 0})
        leaf = level == LEVELS[-1]
        stats.append({
            "level": level, "label": str(label), "total": r["total"], "covered": None if leaf else r["covered"],
            "gaps": None if leaf else r["total"] - r["covered"],
            "rate": None if leaf else rules.percent(r["covered"], r["total"]),
            "unlinked": None if level == LEVELS[0] else r["unlinked"],
        })
    present = [s["level"] for s in stats if s["total"]]
    root = str(filters.get("root") or (present[0] if present else LEVELS[0]))
    if root not in LEVELS:
        root = LEVELS[0]
    # A task under a heading of its own plan and level (the measures under 产业创新) is drawn
    # inside that heading's tree, not again as a top task, when the reader sees the heading. The
    # check is correlated: it runs for the rows the page reads, not for every task.
    heading_seen = Exists(visible.filter(pk=OuterRef("parent_id"), level=root))
    roots = _flat(rows).filter(level=root).exclude(heading_seen)
    if str(filters.get("gaps", "")) in {"1", "true", "on"}:
        roots = roots.filter(~has_below)
    # Counted with the page's rows: the roots' order (code) is read for every root anyway, to
    # leave out those under a heading the reader sees (a district office's page: 7 → 6 queries).
    page_obj = page_of(roots.order_by("code").values(*COVERAGE_FIELDS), size=COVERAGE_ROOTS_PER_PAGE,
                       number=page_number(page, COVERAGE_ROOTS_PER_PAGE), count_with_rows=True)
    nodes = {t["pk"]: CoverageNode(t, []) for t in page_obj.rows}
    trees = list(nodes.values())
    frontier = list(nodes)
    # One query per level below the root, whatever the number of tasks on the page, of the few
    # columns the breakdowns count (a national task has some thousand tasks beneath it, of which
    # the page draws ten); the rows drawn are read in full after.
    for _level in LEVELS[LEVELS.index(root) + 1:]:
        if not frontier:
            break
        children = visible.filter(values_among("parent_id", frontier)).order_by("code").values_list(*BELOW_FIELDS)
        frontier = []
        for pk, parent_id, level, lead_unit_id in children:
            node = CoverageNode({"pk": pk, "parent_id": parent_id, "level": level, "lead_unit_id": lead_unit_id}, [])
            nodes[parent_id].children.append(node)
            nodes[pk] = node
            frontier.append(pk)
    drill = _drill_url()
    unit_names = _unit_names({node.task["lead_unit_id"] for node in nodes.values()})
    for tree in trees:
        tree.breakdown = _subtree_breakdown(tree, unit_names, drill=drill)
    # The page draws the trees as one flat list in pre-order (one template loop instead of one
    # include per task: a page of 20 national tasks holds some 2,000 tasks beneath them).
    # Beyond COVERAGE_ROWS_PER_ROOT tasks below one top task, the rest is one line that opens them
    # all (its breakdown by level and unit is above it), so that the page stays readable and fast.
    drawn: list[tuple[CoverageNode, int] | dict[str, Any]] = []
    for tree in trees:
        drawn.append((tree, 0))
        stack: list[tuple[CoverageNode, int]] = [(child, 1) for child in reversed(tree.children)]
        shown = 0
        while stack and shown < COVERAGE_ROWS_PER_ROOT:
            node, depth = stack.pop()
            drawn.append((node, depth))
            shown += 1
            stack.extend((child, depth + 1) for child in reversed(node.children))
        if stack:
            hidden = sum(lvl["n"] for lvl in tree.breakdown["levels"]) - shown if tree.breakdown else 0
            drawn.append({"more": hidden, "url": drill(under=tree.task["pk"]), "indent": "1.25"})
    below_drawn = [entry[0].task["pk"] for entry in drawn if isinstance(entry, tuple) and entry[1]]
    for task in visible.filter(pk__in=below_drawn).values(*COVERAGE_FIELDS):
        nodes[task["pk"]].task = task
    words = _RowWords(task_url=address_template("ledger:task_detail", "{}"),
                      badges={level: str(label) for level, label in LEVEL_BADGES.items()}, rolled_up=_("汇总"))
    listed = [entry if isinstance(entry, dict) else _coverage_row(*entry, words) for entry in drawn]
    return {"stats": stats, "trees": trees, "rows": listed, "page": page_obj, "root": root, "filter": filterset,
            "plans": plan_coverage(user=user, programme=filters.get("programme")),
            "lead_units": _lead_unit_choices(visible, root),
            "gaps_only": str(filters.get("gaps", "")) in {"1", "true", "on"},
            "levels": [(level, str(label)) for level, label in TaskLevel.choices]}


# What a row of the coverage tree shows, and what the breakdowns count of the tasks below.
COVERAGE_FIELDS = ("pk", "code", "title", "level", "parent_id", "status", "light", "progress_percent",
                   "rollup_progress", "lead_unit_id", "lead_unit__short_name", "lead_unit__name", "deadline")
BELOW_FIELDS = ("pk", "parent_id", "level", "lead_unit_id")


@dataclass(frozen=True)
class _RowWords:
    """What every row of the coverage tree says alike, looked up once a page."""
    task_url: str  # a task page's address with {} for the id
    badges: Mapping[str, str]
    rolled_up: str


def _coverage_row(node: CoverageNode, depth: int, words: _RowWords) -> dict[str, Any]:
    """A row of the tree with its words and link made here, once, not by template tags per row:
    a page holds up to 10 × 11 rows and the tags were most of its time."""
    task = node.task
    progress = (f"{words.rolled_up} {task['rollup_progress']}%" if task["rollup_progress"] is not None
                else f"{task['progress_percent']}%")
    title = task["title"]
    return {"node": node, "depth": depth, "indent": f"{depth * 1.25:.2f}", "code": task["code"],
            "gap": node.is_gap, "breakdown": node.breakdown if node.children else None,
            "url": words.task_url.format(task["pk"]), "badge": words.badges.get(task["level"], ""),
            "label": f"{task['code']} {title if len(title) <= 80 else Truncator(title).chars(80)}",
            "unit": task["lead_unit__short_name"] or task["lead_unit__name"] or "", "progress": progress}


def _unit_names(ids: Iterable[int | None]) -> dict[int | None, str]:
    """The names a breakdown gives the lead units `ids` (short where there is one), and None's."""
    labels = unit_labels()
    names: dict[int | None, str] = {None: _("未明确牵头单位")}
    names.update((pk, labels[pk]) for pk in ids if pk is not None and pk in labels)
    return names


PLANS_LIMIT = 20
COUNT_CONTEXT_CHARS = 200  # how far before a count its level is looked for


def _drill_url() -> Callable[..., str]:
    """A maker of drill-down links (`drill(level="city", under=7)`), the list's address looked up
    once for the many links of a page."""
    from urllib.parse import urlencode

    base = reverse("briefings:tasks") + "?"

    def drill(**filters: Any) -> str:
        return base + urlencode({k: v for k, v in filters.items() if v not in (None, "")})

    return drill


def plan_coverage(*, user: Any, programme: Any = None) -> list[dict[str, Any]]:
    """For each plan (document) with announced counts, each count (259 项举措, with its parts
    101/49/25/33/51 by area) against the tasks registered from the plan at the count's level and
    those linked to a higher-level task, within `user`'s visibility.

    A count's level is read from its text (rules.count_level); a count whose level nothing names is
    compared with all the plan's tasks. Headings (`Task.kind` heading, such as 产业创新 above its
    measures) are not counted as measures. A part is matched to the tasks whose
    category names it, or that sit under a heading of their plan whose category does. Every number
    carries the drill-down link of its tasks. `warnings` says where the announced parts do not add
    up to the total, and where the registered ones do not.
    """
    from luoshi.briefings.filtersets import linked_up_condition, part_condition
    from luoshi.documents.choices import DraftStatus, ItemKind
    from luoshi.documents.models import ExtractedItem

    items = ExtractedItem.objects.filter(kind=ItemKind.COUNT).exclude(status=DraftStatus.REJECTED)
    if programme not in (None, ""):
        document_id = id_or_none(programme)
        if document_id is None:
            return []
        items = items.filter(document_id=document_id)
    doc_ids = list(items.order_by("-document__created_at").values_list("document_id", flat=True).distinct())
    seen: list[int] = []
    for pk in doc_ids:
        if pk not in seen:
            seen.append(pk)
    seen = seen[:PLANS_LIMIT]
    # Headings (产业创新 above its 101 measures) are structure, not measures: the one definition the
    # battle map counts by (`Task.objects.counted()`), read from the task's stored kind. (A test for
    # "has a child of its own level" was half this query's time at 9,000 registered tasks.)
    visible = tasks_visible_to(user, Task.objects.counted())
    drill_url = _drill_url()
    levels = dict(TaskLevel.choices)
    plans = []
    for document in Document.objects.filter(pk__in=seen).order_by("-created_at"):
        tasks = _flat(visible.filter(source_document=document))
        rows = []
        for item in items.filter(document=document).order_by("start"):
            if not rules.counts_measures(item.indicator) and not item.parts:
                continue
            text = document.text or ""
            # The words before the number itself (an item's span may start with its clause).
            number = rules.format_number(item.value).replace(",", "")
            found = text.find(number, item.start, max(item.end, item.start + len(number)))
            at = found if found >= 0 else item.start
            level = rules.count_level(text[max(0, at - COUNT_CONTEXT_CHARS):at],
                                      [str(h) for h in (item.section_path or [])])
            scoped = tasks.filter(level=level) if level else tasks
            parts = dict(item.parts or {})
            linked = linked_up_condition()
            wanted: dict[str, Any] = {"registered": Count("id"), "linked": Count("id", filter=linked)}
            for index, key in enumerate(parts):
                part = part_condition(key)  # built once, then compiled once per count (core.aggregates)
                wanted[f"part{index}"] = Count("id", filter=part)
                wanted[f"part{index}_linked"] = Count("id", filter=part & linked)
            figures = aggregate_row(scoped, **wanted)
            drill = {"programme": document.pk, "level": level or "", "heading": "false"}
            part_rows = [{
                "name": key, "announced": int(value), "registered": figures[f"part{index}"],
                "linked": figures[f"part{index}_linked"],
                "url": drill_url(**drill, part=key),
                "linked_url": drill_url(**drill, part=key, linked_up="true"),
            } for index, (key, value) in enumerate(parts.items())]
            warnings = []
            if item.parts_consistent is False:
                warnings.append(_("公布的分项合计 %(sum)s 项,与公布总数 %(total)s 项不符。") % {
                    "sum": rules.format_number(sum(parts.values())), "total": rules.format_number(item.value)})
            if part_rows:
                registered_parts = sum(p["registered"] for p in part_rows)
                if registered_parts != int(item.value):
                    warnings.append(_("已登记的分项合计 %(sum)s 项,与公布总数 %(total)s 项不符(相差 %(gap)s 项)。") % {
                        "sum": registered_parts, "total": rules.format_number(item.value),
                        "gap": rules.format_number(abs(item.value - registered_parts))})
                if registered_parts != figures["registered"]:
                    warnings.append(_("有 %(n)s 项已登记任务的类别不属于任何公布的分项。") % {
                        "n": abs(figures["registered"] - registered_parts)})
            rows.append({
                "id": item.pk, "indicator": item.indicator, "quote": item.quote, "level": level or "",
                "level_label": str(levels.get(level, _("未注明层级"))) if level else _("未注明层级"),
                "announced": int(item.value), "unit": item.unit,
                "registered": figures["registered"], "linked": figures["linked"],
                "rate": rules.percent(figures["registered"], item.value),
                "url": drill_url(**drill), "linked_url": drill_url(**drill, linked_up="true"),
                "parts": part_rows, "warnings": warnings,
            })
        if rows:
            plans.append({"document": document, "counts": rows,
                          "timeline_url": reverse("briefings:timeline") + f"?programme={document.pk}"})
    return plans


# The lead units a top task's breakdown names: those with most tasks below it (a national task
# has some hundred units beneath it; its list of tasks by unit is one drill-down away).
BREAKDOWN_UNITS = 8


def _subtree_breakdown(node: CoverageNode, unit_names: Mapping[int | None, str], *,
                       drill: Callable[..., str] | None = None) -> dict[str, Any]:
    """How many tasks lie below a task, by level, and by lead unit (named from `unit_names`) for
    the BREAKDOWN_UNITS units with most of them, each with its drill-down link."""
    drill = drill or _drill_url()
    by_level: dict[str, int] = defaultdict(int)
    by_unit: dict[int | None, int] = defaultdict(int)
    stack = list(node.children)
    while stack:
        child = stack.pop()
        by_level[child.task["level"]] += 1
        by_unit[child.task["lead_unit_id"]] += 1
        stack.extend(child.children)
    levels = dict(TaskLevel.choices)
    pk = node.task["pk"]
    busiest = sorted(by_unit.items(), key=lambda kv: (-kv[1], unit_names[kv[0]]))[:BREAKDOWN_UNITS]
    return {
        "levels": [{"label": str(levels[level]), "n": by_level[level], "url": drill(under=pk, level=level)}
                   for level in LEVELS if by_level.get(level)],
        "units": [{"label": unit_names[unit_id], "n": n, "url": drill(under=pk, lead_unit=unit_id or NONE_VALUE)}
                  for unit_id, n in busiest],
    }


def _lead_unit_choices(visible: QuerySet[Task], level: str) -> list[tuple[int, str]]:
    """The lead units of the visible tasks of `level`: who should refine them (the gaps' filter)."""
    ids = visible.filter(level=level, lead_unit__isnull=False).values("lead_unit_id")
    return [(pk, short or name) for pk, name, short in
            Unit.objects.filter(pk__in=ids).order_by("name").values_list("pk", "name", "short_name")]


def _indicator_line(row: Mapping[str, Any]) -> dict[str, Any]:
    keep = ("name", "unit", "target", "comparator_label", "actual", "actual_period", "status_label", "on_track",
            "light", "at_risk")
    return {k: row.get(k) for k in keep}


def _project_summary(rollup: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if not rollup:
        return None
    keep = ("count", "started", "completed", "planned_investment", "completed_investment")
    return {k: rollup.get(k) for k in keep}


# --- drill-down labels ---------------------------------------------------------------------------

def drill_filter_chips(filterset: TaskDrillFilterSet, *, user: Any) -> list[tuple[str, str, str]]:
    """(name, value, words) for each drill-down filter in use that the ledger's form does not show,
    so the list says what it is the tasks of ("牵头单位:区科技局", "期末评估状态:滞后")."""
    from luoshi.ledger.filtersets import TaskFilterSet

    data = filterset.data
    chips = []
    lights = dict(TrafficLight.choices)
    statuses = dict(TaskStatus.choices)
    for name, field in filterset.base_filters.items():
        value = str(data.get(name, "") or "")
        if not value or name in TaskFilterSet.base_filters:
            continue
        words = value
        if value == NONE_VALUE:
            words = _("未填写")
        elif name in {"lead_unit", "snap_lead_unit"} and (unit_id := id_or_none(value)) is not None:
            words = str(Unit.objects.filter(pk=unit_id).first() or value)
        elif name == "programme" and (document_id := id_or_none(value)) is not None:
            words = str(Document.objects.filter(pk=document_id).values_list("title", flat=True).first() or value)
        elif name == "task_force" and (task_force_id := id_or_none(value)) is not None:
            words = dict(sources.task_force_choices(user)).get(task_force_id, value)
        elif name == "snap_light":
            words = str(lights.get(value, value))
        elif name == "snap_status":
            words = str(statuses.get(value, value))
        elif value in {"true", "True", "1"}:
            words = _("是")
        elif value in {"false", "False", "0"}:
            words = _("否")
        chips.append((name, value, f"{field.label}:{words}"))
    return chips
