"""Helpers shared by the proposals services: messages tests check, locking, notifications."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _

from luoshi.core.bounds import id_or_none
from luoshi.core.errors import DomainError, NotFound, PermissionDenied
from luoshi.ledger.models import Unit
from luoshi.ledger.permissions import ACTION_MESSAGES, Action
from luoshi.proposals.models import Assignment, Proposal
from luoshi.proposals.permissions import acting_assignment, proposals_visible_to
from luoshi.reports.choices import NotificationKind
from luoshi.reports.services import notify, supervisors, unit_reporters

MSG_NOT_FOUND = _("建议提案不存在或无权查看。")
MSG_UNIT_NOT_FOUND = _("承办单位不存在:%(unit)s。")


def visible_locked(user: Any, proposal: Proposal) -> Proposal:
    """The item locked for update, when `user` may see it; NotFound otherwise."""
    if not proposals_visible_to(user, Proposal.objects.filter(pk=proposal.pk)).exists():
        raise NotFound(MSG_NOT_FOUND)
    return Proposal.objects.select_for_update().select_related("session").get(pk=proposal.pk)


def handling_assignment(user: Any, proposal: Proposal) -> Assignment:
    """The reporter's unit's assignment on a visible item; PermissionDenied when they have none."""
    assignment = acting_assignment(user, proposal)
    if assignment is None:
        raise PermissionDenied(ACTION_MESSAGES[Action.PROPOSAL_HANDLE])
    return assignment


def units_by_id(values: Iterable[Any]) -> list[Unit]:
    """Units from ids or Unit objects, in the order given; DomainError naming the first unknown one."""
    units: list[Unit] = []
    for value in values:
        if isinstance(value, Unit):
            units.append(value)
            continue
        unit_id = id_or_none(value)
        unit = Unit.objects.filter(pk=unit_id).first() if unit_id is not None else None
        if unit is None:
            raise DomainError(MSG_UNIT_NOT_FOUND % {"unit": value}, field="units", code="unit_not_found")
        units.append(unit)
    return units


def tell_units(unit_ids: Iterable[int | None], *, subject: str, body: str = "", url: str = "", key: str = "",
               kind: str = NotificationKind.DEADLINE_REMINDER, deliver_on_commit: bool = True) -> int:
    """An inbox message (and e-mail) to the reporters of some units; returns messages written."""
    recipients: list[Any] = []
    for unit_id in unit_ids:
        recipients.extend(unit_reporters(unit_id))
    return len(notify(recipients=recipients, kind=kind, subject=subject, body=body, url=url, dedupe_key=key,
                      deliver_on_commit=deliver_on_commit))


def tell_supervisors(*, subject: str, body: str = "", url: str = "", key: str = "",
                     kind: str = NotificationKind.ADJUSTMENT_REQUESTED, deliver_on_commit: bool = True) -> int:
    """An inbox message (and e-mail) to every supervisor; returns messages written."""
    return len(notify(recipients=supervisors(), kind=kind, subject=subject, body=body, url=url, dedupe_key=key,
                      deliver_on_commit=deliver_on_commit))
