"""Oversight pages: what they show, refusals as messages, and fixed query counts on lists."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from luoshi.ledger.models import Task
from luoshi.ledger.tests.factories import Personas, task_factory
from luoshi.oversight.choices import SnapshotKind
from luoshi.oversight.models import AdjustmentRequest, Comment, SupervisionNotice
from luoshi.oversight.services import comment_add, snapshot_take, unit_scores_compute
from luoshi.reports.choices import NotificationKind
from luoshi.reports.models import Notification

pytestmark = pytest.mark.django_db


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_home_page_counts_lights_and_trends(personas: Personas) -> None:
    snapshot_take(key="2024-09", kind=SnapshotKind.MONTHLY, as_of=timezone.localdate())
    content = login(personas.leader).get(reverse("oversight:home")).content.decode()
    assert "2024-09" in content and 'id="staged-progress"' in content


def test_a_deadline_before_the_start_is_a_message_on_the_adjustment_form(personas: Personas) -> None:
    today = timezone.localdate()
    Task.objects.filter(pk=personas.task_a.pk).update(start_date=today, deadline=today + timedelta(days=30))
    url = reverse("oversight:adjustment_new", args=[personas.task_a.pk])
    response = login(personas.reporter_a).post(url, {
        "deadline": str(today - timedelta(days=1)), "start_date": str(today), "title": personas.task_a.title,
        "target_comparator": "eq", "lead_unit": personas.unit_a.pk, "reason": "笔误", "idempotency_key": "x1"})
    assert response.status_code == 200 and "完成时限不能早于开始日期" in response.content.decode()
    assert AdjustmentRequest.objects.count() == 0


def test_the_adjustment_form_requests_only_what_changed(personas: Personas) -> None:
    today = timezone.localdate()
    Task.objects.filter(pk=personas.task_a.pk).update(start_date=today, deadline=today + timedelta(days=30))
    task = Task.objects.get(pk=personas.task_a.pk)
    response = login(personas.reporter_a).post(reverse("oversight:adjustment_new", args=[task.pk]), {
        "deadline": str(today + timedelta(days=90)), "start_date": str(today), "title": task.title,
        "target_comparator": task.target_comparator, "lead_unit": personas.unit_a.pk, "reason": "延期",
        "idempotency_key": "x2"})
    assert response.status_code == 302
    assert AdjustmentRequest.objects.get().changes == {"deadline": str(today + timedelta(days=90))}


def test_a_notice_on_a_task_on_track_is_a_message(personas: Personas) -> None:
    today = timezone.localdate()
    Task.objects.filter(pk=personas.task_a.pk).update(start_date=today, deadline=today + timedelta(days=300))
    response = login(personas.supervisor).post(reverse("oversight:notice_new", args=[personas.task_a.pk]),
                                               {"requirement": "说明", "idempotency_key": "n1"})
    assert response.status_code == 200 and "未滞后" in response.content.decode()
    assert SupervisionNotice.objects.count() == 0


def test_a_leaders_comment_reaches_the_unit(personas: Personas) -> None:
    comment_add(user=personas.leader, task=personas.task_a, body="要加快进度")
    assert Notification.objects.filter(recipient=personas.reporter_a, kind=NotificationKind.COMMENT).exists()
    content = login(personas.reporter_a).get(personas.task_a.get_absolute_url()).content.decode()
    assert "要加快进度" in content
    assert Comment.objects.count() == 1


def test_the_ranking_page_shows_the_computed_scores(personas: Personas) -> None:
    period = f"{timezone.localdate():%Y-%m}"
    unit_scores_compute(period_key=period)
    content = login(personas.reporter_b).get(reverse("oversight:assessment") + f"?period={period}").content.decode()
    assert 'id="ranking"' in content and str(personas.unit_a) in content


@pytest.mark.parametrize("name", ["oversight:home", "oversight:notice_list", "oversight:adjustment_list",
                                  "oversight:snapshot_list", "oversight:assessment", "ledger:workload",
                                  "ledger:taskforce_list", "ledger:liaison_list"])
def test_list_pages_take_a_fixed_number_of_queries(personas: Personas, name: str) -> None:
    today = timezone.localdate()
    client = login(personas.supervisor)

    def grow(n: int) -> None:
        for _ in range(n):
            task = task_factory(lead_unit=personas.unit_a, start_date=today - timedelta(days=100),
                                deadline=today - timedelta(days=1))
            number = SupervisionNotice.objects.count() + 1
            SupervisionNotice.objects.create(year=today.year, number=number, task=task, unit=personas.unit_a,
                                             issued_by=personas.supervisor, issued_on=today, reason="r",
                                             requirement="q", reply_due=today)
            AdjustmentRequest.objects.create(task=task, requested_by=personas.reporter_a, reason="r",
                                             changes={"deadline": "2030-01-01"}, before={"deadline": None})
        snapshot_take(key=f"s{SupervisionNotice.objects.count()}", kind=SnapshotKind.ON_DEMAND, as_of=today)
        unit_scores_compute(period_key=f"{today:%Y-%m}")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name)).status_code == 200
        return len(queries)

    grow(2)
    small = count()
    grow(6)
    assert count() == small
