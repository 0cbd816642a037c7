"""Reading and writing the spreadsheets offices keep (shared by the indicators and projects imports).

An office sheet has, from the top: optional title rows (often one merged cell such as
"2024年重点指标完成情况表", perhaps with "单位:万元"), one header row of Chinese column names,
then one row per record. Column names vary a little between offices (实际值 / 本期值 / 累计值),
may carry a unit in brackets (总投资(亿元)) and a required-mark (*). This module finds the
header row, maps each header to a known column, reads the cells and turns them into typed
values, collecting every problem with its row number, column name and a message in Chinese.
It writes exports in the same layout (title row merged across the columns, header, rows) so
that export → edit → import round-trips.

It knows nothing about indicators or projects: callers pass their columns and read values.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from luoshi.core.periods import month_end
from luoshi.core.units import normalize_unit
from luoshi.core.uploads import ArchiveRefused, archive_check, archive_message

HEADER_SCAN_ROWS = 15
# Columns read per row: office tables have a few dozen; a sheet claiming 16,384 is not read past this.
MAX_COLUMNS = 200
# Blank rows in a row after which the table is taken to have ended.
MAX_BLANK_RUN = 1000
# Text that a spreadsheet program would run as a formula, or that tools read as one (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

MSG_NOT_XLSX = gettext_lazy("文件不是 Excel 工作簿(.xlsx)。旧版 .xls 文件请在 Excel 中另存为 .xlsx 后再导入。")
MSG_TOO_MANY_ROWS = gettext_lazy("工作表超过 %(limit)s 行,请拆分后分批导入。")
MSG_NO_HEADER = gettext_lazy("未找到表头:工作簿中没有同时包含这些列的表头行:%(columns)s。")
MSG_HEADER_MISSING = gettext_lazy("表头缺少必填列:%(columns)s。")
MSG_DUPLICATE_COLUMN = gettext_lazy("表头中“%(label)s”列出现了不止一次。")
MSG_NUMBER = gettext_lazy("应为数字,实际为“%(text)s”。")
MSG_DATE = gettext_lazy("应为日期(如 2024-03-15),实际为“%(text)s”。")
MSG_REQUIRED = gettext_lazy("不能为空。")

_SPACES = re.compile(r"[\s\u3000]+")
_HEADER_UNIT = re.compile(r"^(.*?)\(([^()]*)\)$")
_TITLE_UNIT = re.compile(r"单位\s*[::]\s*([^\s,,;;()()]+)")
_FULL_WIDTH = str.maketrans("0123456789.,-+%", "0123456789.,-+%")
_NUMBER_WITH_UNIT = re.compile(r"^([-+]?\d+(?:\.\d+)?)\s*([^\d\s].*)?$")
_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:[-/.月]\s*(\d{1,2})\s*日?)?\s*(?:月)?$")
_BLANKS = {"", "-", "—", "——", "/", "无", "N/A", "n/a"}


class ReadError(Exception):
    """The file is not a workbook this module can read; the message says so in Chinese."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Column:
    """A column an import understands. `label` is the header written on export; `aliases` are
    other headers offices use. `unit` is the unit values are stored in; a header that names
    another unit in brackets (总投资(亿元)) makes the reader report that unit for the column."""

    key: str
    label: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    unit: str = ""
    width: int = 14
    # A merged cell spanning rows (a category over its tasks) reads as a value on its first row
    # and blanks below: with fill_down, each blank takes the value above it.
    fill_down: bool = False

    def names(self) -> set[str]:
        return {normalize_header(n)[0] for n in (self.label, *self.aliases)}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the workbook: Excel row number (None for the whole sheet), the column
    as the sheet names it ("" for the whole row) and what is wrong, in Chinese."""

    row: int | None
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class SheetRow:
    """One data row: its Excel row number and raw cell values by column key."""

    number: int
    cells: dict[str, Any]

    def is_blank(self) -> bool:
        return all(is_blank(v) for v in self.cells.values())


@dataclass
class Sheet:
    """The table found in a workbook: which sheet, where the header is, what each column is."""

    name: str
    header_row: int
    labels: dict[str, str]  # column key -> header as written in the file
    units: dict[str, str]  # column key -> unit named in the header (or the title's 单位:…)
    rows: list[SheetRow] = field(default_factory=list)
    title_unit: str = ""
    unknown_headers: list[str] = field(default_factory=list)  # header cells no column took, as written


def normalize_header(text: Any) -> tuple[str, str]:
    """(name, unit) of a header cell: spaces and marks removed, full-width brackets folded,
    a trailing bracketed unit split off. 总投资（亿元）* → ("总投资", "亿元")."""
    raw = "" if text is None else str(text)
    raw = raw.replace("（", "(").replace("）", ")").replace("*", "").replace("★", "")
    raw = _SPACES.sub("", raw)
    match = _HEADER_UNIT.match(raw)
    if match and match.group(1):
        return match.group(1), normalize_unit(match.group(2))
    return raw, ""


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() in _BLANKS)


def open_workbook(data: bytes) -> Any:
    """The workbook in read-only, values-only mode (rows are streamed, never all in memory).
    Raises ReadError for anything not .xlsx, and for a zip bomb before openpyxl inflates it."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ReadError(MSG_NOT_XLSX)
    try:
        archive_check(data)
    except ArchiveRefused as exc:
        raise ReadError(archive_message(exc)) from exc
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign zip
        raise ReadError(MSG_NOT_XLSX) from exc


def _match_header(cells: Sequence[Any], columns: Sequence[Column], dynamic: re.Pattern[str] | None,
                  aliases: Mapping[str, str]) -> tuple[dict[str, int], dict[str, str], dict[str, str], list[str],
                                                       list[str]]:
    """Map header cells to column keys:
    (key → index, key → written label, key → unit, duplicates, unknown headers)."""
    lookup: dict[str, str] = {}
    for column in columns:
        for name in column.names():
            lookup[name] = column.key
    for header, column_key in aliases.items():
        lookup[normalize_header(header)[0]] = column_key
    positions: dict[str, int] = {}
    labels: dict[str, str] = {}
    units: dict[str, str] = {}
    duplicates: list[str] = []
    unknown: list[str] = []
    for index, cell in enumerate(cells):
        if is_blank(cell):
            continue
        name, unit = normalize_header(cell)
        key = lookup.get(name)
        if key is None and dynamic is not None:
            match = dynamic.match(name)
            if match:
                key = "dyn:" + "|".join(g or "" for g in match.groups())
        if key is None:
            unknown.append(str(cell).strip())
            continue
        if key in positions:
            duplicates.append(str(cell).strip())
            continue
        positions[key] = index
        labels[key] = str(cell).strip()
        if unit:
            units[key] = unit
    return positions, labels, units, duplicates, unknown


def read_sheet(data: bytes, columns: Sequence[Column], *, dynamic: re.Pattern[str] | None = None,
               aliases: Mapping[str, str] | None = None, max_rows: int = 100_000) -> tuple[Sheet | None, list[Problem]]:
    """Find the table in the workbook and read its rows.

    Every sheet is searched, top to bottom, for the first row within HEADER_SCAN_ROWS that holds
    all required columns. Rows above it are title rows: they are skipped, except that a
    "单位:万元" found in them becomes `title_unit`. `dynamic` matches further headers (such as
    1月…12月); their keys are "dyn:" + the groups of the match joined by "|". `aliases` maps
    further headers to column keys (a reviewer's choice for a header no column knew, kept and
    passed again next time); headers still unknown are listed in `Sheet.unknown_headers`.
    Returns (None, problems) when no such header exists, naming the best candidate's missing
    columns. Raises ReadError for a file that is not an .xlsx workbook.
    """
    workbook = open_workbook(data)
    required = [c for c in columns if c.required]
    best: tuple[int, str, int, list[str]] | None = None  # (found, sheet, row, missing labels)
    try:
        for worksheet in workbook.worksheets:
            worksheet.reset_dimensions()  # some writers record a wrong size; read to the real end
            title_texts: list[str] = []
            rows = worksheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
            for row_number, cells in enumerate(rows, start=1):
                if row_number > HEADER_SCAN_ROWS:
                    break
                positions, labels, units, duplicates, unknown = _match_header(cells, columns, dynamic, aliases or {})
                missing = [c.label for c in required if c.key not in positions]
                found = len(required) - len(missing)
                if missing:
                    if found and (best is None or found > best[0]):
                        best = (found, worksheet.title, row_number, missing)
                    title_texts.extend(str(c) for c in cells if not is_blank(c))
                    continue
                sheet, problems = _read_body(worksheet.title, rows, row_number, positions, labels, units,
                                             duplicates, title_texts, max_rows,
                                             {c.key for c in columns if c.fill_down})
                sheet.unknown_headers = unknown
                return sheet, problems
    finally:
        workbook.close()
    if best is not None:
        message = MSG_HEADER_MISSING % {"columns": "、".join(best[3])}
        return None, [Problem(best[2], "", _("工作表“%(sheet)s”:") % {"sheet": best[1]} + message)]
    return None, [Problem(None, "", MSG_NO_HEADER % {"columns": "、".join(c.label for c in required)})]


def _read_body(sheet_name: str, rows: Iterable[Sequence[Any]], header_row: int, positions: dict[str, int],
               labels: dict[str, str], units: dict[str, str], duplicates: list[str], title_texts: list[str],
               max_rows: int, fill_down: set[str]) -> tuple[Sheet, list[Problem]]:
    problems = [Problem(header_row, label, MSG_DUPLICATE_COLUMN % {"label": label}) for label in duplicates]
    title_unit = ""
    for text in title_texts:
        match = _TITLE_UNIT.search(text.replace(" ", ""))
        if match:
            title_unit = normalize_unit(match.group(1))
    sheet = Sheet(sheet_name, header_row, labels, units, title_unit=title_unit)
    blank_run = 0
    above: dict[str, Any] = {}
    for row_number, cells in enumerate(rows, start=header_row + 1):
        values = {key: (cells[index] if index < len(cells) else None) for key, index in positions.items()}
        row = SheetRow(row_number, values)
        if row.is_blank():
            # Formatting often reaches far below a table (a sheet may claim a million empty rows):
            # a long run of blank rows ends the table instead of being read to the end.
            blank_run += 1
            if blank_run >= MAX_BLANK_RUN:
                break
            continue
        blank_run = 0
        for key in fill_down & values.keys():
            if is_blank(values[key]):
                values[key] = above.get(key)
            else:
                above[key] = values[key]
        if len(sheet.rows) >= max_rows:
            problems.append(Problem(None, "", MSG_TOO_MANY_ROWS % {"limit": max_rows}))
            break
        sheet.rows.append(row)
    return sheet, problems


class CellError(ValueError):
    """A cell that cannot be read as the type its column needs; the message is in Chinese."""


def cell_text(value: Any) -> str:
    """A cell as trimmed text; whole numbers lose their .0 (a code typed as 1001 stays "1001")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value).strip()


def cell_number(value: Any) -> tuple[Decimal | None, str]:
    """(number, unit written in the cell) — 12.5 → (12.5, ""), "1.2亿元" → (1.2, "亿元"), "" → (None, "").

    Floats go through their shortest representation, so a cell showing 4.8 gives Decimal("4.8")
    and not the binary expansion. Raises CellError for anything else ("约5", "待统计").
    """
    if is_blank(value):
        return None, ""
    if isinstance(value, bool):
        raise CellError(MSG_NUMBER % {"text": value})
    if isinstance(value, int):
        return Decimal(value), ""
    if isinstance(value, float):
        return Decimal(repr(value)), ""
    if isinstance(value, Decimal):
        return value, ""
    text = str(value).strip().translate(_FULL_WIDTH).replace(",", "").replace(" ", "")
    match = _NUMBER_WITH_UNIT.match(text)
    if not match:
        raise CellError(MSG_NUMBER % {"text": str(value).strip()})
    try:
        number = Decimal(match.group(1))
    except InvalidOperation as exc:
        raise CellError(MSG_NUMBER % {"text": str(value).strip()}) from exc
    return number, normalize_unit(match.group(2) or "")


def cell_date(value: Any) -> date | None:
    """A date from a date cell or text (2024-03-15, 2024/3/15, 2024年3月15日; 2024年6月 means the
    month's last day, as plans often give only the month). Raises CellError otherwise."""
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    match = _DATE_TEXT.match(str(value).strip())
    if match:
        year, month = int(match.group(1)), int(match.group(2))
        try:
            if match.group(3):
                return date(year, month, int(match.group(3)))
            return month_end(year, month)
        except ValueError:
            pass
    raise CellError(MSG_DATE % {"text": str(value).strip()})


# --- writing -----------------------------------------------------------------------------------

_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="EEF1F5")


@dataclass(frozen=True)
class ExportColumn:
    label: str
    width: int = 14
    number_format: str = ""


def write_table(title: str, columns: Sequence[ExportColumn], rows: Iterable[Sequence[Any]],
                sheet_title: str = "Sheet1") -> bytes:
    """An .xlsx with the office layout: row 1 the title merged across all columns, row 2 the
    header, then the rows. Returns the file's bytes."""
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = sheet_title[:31]
    width = len(columns)
    sheet.cell(row=1, column=1, value=title).font = Font(bold=True, size=14)
    sheet.cell(row=1, column=1).alignment = Alignment(horizontal="center", vertical="center")
    if width > 1:
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.row_dimensions[1].height = 28
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=2, column=index, value=column.label)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    formats = [c.number_format for c in columns]
    for row_index, values in enumerate(rows, start=3):
        for col_index, value in enumerate(values, start=1):
            cell = sheet.cell(row=row_index, column=col_index)
            cell_write(cell, value)
            cell.border = _BORDER
            if formats[col_index - 1]:
                cell.number_format = formats[col_index - 1]
            elif isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A3"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def cell_write(cell: Any, value: Any) -> None:
    """Put `value` in an openpyxl cell (ordinary or write-only) the way every export must.

    Text is stored as text, never as a formula: a note beginning with = + - @ (or a tab or
    carriage return) gets the string type and Excel's quote prefix, so Excel and LibreOffice show
    the characters as written and keep them text when the cell is edited; the stored value is
    unchanged, so export → import round-trips. Characters XML cannot hold (control characters
    other than tab, line feed and carriage return) are dropped, so stored text never makes an
    export fail. Decimals are written as the float that prints the same digits.
    """
    if isinstance(value, str):
        text = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = text
        if text.startswith(FORMULA_STARTS):
            cell.data_type = "s"
            cell.quotePrefix = True
        return
    cell.value = _excel_value(value)


def _excel_value(value: Any) -> Any:
    # Excel holds numbers as doubles; a Decimal is written as the float that prints the same digits,
    # and read back through repr() (cell_number), so an unedited value round-trips unchanged.
    if isinstance(value, Decimal):
        normalized = value.normalize()
        return int(normalized) if normalized == normalized.to_integral_value() else float(normalized)
    return value
