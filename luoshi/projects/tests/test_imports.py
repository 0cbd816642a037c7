"""Excel round-trip and bad input for the project list (issue #5)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from luoshi.indicators.tests.factories import edit_cell, read_rows, workbook
from luoshi.ledger.tests.factories import Personas
from luoshi.projects.exports import projects_export
from luoshi.projects.imports import projects_import
from luoshi.projects.models import KeyProject, ProjectInvestment, ProjectMilestone
from luoshi.projects.tests.factories import TODAY, batch_factory, invest, milestone, project_factory
from luoshi.sheets.pending import ImportRefused

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(personas: Personas) -> list[KeyProject]:
    batch_factory("under_construction", count=583, investment=73916000)
    a = project_factory("诺和诺德扩建项目", code="BH2024-001", lead_unit=personas.unit_a, total=560000,
                        planned=120000, location="保税区", industry="生物医药")
    invest(a, {1: 3600, 2: 4800})
    milestone(a, "start", date(2023, 5, 1), date(2023, 5, 3))
    b = project_factory("南港海上光伏项目", code="BH2024-002", lead_unit=personas.unit_b, total=360000,
                        planned=110000, pipeline="new_start")
    return [a, b]


def _import(data: bytes, user: object, commit: bool = False):  # type: ignore[no-untyped-def]
    return projects_import(data=data, user=user, year=2024, filename="list.xlsx", commit=commit, today=TODAY)


def _column(rows: list[list[object]], label: str) -> int:
    return rows[1].index(label) + 1


def test_the_export_uses_the_office_layout(listed: list[KeyProject]) -> None:
    rows = read_rows(projects_export(projects=listed, year=2024))
    assert rows[0][0] == "2024年重点项目清单(金额单位:万元)"
    assert rows[1][:12] == ["序号", "项目编号", "项目名称", "年度", "项目类型", "所属工程", "牵头单位", "建设地点",
                            "所属行业", "建设内容", "总投资(万元)", "年度计划投资(万元)"]
    assert rows[1][12] == "1月完成投资(万元)" and rows[1][23] == "12月完成投资(万元)"
    assert rows[1][24:] == ["计划开工", "实际开工", "计划主体完工", "实际主体完工", "计划竣工", "实际竣工", "计划投产",
                            "实际投产"]
    first = rows[2]
    assert first[1:5] == ["BH2024-001", "诺和诺德扩建项目", 2024, "在建"] and first[6] == "区科技局"
    assert first[10] == 560000 and first[12:14] == [3600, 4800] and first[14] is None


def test_export_then_import_changes_nothing(personas: Personas, listed: list[KeyProject]) -> None:
    preview = _import(projects_export(projects=listed, year=2024), personas.supervisor)
    assert preview.ok, preview.problems
    assert (preview.created, preview.updated, preview.unchanged) == (0, 0, 2)


def test_export_edit_import_changes_exactly_the_edited_cells(personas: Personas, listed: list[KeyProject]) -> None:
    data = projects_export(projects=listed, year=2024)
    rows = read_rows(data)
    edited = edit_cell(data, 3, _column(rows, "2月完成投资(万元)"), 5000)  # correct February of 001
    edited = edit_cell(edited, 3, _column(rows, "3月完成投资(万元)"), 5200)  # add March of 001
    edited = edit_cell(edited, 4, _column(rows, "实际开工"), "2024-04-08")  # 002 has started
    edited = edit_cell(edited, 4, _column(rows, "建设地点"), "南港工业区")  # 002's location
    stamps = {p.pk: p.updated_at for p in KeyProject.objects.all()}
    history = (KeyProject.history.count(), ProjectInvestment.history.count(), ProjectMilestone.history.count())

    preview = _import(edited, personas.supervisor, commit=True)

    assert preview.applied and (preview.updated, preview.unchanged) == (2, 0)
    a, b = listed
    amounts = dict(ProjectInvestment.objects.filter(project=a).values_list("month", "amount"))
    assert amounts == {1: Decimal("3600.00"), 2: Decimal("5000.00"), 3: Decimal("5200.00")}
    assert ProjectMilestone.objects.get(project=b, kind="start").actual_date == date(2024, 4, 8)
    b.refresh_from_db()
    a.refresh_from_db()
    assert b.location == "南港工业区" and b.updated_at != stamps[b.pk]
    assert a.updated_at == stamps[a.pk] and a.name == "诺和诺德扩建项目"  # only its investment changed
    assert (KeyProject.history.count(), ProjectInvestment.history.count(), ProjectMilestone.history.count()) == (
        history[0] + 1, history[1] + 2, history[2] + 1)


def test_new_projects_are_created_with_their_batch(personas: Personas, listed: list[KeyProject]) -> None:
    data = workbook([
        ["项目编号", "项目名称", "项目类型", "牵头单位", "总投资(亿元)", "年度计划投资", "1月", "计划开工"],
        ["BH2024-003", "京滨城际(南段)", "续建", "区科技局", 155, 30000, 2500, "2023年6月"],
    ], title="滨海新区2024年重点项目(单位:万元)")
    preview = _import(data, personas.supervisor, commit=True)
    assert preview.created == 1
    project = KeyProject.objects.get(code="BH2024-003")
    assert project.total_investment == Decimal("1550000.00") and project.planned_investment == Decimal("30000.00")
    assert project.pipeline == "under_construction" and project.batch is not None
    assert project.lead_unit == personas.unit_a
    assert ProjectInvestment.objects.get(project=project).amount == Decimal("2500.00")
    assert ProjectMilestone.objects.get(project=project).planned_date == date(2023, 6, 30)
    assert "155亿元 换算为 1,550,000万元" in preview.notices[0].message


def test_every_problem_is_listed_and_nothing_is_written(personas: Personas, listed: list[KeyProject]) -> None:
    data = workbook([
        ["项目编号", "项目名称", "项目类型", "牵头单位", "总投资", "年度计划投资", "11月", "12月", "实际竣工"],
        ["N1", "甲", "在建", "区科技局", "十亿", 100, None, None, None],  # 2: text for a number
        ["N2", "乙", "筹建", "区科技局", 1000, 100, None, None, None],  # 3: unknown pipeline
        ["N3", "丙", "在建", "不存在局", 1000, 100, None, None, None],  # 4: unknown unit
        ["N4", "丁", "在建", "区科技局", 100, 200, None, None, None],  # 5: plan over total
        ["N5", "戊", "在建", "区科技局", 1000, 100, 10, 20, None],  # 6: December not begun
        ["N5", "戊二", "在建", "区科技局", 1000, 100, None, None, None],  # 7: duplicate code
        ["N6", "己", "在建", "区科技局", 1000, 100, -5, None, "2025-01-01"],  # 8: negative, future date
        ["", "庚", "在建", "区科技局", 1000, 100, None, None, None],  # 9: no code
        ["N7", "辛", "在建", "区科技局", 1000, 100, None, None, "2024-13-01"],  # 10: not a date
        ["N8", "壬", "在建", "区科技局", "3亿人", 100, None, None, None],  # 11: unit that is not money
    ])
    preview = _import(data, personas.supervisor)
    found = [(p.row, p.column) for p in preview.problems]
    assert found == [(2, "总投资"), (3, "项目类型"), (4, "牵头单位"), (5, "年度计划投资"), (6, "12月"), (7, "项目编号"),
                     (8, "11月"), (8, "实际竣工"), (9, "项目编号"), (10, "实际竣工"), (11, "总投资")]
    messages = [p.message for p in preview.problems]
    assert "应为数字" in messages[0] and "十亿" in messages[0]
    assert "年度计划投资不能大于总投资" in messages[3]
    assert "尚未开始" in messages[4] and "与第 6 行重复" in messages[5] and "负数" in messages[6]
    assert "晚于今天" in messages[7] and "应为日期" in messages[9] and "无法换算为万元" in messages[10]
    with pytest.raises(ImportRefused):
        _import(data, personas.supervisor, commit=True)
    assert KeyProject.objects.count() == 2


def test_a_header_whose_unit_is_not_money_is_refused(personas: Personas, listed: list[KeyProject]) -> None:
    data = workbook([["项目编号", "项目名称", "总投资(人)"], ["BH2024-001", "诺和诺德扩建项目", 5]])
    preview = _import(data, personas.supervisor)
    assert [(p.row, p.column) for p in preview.problems] == [(1, "总投资(人)")]


def test_completed_investment_may_not_exceed_the_total(personas: Personas, listed: list[KeyProject]) -> None:
    data = workbook([["项目编号", "项目名称", "3月"], ["BH2024-001", "诺和诺德扩建项目", 600000]])
    preview = _import(data, personas.supervisor)
    assert [p.message for p in preview.problems] == ["本年完成投资合计不能大于总投资。"]


def test_a_wrong_header_is_named(personas: Personas) -> None:
    preview = _import(workbook([["编码", "项目"], ["A", "甲"]]), personas.supervisor)
    assert "未找到表头" in preview.problems[0].message


def test_a_reporter_reports_progress_of_their_units_projects_only(personas: Personas,
                                                                  listed: list[KeyProject]) -> None:
    data = projects_export(projects=listed, year=2024)
    rows = read_rows(data)
    own = edit_cell(data, 3, _column(rows, "3月完成投资(万元)"), 5200)
    own = edit_cell(own, 3, _column(rows, "实际主体完工"), "2024-10-01")
    assert _import(own, personas.reporter_a, commit=True).applied
    renamed = edit_cell(own, 3, _column(rows, "项目名称"), "改名")
    planned = edit_cell(own, 3, _column(rows, "计划竣工"), "2025-06-30")
    other = edit_cell(own, 4, _column(rows, "1月完成投资(万元)"), 100)
    new = workbook([["项目编号", "项目名称"], ["NEW-1", "新项目"]])
    assert "不能修改此列" in _import(renamed, personas.reporter_a).problems[0].message
    assert "计划日期只能由督查人员" in _import(planned, personas.reporter_a).problems[0].message
    assert "牵头单位:区生态环境局" in _import(other, personas.reporter_a).problems[0].message
    assert "只有督查人员或管理员可以新增项目" in _import(new, personas.reporter_a).problems[0].message


def test_blank_cells_change_nothing(personas: Personas, listed: list[KeyProject]) -> None:
    data = workbook([["项目编号", "项目名称", "建设地点", "1月", "总投资"], ["BH2024-001", "诺和诺德扩建项目", None, None, None]])
    preview = _import(data, personas.supervisor, commit=True)
    assert preview.unchanged == 1
    listed[0].refresh_from_db()
    assert listed[0].location == "保税区" and listed[0].total_investment == Decimal("560000.00")


def test_commit_validates_again(personas: Personas, listed: list[KeyProject]) -> None:
    data = workbook([["项目编号", "项目名称", "3月"], ["BH2024-001", "诺和诺德扩建项目", 5000]])
    assert _import(data, personas.supervisor).ok
    KeyProject.objects.filter(pk=listed[0].pk).update(total_investment=Decimal(10000))
    with pytest.raises(ImportRefused):
        _import(data, personas.supervisor, commit=True)
    assert not ProjectInvestment.objects.filter(month=3).exists()
