"""The classification step: kind, period, indicator, quote and investment of each item."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from luoshi.documents.extraction.classification import classify_items
from luoshi.documents.extraction.datatypes import DocumentMeta, Quantity, Section, WorkingDocument

from .builders import quantity, section


def _classify(
    text: str,
    quantities: tuple[Quantity, ...],
    sections: tuple[Section, ...] = (),
    kind: str = "work_report",
    when: date | None = date(2024, 1, 10),
    title: str | None = None,
) -> list[tuple[str, float, str | None, str]]:
    meta = DocumentMeta(kind=kind, date=when, title=title)  # type: ignore[arg-type]  # literal kinds
    working = WorkingDocument(text=text, meta=meta, sections=sections, quantities=quantities)
    return [(i.kind, i.value, i.period, i.quote) for i in classify_items(working).items]


REVIEW_AND_PLAN = "2023年工作回顾\n新增学位1.8万个。\n2024年重点工作\n新增学位1万个。\n"


def _review_and_plan() -> tuple[Section, ...]:
    review = section(
        REVIEW_AND_PLAN,
        "2023年工作回顾",
        index=1,
        mode="review",
        period="2023",
        end=REVIEW_AND_PLAN.index("2024年重点工作") - 1,
    )
    plan = section(REVIEW_AND_PLAN, "2024年重点工作", index=2, mode="plan", period="2024")
    return review, plan


def test_the_section_mode_decides_actual_or_target_and_the_period() -> None:
    quantities = (
        quantity(REVIEW_AND_PLAN, "1.8万个", 18_000, "个"),
        quantity(REVIEW_AND_PLAN, "1万个", 10_000, "个"),
    )
    assert _classify(REVIEW_AND_PLAN, quantities, _review_and_plan()) == [
        ("actual", 18_000, "2023", "新增学位1.8万个"),
        ("target", 10_000, "2024", "新增学位1万个"),
    ]


@pytest.mark.parametrize(
    ("text", "written", "value", "unit", "kind"),
    [
        ("总投资86.4亿元的37个项目竣工", "37个", 37, "个", "project"),
        ("实施帮扶项目96个", "96个", 96, "个", "project"),
        ("实施9项水环境综合治理重点工程", "9项", 9, "项", "project"),
        ("扎实实施20项民心工程", "20项", 20, "项", "count"),
        ("提出48项具体改革举措", "48项", 48, "项", "count"),
        ("截至目前已有27项重点任务取得了明显成效", "27项", 27, "项", "count"),
        ("出台政策措施15条", "15条", 15, "条", "count"),
        ("联合推出64项“跨区通办”事项", "64项", 64, "项", "actual"),
        ("力争突破6项装备制造关键核心技术", "6项", 6, "项", "target"),
    ],
)
def test_nouns_after_or_before_a_count_make_projects_and_counts(
    text: str, written: str, value: float, unit: str, kind: str
) -> None:
    sections = (section(text, text, index=1, mode="review" if kind != "target" else "plan", period="2023"),)
    text_with_heading = text
    quantities = (quantity(text_with_heading, written, value, unit),)
    assert _classify(text, quantities, sections)[0][0] == kind


def test_a_batch_takes_the_investment_of_its_clause_and_the_money_is_no_item() -> None:
    text = "启动基础设施建设项目9个，完成投资5.3亿元，安排专项资金1.2亿元"
    quantities = (
        quantity(text, "9个", 9, "个"),
        quantity(text, "5.3亿元", 530_000_000, "元", unit_class="money"),
        quantity(text, "1.2亿元", 120_000_000, "元", unit_class="money"),
    )
    working = WorkingDocument(text=text, meta=DocumentMeta(kind="work_report"), quantities=quantities)
    items = classify_items(working).items
    assert [(i.kind, i.value, i.investment) for i in items] == [
        ("project", 9, 530_000_000),
        ("actual", 120_000_000, None),
    ]
    assert items[0].quote == "启动基础设施建设项目9个，完成投资5.3亿元"


@pytest.mark.parametrize(
    ("text", "written", "value", "unit", "kind"),
    [
        ("已建成加氢站12座", "12座", 12, "座", "actual"),
        ("年内氢气产能将达到2万吨", "2万吨", 20_000, "吨", "target"),
        ("下一步力争新增企业300户", "300户", 300, "户", "target"),
        ("5月份以来新增注册企业1384户", "1384户", 1384, "户", "actual"),
        ("6月份商业保理余额较上月增长83亿元", "83亿元", 8_300_000_000, "元", "actual"),
    ],
)
def test_outside_review_and_plan_parts_tense_cues_decide(
    text: str, written: str, value: float, unit: str, kind: str
) -> None:
    rows = _classify(
        text, (quantity(text, written, value, unit),), kind="press_conference", when=date(2024, 9, 29)
    )
    assert (rows[0][0], rows[0][2]) == (kind, "2024")


def test_a_year_written_in_the_sentence_sets_the_period_but_a_base_year_does_not() -> None:
    text = "到2027年，高新技术企业达到3000家。比2020年增长1倍。"
    quantities = (quantity(text, "3000家", 3000, "家"), quantity(text, "1倍", 1, "倍", unit_class="rate"))
    rows = _classify(text, quantities, kind="policy", when=None)
    assert [(kind, period) for kind, _, period, _ in rows] == [("target", "2027"), ("target", None)]


def test_a_notice_takes_the_year_of_its_title() -> None:
    text = "新增城镇就业8000人"
    rows = _classify(
        text, (quantity(text, "8000人", 8000, "人"),), kind="notice", title="关于印发2024年重点工作任务的通知"
    )
    assert rows == [("target", 8000, "2024", "新增城镇就业8000人")]


def test_a_growth_rate_after_a_comma_quotes_the_clause_before_and_names_its_subject() -> None:
    text = "港口货物吞吐量超1.6亿吨，同比增长3.7%"
    growth = replace(quantity(text, "3.7%", 3.7, "%"), unit_class="rate")
    working = WorkingDocument(text=text, meta=DocumentMeta(kind="work_report"), quantities=(growth,))
    (item,) = classify_items(working).items
    assert item.quote == text
    assert item.indicator == "港口货物吞吐量增速"
