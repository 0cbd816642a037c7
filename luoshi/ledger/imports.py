"""A task-division table (任务分工表) in Excel or Word, read into the drafts of a new document.

Layout (offices' tables look like it; the export writes it): optional title rows (merged or not),
then a header naming the columns by the words offices use — 序号, 类别, 任务内容 (任务 / 工作任务 /
具体举措 …, required), 牵头单位, 配合单位, 责任单位, 责任人, 完成时限 (时间节点 …), 预期成效
(工作目标 …), 上级任务编号 — then one row per task. A category is a 类别 column (merged over its
tasks: read down) or a category row (一、… / （一）… alone in its row). A .docx is read through
its tables (python-docx), each as a sheet, by the same reader.

The words of the columns are those of the text reader of tables (documents.extraction.tasktable),
and the units, deadlines and person of a row are read by the same grammar as a plan's notes, so a
table and a plan give the same drafts. A header no column knows is shown on the preview, where a
reviewer maps it once (sheets.HeaderAlias).

Problems that stop the import (nothing written): no task column, a row with units but no task
text (a merged cell hiding rows), a parent code that names no task the user can see, the same
table imported before. What a reviewer must look at but may confirm later is flagged on the draft
and listed as a notice: a deadline that is not a date (2025年2月30日), a row naming no unit, a
unit the directory lacks (proposed on the review page).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from luoshi.core.clock import business_today
from luoshi.core.uploads import ArchiveRefused, archive_check, archive_message
from luoshi.documents.choices import DocumentKind, DraftProblem
from luoshi.documents.models import Document, DraftMeasure
from luoshi.documents.services import CATEGORY_SEPARATOR, content_hash
from luoshi.ledger.choices import TaskLevel
from luoshi.ledger.models import Task
from luoshi.ledger.models.tasks import LEVEL_ORDER
from luoshi.ledger.offices import office_for_new_plan
from luoshi.ledger.permissions import tasks_visible_to
from luoshi.ledger.services import UnitResolver, draft_parent_set
from luoshi.ledger.services.drafts import MSG_PARENT_LOWER_LEVEL
from luoshi.sheets.pending import ImportPreview, ImportRefused, RowChange, header_aliases, preview_read
from luoshi.sheets.tabular import Column, Problem, ReadError, SheetRow, cell_text

KIND = "task_division"

COLUMNS: tuple[Column, ...] = (
    Column("serial", "序号", ("编号",), width=6),
    Column("category", "类别", ("任务类别", "分类", "领域", "板块", "任务分类"), fill_down=True),
    Column("task", "任务内容", (
        "任务", "工作任务", "重点任务", "主要任务", "具体任务", "具体举措", "具体措施", "工作措施", "改革举措",
        "任务名称", "任务事项", "工作内容", "工作事项", "重点工作", "举措", "措施", "主要措施", "重点举措",
    ), required=True, width=50),
    Column("lead", "牵头单位", ("牵头部门", "牵头责任单位", "主责单位", "主责部门")),
    Column("co", "配合单位", ("配合部门", "配合责任单位", "协办单位", "参与单位", "协同单位")),
    Column("responsible", "责任单位", ("责任部门", "责任主体")),
    Column("person", "责任人", ("责任领导", "分管领导")),
    Column("deadline", "完成时限", ("完成时间", "完成期限", "时间节点", "时限", "时序进度", "进度安排")),
    Column("outcome", "预期成效", ("预期效果", "预期目标", "工作目标", "成果形式")),
    Column("parent_code", "上级任务编号", ("上级任务", "上级编号", "对应上级任务编号", "对应上级任务")),
    Column("remark", "备注"),
)
LABELS = {column.key: column.label for column in COLUMNS}
UNIT_COLUMNS = ("lead", "co", "responsible")
# A table names no issuer: its drafts are the district's, as an unsigned plan's are
# (ledger.services.drafts.level_for_document).
TABLE_LEVEL = TaskLevel.DISTRICT

MSG_TASK_EMPTY = gettext_lazy("任务内容为空,但本行写有其他内容:可能是合并单元格隐藏了行,请拆分合并单元格后重新导入。")
MSG_PARENT_UNKNOWN = gettext_lazy("上级任务编号“%(code)s”不存在或您无权查看。")
MSG_ALREADY_IMPORTED = gettext_lazy("该表已导入过(文件“%(title)s”),未重复导入。")
MSG_NO_ROWS = gettext_lazy("表中没有任务行。")
MSG_NOT_A_TABLE_FILE = gettext_lazy("请上传 Excel 工作簿(.xlsx)或含任务分工表的 Word 文件(.docx)。")
MSG_NO_WORD_TABLE = gettext_lazy("Word 文件中没有表格。")

# A category row: 一、… / （一）… / 第一部分 … written alone in its row.
_CATEGORY_ROW_RE = re.compile(r"^(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百]+[）)]|第[一二三四五六七八九十]+[部分类项])")
_YEAR_RE = re.compile(r"((?:19|20)\d\d)年")
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")


@dataclass
class TableRow:
    """One row of the table as the drafts will hold it."""

    number: int
    title: str
    text: str
    category: str = ""
    heading: bool = False
    lead: str = ""
    co: list[str] = field(default_factory=list)
    person: str = ""
    outcome: str = ""
    deadline: date | None = None
    deadline_text: str = ""
    ongoing: bool = False
    parent: Task | None = None
    problems: list[str] = field(default_factory=list)


def is_docx(data: bytes) -> bool:
    if not data.startswith(b"PK"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def docx_tables_as_workbook(data: bytes) -> bytes:
    """The tables of a .docx, one sheet each, as an .xlsx the sheet reader reads. A cell merged
    across columns is kept once (the others blank); one merged down repeats, as Word reads it.
    Raises ReadError for a zip bomb, a damaged file or a document without tables."""
    try:
        archive_check(data)
    except ArchiveRefused as exc:
        raise ReadError(archive_message(exc)) from exc
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        tables = [[[cell for cell in row.cells] for row in table.rows] for table in document.tables]
    except Exception as exc:  # python-docx raises many kinds for a damaged file
        raise ReadError(str(MSG_NOT_A_TABLE_FILE)) from exc
    if not tables:
        raise ReadError(str(MSG_NO_WORD_TABLE))
    workbook = Workbook()
    workbook.remove(workbook.active)
    for index, rows in enumerate(tables, start=1):
        sheet = workbook.create_sheet(f"表{index}")
        for cells in rows:
            seen: set[int] = set()
            values: list[str | None] = []
            for cell in cells:
                values.append(None if id(cell._tc) in seen else cell.text)
                seen.add(id(cell._tc))
            sheet.append(values)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _unit_cell(value: Any) -> str:
    """A unit cell as one list: line breaks and semicolons between units become 、."""
    return re.sub(r"[；;]", "、", _LINE_BREAKS.sub("、", cell_text(value))).strip("、")


def _plan_year(filename: str) -> int:
    found = _YEAR_RE.search(filename)
    return int(found.group(1)) if found else business_today().year


def _read_rows(sheet_rows: list[SheetRow], user: Any, year: int, preview: ImportPreview,
               resolver: UnitResolver, written: dict[str, str]) -> list[TableRow]:
    """The table's rows as drafts-to-be, with every blocking problem in preview.problems and
    every flag in preview.notices, each naming the column as the sheet writes it (`written`)."""
    labels = {**LABELS, **written}
    from luoshi.documents.extraction.deadlines import read_note_deadline
    from luoshi.documents.extraction.responsibility import read_note

    visible = tasks_visible_to(user)
    codes = {cell_text(row.cells.get("parent_code")) for row in sheet_rows} - {""}
    parents = {task.code: task for task in visible.filter(code__in=codes)} if codes else {}
    rows: list[TableRow] = []
    category_row = ""
    for sheet_row in sheet_rows:
        cells = sheet_row.cells
        task_text = _LINE_BREAKS.sub("", cell_text(cells.get("task")))
        serial = cell_text(cells.get("serial"))
        units = {key: _unit_cell(cells.get(key)) for key in UNIT_COLUMNS}
        others = [cell_text(cells.get(key)) for key in ("deadline", "person", "outcome", "parent_code")]
        lone = [text for text in (serial, task_text, cell_text(cells.get("category"))) if text]
        if not any(units.values()) and not any(others) and len(set(lone)) == 1 and _CATEGORY_ROW_RE.match(lone[0]):
            category_row = _CATEGORY_ROW_RE.sub("", lone[0]).strip()
            rows.append(TableRow(sheet_row.number, category_row[:300], lone[0], heading=True))
            continue
        if not task_text:
            if any(units.values()) or any(others):
                preview.problems.append(Problem(sheet_row.number, labels["task"], str(MSG_TASK_EMPTY)))
            continue
        note_text = "；".join(f"{LABELS[key]}：{value}" for key, value in units.items() if value)
        note = read_note(note_text, order_rule=False) if note_text else None
        leads = list(note.lead_units) if note else []
        row = TableRow(
            sheet_row.number, re.split(r"[。；;]", task_text, maxsplit=1)[0][:300], task_text,
            category=cell_text(cells.get("category")) or category_row,
            lead=leads[0] if leads else "", co=[*leads[1:], *(note.co_units if note else ())],
            person=cell_text(cells.get("person"))[:100], outcome=cell_text(cells.get("outcome")),
        )
        if len(leads) > 1:
            row.problems.append(DraftProblem.SEVERAL_LEAD_UNITS)
        if not leads and not row.co:
            row.problems.append(DraftProblem.NOTE_WITHOUT_UNIT)
            preview.notices.append(Problem(sheet_row.number, labels["lead"], _("未写明牵头或责任单位。")))
        _read_deadline(row, cells.get("deadline"), year, read_note_deadline, preview, labels["deadline"])
        code = cell_text(cells.get("parent_code"))
        if code:
            row.parent = parents.get(code)
            if row.parent is None:
                preview.problems.append(Problem(sheet_row.number, labels["parent_code"],
                                                str(MSG_PARENT_UNKNOWN) % {"code": code}))
            elif LEVEL_ORDER.get(row.parent.level, 0) > LEVEL_ORDER[TABLE_LEVEL]:
                preview.problems.append(Problem(sheet_row.number, labels["parent_code"], str(MSG_PARENT_LOWER_LEVEL) % {
                    "title": row.title, "parent": row.parent.title}))
        for name in resolver.unresolved([row.lead, *row.co]):
            preview.notices.append(Problem(sheet_row.number, labels["lead"], _(
                "单位“%(name)s”不在单位名录中:导入后请在审核页新建该单位或对应到已有单位。") % {"name": name}))
        rows.append(row)
    return rows


def _read_deadline(row: TableRow, value: Any, year: int, read_note_deadline: Any, preview: ImportPreview,
                   label: str) -> None:
    if isinstance(value, date):  # a date cell (datetime is a date too)
        row.deadline = value.date() if hasattr(value, "date") else value
        row.deadline_text = row.deadline.isoformat()
        return
    text = cell_text(value)
    if not text:
        return
    reading = read_note_deadline(text, year)
    row.deadline, row.ongoing, row.deadline_text = reading.deadline, reading.ongoing, text[:50]
    if reading.invalid:
        row.problems.append(DraftProblem.INVALID_DEADLINE)
        preview.notices.append(Problem(row.number, label, _("“%(text)s”不是有效日期。") % {"text": text}))


def _document_text(title: str, rows: list[TableRow]) -> tuple[str, list[tuple[int, int]]]:
    """The table written out as text, a line per row (what the review page quotes), and each
    row's span in it."""
    parts = [title]
    spans: list[tuple[int, int]] = []
    position = len(title) + 1
    for row in rows:
        line = row.text if row.heading else "\t".join(
            value for value in (row.text, row.lead, "、".join(row.co), row.person, row.deadline_text, row.outcome)
            if value)
        spans.append((position, position + len(line)))
        parts.append(line)
        position += len(line) + 1
    return "\n".join(parts), spans


def tasktable_import(*, data: bytes, user: Any, filename: str, commit: bool) -> ImportPreview:
    """Preview (nothing written) or commit a task-division table: on commit, one new document of
    the plan's rows with a draft per row (a heading draft per category), each row's parent code
    chosen for its draft, all or nothing (ImportRefused while any problem remains). The
    preview's done_url is the new document's review page."""
    file_kind = "xlsx"
    if is_docx(data):
        file_kind = "docx"
        try:
            data = docx_tables_as_workbook(data)
        except ReadError as exc:
            return ImportPreview(kind=KIND, filename=filename, problems=[Problem(None, "", str(exc.message))])
    preview, sheet = preview_read(data, kind=KIND, filename=filename, columns=COLUMNS, aliases=header_aliases(KIND))
    preview.column_choices = [(column.key, column.label) for column in COLUMNS]
    if sheet is None:
        return preview
    resolver = UnitResolver()
    rows = _read_rows(sheet.rows, user, _plan_year(filename), preview, resolver, sheet.labels)
    if not any(not row.heading for row in rows) and not preview.problems:
        preview.problems.append(Problem(None, "", str(MSG_NO_ROWS)))
    title = Path(filename).stem[:300] or _("任务分工表")
    text, spans = _document_text(title, rows)
    existing = Document.objects.filter(content_hash=content_hash(text)).first()
    if existing is not None:
        preview.problems.append(Problem(None, "", str(MSG_ALREADY_IMPORTED) % {"title": existing.title}))
    for row in rows:
        cells = [(LABELS["task"], "", row.title)] if not row.heading else [(LABELS["category"], "", row.title)]
        cells += [(LABELS[key], "", value) for key, value in (
            ("lead", row.lead), ("co", "、".join(row.co)), ("person", row.person),
            ("deadline", row.deadline.isoformat() if row.deadline else ("持续推进" if row.ongoing else row.deadline_text)),
            ("outcome", row.outcome), ("parent_code", row.parent.code if row.parent else "")) if value]
        preview.changes.append(RowChange(row.number, row.title, "create", cells))
    if not commit:
        return preview
    if preview.problems:
        raise ImportRefused(preview)
    with transaction.atomic():
        document = _drafts_write(title, text, spans, rows, user, file_kind, filename)
    preview.applied = True
    preview.done_url = reverse("ledger:review", args=[document.pk])
    return preview


def _drafts_write(title: str, text: str, spans: list[tuple[int, int]], rows: list[TableRow], user: Any,
                  file_kind: str, filename: str) -> Document:
    document = Document.objects.create(
        title=title, kind=DocumentKind.POLICY, filename=filename[:255], file_kind=file_kind, encoding="",
        text=text, content_hash=content_hash(text), structure={"sections": [], "warnings": []},
        created_by=user if getattr(user, "is_authenticated", False) else None,
        office=office_for_new_plan(user),  # the table is the plan of the uploader's office
    )
    headings: dict[str, DraftMeasure] = {}
    current: DraftMeasure | None = None
    for row, (start, end) in zip(rows, spans, strict=True):
        if row.heading:
            current = DraftMeasure.objects.create(document=document, title=row.title, text=text[start:end],
                                                  start=start, end=end, heading=True, section_path=[])
            headings[row.title] = current
            continue
        parent = current
        if row.category and (parent is None or parent.title != row.category):
            parent = headings.get(row.category)
            if parent is None:  # a 类别 column: its first row starts the heading
                parent = DraftMeasure.objects.create(document=document, title=row.category[:300],
                                                     text=text[start:start], start=start, end=start, heading=True)
                headings[row.category] = parent
        path = [parent.title] if parent is not None else []
        measure = DraftMeasure.objects.create(
            document=document, title=row.title, text=text[start:end], start=start, end=end, heading=False,
            parent=parent, section_path=path, category=CATEGORY_SEPARATOR.join(path)[:200],
            lead_unit_name=row.lead[:200], co_unit_names=row.co, responsible_person_name=row.person,
            expected_outcome=row.outcome, deadline=row.deadline, deadline_text=row.deadline_text,
            ongoing=row.ongoing, problems=[str(problem) for problem in row.problems],
        )
        if row.parent is not None:
            draft_parent_set(measure=measure, parent_id=row.parent.pk, user=user)
    return document
