"""The parts step: breakdowns of counts, whether they add up, and warnings when they do not."""

from __future__ import annotations

from luoshi.documents.extraction.parts import find_parts

from .builders import document, item

TOTAL = (
    "提出259项具体落实举措。其中，围绕产业创新提出101项举措，围绕港航功能提出49项举措，"
    "围绕金融创新提出25项举措，围绕改革开放提出33项举措，围绕宜居城市提出51项举措。"
)


def _items(text: str, snippets: list[tuple[str, str, float]], unit: str = "项") -> tuple:  # type: ignore[type-arg]
    return tuple(item(text, snippet, kind, value, unit, section_id="s1") for snippet, kind, value in snippets)


def test_a_breakdown_becomes_the_parts_of_its_total() -> None:
    items = _items(
        TOTAL,
        [
            ("提出259项具体落实举措", "count", 259),
            ("提出101项举措", "count", 101),
            ("提出49项举措", "count", 49),
            ("提出25项举措", "count", 25),
            ("提出33项举措", "count", 33),
            ("提出51项举措", "count", 51),
        ],
    )
    result = find_parts(document(TOTAL, items=items))
    (total,) = result.items
    assert total.parts == {"产业创新": 101, "港航功能": 49, "金融创新": 25, "改革开放": 33, "宜居城市": 51}
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
    text = "从5大方面提出16项支持政策，细化为124项具体工作任务。研究制定了372项行动计划，梳理142项重点任务。"
    items = _items(
        text,
        [
            ("提出16项支持政策", "count", 16),
            ("细化为124项具体工作任务", "count", 124),
            ("研究制定了372项行动计划", "count", 372),
            ("梳理142项重点任务", "count", 142),
        ],
    )
    result = find_parts(document(text, items=items))
    assert [(i.value, i.parts) for i in result.items] == [(16, None), (124, None), (372, None), (142, None)]
