"""The demo as of its own date (issue 12, point 7), and the traced scores of all its units (point 4)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.db.models import Q

from luoshi.briefings.selectors import dashboard_data, drill_task_list
from luoshi.core.clock import business_today
from luoshi.documents.models import Document
from luoshi.ledger.models import Task
from luoshi.oversight.models import UnitScore
from luoshi.oversight.selectors import tasks_likely_late
from luoshi.oversight.services import unit_score_trace
from luoshi.reports.models import ProgressReport
from luoshi.web.demo.loader import demo_load
from luoshi.web.demo.progress import MSG_COMPOSED_PERCENT, _plain, demo_business_date, shared_term

pytestmark = pytest.mark.django_db

SEEDS = Path(django_settings.LUOSHI["DEMO_DOCS"])
MAX_LIGHT_SHARE = 0.92  # no light covers more of the demo's ledger than this


def test_the_business_date_fits_the_newest_document() -> None:
    assert demo_business_date([Document(issued_on=date(2024, 1, 10)), Document(issued_on=date(2024, 9, 30))]) == \
        date(2024, 10, 31)
    assert demo_business_date([Document(issued_on=date(2024, 12, 5))]) == date(2025, 1, 31)
    assert demo_business_date([Document()]) is None


@pytest.mark.parametrize(("clause", "title", "term"), [
    ("诺和诺德落地我国首例生物制品分段生产试点", "加快诺和诺德扩建等项目建设", "诺和诺德"),  # a name
    ("轨道交通“三线一枢纽”加快实施", "提速轨道交通建设", "轨道交通"),
    ("5项雨污分流改造工程加快推进", "加快黄万铁路电气化改造工程建设", ""),  # a kind of work, not a name
    ("特别是在国家管网科学技术研究总院分公司等二级总部集中落户", "促进科学技术普及", ""),  # a common phrase
    ("加快补齐公共服务短板", "提升公共服务水平", ""),  # shared by many tasks
])
def test_a_clause_matches_a_task_by_a_name_they_share(clause: str, title: str, term: str) -> None:
    titles = [_plain(t) for t in (title, "完善公共服务体系", "推进公共服务共建共享", "加快智慧港口平台建设")]
    assert shared_term(clause, titles[0], titles, corpus=clause + title) == term


def test_the_demo_runs_as_of_its_documents_with_their_reported_progress(settings: Any, tmp_path: Path) -> None:
    settings.LUOSHI_BUSINESS_DATE_FILE = tmp_path / "business_date"
    demo_load(SEEDS)
    assert (tmp_path / "business_date").read_text().strip() == "2024-10-31"
    assert business_today() == date(2024, 10, 31)

    # Progress from the documents' own words: each report quotes a sentence of its source
    # document, at the offset its key names, and says that its percent is composed.
    reports = list(ProgressReport.objects.filter(idempotency_key__startswith="demo-progress", status="accepted"))
    kinds: Counter[str] = Counter()
    for report in reports:
        _prefix, _progress, document_pk, offset = report.idempotency_key.split("-")
        document = Document.objects.get(pk=document_pk)
        quote = report.narrative[report.narrative.index(":“") + 2:report.narrative.rindex("”" + MSG_COMPOSED_PERCENT)]
        assert document.text[int(offset):int(offset) + len(quote)] == quote
        assert "示例数据" in report.narrative
        kinds[document.kind] += 1
    # the press conference's named results and the work report's work under way
    assert kinds["press_conference"] >= 3 and kinds["work_report"] >= 3

    # The battle map shows each light, none above its stated share (docs/mechanisms.md): most
    # of the ledger is "no report", because the documents say nothing of most of its tasks.
    lights = Counter(Task.objects.values_list("light", flat=True))
    total = sum(lights.values())
    assert all(lights[light] >= 1 for light in ("green", "yellow", "red", "unreported"))
    assert all(n / total <= MAX_LIGHT_SHARE for n in lights.values())
    # the evaluated lights are what the documents describe: named results green, named work
    # under way yellow, work last reported under way in January red
    assert lights["unreported"] > lights["green"] > lights["red"] > lights["yellow"]
    assert tasks_likely_late(tasks=Task.objects.all())
    # 未报送 is a figure of the battle map that opens exactly its tasks
    supervisor = get_user_model().objects.get(username="supervisor")
    data = dashboard_data(user=supervisor, use_cache=False)
    [kpi] = [k for k in data["kpis"] if k["key"] == "unreported"]
    _filterset, rows = drill_task_list(user=supervisor, filters={**data["filters"], **kpi["filters"]})
    # the map counts a parent by its roll-up (the worst of its open children), as its list does;
    # the headings of a plan (the city's areas) are structure and are not counted
    counted = Task.objects.counted()
    shown = counted.filter(Q(rollup_light="unreported") | Q(rollup_light__isnull=True, light="unreported")).count()
    assert kpi["value"] == rows.count() == shown >= counted.filter(light="unreported").count()

    # Issue 12's bar: for every unit of the demo, the traced records' points add up to its score.
    scores = list(UnitScore.objects.filter(period_key="2024-10"))
    assert any(s.total for s in scores) and any(s.on_time is not None for s in scores)
    for score in scores:
        trace = unit_score_trace(period_key="2024-10", unit_id=score.unit_id)
        assert trace.total == score.total
        earned = sum(got for part in trace.parts for _record, got, _best in part.records)
        assert earned == pytest.approx(score.total or 0, abs=0.01)
