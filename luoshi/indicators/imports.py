"""Excel import and export of indicator observations (指标实际值).

Layout (the one offices keep, and the one the export writes): optional title rows, then the
header 序号 | 指标名称 | 统计期 | 实际值 | 计量单位 | 备注, then one row per indicator and period.
Only 指标名称, 统计期 and 实际值 are required; other headers offices use are understood (本期值,
累计值, 单位, 说明 …). A row with an empty 实际值 is a template row and changes nothing, so an
export with empty rows for the periods still to report doubles as the reporting template.

Every row is checked and every problem listed (row, column, message in Chinese); nothing is
written until there are none. A row whose value and note equal what is stored changes
nothing (and leaves no history), so export → edit → import changes exactly the edited cells.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
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
from luoshi.core.periods import (
    MONTHS,
    PeriodError,
    frequency_of,
    month_end,
    period_end_for,
    period_key,
    period_starts_after,
)
from luoshi.core.units import conversion_factor, normalize_unit
from luoshi.indicators.choices import ObservationSource
from luoshi.indicators.constants import FIGURES_TOKEN, MSG_FUTURE_PERIOD, MSG_UNIT_MISMATCH
from luoshi.indicators.formatting import plain_number
from luoshi.indicators.models import Indicator, Observation
from luoshi.indicators.permissions import can_edit_indicator_of_unit
from luoshi.indicators.services import indicator_name_index, name_key
from luoshi.sheets.pending import MSG_CONFLICT, ImportPreview, ImportRefused, RowChange, preview_read
from luoshi.sheets.tabular import (
    MSG_REQUIRED,
    CellError,
    Column,
    ExportColumn,
    Problem,
    Sheet,
    cell_number,
    cell_text,
    write_table,
)

KIND = "indicator_observations"
BATCH_SIZE = 500
FOUR_PLACES = Decimal("0.0001")
MAX_VALUE = Decimal("1e16")

# Headers are the file format, not interface text: they stay Chinese whatever the page's language.
COLUMNS: tuple[Column, ...] = (
    Column("seq", "序号", ("编号",), width=6),
    Column("indicator", "指标名称", ("指标", "指标名"), required=True, width=32),
    Column("period", "统计期", ("期间", "所属期", "报告期", "统计时间", "月份"), required=True, width=12),
    Column("value", "实际值", ("本期值", "累计值", "完成值", "数值", "实际完成", "本期实际"), required=True,
           width=14),
    Column("unit", "计量单位", ("单位",), width=10),
    Column("note", "备注", ("说明",), width=30),
)


@dataclass
class _Planned:
    row: int
    indicator: Indicator
    period_end: date
    value: Decimal
    note: str | None  # None: the sheet has no 备注 column, keep the stored note
    stored: Observation | None = None


def observations_import(*, data: bytes, user: Any, filename: str = "", commit: bool = False,
                        today: date | None = None) -> ImportPreview:
    """Validate a workbook of observations and, with `commit`, apply it all or nothing.

    The preview lists every problem (unknown indicator, text where a number belongs, unit that
    cannot be converted, duplicate row, period that does not fit the frequency or has not begun,
    indicator of another unit) and every change. On commit the workbook is validated again inside
    the transaction; ImportRefused (with the preview) is raised when any problem remains, and
    Conflict when another writer got in between. Unchanged rows are not written.
    """
    today = today or business_today()
    if not commit:
        preview, _planned = _validate(data, user, filename, today)
        return preview
    try:
        with transaction.atomic():
            preview, planned = _validate(data, user, filename, today, lock=True)
            if preview.problems:
                raise ImportRefused(preview)
            _apply(planned, preview, user, filename)
    except IntegrityError as exc:  # a concurrent import created the same period first
        raise Conflict(MSG_CONFLICT) from exc
    preview.applied = True
    return preview


def _label(sheet: Sheet, key: str) -> str:
    return sheet.labels.get(key) or next((c.label for c in COLUMNS if c.key == key), "")


def _validate(data: bytes, user: Any, filename: str, today: date,
              lock: bool = False) -> tuple[ImportPreview, list[_Planned]]:
    preview, sheet = preview_read(data, kind=KIND, filename=filename, columns=COLUMNS)
    if sheet is None:
        return preview, []
    index = indicator_name_index(Indicator.objects.select_related("responsible_unit"))
    planned: list[_Planned] = []
    seen: dict[tuple[int, date], int] = {}
    header_unit = sheet.units.get("value", "")
    for row in sheet.rows:
        problems_before = len(preview.problems)

        def problem(key: str, message: str, row_number: int = row.number) -> None:
            preview.problems.append(Problem(row_number, _label(sheet, key), message))

        name = cell_text(row.cells.get("indicator"))
        indicator = index.get(name_key(name)) if name else None
        if not name:
            problem("indicator", str(MSG_REQUIRED))
        elif indicator is None:
            problem("indicator", _("指标“%(name)s”不在指标目录中,请检查名称或先在目录中添加。") % {"name": name})
        try:
            value, cell_unit = cell_number(row.cells.get("value"))
        except CellError as exc:
            problem("value", str(exc))
            value, cell_unit = None, ""
        if indicator is None:
            continue
        period_end = None
        raw_period = row.cells.get("period")
        if cell_text(raw_period) == "":
            problem("period", str(MSG_REQUIRED))
        else:
            try:
                period_end = period_end_for(raw_period, indicator.frequency)
            except PeriodError as exc:
                problem("period", str(exc.message))
            else:
                if period_starts_after(period_end, today, indicator.frequency):
                    problem("period", str(MSG_FUTURE_PERIOD % {
                        "period": period_key(period_end, indicator.frequency)}))
        if value is None or period_end is None:
            continue  # an empty value is a template row: nothing to do
        key = (indicator.pk, period_end)
        if key in seen:
            problem("", _("与第 %(row)s 行重复(同一指标、同一统计期)。") % {"row": seen[key]})
            continue
        seen[key] = row.number
        units = {u for u in (normalize_unit(cell_text(row.cells.get("unit"))), cell_unit, header_unit) if u}
        if len(units) > 1:
            problem("unit", _("单位前后不一致:%(units)s。") % {"units": "、".join(sorted(units))})
            continue
        given = units.pop() if units else ""
        if given:
            factor = conversion_factor(given, indicator.unit)
            if factor is None:
                problem("unit", str(MSG_UNIT_MISMATCH % {"given": given, "expected": indicator.unit or "—"}))
                continue
            if factor != 1:
                converted = value * factor
                preview.notices.append(Problem(row.number, _label(sheet, "value"), _(
                    "已将 %(value)s%(given)s 换算为 %(converted)s%(unit)s。") % {
                    "value": plain_number(value), "given": given, "converted": plain_number(converted),
                    "unit": indicator.unit}))
                value = converted
        rounded = value.quantize(FOUR_PLACES)
        if abs(rounded) >= MAX_VALUE:
            problem("value", _("数值过大。"))
            continue
        if rounded != value:
            preview.notices.append(Problem(row.number, _label(sheet, "value"),
                                           _("数值保留4位小数:%(value)s。") % {"value": plain_number(rounded)}))
        if len(preview.problems) > problems_before:
            continue
        note = cell_text(row.cells.get("note"))[:500] if "note" in sheet.labels else None
        planned.append(_Planned(row.number, indicator, period_end, rounded, note))
    _plan_changes(preview, planned, lock, sheet, user)
    preview.problems.sort(key=lambda p: p.row or 0)  # stable: a row's problems stay in column order
    return preview, planned


def _plan_changes(preview: ImportPreview, planned: Sequence[_Planned], lock: bool, sheet: Sheet, user: Any) -> None:
    """Attach the stored observation to each planned row, describe what will change, and check
    that the user may change it. Rows that change nothing are never refused: a reporter may
    re-import an export that holds other units' indicators."""
    if not planned:
        return
    existing_qs = Observation.objects.filter(indicator_id__in={p.indicator.pk for p in planned},
                                             period_end__in={p.period_end for p in planned})
    if lock:
        existing_qs = existing_qs.select_for_update()
    existing = {(o.indicator_id, o.period_end): o for o in existing_qs}
    value_label, note_label = _("实际值"), _("备注")
    for item in planned:
        stored = existing.get((item.indicator.pk, item.period_end))
        item_key = f"{item.indicator.name} {period_key(item.period_end, item.indicator.frequency)}"
        item.stored = stored
        if stored is None:
            change = RowChange(item.row, item_key, "create", [(str(value_label), "", plain_number(item.value))])
        else:
            cells = []
            if stored.value != item.value:
                cells.append((str(value_label), plain_number(stored.value), plain_number(item.value)))
            if item.note is not None and stored.note != item.note:
                cells.append((str(note_label), stored.note, item.note))
            change = RowChange(item.row, item_key, "update" if cells else "unchanged", cells)
        preview.changes.append(change)
        if change.action != "unchanged" and not can_edit_indicator_of_unit(user, item.indicator.responsible_unit_id):
            preview.problems.append(Problem(item.row, _label(sheet, "indicator"), _(
                "您无权填报该指标(责任单位:%(unit)s)。") % {"unit": item.indicator.responsible_unit or "—"}))


def _apply(planned: Sequence[_Planned], preview: ImportPreview, user: Any, filename: str) -> None:
    actor = user if getattr(user, "is_authenticated", False) else None
    reason = (_("Excel导入") + (f" {filename}" if filename else ""))[:100]
    now = timezone.now()
    creates: list[Observation] = []
    updates: list[Observation] = []
    for item in planned:
        stored = item.stored
        if stored is None:
            creates.append(Observation(indicator=item.indicator, period_end=item.period_end, value=item.value,
                                       note=item.note or "", source=ObservationSource.IMPORT, entered_by=actor))
        elif stored.value != item.value or (item.note is not None and stored.note != item.note):
            stored.value = item.value
            if item.note is not None:
                stored.note = item.note
            stored.source = ObservationSource.IMPORT
            stored.entered_by = actor
            stored.updated_at = now  # bulk_update skips auto_now
            updates.append(stored)
    if creates:
        bulk_create_with_history(creates, Observation, batch_size=BATCH_SIZE, default_user=actor,
                                 default_change_reason=reason)
    if updates:
        bulk_update_with_history(updates, Observation, ["value", "note", "source", "entered_by", "updated_at"],
                                 batch_size=BATCH_SIZE, default_user=actor, default_change_reason=reason)
    if creates or updates:
        renew(FIGURES_TOKEN)  # bulk writes send no signals


# --- export --------------------------------------------------------------------------------------

def observations_export(*, indicators: Sequence[Indicator], year: int, today: date | None = None,
                        with_blank_periods: bool = True) -> bytes:
    """The observations of `indicators` for `year` in the import layout.

    With `with_blank_periods`, every period of the year that has begun but has no observation
    gets a row with an empty 实际值, so the file serves as the reporting template.
    Two queries whatever the number of indicators.
    """
    today = today or business_today()
    stored: dict[tuple[int, date], Observation] = {
        (o.indicator_id, o.period_end): o
        for o in Observation.objects.filter(indicator__in=indicators, period_end__year=year)
    }
    rows: list[list[Any]] = []
    for indicator in indicators:
        step = MONTHS[frequency_of(indicator.frequency)]
        for month in range(step, 13, step):
            period_end = month_end(year, month)
            observation = stored.get((indicator.pk, period_end))
            if observation is None and (not with_blank_periods
                                        or period_starts_after(period_end, today, indicator.frequency)):
                continue
            rows.append([
                len(rows) + 1, indicator.name, period_key(period_end, indicator.frequency),
                observation.value if observation is not None else None, indicator.unit,
                observation.note if observation is not None else "",
            ])
    columns = [ExportColumn(c.label, c.width) for c in COLUMNS]
    title = _("%(year)s年指标实际值") % {"year": year}
    return write_table(title, columns, rows, sheet_title=_("指标实际值"))
