"""The task-division table import (任务分工表): Excel or Word rows into the drafts of a new document,
through the shared import flow (upload, preview naming each row's problem, commit), then the review page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from luoshi.ledger.imports import COLUMNS, KIND, tasktable_import
from luoshi.ledger.permissions import Action, require, tasks_visible_to
from luoshi.sheets.pending import ImportPreview
from luoshi.sheets.tabular import ExportColumn, write_table
from luoshi.sheets.views import ImportFlow

EXPORT_LIMIT = 5000


def _run(data: bytes, user: Any, filename: str, commit: bool, options: dict[str, Any]) -> ImportPreview:
    return tasktable_import(data=data, user=user, filename=filename, commit=commit)


def _export(request: HttpRequest) -> tuple[bytes, str]:
    """The visible tasks in the table's layout: a template to fill, whose 上级任务编号 column
    takes the codes of the tasks a new plan refines."""
    require(request.user, Action.DRAFT_REVIEW)
    tasks = (tasks_visible_to(request.user).select_related("lead_unit", "responsible_person", "parent")
             .prefetch_related("co_units").order_by("code")[:EXPORT_LIMIT])
    rows = [
        [index, task.category, task.title, str(task.lead_unit or ""), "、".join(str(u) for u in task.co_units.all()),
         "", str(task.responsible_person or ""), task.deadline, task.expected_outcome,
         task.parent.code if task.parent else "", ""]
        for index, task in enumerate(tasks, start=1)
    ]
    columns = [ExportColumn(column.label, column.width) for column in COLUMNS]
    return write_table(str(_("任务分工表")), columns, rows), "task-division.xlsx"


FLOW = ImportFlow(
    kind=KIND,
    namespace="tasktable",
    title=_("导入任务分工表"),
    layout_help=_("Excel(.xlsx)或 Word(.docx)表格。表头需包含任务内容(或任务、工作任务、具体举措);可选:序号、类别、"
                  "牵头单位、配合单位、责任单位、责任人、完成时限(或时间节点)、预期成效(或工作目标)、上级任务编号。"
                  "标题行会被跳过;类别可为一列(可合并单元格),也可为单独一行(如“一、科技创新”)。"
                  "导入后生成一份新文件的待审草稿,在审核页确认。"),
    action=Action.DRAFT_REVIEW,
    run=_run,
    export=_export,
    done_url_name="import",
    columns=COLUMNS,
)
