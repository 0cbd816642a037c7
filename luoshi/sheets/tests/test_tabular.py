"""What a third flow needs from the reader: a header on row 3 under merged title rows, a merged
category column, and a reviewer's mapping for a header no column knew (the task-division table)."""

from __future__ import annotations

import io

from openpyxl import Workbook

from luoshi.sheets.tabular import Column, read_sheet

COLUMNS = [
    Column("category", "类别", fill_down=True),
    Column("title", "任务内容", aliases=("工作任务",), required=True),
    Column("lead", "牵头单位", required=True),
    Column("deadline", "完成时限"),
]


def _division_table() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["2024年重点任务分工表"])
    sheet.merge_cells("A1:E1")
    sheet.append(["", "", "", "", "单位:项"])
    sheet.append(["类别", "工作任务", "牵头单位", "时间节点", "完成时限"])
    sheet.append(["一、产业创新", "建设海河实验室", "区科技局", "6月", "2024-12-31"])
    sheet.append([None, "培育专精特新企业", "区工信局", "9月", "2024-12-31"])
    sheet.append(["二、港口航运", "拓展航线", "港口集团", "12月", "2024-12-31"])
    sheet.merge_cells("A4:A5")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_header_on_row_three_is_found_and_merged_categories_fill_down() -> None:
    table, problems = read_sheet(_division_table(), COLUMNS)
    assert problems == [] and table is not None
    assert table.header_row == 3 and table.title_unit == "项"
    assert [(r.cells["category"], r.cells["title"]) for r in table.rows] == [
        ("一、产业创新", "建设海河实验室"), ("一、产业创新", "培育专精特新企业"), ("二、港口航运", "拓展航线")]


def test_an_unknown_header_is_listed_and_a_reviewer_mapping_takes_it() -> None:
    table, _problems = read_sheet(_division_table(), COLUMNS)
    assert table is not None and table.unknown_headers == ["时间节点"]
    columns = [*COLUMNS, Column("milestone", "节点")]
    mapped, _problems = read_sheet(_division_table(), columns, aliases={"时间节点": "milestone"})
    assert mapped is not None and mapped.unknown_headers == []
    assert [r.cells["milestone"] for r in mapped.rows] == ["6月", "9月", "12月"]
