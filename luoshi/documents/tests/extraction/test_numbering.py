"""Numbered units, their levels, heading flags and parents (table tests)."""

from __future__ import annotations

import pytest

from luoshi.documents.extraction.numbering import find_numbered_units


@pytest.mark.parametrize(
    ("line", "rank"),
    [
        ("第一部分 总体要求", 0),
        ("一、总体要求", 1),
        ("十二、其他", 1),
        ("（一）加强领导", 2),
        ("(三)加强领导", 2),
        ("1.建设平台", 3),
        ("12、建设平台", 3),
        ("３．建设平台", 3),
        ("（1）建设平台", 4),
        ("(2)建设平台", 4),
        ("①建设平台", 5),
        ("  2.建设平台", 3),
    ],
)
def test_markers_and_their_levels(line: str, rank: int) -> None:
    (unit,) = find_numbered_units(line)
    assert unit.rank == rank


@pytest.mark.parametrize("line", ["1.5亿元资金已到位", "2025年完成建设", "一是加强领导", "内容（一）在句中"])
def test_numbers_that_are_not_markers(line: str) -> None:
    assert find_numbered_units(line) == ()


def test_a_unit_is_a_heading_when_the_next_is_deeper() -> None:
    text = "一、甲\n1.子一\n2.子二\n二、乙\n（一）丙\n（1）丁\n三、戊\n"
    units = find_numbered_units(text)
    assert [unit.heading for unit in units] == [True, False, False, True, True, False, False]
    assert [unit.parent for unit in units] == [None, 0, 0, None, 3, 4, None]
    assert text[units[1].start : units[1].block_end] == "1.子一\n"
