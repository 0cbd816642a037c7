"""Evaluation on the plan's clock, at once (issue 12, point 1).

A plan is walked from confirmation through a report, a tick and an adjustment; after each
step the light is asserted without any scheduled run in between, and every change of light
is in the task's history with its reason.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import pytest
from django.utils import timezone
from pytest_django.fixtures import Settings

from luoshi.briefings.exports.ledger_xlsx import ledger_status_text
from luoshi.documents.models import Document, DraftMeasure
from luoshi.ledger.models import Task
from luoshi.ledger.services import draft_measure_confirm, task_update
from luoshi.ledger.tests.factories import Personas, task_factory
from luoshi.oversight.services import adjustment_approve, adjustment_request, evaluation_run, tick_run
from luoshi.oversight.services.evaluation import task_evaluation
from luoshi.reports.services import report_accept, report_create

pytestmark = pytest.mark.django_db

TEXT = "一、加快建设海河实验室,年内完成主体工程。"


def plan(issued_on: date) -> DraftMeasure:
    document = Document.objects.create(title="海河实验室建设方案", issued_on=issued_on, text=TEXT,
                                       content_hash=hashlib.sha256(TEXT.encode()).hexdigest())
    return DraftMeasure.objects.create(document=document, start=2, end=len(TEXT), title="加快建设海河实验室",
                                       text=TEXT[2:])


def reasons(task: Task) -> list[str]:
    return [h.history_change_reason or "" for h in task.history.all()]


@pytest.fixture(autouse=True)
def no_report_noise(settings: Settings) -> None:
    """Reports missing in earlier months would colour the light too; this walk is about the clock."""
    settings.LUOSHI = {**settings.LUOSHI, "EVALUATION": {"yellow_missing_reports": 99, "red_missing_reports": 99}}


def test_a_plan_is_evaluated_at_once_from_confirmation_to_adjustment(personas: Personas,
                                                                     settings: Settings) -> None:
    p = personas
    today = timezone.localdate()
    issued, deadline = today - timedelta(days=200), today + timedelta(days=165)

    # 1. Confirmed today from a plan issued 200 days ago: 55 % expected, nothing reported —
    #    "no report" at once, not "no light until the next run", and not "on schedule" from today.
    task = draft_measure_confirm(measure=plan(issued), user=p.supervisor,
                                 edits={"lead_unit": p.unit_a, "deadline": deadline})
    task.refresh_from_db()
    assert task.start_date is None and task.light == "unreported"
    assert task_evaluation(task=task).result.expected == 55
    assert reasons(task)[0].startswith(f"评估(任务确认,{today.isoformat()}):未评估→未报送")
    assert task.history.first().history_user == p.supervisor

    # 2. A report of 50 % is accepted: green at once.
    report = report_create(user=p.reporter_a, task=task, narrative="主体结构完成一半。", percent_done=50, submit=True)
    task.refresh_from_db()
    assert task.light == "unreported"  # the light changes with an accepted report, not a submitted one
    report_accept(user=p.supervisor, report=report, grade=4)
    task.refresh_from_db()
    assert (task.progress_percent, task.light) == (50, "green")
    assert reasons(task)[0].startswith("评估(采纳进展报告")

    # 3. A hundred days later, nothing more reported: the tick turns it red.
    later = today + timedelta(days=100)
    settings.LUOSHI_BUSINESS_DATE = later.isoformat()
    assert tick_run().lights_changed >= 1
    task.refresh_from_db()
    assert task.light == "red" and ledger_status_text(task).endswith("（滞后）")
    assert reasons(task)[0].startswith(f"评估(定期评估,{later.isoformat()}):正常→滞后")

    # 4. The deadline is moved by an approved adjustment: the light and the ledger export's
    #    status are right at once.
    request = adjustment_request(user=p.reporter_a, task=task, reason="设备到货延迟",
                                 changes={"deadline": (today + timedelta(days=500)).isoformat()})
    adjustment_approve(user=p.supervisor, request=request)
    task.refresh_from_db()
    assert task.light == "green" and ledger_status_text(task).endswith("（正常）")
    light_row, change_row = task.history.all()[:2]
    assert (light_row.light, change_row.light, change_row.deadline) == ("green", "red", today + timedelta(days=500))
    assert light_row.history_change_reason.startswith(f"调整申请#{request.pk}")

    # 5. The next tick finds nothing to change and writes no history.
    rows = task.history.count()
    assert tick_run().lights_changed == 0
    assert task.history.count() == rows


def test_an_edit_by_a_person_re_evaluates_and_says_who(personas: Personas) -> None:
    today = timezone.localdate()
    task = task_factory("推进零碳码头建设", lead_unit=personas.unit_a, start_date=today - timedelta(days=10),
                        deadline=today + timedelta(days=10))
    task_update(task=task, user=personas.supervisor, start_date=today - timedelta(days=300))
    task.refresh_from_db()
    assert task.light == "unreported"
    latest = task.history.first()
    assert latest.history_user == personas.supervisor
    assert latest.history_change_reason.startswith("评估(任务修改")
    task_update(task=task, user=personas.supervisor, status="completed")
    task.refresh_from_db()
    assert task.light == "done"


def test_the_evaluation_run_records_each_change_with_its_reason_and_keeps_co_units(personas: Personas) -> None:
    today = timezone.localdate()
    task = task_factory("建设中试基地", lead_unit=personas.unit_a, co_units=[personas.unit_b],
                        start_date=today - timedelta(days=100), deadline=today - timedelta(days=1))
    assert evaluation_run() >= 1
    latest = task.history.first()
    assert latest.light == "red" and "已超过完成时限" in latest.history_change_reason
    assert [u.unit_id for u in latest.co_units.all()] == [personas.unit_b.pk]
