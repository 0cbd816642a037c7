"""reply_submit: the host's reply with classification, signed letter and B commitments."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.storage import default_storage

from luoshi.core.errors import DomainError, NotFound
from luoshi.ledger.tests.factories import Personas
from luoshi.proposals.choices import ReplyStatus
from luoshi.proposals.models import Commitment, Reply
from luoshi.proposals.services import CommitmentIn, reply_submit
from luoshi.proposals.tests.factories import assigned, letter


def test_the_host_submits_a_b_reply_with_commitments(personas: Personas) -> None:
    item = assigned(personas.supervisor, [personas.unit_a])
    reply = reply_submit(user=personas.reporter_a, proposal=item, text="已列入年度计划", classification="B",
                         file=letter(), commitments=[CommitmentIn("建设 3 处社区食堂", date(2024, 12, 31))],
                         today=date(2024, 5, 6))
    assert reply.status == ReplyStatus.SUBMITTED and reply.due_date == item.reply_due and reply.on_time
    assert reply.file_content_type == "application/pdf" and default_storage.exists(reply.file)
    assert Commitment.objects.get().task is None  # tasks are made when the reply is accepted


def test_a_reply_without_a_classification_is_refused_and_nothing_written(personas: Personas) -> None:
    item = assigned(personas.supervisor, [personas.unit_a])
    with pytest.raises(DomainError) as caught:
        reply_submit(user=personas.reporter_a, proposal=item, text="答复", classification="", file=letter())
    assert caught.value.code == "classification_required"
    assert "A、B 或 C" in str(caught.value.message)
    assert not Reply.objects.exists()


@pytest.mark.parametrize(("classification", "commitments", "code"), [
    ("B", [], "commitment_required"), ("B", [CommitmentIn("某事", date(2024, 1, 1))], "commitment_due_past"), ("A", [CommitmentIn("某事")], "commitment_only_b"), ("D", [], "classification_required"),
])
def test_commitments_belong_to_b_replies(personas: Personas, classification: str, commitments: list[CommitmentIn],
                                         code: str) -> None:
    item = assigned(personas.supervisor, [personas.unit_a])
    with pytest.raises(DomainError) as caught:
        reply_submit(user=personas.reporter_a, proposal=item, text="答复", classification=classification,
                     file=letter(), commitments=commitments)
    assert caught.value.code == code
    assert not Reply.objects.exists() and not Commitment.objects.exists()


def test_a_letter_whose_content_is_not_a_pdf_is_refused(personas: Personas, tmp_path: object) -> None:
    item = assigned(personas.supervisor, [personas.unit_a])
    with pytest.raises(DomainError) as caught:
        reply_submit(user=personas.reporter_a, proposal=item, text="答复", classification="A",
                     file=letter("答复函.pdf", b"<html><script>alert(1)</script></html>"))
    assert caught.value.code == "evidence_content"
    assert not Reply.objects.exists()


def test_a_letter_is_required(personas: Personas) -> None:
    item = assigned(personas.supervisor, [personas.unit_a])
    with pytest.raises(DomainError) as caught:
        reply_submit(user=personas.reporter_a, proposal=item, text="答复", classification="A", file=None)
    assert caught.value.code == "file_required"


def test_co_units_and_other_units_do_not_reply(personas: Personas) -> None:
    item = assigned(personas.supervisor, [personas.unit_a], [personas.unit_b])
    with pytest.raises(DomainError) as caught:
        reply_submit(user=personas.reporter_b, proposal=item, text="答复", classification="A", file=letter())
    assert caught.value.code == "not_host_unit"
    alone = assigned(personas.supervisor, [personas.unit_a])
    with pytest.raises(NotFound):
        reply_submit(user=personas.reporter_b, proposal=alone, text="答复", classification="A", file=letter())


def test_a_second_live_reply_is_refused(personas: Personas) -> None:
    item = assigned(personas.supervisor, [personas.unit_a])
    reply_submit(user=personas.reporter_a, proposal=item, text="答复", classification="A", file=letter())
    with pytest.raises(DomainError) as caught:
        reply_submit(user=personas.reporter_a, proposal=item, text="再答复", classification="A", file=letter())
    assert caught.value.code == "reply_exists"
    assert Reply.objects.count() == 1
