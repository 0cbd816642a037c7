"""Bad input through the API: a clear {code, message}, the right status, and nothing written (#4)."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from luoshi.core import periods
from luoshi.ledger.models import Task
from luoshi.ledger.tests.factories import Personas
from luoshi.oversight.models import AdjustmentRequest
from luoshi.reports.models import Evidence, ProgressReport
from luoshi.reports.services import period_close
from luoshi.reports.tests.files import PDF

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client: Client, path: str, body: dict[str, Any]) -> Any:
    return client.post(f"/api/v1{path}", data=json.dumps(body), content_type="application/json")


def test_a_report_for_a_closed_period(personas: Personas) -> None:
    key = periods.period_containing(timezone.localdate(), "monthly").key
    period_close(user=personas.supervisor, key=key)
    response = post(client_for(personas.reporter_a), "/reports/", {"task_id": personas.task_a.pk, "period_key": key,
                                                                  "narrative": "x", "percent_done": 5})
    assert response.status_code == 400
    assert response.json()["code"] == "period_closed" and "已关闭" in response.json()["message"]
    assert ProgressReport.objects.count() == 0


@pytest.mark.parametrize(("name", "content", "code"), [
    ("脚本.html", b"<script>", "evidence_type"),
    ("伪装.pdf", b"MZ\x90\x00", "evidence_content"),
    ("超大.pdf", PDF + b"0" * 300, "evidence_too_large"),
])
def test_a_bad_evidence_file(personas: Personas, settings: Any, media_root: Path, name: str, content: bytes,
                             code: str) -> None:
    settings.LUOSHI = {**settings.LUOSHI, "MAX_EVIDENCE_BYTES": 200}
    client = client_for(personas.reporter_a)
    report = post(client, "/reports/", {"task_id": personas.task_a.pk, "narrative": "x", "percent_done": 5}).json()
    response = client.post(f"/api/v1/reports/{report['id']}/evidence",
                           data={"files": [SimpleUploadedFile(name, content)]})
    assert response.status_code == 400 and response.json()["code"] == code
    assert Evidence.objects.count() == 0 and not media_root.exists()


def test_a_deadline_before_the_start_edited_directly(personas: Personas) -> None:
    today = timezone.localdate()
    Task.objects.filter(pk=personas.task_a.pk).update(start_date=today, deadline=today + timedelta(days=30))
    response = client_for(personas.supervisor).patch(
        f"/api/v1/tasks/{personas.task_a.pk}", data=json.dumps({"version": 1, "deadline": str(today - timedelta(1)), "reason": "更正"}),
        content_type="application/json")
    assert response.status_code == 400 and "完成时限不能早于开始日期" in response.json()["message"]
    assert Task.objects.get(pk=personas.task_a.pk).version == 1


def test_a_deadline_before_the_start_requested(personas: Personas) -> None:
    today = timezone.localdate()
    Task.objects.filter(pk=personas.task_a.pk).update(start_date=today, deadline=today + timedelta(days=30))
    response = post(client_for(personas.reporter_a), "/oversight/adjustments", {
        "task_id": personas.task_a.pk, "reason": "x", "changes": {"deadline": str(today - timedelta(1))}})
    assert response.status_code == 400 and response.json()["field"] == "deadline"
    assert AdjustmentRequest.objects.count() == 0


def test_two_supervisors_editing_one_task_the_second_is_told(personas: Personas) -> None:
    first, second = client_for(personas.supervisor), client_for(personas.admin)
    body = {"version": 1, "expected_outcome": "第一位"}
    assert first.patch(f"/api/v1/tasks/{personas.task_a.pk}", data=json.dumps(body),
                       content_type="application/json").status_code == 200
    response = second.patch(f"/api/v1/tasks/{personas.task_a.pk}", data=json.dumps(body | {"expected_outcome": "第二位"}),
                            content_type="application/json")
    assert response.status_code == 409 and response.json()["code"] == "conflict"
    assert Task.objects.get(pk=personas.task_a.pk).expected_outcome == "第一位"


def test_anonymous_requests_get_401(personas: Personas) -> None:
    assert Client().get("/api/v1/reports/").status_code == 401
    assert Client().post("/api/v1/oversight/evaluate").status_code == 401
