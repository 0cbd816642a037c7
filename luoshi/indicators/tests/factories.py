"""Builders for indicator tests, on top of the ledger's personas."""

from __future__ import annotations

import io
import itertools
from datetime import date
from decimal import Decimal
from typing import Any

from openpyxl import Workbook, load_workbook

from luoshi.core.periods import month_end
from luoshi.indicators.models import Indicator, IndicatorTarget, Observation
from luoshi.ledger.models import Unit

_sequence = itertools.count(1)
TODAY = date(2024, 11, 15)


def indicator_factory(name: str | None = None, *, unit: str = "万人", responsible_unit: Unit | None = None,
                      **fields: Any) -> Indicator:
    return Indicator.objects.create(name=name or f"测试指标{next(_sequence)}", unit=unit,
                                    responsible_unit=responsible_unit, **fields)


def target_factory(indicator: Indicator, year: int = 2024, comparator: str = "eq", value: float | None = 10,
                   **fields: Any) -> IndicatorTarget:
    return IndicatorTarget.objects.create(indicator=indicator, year=year, comparator=comparator,
                                          value=None if value is None else Decimal(str(value)), **fields)


def observe(indicator: Indicator, year: int, values: dict[int, float]) -> None:
    for month, value in values.items():
        Observation.objects.create(indicator=indicator, period_end=month_end(year, month), value=Decimal(str(value)))


def workbook(rows: list[list[Any]], *, title: str | None = None, merge_title: bool = True,
             sheet: str = "Sheet1") -> bytes:
    """An .xlsx with an optional merged title row, then `rows` (the first being the header)."""
    book = Workbook()
    ws = book.active
    ws.title = sheet
    if title is not None:
        ws.append([title])
        if merge_title and rows:
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(len(rows[0]), 2))
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def read_rows(data: bytes) -> list[list[Any]]:
    ws = load_workbook(io.BytesIO(data)).active
    return [list(r) for r in ws.iter_rows(values_only=True)]


def edit_cell(data: bytes, row: int, column: int, value: Any) -> bytes:
    """The workbook with one cell changed (1-based row and column), as an office would edit it."""
    book = load_workbook(io.BytesIO(data))
    book.active.cell(row=row, column=column, value=value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
