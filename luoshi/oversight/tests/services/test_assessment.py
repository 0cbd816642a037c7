"""Unit assessment: the parts counted from reports and notices, weights from settings, ranks."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from luoshi.core.errors import DomainError, PermissionDenied
from luoshi.ledger.models import Task
from luoshi.ledger.tests.factories import Personas
from luoshi.oversight.models import SupervisionNotice, UnitScore
from luoshi.oversight.services import unit_scores_compute
from luoshi.reports.models import ProgressReport
from luoshi.reports.services import report_accept, report_create, report_return

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(personas: Personas) -> str:
    today = timezone.localdate()
    for task in (personas.task_a, personas.task_b):
        Task.objects.filter(pk=task.pk).update(start_date=today - timedelta(days=50), deadline=today + timedelta(days=50))
    Task.objects.filter(pk=personas.task_shared.pk).update(status="cancelled")
    return f"{today:%Y-%m}"


def test_units_are_scored_and_ranked(personas: Personas, period: str) -> None:
    good = report_create(user=personas.reporter_a, task=personas.task_a, narrative="进展", percent_done=50, submit=True)
    report_accept(user=personas.supervisor, report=good, grade=5)
    weak = report_create(user=personas.reporter_b, task=personas.task_b, narrative="少", percent_done=5, submit=True)
    report_return(user=personas.supervisor, report=weak, comment="太简略")
    scores = {s.unit_id: s for s in unit_scores_compute(period_key=period, user=personas.supervisor)}
    a, b = scores[personas.unit_a.pk], scores[personas.unit_b.pk]
    assert (a.grade, b.grade) == (1.0, 0.0)
    assert a.completion == pytest.approx(1.0) and b.completion == 0.0
    assert a.total is not None and b.total is not None
    assert (a.rank, b.rank) == (1, 2) and a.total > b.total
    assert (a.task_count, b.task_count) == (1, 1)  # the cancelled task is not scored
    assert a.weights == {"on_time": 0.25, "completion": 0.3, "grade": 0.15, "responsiveness": 0.1, "overdue": 0.1,
                         "proposals": 0.1}


def test_recomputing_replaces_the_figures_and_keeps_their_history(personas: Personas, period: str) -> None:
    unit_scores_compute(period_key=period)
    report = report_create(user=personas.reporter_a, task=personas.task_a, narrative="进展", percent_done=50,
                           submit=True)
    report_accept(user=personas.supervisor, report=report, grade=3)
    unit_scores_compute(period_key=period)
    score = UnitScore.objects.get(period_key=period, unit=personas.unit_a)
    assert score.grade == 0.5
    assert score.history.count() == 2


def test_weights_come_from_settings(personas: Personas, period: str, settings: Any) -> None:
    settings.LUOSHI = {**settings.LUOSHI, "ASSESSMENT_WEIGHTS": {"on_time": 0, "completion": 0, "grade": 100,
                                                                "responsiveness": 0, "overdue": 0, "proposals": 0}}
    report = report_create(user=personas.reporter_a, task=personas.task_a, narrative="进展", percent_done=1, submit=True)
    report_accept(user=personas.supervisor, report=report, grade=4)
    score = {s.unit_id: s for s in unit_scores_compute(period_key=period)}[personas.unit_a.pk]
    assert score.total == 75.0


def test_notices_answered_late_or_never_lower_responsiveness(personas: Personas) -> None:
    from datetime import date

    def notice(number: int, unit: Any, task: Task, replied_on: date | None) -> None:
        SupervisionNotice.objects.create(
            year=2024, number=number, task=task, unit=unit, issued_on=date(2024, 10, 8), reason="滞后",
            requirement="说明", reply_due=date(2024, 10, 15), replied_on=replied_on,
            status="answered" if replied_on else "issued")

    notice(1, personas.unit_a, personas.task_a, date(2024, 10, 15))  # on time: 1
    notice(2, personas.unit_a, personas.task_shared, date(2024, 10, 18))  # 3 working days late: 0.5
    notice(3, personas.unit_b, personas.task_b, None)  # never: 0
    scores = {s.unit_id: s for s in unit_scores_compute(period_key="2024-10", today=date(2024, 10, 31))}
    assert scores[personas.unit_a.pk].responsiveness == 0.75
    assert scores[personas.unit_b.pk].responsiveness == 0.0
    assert (scores[personas.unit_a.pk].notices, scores[personas.unit_b.pk].notices) == (2, 1)


def test_on_time_reporting_counts_first_submissions_against_due_dates(personas: Personas) -> None:
    from datetime import date

    from luoshi.reports.services import period_reopen

    Task.objects.filter(pk=personas.task_a.pk).update(start_date=date(2024, 1, 1), deadline=date(2024, 12, 31))
    Task.objects.filter(pk=personas.task_b.pk).update(start_date=date(2024, 1, 1), deadline=date(2024, 12, 31))
    period_reopen(user=personas.supervisor, key="2024-09")
    on_time = report_create(user=personas.reporter_a, task=personas.task_a, narrative="进展", percent_done=70,
                            period_key="2024-09", submit=True)
    ProgressReport.objects.filter(pk=on_time.pk).update(submitted_at=timezone.make_aware(
        datetime(2024, 10, 11, 10, 0)))
    scores = {s.unit_id: s for s in unit_scores_compute(period_key="2024-10", today=date(2024, 10, 31))}
    # the September report fell due on 12 Oct: unit A reported on the 11th, unit B not at all
    assert (scores[personas.unit_a.pk].reports_due, scores[personas.unit_a.pk].reports_on_time) == (1, 1)
    assert (scores[personas.unit_b.pk].reports_due, scores[personas.unit_b.pk].reports_on_time) == (1, 0)
    assert scores[personas.unit_a.pk].on_time == 1.0 and scores[personas.unit_b.pk].on_time == 0.0


def test_tasks_past_their_deadline_and_not_done_are_overdue_tasks(personas: Personas) -> None:
    from datetime import date

    from luoshi.core.history import recording
    from luoshi.oversight.services import unit_score_trace

    Task.objects.filter(pk=personas.task_shared.pk).update(status="cancelled")
    # unit A: one task past its deadline and open; unit B: one completed (its history says so)
    Task.objects.filter(pk=personas.task_a.pk).update(start_date=date(2024, 1, 1), deadline=date(2024, 10, 10))
    task_b = Task.objects.get(pk=personas.task_b.pk)
    task_b.start_date, task_b.deadline, task_b.status = date(2024, 1, 1), date(2024, 10, 20), "completed"
    with recording(personas.supervisor, "完成"):
        task_b.save()
    task_b.history.filter(status="completed").update(history_date=timezone.make_aware(datetime(2024, 10, 18, 9)))
    scores = {s.unit_id: s for s in unit_scores_compute(period_key="2024-10", today=date(2024, 10, 31))}
    a, b = scores[personas.unit_a.pk], scores[personas.unit_b.pk]
    assert (a.overdue, a.overdue_tasks) == (0.0, 1)
    assert (b.overdue, b.overdue_tasks) == (1.0, 0)  # completed on the 18th, by its deadline
    trace = unit_score_trace(period_key="2024-10", unit_id=personas.unit_a.pk, today=date(2024, 10, 31))
    part = next(p for p in trace.parts if p.part.key == "overdue")
    [(record, got, best)] = part.records
    assert record.url == personas.task_a.get_absolute_url() and "逾期 21 天" in record.detail
    assert got == 0 and best > 0
    # a period before the deadline has no overdue record for the task
    earlier = {s.unit_id: s for s in unit_scores_compute(period_key="2024-09", today=date(2024, 10, 31))}
    assert earlier[personas.unit_a.pk].overdue is None


def test_only_oversight_computes_and_a_bad_period_is_a_clear_message(personas: Personas) -> None:
    with pytest.raises(PermissionDenied):
        unit_scores_compute(period_key="2024-09", user=personas.leader)
    with pytest.raises(DomainError):
        unit_scores_compute(period_key="九月", user=personas.supervisor)
    assert UnitScore.objects.count() == 0
