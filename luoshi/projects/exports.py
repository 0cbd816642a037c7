"""Excel export of the key-project list, in the layout the import reads (see luoshi.projects.imports):
a title row merged across the columns, the header, one row per project. Money in 万元."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from luoshi.projects.choices import MilestoneKind, Pipeline
from luoshi.projects.imports import COLUMNS
from luoshi.projects.models import KeyProject, ProjectInvestment, ProjectMilestone
from luoshi.projects.services import MONEY_UNIT
from luoshi.sheets.tabular import ExportColumn, write_table


def export_columns() -> list[ExportColumn]:
    """The export's columns, in the import layout: money headers say 万元, months are 1月…12月."""
    columns = []
    for column in COLUMNS:
        if column.key.startswith("ms:"):
            columns.append(ExportColumn(column.label, column.width))
            continue
        label = f"{column.label}({column.unit})" if column.unit else column.label
        columns.append(ExportColumn(label, column.width, "#,##0.00" if column.unit else ""))
        if column.key == "planned_investment":
            columns.extend(ExportColumn(f"{m}月完成投资({MONEY_UNIT})", 12, "#,##0.00") for m in range(1, 13))
    return columns


def projects_export(*, projects: Sequence[KeyProject], year: int) -> bytes:
    """The projects (of one year's list) in the import layout. Three queries."""
    ids = [p.pk for p in projects]
    amounts: dict[tuple[int, int], Decimal] = {
        (i.project_id, i.month): i.amount for i in ProjectInvestment.objects.filter(project_id__in=ids, year=year)}
    dates: dict[tuple[int, str], ProjectMilestone] = {
        (m.project_id, m.kind): m for m in ProjectMilestone.objects.filter(project_id__in=ids)}
    rows = []
    for number, project in enumerate(projects, start=1):
        row: list[Any] = [
            number, project.code, project.name, project.year, str(Pipeline(project.pipeline).label),
            project.programme, str(project.lead_unit) if project.lead_unit else "", project.location,
            project.industry, project.description, project.total_investment, project.planned_investment,
        ]
        row.extend(amounts.get((project.pk, month)) for month in range(1, 13))
        for kind in MilestoneKind.values:
            milestone = dates.get((project.pk, kind))
            row.extend([milestone.planned_date if milestone else None, milestone.actual_date if milestone else None])
        rows.append(row)
    title = _("%(year)s年重点项目清单(金额单位:万元)") % {"year": year}
    return write_table(title, export_columns(), rows, sheet_title=_("重点项目"))
