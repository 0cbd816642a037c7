"""The timetable and roadmap (时间表、路线图) of a plan, a task force or a category: reads only.

Each task is a bar from its start (its own start date, else its plan's issue date, else the day it
entered the ledger: the same clock the evaluation uses) to its deadline, with its milestones,
grouped by category, coloured by its light (a parent's roll-up) as on the battle map, with today's
line. Positions are computed here in percent of the page's span, so the page is plain HTML and CSS
that prints as it shows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.briefings.selectors import CLOSED, drill_task_list
from luoshi.core.clock import business_today
from luoshi.ledger.choices import TrafficLight
from luoshi.ledger.models.tasks import effective_annotations
from luoshi.oversight import rules as oversight_rules
from luoshi.reports.models import Milestone

TIMELINE_LIMIT = 300  # bars on one page; a larger scope is narrowed by its filters
SCOPE_FILTERS = ("programme", "task_force", "category_is", "level", "lead_unit", "unit")


@dataclass
class Bar:
    pk: int
    code: str
    title: str
    unit: str
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


def _percent(day: date, first: date, span: int) -> float:
    return round(100 * (day - first).days / span, 3)


def _months(first: date, last: date) -> list[date]:
    months = []
    day = date(first.year, first.month, 1)
    while day <= last:
        months.append(day)
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return months


def timeline(*, user: Any, filters: Mapping[str, Any]) -> dict[str, Any]:
    """Bars of the visible tasks under `filters` (programme, task_force, category_is, level, …) that
    have a deadline, grouped by category; the span, month ticks and today's position in percent."""
    wanted = {k: v for k, v in filters.items() if k in SCOPE_FILTERS and v not in (None, "")}
    filterset, rows = drill_task_list(user=user, filters=wanted)
    today = business_today()
    dated = rows.filter(deadline__isnull=False).annotate(**effective_annotations())
    total = dated.count()
    undated = rows.filter(deadline__isnull=True).count()
    undated_url = reverse("briefings:tasks") + "?" + urlencode({**wanted, "deadline_window": "none"})
    fields = ("pk", "code", "title", "category", "start_date", "source_document__issued_on", "created_at",
              "deadline", "status", "eff_light", "eff_progress", "lead_unit__short_name", "lead_unit__name")
    tasks = list(dated.order_by("category", "deadline", "code").values(*fields)[:TIMELINE_LIMIT])
    bars_by_category: dict[str, list[Bar]] = defaultdict(list)
    bars: dict[int, Bar] = {}
    for t in tasks:
        start = oversight_rules.plan_start(t["start_date"], t["source_document__issued_on"],
                                           timezone.localdate(t["created_at"]))
        end = t["deadline"]
        bar = Bar(pk=t["pk"], code=t["code"], title=t["title"],
                  unit=t["lead_unit__short_name"] or t["lead_unit__name"] or "",
                  start=min(start, end), end=end, light=t["eff_light"], progress=int(t["eff_progress"]),
                  overdue=end < today and t["status"] not in CLOSED)
        bars[bar.pk] = bar
        bars_by_category[t["category"] or _("未分类")].append(bar)
    for m in Milestone.objects.filter(task_id__in=list(bars)).order_by("due_date").values(
            "task_id", "title", "due_date", "reached_on"):
        bars[m["task_id"]].milestones.append({**m})
    if not bars:
        return {"groups": [], "total": total, "shown": 0, "filter": filterset, "today": today, "months": [],
                "today_left": None, "limit": TIMELINE_LIMIT, "legend": _legend(), "undated": undated,
                "undated_url": undated_url}
    milestone_days = [ms["due_date"] for b in bars.values() for ms in b.milestones]
    first = min([b.start for b in bars.values()] + milestone_days + [today])
    last = max([b.end for b in bars.values()] + milestone_days + [today])
    first = date(first.year, first.month, 1)
    last_month = _months(last, last)[0]
    last = date(last_month.year + (last_month.month == 12), last_month.month % 12 + 1, 1)
    span = max((last - first).days, 1)
    for bar in bars.values():
        bar.left = _percent(bar.start, first, span)
        bar.width = max(_percent(bar.end, first, span) - bar.left, 0.4)
        for milestone in bar.milestones:
            milestone["left"] = _percent(milestone["due_date"], first, span)
            milestone["late"] = milestone["reached_on"] is None and milestone["due_date"] < today
    ticks = [d for d in _months(first, last) if d < last]
    # Every month's line, but a label only as often as fits: monthly, quarterly or yearly.
    every = 1 if len(ticks) <= 14 else 3 if len(ticks) <= 40 else 12
    months = [{"label": f"{d.year}-{d.month:02d}" if (d.month - 1) % every == 0 else "",
               "left": _percent(d, first, span), "year_start": d.month == 1} for d in ticks]
    return {
        "groups": sorted(bars_by_category.items()), "total": total, "shown": len(bars), "filter": filterset,
        "today": today, "today_left": _percent(today, first, span), "months": months, "first": first,
        "last": last, "limit": TIMELINE_LIMIT, "legend": _legend(), "undated": undated, "undated_url": undated_url,
    }


def _legend() -> list[tuple[str, str]]:
    names = dict(TrafficLight.choices)
    return [("overdue", _("已逾期"))] + [(f"light-{k}", str(names[k])) for k in
                                         (TrafficLight.RED, TrafficLight.YELLOW, TrafficLight.GREEN,
                                          TrafficLight.DONE, TrafficLight.NONE)]
