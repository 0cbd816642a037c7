""""Evaluate now" runs in the background and shows its progress (issue 15, point 4)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from luoshi.briefings.choices import JobKind, JobStatus
from luoshi.briefings.jobs import jobs_run_pending
from luoshi.briefings.models import Job
from luoshi.ledger.models import Task
from luoshi.ledger.tests.factories import PASSWORD, Personas, task_factory
from luoshi.oversight.services import evaluation_run

pytestmark = pytest.mark.django_db


def login(user: object) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)  # type: ignore[attr-defined]
    return client


def overdue_task(personas: Personas) -> Task:
    today = timezone.localdate()
    return task_factory("建设中试基地", lead_unit=personas.unit_a, start_date=today - timedelta(days=100),
                        deadline=today - timedelta(days=1))


def test_the_run_reports_each_step_in_order(personas: Personas) -> None:
    overdue_task(personas)
    heard: list[tuple[int, str]] = []

    def progress(percent: int, message: str = "") -> None:
        heard.append((percent, message))

    changed = evaluation_run(progress=progress)
    percents = [p for p, _m in heard]
    assert changed >= 1 and percents == sorted(percents) and len(percents) == 4 and percents[-1] < 100
    assert f"{changed} 项任务的评估状态有变化" in heard[2][1]


def test_evaluate_now_opens_the_job_page_and_the_job_writes_the_lights(personas: Personas) -> None:
    task = overdue_task(personas)
    client = login(personas.supervisor)
    response = client.post("/oversight/evaluate/")
    job = Job.objects.get(kind=JobKind.EVALUATION_RUN)
    assert response.status_code == 302 and response["Location"] == f"/briefings/jobs/{job.pk}/"
    jobs_run_pending()
    job.refresh_from_db()
    task.refresh_from_db()
    assert job.status == JobStatus.DONE and job.progress == 100 and task.light == "red"
    assert "项任务的评估状态发生变化" in job.message and job.result["lights_changed"] >= 1
    page = client.get(f"/briefings/jobs/{job.pk}/progress/").content.decode()
    assert "100%" in page and "/oversight/" in page  # the way back to the overview


def test_a_reporter_cannot_start_a_run_and_no_job_is_queued(personas: Personas) -> None:
    response = login(personas.reporter_a).post("/oversight/evaluate/")
    assert response.status_code == 403 and not Job.objects.filter(kind=JobKind.EVALUATION_RUN).exists()


def test_a_run_whose_starter_is_gone_fails_with_a_refusal_and_writes_nothing(personas: Personas) -> None:
    task = overdue_task(personas)
    login(personas.supervisor).post("/oversight/evaluate/")
    Job.objects.filter(kind=JobKind.EVALUATION_RUN).update(created_by=None)
    jobs_run_pending()
    job = Job.objects.get(kind=JobKind.EVALUATION_RUN)
    task.refresh_from_db()
    assert job.status == JobStatus.FAILED and task.light != "red"


def test_the_api_queues_the_run_and_its_job_reports_the_lights_changed(personas: Personas) -> None:
    task = overdue_task(personas)
    client = login(personas.supervisor)
    response = client.post("/api/v1/oversight/evaluate")
    assert response.status_code == 202 and response.json()["kind"] == "evaluation_run"
    assert response.json()["status"] == "queued"
    task.refresh_from_db()
    assert task.light != "red"  # nothing evaluated in the request
    jobs_run_pending()
    job = client.get(f"/api/v1/briefings/jobs/{response.json()['id']}").json()
    task.refresh_from_db()
    assert job["status"] == "done" and job["result"]["lights_changed"] >= 1 and task.light == "red"
    again = client.post("/api/v1/oversight/evaluate").json()
    jobs_run_pending()
    assert client.get(f"/api/v1/briefings/jobs/{again['id']}").json()["result"]["lights_changed"] == 0


def test_a_reporter_is_refused_the_api_run_at_once_and_no_job_is_queued(personas: Personas) -> None:
    response = login(personas.reporter_a).post("/api/v1/oversight/evaluate")
    assert response.status_code == 403 and response.json()["message"]
    assert not Job.objects.filter(kind=JobKind.EVALUATION_RUN).exists()
