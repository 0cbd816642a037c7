"""The demo's chain of levels, read from the press conference: national → city → district → zone.

The press conference names the chain (seeds/000): the State Council's policies in 5 aspects and
124 tasks for national ministries, the city's 259 measures in five areas (101 + 49 + 25 + 33 + 51),
the district's 372 action items and the zone's 142 key tasks. The demo builds it from the text:

- the **national policies** the progress section names (用足用好…的政策措施), one per aspect
  (一是服务重大国家战略…), each a national task quoting its words;
- the **city's five areas**, one city task per part of the extracted count (259 with its parts), a
  heading of the city's plan (kind heading: in the tree, not in the totals) quoting
  "围绕产业创新提出101项举措", with the district (滨海新区),
  which refines them into its action plan, as co-unit: the district office sees them read-only;
- the **city measures** the text names after each area (包括…等), city tasks under their area;
- the 372 and 142 stay announced totals (the extracted counts), against which the coverage view
  counts the district and zone tasks registered from the document.

Composed, and marked 示例数据 where it shows: which national policy each city area refines (the
text does not say; the description and the link's history say it is the demo's), and the links of
the measures confirmed from the documents to an area, chosen by words they share with it (one
for the press conference's own measures, two for the district work report's), so that the reports
accepted on them roll up to the city's areas and the national policies. Idempotent: tasks are found by document, level and title; a task already linked keeps
its parent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from luoshi.core.types import UserLike
from luoshi.documents.choices import ItemKind
from luoshi.documents.models import Document
from luoshi.ledger.choices import TaskKind, TaskLevel
from luoshi.ledger.models import Task, Unit
from luoshi.ledger.services import rollups_refresh_all, task_create, task_update

DEMO_MARK = "示例数据"

# The national policies of the progress section, by the aspect that introduces each (一是…五是…).
NATIONAL_POLICIES = [
    ("服务重大国家战略", "加强与北京产业体系融合"),
    ("推进重点领域改革", "在重点领域和关键环节改革上赋予更大自主权"),
    ("加快产业转型升级", "培育壮大战略性新兴产业"),
    ("金融服务实体经济", "金融创新发展"),
    ("“四宜”美丽“滨城”建设", "完善城市服务功能"),
]
# Composed (示例数据): which national policy each of the city's areas refines.
AREA_POLICY = {
    "产业创新": "培育壮大战略性新兴产业",
    "港航功能": "加强与北京产业体系融合",
    "金融创新": "金融创新发展",
    "改革开放": "在重点领域和关键环节改革上赋予更大自主权",
    "宜居城市": "完善城市服务功能",
}
# Composed (示例数据): words that put a confirmed district or zone measure under an area.
AREA_WORDS = {
    "产业创新": ("产业", "制造", "创新", "科技", "新质生产力", "概念验证", "龙头企业", "总部", "疏解"),
    "港航功能": ("港", "航运", "物流", "班列", "联通"),
    "金融创新": ("金融", "租赁", "基金", "资本", "融资"),
    "改革开放": ("改革", "开放", "营商环境", "通办", "同事同标", "体制", "机制", "协同"),
    "宜居城市": ("宜居", "城市", "教育", "医疗", "公共服务", "生态", "民生"),
}
ZONE_SECTION_WORDS = ("保税区",)
# The district that refines the city's areas into its own action items ("研究制定了滨海新区层面372项
# 行动计划"): each area names it as a co-unit (配合单位), so the area falls to the district and its
# office sees it read-only, with the district's measures beneath it (issue 10).
AREA_CO_UNIT = "滨海新区"


@dataclass
class ChainReport:
    national: int = 0
    areas: int = 0
    city_measures: int = 0
    linked: int = 0


def _press_conference(documents: Iterable[Document]) -> tuple[Document, dict[str, float], int] | None:
    """The document whose count has the five areas as parts (259 = 101 + 49 + 25 + 33 + 51)."""
    for document in documents:
        for item in document.items.filter(kind=ItemKind.COUNT, parts__isnull=False).order_by("start"):
            if item.parts and len(item.parts) >= 2:
                return document, dict(item.parts), item.start
    return None


def _task(*, document: Document, level: str, title: str, span: tuple[int, int] | None, **fields: object) -> tuple[Task, bool]:
    existing = Task.objects.filter(source_document=document, level=level, title=title).first()
    if existing is not None:
        return existing, False
    if span is not None:
        fields.update(source_start=span[0], source_end=span[1])
    return task_create(title=title, level=level, source_document=document, **fields), True  # type: ignore[arg-type]


def _span(text: str, phrase: str, start: int = 0) -> tuple[int, int] | None:
    index = text.find(phrase, start)
    return (index, index + len(phrase)) if index >= 0 else None


def _named_measures(text: str, area: str, from_index: int) -> tuple[list[tuple[str, tuple[int, int]]], tuple[int, int] | None]:
    """The measures named after "围绕<area>提出N项举措,包括", each with its span, and the span of the heading."""
    match = re.compile(rf"围绕{re.escape(area)}提出\d+项举措").search(text, from_index)
    if match is None:
        return [], None
    heading = (match.start(), match.end())
    after = re.compile(r"[,，]\s*包括").match(text, match.end())
    if after is None:
        return [], heading
    end = text.find("。", after.end())
    sentence = text[after.end():end if end >= 0 else len(text)]
    names = []
    cursor = after.end()
    pieces = sentence.split("、")
    for index, raw in enumerate(pieces):
        # "…提升等。": the list ends with 等 (a 等 inside a name, as in 兴港高速等港口…, stays)
        name = raw.strip().removesuffix("等") if index == len(pieces) - 1 else raw.strip()
        position = text.find(name, cursor)
        if len(name) >= 4 and position >= 0:
            names.append((name, (position, position + len(name))))
            cursor = position + len(name)
    return names, heading


def demo_chain_load(documents_in: Iterable[Document], *, user: UserLike) -> ChainReport:
    """Build the chain of levels from the press conference among `documents` (nothing without it)."""
    report = ChainReport()
    documents = list(documents_in)
    found = _press_conference(documents)
    if found is None:
        return report
    document, parts, count_start = found
    text = document.text
    units = {u.short_name: u for u in Unit.objects.all()}
    policies: dict[str, Task] = {}
    for aspect, policy in NATIONAL_POLICIES:
        span = _span(text, policy)
        task, created = _task(document=document, level=TaskLevel.NATIONAL, title=policy, span=span,
                              category=aspect, lead_unit=units.get("中央区域办"))
        policies[policy] = task
        report.national += int(created)
    areas: dict[str, Task] = {}
    for area, announced in parts.items():
        measures, heading = _named_measures(text, area, count_start)
        title = f"围绕{area}提出{int(announced)}项举措"
        parent = policies.get(AREA_POLICY.get(area, ""))
        district = units.get(AREA_CO_UNIT)
        task, created = _task(
            document=document, level=TaskLevel.CITY, title=title, span=heading, category=area, parent=parent,
            lead_unit=units.get("市发改委"), co_units=[district] if district is not None else [],
            kind=TaskKind.HEADING,
            description=_("本市落实举措的“%(area)s”领域(公布 %(n)s 项)。所对应的国家政策为演示用的示例数据。")
            % {"area": area, "n": int(announced)})
        if district is not None and not task.co_units.filter(pk=district.pk).exists():
            # An area loaded before the district was named on it (an older demo) gets it now.
            task_update(task=task, user=user, co_units=[*task.co_units.all(), district],
                        reason=_("区级细化本领域的举措,列为配合单位"))
        if task.kind != TaskKind.HEADING:
            # An area is a heading of the city's plan: in the tree, not in the totals.
            task = task_update(task=task, user=user, kind=TaskKind.HEADING, reason=_("计划的分项标题"))
        areas[area] = task
        report.areas += int(created)
        for name, span in measures:
            _measure, created = _task(document=document, level=TaskLevel.CITY, title=name, span=span, category=area,
                                      parent=task, lead_unit=units.get("市发改委"))
            report.city_measures += int(created)
    report.linked = _link_measures(documents, areas, user=user, press_conference=document)
    rollups_refresh_all()
    return report


def _area_for(text: str, *, least: int = 1) -> str | None:
    """The area whose words the text uses most (at least `least` times), the first on a tie."""
    scores = {area: sum(text.count(w) for w in words) for area, words in AREA_WORDS.items()}
    best = max(scores, key=lambda a: scores[a])
    return best if scores[best] >= least else None


def _link_measures(documents: Iterable[Document], areas: dict[str, Task], *, user: UserLike,
                   press_conference: Document) -> int:
    """Put the measures confirmed from the documents under an area of the city's plan (示例数据):
    those of the press conference (city, district or zone) by one shared word, those of the
    other documents (the district's work report) only by two, so that the links stay plausible;
    a measure of the zone's answer (天津港保税区…) becomes a zone task."""
    linked = 0
    area_ids = [a.pk for a in areas.values()]
    measures = (Task.objects.filter(source_document__in=list(documents), parent__isnull=True,
                                    level__in=[TaskLevel.CITY, TaskLevel.DISTRICT, TaskLevel.ZONE])
                .exclude(pk__in=area_ids).select_related("source_measure").order_by("code"))
    for task in measures:
        path = " ".join(str(h) for h in (task.source_measure.section_path if task.source_measure else []) or [])
        own = task.source_document_id == press_conference.pk
        area = _area_for(f"{task.title} {task.category} {path}" if own else task.title, least=1 if own else 2)
        if area is None or area not in areas:
            continue
        changes: dict[str, Any] = {"parent": areas[area]}
        if own and any(w in path for w in ZONE_SECTION_WORDS):
            changes["level"] = TaskLevel.ZONE
        task_update(task=task, user=user, reason=_("%(mark)s:按共有词语关联到“%(area)s”领域") % {
            "mark": DEMO_MARK, "area": area}, **changes)
        linked += 1
    return linked
