"""Bounded work per upload and the same roles on the API as on the pages (issue 13, point 1)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from luoshi.briefings.jobs import jobs_run_pending
from luoshi.core.tests.storage import stored_names
from luoshi.core.tests.zipbombs import SHEET_HEAD, SHEET_TAIL, bomb, xlsx_skeleton
from luoshi.indicators.models import Indicator, Observation
from luoshi.indicators.tests.factories import indicator_factory, workbook
from luoshi.indicators.tests.test_views import client_for
from luoshi.ledger.tests.factories import Personas
from luoshi.projects.models import KeyProject
from luoshi.projects.selectors import default_year
from luoshi.sheets.tabular import ReadError, read_sheet

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def workbook_bomb() -> bytes:
    """A valid .xlsx whose one cell holds 200 MB of the letter A, deflated to about 200 KB."""
    return bomb(xlsx_skeleton(), part="xl/worksheets/sheet1.xml", fill=b"A", head=SHEET_HEAD, tail=SHEET_TAIL)


@pytest.fixture
def gdp(personas: Personas) -> Indicator:
    return indicator_factory("地区生产总值", unit="亿元", responsible_unit=personas.unit_a)


def _pending_files() -> list[str]:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    return [str(p) for p in folder.iterdir()] + stored_names() if folder.exists() else stored_names()


@pytest.mark.parametrize("path", ["/api/v1/indicators/import", "/api/v1/indicators/import?commit=true",
                                  "/api/v1/projects/import?commit=true"])
def test_a_workbook_bomb_posted_to_the_api_is_refused_and_nothing_written(
        personas: Personas, gdp: Indicator, workbook_bomb: bytes, path: str) -> None:
    response = client_for(personas.supervisor).post(path, {"file": SimpleUploadedFile("bomb.xlsx", workbook_bomb)})
    assert response.status_code == 400
    assert "压缩炸弹" in response.json()["message"]
    assert Observation.objects.count() == 0 and KeyProject.objects.count() == 0
    assert _pending_files() == []


@pytest.mark.parametrize("page", ["/indicators/import/", "/projects/import/"])
def test_a_workbook_bomb_posted_to_an_import_page_is_refused_and_not_kept(
        personas: Personas, workbook_bomb: bytes, page: str) -> None:
    response = client_for(personas.supervisor).post(page, {"file": SimpleUploadedFile("bomb.xlsx", workbook_bomb),
                                                           "year": default_year()})
    assert response.status_code == 400
    assert "压缩炸弹" in response.content.decode()
    assert _pending_files() == []


def test_the_reader_refuses_a_bomb_before_openpyxl_opens_it(workbook_bomb: bytes) -> None:
    with translation.override("zh-hans"), pytest.raises(ReadError) as caught:
        read_sheet(workbook_bomb, [])
    assert "压缩炸弹" in str(caught.value)


def test_a_normal_workbook_still_imports(personas: Personas, gdp: Indicator) -> None:
    data = workbook([["指标名称", "统计期", "实际值"], ["地区生产总值", "2024-03", 1200]])
    response = client_for(personas.reporter_a).post("/api/v1/indicators/import?commit=true",
                                                    {"file": SimpleUploadedFile("a.xlsx", data)})
    assert response.status_code == 202 and jobs_run_pending() == 1  # the commit is a job
    assert Observation.objects.filter(indicator=gdp).count() == 1


@pytest.mark.parametrize("path", ["/api/v1/indicators/import", "/api/v1/projects/import"])
def test_the_api_import_refuses_the_roles_the_page_refuses(personas: Personas, path: str) -> None:
    """A leader reads but does not import: 403 on the API as on the page (issue 13)."""
    data = workbook([["指标名称", "统计期", "实际值"], ["地区生产总值", "2024-03", 1200]])
    response = client_for(personas.leader).post(path, {"file": SimpleUploadedFile("a.xlsx", data)})
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    page = path.replace("/api/v1", "") + "/"
    assert client_for(personas.leader).get(page).status_code == 403


@pytest.mark.parametrize("path", ["/api/v1/indicators/import", "/api/v1/projects/import"])
def test_a_reporter_may_import_through_the_api_as_on_the_page(personas: Personas, path: str) -> None:
    data = workbook([["指标名称", "统计期", "实际值"]])
    response = client_for(personas.reporter_a).post(path, {"file": SimpleUploadedFile("a.xlsx", data)})
    assert response.status_code in (200, 400) and "problems" in response.json()
    page = path.replace("/api/v1", "") + "/"
    assert client_for(personas.reporter_a).get(page).status_code == 200


def test_reading_stops_at_the_column_cap_and_after_a_long_blank_run() -> None:
    """A sheet that claims thousands of columns or rows below its table is not read to the end."""
    from openpyxl import Workbook

    from luoshi.sheets.tabular import MAX_BLANK_RUN, MAX_COLUMNS, Column

    book = Workbook()
    sheet = book.active
    sheet.append(["名称", "数值"])
    sheet.append(["甲", 1])
    sheet.cell(row=2 + MAX_BLANK_RUN + 5, column=1, value="远处的行")
    sheet.cell(row=1, column=MAX_COLUMNS + 50, value="数值")  # beyond the cap: not a duplicate header
    buffer = io.BytesIO()
    book.save(buffer)
    table, problems = read_sheet(buffer.getvalue(), [Column("name", "名称", required=True), Column("value", "数值")])
    assert problems == [] and table is not None
    assert [r.cells["name"] for r in table.rows] == ["甲"]


def test_the_api_refuses_an_upload_over_the_size_limit(personas: Personas, settings: Any) -> None:
    settings.LUOSHI = {**settings.LUOSHI, "MAX_IMPORT_BYTES": 2 * 1024 * 1024}
    big = b"PK\x03\x04" + b"\0" * (3 * 1024 * 1024)
    response = client_for(personas.supervisor).post("/api/v1/indicators/import",
                                                    {"file": SimpleUploadedFile("big.xlsx", big)})
    assert response.status_code == 400 and "2 MB" in response.json()["message"]
