"""Who may see and handle suggestions and proposals: thin names over luoshi.ledger.permissions
(Action.PROPOSAL_VIEW / PROPOSAL_MANAGE / PROPOSAL_HANDLE), the one place where the rules live.

* Supervisors, admins and leaders read every item; a unit reporter reads the items their unit
  hosts or co-handles (an item not visible answers 404, as if it did not exist).
* Supervisors and admins register, import, assign, decide reassignment, review replies and
  enter the proposers' evaluation. Leaders read only.
* A unit reporter handles their unit's part: contact log, co-handler's opinion, reply,
  reassignment request.
"""

from __future__ import annotations

from django.db.models import QuerySet

from luoshi.core.types import UserLike
from luoshi.ledger.permissions import Action, can, reads_everything, unit_id_of
from luoshi.proposals.models import Assignment, Proposal


def proposals_visible_to(user: UserLike, queryset: QuerySet[Proposal] | None = None) -> QuerySet[Proposal]:
    """Items `user` may see: all for readers; a reporter's unit's (host or co-handler); none otherwise."""
    items = queryset if queryset is not None else Proposal.objects.all()
    if not can(user, Action.PROPOSAL_VIEW):
        return items.none()
    if reads_everything(user):
        return items
    unit_id = unit_id_of(user)
    if unit_id is None:
        return items.none()
    return items.filter(pk__in=Assignment.objects.filter(unit_id=unit_id).values("proposal_id"))


def can_manage(user: UserLike) -> bool:
    return can(user, Action.PROPOSAL_MANAGE)


def acting_assignment(user: UserLike, proposal: Proposal) -> Assignment | None:
    """The assignment through which a reporter acts on `proposal` (their unit's), or None."""
    unit_id = unit_id_of(user)
    if unit_id is None or not can(user, Action.PROPOSAL_HANDLE, unit_id):
        return None
    return Assignment.objects.filter(proposal=proposal, unit_id=unit_id).select_related("unit").first()
