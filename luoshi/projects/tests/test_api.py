"""The projects API under /api/v1/projects."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from luoshi.briefings.jobs import jobs_run_pending
from luoshi.indicators.tests.factories import read_rows, workbook
from luoshi.indicators.tests.test_views import client_for
from luoshi.ledger.tests.factories import Personas
from luoshi.projects.models import KeyProject, ProjectInvestment
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


def test_anonymous_requests_get_401(project: KeyProject) -> None:
    for path in ["/api/v1/projects", "/api/v1/projects/rollup", "/api/v1/projects/batches"]:
        assert Client().get(path).status_code == 401


def test_the_openapi_description_lists_the_project_endpoints() -> None:
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    for path in ["/api/v1/projects", "/api/v1/projects/rollup", "/api/v1/projects/import",
                 "/api/v1/projects/{project_id}/investments/{month}", "/api/v1/projects/{project_id}/milestones/{kind}"]:
        assert path in paths


def test_list_detail_and_rollup(personas: Personas, project: KeyProject) -> None:
    client = client_for(personas.leader)
    page = client.get("/api/v1/projects?year=2024&as_of=2024-02-29&page_size=10").json()
    assert page["count"] == 1 and page["results"][0]["completed_investment"] == 8400
    detail = client.get(f"/api/v1/projects/{project.pk}").json()
    assert detail["investments"] == {"1": 3600.0, "2": 4800.0} and detail["milestones"][1]["kind"] == "structure"
    rollup = client.get("/api/v1/projects/rollup?year=2024&by=pipeline&as_of=2024-02-29").json()
    assert rollup["groups"][0]["promised_count"] == 583 and rollup["data_month"] == 2
    assert client.get("/api/v1/projects/rollup?by=street").status_code == 400
    assert client.get("/api/v1/projects/batches?year=2024").json()[0]["promised_investment"] == 73916000


def test_progress_is_reported_by_the_lead_unit(personas: Personas, project: KeyProject) -> None:
    client = client_for(personas.reporter_a)
    response = client.put(f"/api/v1/projects/{project.pk}/investments/3", data={"amount": 5000},
                          content_type="application/json")
    assert response.status_code == 200 and response.json()["amount"] == 5000
    response = client.put(f"/api/v1/projects/{project.pk}/milestones/structure",
                          data={"actual_date": "2024-07-01"}, content_type="application/json")
    assert response.status_code == 200
    assert client_for(personas.reporter_b).put(f"/api/v1/projects/{project.pk}/investments/4", data={"amount": 1},
                                               content_type="application/json").status_code == 403


def test_oversight_manages_the_list(personas: Personas, project: KeyProject) -> None:
    client = client_for(personas.supervisor)
    created = client.post("/api/v1/projects", data={"year": 2024, "code": "BH2024-002", "name": "兴港高速",
                                                    "total_investment": "680000", "lead_unit_id": personas.unit_b.pk},
                          content_type="application/json")
    assert created.status_code == 201 and created.json()["batch_id"] is not None
    patched = client.patch(f"/api/v1/projects/{created.json()['id']}", data={"industry": "公路"},
                           content_type="application/json")
    assert patched.json()["industry"] == "公路"
    batch = client.post("/api/v1/projects/batches", data={"name": "开工项目", "pipeline": "new_start", "year": 2024,
                                                          "promised_count": 212}, content_type="application/json")
    assert batch.status_code == 201
    assert client.post(f"/api/v1/projects/{project.pk}/tasks/{personas.task_a.pk}").status_code == 204


def test_import_and_export(personas: Personas, project: KeyProject) -> None:
    client = client_for(personas.supervisor)
    data = workbook([["项目编号", "项目名称", "3月"], ["BH2024-001", "诺和诺德扩建项目", 5000]])
    preview = client.post("/api/v1/projects/import?year=2024", {"file": SimpleUploadedFile("p.xlsx", data)}).json()
    assert preview["updated"] == 1 and not preview["applied"]
    done = client.post("/api/v1/projects/import?year=2024&commit=true", {"file": SimpleUploadedFile("p.xlsx", data)})
    assert done.status_code == 202 and not ProjectInvestment.objects.filter(month=3).exists()  # queued
    jobs_run_pending()
    assert ProjectInvestment.objects.filter(month=3).exists()
    exported = client.get("/api/v1/projects/export.xlsx?year=2024")
    assert read_rows(exported.content)[2][1] == "BH2024-001"
