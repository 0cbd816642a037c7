"""Foundation pages: login, ledger list with filters, task page with highlighted source, health."""

from __future__ import annotations

import pytest
from django.http import FileResponse
from django.test import Client

from luoshi.documents.models import Document
from luoshi.ledger.tests.factories import PASSWORD, Personas, task_factory

pytestmark = pytest.mark.django_db


def client_for(user: object) -> Client:
    client = Client()
    client.login(username=user.username, password=PASSWORD)  # type: ignore[attr-defined]
    return client


def test_pages_require_login() -> None:
    response = Client().get("/ledger/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_login_page_speaks_chinese_by_default() -> None:
    assert "登录落实平台" in Client().get("/login/").content.decode()


def test_the_english_switch_translates_the_interface(personas: Personas) -> None:
    client = client_for(personas.supervisor)
    client.post("/i18n/setlang/", {"language": "en", "next": "/ledger/"})
    html = client.get("/ledger/").content.decode()
    assert "Ledger" in html and "任务台账" not in html


def test_the_ledger_filters_by_unit_and_status(personas: Personas) -> None:
    html = client_for(personas.supervisor).get("/ledger/", {"unit": personas.unit_b.pk}).content.decode()
    assert "实施7个片区合流制改造" in html and "推进零碳码头建设" in html and "建设海河实验室" not in html


def test_a_reporter_sees_only_their_units_tasks_in_the_ledger(personas: Personas) -> None:
    html = client_for(personas.reporter_b).get("/ledger/").content.decode()
    assert "实施7个片区合流制改造" in html and "建设海河实验室" not in html


def test_the_ledger_pages_results(personas: Personas) -> None:
    for n in range(30):
        task_factory(f"分页任务{n:02d}", category="分页")
    client = client_for(personas.supervisor)
    first = client.get("/ledger/", {"category": "分页"}).content.decode()
    second = client.get("/ledger/", {"category": "分页", "page": "2"}).content.decode()
    assert "分页任务00" in first and "分页任务29" not in first
    assert "分页任务29" in second and "共 30 项" in first


def test_the_task_page_highlights_its_source_sentence(personas: Personas) -> None:
    text = "2024年重点工作\n实施7个片区合流制改造,开展“清河湖”等专项行动。"
    document = Document.objects.create(title="工作报告", text=text, content_hash="a" * 64)
    start = text.index("实施")
    task = task_factory("实施7个片区合流制改造", source_document=document, source_start=start,
                        source_end=start + len("实施7个片区合流制改造"), parent=personas.task_b)
    html = client_for(personas.supervisor).get(f"/ledger/tasks/{task.pk}/").content.decode()
    assert '<mark class="source" id="source-highlight">实施7个片区合流制改造</mark>' in html
    assert personas.task_b.title in html  # the parent


def test_a_reporter_cannot_open_another_units_task(personas: Personas) -> None:
    assert client_for(personas.reporter_a).get(f"/ledger/tasks/{personas.task_b.pk}/").status_code == 404


def test_the_home_dashboard_counts_visible_tasks(personas: Personas) -> None:
    client = client_for(personas.reporter_a)
    assert 'id="kpi-total">2<' in client.get("/").content.decode()
    data = client.get("/dashboard/data.json").json()
    assert sum(row["value"] for row in data["by_status"]) == 2


def test_health_reports_the_database() -> None:
    response = Client().get("/health")
    assert response.status_code == 200 and response.json()["status"] == "ok"


def test_the_admin_lists_every_model(personas: Personas) -> None:
    from django.apps import apps
    from django.contrib import admin

    ours = [m for m in apps.get_models() if m.__module__.startswith("luoshi.") and not m.__name__.startswith("Historical")]
    missing = [m.__name__ for m in ours if m not in admin.site._registry]
    assert missing == []


def test_the_ledger_exports_what_is_on_screen_as_excel(personas: Personas) -> None:
    import io

    from openpyxl import load_workbook

    client = client_for(personas.supervisor)
    assert 'id="export-xlsx"' in client.get("/ledger/", {"category": "绿色"}).content.decode()
    response = client.post("/briefings/export/ledger/", {"category": "绿色"})
    assert response.status_code == 200 and isinstance(response, FileResponse)
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "实施7个片区合流制改造" in cells and "推进零碳码头建设" in cells and "建设海河实验室" not in cells
    assert {"序号", "任务内容", "牵头单位", "配合单位", "责任人", "完成时限", "预期成效", "进展情况", "状态"} <= set(cells)


def test_the_ledger_list_costs_a_fixed_number_of_queries(personas: Personas, django_assert_max_num_queries: object) -> None:
    """However many tasks a page shows, the list reads them with a fixed number of queries (no N+1)."""
    for n in range(40):
        task_factory(f"批量任务{n}", lead_unit=personas.unit_a, co_units=[personas.unit_b])
    client = client_for(personas.supervisor)
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        assert client.get("/ledger/").status_code == 200
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        assert client.get("/api/v1/tasks", {"page_size": 100}).status_code == 200
