"""The ledger as Excel: the offices' columns, the list on screen, the user's visibility."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse
from openpyxl import load_workbook

from luoshi.briefings.exports.ledger_xlsx import ledger_export_build
from luoshi.briefings.jobs import jobs_run_pending
from luoshi.briefings.models import Job
from luoshi.briefings.tests.conftest import Ledger
from luoshi.briefings.tests.office import converted_pdf_text
from luoshi.ledger.tests.factories import PASSWORD, Personas

pytestmark = pytest.mark.django_db

HEADER = ["序号", "任务内容", "牵头单位", "配合单位", "责任人", "完成时限", "预期成效", "进展情况", "状态"]


def rows_of(content: bytes) -> list[list[object]]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def login(client: Client, user: object) -> Client:
    assert client.login(username=user.username, password=PASSWORD)  # type: ignore[attr-defined]
    return client


def test_the_workbook_has_the_offices_columns_and_one_row_per_task(ledger: Ledger) -> None:
    content, count = ledger_export_build(user=ledger.personas.supervisor, filters={"level": "district", "q": "实验室"})
    rows = rows_of(content)
    assert "共 3 项" in str(rows[0][0])
    assert rows[1] == HEADER
    assert count == 3 and len(rows) == 5
    assert [r[0] for r in rows[2:]] == [1, 2, 3]
    late = next(r for r in rows[2:] if r[1] == "建成海河实验室中试基地")
    assert late[2] == "区科技局"
    assert late[7] == "完成进度30%。用地手续尚在办理"
    assert late[8] == "推进中（滞后）"


def test_co_units_are_listed(personas: Personas) -> None:
    content, _count = ledger_export_build(user=personas.supervisor, filters={"q": "零碳码头"})
    row = rows_of(content)[2]
    assert (row[2], row[3]) == ("区生态环境局", "区科技局")


def test_a_reporter_exports_only_their_units_tasks(ledger: Ledger) -> None:
    content, count = ledger_export_build(user=ledger.personas.reporter_b, filters={})
    titles = {r[1] for r in rows_of(content)[2:]}
    assert titles == {"实施7个片区合流制改造", "推进零碳码头建设", "推进港口智慧化改造"}
    assert count == 3


def test_the_export_view_downloads_the_list_on_screen(ledger: Ledger, client: Client,
                                                      django_assert_max_num_queries: object) -> None:
    login(client, ledger.personas.supervisor)
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        response = client.post(reverse("briefings:ledger_export"), {"category_is": "科技创新", "level": "city"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    rows = rows_of(b"".join(response.streaming_content))  # type: ignore[attr-defined]
    assert [r[1] for r in rows[2:]] == ["建设国家级创新平台"]


def test_export_queries_do_not_grow_with_the_number_of_tasks(ledger: Ledger,
                                                            django_assert_max_num_queries: object) -> None:
    from luoshi.ledger.tests.factories import task_factory

    for n in range(30):
        task_factory(f"批量任务{n}", lead_unit=ledger.personas.unit_a, co_units=[ledger.personas.unit_b])
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        _content, count = ledger_export_build(user=ledger.personas.supervisor, filters={})
    assert count == 39


@override_settings(LUOSHI={**settings.LUOSHI, "EXPORT_INLINE_MAX_ROWS": 2})
def test_a_large_export_runs_in_the_background_with_progress(ledger: Ledger, client: Client) -> None:
    login(client, ledger.personas.supervisor)
    response = client.post(reverse("briefings:ledger_export"), {})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("briefings:job", args=[job.pk])
    page = client.get(response["Location"])
    assert 'hx-trigger="every 1s"' in page.content.decode()
    jobs_run_pending()
    fragment = client.get(reverse("briefings:job_progress", args=[job.pk])).content.decode()
    assert "100%" in fragment and "job-download" in fragment
    download = client.get(reverse("briefings:job_download", args=[job.pk]))
    assert len(rows_of(b"".join(download.streaming_content))) == 2 + 9  # type: ignore[attr-defined]
    login(client, ledger.personas.reporter_a)
    assert client.get(reverse("briefings:job_download", args=[job.pk])).status_code == 404


def test_the_workbook_opens_in_libreoffice_with_its_figures(ledger: Ledger) -> None:
    content, _count = ledger_export_build(user=ledger.personas.supervisor, filters={"level": "district"})
    text = converted_pdf_text(content, ".xlsx")
    for expected in ["任务台账", "建成海河实验室中试基地", "完成进度30%", "推进中（滞后）", "新增3家全国重点实验室"]:
        assert expected in text


@pytest.mark.parametrize(("headings", "listed"), [("1", "/ledger/"), ("", "/briefings/tasks/")])
def test_an_export_asked_with_filters_that_are_not_valid_goes_back_to_its_list(
        ledger: Ledger, headings: str, listed: str) -> None:
    """Not a 500: back to the list it was asked from (the ledger's, or the drill-down's), whose
    filter form says what is wrong, with a message; no job queued."""
    client = login(Client(), ledger.personas.supervisor)
    response = client.post(reverse("briefings:ledger_export"), {"unit": "9" * 19, "headings": headings})
    assert response.status_code == 302
    assert response["Location"].startswith(listed + "?") and "unit=" in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "筛选条件不正确,未导出。" in page
    assert not Job.objects.exists()
