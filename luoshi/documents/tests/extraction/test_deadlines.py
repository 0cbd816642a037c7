"""Deadline phrases of responsibility notes (table tests)."""

from __future__ import annotations

from datetime import date

import pytest

from luoshi.documents.extraction.deadlines import read_note_deadline


@pytest.mark.parametrize(
    ("written", "deadline", "ongoing"),
    [
        ("2026年底前", date(2026, 12, 31), False),
        ("2026年年底前完成", date(2026, 12, 31), False),
        ("2026年12月底", date(2026, 12, 31), False),
        ("2026年6月", date(2026, 6, 30), False),
        ("２０２６年９月", date(2026, 9, 30), False),
        ("2026年3月15日前", date(2026, 3, 15), False),
        ("2026年上半年", date(2026, 6, 30), False),
        ("2026年第三季度", date(2026, 9, 30), False),
        ("上半年", date(2025, 6, 30), False),
        ("第四季度", date(2025, 12, 31), False),
        ("三季度末", date(2025, 9, 30), False),
        ("年内", date(2025, 12, 31), False),
        ("年底前", date(2025, 12, 31), False),
        ("10月底前", date(2025, 10, 31), False),
        ("2025—2027年", date(2027, 12, 31), False),
        ("2025-2027年", date(2027, 12, 31), False),
        ("2026年6月底前完成试点，2026年底前全面推开", date(2026, 12, 31), False),
        ("2025年起持续推进", None, True),
        ("持续推进", None, True),
        ("长期坚持", None, True),
        ("长期", None, True),
        ("常态化", None, True),
        ("每季度", None, True),
        ("", None, False),
    ],
)
def test_deadline_phrases(written: str, deadline: date | None, ongoing: bool) -> None:
    reading = read_note_deadline(written, 2025)
    assert (reading.deadline, reading.ongoing, reading.invalid) == (deadline, ongoing, False)


def test_year_words_need_a_plan_year() -> None:
    assert read_note_deadline("年底前", None).deadline is None


@pytest.mark.parametrize("written", ["2026年2月30日", "2026年13月", "2月30日"])
def test_an_impossible_date_is_flagged(written: str) -> None:
    reading = read_note_deadline(written, 2026)
    assert reading.deadline is None and reading.invalid
