"""Roll-ups against the promised pipelines, project rows and charts (issue #5)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from luoshi.ledger.tests.factories import Personas
from luoshi.projects.models import KeyProject
from luoshi.projects.selectors import (
    data_month,
    default_as_of,
    default_year,
    project_chart,
    project_rollup,
    project_rows,
    project_status,
    projects_for_task,
)
from luoshi.projects.tests.factories import batch_factory, invest, milestone, project_factory

pytestmark = pytest.mark.django_db
AS_OF = date(2024, 10, 31)


@pytest.fixture
def pipelines(personas: Personas) -> dict[str, KeyProject]:
    batch_factory("new_start", count=3, investment=3000, programme="现代化产业聚集区建设工程")
    batch_factory("under_construction", count=2, investment=20000)
    batch_factory("completion", count=2, investment=5000)
    a = project_factory("甲", code="A", pipeline="new_start", lead_unit=personas.unit_a, total=1000, planned=120,
                        programme="现代化产业聚集区建设工程")
    milestone(a, "start", date(2024, 3, 1), date(2024, 3, 5))
    invest(a, {m: 10 for m in range(3, 11)})
    b = project_factory("乙", code="B", pipeline="new_start", lead_unit=personas.unit_b, total=2000, planned=240,
                        programme="现代化产业聚集区建设工程")
    milestone(b, "start", date(2024, 6, 1))
    c = project_factory("丙", code="C", pipeline="under_construction", lead_unit=personas.unit_a, total=15000,
                        planned=1200, programme="城乡高品质生活样板区建设工程")
    invest(c, {m: 100 for m in range(1, 11)})
    d = project_factory("丁", code="D", pipeline="completion", lead_unit=personas.unit_b, total=4000, planned=600)
    milestone(d, "completion", date(2024, 9, 30), date(2024, 9, 30))
    invest(d, {m: 60 for m in range(1, 11)})
    return {"a": a, "b": b, "c": c, "d": d}


def test_each_project_is_assessed(pipelines: dict[str, KeyProject]) -> None:
    _filterset, rows = project_rows(year=2024, as_of=AS_OF)
    by_code = {r.project.code: r for r in rows}
    assert by_code["A"].completed == Decimal(80) and by_code["A"].pace == pytest.approx(0.8)
    assert by_code["A"].light == "yellow" and by_code["A"].delivered
    assert by_code["B"].light == "red" and not by_code["B"].delivered
    assert by_code["B"].overdue[0].overdue_days == 152
    assert by_code["C"].light == "green" and by_code["C"].delivered
    assert by_code["D"].pace == pytest.approx(1.2) and by_code["D"].delivered


def test_the_pipeline_rollup_compares_the_list_with_the_promise(pipelines: dict[str, KeyProject]) -> None:
    groups, total = project_rollup(year=2024, by="pipeline", as_of=AS_OF)
    assert [g.key for g in groups] == ["new_start", "under_construction", "completion"]
    start = groups[0]
    assert (start.promised_count, start.project_count, start.delivered) == (3, 2, 1)
    assert start.promised_investment == Decimal(3000) and start.total_investment == Decimal(3000)
    assert start.investment_rate == pytest.approx(1.0) and start.delivered_rate == pytest.approx(1 / 3)
    assert start.completed_investment == Decimal(80) and start.completion_rate == pytest.approx(80 / 360)
    assert start.overdue_milestones == 1 and start.lights["red"] == 1
    assert (total.promised_count, total.project_count, total.delivered) == (7, 4, 3)
    assert total.completed_investment == Decimal(80 + 1000 + 600)


def test_the_unit_rollup_has_no_promise(pipelines: dict[str, KeyProject], personas: Personas) -> None:
    groups, total = project_rollup(year=2024, by="unit", as_of=AS_OF)
    by_label = {g.label: g for g in groups}
    assert set(by_label) == {"区科技局", "区生态环境局"}
    assert by_label["区科技局"].project_count == 2 and by_label["区科技局"].promised_count is None
    assert total.promised_count is None


def test_the_programme_rollup_carries_programme_promises(pipelines: dict[str, KeyProject]) -> None:
    groups, _total = project_rollup(year=2024, by="programme", as_of=AS_OF)
    by_key = {g.key: g for g in groups}
    assert by_key["现代化产业聚集区建设工程"].promised_count == 3
    assert by_key["现代化产业聚集区建设工程"].project_count == 2
    assert by_key[""].label == "未归入工程" and by_key[""].promised_count == 4 and by_key[""].project_count == 1
    with pytest.raises(ValueError):
        project_rollup(year=2024, by="street")


def test_filters_apply_to_rows_and_rollups(pipelines: dict[str, KeyProject], personas: Personas) -> None:
    _filterset, rows = project_rows(year=2024, as_of=AS_OF, filters={"unit": personas.unit_a.pk, "light": "green"})
    assert [r.project.code for r in rows] == ["C"]
    _filterset, rows = project_rows(year=2024, as_of=AS_OF, filters={"q": "丁"})
    assert [r.project.code for r in rows] == ["D"]
    filterset, rows = project_rows(year=2024, filters={"pipeline": "nonsense"})
    assert rows == [] and not filterset.is_valid()


def test_rows_and_rollups_take_a_fixed_number_of_queries(pipelines: dict[str, KeyProject],
                                                         django_assert_num_queries: Any) -> None:
    for n in range(30):
        project = project_factory(code=f"X{n}")
        invest(project, {1: 5, 2: 5})
        milestone(project, "start", date(2024, 2, 1), date(2024, 2, 3))
    with django_assert_num_queries(5):  # data month, projects, investment sums, milestones, batches
        _filterset, rows = project_rows(year=2024, as_of=AS_OF)
        project_rollup(year=2024, by="pipeline", rows=rows)
    assert len(rows) == 34


def test_the_data_month_is_the_latest_reported(pipelines: dict[str, KeyProject]) -> None:
    assert data_month(2024, AS_OF) == 10
    assert data_month(2024, date(2024, 6, 15)) == 6
    assert data_month(2025, AS_OF) == 0
    assert default_as_of(2024, date(2026, 1, 1)) == date(2024, 10, 31)
    assert default_year(date(2026, 1, 1)) == 2024


def test_the_chart_shows_monthly_cumulative_and_plan(pipelines: dict[str, KeyProject]) -> None:
    chart = project_chart(pipelines["c"], as_of=AS_OF)
    assert chart["monthly"][0] == 100 and chart["cumulative"][9] == 1000 and chart["cumulative"][10] is None
    assert chart["plan"][5] == 600
    status = project_status(pipelines["c"], as_of=AS_OF)
    assert status.completed == Decimal(1000) and status.light == "green"


def test_a_task_shows_the_projects_it_serves(pipelines: dict[str, KeyProject], personas: Personas) -> None:
    pipelines["a"].tasks.add(personas.task_a)
    rows, batches = projects_for_task(personas.task_a)
    assert [r.project.code for r in rows] == ["A"] and batches == []


def test_a_tasks_projects_are_assessed_in_queries_that_do_not_grow_with_them(
        pipelines: dict[str, KeyProject], personas: Personas, django_assert_num_queries: Any) -> None:
    """The task page's panel: each project as `project_status` assesses it (its own year's data
    month, its investment in that year only), and the same queries for two projects as for six."""
    task = personas.task_a
    older = project_factory("往年续建", code="OLD", year=2023)
    invest(older, {m: 50 for m in range(1, 13)})
    invest(older, {1: 999}, year=2024)  # the next year's money is not the old year's completion
    for project in (pipelines["a"], older):
        project.tasks.add(task)

    def panel() -> list[Any]:
        rows, _batches = projects_for_task(task)
        return rows

    with django_assert_num_queries(8):  # projects, milestones, batches; per year: as of and data month; the sums
        rows = panel()
    assert [r.project.code for r in rows] == ["A", "OLD"]
    for row in rows:
        expected = project_status(row.project, as_of=default_as_of(row.project.year))
        assert (row.completed, row.light, row.completion_rate) == (expected.completed, expected.light,
                                                                   expected.completion_rate)
    assert rows[1].completed == Decimal(600)
    for project in (pipelines["b"], pipelines["c"], pipelines["d"], project_factory("无投资", code="E")):
        project.tasks.add(task)
    with django_assert_num_queries(8):
        assert len(panel()) == 6
