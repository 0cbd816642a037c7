"""The indicators API under /api/v1/indicators."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from luoshi.briefings.choices import JobStatus
from luoshi.briefings.jobs import jobs_run_pending
from luoshi.briefings.models import Job
from luoshi.indicators.models import Indicator, Observation
from luoshi.indicators.tests.factories import indicator_factory, observe, read_rows, target_factory, workbook
from luoshi.indicators.tests.test_views import client_for
from luoshi.ledger.tests.factories import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def jobs(personas: Personas) -> Indicator:
    indicator = indicator_factory("城镇新增就业", unit="万人", responsible_unit=personas.unit_a)
    target_factory(indicator, value=9.5)
    observe(indicator, 2024, {1: 0.55, 2: 1.2})
    return indicator


def test_anonymous_requests_get_401(jobs: Indicator) -> None:
    for path in ["/api/v1/indicators", "/api/v1/indicators/status", f"/api/v1/indicators/{jobs.pk}"]:
        assert Client().get(path).status_code == 401


def test_the_openapi_description_lists_the_indicator_endpoints() -> None:
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    for path in ["/api/v1/indicators", "/api/v1/indicators/status", "/api/v1/indicators/import",
                 "/api/v1/indicators/{indicator_id}/observations/{period}", "/api/v1/indicators/export.xlsx"]:
        assert path in paths


def test_status_rows(personas: Personas, jobs: Indicator) -> None:
    body = client_for(personas.leader).get("/api/v1/indicators/status?year=2024&as_of=2024-02-29").json()
    assert body[0]["name"] == "城镇新增就业" and body[0]["target_phrase"] == "9.5万人"
    assert body[0]["latest_period"] == "2024-02" and body[0]["light"] == "red"
    assert body[0]["forecast_method"] == "run_rate" and body[0]["at_risk"] is True


def test_catalogue_detail_targets_and_chart(personas: Personas, jobs: Indicator) -> None:
    client = client_for(personas.leader)
    assert client.get("/api/v1/indicators").json()[0]["unit"] == "万人"
    detail = client.get(f"/api/v1/indicators/{jobs.pk}?year=2024").json()
    assert detail["targets"][0]["value"] == 9.5 and detail["status"]["indicator_id"] == jobs.pk
    chart = client.get(f"/api/v1/indicators/{jobs.pk}/chart?year=2024").json()
    assert chart["actual"][:2] == [0.55, 1.2]
    assert client.get("/api/v1/indicators/999999").status_code == 404


def test_a_reporter_puts_an_observation_and_a_leader_may_not(personas: Personas, jobs: Indicator) -> None:
    response = client_for(personas.reporter_a).put(f"/api/v1/indicators/{jobs.pk}/observations/2024-03",
                                                   data={"value": 23000, "unit": "人"},
                                                   content_type="application/json")
    assert response.status_code == 200 and response.json()["value"] == 2.3 and response.json()["source"] == "api"
    denied = client_for(personas.leader).put(f"/api/v1/indicators/{jobs.pk}/observations/2024-04",
                                             data={"value": 3}, content_type="application/json")
    assert denied.status_code == 403
    bad = client_for(personas.reporter_a).put(f"/api/v1/indicators/{jobs.pk}/observations/2099-01",
                                              data={"value": 3}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["field"] == "period"
    revisions = client_for(personas.leader).get(f"/api/v1/indicators/{jobs.pk}/revisions").json()
    assert revisions[0]["after"] == 2.3 and revisions[0]["who"] == "rep_a"
    deleted = client_for(personas.reporter_a).delete(f"/api/v1/indicators/{jobs.pk}/observations/2024-03")
    assert deleted.status_code == 204


def test_a_supervisor_manages_the_catalogue_and_targets(personas: Personas, jobs: Indicator) -> None:
    client = client_for(personas.supervisor)
    created = client.post("/api/v1/indicators", data={"name": "新增学位", "unit": "个", "aliases": ["学位"]},
                          content_type="application/json")
    assert created.status_code == 201
    pk = created.json()["id"]
    target = client.put(f"/api/v1/indicators/{pk}/targets/2024", data={"comparator": "gte", "value": 10000},
                        content_type="application/json")
    assert target.json()["phrase"] == "1万个以上"
    patched = client.patch(f"/api/v1/indicators/{pk}", data={"frequency": "quarter"},
                           content_type="application/json")
    assert patched.json()["frequency"] == "quarter"
    assert client_for(personas.reporter_a).patch(f"/api/v1/indicators/{pk}", data={"unit": "万个"},
                                                 content_type="application/json").status_code == 403
    linked = client.post(f"/api/v1/indicators/{pk}/tasks/{personas.task_a.pk}")
    assert linked.status_code == 204 and Indicator.objects.get(pk=pk).tasks.count() == 1


def test_import_preview_and_commit(personas: Personas, jobs: Indicator) -> None:
    client = client_for(personas.reporter_a)
    good = workbook([["指标名称", "统计期", "实际值"], ["城镇新增就业", "2024-03", 2.3]])
    preview = client.post("/api/v1/indicators/import", {"file": SimpleUploadedFile("a.xlsx", good)}).json()
    assert preview["ok"] and not preview["applied"] and preview["created"] == 1
    assert Observation.objects.filter(indicator=jobs).count() == 2
    done = client.post("/api/v1/indicators/import?commit=true", {"file": SimpleUploadedFile("a.xlsx", good)})
    assert done.status_code == 202 and done.json()["kind"] == "sheet_import" and done.json()["status"] == "queued"
    assert Observation.objects.filter(indicator=jobs).count() == 2  # queued: nothing written yet
    jobs_run_pending()
    polled = client.get(f"/api/v1/briefings/jobs/{done.json()['id']}").json()
    assert polled["status"] == "done" and polled["result"]["created"] == 1
    assert Observation.objects.filter(indicator=jobs).count() == 3
    bad = workbook([["指标名称", "统计期", "实际值"], ["城镇新增就业", "2024-04", "N"]])
    refused = client.post("/api/v1/indicators/import?commit=true", {"file": SimpleUploadedFile("b.xlsx", bad)})
    # A workbook with problems is refused at once, with them; nothing is queued.
    assert refused.status_code == 400 and refused.json()["problems"] and not refused.json()["applied"]
    assert not Job.objects.filter(status=JobStatus.QUEUED).exists()
    assert Observation.objects.filter(indicator=jobs).count() == 3


def test_export(personas: Personas, jobs: Indicator) -> None:
    response = client_for(personas.leader).get("/api/v1/indicators/export.xlsx?year=2024")
    assert response.status_code == 200 and read_rows(response.content)[2][1] == "城镇新增就业"
