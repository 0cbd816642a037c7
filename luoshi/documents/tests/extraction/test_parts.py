"""The parts step: breakdowns of counts, whether they add up, and warnings when they do not."""

from __future__ import annotations

from luoshi.documents.extraction.parts import find_parts

from .builders import document, item

TOTAL = (
    "提出133项具体改革举措。其中，围绕科技创新提出41项举措，围绕乡村振兴提出29项举措，"
    "围绕开放合作提出18项举措，围绕营商环境提出26项举措，围绕民生保障提出19项举措。"
)


def _items(text: str, snippets: list[tuple[str, str, float]], unit: str = "项") -> tuple:  # type: ignore[type-arg]
    return tuple(item(text, snippet, kind, value, unit, section_id="s1") for snippet, kind, value in snippets)


def test_a_breakdown_becomes_the_parts_of_its_total() -> None:
    items = _items(
        TOTAL,
        [
            ("提出133项具体改革举措", "count", 133),
            ("提出41项举措", "count", 41),
            ("提出29项举措", "count", 29),
            ("提出18项举措", "count", 18),
            ("提出26项举措", "count", 26),
            ("提出19项举措", "count", 19),
        ],
    )
    result = find_parts(document(TOTAL, items=items))
    (total,) = result.items
    assert total.parts == {"科技创新": 41, "乡村振兴": 29, "开放合作": 18, "营商环境": 26, "民生保障": 19}
    assert total.consistent is True
    assert result.warnings == ()


def test_a_breakdown_that_does_not_add_up_warns() -> None:
    text = "共出台30条措施。其中，政务服务方面8条、要素保障方面6条、企业服务方面4条。"
    items = _items(
        text,
        [
            ("共出台30条措施", "count", 30),
            ("政务服务方面8条", "actual", 8),
            ("要素保障方面6条", "actual", 6),
            ("企业服务方面4条", "actual", 4),
        ],
        unit="条",
    )
    result = find_parts(document(text, items=items))
    (total,) = result.items
    assert total.parts == {"政务服务": 8, "要素保障": 6, "企业服务": 4}
    assert total.consistent is False
    assert len(result.warnings) == 1 and "parts sum to 18" in result.warnings[0]


def test_later_counts_without_a_breakdown_cue_stay_items() -> None:
    text = "从4大方面提出12项扶持政策，细化为87项具体工作任务。研究制定了215项行动计划，梳理96项重点任务。"
    items = _items(
        text,
        [
            ("提出12项扶持政策", "count", 12),
            ("细化为87项具体工作任务", "count", 87),
            ("研究制定了215项行动计划", "count", 215),
            ("梳理96项重点任务", "count", 96),
        ],
    )
    result = find_parts(document(text, items=items))
    assert [(i.value, i.parts) for i in result.items] == [(12, None), (87, None), (215, None), (96, None)]
