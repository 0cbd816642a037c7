"""Explicit references in a measure's text: task codes and numbers after a word that says so."""

from __future__ import annotations

import pytest

from luoshi.ledger.linking.references import (
    find_codes,
    find_references,
    numbering_from_markers,
    plan_matches,
    read_marker,
    strip_references,
)


@pytest.mark.parametrize(
    ("text", "path", "plan"),
    [
        ("推动保税维修扩围（对应国家政策措施第3条）", (3,), "国家政策措施"),
        ("落实《若干政策措施》第二部分第（三）项", (2, 3), "若干政策措施"),
        ("按照市级方案第（五）项要求，推进码头建设", (5,), "市级方案"),
        ("承接上级第十二条任务", (12,), "上级"),
        ("细化第３条", (3,), ""),
        ("对应第二十一条", (21,), ""),
    ],
)
def test_it_reads_a_reference_after_a_trigger_word(text: str, path: tuple[int, ...], plan: str) -> None:
    (reference,) = find_references(text)
    assert (reference.path, reference.plan) == (path, plan)


@pytest.mark.parametrize(
    "text",
    [
        "第一批项目年内开工",  # 批 is no reference unit
        "三季度完成。第3条",  # no trigger word in the clause
        "对应任务已完成。第5项工作由区里负责",  # the trigger stands in the previous sentence
        "推进码头建设",
    ],
)
def test_it_ignores_numbers_that_are_no_reference(text: str) -> None:
    assert find_references(text) == ()


def test_it_reads_two_references_in_one_text() -> None:
    paths = [r.path for r in find_references("对应第3条、第5条")]
    assert paths == [(3,), (5,)]


def test_it_quotes_the_reference_as_written() -> None:
    (reference,) = find_references("扩大保税维修（对应国家政策措施第3条）")
    assert reference.snippet == "对应国家政策措施第3条"


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("承接2024-N-0003任务", ("2024-N-0003",)),
        ("对应2024-c-12和2024-C-12", ("2024-C-12",)),
        ("２０２４-N-０００３", ("2024-N-0003",)),
        ("编号12024-N-00031不是", ()),
        ("电话022-12345678", ()),
    ],
)
def test_it_finds_task_codes(text: str, codes: tuple[str, ...]) -> None:
    assert find_codes(text) == codes


def test_it_strips_codes_and_references_from_the_phrase_text() -> None:
    stripped = strip_references("扩大保税维修（对应第3条，2024-N-0003）")
    assert "第3条" not in stripped and "2024" not in stripped and "保税维修" in stripped


@pytest.mark.parametrize(
    ("named", "title", "matches"),
    [
        ("国家政策措施", "关于支持天津滨海新区高质量发展的若干政策措施", True),
        ("", "任何计划", True),
        ("市级方案", "", True),
        ("区级行动清单", "关于支持天津滨海新区高质量发展的若干政策措施", False),
    ],
)
def test_it_checks_the_plan_a_reference_names(named: str, title: str, matches: bool) -> None:
    assert plan_matches(named, title) is matches


@pytest.mark.parametrize(
    ("marker", "number"),
    [
        ("一、", 1),
        ("（三）", 3),
        ("(12)", 12),
        ("3.", 3),
        ("３．", 3),
        ("第二部分", 2),
        ("四是", 4),
        ("第十五条", 15),
        ("附件", None),
        ("", None),
    ],
)
def test_it_reads_structure_markers(marker: str, number: int | None) -> None:
    assert read_marker(marker) == number


def test_it_builds_a_numbering_path_from_markers() -> None:
    assert numbering_from_markers(("二、", "（三）", "附表", "1.")) == (2, 3, 1)
