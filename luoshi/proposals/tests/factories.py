"""Test data for the proposals app: a congress session, proposers, items, a signed reply letter."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from luoshi.ledger.models import Unit
from luoshi.proposals.choices import Body, ProposerKind
from luoshi.proposals.models import Proposal, Proposer, Session

_numbers = itertools.count(1)
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ASSIGNED_ON = date(2024, 3, 1)  # a Friday; 5 working days later is 2024-03-08


def session_factory(body: str = Body.CONGRESS, name: str = "滨海新区第四届人民代表大会第四次会议",
                    opened_on: date = date(2024, 1, 10)) -> Session:
    session, _created = Session.objects.get_or_create(body=body, name=name,
                                                      defaults={"opened_on": opened_on, "year": opened_on.year})
    return session


def proposer_factory(name: str = "张伟", kind: str = ProposerKind.DEPUTY, group: str = "塘沽代表团") -> Proposer:
    proposer, _created = Proposer.objects.get_or_create(name=name, kind=kind, group=group)
    return proposer


def proposal_factory(session: Session | None = None, **fields: Any) -> Proposal:
    session = session or session_factory()
    fields.setdefault("number", next(_numbers) + 100)
    fields.setdefault("title", f"关于加强社区养老服务的建议{fields['number']}")
    fields.setdefault("lead_proposer", proposer_factory())
    fields.setdefault("kind", session.kind)
    return Proposal.objects.create(session=session, **fields)


def letter(name: str = "答复函.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def assigned(user: Any, hosts: list[Unit], co: list[Unit] | None = None, **fields: Any) -> Proposal:
    """An item assigned by `user` on ASSIGNED_ON."""
    from luoshi.proposals.services import proposal_assign

    return proposal_assign(user=user, proposal=proposal_factory(**fields), hosts=hosts, co_units=co or [],
                           today=ASSIGNED_ON)
