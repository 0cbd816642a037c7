"""Registering sessions, proposers and items (登记), by hand; the bulk import is in imports.py."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from luoshi.core.errors import DomainError
from luoshi.core.history import records_history
from luoshi.ledger.models import Person
from luoshi.ledger.permissions import Action, require
from luoshi.proposals.choices import ProposerKind
from luoshi.proposals.models import Proposal, Proposer, Session

MSG_DUPLICATE_NUMBER = _("%(session)s已有%(kind)s%(code)s,编号不能重复。")
MSG_TITLE_REQUIRED = _("请填写标题。")
MSG_PROPOSER_REQUIRED = _("请填写领衔人。")
MSG_NUMBER_INVALID = _("编号应为正整数(如 123 或 第0123号)。")


def duplicate_number_message(session: Session, kind: str, number: int) -> str:
    """The readable refusal of a number already taken in the session."""
    probe = Proposal(number=number)
    label = dict(Proposal._meta.get_field("kind").choices or []).get(kind, kind)
    return str(MSG_DUPLICATE_NUMBER % {"session": session.name, "kind": label, "code": probe.code})


@records_history
@transaction.atomic
def session_create(*, user: Any, body: str, name: str, opened_on: date, year: int | None = None) -> Session:
    """Register a congress or CPPCC session (a supervisor). Raises PermissionDenied, ValidationError."""
    require(user, Action.PROPOSAL_MANAGE)
    session = Session(body=body, name=(name or "").strip(), opened_on=opened_on, year=year or opened_on.year)
    session.full_clean()
    session.save()
    return session


def proposer_get_or_create(*, name: str, kind: str, group: str = "") -> Proposer:
    """The proposer with this name, kind and delegation/sector, created when new."""
    name = (name or "").strip()
    if not name:
        raise DomainError(MSG_PROPOSER_REQUIRED, field="lead_proposer", code="proposer_required")
    proposer, _created = Proposer.objects.get_or_create(kind=ProposerKind(kind), name=name[:100],
                                                        group=(group or "").strip()[:100])
    return proposer


@records_history
@transaction.atomic
def proposal_create(*, user: Any, session: Session, number: int, title: str, lead_proposer: Proposer,
                    content: str = "", co_signers: Iterable[Proposer] = (), category: str = "",
                    is_key: bool = False, leading_leader: Person | None = None, is_demo: bool = False) -> Proposal:
    """Register one item of `session` (a supervisor). Its kind follows the session (建议 for the
    congress, 提案 for the CPPCC). Raises PermissionDenied; DomainError for a number already taken
    in the session (code duplicate_number), a missing title; ValidationError for other fields.
    """
    require(user, Action.PROPOSAL_MANAGE)
    if not (title or "").strip():
        raise DomainError(MSG_TITLE_REQUIRED, field="title", code="title_required")
    if not isinstance(number, int) or number <= 0:
        raise DomainError(MSG_NUMBER_INVALID, field="number", code="number_invalid")
    kind = session.kind
    if Proposal.objects.filter(session=session, kind=kind, number=number).exists():
        raise DomainError(duplicate_number_message(session, kind, number), field="number", code="duplicate_number")
    proposal = Proposal(session=session, kind=kind, number=number, title=title.strip()[:300], content=content or "",
                        lead_proposer=lead_proposer, category=(category or "").strip()[:100], is_key=is_key,
                        leading_leader=leading_leader if is_key else None, is_demo=is_demo)
    proposal.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            proposal.save()
    except IntegrityError as exc:  # another office clerk registered the same number meanwhile
        raise DomainError(duplicate_number_message(session, kind, number), field="number",
                          code="duplicate_number") from exc
    signers = [s for s in co_signers if s.pk != lead_proposer.pk]
    if signers:
        proposal.co_signers.set(signers)
    return proposal
