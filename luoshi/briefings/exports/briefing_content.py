"""What a briefing file shows besides its text: charts and tables, built from the frozen figures.

Word and PDF render the same list, so the two files always carry the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from luoshi.briefings.exports.charts import (
    LIGHT_COLORS,
    MILESTONE_COLORS,
    OVERDUE_COLOR,
    PALETTE,
    BarChartSpec,
    Chart,
    RoadmapBar,
    RoadmapSpec,
    Series,
)
from luoshi.briefings.rules import briefing_indicators, comparator_target, format_number, percent
from luoshi.briefings.timeline import legend, roadmap_caption


@dataclass(frozen=True)
class TableSpec:
    title: str
    header: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class BriefingView:
    """A briefing ready to render: text sections plus the charts and tables after the overview."""

    title: str
    subtitle: str
    sections: list[dict[str, str]]
    charts: list[Chart]
    tables: list[TableSpec]
    footer: str
    # The Word file's official-document parts (GB/T 9704): who it is sent to (主送), who signs
    # it (落款) and the date under the signature ("2024年10月9日").
    recipients: str = ""
    signer: str = ""
    date_label: str = ""


def briefing_charts(figures: dict[str, Any]) -> list[Chart]:
    charts: list[Chart] = []
    categories = figures.get("categories") or []
    if categories:
        charts.append(BarChartSpec(
            title=_("各领域重点任务完成情况"), labels=[c["name"] for c in categories],
            series=[Series(_("任务数"), [float(c["total"]) for c in categories], PALETTE[0]),
                    Series(_("已完成"), [float(c["completed"]) for c in categories], PALETTE[1]),
                    Series(_("滞后"), [float(c["red"]) for c in categories], PALETTE[3])],
        ))
    counts = figures.get("counts") or {}
    if counts.get("total"):
        labels = [_("已完成"), _("推进中"), _("未启动"), _("阶段性进展"), _("逾期"), _("滞后")]
        keys = ["completed", "in_progress", "not_started", "staged", "overdue", "red"]
        charts.append(BarChartSpec(title=_("重点任务推进状态"), labels=labels,
                                   series=[Series(_("任务数"), [float(counts.get(k, 0)) for k in keys], PALETTE[0])]))
    roadmap = figures.get("roadmap") or {}
    if roadmap.get("groups"):
        charts.append(roadmap_spec(roadmap))
    timetable = figures.get("timetable") or []
    if not roadmap and any(q["due"] for q in timetable):
        # Briefings generated before the roadmap froze the timetable as tasks due per quarter.
        charts.append(BarChartSpec(
            title=_("时间表:各季度到期任务"), labels=[q["label"] for q in timetable],
            series=[Series(_("到期任务"), [float(q["due"]) for q in timetable], PALETTE[0]),
                    Series(_("已完成"), [float(q["completed"]) for q in timetable], PALETTE[1])],
        ))
    # The indicators the text names (rules.briefing_indicators): every one in the table below.
    indicators = [i for i in briefing_indicators(figures.get("indicators") or [])
                  if i.get("target") and i.get("actual") is not None]
    if indicators:
        charts.append(BarChartSpec(
            title=_("主要指标完成情况（实际值/目标值，%）"), labels=[i["name"] for i in indicators],
            series=[Series(_("完成比例"), [percent(float(i["actual"]), float(i["target"])) for i in indicators],
                           PALETTE[4])],
        ))
    return charts


def _bar_color(css: str) -> tuple[str, bool]:
    """The colour of a bar or legend entry ("overdue" or "light-<light>") and whether it is hatched."""
    if css == "overdue":
        return OVERDUE_COLOR, True
    return LIGHT_COLORS.get(css.removeprefix("light-"), LIGHT_COLORS["none"]), False


def roadmap_spec(figure: dict[str, Any]) -> RoadmapSpec:
    """The roadmap figure (timeline.roadmap_figure, frozen in the briefing) as a chart to draw."""
    groups = []
    for group in figure.get("groups") or []:
        bars = []
        for bar in group["bars"]:
            color, hatched = _bar_color(bar["css"])
            label = f"{bar['title']}（{bar['unit']}）" if bar.get("unit") else bar["title"]
            milestones = tuple(
                (float(m["left"]), MILESTONE_COLORS["reached" if m["reached"] else "late" if m["late"] else "open"])
                for m in bar.get("milestones") or [])
            bars.append(RoadmapBar(label=label, left=float(bar["left"]), width=float(bar["width"]), color=color,
                                   hatched=hatched, progress=int(bar.get("progress") or 0), milestones=milestones))
        groups.append((str(group["name"]), bars))
    return RoadmapSpec(
        title=_("时间表、路线图"), groups=groups,
        ticks=[(float(m["left"]), str(m["label"])) for m in figure.get("months") or []],
        today_left=figure.get("today_left"), today_label=_("今天 %(day)s") % {"day": figure.get("today", "")},
        legend=[(name, *_bar_color(css)) for css, name in legend()], milestone_label=_("里程碑"),
        caption=roadmap_caption(figure))


def briefing_tables(figures: dict[str, Any]) -> list[TableSpec]:
    tables = []
    categories = figures.get("categories") or []
    if categories:
        tables.append(TableSpec(
            _("分领域任务情况"), [_("序号"), _("领域"), _("任务数"), _("已完成"), _("完成率"), _("滞后")],
            [[str(n), c["name"], str(c["total"]), str(c["completed"]),
              f"{format_number(percent(c['completed'], c['total']))}%", str(c["red"])]
             for n, c in enumerate(categories, start=1)],
        ))
    slipped = figures.get("slipped") or []
    if slipped:
        tables.append(TableSpec(
            _("逾期及滞后任务"), [_("序号"), _("任务内容"), _("牵头单位"), _("完成时限"), _("进度"), _("原因")],
            [[str(n), s["title"], s.get("unit", ""), s.get("deadline", ""), f"{s.get('progress', 0)}%",
              s.get("reason", "")] for n, s in enumerate(slipped, start=1)],
        ))
    proposals = figures.get("proposals") or {}
    if proposals.get("received"):
        tables.append(_proposal_table(proposals))
    indicators = figures.get("indicators") or []
    if indicators:
        tables.append(TableSpec(
            _("主要指标"), [_("序号"), _("指标"), _("目标"), _("实际"), _("判断")],
            [[str(n), i["name"], comparator_target(i),
              f"{format_number(i.get('actual'))}{i.get('unit', '')}" if i.get("actual") is not None else "—",
              i.get("status_label", "")] for n, i in enumerate(indicators, start=1)],
        ))
    return tables


def _proposal_table(p: dict[str, Any]) -> TableSpec:
    """The year's suggestions and proposals: each figure with its share (as the text writes it)."""
    replied, evaluated = p.get("replied", 0), p.get("evaluated", 0)

    def share(n: int, whole: int) -> str:
        return f"{format_number(percent(n, whole))}%" if whole else "—"

    rows = [
        (_("收到"), p.get("received", 0), ""), (_("已交办"), p.get("assigned", 0), ""),
        (_("已答复(件次)"), replied, ""), (_("按期答复"), p.get("on_time", 0), share(p.get("on_time", 0), replied)),
        (_("逾期答复"), p.get("late", 0), share(p.get("late", 0), replied)),
        (_("逾期未答复"), p.get("overdue", 0), ""),
        (_("A类答复"), p.get("a", 0), share(p.get("a", 0), replied)),
        (_("B类答复"), p.get("b", 0), share(p.get("b", 0), replied)),
        (_("C类答复"), p.get("c", 0), share(p.get("c", 0), replied)),
        (_("已评价"), evaluated, ""),
        (_("满意或基本满意"), p.get("satisfied", 0) + p.get("basically", 0),
         share(p.get("satisfied", 0) + p.get("basically", 0), evaluated)),
        (_("B类承诺事项"), p.get("commitments", 0), ""),
        (_("B类承诺已完成"), p.get("commitments_done", 0), share(p.get("commitments_done", 0), p.get("commitments", 0))),
    ]
    return TableSpec(_("建议提案办理情况"), [_("序号"), _("项目"), _("数量"), _("占比")],
                     [[str(n), str(label), str(value), rate] for n, (label, value, rate) in enumerate(rows, start=1)])


def briefing_view(*, title: str, subtitle: str, sections: list[dict[str, str]], figures: dict[str, Any],
                  footer: str, signer: str = "", day: date | None = None) -> BriefingView:
    """What the Word and PDF files show. `signer` is the issuing office (落款); without one, the
    installation's office name (settings.LUOSHI["OFFICE_NAME"])."""
    office = signer or str(getattr(settings, "LUOSHI", {}).get("OFFICE_NAME") or _("督查办公室"))
    label = _("%(y)s年%(m)s月%(d)s日") % {"y": day.year, "m": day.month, "d": day.day} if day else ""
    return BriefingView(title=title, subtitle=subtitle, sections=sections, charts=briefing_charts(figures),
                        tables=briefing_tables(figures), footer=footer, recipients=str(_("各有关单位")),
                        signer=office, date_label=label)
