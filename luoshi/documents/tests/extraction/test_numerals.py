"""Chinese and Arabic numerals read as values."""

from __future__ import annotations

import pytest

from luoshi.documents.extraction.numerals import parse_arabic, parse_chinese_numeral


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("三", 3),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("一百零五", 105),
        ("两千", 2000),
        ("三千五百万", 35_000_000),
        ("一万二千", 12_000),
        ("万", 10_000),
        ("两万亿", 2_000_000_000_000),
        ("三亿五千万", 350_000_000),
        ("二〇二四", 2024),
        ("零", 0),
        ("半", 0.5),
    ],
)
def test_it_reads_chinese_numerals(written: str, value: float) -> None:
    assert parse_chinese_numeral(written) == value


@pytest.mark.parametrize("written", ["", "百分", "第三", "abc"])
def test_it_refuses_what_is_not_a_chinese_numeral(written: str) -> None:
    assert parse_chinese_numeral(written) is None


@pytest.mark.parametrize(
    ("digits", "multiplier", "value"),
    [
        ("9.6", "万", 96_000),
        ("7391.6", "亿", 739_160_000_000),
        ("2.1", "万亿", 2_100_000_000_000),
        ("2.3", "亿", 230_000_000),
        ("１２３", None, 123),
        ("1,234.5", None, 1234.5),
        ("3", "千万", 30_000_000),
        ("18.6", "亿", 1_860_000_000),
    ],
)
def test_it_reads_arabic_digits_with_multipliers_exactly(
    digits: str, multiplier: str | None, value: float
) -> None:
    assert parse_arabic(digits, multiplier) == value


def test_it_refuses_arabic_digits_that_do_not_form_a_number() -> None:
    assert parse_arabic("1.2.3") is None
