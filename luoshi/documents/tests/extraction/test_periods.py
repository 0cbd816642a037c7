"""The periods step: review or plan mode and the year of each section."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from luoshi.documents.extraction.datatypes import DocumentMeta, WorkingDocument
from luoshi.documents.extraction.periods import assign_periods

from .builders import section


def _run(
    text: str,
    *titles: tuple[str, int, int | None],
    when: date | None = date(2024, 1, 10),
    kind: str = "work_report",
) -> list[tuple[str, str | None, str | None]]:
    """titles: (title, index, parent index)."""
    built: dict[int, object] = {}
    sections = []
    for title, index, parent in titles:
        parent_section = built.get(parent) if parent else None
        made = section(text, title, index=index, level=2 if parent else 1, parent=parent_section)  # type: ignore[arg-type]
        built[index] = made
        sections.append(made)
    meta = DocumentMeta(kind=kind, date=when)  # type: ignore[arg-type]  # literal kinds in tests
    result = assign_periods(WorkingDocument(text=text, meta=meta, sections=tuple(sections)))
    return [(s.title, s.mode, s.period) for s in result.sections]


def test_review_and_plan_headings_with_years_set_their_periods() -> None:
    text = "2023年工作回顾\n着力稳增长\n2024年重点工作\n坚持创新驱动\n"
    assert _run(
        text,
        ("2023年工作回顾", 1, None),
        ("着力稳增长", 2, 1),
        ("2024年重点工作", 3, None),
        ("坚持创新驱动", 4, 3),
    ) == [
        ("2023年工作回顾", "review", "2023"),
        ("着力稳增长", "review", "2023"),
        ("2024年重点工作", "plan", "2024"),
        ("坚持创新驱动", "plan", "2024"),
    ]


def test_headings_without_years_take_the_document_year_and_the_year_before() -> None:
    text = "过去一年工作回顾\n今年工作安排\n"
    assert _run(text, ("过去一年工作回顾", 1, None), ("今年工作安排", 2, None), when=date(2025, 1, 15)) == [
        ("过去一年工作回顾", "review", "2024"),
        ("今年工作安排", "plan", "2025"),
    ]


def test_a_top_level_part_after_the_plan_continues_the_plan() -> None:
    text = "2024年工作安排\n加强政府自身建设\n"
    assert _run(text, ("2024年工作安排", 1, None), ("加强政府自身建设", 2, None))[1] == (
        "加强政府自身建设",
        "plan",
        "2024",
    )


def test_a_five_year_plan_part_has_no_single_year() -> None:
    text = "今后五年的目标任务\n"
    assert _run(text, ("今后五年的目标任务", 1, None)) == [("今后五年的目标任务", "plan", None)]


def test_sections_without_cues_have_no_mode() -> None:
    text = "一是坚持错位发展\n"
    result = _run(text, ("一是坚持错位发展", 1, None), kind="press_conference")
    assert result == [("一是坚持错位发展", None, None)]


def test_question_blocks_do_not_set_modes() -> None:
    text = "今年工作成绩如何？\n"
    sec = replace(section(text, "今年工作成绩如何？", index=1), kind="qa")
    meta = DocumentMeta(kind="press_conference", date=date(2024, 9, 1))
    result = assign_periods(WorkingDocument(text=text, meta=meta, sections=(sec,)))
    assert result.sections[0].mode is None
