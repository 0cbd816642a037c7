"""Selectors: figures per session, unit and category; the assessment's selector; public search."""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from luoshi.ledger.tests.factories import Personas, unit_factory
from luoshi.proposals import selectors
from luoshi.proposals.services import CommitmentIn, feedback_record, reply_accept, reply_submit
from luoshi.proposals.tests.factories import assigned, letter, proposal_factory, session_factory


def _world(personas: Personas) -> None:
    """Three items: A replied on time and satisfied; B replied late with a commitment; one not assigned."""
    first = assigned(personas.supervisor, [personas.unit_a], category="民生保障")
    reply = reply_submit(user=personas.reporter_a, proposal=first, text="已解决社区养老问题", classification="A",
                         file=letter(), today=date(2024, 4, 1))
    reply_accept(user=personas.supervisor, reply=reply, is_public=True, today=date(2024, 4, 2))
    first.refresh_from_db()
    feedback_record(user=personas.supervisor, proposal=first, satisfaction="satisfied", today=date(2024, 4, 10))
    second = assigned(personas.supervisor, [personas.unit_b], category="城市建设")
    assert second.reply_due is not None
    late = reply_submit(user=personas.reporter_b, proposal=second, text="列入计划", classification="B", file=letter(),
                        commitments=[CommitmentIn("改造道路", date(2024, 12, 31))], today=date(2024, 7, 1))
    reply_accept(user=personas.supervisor, reply=late, today=date(2024, 7, 2))
    proposal_factory(category="民生保障")


def test_session_figures_count_per_unit_and_category(personas: Personas) -> None:
    _world(personas)
    figures = selectors.session_figures(session=session_factory(), today=date(2024, 7, 3))
    assert (figures.total.received, figures.total.assigned, figures.total.on_time, figures.total.late) == (3, 2, 1, 1)
    assert (figures.total.a, figures.total.b, figures.total.commitments, figures.total.satisfied) == (1, 1, 1, 1)
    units = {row.key: row.figures for row in figures.by_unit}
    assert units[personas.unit_a.pk].on_time == 1 and units[personas.unit_b.pk].late == 1
    categories = {row.key: row.figures for row in figures.by_category}
    assert categories["民生保障"].received == 2


def test_the_assessment_selector_answers_every_unit_asked_in_few_queries(personas: Personas) -> None:
    _world(personas)
    idle = unit_factory()
    with CaptureQueriesContext(connection) as queries:
        answer = selectors.proposal_figures_for_units(2024, [personas.unit_a.pk, personas.unit_b.pk, idle.pk],
                                                      today=date(2024, 7, 3))
    assert len(queries) <= 4
    assert answer[personas.unit_a.pk].score == 100.0
    assert answer[personas.unit_b.pk].figures.late == 1 and answer[personas.unit_b.pk].score is not None
    assert answer[idle.pk].score is None and answer[idle.pk].figures.received == 0
    by_session = selectors.proposal_figures_for_units(session_factory(), [personas.unit_a.pk])
    assert by_session[personas.unit_a.pk].figures.on_time == 1
    assert selectors.proposal_figures_for_units("2023-Q4", [personas.unit_a.pk])[personas.unit_a.pk].figures.received == 0


def test_public_replies_are_searchable_in_chinese(personas: Personas) -> None:
    _world(personas)
    assert [r.text for r in selectors.public_replies(text="养老")] == ["已解决社区养老问题"]
    assert list(selectors.public_replies(text="道路")) == []  # accepted but not public
    assert selectors.public_replies().count() == 1


def test_the_panel_names_units_with_overdue_replies(personas: Personas) -> None:
    item = assigned(personas.supervisor, [personas.unit_a])
    assert item.reply_due is not None
    panel = selectors.proposal_panel(today=date(2025, 1, 1))
    assert panel.total.overdue == 1 and panel.most_overdue[0].key == personas.unit_a.pk


def test_a_reply_awaiting_review_is_not_overdue(personas: Personas) -> None:
    item = assigned(personas.supervisor, [personas.unit_a])
    assert item.reply_due is not None
    reply_submit(user=personas.reporter_a, proposal=item, text="答复", classification="A", file=letter(),
                 today=item.reply_due)
    figures = selectors.session_figures(session=item.session, today=date(2025, 1, 1))
    assert (figures.total.overdue, figures.total.replied) == (0, 0)


def test_the_reminders_are_scheduled_on_the_queue_after_the_tick() -> None:
    from datetime import datetime

    from django.conf import settings
    from huey.contrib.djhuey import HUEY

    from luoshi.proposals import tasks

    minute = (int(settings.LUOSHI["TICK_MINUTE"]) + 5) % 60
    due = {task.name for task in HUEY.read_periodic(datetime(2024, 10, 8, 9, minute))}
    assert any(name.endswith(tasks.scheduled_proposal_reminders.task_class.__name__) for name in due)
