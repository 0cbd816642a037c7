"""Task-division tables written out as text: one row per task, columns named by header words.

Not a step of its own: :mod:`tasklist` reads the rows of each table it finds beside the numbered
units. A table starts at a header of at least three column words (序号, 重点任务/具体举措…,
牵头单位, 配合单位/责任单位, 责任人, 完成时限/时间节点, 预期成效, 类别), either on one line
separated by tabs, two spaces or ``|``, or one word per line as a Word or web table reads. Rows
follow: a serial number (1, 2, 3…) and the row's cells, on one line or one per line. A category
row (一、…, （一）…, or a cell before the task in a 类别 column) heads the rows after it.

Cells are read by the header's order where every cell is present; where cells are missing (empty
cells of a web or Word table leave no line), by their content: a time phrase is the deadline, a
list of units the next unit column, a short name the responsible person.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from .deadlines import states_deadline
from .responsibility import NoteReading, read_note, split_units
from .task_resources import CLOSING_LINE_RE, GENERIC_UNIT_RE, NUMBERING_RE, UNIT_ENDING_RE

_COLUMNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("serial", re.compile(r"序号|编号")),
    ("category", re.compile(r"(?:任务)?(?:类别|分类|领域|板块)")),
    ("task", re.compile(
        r"(?:重点|主要|工作|具体|改革)?(?:任务|举措|措施|工作)(?:名称|内容|事项)?|具体(?:举措|措施|任务)|工作内容|任务事项"
    )),
    ("lead", re.compile(r"牵头(?:单位|部门|责任单位)|主责(?:单位|部门)")),
    ("co", re.compile(r"配合(?:单位|部门|责任单位)|协办单位|参与单位|协同单位")),
    ("responsible", re.compile(r"责任(?:单位|部门|主体)")),
    ("person", re.compile(r"责任人|责任领导|分管领导")),
    ("deadline", re.compile(r"完成(?:时限|时间|期限)|时间节点|时序进度|时限|进度安排")),
    ("outcome", re.compile(r"预期(?:成效|效果|目标)|工作目标|成果形式")),
    ("remark", re.compile(r"备注")),
)
# Where a header may start: a line that is one column word, or a line naming a unit column
# between separators. Only these lines are tried as headers.
_HEADER_HINT_RE = re.compile(
    r"(?m)^[ \t\u3000]*(?:序号|编号|(?:重点|主要|工作|具体)?任务|牵头单位|责任单位)[ \t\u3000]*$"
    r"|(?:牵头单位|责任单位)(?:\t|[ \u3000]{2,}|[|｜])"
)
_SEPARATOR_RE = re.compile(r"\t+|\s{2,}|\s*[|｜]\s*")
_SERIAL_RE = re.compile(r"[0-9０-９]{1,3}[.．、]?")
_PERSON_RE = re.compile(r"[\u4e00-\u9fff]{2,4}(?:[、，,][\u4e00-\u9fff]{2,4})*")
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


@dataclass(frozen=True, slots=True)
class TableEntry:
    """A category heading or a task row of a table; ``category`` indexes the entry it sits under."""

    start: int
    end: int
    title: str
    heading: bool
    category: int | None = None
    note: NoteReading = NoteReading()


@dataclass(frozen=True, slots=True)
class TaskTable:
    """A table's span in the text and its entries in order."""

    start: int
    end: int
    entries: tuple[TableEntry, ...]


def _column(cell: str) -> str | None:
    cell = cell.strip()
    return next((name for name, pattern in _COLUMNS if pattern.fullmatch(cell)), None)


def _lines(text: str) -> list[tuple[int, int]]:
    lines: list[tuple[int, int]] = []
    position = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            start = position + raw.index(stripped[0])
            lines.append((start, start + len(stripped)))
        position += len(raw) + 1
    return lines


def _header(text: str, lines: list[tuple[int, int]], index: int) -> tuple[list[str], int, bool] | None:
    """(columns, lines the header takes, whether rows are one line each) for a header at ``index``."""
    start, end = lines[index]
    cells = [cell for cell in _SEPARATOR_RE.split(text[start:end]) if cell.strip()]
    if len(cells) >= 3:
        columns = [_column(cell) for cell in cells]
        if all(columns) and "task" in columns and {"lead", "responsible"} & set(columns):
            return [column for column in columns if column], 1, True
    columns_per_line: list[str] = []
    for line_start, line_end in lines[index:]:
        column = _column(text[line_start:line_end])
        if column is None:
            break
        columns_per_line.append(column)
    if len(columns_per_line) >= 3 and "task" in columns_per_line and {"lead", "responsible"} & set(columns_per_line):
        return columns_per_line, len(columns_per_line), False
    return None


def _serial(cell: str) -> int | None:
    cell = cell.strip().translate(_FULL_WIDTH_DIGITS)
    return int(cell.rstrip(".．、")) if _SERIAL_RE.fullmatch(cell) else None


def _unit_like(cell: str) -> bool:
    units = split_units(cell)
    return bool(units) and all(UNIT_ENDING_RE.search(unit) or GENERIC_UNIT_RE.match(unit) for unit in units)


def _read_cells(columns: list[str], cells: list[str], order_rule: bool) -> tuple[str, str | None, NoteReading]:
    """(task text, category cell, note) of a row's cells (the serial already taken off)."""
    wanted = [column for column in columns if column != "serial"]
    values: dict[str, str] = {}
    if len(cells) == len(wanted):
        values = dict(zip(wanted, cells, strict=True))
    else:
        task_at = max(range(len(cells)), key=lambda at: len(cells[at])) if cells else 0
        if task_at > 0 and "category" in wanted:
            values["category"] = cells[0]
        values["task"] = cells[task_at] if cells else ""
        unit_columns = [column for column in wanted if column in ("lead", "co", "responsible")]
        for cell in cells[task_at + 1 :]:
            if "deadline" in wanted and "deadline" not in values and states_deadline(cell) and not _unit_like(cell):
                values["deadline"] = cell
            elif unit_columns and _unit_like(cell):
                values[unit_columns.pop(0)] = cell
            elif "person" in wanted and "person" not in values and _PERSON_RE.fullmatch(cell):
                values["person"] = cell
            elif "outcome" in wanted and "outcome" not in values:
                values["outcome"] = cell
    labels = {"lead": "牵头单位", "co": "配合单位", "responsible": "责任单位", "deadline": "完成时限",
              "person": "责任人", "outcome": "预期成效"}
    note_text = "；".join(f"{labels[column]}：{values[column]}" for column in labels if values.get(column))
    note = read_note(note_text, order_rule=order_rule) if note_text else NoteReading()
    return values.get("task", ""), values.get("category"), note


def find_tables(text: str, order_rule: bool) -> tuple[TaskTable, ...]:
    """Every task-division table written in ``text``, with its category headings and task rows."""
    hints = [match.start() for match in _HEADER_HINT_RE.finditer(text)]
    if not hints:
        return ()
    lines = _lines(text)
    starts = [start for start, _ in lines]
    tables: list[TaskTable] = []
    index = 0
    while index < len(lines):
        if not hints:
            break
        if lines[index][1] < hints[0]:
            index = max(index + 1, bisect_right(starts, hints[0]) - 1)
            continue
        found = _header(text, lines, index)
        while hints and hints[0] <= lines[index][1]:
            hints.pop(0)
        if found is None:
            index += 1
            continue
        columns, taken, one_line_rows = found
        table_start = lines[index][0]
        index += taken
        entries: list[TableEntry] = []
        category: int | None = None
        expected = 1
        last_end = lines[index - 1][1]
        while index < len(lines):
            start, end = lines[index]
            line = text[start:end]
            if CLOSING_LINE_RE.match(line):
                break
            cells = [cell for cell in _SEPARATOR_RE.split(line) if cell.strip()] if one_line_rows else [line]
            serial = _serial(cells[0])
            row_cells: list[str]
            if serial == expected:
                if one_line_rows:
                    row_cells, row_end = cells[1:], end
                    index += 1
                else:
                    row_cells = []
                    row_end = end
                    index += 1
                    while index < len(lines) and len(row_cells) < len(columns) + 1:
                        cell_start, cell_end = lines[index]
                        cell = text[cell_start:cell_end]
                        if _serial(cell) == expected + 1 or NUMBERING_RE.match(cell) or CLOSING_LINE_RE.match(cell):
                            break
                        row_cells.append(cell)
                        row_end = cell_end
                        index += 1
                task, category_cell, note = _read_cells(columns, row_cells, order_rule)
                if category_cell:
                    category_at = text.find(category_cell, start, row_end)
                    entries.append(TableEntry(category_at, category_at + len(category_cell), category_cell, True))
                    category = len(entries) - 1
                title = re.split(r"[。；;，,]", task, maxsplit=1)[0].strip()
                entries.append(TableEntry(start, row_end, title, False, category, note))
                expected += 1
                last_end = row_end
                continue
            if len(cells) == 1 and NUMBERING_RE.match(line) and len(line) <= 40:
                entries.append(TableEntry(start, end, NUMBERING_RE.sub("", line, count=1).strip(), True))
                category = len(entries) - 1
                last_end = end
                index += 1
                continue
            break
        if any(not entry.heading for entry in entries):
            tables.append(TaskTable(table_start, last_end, tuple(entries)))
    return tuple(tables)
