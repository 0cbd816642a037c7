"""feedback_record: the proposer's evaluation; 不满意 reopens the item with its own deadline."""

from __future__ import annotations

from datetime import date

import pytest

from luoshi.core.errors import DomainError, PermissionDenied
from luoshi.core.workdays import add_working_days
from luoshi.ledger.tests.factories import Personas
from luoshi.proposals.choices import ProposalStatus
from luoshi.proposals.models import Feedback, Proposal
from luoshi.proposals.services import feedback_record, reply_accept, reply_submit
from luoshi.proposals.tests.factories import assigned, letter


def _answered(personas: Personas) -> Proposal:
    item = assigned(personas.supervisor, [personas.unit_a])
    reply = reply_submit(user=personas.reporter_a, proposal=item, text="答复", classification="A", file=letter(),
                         today=date(2024, 5, 6))
    reply_accept(user=personas.supervisor, reply=reply, today=date(2024, 5, 7))
    item.refresh_from_db()
    return item


def test_satisfied_closes_the_item(personas: Personas) -> None:
    item = _answered(personas)
    feedback_record(user=personas.supervisor, proposal=item, satisfaction="satisfied", received_on=date(2024, 5, 20),
                    today=date(2024, 5, 21))
    item.refresh_from_db()
    assert item.status == ProposalStatus.CLOSED and item.satisfaction == "satisfied"


def test_unsatisfied_reopens_with_its_own_deadline_and_a_new_reply_is_possible(personas: Personas) -> None:
    item = _answered(personas)
    feedback_record(user=personas.supervisor, proposal=item, satisfaction="unsatisfied",
                    received_on=date(2024, 5, 20), note="措施不够具体", today=date(2024, 5, 21))
    item.refresh_from_db()
    assert item.status == ProposalStatus.REOPENED and item.round == 2
    assert item.reply_due == add_working_days(date(2024, 5, 20), 20)
    again = reply_submit(user=personas.reporter_a, proposal=item, text="重新答复", classification="A", file=letter(),
                         today=date(2024, 6, 3))
    assert again.round == 2 and again.due_date == item.reply_due


def test_feedback_on_an_item_not_yet_answered_is_refused_and_nothing_written(personas: Personas) -> None:
    item = assigned(personas.supervisor, [personas.unit_a])
    with pytest.raises(DomainError) as caught:
        feedback_record(user=personas.supervisor, proposal=item, satisfaction="satisfied")
    assert caught.value.code == "not_answered" and "尚未答复" in str(caught.value.message)
    item.refresh_from_db()
    assert item.status == ProposalStatus.ASSIGNED and item.satisfaction == ""
    assert not Feedback.objects.exists()


def test_an_unknown_evaluation_and_a_reporter_are_refused(personas: Personas) -> None:
    item = _answered(personas)
    with pytest.raises(DomainError) as caught:
        feedback_record(user=personas.supervisor, proposal=item, satisfaction="so-so")
    assert caught.value.code == "satisfaction_invalid"
    with pytest.raises(PermissionDenied):
        feedback_record(user=personas.reporter_a, proposal=item, satisfaction="satisfied")
    assert not Feedback.objects.exists()
