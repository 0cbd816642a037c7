"""Demo data: monthly actuals for a handful of the Binhai 2024 work report's target indicators.

The targets are the report's (地区生产总值增长4.8%左右, 一般公共预算收入增长6%, 固定资产投资持平,
居民收入与经济增长同步, 城镇新增就业9.5万人, 新增学位1万个以上 …); the actuals (Jan–Oct 2024, and
2023 for some, so that forecasts can use seasonality) are invented but plausible, chosen so that
the catalogue shows every light. Idempotent: indicators are matched by name or alias, a target
is added only where the year has none (a target confirmed from the document keeps its source),
and an observation only where the period has none.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from luoshi.core.history import recording
from luoshi.core.periods import month_end
from luoshi.documents.models import Document
from luoshi.indicators.choices import ObservationSource, TargetComparator
from luoshi.indicators.models import Indicator, IndicatorTarget, Observation
from luoshi.indicators.services import (
    indicator_adopt_standard,
    indicator_from_standard,
    indicator_match,
    name_key,
)
from luoshi.indicators.standard import STANDARD_INDICATORS
from luoshi.ledger.models import Task

YEAR = 2024


@dataclass(frozen=True)
class DemoIndicator:
    name: str
    comparator: str
    value: float | None
    statement: str
    actual: dict[int, float]  # 2024, month -> value
    previous: dict[int, float] | None = None  # 2023, month -> value
    reference: str = ""
    keywords: tuple[str, ...] = ()


def _months(values: list[float], start: int = 1, step: int = 1) -> dict[int, float]:
    return {start + i * step: v for i, v in enumerate(values)}


DEMO: tuple[DemoIndicator, ...] = (
    DemoIndicator("地区生产总值增速", TargetComparator.ABOUT, 4.8, "地区生产总值同比增长4.8%左右",
                  _months([4.6, 4.3, 4.2], 3, 3), _months([3.9, 4.4, 4.6, 4.8], 3, 3),
                  keywords=("高质量发展",)),
    DemoIndicator("一般公共预算收入增速", TargetComparator.EQ, 6, "一般公共预算收入同比增长6%",
                  _months([8.2, 7.5, 6.9, 6.4, 6.1, 6.3, 6.0, 5.8, 6.2, 6.5]),
                  _months([15.2, 14.1, 13.0, 12.5, 12.2, 12.0, 11.8, 11.6, 11.9, 12.1, 12.0, 11.9])),
    DemoIndicator("固定资产投资增速", TargetComparator.FLAT, None, "固定资产投资同比持平",
                  _months([1.5, -2.1, -1.2, -0.8, -0.5, -0.9, -1.4, -0.6, 0.3], 2), keywords=("投资",)),
    DemoIndicator("居民人均可支配收入增速", TargetComparator.IN_STEP, None, "居民人均可支配收入保持与经济增长基本同步",
                  _months([4.9, 4.6, 4.5], 3, 3), reference="地区生产总值增速"),
    DemoIndicator("城镇新增就业", TargetComparator.EQ, 9.5, "城镇新增就业9.5万人",
                  _months([0.55, 1.2, 2.3, 3.2, 4.1, 5.1, 5.9, 6.7, 7.5, 8.2]),
                  _months([0.6, 1.3, 2.5, 3.4, 4.3, 5.4, 6.3, 7.1, 7.9, 8.6, 9.1, 9.6]), keywords=("就业",)),
    DemoIndicator("新增学位", TargetComparator.GTE, 10000, "新增学位1万个以上",
                  _months([0, 0, 0, 0, 0, 0, 300, 1200, 8600, 9200]),
                  _months([0, 0, 0, 0, 0, 0, 500, 2000, 15000, 16000, 16500, 18000]), keywords=("学位", "学校")),
    DemoIndicator("保障性租赁住房建设", TargetComparator.EQ, 1000, "完成1000套保障性租赁住房建设",
                  _months([0, 0, 60, 120, 210, 330, 420, 510, 600, 660]), keywords=("保障性租赁住房",)),
    DemoIndicator("海绵城市建成区面积占比", TargetComparator.GTE, 44, "年内建成区面积达44%以上",
                  _months([39.5, 40.8, 42.1], 3, 3), {12: 38.7}, keywords=("海绵城市",)),
    DemoIndicator("引育科技型企业", TargetComparator.EQ, 150, "引育科技型企业150家",
                  _months([8, 15, 27, 40, 52, 66, 79, 93, 108, 128]), keywords=("科技型企业",)),
    DemoIndicator("国家专精特新“小巨人”企业", TargetComparator.EQ, 120, "国家专精特新“小巨人”企业达120家",
                  _months([107, 113, 118], 3, 3), {12: 107}, keywords=("小巨人",)),
    DemoIndicator("新增市级以上研发机构", TargetComparator.EQ, 10, "新增市级以上研发机构10家",
                  _months([2, 4, 7], 3, 3), keywords=("研发机构",)),
    DemoIndicator("合流制改造片区", TargetComparator.EQ, 7, "实施7个片区合流制改造",
                  _months([0, 1, 3], 3, 3), keywords=("合流制",)),
    DemoIndicator("高技能人才", TargetComparator.EQ, 18, "高技能人才达18万人",
                  _months([17.0, 17.3, 17.6], 3, 3), {12: 16.8}, keywords=("高技能人才", "人才")),
    DemoIndicator("新建、改造提升高标准农田", TargetComparator.EQ, 4.9, "新建、改造提升高标准农田4.9万亩",
                  _months([0.3, 1.6, 3.6], 3, 3), keywords=("高标准农田",)),
)


def _find_span(statement: str) -> tuple[Document, int, int] | None:
    """The first document whose text holds `statement`, with the span (demo targets point at their words)."""
    for document in Document.objects.only("pk", "text"):
        start = document.text.find(statement)
        if start >= 0:
            return document, start, start + len(statement)
    return None


def _extracted_indicator(statement: str) -> Indicator | None:
    """The indicator whose target of the demo year was confirmed from these words, if any."""
    for target in IndicatorTarget.objects.filter(year=YEAR).exclude(statement="").select_related("indicator"):
        if target.statement in statement or statement in target.statement:
            return target.indicator
    return None


def _demo_target(indicator: Indicator, spec: DemoIndicator, reference: Indicator | None,
                 user: Any) -> IndicatorTarget | None:
    if IndicatorTarget.objects.filter(indicator=indicator, year=YEAR).exists():
        return None
    target = IndicatorTarget(
        indicator=indicator, year=YEAR, comparator=spec.comparator,
        value=None if spec.value is None else Decimal(str(spec.value)),
        reference_indicator=reference, statement=spec.statement,
    )
    if spec.previous and 12 in spec.previous:
        target.baseline = Decimal(str(spec.previous[12]))
    span = _find_span(spec.statement)
    if span is not None:
        target.source_document, target.source_start, target.source_end = span
    target.full_clean()
    with recording(user):
        target.save()
    return target


def indicators_demo_load(user: Any = None) -> int:
    """Add the demo indicators, their 2024 targets and observations; returns observations created.

    Called at the end of the demo loader, inside its transaction. Safe to run again.
    """
    standard = {name_key(s.name): s for s in STANDARD_INDICATORS}
    indicators: dict[str, Indicator] = {}
    for spec in DEMO:
        entry = standard[name_key(spec.name)]
        extracted = _extracted_indicator(spec.statement)
        if extracted is not None and indicator_match(entry.name) is None:
            indicator_adopt_standard(extracted, entry, user=user)
        indicators[spec.name] = indicator_from_standard(entry, user=user)
    stored = {(o.indicator_id, o.period_end) for o in Observation.objects.filter(indicator__in=indicators.values())}
    created: list[Observation] = []
    for spec in DEMO:
        indicator = indicators[spec.name]
        _demo_target(indicator, spec, indicators.get(spec.reference), user)
        for year, series in ((YEAR - 1, spec.previous or {}), (YEAR, spec.actual)):
            for month, value in series.items():
                period_end = month_end(year, month)
                if (indicator.pk, period_end) in stored:
                    continue
                created.append(Observation(indicator=indicator, period_end=period_end, value=Decimal(str(value)),
                                           source=ObservationSource.DEMO, entered_by=user))
        for word in spec.keywords:
            for task in Task.objects.filter(title__contains=word).order_by("code")[:2]:
                indicator.tasks.add(task)
    with recording(user, _("演示数据")):
        for observation in created:
            observation.save()
    return len(created)
