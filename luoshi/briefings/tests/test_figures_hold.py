"""Every number in a generated briefing's text is a figure of its frozen data, and overlapping
categories are never summed (issue 12, point 6)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from luoshi.briefings.models import Briefing
from luoshi.briefings.services import briefing_generate, briefing_number_warnings
from luoshi.briefings.tests.conftest import Ledger
from luoshi.ledger.choices import TaskStatus, TrafficLight
from luoshi.ledger.models import Task
from luoshi.ledger.tests.factories import task_factory

pytestmark = pytest.mark.django_db


def all_text(briefing: Briefing) -> str:
    return "\n".join(f"{s['heading']}\n{s['body']}" for s in briefing.sections)


def assert_numbers_hold(briefing: Briefing) -> None:
    assert len(briefing.sections) >= 2
    assert briefing_number_warnings(briefing) == [], all_text(briefing)


@pytest.mark.parametrize("period", ["2024", "2024-09", "2024-Q3", timezone.localdate().strftime("%Y-%m")])
def test_every_number_of_every_section_over_composed_data_is_a_figure(ledger: Ledger, period: str) -> None:
    assert_numbers_hold(briefing_generate(user=ledger.personas.supervisor, period=period, scope={}))


def test_overdue_and_lagging_tasks_that_overlap_are_counted_once(ledger: Ledger) -> None:
    """"对22项逾期或滞后任务" summed 10 overdue and 12 lagging tasks that overlap (issue 12)."""
    today = timezone.localdate()
    unit = ledger.personas.unit_a
    for i in range(10):  # overdue and red
        task_factory(f"逾期且滞后{i}", lead_unit=unit, status=TaskStatus.IN_PROGRESS, light=TrafficLight.RED,
                     deadline=today - timedelta(days=5 + i))
    for i in range(2):  # red, not yet overdue
        task_factory(f"仅滞后{i}", lead_unit=unit, status=TaskStatus.IN_PROGRESS, light=TrafficLight.RED,
                     deadline=today + timedelta(days=30))
    Task.objects.exclude(title__startswith="逾期且滞后").exclude(title__startswith="仅滞后").update(
        light=TrafficLight.GREEN, deadline=None)
    briefing = briefing_generate(user=ledger.personas.supervisor, period=today.strftime("%Y-%m"), scope={})
    counts = briefing.figures["counts"]
    assert (counts["overdue"], counts["red"], counts["attention"]) == (10, 12, 12)
    text = all_text(briefing)
    assert "10项任务逾期未完成" in text and "12项任务进度滞后" in text and "将对12项逾期或滞后任务" in text
    assert "22" not in text
    assert_numbers_hold(briefing)


def test_every_number_of_every_section_over_the_demo_is_a_figure() -> None:
    from luoshi.web.demo.loader import demo_load

    demo_load(Path(settings.LUOSHI["DEMO_DOCS"]))
    supervisor = get_user_model().objects.get(username="supervisor")
    generated = [briefing_generate(user=supervisor, period=period, scope={})
                 for period in ("2024-09", "2024", timezone.localdate().strftime("%Y-%m"))]
    generated += list(Briefing.objects.exclude(pk__in=[b.pk for b in generated]))  # the demo's own
    for briefing in generated:
        assert_numbers_hold(briefing)
    assert any(b.figures["counts"]["total"] > 100 for b in generated)
    # the demo's sessions of 2024 give the year's briefings their proposals section
    assert "proposals" in [s["key"] for s in generated[1].sections]


def test_every_number_of_the_proposals_section_is_a_figure(ledger: Ledger) -> None:
    from datetime import date

    from luoshi.proposals.services import CommitmentIn, feedback_record, reply_accept, reply_submit
    from luoshi.proposals.tests.factories import assigned, letter

    p = ledger.personas
    first = assigned(p.supervisor, [p.unit_a], category="民生保障")
    reply = reply_submit(user=p.reporter_a, proposal=first, text="已解决", classification="A", file=letter(),
                         today=date(2024, 4, 1))
    reply_accept(user=p.supervisor, reply=reply, today=date(2024, 4, 2))
    first.refresh_from_db()
    feedback_record(user=p.supervisor, proposal=first, satisfaction="unsatisfied", today=date(2024, 4, 10))
    second = assigned(p.supervisor, [p.unit_b])
    late = reply_submit(user=p.reporter_b, proposal=second, text="列入计划", classification="B", file=letter(),
                        commitments=[CommitmentIn("改造道路", date(2024, 12, 31)), CommitmentIn("增设路灯", None)],
                        today=date(2024, 7, 1))
    reply_accept(user=p.supervisor, reply=late, today=date(2024, 7, 2))
    for _i in range(3):
        assigned(p.supervisor, [p.unit_b])  # never answered: overdue by the end of 2024
    briefing = briefing_generate(user=p.supervisor, period="2024", scope={})
    summary = briefing.figures["proposals"]
    assert (summary["received"], summary["replied"], summary["overdue"], summary["commitments"]) == (5, 2, 3, 2)
    section = next(s for s in briefing.sections if s["key"] == "proposals")
    assert "共收到人大代表建议和政协提案5件" in section["body"] and "按期答复率50%" in section["body"]
    assert "尚有3件次逾期未答复，主要在区生态环境局3件" in section["body"]
    assert "评价不满意的，均已重新交办" in section["body"]
    assert_numbers_hold(briefing)
    # the Word and PDF files carry the section and its table
    from docx import Document as WordDocument

    from luoshi.briefings.tests.office import pdf_text

    document = WordDocument(briefing.docx_file.open("rb"))
    assert "建议提案办理情况" in "\n".join(p.text for p in document.paragraphs)
    rows = [[c.text for c in r.cells] for t in document.tables for r in t.rows]
    assert ["4", "按期答复", "1", "50%"] in rows and ["6", "逾期未答复", "3", ""] in rows
    assert "按期答复率50%" in pdf_text(briefing.pdf_file.open("rb").read()).replace("\n", "")
    # a reporter's briefing counts the items their unit hosts; another year has no section
    mine = briefing_generate(user=p.reporter_a, period="2024", scope={})
    assert mine.figures["proposals"]["received"] == 1
    assert_numbers_hold(mine)
    assert "proposals" not in [s["key"] for s in briefing_generate(user=p.supervisor, period="2023",
                                                                      scope={}).sections]
