"""Indicator pages: catalogue, indicator page, data entry, catalogue editing, Excel import and export."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from luoshi.briefings.choices import JobKind
from luoshi.briefings.jobs import jobs_run_pending
from luoshi.briefings.models import Job
from luoshi.indicators.models import Indicator, IndicatorTarget, Observation
from luoshi.indicators.tests.factories import indicator_factory, observe, read_rows, target_factory, workbook
from luoshi.ledger.tests.factories import PASSWORD, Personas

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def jobs(personas: Personas) -> Indicator:
    indicator = indicator_factory("城镇新增就业", unit="万人", responsible_unit=personas.unit_a)
    target_factory(indicator, value=9.5)
    observe(indicator, 2024, {1: 0.55, 2: 1.2})
    return indicator


def test_the_catalogue_lists_indicators_with_lights(personas: Personas, jobs: Indicator,
                                                   django_assert_max_num_queries: Any) -> None:
    client = client_for(personas.leader)
    for n in range(15):
        target_factory(indicator_factory(f"指标{n}"), value=n + 1)
    with django_assert_max_num_queries(12):
        response = client.get("/indicators/?year=2024&as_of=2024-02-29")
    assert response.status_code == 200
    html = response.content.decode()
    assert "城镇新增就业" in html and 'data-light="red"' in html and "9.5万人" in html
    assert "导入Excel" not in html  # leaders read only


def test_anonymous_visitors_are_sent_to_login(jobs: Indicator) -> None:
    assert Client().get("/indicators/").status_code == 302


def test_the_indicator_page_shows_target_actuals_chart_and_history(personas: Personas, jobs: Indicator) -> None:
    response = client_for(personas.reporter_a).get(f"/indicators/{jobs.pk}/?year=2024&as_of=2024-02-29")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="indicator-chart"' in html and 'id="chart-data"' in html and 'id="observation-form"' in html
    assert "9.5万人" in html
    other = client_for(personas.reporter_b).get(f"/indicators/{jobs.pk}/?year=2024").content.decode()
    assert 'id="observation-form"' not in other


def test_a_reporter_enters_an_observation_through_htmx(personas: Personas, jobs: Indicator) -> None:
    response = client_for(personas.reporter_a).post(
        f"/indicators/{jobs.pk}/observations/?year=2024", {"period": "2024-03", "value": "2.3", "unit": "万人"},
        HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Redirect"] == f"/indicators/{jobs.pk}/?year=2024"
    assert Observation.objects.filter(indicator=jobs).count() == 3


def test_a_bad_observation_is_shown_in_the_form(personas: Personas, jobs: Indicator) -> None:
    response = client_for(personas.reporter_a).post(
        f"/indicators/{jobs.pk}/observations/?year=2024", {"period": "2024-03", "value": "2", "unit": "万元"},
        HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "无法换算" in response.content.decode()  # htmx swaps only 2xx
    assert Observation.objects.filter(indicator=jobs).count() == 2
    whole_page = client_for(personas.reporter_a).post(f"/indicators/{jobs.pk}/observations/?year=2024",
                                                      {"period": "2024-03", "value": "2", "unit": "万元"})
    assert whole_page.status_code == 400 and 'id="target-card"' in whole_page.content.decode()


def test_another_units_reporter_gets_403(personas: Personas, jobs: Indicator) -> None:
    response = client_for(personas.reporter_b).post(f"/indicators/{jobs.pk}/observations/",
                                                    {"period": "2024-03", "value": "2"})
    assert response.status_code == 403


def test_a_supervisor_creates_an_indicator_and_sets_its_target(personas: Personas) -> None:
    client = client_for(personas.supervisor)
    response = client.post("/indicators/new/", {
        "name": "新增学位", "aliases": "新增中小学学位", "unit": "个", "direction": "up", "expression": "level",
        "frequency": "month", "cumulative": "on", "responsible_unit": "", "is_active": "on", "definition": ""})
    indicator = Indicator.objects.get(name="新增学位")
    assert response.status_code == 302 and indicator.aliases == "新增中小学学位"
    client.post(f"/indicators/{indicator.pk}/target/", {"year": 2024, "comparator": "gte", "value": "10000"})
    assert IndicatorTarget.objects.get(indicator=indicator).value == 10000
    assert client_for(personas.leader).get("/indicators/new/").status_code == 403


def test_tasks_are_linked_from_either_page_and_shown_on_the_task_page(personas: Personas, jobs: Indicator) -> None:
    client = client_for(personas.supervisor)
    client.post(f"/indicators/{jobs.pk}/tasks/", {"task": personas.task_a.code})
    assert list(jobs.tasks.all()) == [personas.task_a]
    page = client.get(f"/ledger/tasks/{personas.task_a.pk}/").content.decode()
    assert 'id="task-indicators"' in page and "城镇新增就业" in page
    client.post("/indicators/link-task/", {"indicator": jobs.pk, "task": personas.task_b.code,
                                           "next": f"/ledger/tasks/{personas.task_b.pk}/"})
    assert set(jobs.tasks.all()) == {personas.task_a, personas.task_b}
    client.post(f"/indicators/{jobs.pk}/tasks/", {"task": personas.task_a.code, "remove": "1"})
    assert list(jobs.tasks.all()) == [personas.task_b]


def test_the_export_downloads_the_import_layout(personas: Personas, jobs: Indicator) -> None:
    response = client_for(personas.leader).get("/indicators/export.xlsx?year=2024")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = read_rows(response.content)
    assert rows[1][:4] == ["序号", "指标名称", "统计期", "实际值"]


def test_import_preview_then_commit(personas: Personas, jobs: Indicator) -> None:
    client = client_for(personas.reporter_a)
    data = workbook([["指标名称", "统计期", "实际值"], ["城镇新增就业", "2024-03", 2.3]], title="填报表")
    response = client.post("/indicators/import/", {"file": SimpleUploadedFile("jobs.xlsx", data)},
                           HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and 'id="commit-form"' in html and "将新增 1 行" in html
    assert Observation.objects.filter(indicator=jobs).count() == 2  # the preview writes nothing
    token = client.session["luoshi_pending_imports"].popitem()[0]
    response = client.post(f"/indicators/import/{token}/commit/")
    job = Job.objects.get(kind=JobKind.SHEET_IMPORT)
    assert response.status_code == 302 and response["Location"] == f"/briefings/jobs/{job.pk}/"
    assert Observation.objects.filter(indicator=jobs).count() == 2  # queued: nothing written yet
    jobs_run_pending()
    assert Observation.objects.filter(indicator=jobs).count() == 3
    again = client.post(f"/indicators/import/{token}/commit/")  # already used: expired, nothing queued
    assert again["Location"] == "/indicators/import/" and Job.objects.count() == 1


def test_an_import_with_problems_offers_no_commit(personas: Personas, jobs: Indicator) -> None:
    client = client_for(personas.supervisor)
    data = workbook([["指标名称", "统计期", "实际值"], ["城镇新增就业", "2024-03", "待统计"]])
    html = client.post("/indicators/import/", {"file": SimpleUploadedFile("bad.xlsx", data)}).content.decode()
    assert 'id="problems"' in html and "待统计" in html and 'id="commit-form"' not in html
    assert client.session.get("luoshi_pending_imports") == {}


def test_another_session_cannot_commit_an_upload(personas: Personas, jobs: Indicator) -> None:
    owner = client_for(personas.supervisor)
    data = workbook([["指标名称", "统计期", "实际值"], ["城镇新增就业", "2024-03", 2.3]])
    owner.post("/indicators/import/", {"file": SimpleUploadedFile("jobs.xlsx", data)})
    token = next(iter(owner.session["luoshi_pending_imports"]))
    client_for(personas.admin).post(f"/indicators/import/{token}/commit/")
    assert not Job.objects.exists()
    jobs_run_pending()
    assert Observation.objects.filter(indicator=jobs).count() == 2


def test_leaders_may_not_import(personas: Personas) -> None:
    assert client_for(personas.leader).get("/indicators/import/").status_code == 403


def test_exports_take_a_fixed_number_of_queries(personas: Personas, jobs: Indicator,
                                                django_assert_max_num_queries: Any) -> None:
    for n in range(20):
        indicator = indicator_factory(f"指标{n}")
        observe(indicator, 2024, {1: 1, 2: 2})
    client = client_for(personas.leader)
    with django_assert_max_num_queries(8):
        response = client.get("/indicators/export.xlsx?year=2024")
    assert len(read_rows(response.content)) > 40


def test_the_task_page_finds_an_indicator_to_link_by_search_not_by_listing_the_catalogue(
        personas: Personas, jobs: Indicator) -> None:
    for n in range(30):
        indicator_factory(f"规上工业增加值增速{n:02d}", unit="%")
    indicator_factory("已停用的指标", unit="%").__class__.objects.filter(name="已停用的指标").update(is_active=False)
    client = client_for(personas.supervisor)
    task = personas.task_a
    page = client.get(f"/ledger/tasks/{task.pk}/").content.decode()
    assert 'id="task-indicator-link"' in page and "规上工业增加值增速" not in page

    def found(typed: str) -> list[str]:
        html = client.get("/indicators/link-task/search/", {"task": str(task.pk), "indicator_ref": typed}).content.decode()
        return [value.split('"')[0] for value in html.split('value="')[1:]]

    assert len(found("增加值")) == 20
    assert found("增速 05") == ["规上工业增加值增速05"]
    assert found("已停用") == []  # inactive indicators are not offered
    jobs.tasks.add(task)
    assert found("就业") == []
    assert client_for(personas.reporter_a).get(
        "/indicators/link-task/search/", {"task": str(task.pk), "indicator_ref": "增速"}).status_code == 403

    back = f"/ledger/tasks/{personas.task_b.pk}/"
    client.post("/indicators/link-task/", {"indicator_ref": "规上工业增加值增速05", "task": personas.task_b.code,
                                           "next": back})
    assert [i.name for i in personas.task_b.indicators.all()] == ["规上工业增加值增速05"]
    response = client.post("/indicators/link-task/", {"indicator_ref": "已停用的指标", "task": personas.task_b.code,
                                                      "next": "https://elsewhere.example/"}, follow=False)
    assert response["Location"] == "/indicators/"  # not linked, and never sent off the site
    assert personas.task_b.indicators.count() == 1


def test_a_link_to_a_task_that_is_not_found_stays_on_the_site(personas: Personas, jobs: Indicator) -> None:
    """The form's `next` is followed only to a page of this site, the error path included."""
    response = client_for(personas.supervisor).post(f"/indicators/{jobs.pk}/tasks/", {
        "task": "无此任务", "next": "https://elsewhere.example/"})
    assert response.status_code == 302 and response["Location"] == jobs.get_absolute_url()
    assert not jobs.tasks.exists()
