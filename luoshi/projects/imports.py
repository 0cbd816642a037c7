"""Excel import and export of the key-project list (重点项目清单) with monthly investment and milestones.

Layout (the export writes it, offices' lists look like it): optional title rows (the title may say
"单位:万元"), then the header 序号 | 项目编号 | 项目名称 | 年度 | 项目类型 | 所属工程 | 牵头单位 | 建设地点 |
所属行业 | 建设内容 | 总投资(万元) | 年度计划投资(万元) | 1月完成投资(万元) … 12月完成投资(万元) | 计划开工 |
实际开工 | 计划主体完工 | 实际主体完工 | 计划竣工 | 实际竣工 | 计划投产 | 实际投产. Only 项目编号 and 项目名称 are
required; a project is identified by its code within the year.

Money is kept in 万元. A header naming another unit (总投资(亿元)), a title saying 单位:亿元, or a cell
written "1.2亿元" is converted; a unit that is not money is refused. An empty cell changes
nothing (blank means "not reported", never "delete"), so export → edit → import changes exactly
the edited cells. Every problem is listed with row, column and a Chinese message; nothing is
written until there are none.

Permissions per row, for rows that change something: oversight may do everything; a lead
unit's reporter may change the monthly investment and the actual dates of that unit's projects.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from luoshi.core.clock import business_today
from luoshi.core.errors import Conflict
from luoshi.core.kept import renew
from luoshi.core.units import conversion_factor
from luoshi.indicators.formatting import plain_number
from luoshi.ledger.models import Unit
from luoshi.ledger.services import unit_match
from luoshi.projects import rules
from luoshi.projects.choices import Pipeline
from luoshi.projects.constants import (
    FIGURES_TOKEN,
    INVESTMENT_MESSAGES,
    MSG_FUTURE_DATE,
    MSG_FUTURE_MONTH,
    MSG_NEGATIVE,
)
from luoshi.projects.models import KeyProject, ProjectBatch, ProjectInvestment, ProjectMilestone
from luoshi.projects.permissions import can_edit_project_of_unit, can_manage_projects
from luoshi.projects.services import MONEY_UNIT, TWO_PLACES
from luoshi.sheets.pending import MSG_CONFLICT, ImportPreview, ImportRefused, RowChange, preview_read
from luoshi.sheets.tabular import (
    MSG_REQUIRED,
    CellError,
    Column,
    Problem,
    Sheet,
    SheetRow,
    cell_date,
    cell_number,
    cell_text,
)

KIND = "key_projects"
BATCH_SIZE = 500
MAX_MONEY = Decimal("1e16")

MILESTONE_COLUMNS = [(kind, label) for kind, label in (
    ("start", "开工"), ("structure", "主体完工"), ("completion", "竣工"), ("operation", "投产"))]

# Headers are the file format, not interface text: they stay Chinese whatever the page's language,
# so that a file exported in one language imports in the other.
COLUMNS: tuple[Column, ...] = (
    Column("seq", "序号", width=6),
    Column("code", "项目编号", ("项目代码", "项目编码", "编号"), required=True, width=14),
    Column("name", "项目名称", ("名称",), required=True, width=36),
    Column("year", "年度", ("计划年度", "所属年度"), width=8),
    Column("pipeline", "项目类型", ("类型", "项目类别", "建设性质"), width=10),
    Column("programme", "所属工程", ("工程",), width=28),
    Column("lead_unit", "牵头单位", ("责任单位", "牵头部门"), width=18),
    Column("location", "建设地点", ("项目地点", "地点"), width=16),
    Column("industry", "所属行业", ("行业", "产业领域"), width=14),
    Column("description", "建设内容", ("主要建设内容", "建设规模及内容"), width=36),
    Column("total_investment", "总投资", ("项目总投资", "计划总投资"), unit=MONEY_UNIT, width=14),
    Column("planned_investment", "年度计划投资", ("本年计划投资", "年度计划", "年度投资计划"), unit=MONEY_UNIT,
           width=14),
    *(Column(f"ms:{kind}:{when}", f"{word}{label}", (f"{word}{label}时间", f"{word}{label}日期"), width=12)
      for kind, label in MILESTONE_COLUMNS for when, word in (("planned", "计划"), ("actual", "实际"))),
)
TEXT_FIELDS = ("name", "programme", "location", "industry", "description")
MONEY_FIELDS = ("total_investment", "planned_investment")
MONTH_HEADER = re.compile(r"^(?:(\d{4})年)?(\d{1,2})月份?(?:当月)?(?:完成投资额?|投资完成额?|完成)?$")
PIPELINE_WORDS = {
    "新开工": Pipeline.NEW_START, "开工": Pipeline.NEW_START, "新建": Pipeline.NEW_START,
    "在建": Pipeline.UNDER_CONSTRUCTION, "续建": Pipeline.UNDER_CONSTRUCTION,
    "竣工": Pipeline.COMPLETION, "建成": Pipeline.COMPLETION, "完工": Pipeline.COMPLETION,
    "其他": Pipeline.OTHER,
}


@dataclass
class _Row:
    """What one sheet row asks for; only cells that were filled in."""

    number: int
    year: int
    code: str
    fields: dict[str, Any] = field(default_factory=dict)
    months: dict[int, Decimal] = field(default_factory=dict)
    dates: dict[tuple[str, str], date] = field(default_factory=dict)
    project: KeyProject | None = None
    changed: list[str] = field(default_factory=list)
    month_changes: dict[int, Decimal] = field(default_factory=dict)
    date_changes: dict[tuple[str, str], date] = field(default_factory=dict)


def projects_import(*, data: bytes, user: Any, year: int, filename: str = "", commit: bool = False,
                    today: date | None = None) -> ImportPreview:
    """Validate a project list and, with `commit`, apply it all or nothing.

    `year` is used for rows without a 年度 cell. On commit the workbook is validated again inside
    the transaction; ImportRefused (carrying the preview) is raised while any problem remains and
    Conflict when a concurrent writer got in first. Unchanged rows are not written.
    """
    today = today or business_today()
    if not commit:
        return _validate(data, user, year, filename, today)[0]
    try:
        with transaction.atomic():
            preview, rows = _validate(data, user, year, filename, today, lock=True)
            if preview.problems:
                raise ImportRefused(preview)
            _apply(rows, user, filename)
    except IntegrityError as exc:
        raise Conflict(MSG_CONFLICT) from exc
    preview.applied = True
    return preview


class _Reader:
    """Turns one sheet's cells into typed values, recording problems against the preview."""

    def __init__(self, sheet: Sheet, preview: ImportPreview, default_year: int, today: date) -> None:
        self.sheet = sheet
        self.preview = preview
        self.default_year = default_year
        self.today = today
        self.units = _unit_index()
        self.money_factor: dict[str, Decimal] = {}
        self.months: dict[str, int] = {}
        self._check_headers()

    def label(self, key: str) -> str:
        return self.sheet.labels.get(key) or next((c.label for c in COLUMNS if c.key == key), key)

    def problem(self, row: int | None, key: str, message: str) -> None:
        self.preview.problems.append(Problem(row, self.label(key) if key else "", message))

    def _check_headers(self) -> None:
        """Money columns' units (header, else the title's 单位:…, else 万元) and month columns' years."""
        money_keys = [*MONEY_FIELDS, *(k for k in self.sheet.labels if k.startswith("dyn:"))]
        for key in money_keys:
            unit = self.sheet.units.get(key) or self.sheet.title_unit or MONEY_UNIT
            factor = conversion_factor(unit, MONEY_UNIT)
            if factor is None:
                self.problem(self.sheet.header_row, key, _("单位“%(unit)s”不是金额单位,无法换算为万元。") % {"unit": unit})
                continue
            self.money_factor[key] = factor
        for key in self.sheet.labels:
            if key.startswith("dyn:"):
                header_year, month = key[4:].split("|")
                if not 1 <= int(month) <= 12:
                    self.problem(self.sheet.header_row, key, _("月份应在1到12之间。"))
                    continue
                if header_year and int(header_year) != self.default_year and "year" not in self.sheet.labels:
                    self.problem(self.sheet.header_row, key, _("列名中的年份 %(year)s 与导入年度 %(default)s 不一致。")
                                 % {"year": header_year, "default": self.default_year})
                    continue
                self.months[key] = int(month)

    def money(self, row: SheetRow, key: str) -> Decimal | None:
        try:
            value, cell_unit = cell_number(row.cells.get(key))
        except CellError as exc:
            self.problem(row.number, key, str(exc))
            return None
        if value is None:
            return None
        factor = self.money_factor.get(key)
        if cell_unit:
            factor = conversion_factor(cell_unit, MONEY_UNIT)
            if factor is None:
                self.problem(row.number, key, _("单位“%(unit)s”不是金额单位,无法换算为万元。") % {"unit": cell_unit})
                return None
        if factor is None:
            return None
        amount = value * factor
        if factor != 1:
            self.preview.notices.append(Problem(row.number, self.label(key), _(
                "已将 %(value)s%(unit)s 换算为 %(converted)s万元。") % {
                "value": plain_number(value), "unit": cell_unit or self.sheet.units.get(key)
                or self.sheet.title_unit, "converted": plain_number(amount)}))
        if amount < 0:
            self.problem(row.number, key, str(MSG_NEGATIVE))
            return None
        if amount >= MAX_MONEY:
            self.problem(row.number, key, _("数值过大。"))
            return None
        rounded = amount.quantize(TWO_PLACES)
        if rounded != amount:
            self.preview.notices.append(Problem(row.number, self.label(key),
                                                _("金额保留2位小数:%(value)s。") % {"value": plain_number(rounded)}))
        return rounded

    def read(self, row: SheetRow) -> tuple[_Row, bool]:
        """The row's wishes and whether it was read without problems."""
        before = len(self.preview.problems)
        code = cell_text(row.cells.get("code"))
        if not code:
            self.problem(row.number, "code", str(MSG_REQUIRED))
        elif len(code) > 40:
            self.problem(row.number, "code", _("项目编号不能超过40个字符。"))
        year = self.default_year
        raw_year = cell_text(row.cells.get("year"))
        if raw_year:
            match = re.fullmatch(r"(\d{4})年?", raw_year)
            if match:
                year = int(match.group(1))
            else:
                self.problem(row.number, "year", _("年度应为四位年份,实际为“%(text)s”。") % {"text": raw_year})
        planned = _Row(row.number, year, code)
        for key in TEXT_FIELDS:
            text = cell_text(row.cells.get(key))
            if text:
                planned.fields[key] = text[:300] if key != "description" else text
        if "name" not in planned.fields:
            self.problem(row.number, "name", str(MSG_REQUIRED))
        pipeline_text = cell_text(row.cells.get("pipeline"))
        if pipeline_text:
            pipeline = PIPELINE_WORDS.get(pipeline_text) or (pipeline_text if pipeline_text in Pipeline.values
                                                              else None)
            if pipeline is None:
                self.problem(row.number, "pipeline", _("项目类型应为 新开工、在建、竣工 或 其他,实际为“%(text)s”。")
                             % {"text": pipeline_text})
            else:
                planned.fields["pipeline"] = pipeline
        unit_name = cell_text(row.cells.get("lead_unit"))
        if unit_name:
            unit = self.units.get(unit_name) or unit_match(unit_name)
            if unit is None:
                self.problem(row.number, "lead_unit", _("牵头单位“%(name)s”不在单位目录中。") % {"name": unit_name})
            else:
                self.units[unit_name] = unit
                planned.fields["lead_unit"] = unit
        for key in MONEY_FIELDS:
            amount = self.money(row, key)
            if amount is not None:
                planned.fields[key] = amount
        for key, month in self.months.items():
            amount = self.money(row, key)
            if amount is None:
                continue
            if date(year, month, 1) > self.today:
                self.problem(row.number, key, str(MSG_FUTURE_MONTH % {"year": year, "month": month}))
                continue
            planned.months[month] = amount
        for kind, _label in MILESTONE_COLUMNS:
            for when in ("planned", "actual"):
                key = f"ms:{kind}:{when}"
                try:
                    value = cell_date(row.cells.get(key))
                except CellError as exc:
                    self.problem(row.number, key, str(exc))
                    continue
                if value is None:
                    continue
                if when == "actual" and value > self.today:
                    self.problem(row.number, key, str(MSG_FUTURE_DATE % {"date": value.isoformat()}))
                    continue
                planned.dates[(kind, when)] = value
        return planned, len(self.preview.problems) == before


def _unit_index() -> dict[str, Unit]:
    index: dict[str, Unit] = {}
    for unit in Unit.objects.all():
        for name in unit.all_names:
            index.setdefault(name, unit)
    return index


def _validate(data: bytes, user: Any, year: int, filename: str, today: date,
              lock: bool = False) -> tuple[ImportPreview, list[_Row]]:
    preview, sheet = preview_read(data, kind=KIND, filename=filename, columns=COLUMNS, dynamic=MONTH_HEADER)
    if sheet is None:
        return preview, []
    reader = _Reader(sheet, preview, year, today)
    rows: list[_Row] = []
    seen: dict[tuple[int, str], int] = {}
    for sheet_row in sheet.rows:
        planned, clean = reader.read(sheet_row)
        key = (planned.year, planned.code)
        if planned.code and key in seen:
            reader.problem(sheet_row.number, "code", _("与第 %(row)s 行重复(同一年度、同一项目编号)。") % {"row": seen[key]})
            continue
        if planned.code:
            seen[key] = sheet_row.number
        if clean:
            rows.append(planned)
    _plan(rows, reader, user, lock)
    preview.problems.sort(key=lambda p: p.row or 0)  # stable: a row's problems stay in column order
    return preview, rows


def _fmt(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return plain_number(value, 2)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and value in Pipeline.values:
        return str(Pipeline(value).label)
    return str(value)


def _plan(rows: list[_Row], reader: _Reader, user: Any, lock: bool) -> None:
    """Match rows to stored projects, work out what changes, and check money and permissions."""
    if not rows:
        return
    stored_qs = KeyProject.objects.filter(year__in={r.year for r in rows}, code__in={r.code for r in rows})
    if lock:
        stored_qs = stored_qs.select_for_update(of=("self",))  # PostgreSQL refuses to lock the outer join
    stored = {(p.year, p.code): p for p in stored_qs.select_related("lead_unit")}
    ids = [p.pk for p in stored.values()]
    investments: dict[tuple[int, int], dict[int, ProjectInvestment]] = {}
    milestones: dict[tuple[int, str], ProjectMilestone] = {}
    if ids:
        for investment in ProjectInvestment.objects.filter(project_id__in=ids):
            investments.setdefault((investment.project_id, investment.year), {})[investment.month] = investment
        for existing in ProjectMilestone.objects.filter(project_id__in=ids):
            milestones[(existing.project_id, existing.kind)] = existing
    manager = can_manage_projects(user)
    preview = reader.preview
    for row in rows:
        project = stored.get((row.year, row.code))
        row.project = project
        cells: list[tuple[str, str, str]] = []
        for key, value in row.fields.items():
            before = getattr(project, key) if project is not None else None
            if before != value:
                row.changed.append(key)
                cells.append((reader.label(key), _fmt(before), _fmt(value)))
        stored_months = investments.get((project.pk, row.year), {}) if project is not None else {}
        completed_year = Decimal(0)
        for month, investment in stored_months.items():
            completed_year += row.months.get(month, investment.amount)
        for month, amount in row.months.items():
            record = stored_months.get(month)
            if record is None:
                completed_year += amount
            if record is None or record.amount != amount:
                row.month_changes[month] = amount
                cells.append((_("%(month)s月完成投资") % {"month": month}, _fmt(record.amount if record else None),
                              _fmt(amount)))
        for (kind, when), value in row.dates.items():
            milestone = milestones.get((project.pk, kind)) if project is not None else None
            before = getattr(milestone, f"{when}_date") if milestone is not None else None
            if before != value:
                row.date_changes[(kind, when)] = value
                cells.append((reader.label(f"ms:{kind}:{when}"), _fmt(before), _fmt(value)))
        total = row.fields.get("total_investment", project.total_investment if project else None)
        planned = row.fields.get("planned_investment", project.planned_investment if project else None)
        for code in rules.investment_problems(total, planned, completed_year):
            column = "planned_investment" if code == "planned_over_total" else "total_investment"
            reader.problem(row.number, column, str(INVESTMENT_MESSAGES[code]))
        action = "create" if project is None else ("update" if cells else "unchanged")
        if action != "unchanged" and not manager:
            _check_reporter(row, project, reader, user)
        preview.changes.append(RowChange(row.number, f"{row.code} {row.fields.get('name', '')}".strip(),
                                         action, cells))


def _check_reporter(row: _Row, project: KeyProject | None, reader: _Reader, user: Any) -> None:
    """A reporter may change only the investment and actual dates of their unit's projects."""
    if project is None:
        reader.problem(row.number, "code", _("只有督查人员或管理员可以新增项目。"))
        return
    if not can_edit_project_of_unit(user, project.lead_unit_id):
        reader.problem(row.number, "code", _("您无权填报该项目(牵头单位:%(unit)s)。") % {
            "unit": project.lead_unit or "—"})
        return
    for key in row.changed:
        reader.problem(row.number, key, _("您只能填报本单位项目的完成投资和实际日期,不能修改此列。"))
    for kind, when in row.date_changes:
        if when == "planned":
            reader.problem(row.number, f"ms:{kind}:{when}", _("计划日期只能由督查人员或管理员修改。"))


def _apply(rows: Sequence[_Row], user: Any, filename: str) -> None:
    actor = user if getattr(user, "is_authenticated", False) else None
    reason = (_("Excel导入") + (f" {filename}" if filename else ""))[:100]
    now = timezone.now()
    batches: dict[tuple[int, str], ProjectBatch | None] = {}

    def batch_for(year: int, pipeline: str) -> ProjectBatch | None:
        if (year, pipeline) not in batches:
            batches[(year, pipeline)] = (ProjectBatch.objects.filter(year=year, pipeline=pipeline)
                                         .order_by("-promised_count", "pk").first())
        return batches[(year, pipeline)]

    new_projects: list[KeyProject] = []
    changed_projects: list[KeyProject] = []
    changed_fields: set[str] = set()
    for row in rows:
        if row.project is None:
            fields = dict(row.fields)
            fields.setdefault("pipeline", Pipeline.UNDER_CONSTRUCTION)
            project = KeyProject(year=row.year, code=row.code, batch=batch_for(row.year, fields["pipeline"]), **fields)
            # Foreign keys came from the database a moment ago; validating them again costs a query each.
            project.clean_fields(exclude=["lead_unit", "batch"])
            project.clean()
            new_projects.append(project)
            row.project = project
        elif row.changed:
            project = row.project
            for key in row.changed:
                setattr(project, key, row.fields[key])
            if "pipeline" in row.changed:
                project.batch = batch_for(project.year, project.pipeline)
                changed_fields.add("batch")
            project.updated_at = now
            changed_fields.update(row.changed)
            changed_projects.append(project)
    if new_projects:
        created = bulk_create_with_history(new_projects, KeyProject, batch_size=BATCH_SIZE, default_user=actor,
                                           default_change_reason=reason)
        by_key = {(p.year, p.code): p for p in created}
        for row in rows:
            if row.project is not None and row.project.pk is None:
                row.project = by_key[(row.year, row.code)]
    if changed_projects:
        bulk_update_with_history(changed_projects, KeyProject, sorted(changed_fields | {"updated_at"}),
                                 batch_size=BATCH_SIZE, default_user=actor, default_change_reason=reason)
    _apply_progress(rows, actor, reason, now)
    renew(FIGURES_TOKEN)  # bulk writes send no signals


def _apply_progress(rows: Sequence[_Row], actor: Any, reason: str, now: Any) -> None:
    ids = [r.project.pk for r in rows if r.project is not None and (r.month_changes or r.date_changes)]
    if not ids:
        return
    investments = {(i.project_id, i.year, i.month): i for i in ProjectInvestment.objects.filter(project_id__in=ids)}
    milestones = {(m.project_id, m.kind): m for m in ProjectMilestone.objects.filter(project_id__in=ids)}
    new_investments: list[ProjectInvestment] = []
    changed_investments: list[ProjectInvestment] = []
    new_milestones: dict[tuple[int, str], ProjectMilestone] = {}
    changed_milestones: dict[tuple[int, str], ProjectMilestone] = {}
    for row in rows:
        project = row.project
        assert project is not None
        for month, amount in row.month_changes.items():
            record = investments.get((project.pk, row.year, month))
            if record is None:
                new_investments.append(ProjectInvestment(project=project, year=row.year, month=month, amount=amount,
                                                         entered_by=actor))
            else:
                record.amount, record.entered_by, record.updated_at = amount, actor, now
                changed_investments.append(record)
        for (kind, when), value in row.date_changes.items():
            key = (project.pk, kind)
            milestone = milestones.get(key)
            if milestone is None:
                milestone = new_milestones.setdefault(key, ProjectMilestone(project=project, kind=kind))
            else:
                milestone.updated_at = now
                changed_milestones[key] = milestone
            setattr(milestone, f"{when}_date", value)
    if new_investments:
        bulk_create_with_history(new_investments, ProjectInvestment, batch_size=BATCH_SIZE, default_user=actor,
                                 default_change_reason=reason)
    if changed_investments:
        bulk_update_with_history(changed_investments, ProjectInvestment, ["amount", "entered_by", "updated_at"],
                                 batch_size=BATCH_SIZE, default_user=actor, default_change_reason=reason)
    if new_milestones:
        bulk_create_with_history(list(new_milestones.values()), ProjectMilestone, batch_size=BATCH_SIZE,
                                 default_user=actor, default_change_reason=reason)
    if changed_milestones:
        bulk_update_with_history(list(changed_milestones.values()), ProjectMilestone,
                                 ["planned_date", "actual_date", "updated_at"], batch_size=BATCH_SIZE,
                                 default_user=actor, default_change_reason=reason)
