"""Clean out: every spreadsheet export writes formula-like text as text and never fails on
stored text (issue 13, point 2)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from luoshi.briefings.exports.ledger_xlsx import ledger_export_build
from luoshi.briefings.jobs import jobs_run_pending
from luoshi.briefings.models import Job
from luoshi.indicators.imports import observations_export, observations_import
from luoshi.indicators.models import Observation
from luoshi.indicators.tests.factories import indicator_factory
from luoshi.indicators.tests.test_views import client_for
from luoshi.ledger.tests.factories import Personas
from luoshi.projects.exports import projects_export
from luoshi.projects.imports import projects_import
from luoshi.projects.tests.factories import project_factory
from luoshi.sheets.tabular import cell_write

pytestmark = pytest.mark.django_db

FORMULA = "=SUM(A1)"


def _cells(data: bytes) -> list[tuple[object, str]]:
    sheet = load_workbook(io.BytesIO(data)).active
    return [(cell.value, cell.data_type) for row in sheet.iter_rows() for cell in row]


@pytest.mark.parametrize("text", [FORMULA, "+1", "-1+2", "@cmd", "\tx", "\r=1"])
def test_formula_like_text_is_written_as_a_string_cell(text: str) -> None:
    book = Workbook()
    cell = book.active["A1"]
    cell_write(cell, text)
    buffer = io.BytesIO()
    book.save(buffer)
    assert _cells(buffer.getvalue())[0] == (text, "s")


def test_control_characters_are_dropped_and_ordinary_values_kept() -> None:
    book = Workbook()
    for column, value in enumerate(["名称\x07甲\x00", Decimal("4.80"), 12, None, "普通文本"], start=1):
        cell_write(book.active.cell(row=1, column=column), value)
    buffer = io.BytesIO()
    book.save(buffer)
    assert [v for v, _t in _cells(buffer.getvalue())] == ["名称甲", 4.8, 12, None, "普通文本"]


def test_an_indicator_note_beginning_with_equals_round_trips(personas: Personas) -> None:
    gdp = indicator_factory("地区生产总值", unit="亿元", responsible_unit=personas.unit_a)
    Observation.objects.create(indicator=gdp, period_end="2024-03-31", value=Decimal("1200"), note=FORMULA)
    data = observations_export(indicators=[gdp], year=2024, with_blank_periods=False)
    assert (FORMULA, "s") in _cells(data)
    preview = observations_import(data=data, user=personas.supervisor, filename="a.xlsx")
    assert preview.ok and preview.unchanged == 1 and preview.visible_changes == []


def test_an_indicator_name_with_a_control_character_exports(personas: Personas) -> None:
    odd = indicator_factory("工业增加值\x07", unit="亿元")
    Observation.objects.create(indicator=odd, period_end="2024-03-31", value=Decimal("5"))
    response = client_for(personas.leader).get("/indicators/export.xlsx?year=2024&as_of=2024-12-31")
    assert response.status_code == 200
    assert "工业增加值" in [v for v, _t in _cells(response.content)]


def test_a_project_with_formula_text_round_trips(personas: Personas) -> None:
    project = project_factory("-南港项目", code="BH-1", lead_unit=personas.unit_a, location=FORMULA,
                              description="@建设内容\x0b")
    data = projects_export(projects=[project], year=2024)
    cells = _cells(data)
    assert ("-南港项目", "s") in cells and (FORMULA, "s") in cells and ("@建设内容", "s") in cells
    project.description = "@建设内容"
    project.save()
    preview = projects_import(data=data, user=personas.supervisor, year=2024, filename="p.xlsx")
    assert preview.ok and preview.visible_changes == []


def test_the_ledger_export_writes_notes_as_text_and_survives_control_characters(personas: Personas) -> None:
    personas.task_a.progress_note = FORMULA
    personas.task_a.title = "建设\x07海河实验室"
    personas.task_a.save()
    data, _count = ledger_export_build(user=personas.supervisor, filters={})
    values = _cells(data)
    assert any(isinstance(v, str) and "建设海河实验室" in v for v, _t in values)
    notes = [(v, t) for v, t in values if isinstance(v, str) and v.startswith("=")]
    assert notes and all(t == "s" for _v, t in notes)


def test_the_ledger_export_page_answers_for_stored_control_characters(personas: Personas) -> None:
    personas.task_a.progress_note = "进展\x01说明"
    personas.task_a.save()
    response = client_for(personas.supervisor).post("/briefings/export/ledger/", {})
    assert response.status_code == 200


def test_an_uploaded_export_reimports_through_the_page(personas: Personas) -> None:
    gdp = indicator_factory("地区生产总值", unit="亿元", responsible_unit=personas.unit_a)
    Observation.objects.create(indicator=gdp, period_end="2024-03-31", value=Decimal("1200"), note=FORMULA)
    data = observations_export(indicators=[gdp], year=2024, with_blank_periods=False)
    response = client_for(personas.supervisor).post("/api/v1/indicators/import?commit=true",
                                                    {"file": SimpleUploadedFile("a.xlsx", data)})
    assert response.status_code == 202 and jobs_run_pending() == 1  # the commit is a job
    assert Job.objects.get(pk=response.json()["id"]).result["unchanged"] == 1
    assert Observation.objects.get(indicator=gdp).note == FORMULA
