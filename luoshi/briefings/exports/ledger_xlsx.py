"""The ledger (任务台账) as an Excel workbook, in the columns offices send upward.

Rows come from the drill-down filterset, inside the requesting user's visibility, so the file
holds exactly the list on screen. The workbook is written in openpyxl's write-only mode: memory
stays flat for 100,000 rows, and the queries are three whatever the size (tasks with their lead
unit and responsible person, then co-units in chunks).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from luoshi.briefings.selectors import drill_task_list
from luoshi.core.errors import DomainError
from luoshi.ledger.choices import TaskStatus, TrafficLight
from luoshi.ledger.models import Task
from luoshi.sheets.tabular import cell_write

Progress = Callable[[int, str], None]

CHUNK = 2000


def ledger_columns() -> list[tuple[str, int]]:
    """(heading, width) of each column, in the order offices use."""
    return [
        (_("序号"), 6), (_("任务内容"), 48), (_("牵头单位"), 18), (_("配合单位"), 24), (_("责任人"), 10),
        (_("完成时限"), 12), (_("预期成效"), 36), (_("进展情况"), 40), (_("状态"), 14),
    ]


def ledger_progress_text(task: Task) -> str:
    """进展情况: the percent done, then the unit's latest note."""
    parts = []
    if task.progress_percent:
        parts.append(_("完成进度%(p)s%%。") % {"p": task.progress_percent})
    if task.progress_note:
        parts.append(task.progress_note.strip())
    return "".join(parts)


def _labels() -> tuple[dict[str, str], dict[str, str]]:
    """The status and light labels in the active language, made once per export: a model's
    get_FOO_display() rebuilds its choices on every call (a third of an export's time)."""
    return ({k: str(v) for k, v in TaskStatus.choices},
            {k: str(_("（%(light)s）") % {"light": v}) for k, v in TrafficLight.choices})


def ledger_status_text(task: Task, labels: tuple[dict[str, str], dict[str, str]] | None = None) -> str:
    """状态: the status, with the evaluated light when there is one (推进中(滞后))."""
    statuses, lights = labels or _labels()
    text = statuses.get(task.status, task.status)
    if task.light not in {TrafficLight.NONE, ""}:
        text += lights.get(task.light, "")
    return text


def ledger_rows(queryset: QuerySet[Task]) -> Iterator[list[Any]]:
    """One list per task in the column order; 序号 counts from 1."""
    rows = queryset.select_related("lead_unit", "responsible_person").prefetch_related("co_units")
    labels = _labels()
    for number, task in enumerate(rows.iterator(chunk_size=CHUNK), start=1):
        yield [
            number,
            task.title,
            str(task.lead_unit) if task.lead_unit else "",
            "、".join(str(u) for u in task.co_units.all()),
            task.responsible_person.name if task.responsible_person else "",
            task.deadline or (str(_("持续推进")) if task.ongoing else None),
            task.expected_outcome,
            ledger_progress_text(task),
            ledger_status_text(task, labels),
        ]


def ledger_workbook(queryset: QuerySet[Task], *, title: str, progress: Progress | None = None) -> bytes:
    """The workbook bytes: a title line, the header, one row per task of `queryset`."""
    total = queryset.count()
    book = Workbook(write_only=True)
    sheet: Worksheet = book.create_sheet(_("任务台账"))
    columns = ledger_columns()
    for index, (_heading, width) in enumerate(columns):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A3"
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")

    title_cell = WriteOnlyCell(sheet)
    cell_write(title_cell, title)
    title_cell.font = Font(bold=True, size=14)
    sheet.append([title_cell])
    header = []
    for heading, _width in columns:
        cell = WriteOnlyCell(sheet, value=heading)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE3EA")
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center")
        header.append(cell)
    sheet.append(header)
    # Each cell takes a named style registered once: setting its border and alignment one by one
    # hashed them per cell, half the time of an export of 100,000 rows.
    body = NamedStyle(name="ledger_body", border=border, alignment=wrap)
    body_date = NamedStyle(name="ledger_body_date", border=border, alignment=wrap, number_format="yyyy-mm-dd")
    book.add_named_style(body)
    book.add_named_style(body_date)
    for number, values in enumerate(ledger_rows(queryset), start=1):
        cells = []
        for column, value in enumerate(values):
            cell = WriteOnlyCell(sheet)
            cell_write(cell, value)
            cell.style = body_date.name if column == 5 and value is not None else body.name
            cells.append(cell)
        sheet.append(cells)
        if progress and number % 500 == 0:
            progress(int(number * 95 / max(total, 1)), _("已写入 %(n)s / %(total)s 行") % {"n": number, "total": total})
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def ledger_export_filename() -> str:
    return _("任务台账-%(date)s.xlsx") % {"date": timezone.localdate().strftime("%Y%m%d")}


def ledger_export_title(count: int) -> str:
    now = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    return _("任务台账（共 %(count)s 项，导出时间 %(now)s）") % {"count": count, "now": now}


def ledger_export_build(*, user: Any, filters: dict[str, Any], headings: bool = False,
                        progress: Progress | None = None) -> tuple[bytes, int]:
    """The workbook of the tasks `user` sees under `filters`, and its row count: the rows of the
    list it was asked from. That is the drill-down list behind a number (headings left out, as
    they are from the number), unless `headings`: the ledger list, which shows its headings.

    Raises DomainError when the filters do not validate.
    """
    filterset, rows = drill_task_list(user=user, filters=filters, headings=headings)
    if not filterset.is_valid():
        raise DomainError(_("筛选条件不正确。"), code="invalid_filter")
    count = rows.count()
    return ledger_workbook(rows, title=ledger_export_title(count), progress=progress), count


def ledger_export_job(job: Any, progress: Progress) -> Any:
    """Job handler: the export for the job's creator, with their visibility at run time."""
    from luoshi.briefings.jobs import JobOutcome, job_creator

    user = job_creator(job)
    progress(1, _("正在查询任务…"))
    content, count = ledger_export_build(user=user, filters=dict(job.params.get("filters", {})),
                                         headings=bool(job.params.get("headings")), progress=progress)
    return JobOutcome(content=content, filename=ledger_export_filename(), result={"rows": count})
