"""Scores you can trace (issue 12, point 4): one definition of the formula, shown on the page and
in the docs, checked at startup; every score opens into parts and records whose points add up."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.utils import timezone, translation

from luoshi.ledger.models import Task
from luoshi.ledger.tests.factories import PASSWORD, Personas
from luoshi.oversight.checks import assessment_weights_check
from luoshi.oversight.constants import SCORE_PARTS, all_parts, score_parts
from luoshi.oversight.models import UnitScore
from luoshi.oversight.services import unit_score_trace, unit_scores_compute
from luoshi.reports.services import report_accept, report_create, report_return

DOC = Path(django_settings.BASE_DIR) / "docs" / "assessment.md"


def test_the_weights_of_the_definition_sum_to_100() -> None:
    assert sum(p.weight for p in all_parts()) == 100
    assert [p.key for p in all_parts()][len(SCORE_PARTS):] == ["proposals"]  # contributed by its app
    assert assessment_weights_check() == []


@pytest.mark.parametrize(("weights", "message"), [
    ({"on_time": 0.25, "completion": 0.5, "grade": 0.15, "responsiveness": 0.1}, "sum to 100"),
    ({"on_time": 50}, "sum to 100"),
    ({"punctuality": 10}, "unknown parts"),
])
def test_weights_that_do_not_sum_to_100_are_a_startup_error(settings: Any, weights: dict[str, float],
                                                              message: str) -> None:
    settings.LUOSHI = {**settings.LUOSHI, "ASSESSMENT_WEIGHTS": weights}
    errors = assessment_weights_check()
    assert [e.id for e in errors] == ["oversight.E001"] and message in errors[0].msg
    with pytest.raises(ImproperlyConfigured):
        score_parts()


def test_the_documented_table_is_the_definition() -> None:
    rows = re.findall(r"^\| `(\w+)` \| ([^|]+?) \| ([\d.]+) % \| ([^|]+?) \|$", DOC.read_text(encoding="utf-8"), re.M)
    with translation.override("zh-hans"):
        assert rows == [(p.key, str(p.label), f"{p.weight:g}", str(p.how)) for p in all_parts()]


@pytest.fixture
def scored(personas: Personas) -> str:
    today = timezone.localdate()
    for task in (personas.task_a, personas.task_b):
        Task.objects.filter(pk=task.pk).update(start_date=today - timedelta(days=50), deadline=today + timedelta(days=50))
    good = report_create(user=personas.reporter_a, task=personas.task_a, narrative="进展", percent_done=30, submit=True)
    report_accept(user=personas.supervisor, report=good, grade=4)
    weak = report_create(user=personas.reporter_b, task=personas.task_b, narrative="少", percent_done=5, submit=True)
    report_return(user=personas.supervisor, report=weak, comment="太简略")
    period = f"{today:%Y-%m}"
    unit_scores_compute(period_key=period)
    return period


@pytest.mark.django_db
def test_the_points_of_the_records_add_up_to_the_score(personas: Personas, scored: str) -> None:
    for score in UnitScore.objects.filter(period_key=scored):
        trace = unit_score_trace(period_key=scored, unit_id=score.unit_id)
        earned = sum(got for part in trace.parts for _record, got, _best in part.records)
        assert trace.total == score.total
        if score.total is not None:
            assert round(earned, 2) == pytest.approx(score.total, abs=0.01)
            assert sum(part.points for part in trace.parts) == pytest.approx(score.total, abs=0.02)


@pytest.mark.django_db
def test_a_score_recomputed_from_the_same_records_is_identical(personas: Personas, scored: str) -> None:
    before = sorted(UnitScore.objects.filter(period_key=scored).values_list("unit_id", "total", "on_time", "rank"))
    unit_scores_compute(period_key=scored)
    assert sorted(UnitScore.objects.filter(period_key=scored).values_list("unit_id", "total", "on_time",
                                                                          "rank")) == before


@pytest.mark.django_db
def test_the_pages_state_the_formula_and_open_a_score_into_its_records(personas: Personas, scored: str,
                                                                        client: Client) -> None:
    assert client.login(username=personas.supervisor.username, password=PASSWORD)
    ranking = client.get(f"/oversight/assessment/?period={scored}").content.decode()
    assert "docs/assessment.md" not in ranking and "{'on_time'" not in ranking
    assert "总分 = 100 × Σ" in ranking and "25%" in ranking and "逾期任务" in ranking and "按时报送" in ranking
    url = f"/oversight/assessment/{scored}/units/{personas.unit_b.pk}/"
    assert url in ranking
    page = client.get(url).content.decode()
    report = personas.task_b.reports.get()
    assert report.get_absolute_url() in page and "被退回" in page and personas.task_b.get_absolute_url() in page
    # a reporter opens their own unit's score, not another's
    client.logout()
    assert client.login(username=personas.reporter_a.username, password=PASSWORD)
    assert client.get(url).status_code == 404
    assert client.get(f"/oversight/assessment/{scored}/units/{personas.unit_a.pk}/").status_code == 200


@pytest.mark.django_db
def test_the_api_gives_the_formula_and_the_trace(personas: Personas, scored: str) -> None:
    from luoshi.oversight.tests.test_e2e_api import Api

    supervisor, reporter = Api(personas.supervisor), Api(personas.reporter_a)
    formula = supervisor.get("/oversight/assessments/formula").json()
    assert [(p["key"], p["weight"]) for p in formula] == [(p.key, p.weight) for p in all_parts()]
    trace = supervisor.get(f"/oversight/assessments/{scored}/units/{personas.unit_b.pk}").json()
    score = UnitScore.objects.get(period_key=scored, unit=personas.unit_b)
    assert trace["total"] == score.total
    points = sum(r["points"] for part in trace["parts"] for r in part["records"])
    assert points == pytest.approx(score.total or 0, abs=0.01)
    assert reporter.get(f"/oversight/assessments/{scored}/units/{personas.unit_b.pk}").status_code == 404
