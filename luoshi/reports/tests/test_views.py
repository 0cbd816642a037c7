"""Report pages: writing with evidence, double posts, refusals shown on the page, file downloads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.http import FileResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from luoshi.core import periods
from luoshi.ledger.tests.factories import Personas, task_factory
from luoshi.reports.models import ProgressReport
from luoshi.reports.services import period_close, report_create
from luoshi.reports.tests.files import PDF, upload

pytestmark = pytest.mark.django_db


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form(**extra: Any) -> dict[str, Any]:
    key = periods.period_containing(timezone.localdate(), "monthly").key
    return {"period_key": key, "narrative": "已完成选址。", "percent_done": 15, "action": "submit",
            "idempotency_key": "form-1"} | extra


def test_a_reporter_submits_a_report_with_evidence_from_the_page(personas: Personas) -> None:
    client = login(personas.reporter_a)
    url = reverse("reports:report_new", args=[personas.task_a.pk])
    assert "idempotency_key" in client.get(url).content.decode()
    response = client.post(url, form(files=[upload("批复.pdf", PDF)]))
    report = ProgressReport.objects.get()
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    assert (report.status, report.evidence.count()) == ("submitted", 1)


def test_a_double_post_of_the_form_makes_one_report(personas: Personas) -> None:
    client = login(personas.reporter_a)
    url = reverse("reports:report_new", args=[personas.task_a.pk])
    first = client.post(url, form())
    second = client.post(url, form())
    assert ProgressReport.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_a_forbidden_file_is_a_message_on_the_form_and_nothing_is_written(personas: Personas, media_root: Path) -> None:
    response = login(personas.reporter_a).post(reverse("reports:report_new", args=[personas.task_a.pk]),
                                               form(files=[upload("病毒.exe", b"MZ")]))
    assert response.status_code == 200
    assert "不支持的证明材料类型" in response.content.decode()
    assert ProgressReport.objects.count() == 0 and not media_root.exists()


def test_a_report_for_a_closed_period_is_a_clear_message_and_nothing_is_written(personas: Personas) -> None:
    client = login(personas.reporter_a)
    url = reverse("reports:report_new", args=[personas.task_a.pk])
    key = periods.period_containing(timezone.localdate(), "monthly").key
    client.get(url)  # the form as loaded before the period closed
    period_close(user=personas.supervisor, key=key)
    response = client.post(url, form(period_key=key))
    assert response.status_code == 200
    assert f"填报期 {key} 已关闭" in response.content.decode()
    assert ProgressReport.objects.count() == 0
    assert f'value="{key}"' not in client.get(url).content.decode()  # no longer offered


def test_evidence_is_served_as_an_attachment_never_from_media_url(personas: Personas, settings: Any) -> None:
    report = report_create(user=personas.reporter_a, task=personas.task_a, narrative="进展", percent_done=5,
                           submit=True, files=[upload("批复.pdf", PDF)])
    evidence = report.evidence.get()
    response = login(personas.leader).get(reverse("reports:evidence_download", args=[evidence.pk]))
    assert response.status_code == 200 and isinstance(response, FileResponse)
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert Client().get(settings.MEDIA_URL + evidence.file.name).status_code == 404
    assert login(personas.reporter_b).get(reverse("reports:evidence_download", args=[evidence.pk])).status_code == 404


def test_the_inbox_lists_a_reporters_tasks_to_report(personas: Personas) -> None:
    content = login(personas.reporter_a).get(reverse("reports:inbox")).content.decode()
    assert personas.task_a.code in content and personas.task_shared.code in content
    assert personas.task_b.code not in content


def test_the_task_page_shows_the_reports_panel(personas: Personas) -> None:
    report_create(user=personas.reporter_a, task=personas.task_a, narrative="进展", percent_done=5, submit=True)
    content = login(personas.supervisor).get(personas.task_a.get_absolute_url()).content.decode()
    assert 'id="reports-panel"' in content and 'id="oversight-panel"' in content


def test_the_inbox_and_report_list_take_a_fixed_number_of_queries(personas: Personas) -> None:
    def load(n: int) -> None:
        for i in range(n):
            task = task_factory(f"任务{i}", lead_unit=personas.unit_a)
            report_create(user=personas.reporter_a, task=task, narrative="进展", percent_done=5, submit=True)

    def count(url: str, user: Any) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client = login(user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    load(2)
    small = {(name, user.pk): count(reverse(name), user) for name, user in
             (("reports:inbox", personas.reporter_a), ("reports:inbox", personas.supervisor),
              ("reports:report_list", personas.supervisor))}
    load(8)
    large = {(name, user.pk): count(reverse(name), user) for name, user in
             (("reports:inbox", personas.reporter_a), ("reports:inbox", personas.supervisor),
              ("reports:report_list", personas.supervisor))}
    assert large == small
