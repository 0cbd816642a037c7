"""Excel round-trip and bad input for indicator observations (issue #5).

Export → edit → import changes exactly what was edited; a workbook with problems is refused
whole, with every problem listed by row, column and a Chinese message.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from luoshi.indicators.imports import observations_export, observations_import
from luoshi.indicators.models import Indicator, Observation
from luoshi.indicators.tests.factories import (
    TODAY,
    edit_cell,
    indicator_factory,
    observe,
    read_rows,
    workbook,
)
from luoshi.ledger.tests.factories import Personas
from luoshi.sheets.pending import ImportRefused

pytestmark = pytest.mark.django_db

HEADER = ["序号", "指标名称", "统计期", "实际值", "计量单位", "备注"]


@pytest.fixture
def catalogue(personas: Personas) -> dict[str, Indicator]:
    jobs = indicator_factory("城镇新增就业", unit="万人", responsible_unit=personas.unit_a)
    revenue = indicator_factory("一般公共预算收入", unit="万元", responsible_unit=personas.unit_b)
    gdp = indicator_factory("地区生产总值增速", unit="%", expression="growth", frequency="quarter",
                            responsible_unit=personas.unit_b)
    observe(jobs, 2024, {1: 0.55, 2: 1.2, 3: 2.3})
    observe(gdp, 2024, {3: 4.6})
    return {"jobs": jobs, "revenue": revenue, "gdp": gdp}


def _import(data: bytes, user: object, commit: bool = False):  # type: ignore[no-untyped-def]
    return observations_import(data=data, user=user, filename="test.xlsx", commit=commit, today=TODAY)


def test_the_export_has_a_merged_title_a_header_and_template_rows(catalogue: dict[str, Indicator]) -> None:
    data = observations_export(indicators=list(catalogue.values()), year=2024, today=TODAY)
    rows = read_rows(data)
    assert rows[0][0] == "2024年指标实际值"
    assert rows[1] == HEADER
    jobs = [r for r in rows[2:] if r[1] == "城镇新增就业"]
    assert [r[2] for r in jobs] == [f"2024-{m:02d}" for m in range(1, 12)]  # January … November (begun by today)
    assert jobs[0][3] == 0.55 and jobs[3][3] is None
    assert [r[2] for r in rows[2:] if r[1] == "地区生产总值增速"] == ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"]


def test_export_then_import_changes_nothing(personas: Personas, catalogue: dict[str, Indicator]) -> None:
    data = observations_export(indicators=list(catalogue.values()), year=2024, today=TODAY)
    preview = _import(data, personas.supervisor)
    assert preview.ok, preview.problems
    assert (preview.created, preview.updated, preview.unchanged) == (0, 0, 4)


def test_export_edit_import_changes_exactly_the_edited_cells(personas: Personas,
                                                            catalogue: dict[str, Indicator]) -> None:
    data = observations_export(indicators=list(catalogue.values()), year=2024, today=TODAY)
    rows = read_rows(data)
    march = next(i for i, r in enumerate(rows, start=1) if r[1] == "城镇新增就业" and r[2] == "2024-03")
    april = march + 1
    edited = edit_cell(edit_cell(data, march, 4, 2.35), april, 4, 3.2)  # correct March, fill April
    before = {o.pk: (o.value, o.updated_at) for o in Observation.objects.all()}
    history_before = Observation.history.count()

    preview = _import(edited, personas.supervisor, commit=True)

    assert preview.applied and (preview.created, preview.updated, preview.unchanged) == (1, 1, 3)
    jobs = catalogue["jobs"]
    assert Observation.objects.get(indicator=jobs, period_end=date(2024, 3, 31)).value == Decimal("2.35")
    assert Observation.objects.get(indicator=jobs, period_end=date(2024, 4, 30)).value == Decimal("3.2")
    untouched = {o.pk: (o.value, o.updated_at) for o in Observation.objects.exclude(period_end__in=[
        date(2024, 3, 31), date(2024, 4, 30)])}
    assert untouched == {pk: v for pk, v in before.items() if pk in untouched}
    assert Observation.history.count() == history_before + 2
    revision = Observation.history.filter(period_end=date(2024, 3, 31)).latest("history_id")
    assert revision.history_user == personas.supervisor and revision.history_change_reason.startswith("Excel导入")
    assert Observation.objects.get(indicator=jobs, period_end=date(2024, 3, 31)).source == "import"


def test_every_problem_is_listed_and_nothing_is_written(personas: Personas, catalogue: dict[str, Indicator]) -> None:
    """Wrong types, units, duplicates, future periods, unknown names: all reported at once (issue #5)."""
    data = workbook([
        HEADER,
        [1, "城镇新增就业", "2024-04", "约3.1", "万人", ""],  # row 3: text where a number belongs
        [2, "一般公共预算收入", "2024-04", 5, "人", ""],  # row 4: unit that cannot be converted
        [3, "一般公共预算收入", "2024-05", 1.2, "亿元", ""],  # row 5: converted, not a problem
        [4, "城镇新增就业", "2024-06", 4.0, "", ""],  # row 6
        [5, "城镇新增就业", "2024年6月", 4.1, "", ""],  # row 7: duplicate of row 6
        [6, "城镇新增就业", "2024-12", 9.6, "", ""],  # row 8: future period
        [7, "不存在的指标", "2024-04", 1, "", ""],  # row 9: unknown indicator
        [8, "地区生产总值增速", "2024-05", 4.5, "%", ""],  # row 10: not a quarter end
        [9, "城镇新增就业", "", 1, "", ""],  # row 11: missing period
        [10, "城镇新增就业", "二〇二四年", 1, "", ""],  # row 12: unreadable period
    ], title="2024年指标完成情况表")
    preview = _import(data, personas.supervisor)
    found = {(p.row, p.column) for p in preview.problems}
    assert found == {(3, "实际值"), (4, "计量单位"), (7, ""), (8, "统计期"), (9, "指标名称"), (10, "统计期"),
                     (11, "统计期"), (12, "统计期")}
    messages = {p.row: p.message for p in preview.problems}
    assert "应为数字" in messages[3] and "约3.1" in messages[3]
    assert "单位“人”与指标单位“万元”不一致" in messages[4]
    assert "与第 6 行重复" in messages[7]
    assert "尚未开始" in messages[8]
    assert "不在指标目录中" in messages[9]
    assert "季末" in messages[10]
    assert [p.row for p in preview.notices] == [5] and "12,000万元" in preview.notices[0].message
    with pytest.raises(ImportRefused) as refused:
        _import(data, personas.supervisor, commit=True)
    assert len(refused.value.preview.problems) == len(preview.problems)
    assert Observation.objects.count() == 4  # only the fixture's


def test_a_wrong_header_is_named(personas: Personas, catalogue: dict[str, Indicator]) -> None:
    data = workbook([["序号", "指标名称", "统计期", "数量"], [1, "城镇新增就业", "2024-04", 3]], title="表")
    preview = _import(data, personas.supervisor)
    assert len(preview.problems) == 1
    assert preview.problems[0].row == 2 and "缺少必填列:实际值" in preview.problems[0].message


def test_a_sheet_without_any_header_says_what_is_needed(personas: Personas) -> None:
    preview = _import(workbook([["甲", "乙"], [1, 2]]), personas.supervisor)
    assert "未找到表头" in preview.problems[0].message and "指标名称、统计期、实际值" in preview.problems[0].message


def test_a_file_that_is_not_a_workbook_is_refused(personas: Personas) -> None:
    preview = _import(b"\xd0\xcf\x11\xe0 old xls", personas.supervisor)
    assert ".xlsx" in preview.problems[0].message


def test_title_rows_other_headers_and_a_second_sheet_are_tolerated(personas: Personas,
                                                                   catalogue: dict[str, Indicator]) -> None:
    from io import BytesIO

    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "说明"
    book.active.append(["填报说明:请勿修改表头"])
    sheet = book.create_sheet("数据")
    sheet.append(["滨海新区2024年主要指标"])
    sheet.merge_cells("A1:E1")
    sheet.append(["填报单位:区人社局", None, None, "单位:万人"])
    sheet.append(["序号", "指标 名称", "统计期", "本期值*", "说明"])
    sheet.append([1, "新增就业", "2024年1-4月", 3.1, "含灵活就业"])
    buffer = BytesIO()
    book.save(buffer)
    Indicator.objects.filter(pk=catalogue["jobs"].pk).update(aliases="新增就业")
    preview = _import(buffer.getvalue(), personas.supervisor, commit=True)
    assert preview.ok and preview.sheet == "数据" and preview.created == 1
    assert Observation.objects.get(period_end=date(2024, 4, 30)).note == "含灵活就业"


def test_a_unit_in_the_header_or_the_cell_is_converted(personas: Personas, catalogue: dict[str, Indicator]) -> None:
    data = workbook([["指标名称", "统计期", "实际值(亿元)"], ["一般公共预算收入", "2024-01", 1.5],
                     ["城镇新增就业", "2024-04", "31000人"]])
    preview = _import(data, personas.supervisor)
    # The header's 亿元 applies to the whole column, and 人 in the cell contradicts it.
    assert [(p.row, p.column) for p in preview.problems] == [(3, "计量单位")]
    data = workbook([["指标名称", "统计期", "实际值"], ["一般公共预算收入", "2024-01", "1.5亿元"],
                     ["城镇新增就业", "2024-04", "31000人"]])
    preview = _import(data, personas.supervisor, commit=True)
    assert preview.ok
    assert Observation.objects.get(indicator=catalogue["revenue"]).value == Decimal("15000")
    assert Observation.objects.get(indicator=catalogue["jobs"], period_end=date(2024, 4, 30)).value == Decimal("3.1")


def test_a_reporter_may_reimport_other_units_rows_unchanged_but_not_change_them(
        personas: Personas, catalogue: dict[str, Indicator]) -> None:
    data = observations_export(indicators=list(catalogue.values()), year=2024, today=TODAY)
    rows = read_rows(data)
    jobs_april = next(i for i, r in enumerate(rows, start=1) if r[1] == "城镇新增就业" and r[2] == "2024-04")
    gdp_q1 = next(i for i, r in enumerate(rows, start=1) if r[1] == "地区生产总值增速" and r[2] == "2024-Q1")
    own_edit = edit_cell(data, jobs_april, 4, 3.0)
    preview = _import(own_edit, personas.reporter_a, commit=True)
    assert preview.applied and preview.created == 1
    other_edit = edit_cell(own_edit, gdp_q1, 4, 9.9)
    preview = _import(other_edit, personas.reporter_a)
    assert [(p.row, p.column) for p in preview.problems] == [(gdp_q1, "指标名称")]
    assert "区生态环境局" in preview.problems[0].message


def test_commit_validates_again(personas: Personas, catalogue: dict[str, Indicator]) -> None:
    """Between preview and commit the indicator became quarterly: the commit refuses the monthly row."""
    data = workbook([["指标名称", "统计期", "实际值"], ["城镇新增就业", "2024-04", 3.0]])
    assert _import(data, personas.supervisor).ok
    Indicator.objects.filter(pk=catalogue["jobs"].pk).update(frequency="quarter")
    with pytest.raises(ImportRefused) as refused:
        _import(data, personas.supervisor, commit=True)
    assert "季末" in refused.value.preview.problems[0].message
    assert not Observation.objects.filter(period_end=date(2024, 4, 30)).exists()


def test_a_note_column_left_out_keeps_the_stored_note(personas: Personas, catalogue: dict[str, Indicator]) -> None:
    Observation.objects.filter(indicator=catalogue["jobs"], period_end=date(2024, 1, 31)).update(note="初步")
    data = workbook([["指标名称", "统计期", "实际值"], ["城镇新增就业", "2024-01", 0.56]])
    _import(data, personas.supervisor, commit=True)
    stored = Observation.objects.get(indicator=catalogue["jobs"], period_end=date(2024, 1, 31))
    assert (stored.value, stored.note) == (Decimal("0.56"), "初步")
