"""The timetable and roadmap (时间表、路线图) of a plan, a task force, an office or a category: reads only.

Each task is a bar from its start (its own start date, else its plan's issue date, else the day it
entered the ledger: the same clock the evaluation uses) to its deadline, with its milestones,
grouped by category, coloured by its light (a parent's roll-up) as on the battle map, with today's
line. Positions are computed here in percent of the span, so the page is plain HTML and CSS that
prints as it shows.

The same bars make the briefing's roadmap figure (`roadmap_figure`): a bounded set of the scope's
tasks (those due in the coming months and the overdue ones, the top of the scope first), frozen in
the briefing's figures as plain data that the detail page, Word and PDF draw.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luoshi.briefings.selectors import CLOSED, drill_task_list
from luoshi.core.clock import business_today
from luoshi.ledger.choices import TrafficLight
from luoshi.ledger.models import Task
from luoshi.ledger.models.tasks import effective_annotations
from luoshi.ledger.offices import offices_in_sight
from luoshi.oversight import rules as oversight_rules
from luoshi.reports.models import Milestone

TIMELINE_LIMIT = 300  # bars on one page; a larger scope is narrowed by its filters
SCOPE_FILTERS = ("programme", "task_force", "office", "category_is", "level", "lead_unit", "unit")
ROADMAP_LIMIT = 25  # bars in a briefing's figure: what fits one printed page
ROADMAP_MONTHS_AHEAD = 6  # the figure shows the tasks due within this many months, and the overdue ones
ROADMAP_MONTHS_BEFORE = 2  # the figure's axis starts this many months before the first deadline (or today)…
ROADMAP_MONTHS_BACK_AT_MOST = 12  # …but not further back than this
FIELDS = ("pk", "code", "title", "category", "start_date", "source_document__issued_on", "created_at",
          "deadline", "status", "eff_light", "eff_progress", "lead_unit__short_name", "lead_unit__name")
MSG_OFFICE_REFUSED = gettext_lazy("所选机构不在您的查看范围内,已按您可见的全部任务显示。")
# The legend in the order the eye reads urgency; the battle map's lights plus overdue.
LEGEND_LIGHTS = (TrafficLight.RED, TrafficLight.YELLOW, TrafficLight.UNREPORTED, TrafficLight.GREEN,
                 TrafficLight.DONE, TrafficLight.NONE)


@dataclass
class Bar:
    pk: int
    code: str
    title: str
    unit: str
    category: str
    start: date
    end: date
    light: str
    progress: int
    overdue: bool
    left: float = 0.0
    width: float = 0.0
    milestones: list[dict[str, Any]] = field(default_factory=list)

    @property
    def url(self) -> str:
        return reverse("ledger:task_detail", args=[self.pk])

    @property
    def css(self) -> str:
        return "overdue" if self.overdue else f"light-{self.light}"

    @property
    def dates(self) -> str:
        return f"{self.start.isoformat()} → {self.end.isoformat()}"

    def as_figure(self) -> dict[str, Any]:
        """The bar as JSON-able data (a briefing freezes it); the keys the roadmap template reads."""
        return {"pk": self.pk, "code": self.code, "title": self.title, "unit": self.unit,
                "category": self.category, "start": self.start.isoformat(), "end": self.end.isoformat(),
                "dates": self.dates, "light": self.light, "overdue": self.overdue, "css": self.css,
                "progress": self.progress, "left": self.left, "width": self.width,
                "milestones": [dict(m) for m in self.milestones]}


def _percent(day: date, first: date, span: int) -> float:
    return round(100 * (day - first).days / span, 3)


def _clamp(value: float) -> float:
    return min(max(value, 0.0), 100.0)


def _month_start(day: date, months: int = 0) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _months(first: date, last: date) -> list[date]:
    months = []
    day = _month_start(first)
    while day <= last:
        months.append(day)
        day = _month_start(day, 1)
    return months


def _bars(rows: Iterable[Mapping[str, Any]], today: date) -> list[Bar]:
    """Bars of task rows (FIELDS), with their milestones (one query)."""
    bars: dict[int, Bar] = {}
    for t in rows:
        start = oversight_rules.plan_start(t["start_date"], t["source_document__issued_on"],
                                           timezone.localdate(t["created_at"]))
        end = t["deadline"]
        bars[t["pk"]] = Bar(pk=t["pk"], code=t["code"], title=t["title"],
                            unit=t["lead_unit__short_name"] or t["lead_unit__name"] or "",
                            category=t["category"] or _("未分类"), start=min(start, end), end=end,
                            light=t["eff_light"], progress=int(t["eff_progress"]),
                            overdue=end < today and t["status"] not in CLOSED)
    for m in Milestone.objects.filter(task_id__in=list(bars)).order_by("due_date").values(
            "task_id", "title", "due_date", "reached_on"):
        bars[m["task_id"]].milestones.append({
            "title": m["title"], "due": m["due_date"].isoformat(), "reached": m["reached_on"] is not None,
            "late": m["reached_on"] is None and m["due_date"] < today, "_day": m["due_date"]})
    return list(bars.values())


def _place(bars: list[Bar], today: date, *, earliest: date | None = None) -> dict[str, Any]:
    """Position the bars, milestones, month ticks and today's line in percent of one span.

    The span runs from the month of the first start (not before `earliest`, when given: a bar that
    started earlier is cut at the left edge) to the end of the month of the last deadline, and
    always holds today. Returns first, last, today_left and months (label, left, year_start).
    """
    days = [ms["_day"] for b in bars for ms in b.milestones]
    first = min([b.start for b in bars] + days + [today])
    if earliest is not None:
        first = max(first, earliest)
    first = _month_start(first)
    last = _month_start(max([b.end for b in bars] + days + [today]), 1)
    span = max((last - first).days, 1)
    for bar in bars:
        bar.left = _clamp(_percent(bar.start, first, span))
        bar.width = max(_clamp(_percent(bar.end, first, span)) - bar.left, 0.4)
        kept = []
        for milestone in bar.milestones:
            day = milestone.pop("_day")
            if day >= first:
                kept.append({**milestone, "left": _percent(day, first, span)})
        bar.milestones = kept
    ticks = [d for d in _months(first, last) if d < last]
    # Every month's line, but a label only as often as fits: monthly, quarterly or yearly.
    every = 1 if len(ticks) <= 14 else 3 if len(ticks) <= 40 else 12
    months = [{"label": f"{d.year}-{d.month:02d}" if (d.month - 1) % every == 0 else "",
               "left": _percent(d, first, span), "year_start": d.month == 1} for d in ticks]
    return {"first": first, "last": last, "today_left": _percent(today, first, span), "months": months}


def _grouped(bars: list[Bar]) -> list[tuple[str, list[Bar]]]:
    """Bars by category (categories by name), each category's bars in the order given."""
    groups: dict[str, list[Bar]] = defaultdict(list)
    for bar in bars:
        groups[bar.category].append(bar)
    return sorted(groups.items())


def timeline(*, user: Any, filters: Mapping[str, Any]) -> dict[str, Any]:
    """Bars of the visible tasks under `filters` (programme, task_force, office, category_is, level, …)
    that have a deadline, grouped by category; the span, month ticks and today's position in percent.

    An office outside the user's sight filters to nothing (visibility comes first); a malformed
    filter leaves the page empty with the filter form's error, never an exception.
    """
    wanted = {k: v for k, v in filters.items() if k in SCOPE_FILTERS and v not in (None, "")}
    offices = offices_for(user)
    refused = ""
    if "office" in wanted and str(wanted["office"]) not in {str(pk) for pk, _name in offices}:
        # Not an office the user may pick (outside their office's scope, gone, or not a number).
        refused = str(MSG_OFFICE_REFUSED)
        del wanted["office"]
    filterset, rows = drill_task_list(user=user, filters=wanted)
    today = business_today()
    dated = rows.filter(deadline__isnull=False).annotate(**effective_annotations())
    total = dated.count()
    undated = rows.filter(deadline__isnull=True).count()
    undated_url = reverse("briefings:tasks") + "?" + urlencode({**wanted, "deadline_window": "none"})
    bars = _bars(dated.order_by("category", "deadline", "code").values(*FIELDS)[:TIMELINE_LIMIT], today)
    result = {"total": total, "shown": len(bars), "filter": filterset, "today": today, "limit": TIMELINE_LIMIT,
              "legend": legend(), "undated": undated, "undated_url": undated_url,
              "offices": offices, "refused": refused, "scope": wanted}
    if not bars:
        return {**result, "groups": [], "months": [], "today_left": None}
    return {**result, **_place(bars, today), "groups": _grouped(bars)}


def offices_for(user: Any) -> list[tuple[int, str]]:
    """(pk, name) of the offices the page offers `user` as a filter (ledger.offices.offices_in_sight)."""
    return [(pk, short or name) for pk, name, short in
            offices_in_sight(user).order_by("name").values_list("pk", "name", "short_name")]


def timeline_url(filters: Mapping[str, Any]) -> str:
    """The timeline page of a scope (its filters the page knows)."""
    wanted = {k: v for k, v in filters.items() if k in SCOPE_FILTERS and v not in (None, "")}
    return reverse("briefings:timeline") + (f"?{urlencode(wanted)}" if wanted else "")


def roadmap_figure(*, rows: QuerySet[Task], scope: Mapping[str, Any], today: date | None = None,
                   limit: int = ROADMAP_LIMIT) -> dict[str, Any]:
    """The briefing's roadmap figure: at most `limit` bars of `rows` (a scope's visible tasks), as
    JSON-able data.

    The candidates are the tasks due from today to ROADMAP_MONTHS_AHEAD months on, and the open
    overdue ones. The top of the scope comes first (tasks whose parent is not in the scope: the
    headings and highest-level tasks), then overdue before upcoming, each by deadline; the chosen
    bars are drawn by category, each category by deadline. Returns the groups ({name, bars}), the
    axis (months, today_left, first, last), `shown`, `candidates` (how many were eligible),
    `dated` (the scope's tasks with a deadline) and `url` (the full timeline page of the scope).
    """
    today = today or business_today()
    horizon = _month_start(today, ROADMAP_MONTHS_AHEAD)
    overdue = Q(deadline__lt=today) & ~Q(status__in=CLOSED)
    dated = rows.filter(deadline__isnull=False)
    candidates = dated.filter(overdue | Q(deadline__gte=today, deadline__lt=horizon))
    top = Q(parent__isnull=True) | ~Q(parent_id__in=rows.order_by().values("pk"))
    chosen = (candidates.annotate(**effective_annotations())
              .annotate(top_rank=Case(When(top, then=Value(0)), default=Value(1), output_field=IntegerField()),
                        late_rank=Case(When(overdue, then=Value(0)), default=Value(1), output_field=IntegerField()))
              .order_by("top_rank", "late_rank", "deadline", "code").values(*FIELDS)[:limit])
    bars = _bars(chosen, today)
    figure: dict[str, Any] = {"today": today.isoformat(), "shown": len(bars), "candidates": candidates.count(),
                              "dated": dated.count(), "months_ahead": ROADMAP_MONTHS_AHEAD,
                              "url": timeline_url(scope), "groups": [], "months": [], "today_left": None}
    if not bars:
        return figure
    # The axis starts a little before the first deadline, but not more than a year back: a task
    # overdue for longer keeps its row, its bar cut at the left edge.
    earliest = max(_month_start(min([b.end for b in bars] + [today]), -ROADMAP_MONTHS_BEFORE),
                   _month_start(today, -ROADMAP_MONTHS_BACK_AT_MOST))
    axis = _place(bars, today, earliest=earliest)
    bars.sort(key=lambda b: (b.end, b.code))
    return {**figure, "today_left": axis["today_left"], "months": axis["months"],
            "first": axis["first"].isoformat(), "last": axis["last"].isoformat(),
            "groups": [{"name": name, "bars": [b.as_figure() for b in group]} for name, group in _grouped(bars)]}


def roadmap_caption(figure: Mapping[str, Any]) -> str:
    """The figure's caption: how many bars are shown of how many, and where the rest are."""
    return _("图中为 %(months)s 个月内到期及已逾期的任务 %(shown)s 项(共 %(candidates)s 项;范围内有完成时限的任务"
             "共 %(dated)s 项,全部见“时间表、路线图”页面)。") % {
        "months": figure.get("months_ahead", ROADMAP_MONTHS_AHEAD), "shown": figure.get("shown", 0),
        "candidates": figure.get("candidates", 0), "dated": figure.get("dated", 0)}


def legend() -> list[tuple[str, str]]:
    """(css class, name) of each colour the bars take: overdue, then the battle map's lights."""
    names = dict(TrafficLight.choices)
    return [("overdue", _("已逾期"))] + [(f"light-{k}", str(names[k])) for k in LEGEND_LIGHTS]
