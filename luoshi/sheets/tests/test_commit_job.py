"""Committing an import is a background job (sheets.jobs): what the request refuses queues nothing;
the job writes everything or nothing, in its creator's name, and removes the kept workbook."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from luoshi.briefings.choices import JobKind, JobStatus
from luoshi.briefings.jobs import jobs_run_pending
from luoshi.briefings.models import Job
from luoshi.core.errors import DomainError
from luoshi.indicators.models import Indicator, Observation
from luoshi.indicators.tests.factories import indicator_factory, workbook
from luoshi.indicators.tests.test_views import client_for
from luoshi.ledger.tests.factories import Personas
from luoshi.sheets.jobs import sheet_import_job
from luoshi.sheets.views import FLOWS, flow_for_kind

pytestmark = pytest.mark.django_db

GOOD: list[list[Any]] = [["指标名称", "统计期", "实际值"], ["地区生产总值", "2024-03", 1200]]
REFUSED = "导入未执行:工作簿中有 1 处问题,请修改后重新导入。"


@pytest.fixture
def gdp(personas: Personas) -> Indicator:
    return indicator_factory("地区生产总值", unit="亿元", responsible_unit=personas.unit_a)


def _previewed(client: Client) -> str:
    """Upload GOOD through the page (the preview) and return the kept workbook's token."""
    response = client.post("/indicators/import/", {"file": SimpleUploadedFile("gdp.xlsx", workbook(GOOD))})
    assert response.status_code == 200 and 'id="commit-form"' in response.content.decode()
    return str(response.context["token"])


def _kept(token: str) -> bool:
    return bool(default_storage.exists(f"imports/{token}.xlsx"))


def test_the_commit_queues_a_job_that_writes_everything_and_lands_on_the_done_page(
        personas: Personas, gdp: Indicator) -> None:
    client = client_for(personas.reporter_a)
    token = _previewed(client)
    response = client.post(f"/indicators/import/{token}/commit/", HTTP_HX_REQUEST="true")
    job = Job.objects.get(kind=JobKind.SHEET_IMPORT)
    assert response.status_code == 204 and response["HX-Redirect"] == f"/briefings/jobs/{job.pk}/"
    assert job.status == JobStatus.QUEUED and job.created_by == personas.reporter_a
    assert not Observation.objects.exists() and _kept(token)  # nothing written until the job runs
    assert token not in client.session["luoshi_pending_imports"]  # the job owns the upload now

    assert jobs_run_pending() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.message == "导入完成:新增 1 行,修改 0 行,0 行未变。"
    assert Observation.objects.get(indicator=gdp).value == 1200
    assert not _kept(token)
    progress = client.get(f"/briefings/jobs/{job.pk}/progress/", HTTP_HX_REQUEST="true")
    assert progress.status_code == 204 and progress["HX-Redirect"] == "/indicators/"
    # The commit's message goes along, as when the commit ran in the request.
    assert "导入完成:新增 1 行" in client.get("/indicators/").content.decode()


def test_the_job_reports_reading_validating_and_writing(personas: Personas, gdp: Indicator) -> None:
    client = client_for(personas.supervisor)
    client.post(f"/indicators/import/{_previewed(client)}/commit/")
    job = Job.objects.get(kind=JobKind.SHEET_IMPORT)
    steps: list[tuple[int, str]] = []
    outcome = sheet_import_job(job, lambda percent, message="": steps.append((percent, message)))
    assert [message for _percent, message in steps] == ["正在读取文件…", "正在校验数据…", "正在写入数据…"]
    assert [percent for percent, _message in steps] == sorted(percent for percent, _message in steps)
    assert outcome.result["url"] == "/indicators/" and outcome.result["created"] == 1


def test_rows_invalid_by_commit_time_fail_the_job_and_write_nothing(personas: Personas, gdp: Indicator) -> None:
    client = client_for(personas.reporter_a)
    token = _previewed(client)
    client.post(f"/indicators/import/{token}/commit/")
    # Between the preview and the job the indicator went to another unit: the row is now refused.
    Indicator.objects.filter(pk=gdp.pk).update(responsible_unit=personas.unit_b)
    jobs_run_pending()
    job = Job.objects.get(kind=JobKind.SHEET_IMPORT)
    assert job.status == JobStatus.FAILED and job.message == REFUSED
    assert not Observation.objects.exists() and not _kept(token)
    page = client.get(f"/briefings/jobs/{job.pk}/").content.decode()
    assert REFUSED in page and 'id="job-again" href="/indicators/import/"' in page  # a new upload, as before


def test_the_permission_is_checked_again_when_the_job_runs(personas: Personas, gdp: Indicator) -> None:
    client = client_for(personas.supervisor)
    token = _previewed(client)
    client.post(f"/indicators/import/{token}/commit/")
    Job.objects.filter(kind=JobKind.SHEET_IMPORT).update(created_by=personas.leader)  # reads, may not import
    jobs_run_pending()
    job = Job.objects.get(kind=JobKind.SHEET_IMPORT)
    assert job.status == JobStatus.FAILED and job.message == "只有督查人员和填报员可以导入指标实际值。"
    assert not Observation.objects.exists() and not _kept(token)


def test_a_workbook_changed_on_disk_after_queueing_fails_the_job(personas: Personas, gdp: Indicator) -> None:
    client = client_for(personas.supervisor)
    token = _previewed(client)
    client.post(f"/indicators/import/{token}/commit/")
    default_storage.delete(f"imports/{token}.xlsx")
    default_storage.save(f"imports/{token}.xlsx", ContentFile(workbook([*GOOD, ["地区生产总值", "2024-06", 9]])))
    jobs_run_pending()
    job = Job.objects.get(kind=JobKind.SHEET_IMPORT)
    assert job.status == JobStatus.FAILED and "请重新上传" in job.message
    assert not Observation.objects.exists() and not _kept(token)


def test_what_the_request_refused_before_is_refused_there_and_nothing_is_queued(
        personas: Personas, gdp: Indicator) -> None:
    owner = client_for(personas.supervisor)
    token = _previewed(owner)
    # No permission: 403.
    assert client_for(personas.leader).post(f"/indicators/import/{token}/commit/").status_code == 403
    # Another session's token, an unknown token: back to the upload page.
    other = client_for(personas.reporter_a).post(f"/indicators/import/{token}/commit/")
    assert other.status_code == 302 and other["Location"] == "/indicators/import/"
    assert owner.post("/indicators/import/no-such-token-at-all/commit/")["Location"] == "/indicators/import/"
    assert not Job.objects.exists() and _kept(token)  # the owner may still commit it
    # A file changed on disk since the preview.
    default_storage.delete(f"imports/{token}.xlsx")
    default_storage.save(f"imports/{token}.xlsx", ContentFile(b"PK changed"))
    changed = owner.post(f"/indicators/import/{token}/commit/")
    assert changed["Location"] == "/indicators/import/" and not Job.objects.exists()
    assert "上传的文件已失效" in owner.get("/indicators/import/").content.decode()


def test_the_api_commit_answers_202_with_the_job(personas: Personas, gdp: Indicator) -> None:
    client = client_for(personas.reporter_a)
    response = client.post("/api/v1/indicators/import?commit=true",
                           {"file": SimpleUploadedFile("gdp.xlsx", workbook(GOOD))})
    body = response.json()
    assert response.status_code == 202 and body["kind"] == "sheet_import" and body["status"] == "queued"
    job = Job.objects.get(pk=body["id"])
    assert _kept(job.params["token"]) and not Observation.objects.exists()
    jobs_run_pending()
    polled = client.get(f"/api/v1/briefings/jobs/{job.pk}").json()
    assert polled["status"] == "done" and polled["result"]["created"] == 1 and polled["result"]["url"] == "/indicators/"
    assert Observation.objects.filter(indicator=gdp).count() == 1 and not _kept(job.params["token"])


def test_an_api_commit_of_a_workbook_with_problems_is_refused_at_once_with_them(personas: Personas,
                                                                               gdp: Indicator) -> None:
    bad: list[list[Any]] = [["指标名称", "统计期", "实际值"], ["地区生产总值", "2024-13", 1200]]
    response = client_for(personas.reporter_a).post("/api/v1/indicators/import?commit=true",
                                                    {"file": SimpleUploadedFile("gdp.xlsx", workbook(bad))})
    assert response.status_code == 400 and response.json()["problems"]
    assert not Job.objects.exists() and not Observation.objects.exists()
    assert not default_storage.exists("imports") or not default_storage.listdir("imports")[1]  # nothing kept


def test_every_flow_is_found_by_its_kind() -> None:
    for kind in ("key_projects", "indicator_observations", "task_division"):
        assert flow_for_kind(kind).kind == kind
    assert all(flow_for_kind(kind) is flow for kind, flow in FLOWS.items())
    with pytest.raises(DomainError):
        flow_for_kind("no_such_import")


def test_a_fresh_worker_process_finds_every_flow() -> None:
    """A worker has imported none of the pages when its first job runs: the registry loads them."""
    code = ("import django; django.setup(); from luoshi.sheets.views import FLOWS, flow_for_kind; "
            "assert not FLOWS, sorted(FLOWS); "
            "print(' '.join(sorted(flow_for_kind(k).kind for k in ('key_projects', 'indicator_observations', 'task_division'))))")
    root = Path(__file__).resolve().parents[3]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings")}
    done = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["indicator_observations", "key_projects", "task_division"]
