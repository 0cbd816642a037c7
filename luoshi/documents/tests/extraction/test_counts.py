"""Counts of a plan's tasks and progress tallies, in sentences composed in other places' manner."""

from __future__ import annotations

import pytest

from luoshi.documents.extraction import extract

HEADER = "某县2025年重点工作推进情况\n"


def _items(sentence: str) -> list[tuple[str, float, str]]:
    return [(item.kind, item.value, item.unit) for item in extract(HEADER + sentence + "\n").items]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("截至目前，年度重点任务已完成23项，其余正在有序推进。", ("count", 23, "项")),
        ("全县共梳理出重点任务56项，其中已完成18项、序时推进38项。", ("count", 56, "项")),
        ("36项重点任务取得阶段性进展。", ("count", 36, "项")),
        ("今年以来，累计落地改革举措45项。", ("count", 45, "项")),
        ("县政府出台稳经济一揽子政策措施共计33条。", ("count", 33, "条")),
        ("120项年度任务中，完成85项。", ("count", 120, "项")),
        ("120项年度任务中，完成85项。", ("count", 85, "项")),
        ("制定了17条具体举措。", ("count", 17, "条")),
        ("县里出台支持政策30条，已落实21条。", ("count", 21, "条")),
        ("梳理形成重点任务清单126项。", ("count", 126, "项")),
        ("已出台配套文件12个。", ("count", 12, "个")),
        ("共有23项任务已完成。", ("count", 23, "项")),
    ],
)
def test_progress_tallies_and_plan_counts_are_counts(sentence: str, expected: tuple[str, float, str]) -> None:
    assert expected in _items(sentence)


@pytest.mark.parametrize(
    ("sentence", "kind", "value"),
    [
        ("全年完成固定资产投资120亿元。", "actual", 120e8),
        ("新建改造农村公路85公里。", "actual", 85),
    ],
)
def test_other_figures_keep_their_kind(sentence: str, kind: str, value: float) -> None:
    assert [(item.kind, item.value) for item in extract(HEADER + "一、2024年工作回顾\n" + sentence + "\n").items] == [
        (kind, value)
    ]


def test_a_count_of_scope_is_no_item() -> None:
    assert _items("方案从5大方面提出具体要求。") == []
