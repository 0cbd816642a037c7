"""proposal_create and session_create: registering items by hand."""

from __future__ import annotations

import pytest

from luoshi.core.errors import DomainError, PermissionDenied
from luoshi.ledger.tests.factories import Personas
from luoshi.proposals.choices import Body, ProposalKind
from luoshi.proposals.models import Proposal
from luoshi.proposals.services import proposal_create, proposer_get_or_create, session_create
from luoshi.proposals.tests.factories import proposer_factory, session_factory


def test_it_registers_an_item_with_the_sessions_kind(personas: Personas) -> None:
    session = session_factory()
    signer = proposer_factory("李娜", group="汉沽代表团")
    item = proposal_create(user=personas.supervisor, session=session, number=123, title="关于优化公交线路的建议",
                           lead_proposer=proposer_factory(), co_signers=[signer], category="城市建设")
    assert item.kind == ProposalKind.SUGGESTION
    assert item.code == "第0123号"
    assert list(item.co_signers.all()) == [signer]
    assert item.history.count() == 1


def test_it_refuses_a_duplicate_number_in_a_session_and_writes_nothing(personas: Personas) -> None:
    session = session_factory()
    proposal_create(user=personas.supervisor, session=session, number=7, title="甲", lead_proposer=proposer_factory())
    with pytest.raises(DomainError) as caught:
        proposal_create(user=personas.supervisor, session=session, number=7, title="乙",
                        lead_proposer=proposer_factory())
    assert caught.value.code == "duplicate_number"
    assert "第0007号" in str(caught.value.message) and "不能重复" in str(caught.value.message)
    assert Proposal.objects.count() == 1


def test_the_same_number_is_free_in_another_session(personas: Personas) -> None:
    congress = session_factory()
    cppcc = session_factory(Body.CPPCC, "政协滨海新区第四届委员会第四次会议")
    proposal_create(user=personas.supervisor, session=congress, number=7, title="甲", lead_proposer=proposer_factory())
    item = proposal_create(user=personas.supervisor, session=cppcc, number=7, title="乙",
                           lead_proposer=proposer_factory("王芳", "member", "经济界"))
    assert item.kind == ProposalKind.PROPOSAL


def test_a_reporter_may_not_register(personas: Personas) -> None:
    with pytest.raises(PermissionDenied):
        proposal_create(user=personas.reporter_a, session=session_factory(), number=1, title="甲",
                        lead_proposer=proposer_factory())
    assert not Proposal.objects.exists()


def test_a_session_needs_a_supervisor(personas: Personas) -> None:
    from datetime import date

    with pytest.raises(PermissionDenied):
        session_create(user=personas.leader, body=Body.CONGRESS, name="某会议", opened_on=date(2024, 1, 10))
    session = session_create(user=personas.supervisor, body=Body.CONGRESS, name="某会议", opened_on=date(2024, 1, 10))
    assert session.year == 2024 and session.kind == ProposalKind.SUGGESTION


def test_a_proposer_needs_a_name() -> None:
    with pytest.raises(DomainError):
        proposer_get_or_create(name=" ", kind="deputy")
