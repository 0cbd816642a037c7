"""reply_accept, reply_return, reply_publish: the supervisor's review; B commitments become tasks."""

from __future__ import annotations

from datetime import date

import pytest

from luoshi.core.errors import DomainError, PermissionDenied
from luoshi.ledger.models import Task
from luoshi.ledger.tests.factories import Personas
from luoshi.proposals.choices import ProposalStatus, ReplyStatus
from luoshi.proposals.services import CommitmentIn, reply_accept, reply_publish, reply_return, reply_submit
from luoshi.proposals.tests.factories import assigned, letter


def test_accepting_a_b_reply_makes_a_ledger_task_led_by_the_host(personas: Personas) -> None:
    item = assigned(personas.supervisor, [personas.unit_a])
    reply = reply_submit(user=personas.reporter_a, proposal=item, text="列入计划", classification="B", file=letter(),
                         commitments=[CommitmentIn("建设 3 处社区食堂", date(2024, 12, 31))], today=date(2024, 5, 6))
    accepted = reply_accept(user=personas.supervisor, reply=reply, is_public=True, today=date(2024, 5, 8))
    commitment = accepted.commitments.get()
    assert commitment.task_id is not None
    task = Task.objects.get(pk=commitment.task_id)
    assert task.lead_unit == personas.unit_a and task.deadline == date(2024, 12, 31)
    assert task.proposal_commitment == commitment
    assert item.code in task.description
    item.refresh_from_db()
    assert item.status == ProposalStatus.ANSWERED
    assert " 社区 " in accepted.search_text or " 食堂 " in accepted.search_text or "列入" in accepted.search_text


def test_split_handling_is_answered_when_every_host_has_an_accepted_reply(personas: Personas) -> None:
    item = assigned(personas.supervisor, [personas.unit_a, personas.unit_b])
    first = reply_submit(user=personas.reporter_a, proposal=item, text="甲答复", classification="A", file=letter())
    reply_accept(user=personas.supervisor, reply=first)
    item.refresh_from_db()
    assert item.status == ProposalStatus.ASSIGNED
    second = reply_submit(user=personas.reporter_b, proposal=item, text="乙答复", classification="C", file=letter())
    reply_accept(user=personas.supervisor, reply=second)
    item.refresh_from_db()
    assert item.status == ProposalStatus.ANSWERED


def test_a_returned_reply_stays_and_the_host_replies_again(personas: Personas) -> None:
    item = assigned(personas.supervisor, [personas.unit_a])
    reply = reply_submit(user=personas.reporter_a, proposal=item, text="答复", classification="C", file=letter())
    with pytest.raises(DomainError) as caught:
        reply_return(user=personas.supervisor, reply=reply, comment=" ")
    assert caught.value.code == "comment_required"
    returned = reply_return(user=personas.supervisor, reply=reply, comment="请补充具体措施")
    assert returned.status == ReplyStatus.RETURNED
    again = reply_submit(user=personas.reporter_a, proposal=item, text="补充后的答复", classification="A",
                         file=letter())
    assert again.pk != reply.pk
    with pytest.raises(DomainError):
        reply_accept(user=personas.supervisor, reply=returned)


def test_only_supervisors_review_and_only_accepted_replies_are_published(personas: Personas) -> None:
    item = assigned(personas.supervisor, [personas.unit_a])
    reply = reply_submit(user=personas.reporter_a, proposal=item, text="答复", classification="A", file=letter())
    with pytest.raises(PermissionDenied):
        reply_accept(user=personas.reporter_a, reply=reply)
    with pytest.raises(DomainError) as caught:
        reply_publish(user=personas.supervisor, reply=reply, is_public=True)
    assert caught.value.code == "not_accepted"
    reply_accept(user=personas.supervisor, reply=reply)
    assert reply_publish(user=personas.supervisor, reply=reply, is_public=True).is_public
