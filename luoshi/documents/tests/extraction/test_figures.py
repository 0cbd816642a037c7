"""The numbers step: every number as written, outside page furniture."""

from __future__ import annotations

import pytest

from luoshi.documents.extraction.datatypes import Span
from luoshi.documents.extraction.figures import find_numbers

from .builders import document


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("城镇新增就业7.3万人", [("7.3万", 73_000)]),
        ("总投资7391.6亿元", [("7391.6亿", 739_160_000_000)]),
        ("保理资产总规模达1.3万亿元", [("1.3万亿", 1_300_000_000_000)]),
        ("全角数字１２３家", [("１２３", 123)]),
        ("年内储能装机将达到万千瓦水平", [("万", 10_000)]),
        ("新建两所学校", [("两", 2)]),
        ("增长百分之五", [("百分之五", 5)]),
        ("装机5千米", [("5", 5)]),
        ("光伏30万千瓦", [("30万", 300_000)]),
        ("统一是一体化的基础", []),
        ("发布日期2024-01-11", [("2024", 2024), ("01", 1), ("11", 11)]),
    ],
)
def test_it_reads_numbers_as_written(text: str, expected: list[tuple[str, float]]) -> None:
    numbers = find_numbers(document(text)).numbers
    assert [(token.text, token.value) for token in numbers] == expected
    assert all(text[token.start : token.end] == token.text for token in numbers)


def test_it_skips_numbers_in_page_furniture() -> None:
    text = "举报电话:25204288\n新增3家"
    furniture = (Span(0, 13, "furniture:hotline", text[0:13]),)
    numbers = find_numbers(document(text, furniture=furniture)).numbers
    assert [token.text for token in numbers] == ["3"]


def test_a_multiplier_written_with_digits_is_recorded() -> None:
    (token,) = find_numbers(document("3—5万人")).numbers[1:]
    assert (token.value, token.multiplier) == (50_000, 10_000)
