"""The measures step: draft tasks with lead unit, deadline and target."""

from __future__ import annotations

from datetime import date

import pytest

from luoshi.documents.extraction.datatypes import DocumentMeta, WorkingDocument
from luoshi.documents.extraction.measures import find_measures, read_deadline, read_lead_unit

from .builders import item, section

PLAN = (
    "2024年重点工作\n"
    "推进交通网络互联互通。加快沿江高铁、城际轨道等工程建设，开工建设环城高速。"
    "大力实施园区提质增效行动，强化亩均效益评价，盘活闲置土地860亩。\n"
)


def _plan_document(text: str, unit_directory: tuple[str, ...] = ()) -> WorkingDocument:
    plan = section(text, "2024年重点工作", index=1, mode="plan", period="2024")
    items = (
        (item(text, "盘活闲置土地860亩", "target", 860, "亩", section_id="s1"),) if "860亩" in text else ()
    )
    return WorkingDocument(
        text=text,
        meta=DocumentMeta(kind="work_report", date=date(2024, 1, 10)),
        sections=(plan,),
        items=items,
        unit_directory=unit_directory,
    )


def test_action_clauses_of_a_plan_become_one_draft_each() -> None:
    measures = find_measures(_plan_document(PLAN)).measures
    assert [m.title for m in measures] == [
        "加快沿江高铁、城际轨道等工程建设",
        "开工建设环城高速",
        "大力实施园区提质增效行动",
        "强化亩均效益评价",
        "盘活闲置土地860亩",
    ]
    assert all(PLAN[m.start : m.end] == m.text for m in measures)
    assert measures[0].category == ("2024年重点工作", "推进交通网络互联互通")
    assert measures[-1].target is not None and measures[-1].target.value == 860


def test_review_parts_give_no_drafts() -> None:
    text = "2023年工作回顾\n加快建设产业园区，新建厂房10万平方米。\n"
    review = section(text, "2023年工作回顾", index=1, mode="review", period="2023")
    working = WorkingDocument(text=text, meta=DocumentMeta(kind="work_report"), sections=(review,))
    assert find_measures(working).measures == ()


def test_a_unit_of_the_directory_is_the_lead_unit() -> None:
    text = "2024年重点工作\n推动区发展改革委会同区财政局开展项目储备，年底前完成。\n"
    (measure,) = find_measures(_plan_document(text, ("区财政局", "区发展改革委"))).measures
    assert measure.lead_unit == "区发展改革委"
    assert measure.deadline == date(2024, 12, 31)


def test_numbered_clauses_of_a_notice_are_one_measure_each() -> None:
    text = "一、扩大有效投资\n1.加快推进大道改造，6月30日前通车。（牵头单位：区住房城乡建设委）\n2.推进片区规划编制。\n"
    part = section(text, "扩大有效投资", index=1, kind="enumeration", marker="一、")
    first = section(
        text,
        "加快推进大道改造",
        index=2,
        kind="enumeration",
        marker="1.",
        level=2,
        parent=part,
        end=text.index("2.推进") - 1,
    )
    second = section(text, "推进片区规划编制", index=3, kind="enumeration", marker="2.", level=2, parent=part)
    working = WorkingDocument(
        text=text, meta=DocumentMeta(kind="notice", date=date(2024, 2, 20)), sections=(part, first, second)
    )
    measures = find_measures(working).measures
    assert [(m.title, m.lead_unit, m.deadline) for m in measures] == [
        ("加快推进大道改造", "区住房城乡建设委", date(2024, 6, 30)),
        ("推进片区规划编制", None, None),
    ]


@pytest.mark.parametrize(
    ("text", "deadline", "written"),
    [
        ("年内建成", date(2024, 12, 31), "年内"),
        ("年底前完成", date(2024, 12, 31), "年底前"),
        ("全年新增", date(2024, 12, 31), "全年"),
        ("10月底前完成", date(2024, 10, 31), "10月底前"),
        ("6月30日前完成", date(2024, 6, 30), "6月30日前"),
        ("2025年6月底前完成", date(2025, 6, 30), "2025年6月底前"),
        ("到2026年完成", date(2026, 12, 31), "到2026年"),
        ("2024年12月15日前完成", date(2024, 12, 15), "2024年12月15日前"),
        ("上半年完成", date(2024, 6, 30), "上半年"),
        ("三季度末完成", date(2024, 9, 30), "三季度末"),
        ("2月30日前完成", None, "2月30日前"),
        ("持续推进", None, None),
    ],
)
def test_it_reads_deadlines_against_the_plan_year(
    text: str, deadline: date | None, written: str | None
) -> None:
    assert read_deadline(text, 2024) == (deadline, written)


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("（牵头单位：区住房城乡建设委；配合单位：区交通局）", "区住房城乡建设委"),
        ("由市生态环境局牵头，各区配合", "市生态环境局"),
        ("（区工业和信息化局负责）", "区工业和信息化局"),
        ("县发展改革局牵头", "县发展改革局"),
        ("加快沿江高铁（东段）建设", None),
        ("按照县委、县政府工作部署推进", None),
    ],
)
def test_it_reads_lead_units_named_as_leading(text: str, unit: str | None) -> None:
    assert read_lead_unit(text, ()) == unit


def test_a_short_action_sentence_at_the_end_of_a_line_is_a_measure_not_a_heading() -> None:
    """Regression: a short sentence counts as a sub-heading only when a longer sentence follows it."""
    from luoshi.documents.extraction import extract

    text = "某县2025年政府工作报告\n\n2025年重点工作\n\n县发展改革局牵头,年内建成5G基站300个。加快建设产业园区。启动老旧小区改造。\n"
    measures = extract(text, unit_directory=["县发展改革局"]).measures
    assert [m.title for m in measures] == ["建成5G基站300个", "加快建设产业园区", "启动老旧小区改造"]
    assert measures[0].lead_unit == "县发展改革局"  # named in the clause before the action


def test_a_sentence_that_judges_is_not_a_measure() -> None:
    from luoshi.documents.extraction import extract

    text = "某县2025年政府工作报告\n\n2025年重点工作\n\n做好全年工作至关重要。加快建设产业园区,推动园区扩容提质。\n"
    titles = [m.title for m in extract(text).measures]
    assert "做好全年工作至关重要" not in titles and "加快建设产业园区" in titles
