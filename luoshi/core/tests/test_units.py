"""Unit conversion: exact, and refused when ambiguous (issue #5)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from luoshi.core.units import conversion_factor, convert, is_rate_unit, normalize_unit


@pytest.mark.parametrize(("value", "source", "target", "expected"), [
    (1.2, "亿元", "万元", Decimal("12000")),
    (12000, "万元", "亿元", Decimal("1.2")),
    (739160000000, "元", "万元", Decimal("73916000")),
    (95000, "人", "万人", Decimal("9.5")),
    (9.5, "万人", "人", Decimal("95000")),
    (3, "公顷", "亩", Decimal("45")),
    (4.9, "万亩", "亩", Decimal("49000")),
    (2217, "万标准箱", "标准箱", Decimal("22170000")),
    (50.4, "公里", "米", Decimal("50400")),
    (1, "万个", "个", Decimal("10000")),
    (5, "万家", "家", Decimal("50000")),
    (2, "万千瓦", "千瓦", Decimal("20000")),
    (4.8, "%", "％", Decimal("4.8")),
    (7, "个", "个", Decimal("7")),
    (7, "（万元）", "万元", Decimal("7")),
])
def test_it_converts_within_a_family_exactly(value: float, source: str, target: str, expected: Decimal) -> None:
    assert convert(value, source, target) == expected


@pytest.mark.parametrize(("source", "target"), [
    ("人", "万元"), ("%", "百分点"), ("个", "家"), ("人", "人次"), ("亩", "平方米"), ("万元", ""), ("", "个"),
    ("吨", "标准箱"), ("元", "美元"),
])
def test_it_refuses_units_that_do_not_convert_unambiguously(source: str, target: str) -> None:
    assert conversion_factor(source, target) is None
    assert convert(1, source, target) is None


def test_a_multiplier_word_is_not_split_when_it_is_a_unit_of_its_own() -> None:
    """百分点 is not 100 × 分点: a table entry wins over prefix splitting."""
    assert conversion_factor("百分点", "个百分点") == 1
    assert conversion_factor("百分点", "分点") is None


@pytest.mark.parametrize(("raw", "normal"), [(" 万元 ", "万元"), ("（亿元）", "亿元"), ("％", "%"), ("百分比", "%")])
def test_it_normalises_spellings(raw: str, normal: str) -> None:
    assert normalize_unit(raw) == normal


def test_rates_are_recognised() -> None:
    assert is_rate_unit("%") and is_rate_unit("百分点") and not is_rate_unit("万元")
