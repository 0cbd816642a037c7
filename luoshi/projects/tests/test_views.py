"""Project pages: list with roll-ups, project page, data entry, editing, batches, Excel."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from luoshi.briefings.choices import JobKind
from luoshi.briefings.jobs import jobs_run_pending
from luoshi.briefings.models import Job
from luoshi.indicators.tests.factories import read_rows, workbook
from luoshi.indicators.tests.test_views import client_for
from luoshi.ledger.tests.factories import Personas
from luoshi.projects.models import KeyProject, ProjectBatch, ProjectInvestment, ProjectMilestone
from luoshi.projects.tests.factories import batch_factory, invest, milestone, project_factory

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(personas: Personas) -> KeyProject:
    batch_factory("under_construction", count=583, investment=73916000, name="在建项目")
    built = project_factory("诺和诺德扩建项目", code="BH2024-001", lead_unit=personas.unit_a, total=560000,
                            planned=120000)
    invest(built, {1: 3600, 2: 4800})
    milestone(built, "structure", date(2024, 6, 30))
    return built


def test_the_list_shows_rollups_and_projects(personas: Personas, project: KeyProject,
                                             django_assert_max_num_queries: Any) -> None:
    for n in range(20):
        invest(project_factory(code=f"X{n}", lead_unit=personas.unit_b), {1: 10})
    client = client_for(personas.leader)
    with django_assert_max_num_queries(14):
        response = client.get("/projects/?year=2024&as_of=2024-02-29")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="rollup-table"' in html and "583" in html and "7,391.6" in html and "诺和诺德扩建项目" in html
    for by in ("unit", "programme"):
        assert client.get(f"/projects/?year=2024&by={by}").status_code == 200
    assert "导入Excel" not in html


def test_the_project_page_shows_milestones_investment_and_chart(personas: Personas, project: KeyProject) -> None:
    html = client_for(personas.reporter_a).get(f"/projects/{project.pk}/").content.decode()
    assert 'id="milestones"' in html and 'id="investments"' in html and 'id="project-chart"' in html
    assert 'id="investment-form"' in html and "计划日期" not in html.split('id="milestone-form"')[1].split("</form>")[0]
    other = client_for(personas.reporter_b).get(f"/projects/{project.pk}/").content.decode()
    assert 'id="investment-form"' not in other
    assert client_for(personas.leader).get("/projects/99999/").status_code == 404


def test_a_reporter_records_investment_and_a_milestone_through_htmx(personas: Personas,
                                                                   project: KeyProject) -> None:
    client = client_for(personas.reporter_a)
    response = client.post(f"/projects/{project.pk}/investments/", {"month": 3, "amount": "0.5", "unit": "亿元"},
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Redirect"] == f"/projects/{project.pk}/"
    assert ProjectInvestment.objects.get(project=project, month=3).amount == 5000
    client.post(f"/projects/{project.pk}/milestones/", {"kind": "structure", "actual_date": "2024-07-10",
                                                        "planned_date": "2030-01-01"})
    milestone_ = ProjectMilestone.objects.get(project=project, kind="structure")
    assert milestone_.actual_date == date(2024, 7, 10) and milestone_.planned_date == date(2024, 6, 30)
    bad = client.post(f"/projects/{project.pk}/investments/", {"month": 4, "amount": "60", "unit": "亿元"},
                      HTTP_HX_REQUEST="true")  # 600000万元 in one month is more than the project's total
    assert bad.status_code == 200 and 'id="progress"' in bad.content.decode()  # htmx swaps the panel
    assert client_for(personas.reporter_b).post(f"/projects/{project.pk}/investments/",
                                                {"month": 3, "amount": "1", "unit": "万元"}).status_code == 403


def test_a_supervisor_edits_projects_and_batches(personas: Personas, project: KeyProject) -> None:
    client = client_for(personas.supervisor)
    response = client.post("/projects/new/", {
        "year": 2024, "code": "BH2024-009", "name": "滨唐高速", "pipeline": "new_start", "programme": "",
        "lead_unit": "", "location": "", "industry": "", "description": "", "total_investment": "1480000",
        "planned_investment": "90000", "batch": ""})
    assert response.status_code == 302
    created = KeyProject.objects.get(code="BH2024-009")
    client.post(f"/projects/{created.pk}/edit/", {
        "name": "滨唐高速(滨海段)", "pipeline": "new_start", "programme": "", "lead_unit": "", "location": "",
        "industry": "公路", "description": "", "total_investment": "1480000", "planned_investment": "90000",
        "batch": "", "year": 2024, "code": "BH2024-009"})
    created.refresh_from_db()
    assert created.name == "滨唐高速(滨海段)" and created.industry == "公路"
    client.post("/projects/batches/new/", {"name": "开工项目", "pipeline": "new_start", "year": 2024,
                                           "programme": "", "promised_count": 212, "promised_investment": "25155000",
                                           "statement": ""})
    assert ProjectBatch.objects.filter(pipeline="new_start", promised_count=212).exists()
    assert client_for(personas.reporter_a).get("/projects/new/").status_code == 403


def test_tasks_link_both_ways(personas: Personas, project: KeyProject) -> None:
    client = client_for(personas.supervisor)
    client.post(f"/projects/{project.pk}/tasks/", {"task": personas.task_a.code})
    page = client.get(f"/ledger/tasks/{personas.task_a.pk}/").content.decode()
    assert 'id="task-projects"' in page and "诺和诺德扩建项目" in page
    client.post("/projects/link-task/", {"project": project.pk, "task": personas.task_b.code})
    assert set(project.tasks.all()) == {personas.task_a, personas.task_b}


def test_the_export_takes_a_fixed_number_of_queries(personas: Personas, project: KeyProject,
                                                    django_assert_max_num_queries: Any) -> None:
    for n in range(25):
        built = project_factory(code=f"X{n}")
        invest(built, {1: 10})
        milestone(built, "start", date(2024, 1, 5))
    client = client_for(personas.leader)
    with django_assert_max_num_queries(10):
        response = client.get("/projects/export.xlsx?year=2024")
    assert len(read_rows(response.content)) == 28


def test_export_and_import_through_the_pages(personas: Personas, project: KeyProject) -> None:
    client = client_for(personas.supervisor)
    exported = client.get("/projects/export.xlsx?year=2024")
    assert read_rows(exported.content)[2][1] == "BH2024-001"
    data = workbook([["项目编号", "项目名称", "3月"], ["BH2024-001", "诺和诺德扩建项目", 5000]])
    html = client.post("/projects/import/", {"file": SimpleUploadedFile("p.xlsx", data), "year": 2024},
                       HTTP_HX_REQUEST="true").content.decode()
    assert "将新增 0 行,修改 1 行" in html
    token = next(iter(client.session["luoshi_pending_imports"]))
    response = client.post(f"/projects/import/{token}/commit/", HTTP_HX_REQUEST="true")
    job = Job.objects.get(kind=JobKind.SHEET_IMPORT)  # the commit runs in the background
    assert response.status_code == 204 and response["HX-Redirect"] == f"/briefings/jobs/{job.pk}/"
    assert not ProjectInvestment.objects.filter(project=project, month=3).exists()
    jobs_run_pending()
    progress = client.get(f"/briefings/jobs/{job.pk}/progress/", HTTP_HX_REQUEST="true")
    assert progress["HX-Redirect"] == "/projects/"
    assert "导入完成:新增 0 行,修改 1 行" in client.get("/projects/?year=2024").content.decode()
    assert ProjectInvestment.objects.get(project=project, month=3).amount == 5000


def test_the_task_page_finds_a_project_to_link_by_search_not_by_listing_the_catalogue(
        personas: Personas, project: KeyProject) -> None:
    """A province lists thousands of key projects: the task page carries none of them, and its
    search offers at most 20 of those matching what is typed, the ones linked already left out."""
    for n in range(30):
        project_factory(f"临港物流园区{n:02d}期", code=f"LG-{n:02d}", year=2025)
    client = client_for(personas.supervisor)
    task = personas.task_a
    page = client.get(f"/ledger/tasks/{task.pk}/").content.decode()
    assert 'id="task-project-link"' in page and "临港物流园区" not in page and "诺和诺德" not in page

    def found(typed: str) -> list[str]:
        html = client.get("/projects/link-task/search/", {"task": str(task.pk), "project_ref": typed}).content.decode()
        return [value for value in html.split('value="')[1:] for value in [value.split('"')[0]]]

    assert found("物流 LG-0") == [f"2025/LG-{n:02d}" for n in range(10)]  # every word matches
    assert len(found("临港")) == 20  # at most 20 at once
    assert found("诺和诺德") == [f"{project.year}/{project.code}"]
    project.tasks.add(task)
    assert found("诺和诺德") == []  # linked already
    assert client_for(personas.reporter_a).get(
        "/projects/link-task/search/", {"task": str(task.pk), "project_ref": "临港"}).status_code == 403
    assert client.get("/projects/link-task/search/", {"task": "²", "project_ref": "临港"}).status_code == 404


def test_a_project_is_linked_from_the_task_page_by_what_its_search_fills_in(
        personas: Personas, project: KeyProject) -> None:
    client = client_for(personas.supervisor)
    task = personas.task_a
    same_code_earlier = project_factory("诺和诺德一期", code=project.code, year=project.year - 1)
    back = f"/ledger/tasks/{task.pk}/"
    response = client.post("/projects/link-task/", {"project_ref": f"{project.year - 1}/{project.code}",
                                                    "task": task.code, "next": back})
    assert response.status_code == 302 and response["Location"] == back
    assert list(task.key_projects.all()) == [same_code_earlier]
    client.post("/projects/link-task/", {"project_ref": project.code, "task": task.code})  # a code alone: its latest year
    assert set(task.key_projects.all()) == {same_code_earlier, project}
    for unknown in ("2024/无此编号", "无此编号", "1/" + project.code, "   "):
        response = client.post("/projects/link-task/", {"project_ref": unknown, "task": personas.task_b.code,
                                                        "next": back}, follow=True)
        assert response.status_code in (200, 404)
        assert not personas.task_b.key_projects.exists()
    response = client.post("/projects/link-task/", {"project_ref": "2024/无此编号", "task": personas.task_b.code,
                                                    "next": back}, follow=True)
    assert "未找到项目“2024/无此编号”" in response.content.decode()
