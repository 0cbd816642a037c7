"""The demo as of its own date (issue 12, point 7), and the traced scores of all its units (point 4)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings

from luoshi.core.clock import business_today
from luoshi.documents.models import Document
from luoshi.ledger.models import Task
from luoshi.oversight.models import UnitScore
from luoshi.oversight.selectors import tasks_likely_late
from luoshi.oversight.services import unit_score_trace
from luoshi.reports.models import ProgressReport
from luoshi.web.demo.loader import demo_load
from luoshi.web.demo.progress import demo_business_date

pytestmark = pytest.mark.django_db

SEEDS = Path(django_settings.LUOSHI["DEMO_DOCS"])


def test_the_business_date_fits_the_newest_document() -> None:
    assert demo_business_date([Document(issued_on=date(2024, 1, 10)), Document(issued_on=date(2024, 9, 30))]) == \
        date(2024, 10, 31)
    assert demo_business_date([Document(issued_on=date(2024, 12, 5))]) == date(2025, 1, 31)
    assert demo_business_date([Document()]) is None


def test_the_demo_runs_as_of_its_documents_with_their_reported_progress(settings: Any, tmp_path: Path) -> None:
    settings.LUOSHI_BUSINESS_DATE_FILE = tmp_path / "business_date"
    demo_load(SEEDS)
    assert (tmp_path / "business_date").read_text().strip() == "2024-10-31"
    assert business_today() == date(2024, 10, 31)

    # Progress from the press conference's own words, quoted on accepted reports.
    conference = Document.objects.get(kind="press_conference")
    reports = list(ProgressReport.objects.filter(idempotency_key__startswith="demo-progress", status="accepted"))
    assert len(reports) >= 8
    for report in reports:
        quote = report.narrative.split("“", 1)[1].rstrip("”")
        assert quote in conference.text

    # The battle map shows a mix, and every mechanism has something to show.
    lights = Counter(Task.objects.values_list("light", flat=True))
    assert lights["green"] >= 10 and lights["yellow"] >= 1 and lights["red"] >= 10
    assert tasks_likely_late(tasks=Task.objects.all())

    # Issue 12's bar: for every unit of the demo, the traced records' points add up to its score.
    scores = list(UnitScore.objects.filter(period_key="2024-10"))
    assert any(s.total for s in scores) and any(s.on_time is not None for s in scores)
    for score in scores:
        trace = unit_score_trace(period_key="2024-10", unit_id=score.unit_id)
        assert trace.total == score.total
        earned = sum(got for part in trace.parts for _record, got, _best in part.records)
        assert earned == pytest.approx(score.total or 0, abs=0.01)
